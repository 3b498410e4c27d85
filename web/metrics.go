package web

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// MetricsHandler serves the server's Prometheus metrics: at /metrics of the
// site, or, with Config.MetricsElsewhere, wherever the caller mounts it
// (lmo serve --metrics-addr), so that operators can keep them private.
func (s *Server) MetricsHandler() http.Handler {
	return promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{})
}
