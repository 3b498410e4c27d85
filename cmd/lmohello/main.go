// Command lmohello is the ceiling of scripts/speed.sh: the smallest Go HTTP
// server, answering every request with a few bytes, run on the same machine
// in the same run as lmo, so that lmo's throughput reads as a share of what
// net/http itself does there.
//
// With -mirror URL it first fetches URL once (as a browser would, accepting
// gzip) and then answers every request with exactly those bytes and their
// Content-Type and Content-Encoding: the ceiling for an answer of that
// size, which separates what moving a page's bytes costs (the server's
// writes, the client's reads and inflating) from what lmo adds to it.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8097", "listen address")
	mirror := flag.String("mirror", "", "answer with the body of this URL, fetched once, instead of a greeting")
	flag.Parse()
	body, header := []byte("Hello, world!\n"), http.Header{"Content-Type": {"text/plain; charset=utf-8"}}
	if *mirror != "" {
		var err error
		if body, header, err = fetch(*mirror); err != nil {
			log.Fatal(err)
		}
	}
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range header {
			w.Header()[k] = v
		}
		_, _ = w.Write(body)
	})))
}

// fetch reads url's body as sent (gzip not inflated) and the headers that
// describe it.
func fetch(url string) ([]byte, http.Header, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("%s: %s", url, resp.Status)
	}
	body, err := io.ReadAll(resp.Body)
	header := http.Header{}
	for _, k := range []string{"Content-Type", "Content-Encoding"} {
		if v := resp.Header.Get(k); v != "" {
			header.Set(k, v)
		}
	}
	return body, header, err
}
