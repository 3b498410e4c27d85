package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// fetchHeaders asks for url with method and returns the response with its body read.
func fetchHeaders(t *testing.T, method, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// TestServeMetricsAddr starts lmo serve with --metrics-addr: /metrics
// answers there, with the site's request counts, and is 404 on the site.
// Without the flag it stays on the site (TestServeHeaders).
func TestServeMetricsAddr(t *testing.T) {
	t.Setenv("LMO_METRICS_ADDR", "")
	m := &Main{Addr: "127.0.0.1:0", MetricsAddr: "127.0.0.1:0", DBPath: filepath.Join(t.TempDir(), "metrics.db"),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := m.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	}()
	if resp, _ := fetchHeaders(t, "GET", m.URL()+"/healthz"); resp.StatusCode != 200 {
		t.Fatalf("/healthz: %d", resp.StatusCode)
	}
	if resp, body := fetchHeaders(t, "GET", m.URL()+"/metrics"); resp.StatusCode != http.StatusNotFound || strings.Contains(body, "lmo_http_requests_total") {
		t.Errorf("/metrics on the site: %d %.200s", resp.StatusCode, body)
	}
	resp, body := fetchHeaders(t, "GET", m.metrics.URL())
	if resp.StatusCode != 200 || !strings.Contains(body, `lmo_http_requests_total{route="GET /healthz",status="200"} 1`) {
		t.Errorf("/metrics on --metrics-addr: %d %.2000s", resp.StatusCode, body)
	}
	if resp, _ := fetchHeaders(t, "GET", strings.TrimSuffix(m.metrics.URL(), "/metrics")+"/practices"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the metrics address serves the site: %d", resp.StatusCode)
	}
}

// TestServeMetricsAddrFlag checks that the flag and its environment
// variable reach Main (runServe is driven to a failing listen, so it
// returns at once).
func TestServeMetricsAddrFlag(t *testing.T) {
	db := filepath.Join(t.TempDir(), "flag.db")
	_, _, err := runCmd(t, "serve", "--db", db, "--addr", "127.0.0.1:0", "--metrics-addr", "256.0.0.1:1")
	if err == nil || !strings.Contains(err.Error(), "for metrics") {
		t.Errorf("serve --metrics-addr with a bad address: %v", err)
	}
	t.Setenv("LMO_METRICS_ADDR", "256.0.0.1:2")
	_, _, err = runCmd(t, "serve", "--db", db, "--addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "256.0.0.1:2") {
		t.Errorf("serve with LMO_METRICS_ADDR set: %v", err)
	}
}

// TestServeHeaders checks the headers of the open API and of every
// response on a running lmo serve: CORS under /api/ only (preflight
// included), Permissions-Policy everywhere, Strict-Transport-Security only
// when the base URL is https, and /metrics on the site without
// --metrics-addr.
func TestServeHeaders(t *testing.T) {
	m := startMain(t)
	resp, _ := fetchHeaders(t, "GET", m.URL()+"/api/v1/regions", "Origin", "https://tool.example.net")
	h := resp.Header
	if resp.StatusCode != 200 || h.Get("Access-Control-Allow-Origin") != "*" || h.Get("Access-Control-Allow-Credentials") != "" ||
		!strings.Contains(h.Get("Access-Control-Expose-Headers"), "ETag") || !strings.Contains(h.Get("Access-Control-Expose-Headers"), "Last-Modified") {
		t.Errorf("GET /api/v1/regions from another origin: %d %v", resp.StatusCode, h)
	}
	resp, body := fetchHeaders(t, "OPTIONS", m.URL()+"/api/v1/practices?q=x", "Origin", "https://tool.example.net",
		"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "if-none-match")
	h = resp.Header
	if resp.StatusCode != http.StatusNoContent || body != "" || h.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(h.Get("Access-Control-Allow-Methods"), "GET") || !strings.Contains(h.Get("Access-Control-Allow-Headers"), "If-None-Match") ||
		h.Get("Access-Control-Max-Age") == "" {
		t.Errorf("preflight: %d %v %q", resp.StatusCode, h, body)
	}
	resp, _ = fetchHeaders(t, "GET", m.URL()+"/api/v1/nothing", "Origin", "https://tool.example.net")
	if resp.StatusCode != 404 || resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("an API error is not readable cross-origin: %d %v", resp.StatusCode, resp.Header)
	}
	for _, path := range []string{"/practices", "/practices.json", "/about"} {
		resp, _ := fetchHeaders(t, "GET", m.URL()+path, "Origin", "https://tool.example.net")
		if resp.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("%s allows cross-origin reads", path)
		}
		if pp := resp.Header.Get("Permissions-Policy"); !strings.Contains(pp, "camera=()") || !strings.Contains(pp, "geolocation=()") {
			t.Errorf("%s: Permissions-Policy %q", path, pp)
		}
		if resp.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS over a plain http base URL", path)
		}
	}
	if resp, body := fetchHeaders(t, "GET", m.URL()+"/metrics"); resp.StatusCode != 200 || !strings.Contains(body, "lmo_http_requests_total") {
		t.Errorf("/metrics without --metrics-addr: %d", resp.StatusCode)
	}
}

// TestServeHSTS: a https base URL adds Strict-Transport-Security to every
// response.
func TestServeHSTS(t *testing.T) {
	m := &Main{Addr: "127.0.0.1:0", BaseURL: "https://lmo.example.org", DBPath: filepath.Join(t.TempDir(), "hsts.db"),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	for _, path := range []string{"/", "/api/v1/regions", "/no-such-page"} {
		resp, _ := fetchHeaders(t, "GET", m.URL()+path)
		if got := resp.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
			t.Errorf("%s: Strict-Transport-Security %q", path, got)
		}
	}
}
