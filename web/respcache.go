package web

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/prometheus/client_golang/prometheus"
)

// Versioner reads the data versions (lmo.DataVersions) in one statement.
type Versioner interface {
	DataVersions(ctx context.Context) (lmo.DataVersions, error)
}

// Validators from versions and a per-node response cache (issue 9).
//
// A cached route's answer is a function of the build, the public base
// address, the request's path and query, the day (pages say "today") and
// the data versions. Its ETag is the hash of exactly those, so a
// conditional request is answered 304 after reading the versions alone —
// one statement, no loading, no rendering — and a repeated request is
// served from this node's memory. Nothing goes stale: every write moves a
// version in the same transaction as the data, every request reads the
// versions first, and a changed version is a new tag and a new cache key on
// every node at once. The cache is bounded in bytes (least recently used
// goes first) and counted in metrics. The language of the request (its
// /fr or /es prefix, taken off the path by localize) is part of the tag.

// responseCache keeps recent 200 answers by their tag.
type responseCache struct {
	mu      sync.Mutex
	max     int64 // bytes
	size    int64
	order   *list.List               // front: most recently used
	entries map[string]*list.Element // tag -> element holding *cachedResponse

	hits, misses, evictions prometheus.Counter
	bytes                   prometheus.Gauge
}

// cachedResponse is one answer: the headers that describe its body, the
// body, and the body gzipped once when it is text worth compressing (nil
// otherwise), served to clients that accept gzip under a tag of its own.
type cachedResponse struct {
	tag    string
	header http.Header
	body   []byte
	gz     []byte
}

// cost is what the answer counts against the cache's bound.
func (e *cachedResponse) cost() int64 { return int64(len(e.body) + len(e.gz) + len(e.tag) + 256) }

// gzipTag is the tag of the gzipped form of the answer tagged tag: a
// different representation needs a different strong tag.
func gzipTag(tag string) string { return strings.TrimSuffix(tag, `"`) + `-gz"` }

// compressible reports whether a body of this type and size is worth
// gzipping: text of more than a kilobyte.
func compressible(contentType string, size int) bool {
	if size < 1024 {
		return false
	}
	ct, _, _ := strings.Cut(contentType, ";")
	return strings.HasPrefix(ct, "text/") || strings.HasSuffix(ct, "json") || strings.HasSuffix(ct, "xml") || ct == "image/svg+xml"
}

// gzipBody compresses body once, at the default level: a kept answer is
// sent many times.
func gzipBody(body []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write(body) // writes to a bytes.Buffer do not fail
	_ = zw.Close()
	return buf.Bytes()
}

// acceptsGzip reports whether the request accepts a gzipped body (and asks
// for no range, which would apply to the compressed bytes).
func acceptsGzip(r *http.Request) bool {
	if r.Header.Get("Range") != "" {
		return false
	}
	for _, list := range r.Header.Values("Accept-Encoding") {
		for coding := range strings.SplitSeq(list, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(coding), ";")
			if strings.EqualFold(strings.TrimSpace(name), "gzip") {
				q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
				return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
			}
		}
	}
	return false
}

// cachedHeaders are the headers of an answer that belong to its body and
// so are kept with it (the security headers are set on every response).
var cachedHeaders = []string{"Content-Type", "Last-Modified", "Cache-Control", "Content-Disposition", "Content-Language", "Link"}

// maxCachedBody is the largest body worth keeping: bigger answers are
// exports, which stream and have validators of their own.
const maxCachedBody = 2 << 20

func newResponseCache(maxBytes int64, reg *prometheus.Registry) *responseCache {
	c := &responseCache{max: maxBytes, order: list.New(), entries: map[string]*list.Element{},
		hits:      prometheus.NewCounter(prometheus.CounterOpts{Name: "lmo_response_cache_hits_total", Help: "Answers served from the node's response cache."}),
		misses:    prometheus.NewCounter(prometheus.CounterOpts{Name: "lmo_response_cache_misses_total", Help: "Cacheable answers rendered because the cache did not hold them."}),
		evictions: prometheus.NewCounter(prometheus.CounterOpts{Name: "lmo_response_cache_evictions_total", Help: "Answers dropped from the response cache to stay within its size."}),
		bytes:     prometheus.NewGauge(prometheus.GaugeOpts{Name: "lmo_response_cache_bytes", Help: "Bytes of answers held by the response cache."}),
	}
	reg.MustRegister(c.hits, c.misses, c.evictions, c.bytes)
	return c
}

// get returns the answer cached under tag, or nil.
func (c *responseCache) get(tag string) *cachedResponse {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[tag]
	if !ok {
		c.misses.Inc()
		return nil
	}
	c.hits.Inc()
	c.order.MoveToFront(el)
	return el.Value.(*cachedResponse)
}

// put keeps an answer, dropping the least recently used beyond the bound.
func (c *responseCache) put(e *cachedResponse) {
	cost := e.cost()
	if cost > c.max || len(e.body) > maxCachedBody {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[e.tag]; ok {
		return
	}
	c.entries[e.tag] = c.order.PushFront(e)
	c.size += cost
	for c.size > c.max {
		last := c.order.Back()
		old := last.Value.(*cachedResponse)
		c.order.Remove(last)
		delete(c.entries, old.tag)
		c.size -= old.cost()
		c.evictions.Inc()
	}
	c.bytes.Set(float64(c.size))
}

// buildTag names this program: a hash of its executable, so that any
// change to code, templates or assets gives new tags. It is computed once
// per process.
var buildTag = sync.OnceValue(func() string {
	h := sha256.New()
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			_, _ = io.Copy(h, f)
			f.Close()
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
})

// versionTag is the strong ETag of a cached route's answer to r when the
// data are at v.
func (s *Server) versionTag(r *http.Request, v lmo.DataVersions) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%+v",
		buildTag(), s.cfg.Version, s.baseURL(r), langOf(r), r.URL.Path, r.URL.RawQuery, today(), v)) // every version, as each module adds its own
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// cached serves fn's answers by version: 304 when the client holds the
// current tag, the node's copy when it has one, and otherwise fn's answer,
// kept when it is a 200. Without a Versioner (or for other methods) it is
// fn itself.
func (s *Server) cached(fn handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.cfg.Versions == nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			return fn(w, r)
		}
		v, err := s.cfg.Versions.DataVersions(r.Context())
		if err != nil {
			return err
		}
		tag := s.versionTag(r, v)
		w.Header().Add("Vary", "Accept-Encoding")
		if hit := s.cache.get(tag); hit != nil {
			serveCached(w, r, hit)
			return nil
		}
		if notModified(r, tag, time.Time{}) || notModified(r, gzipTag(tag), time.Time{}) {
			if acceptsGzip(r) && notModified(r, gzipTag(tag), time.Time{}) {
				tag = gzipTag(tag)
			}
			w.Header().Set("ETag", tag)
			w.Header().Set("Cache-Control", "no-cache")
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
		// The handler renders the whole answer: the request's own
		// conditions and range are applied to it after (serveCached).
		plain := r.Clone(r.Context())
		for _, h := range conditionalHeaders {
			plain.Header.Del(h)
		}
		rec := &responseRecorder{header: w.Header(), status: http.StatusOK}
		if err := fn(rec, plain); err != nil {
			return err
		}
		if rec.status != http.StatusOK || rec.past {
			return rec.replay(w)
		}
		e := &cachedResponse{tag: tag, header: http.Header{}, body: rec.body.Bytes()}
		for _, h := range cachedHeaders {
			if vals := w.Header().Values(h); len(vals) > 0 {
				e.header[h] = vals
			}
		}
		if r.Method == http.MethodGet {
			if compressible(e.header.Get("Content-Type"), len(e.body)) && len(e.body) <= maxCachedBody {
				e.gz = gzipBody(e.body)
			}
			s.cache.put(e)
		}
		serveCached(w, r, e)
		return nil
	}
}

// conditionalHeaders are the request headers that make an answer other
// than the whole 200: the cache applies them itself.
var conditionalHeaders = []string{"If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "Range", "If-Range"}

// serveCached writes a cached answer with http.ServeContent, which answers
// the request's conditions (304, 412) and ranges (206, 416) as for any
// document: gzipped, under its own tag, to a client that accepts it.
func serveCached(w http.ResponseWriter, r *http.Request, e *cachedResponse) {
	h := w.Header()
	for k, vals := range e.header {
		h[k] = vals
	}
	body, tag := e.body, e.tag
	if e.gz != nil && acceptsGzip(r) {
		body, tag = e.gz, gzipTag(e.tag)
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", tag)
	modified, _ := http.ParseTime(h.Get("Last-Modified"))
	h.Del("Last-Modified")  // ServeContent sets it from modified,
	h.Del("Content-Length") // and the length of what it sends (the handler's render set the whole body's)
	http.ServeContent(w, r, "", modified, bytes.NewReader(body))
}

// responseRecorder holds a handler's answer so that it can be kept before
// it is sent. Headers go straight to the real response's header map.
type responseRecorder struct {
	header http.Header
	status int
	wrote  bool
	past   bool // written through pastCatcher: a whole page for an error
	body   bytes.Buffer
}

// Header returns the real response's header map.
func (rr *responseRecorder) Header() http.Header { return rr.header }

// WriteHeader records the status (the first one counts).
func (rr *responseRecorder) WriteHeader(status int) {
	if !rr.wrote {
		rr.status, rr.wrote = status, true
	}
}

// Write records body bytes.
func (rr *responseRecorder) Write(b []byte) (int, error) {
	rr.wrote = true
	return rr.body.Write(b)
}

// replay sends the recorded answer: through handle's error catcher, or
// past it when the handler wrote past it (its own page for an error).
func (rr *responseRecorder) replay(w http.ResponseWriter) error {
	if rr.past {
		w = pastCatcher(w)
	}
	if rr.status == http.StatusOK && rr.body.Len() > 0 {
		w.Header().Set("Content-Length", fmt.Sprint(rr.body.Len()))
	}
	w.WriteHeader(rr.status)
	_, err := w.Write(rr.body.Bytes())
	return err
}

// pastView is the writer a handler gets from pastCatcher when its answer
// is being recorded: it records into the same answer and marks it as
// written past the catcher.
type pastView struct{ *responseRecorder }

// WriteHeader marks the answer and records the status.
func (p pastView) WriteHeader(status int) { p.past = true; p.responseRecorder.WriteHeader(status) }

// Write marks the answer and records body bytes.
func (p pastView) Write(b []byte) (int, error) { p.past = true; return p.responseRecorder.Write(b) }
