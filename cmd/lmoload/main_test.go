package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestParseTargets(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:8080", "http://localhost:1/", "http://[::1]:80", "http://127.0.0.2:9,http://127.0.0.1:10"} {
		if _, err := parseTargets(ok, true); err != nil {
			t.Errorf("parseTargets(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", "http://10.0.0.1:8080", "http://example.org", "ftp://127.0.0.1", "127.0.0.1:8080", "http://127.0.0.1:8080/?q=1"} {
		if _, err := parseTargets(bad, true); err == nil {
			t.Errorf("parseTargets(%q) accepted it", bad)
		}
	}
	if _, err := parseTargets("http://10.0.0.1:8080", false); err != nil {
		t.Errorf("-loopback-only=false: %v", err)
	}
	got, _ := parseTargets(" http://127.0.0.1:1/ ,http://127.0.0.1:2", true)
	if strings.Join(got, " ") != "http://127.0.0.1:1 http://127.0.0.1:2" {
		t.Errorf("targets %q", got)
	}
}

func TestParseFlagsBounds(t *testing.T) {
	for _, args := range [][]string{
		{"-duration", "11m"}, {"-duration", "0s"}, {"-concurrency", "0"}, {"-warmup", "-1s"},
		{"-mix", "home=0"}, {"-mix", "nope=1"}, {"-mix", "home=x"}, {"-targets", "http://192.0.2.1"}, {"stray"},
	} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("parseFlags(%q) accepted it", args)
		}
	}
	c, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.duration != 20*time.Second || c.warmup != 2*time.Second || c.concurrency != 16 || !c.loopbackOnly {
		t.Errorf("defaults %+v", c)
	}
	total := 0
	for _, w := range c.mix {
		total += w
	}
	if total != 100 {
		t.Errorf("the default mix adds up to %d, not 100", total)
	}
}

func TestPercentile(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	l := summariseLatency(ds)
	if l.P50 != 50 || l.P90 != 90 || l.P99 != 99 || l.Max != 100 || l.Mean != 50.5 {
		t.Errorf("latency %+v", l)
	}
	if l := summariseLatency([]time.Duration{3 * time.Millisecond}); l.P50 != 3 || l.P99 != 3 {
		t.Errorf("one sample: %+v", l)
	}
}

func testCorpus() *corpus {
	return &corpus{
		slugs: []string{"a", "b", "c"}, ids: []int64{1, 2, 3}, countries: []string{"PH", "QA"},
		facets:    map[string][]string{"region": {"asia-pacific", "arab-states"}, "theme": {"wage-protection"}},
		facetKeys: []string{"region", "theme"},
		cond:      []condPath{{"/", `"x"`}},
	}
}

// The sequence is a function of the seed and the index only, and every kind
// in the mix comes up with about its weight.
func TestGenerateDeterministic(t *testing.T) {
	mix, _ := parseMix(defaultMix)
	var cum []int
	sum := 0
	for _, w := range mix {
		sum += w
		cum = append(cum, sum)
	}
	c := testCorpus()
	counts := make([]int, len(kinds))
	for i := range uint64(20000) {
		a, b := generate(7, i, cum, 3, c), generate(7, i, cum, 3, c)
		if a != b {
			t.Fatalf("request %d: %+v then %+v", i, a, b)
		}
		if a.target != int(i%3) {
			t.Fatalf("request %d went to target %d", i, a.target)
		}
		if !strings.HasPrefix(a.path, "/") || (kinds[a.kind] == "conditional") != (a.etag != "") {
			t.Fatalf("request %+v", a)
		}
		counts[a.kind]++
	}
	for k, w := range mix {
		if got, want := float64(counts[k])/20000, float64(w)/100; got < want*0.8 || got > want*1.2 {
			t.Errorf("%s: share %.3f, weight %.3f", kinds[k], got, want)
		}
	}
	if generate(7, 5, cum, 1, c) == generate(8, 5, cum, 1, c) && generate(7, 6, cum, 1, c) == generate(8, 6, cum, 1, c) {
		t.Error("the seed changes nothing")
	}
}

// fakeLMO answers like a small LMO node: /healthz, the practice list, pages
// with ETags and conditional requests, and a 500 for /countries/QA.
func fakeLMO(t *testing.T, hits *atomic.Int64) *httptest.Server {
	list := map[string]any{
		"items": []map[string]any{
			{"id": 1, "slug": "a", "countries": []map[string]string{{"code": "PH"}}},
			{"id": 2, "slug": "b", "countries": []map[string]string{{"code": "QA"}}},
		},
		"facets": map[string]any{"region": []map[string]any{{"value": "asia-pacific", "count": 1}}},
	}
	body, _ := json.Marshal(list)
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch {
		case r.URL.Path == "/healthz":
			return
		case r.URL.Path == "/countries/QA":
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		case r.URL.Path == "/api/v1/practices" && r.URL.Query().Get("per_page") == "100" && len(r.URL.Query()) == 1:
			w.Write(body)
			return
		}
		etag := fmt.Sprintf("%q", r.URL.String())
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprintln(w, "page", r.URL)
	}))
}

func TestRunAgainstFake(t *testing.T) {
	var hits1, hits2 atomic.Int64
	s1, s2 := fakeLMO(t, &hits1), fakeLMO(t, &hits2)
	defer s1.Close()
	defer s2.Close()
	var stdout, stderr bytes.Buffer
	code, err := run(context.Background(), []string{"-targets", s1.URL + "," + s2.URL, "-duration", "300ms", "-warmup", "50ms",
		"-concurrency", "4", "-json", "-fail-on-error"}, &stdout, &stderr)
	if code != 1 || err == nil {
		t.Errorf("-fail-on-error with 500s: exit %d, %v", code, err)
	}
	var rep report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("%v\n%s", err, stdout.String())
	}
	if rep.TotalRequests == 0 || rep.Throughput <= 0 || rep.Latency.P50 <= 0 {
		t.Errorf("report %+v", rep)
	}
	if rep.Errors.HTTP5xx == 0 || rep.Errors.Total != rep.Errors.HTTP5xx+rep.Errors.Transport || len(rep.Errors.Messages) == 0 {
		t.Errorf("errors %+v", rep.Errors)
	}
	if rep.ByKind["conditional"].Statuses["304"] == 0 || rep.ByKind["conditional"].Unexpected != 0 {
		t.Errorf("conditional %+v", rep.ByKind["conditional"])
	}
	if rep.ByKind["country"].Errors == 0 {
		t.Errorf("country %+v", rep.ByKind["country"])
	}
	n1, n2 := rep.PerTarget[s1.URL].Requests, rep.PerTarget[s2.URL].Requests
	if n1+n2 != rep.TotalRequests || n1-n2 > 4 || n2-n1 > 4 {
		t.Errorf("per target %d and %d of %d", n1, n2, rep.TotalRequests)
	}
	sum := 0
	for _, n := range rep.StatusCounts {
		sum += n
	}
	if sum != rep.TotalRequests {
		t.Errorf("status counts %v add up to %d, not %d", rep.StatusCounts, sum, rep.TotalRequests)
	}
	for _, want := range []string{"throughput", "p99", "conditional", s2.URL, "errors:"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, stderr.String())
		}
	}
	if hits1.Load() == 0 || hits2.Load() == 0 {
		t.Error("a target got nothing")
	}
}

// TestFixedPathAlone: with only the kind fixed, lmoload measures any HTTP
// server (no discovery) and counts its 200s as expected.
func TestFixedPathAlone(t *testing.T) {
	var hits atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hello" {
			hits.Add(1)
		}
		fmt.Fprint(w, "Hello, world!")
	}))
	defer ts.Close()
	var out, errOut bytes.Buffer
	code, err := run(context.Background(), []string{"-targets", ts.URL, "-mix", "fixed=1", "-path", "/hello",
		"-duration", "300ms", "-warmup", "0s", "-concurrency", "2", "-json"}, &out, &errOut)
	if err != nil || code != 0 {
		t.Fatalf("%d %v\n%s", code, err, errOut.String())
	}
	var rep struct {
		TotalRequests int `json:"total_requests"`
		Unexpected    int `json:"unexpected"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || rep.TotalRequests == 0 || rep.Unexpected != 0 || hits.Load() == 0 {
		t.Errorf("report %+v, %d hits: %v", rep, hits.Load(), err)
	}
	if _, err := run(context.Background(), []string{"-targets", ts.URL, "-mix", "fixed=1"}, &out, &errOut); err == nil {
		t.Error("fixed without -path was accepted")
	}
}
