// Command lmoload is an HTTP load generator for the observatory. It sends a
// fixed, seeded mix of the requests real visitors and API clients make to
// one or more running app nodes and reports throughput, latency percentiles
// (overall, per request kind and per target), statuses and errors.
//
//	lmoload -targets http://127.0.0.1:8080,http://127.0.0.1:8081 -duration 20s
//
// Requests go round-robin across the targets, standing in for a load
// balancer in front of several app nodes. Request number i is a pure
// function of (seed, i), so two runs with the same seed and data send the
// same sequence whatever the concurrency.
//
// At start lmoload checks that every target answers /healthz, discovers
// practices (slugs, ids), countries and facet values from the first target's
// GET /api/v1/practices?per_page=100, and fetches the ETags of the pages it
// will revalidate. Then it runs a warm-up (sent, not counted) and the
// measured period. A request is counted when it started inside the measured
// period; requests in flight at the end are allowed to finish.
//
// Errors are transport errors (connection refused, reset, timeout) and any
// 5xx answer. Latencies are those of the answers: requests that failed in
// transport are counted but not timed. A response that is neither an error nor what the kind expects
// (200 for most kinds, 304 for conditional GETs) is counted as unexpected.
//
// The default mix (-mix, weights per 100 requests) aims at a realistic
// public site with an API:
//
//	home=8          GET /
//	search=14       GET /practices?q=... words, operators (OR, -exclude, prefix*),
//	                accents and other languages, one zero-hit query
//	phrase=6        GET /practices?q="..." quoted phrases
//	facets=10       GET /practices with 1-3 facets (OR within a facet sometimes)
//	combo=8         GET /practices with words + facets + year range, sort, page 2
//	practice=20     GET /practices/{slug}
//	country=8       GET /countries/{code}
//	api-list=8      GET /api/v1/practices with per_page, page, q and facets
//	api-practice=6  GET /api/v1/practices/{id}
//	csv=2           GET /practices.csv, filtered or whole
//	conditional=10  GET of a page or API document with If-None-Match: the
//	                ETag a previous answer gave (expected 304)
//	fixed=0         GET of -path, again and again; alone in the mix it needs
//	                no discovery, so it can measure any server (the ceiling)
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"
)

// Bounds on the flags: the tool is for short runs on a developer's machine.
const (
	maxDuration    = 10 * time.Minute
	maxWarmup      = 2 * time.Minute
	maxConcurrency = 1024
	maxTargets     = 64
)

// defaultMix is the request mix documented in the package comment.
const defaultMix = "home=8,search=14,phrase=6,facets=10,combo=8,practice=20,country=8,api-list=8,api-practice=6,csv=2,conditional=10"

// kinds lists every request kind in report order.
var kinds = []string{"home", "search", "phrase", "facets", "combo", "practice", "country", "api-list", "api-practice", "csv", "conditional", "fixed"}

// The fixed query vocabulary. Words cover plain words, the query language's
// operators, accent folding, French and Spanish, and a query that finds nothing.
var (
	searchWords = []string{
		"domestic workers", "recruitment", "wage", "social security", "pension OR portability",
		"regulari*", "skills", "seasonal", "return", "Peru", "Perú", "agriculture", "kafala",
		"bilateral", "remittances", "women", "trafficking", "information", "domestic workers -Qatar",
		"fees", "insurance", "integration", "travailleurs", "trabajadores migrantes", "visa",
		"complaints", "minimum wage", "xylophonequartz",
	}
	searchPhrases = []string{
		`"wage protection"`, `"domestic workers"`, `"social security"`, `"fair recruitment"`,
		`"labour migration"`, `"migrant workers"`, `"skills recognition"`, `"bilateral labour agreement"`,
		`"recruitment fees"`, `"return and reintegration"`,
	}
	sorts = []string{"newest", "title"}
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code, err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "lmoload:", err)
	}
	os.Exit(code)
}

// config is the parsed command line.
type config struct {
	targets      []string
	duration     time.Duration
	warmup       time.Duration
	concurrency  int
	timeout      time.Duration
	mix          []int // weight per kind, indexed like kinds
	seed         uint64
	loopbackOnly bool
	jsonOut      bool
	failOnError  bool
	path         string // the path of the "fixed" kind
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("lmoload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	targets := fs.String("targets", "http://127.0.0.1:8080", "comma-separated base URLs of the app nodes; requests go round-robin")
	fs.DurationVar(&c.duration, "duration", 20*time.Second, "measured period (at most 10m)")
	fs.DurationVar(&c.warmup, "warmup", 2*time.Second, "warm-up before the measured period; its requests are not counted (at most 2m)")
	fs.IntVar(&c.concurrency, "concurrency", 16, "requests in flight at once (workers)")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "timeout of one request")
	mix := fs.String("mix", defaultMix, "request mix as kind=weight,...; kinds: "+strings.Join(kinds, ", "))
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the request sequence")
	fs.BoolVar(&c.loopbackOnly, "loopback-only", true, "refuse targets that are not loopback addresses")
	fs.BoolVar(&c.jsonOut, "json", false, "write the report as one JSON object to stdout (the text report goes to stderr)")
	fs.BoolVar(&c.failOnError, "fail-on-error", false, "exit 1 when any transport error or 5xx answer was counted")
	fs.StringVar(&c.path, "path", "", "the path (and query) of the kind fixed: -mix fixed=1 -path /practices/x asks that one answer again and again; "+
		"with only fixed in the mix nothing is discovered, so any HTTP server can be measured (the hello-world ceiling of scripts/speed.sh)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: lmoload [flags]\n\nLoad-tests running LMO nodes with a fixed, seeded request mix.\nDefault mix: %s\n\n", defaultMix)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var err error
	if c.targets, err = parseTargets(*targets, c.loopbackOnly); err != nil {
		return c, err
	}
	if c.mix, err = parseMix(*mix); err != nil {
		return c, err
	}
	if fixed := c.mix[slices.Index(kinds, "fixed")] > 0; fixed != (c.path != "") || (fixed && !strings.HasPrefix(c.path, "/")) {
		return c, errors.New("-path (starting with /) goes with the kind fixed in -mix, and fixed needs -path")
	}
	switch {
	case c.duration <= 0 || c.duration > maxDuration:
		return c, fmt.Errorf("-duration must be above 0 and at most %s, not %s", maxDuration, c.duration)
	case c.warmup < 0 || c.warmup > maxWarmup:
		return c, fmt.Errorf("-warmup must be from 0 to %s, not %s", maxWarmup, c.warmup)
	case c.concurrency < 1 || c.concurrency > maxConcurrency:
		return c, fmt.Errorf("-concurrency must be from 1 to %d, not %d", maxConcurrency, c.concurrency)
	case c.timeout <= 0 || c.timeout > 5*time.Minute:
		return c, fmt.Errorf("-timeout must be above 0 and at most 5m, not %s", c.timeout)
	}
	return c, nil
}

// parseTargets splits and checks the base URLs.
func parseTargets(s string, loopbackOnly bool) ([]string, error) {
	var out []string
	for _, t := range strings.Split(s, ",") {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		u, err := url.Parse(t)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return nil, fmt.Errorf("target %q is not an http(s) base URL", t)
		}
		if loopbackOnly && !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("target %q is not a loopback address (127.0.0.0/8, ::1 or localhost); use -loopback-only=false to allow it", t)
		}
		out = append(out, strings.TrimRight(t, "/"))
	}
	if len(out) == 0 {
		return nil, errors.New("no -targets given")
	}
	if len(out) > maxTargets {
		return nil, fmt.Errorf("at most %d targets, not %d", maxTargets, len(out))
	}
	return out, nil
}

// isLoopback reports whether host is a loopback IP literal or localhost. A
// name is not resolved: only "localhost" is trusted.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// parseMix reads kind=weight pairs. Kinds not named get weight 0.
func parseMix(s string) ([]int, error) {
	w := make([]int, len(kinds))
	total := 0
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, val, ok := strings.Cut(part, "=")
		i := slices.Index(kinds, strings.TrimSpace(name))
		if !ok || i < 0 {
			return nil, fmt.Errorf("-mix: %q is not kind=weight with a kind among %s", part, strings.Join(kinds, ", "))
		}
		n, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil || n < 0 || n > 1_000_000 {
			return nil, fmt.Errorf("-mix: weight %q of %s is not a whole number from 0 to 1000000", val, name)
		}
		w[i] = n
		total += n
	}
	if total == 0 {
		return nil, errors.New("-mix: the weights add up to 0")
	}
	return w, nil
}

// corpus is what the generator picks from: discovered from the first target.
type corpus struct {
	slugs     []string
	ids       []int64
	countries []string
	facets    map[string][]string // facet name -> values
	facetKeys []string            // sorted names of facets with values
	// cond are the paths that conditional requests revalidate, each with
	// the ETag the first target gave it.
	cond []condPath
	// fixed is the path of the kind fixed (-path).
	fixed string
}

type condPath struct {
	path, etag string
}

// request is one generated request.
type request struct {
	kind   int
	target int
	path   string
	etag   string // If-None-Match, for conditional requests
}

// generate returns request number i of the sequence.
func generate(seed uint64, i uint64, mixCum []int, nTargets int, c *corpus) request {
	r := rand.New(rand.NewPCG(seed, i))
	x := r.IntN(mixCum[len(mixCum)-1])
	k := sort.SearchInts(mixCum, x+1)
	req := request{kind: k, target: int(i % uint64(nTargets))}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	switch kinds[k] {
	case "home":
		req.path = "/"
	case "search":
		req.path = "/practices?" + url.Values{"q": {pick(searchWords)}}.Encode()
	case "phrase":
		req.path = "/practices?" + url.Values{"q": {pick(searchPhrases)}}.Encode()
	case "facets":
		v := url.Values{}
		c.addFacets(r, v, 1+r.IntN(3))
		req.path = "/practices?" + v.Encode()
	case "combo":
		v := url.Values{}
		if r.IntN(3) == 0 {
			v.Set("q", pick(searchPhrases))
		} else {
			v.Set("q", pick(searchWords))
		}
		c.addFacets(r, v, 1+r.IntN(2))
		if r.IntN(5) == 0 {
			v.Set("year_from", strconv.Itoa(2005+r.IntN(15)))
		}
		if r.IntN(2) == 0 {
			v.Set("sort", pick(sorts))
		}
		if r.IntN(4) == 0 {
			v.Set("page", "2")
		}
		req.path = "/practices?" + v.Encode()
	case "practice":
		req.path = "/practices/" + url.PathEscape(pick(c.slugs))
	case "country":
		req.path = "/countries/" + url.PathEscape(pick(c.countries))
	case "api-list":
		v := url.Values{}
		v.Set("per_page", pick([]string{"10", "20", "50", "100"}))
		if r.IntN(2) == 0 {
			v.Set("q", pick(searchWords))
		}
		if r.IntN(2) == 0 {
			c.addFacets(r, v, 1+r.IntN(2))
		}
		if r.IntN(5) == 0 {
			v.Set("page", "2")
		}
		req.path = "/api/v1/practices?" + v.Encode()
	case "api-practice":
		req.path = "/api/v1/practices/" + strconv.FormatInt(c.ids[r.IntN(len(c.ids))], 10)
	case "csv":
		v := url.Values{}
		switch r.IntN(10) {
		case 0: // the whole list
		case 1, 2, 3:
			v.Set("q", pick(searchWords))
		default:
			c.addFacets(r, v, 1)
		}
		req.path = "/practices.csv"
		if len(v) > 0 {
			req.path += "?" + v.Encode()
		}
	case "conditional":
		cp := c.cond[r.IntN(len(c.cond))]
		req.path, req.etag = cp.path, cp.etag
	case "fixed":
		req.path = c.fixed
	}
	return req
}

// addFacets adds n distinct facets with one value each (sometimes two: OR
// within a facet).
func (c *corpus) addFacets(r *rand.Rand, v url.Values, n int) {
	if len(c.facetKeys) == 0 {
		return
	}
	keys := slices.Clone(c.facetKeys)
	r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	for _, k := range keys[:min(n, len(keys))] {
		vals := c.facets[k]
		// Skew towards the most common values (the API lists them by count).
		v.Add(k, vals[skewed(r, len(vals))])
		if len(vals) > 1 && r.IntN(5) == 0 {
			if second := vals[r.IntN(len(vals))]; !slices.Contains(v[k], second) {
				v.Add(k, second)
			}
		}
	}
}

// skewed returns an index below n, favouring small ones.
func skewed(r *rand.Rand, n int) int {
	f := r.Float64()
	return min(n-1, int(f*f*float64(n)))
}

// sample is one measured request.
type sample struct {
	dur       time.Duration
	status    int16 // 0 on a transport error
	kind      uint8
	target    uint8
	transport bool
}

// errorLog keeps the first distinct error messages and their counts.
type errorLog struct {
	mu     sync.Mutex
	counts map[string]int
	order  []string
}

func (e *errorLog) add(msg string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.counts == nil {
		e.counts = map[string]int{}
	}
	if _, ok := e.counts[msg]; !ok {
		if len(e.order) >= 20 {
			msg = "(other errors)"
		}
		if _, ok := e.counts[msg]; !ok {
			e.order = append(e.order, msg)
		}
	}
	e.counts[msg]++
}

// loader runs the load.
type loader struct {
	cfg    config
	client *http.Client
	corpus *corpus
	mixCum []int
	next   atomic.Uint64
	errs   errorLog
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return 2, err
	}
	l := &loader{cfg: cfg, client: newClient(cfg)}
	sum := 0
	for _, w := range cfg.mix {
		sum += w
		l.mixCum = append(l.mixCum, sum)
	}
	if err := l.prepare(ctx, stderr); err != nil {
		return 1, err
	}
	rep := l.load(ctx)
	if ctx.Err() != nil {
		return 1, errors.New("interrupted")
	}
	text := rep.text()
	if cfg.jsonOut {
		fmt.Fprint(stderr, text)
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return 1, err
		}
	} else {
		fmt.Fprint(stdout, text)
	}
	if cfg.failOnError && rep.Errors.Total > 0 {
		return 1, fmt.Errorf("%d errors (%d transport, %d 5xx)", rep.Errors.Total, rep.Errors.Transport, rep.Errors.HTTP5xx)
	}
	return 0, nil
}

func newClient(cfg config) *http.Client {
	perHost := cfg.concurrency + 4
	tr := &http.Transport{
		Proxy:                 nil, // never through a proxy from the environment
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:          perHost * len(cfg.targets),
		MaxIdleConnsPerHost:   perHost,
		IdleConnTimeout:       90 * time.Second,
		ResponseHeaderTimeout: cfg.timeout,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   cfg.timeout,
		// A redirect is an answer to report, not to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// get performs one GET and reads the whole body.
func (l *loader) get(ctx context.Context, target, path, etag string) (int, http.Header, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target+path, nil)
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header.Set("User-Agent", "lmoload/1")
	req.Header.Set("Accept", "*/*")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := l.client.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, resp.Header, nil, err
	}
	return resp.StatusCode, resp.Header, body, nil
}

// onlyFixed reports whether the mix is the kind fixed alone, which needs no
// discovery.
func (l *loader) onlyFixed() bool {
	for i, w := range l.cfg.mix {
		if w > 0 && kinds[i] != "fixed" {
			return false
		}
	}
	return true
}

// prepare checks the targets and builds the corpus from the first one.
func (l *loader) prepare(ctx context.Context, stderr io.Writer) error {
	for _, t := range l.cfg.targets {
		status, _, _, err := l.get(ctx, t, "/healthz", "")
		if err != nil {
			return fmt.Errorf("target %s: %w", t, err)
		}
		if status != http.StatusOK {
			return fmt.Errorf("target %s: /healthz answered %d", t, status)
		}
	}
	if l.onlyFixed() {
		l.corpus = &corpus{fixed: l.cfg.path}
		fmt.Fprintf(stderr, "lmoload: %d targets; GET %s only; warm-up %s, measuring %s with %d workers\n",
			len(l.cfg.targets), l.cfg.path, l.cfg.warmup, l.cfg.duration, l.cfg.concurrency)
		return nil
	}
	first := l.cfg.targets[0]
	status, _, body, err := l.get(ctx, first, "/api/v1/practices?per_page=100", "")
	if err != nil {
		return fmt.Errorf("discovery: %w", err)
	}
	if status != http.StatusOK {
		return fmt.Errorf("discovery: GET %s/api/v1/practices?per_page=100 answered %d", first, status)
	}
	var list struct {
		Items []struct {
			ID        int64  `json:"id"`
			Slug      string `json:"slug"`
			Countries []struct {
				Code string `json:"code"`
			} `json:"countries"`
		} `json:"items"`
		Facets map[string][]struct {
			Value string `json:"value"`
			Count int    `json:"count"`
		} `json:"facets"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		return fmt.Errorf("discovery: %w", err)
	}
	c := &corpus{facets: map[string][]string{}, fixed: l.cfg.path}
	countries := map[string]bool{}
	for _, it := range list.Items {
		c.slugs = append(c.slugs, it.Slug)
		c.ids = append(c.ids, it.ID)
		for _, cc := range it.Countries {
			countries[cc.Code] = true
		}
	}
	if len(c.slugs) == 0 {
		return fmt.Errorf("discovery: %s has no published practices; seed it first", first)
	}
	// Sort everything, so that the sequence depends on the data only.
	slices.Sort(c.slugs)
	slices.Sort(c.ids)
	for cc := range countries {
		c.countries = append(c.countries, cc)
	}
	slices.Sort(c.countries)
	for name, counts := range list.Facets {
		sort.SliceStable(counts, func(i, j int) bool {
			if counts[i].Count != counts[j].Count {
				return counts[i].Count > counts[j].Count
			}
			return counts[i].Value < counts[j].Value
		})
		for _, fc := range counts {
			if fc.Value != "" {
				c.facets[name] = append(c.facets[name], fc.Value)
			}
		}
		if len(c.facets[name]) > 0 {
			c.facetKeys = append(c.facetKeys, name)
		}
	}
	slices.Sort(c.facetKeys)
	if len(c.countries) == 0 {
		c.countries = []string{"PH"}
	}

	// The pages conditional requests revalidate, with the ETag the first
	// target gives each: a client behind a load balancer revalidates on
	// whichever node it reaches next.
	if l.cfg.mix[slices.Index(kinds, "conditional")] > 0 {
		paths := []string{"/", "/practices", "/practices?q=domestic+workers", "/countries", "/api/v1/practices"}
		for i := 0; i < 6 && i < len(c.slugs); i++ {
			paths = append(paths, "/practices/"+url.PathEscape(c.slugs[i*len(c.slugs)/6]))
		}
		for i := 0; i < 3 && i < len(c.countries); i++ {
			paths = append(paths, "/countries/"+url.PathEscape(c.countries[i*len(c.countries)/3]))
		}
		for i := 0; i < 3 && i < len(c.ids); i++ {
			paths = append(paths, "/api/v1/practices/"+strconv.FormatInt(c.ids[i*len(c.ids)/3], 10))
		}
		for _, p := range paths {
			status, h, _, err := l.get(ctx, first, p, "")
			if err != nil {
				return fmt.Errorf("priming %s: %w", p, err)
			}
			if etag := h.Get("ETag"); status == http.StatusOK && etag != "" {
				c.cond = append(c.cond, condPath{p, etag})
			} else {
				fmt.Fprintf(stderr, "lmoload: %s answered %d without an ETag; not revalidated\n", p, status)
			}
		}
		if len(c.cond) == 0 {
			return errors.New("no page answered with an ETag; drop conditional from -mix")
		}
	}
	l.corpus = c
	fmt.Fprintf(stderr, "lmoload: %d targets; discovered %d practices, %d countries, %d facets; %d revalidated paths; warm-up %s, measuring %s with %d workers\n",
		len(l.cfg.targets), len(c.slugs), len(c.countries), len(c.facetKeys), len(c.cond), l.cfg.warmup, l.cfg.duration, l.cfg.concurrency)
	return nil
}

// load runs the workers through the warm-up and the measured period.
func (l *loader) load(ctx context.Context) *report {
	start := time.Now()
	measureStart := start.Add(l.cfg.warmup)
	measureEnd := measureStart.Add(l.cfg.duration)
	var stopped atomic.Bool
	results := make([][]sample, l.cfg.concurrency)
	var wg sync.WaitGroup
	for w := range l.cfg.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out []sample
			for !stopped.Load() && ctx.Err() == nil {
				i := l.next.Add(1) - 1
				req := generate(l.cfg.seed, i, l.mixCum, len(l.cfg.targets), l.corpus)
				t0 := time.Now()
				if !t0.Before(measureEnd) {
					break
				}
				status, _, body, err := l.get(ctx, l.cfg.targets[req.target], req.path, req.etag)
				d := time.Since(t0)
				if t0.Before(measureStart) || ctx.Err() != nil {
					continue
				}
				s := sample{dur: d, status: int16(status), kind: uint8(req.kind), target: uint8(req.target)}
				if err != nil {
					s.transport = true
					l.errs.add(fmt.Sprintf("%s %s: %v", kinds[req.kind], l.cfg.targets[req.target], transportCause(err)))
					// A node that is down refuses at once: back off a little
					// rather than spin.
					time.Sleep(20 * time.Millisecond)
				} else if status >= 500 {
					l.errs.add(fmt.Sprintf("%s %s: %d %s", kinds[req.kind], l.cfg.targets[req.target], status, firstLine(body)))
				}
				out = append(out, s)
			}
			results[w] = out
		}()
	}
	select {
	case <-time.After(time.Until(measureEnd)):
	case <-ctx.Done():
	}
	stopped.Store(true)
	wg.Wait()
	var all []sample
	for _, r := range results {
		all = append(all, r...)
	}
	return l.summarise(all)
}

// transportCause returns err without the URL that *url.Error adds, so that
// the same failure on different paths is counted as one message.
func transportCause(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// firstLine returns a short excerpt of an error body (a problem document's
// detail, or the first line).
func firstLine(b []byte) string {
	var p struct {
		Title  string `json:"title"`
		Detail string `json:"detail"`
	}
	if json.Unmarshal(b, &p) == nil && (p.Title != "" || p.Detail != "") {
		return strings.TrimSpace(p.Title + " " + p.Detail)
	}
	s, _, _ := strings.Cut(string(b), "\n")
	if len(s) > 120 {
		s = s[:120]
	}
	return s
}

// latency is a distribution summary in milliseconds.
type latency struct {
	P50  float64 `json:"p50"`
	P90  float64 `json:"p90"`
	P99  float64 `json:"p99"`
	Max  float64 `json:"max"`
	Mean float64 `json:"mean"`
}

func summariseLatency(ds []time.Duration) latency {
	if len(ds) == 0 {
		return latency{}
	}
	slices.Sort(ds)
	ms := func(d time.Duration) float64 { return math.Round(float64(d)/1e3) / 1e3 }
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return latency{P50: ms(percentile(ds, 0.50)), P90: ms(percentile(ds, 0.90)), P99: ms(percentile(ds, 0.99)),
		Max: ms(ds[len(ds)-1]), Mean: ms(sum / time.Duration(len(ds)))}
}

// percentile returns the nearest-rank percentile of sorted ds.
func percentile(ds []time.Duration, q float64) time.Duration {
	i := int(math.Ceil(q*float64(len(ds)))) - 1
	return ds[max(0, min(i, len(ds)-1))]
}

// group is the summary of a set of requests: one kind, one target, or all.
type group struct {
	Requests   int            `json:"requests"`
	Latency    latency        `json:"latency_ms"`
	Statuses   map[string]int `json:"statuses"`
	Errors     int            `json:"errors"`
	Unexpected int            `json:"unexpected"`
	durs       []time.Duration
}

func (g *group) add(s sample, isErr, unexpected bool) {
	g.Requests++
	if !s.transport { // the latency of a failed connection says nothing of the server
		g.durs = append(g.durs, s.dur)
	}
	if g.Statuses == nil {
		g.Statuses = map[string]int{}
	}
	if s.transport {
		g.Statuses["transport-error"]++
	} else {
		g.Statuses[strconv.Itoa(int(s.status))]++
	}
	if isErr {
		g.Errors++
	}
	if unexpected {
		g.Unexpected++
	}
}

func (g *group) finish() {
	g.Latency = summariseLatency(g.durs)
	if g.Statuses == nil {
		g.Statuses = map[string]int{}
	}
}

// report is the result of a run; it marshals as the -json object.
type report struct {
	Targets       []string          `json:"targets"`
	Seed          uint64            `json:"seed"`
	Concurrency   int               `json:"concurrency"`
	DurationS     float64           `json:"duration_s"`
	WarmupS       float64           `json:"warmup_s"`
	Mix           map[string]int    `json:"mix"`
	Discovered    map[string]int    `json:"discovered"`
	TotalRequests int               `json:"total_requests"`
	Throughput    float64           `json:"throughput_rps"`
	Latency       latency           `json:"latency_ms"`
	StatusCounts  map[string]int    `json:"status_counts"`
	Errors        errorSummary      `json:"errors"`
	Unexpected    int               `json:"unexpected"`
	ByKind        map[string]*group `json:"by_kind"`
	PerTarget     map[string]*group `json:"per_target"`
}

type errorSummary struct {
	Total     int            `json:"total"`
	Transport int            `json:"transport"`
	HTTP5xx   int            `json:"http_5xx"`
	Messages  map[string]int `json:"messages"`
}

func (l *loader) summarise(all []sample) *report {
	rep := &report{
		Targets: l.cfg.targets, Seed: l.cfg.seed, Concurrency: l.cfg.concurrency,
		DurationS: l.cfg.duration.Seconds(), WarmupS: l.cfg.warmup.Seconds(),
		Mix: map[string]int{}, ByKind: map[string]*group{}, PerTarget: map[string]*group{},
		Discovered: map[string]int{"practices": len(l.corpus.slugs), "countries": len(l.corpus.countries),
			"facets": len(l.corpus.facetKeys), "revalidated_paths": len(l.corpus.cond)},
		Errors: errorSummary{Messages: map[string]int{}},
	}
	for i, k := range kinds {
		if l.cfg.mix[i] > 0 {
			rep.Mix[k] = l.cfg.mix[i]
			rep.ByKind[k] = &group{}
		}
	}
	for _, t := range l.cfg.targets {
		rep.PerTarget[t] = &group{}
	}
	overall := &group{}
	for _, s := range all {
		kind := kinds[s.kind]
		isErr := s.transport || s.status >= 500
		want := int16(http.StatusOK)
		if kind == "conditional" {
			want = http.StatusNotModified
		}
		unexpected := !isErr && s.status != want
		overall.add(s, isErr, unexpected)
		rep.ByKind[kind].add(s, isErr, unexpected)
		rep.PerTarget[l.cfg.targets[s.target]].add(s, isErr, unexpected)
		if s.transport {
			rep.Errors.Transport++
		} else if s.status >= 500 {
			rep.Errors.HTTP5xx++
		}
	}
	overall.finish()
	for _, g := range rep.ByKind {
		g.finish()
	}
	for _, g := range rep.PerTarget {
		g.finish()
	}
	rep.TotalRequests = overall.Requests
	rep.Throughput = math.Round(float64(overall.Requests)/l.cfg.duration.Seconds()*10) / 10
	rep.Latency = overall.Latency
	rep.StatusCounts = overall.Statuses
	rep.Errors.Total = rep.Errors.Transport + rep.Errors.HTTP5xx
	rep.Unexpected = overall.Unexpected
	l.errs.mu.Lock()
	for k, v := range l.errs.counts {
		rep.Errors.Messages[k] = v
	}
	l.errs.mu.Unlock()
	return rep
}

// text renders the plain-text report.
func (r *report) text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "lmoload: %d target(s), %d workers, %gs measured after %gs warm-up, seed %d\n",
		len(r.Targets), r.Concurrency, r.DurationS, r.WarmupS, r.Seed)
	fmt.Fprintf(&b, "requests %d   throughput %.1f req/s   errors %d (transport %d, 5xx %d)   unexpected %d\n",
		r.TotalRequests, r.Throughput, r.Errors.Total, r.Errors.Transport, r.Errors.HTTP5xx, r.Unexpected)
	fmt.Fprintf(&b, "latency ms   p50 %.2f   p90 %.2f   p99 %.2f   max %.2f   mean %.2f\n",
		r.Latency.P50, r.Latency.P90, r.Latency.P99, r.Latency.Max, r.Latency.Mean)
	fmt.Fprintf(&b, "statuses     %s\n\n", statusLine(r.StatusCounts))
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kind\tweight\trequests\tp50 ms\tp90 ms\tp99 ms\tmax ms\terrors\tunexpected\t statuses")
	for _, k := range kinds {
		g, ok := r.ByKind[k]
		if !ok {
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%d\t %s\n", k, r.Mix[k], g.Requests,
			g.Latency.P50, g.Latency.P90, g.Latency.P99, g.Latency.Max, g.Errors, g.Unexpected, statusLine(g.Statuses))
	}
	tw.Flush()
	b.WriteString("\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "target\trequests\tp50 ms\tp99 ms\tmax ms\terrors\tunexpected\t")
	for _, t := range r.Targets {
		g := r.PerTarget[t]
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f\t%d\t%d\t\n", t, g.Requests, g.Latency.P50, g.Latency.P99, g.Latency.Max, g.Errors, g.Unexpected)
	}
	tw.Flush()
	if len(r.Errors.Messages) > 0 {
		b.WriteString("\nerrors:\n")
		msgs := make([]string, 0, len(r.Errors.Messages))
		for m := range r.Errors.Messages {
			msgs = append(msgs, m)
		}
		sort.Slice(msgs, func(i, j int) bool { return r.Errors.Messages[msgs[i]] > r.Errors.Messages[msgs[j]] })
		for _, m := range msgs {
			fmt.Fprintf(&b, "  %6d  %s\n", r.Errors.Messages[m], m)
		}
	}
	return b.String()
}

func statusLine(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s:%d", k, m[k])
	}
	return strings.Join(parts, " ")
}
