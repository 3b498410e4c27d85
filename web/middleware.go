package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// maxBodyBytes bounds every request body.
const maxBodyBytes = 1 << 20

// contentSecurityPolicy allows nothing from another host and no inline script
// or style.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// permissionsPolicy denies every powerful browser feature to the site and
// anything it could embed: the observatory needs none of them. Features a
// browser does not know are ignored by it.
const permissionsPolicy = "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), " +
	"fullscreen=(), geolocation=(), gyroscope=(), hid=(), idle-detection=(), magnetometer=(), microphone=(), " +
	"midi=(), payment=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), " +
	"xr-spatial-tracking=(), browsing-topics=()"

// strictTransportSecurity is sent when the configured base URL is https: a
// year, the whole host only (subdomains may be other services).
const strictTransportSecurity = "max-age=31536000"

// observe wraps next with the security headers, CORS for the API, body
// limit, panic recovery, request log and metrics that every response gets.
func (s *Server) observe(next http.Handler) http.Handler {
	hsts := strings.HasPrefix(strings.ToLower(s.cfg.BaseURL), "https://")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		securityHeaders(w.Header(), hsts)
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			v := recover()
			if v != nil && v != http.ErrAbortHandler {
				s.log.Error("panic", slog.String("path", r.URL.Path), slog.Any("panic", v))
				if rec.status == 0 {
					s.writeError(rec, r, fmt.Errorf("panic: %v", v))
				}
			}
			s.record(r, rec, time.Since(start))
			if v == http.ErrAbortHandler {
				panic(v) // net/http closes the connection: the client sees a broken response, not a short one
			}
		}()
		if cors(rec, r) {
			return
		}
		next.ServeHTTP(rec, r)
	})
}

// securityHeaders sets the headers every response carries.
func securityHeaders(h http.Header, hsts bool) {
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", permissionsPolicy)
	if hsts {
		h.Set("Strict-Transport-Security", strictTransportSecurity)
	}
}

// record writes the request's log line and counts it, under the status
// that says what happened to it (statusRecorder.outcome): 499 when the
// client went away, logged at Info and never counted as a server error.
func (s *Server) record(r *http.Request, rec *statusRecorder, elapsed time.Duration) {
	route := r.Pattern
	if route == "" {
		route = "unmatched"
	}
	status := rec.outcome()
	s.metrics.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	s.metrics.duration.WithLabelValues(route).Observe(elapsed.Seconds())
	attrs := []slog.Attr{slog.String("method", r.Method), slog.String("path", loggedPath(r.URL.Path)),
		slog.Int("status", status), slog.Int("bytes", rec.bytes), slog.Duration("duration", elapsed)}
	if status == statusClientClosed {
		attrs = append(attrs, slog.String("note", "client closed request"))
	}
	s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
}

// loggedPath is a request's path as the log shows it: the secret of a
// one-time sign-in link is left out, so that the log cannot sign anyone in.
func loggedPath(p string) string {
	if rest, ok := strings.CutPrefix(p, "/signin/link/"); ok && rest != "" {
		return "/signin/link/…"
	}
	return p
}

// metrics are the Prometheus collectors of one server.
type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// newMetrics registers the server's collectors, and Go's and the process's
// once, in reg.
func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lmo_http_requests_total", Help: "HTTP requests by route pattern and status (499: the client closed the request).",
		}, []string{"route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "lmo_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	// A caller may share one registry between servers (tests); register the
	// process collectors once.
	_ = reg.Register(collectors.NewGoCollector())
	_ = reg.Register(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}
