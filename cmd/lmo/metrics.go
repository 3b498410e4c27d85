package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// metricsServer serves /metrics on an address of its own (lmo serve
// --metrics-addr), apart from the site, so that it can stay on a private
// interface or port.
type metricsServer struct {
	server *http.Server
	ln     net.Listener
	done   chan error
}

// startMetrics listens on addr and serves metrics at /metrics there, in the
// background; anything else on that address is 404.
func startMetrics(addr string, metrics http.Handler, log *slog.Logger) (*metricsServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s for metrics: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics)
	ms := &metricsServer{ln: ln, done: make(chan error, 1), server: &http.Server{
		Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}}
	go func() { ms.done <- ms.server.Serve(ln) }()
	log.Info("serving metrics", slog.String("url", "http://"+ln.Addr().String()+"/metrics"))
	return ms, nil
}

// URL returns the address of the metrics.
func (ms *metricsServer) URL() string { return "http://" + ms.ln.Addr().String() + "/metrics" }

// close stops the metrics server.
func (ms *metricsServer) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := ms.server.Shutdown(ctx)
	if serveErr := <-ms.done; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	return err
}
