// Command lmohello is the ceiling of scripts/speed.sh: the smallest Go HTTP
// server, answering every request with a few bytes, run on the same machine
// in the same run as lmo, so that lmo's throughput reads as a share of what
// net/http itself does there.
package main

import (
	"flag"
	"log"
	"net/http"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8097", "listen address")
	flag.Parse()
	body := []byte("Hello, world!\n")
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write(body)
	})))
}
