// Command lmoprobe sends hostile requests to a running observatory and
// reports how it answered: every route with NUL, invalid UTF-8, over-long
// values, huge facet selections, markup and formula payloads, path tricks,
// unexpected methods, cross-origin writes, bad validators and oversized
// bodies. It counts statuses, transport errors and server errors (any 5xx
// other than a 503 with Retry-After), finds payloads reflected unescaped in
// HTML, and reports the largest and slowest answers.
//
//	lmoprobe -target http://127.0.0.1:8080
//
// The requests are a fixed list built from the templates below, so two runs
// against the same data send the same requests. It exits 1 when any request
// got a server error or a reflected payload.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// pathTemplates are the routes with a path value, {v} standing for it.
var pathTemplates = []string{
	"/practices/{v}", "/practices/{v}/cite.bib", "/practices/{v}/cite.ris", "/countries/{v}",
	"/api/v1/practices/{v}", "/static/{v}/site.css", "/static/x/{v}",
}

// listPaths are the routes that take list parameters.
var listPaths = []string{"/practices", "/practices.csv", "/practices.json", "/practices.xlsx", "/practices/feed.atom", "/api/v1/practices"}

// listParams are the query parameters the lists read.
var listParams = []string{"q", "region", "country", "theme", "gcm", "target", "stage", "orgtype", "status",
	"year_from", "year_to", "page", "per_page", "sort", "changed_since"}

// plainPaths are the routes without values, asked with odd methods and
// headers.
var plainPaths = []string{"/", "/practices", "/countries", "/about", "/api/v1/vocabularies", "/api/v1/countries",
	"/api/v1/regions", "/api/v1/openapi.json", "/healthz", "/favicon.ico", "/no/such/page", "/api/v1/no-such"}

// markup is reflected-XSS bait: it must never come back unescaped in HTML.
const markup = `<script>alert(1)</script>`

// values are the hostile values, already escaped for a URL.
func values() []string {
	many := make([]string, 2000)
	for i := range many {
		many[i] = fmt.Sprintf("v%d", i)
	}
	return []string{
		"%00", "a%00b", "%FF", "%C3%28", "%ED%A0%80", "%F4%90%80%80", "%01%02%1B", "%0D%0ASet-Cookie:%20x=1",
		strings.Repeat("x", 10000), strings.Repeat("%C3%A9", 5000),
		strings.Join(many, ","), strings.Join(many[:300], ","),
		"%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
		"'%20OR%201=1%20--", "%3Dcmd%7C'%20%2FC%20calc'!A0", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2f",
		"99999999999999999999", "-1", "0", "1e9", "%E2%80%AEevil", "%F0%9F%98%80", "%25", "ph", "PH",
	}
}

// probe is one request to send.
type probe struct {
	method, path string
	header       http.Header
	body         []byte
}

// probes builds the fixed list.
func probes() []probe {
	var out []probe
	get := func(path string) probe { return probe{method: http.MethodGet, path: path} }
	for _, v := range values() {
		for _, t := range pathTemplates {
			out = append(out, get(strings.ReplaceAll(t, "{v}", v)))
		}
		for _, p := range listPaths {
			for _, name := range listParams {
				out = append(out, get(p+"?"+name+"="+v))
			}
		}
	}
	big := bytes.Repeat([]byte("x"), 2<<20)
	for _, p := range plainPaths {
		for _, m := range []string{http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions, "TRACE", "BREW"} {
			out = append(out, probe{method: m, path: p, body: []byte(`{"title":"x"}`)})
		}
		out = append(out,
			probe{method: http.MethodPost, path: p, body: big},
			probe{method: http.MethodPost, path: p, header: http.Header{"Origin": {"https://evil.example"}, "Sec-Fetch-Site": {"cross-site"}}},
			probe{method: http.MethodGet, path: p, header: http.Header{"If-None-Match": {strings.Repeat(`"x",`, 2000)}}},
			probe{method: http.MethodGet, path: p, header: http.Header{"Range": {"bytes=999999999-"}}},
			probe{method: http.MethodGet, path: p, header: http.Header{"If-Match": {`"nope"`}}},
			probe{method: http.MethodGet, path: p, header: http.Header{"Accept-Language": {strings.Repeat("x-", 5000)}}},
		)
	}
	return out
}

// result is what one probe got.
type result struct {
	probe     probe
	status    int
	err       error
	size      int
	elapsed   time.Duration
	reflected bool
	retry     string
}

func main() {
	target := flag.String("target", "http://127.0.0.1:8080", "the observatory to probe")
	concurrency := flag.Int("c", 8, "requests in flight")
	timeout := flag.Duration("timeout", 30*time.Second, "per request")
	flag.Parse()
	if err := run(*target, *concurrency, *timeout, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "lmoprobe:", err)
		os.Exit(1)
	}
}

func run(target string, concurrency int, timeout time.Duration, w io.Writer) error {
	ps := probes()
	results := make([]result, len(ps))
	client := &http.Client{Timeout: timeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var wg sync.WaitGroup
	next := make(chan int)
	for range concurrency {
		wg.Go(func() {
			for i := range next {
				results[i] = send(client, target, ps[i])
			}
		})
	}
	start := time.Now()
	for i := range ps {
		next <- i
	}
	close(next)
	wg.Wait()
	return report(w, results, time.Since(start))
}

func send(client *http.Client, target string, p probe) result {
	res := result{probe: p}
	req, err := http.NewRequestWithContext(context.Background(), p.method, target+p.path, bytes.NewReader(p.body))
	if err != nil {
		res.err = err
		return res
	}
	for k, v := range p.header {
		req.Header[k] = v
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		res.err, res.elapsed = err, time.Since(start)
		return res
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	res.status, res.size, res.elapsed, res.err = resp.StatusCode, len(body), time.Since(start), err
	res.retry = resp.Header.Get("Retry-After")
	html := strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html")
	res.reflected = html && bytes.Contains(body, []byte(markup))
	return res
}

// serverError reports whether r is a fault of the server: a 5xx other than
// a 503 that says when to come back.
func (r result) serverError() bool {
	return r.status >= 500 && !(r.status == http.StatusServiceUnavailable && r.retry != "")
}

func report(w io.Writer, results []result, took time.Duration) error {
	statuses := map[int]int{}
	var bad []string
	var transport, serverErrors, reflected int
	var largest, slowest result
	for _, r := range results {
		statuses[r.status]++
		switch {
		case r.err != nil:
			transport++
			bad = append(bad, fmt.Sprintf("transport %s %.80s: %v", r.probe.method, r.probe.path, r.err))
		case r.serverError():
			serverErrors++
			bad = append(bad, fmt.Sprintf("%d %s %.80s", r.status, r.probe.method, r.probe.path))
		}
		if r.reflected {
			reflected++
			bad = append(bad, fmt.Sprintf("reflected markup: %s %.80s", r.probe.method, r.probe.path))
		}
		if r.size > largest.size {
			largest = r
		}
		if r.elapsed > slowest.elapsed {
			slowest = r
		}
	}
	codes := make([]int, 0, len(statuses))
	for c := range statuses {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	fmt.Fprintf(w, "lmoprobe: %d hostile requests in %v\n", len(results), took.Round(time.Millisecond))
	for _, c := range codes {
		fmt.Fprintf(w, "  status %3d: %d\n", c, statuses[c])
	}
	fmt.Fprintf(w, "  server errors: %d, transport errors: %d, reflected markup: %d\n", serverErrors, transport, reflected)
	fmt.Fprintf(w, "  largest answer: %d bytes (%s %.80s)\n", largest.size, largest.probe.method, largest.probe.path)
	fmt.Fprintf(w, "  slowest answer: %v (%s %.80s)\n", slowest.elapsed.Round(time.Millisecond), slowest.probe.method, slowest.probe.path)
	for i, b := range bad {
		if i == 20 {
			fmt.Fprintf(w, "  ... and %d more\n", len(bad)-20)
			break
		}
		fmt.Fprintln(w, "  "+b)
	}
	if serverErrors+transport+reflected > 0 {
		return fmt.Errorf("%d server errors, %d transport errors, %d reflected payloads", serverErrors, transport, reflected)
	}
	return nil
}
