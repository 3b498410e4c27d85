package web

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// routes lists every route the observatory serves.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	h := func(pattern string, fn handlerFunc) { mux.Handle(pattern, s.handle(fn)) }

	// Pages.
	h("GET /{$}", s.home)
	h("GET /practices", s.practices)
	h("GET /practices/{slug}", s.practice)
	h("GET /practices/{slug}/cite.bib", s.citeBibTeX)
	h("GET /practices/{slug}/cite.ris", s.citeRIS)
	h("GET /countries", s.countries)
	h("GET /countries/{code}", s.country)
	h("GET /about", s.about)

	// Exports and feeds of exactly what the search page shows.
	h("GET /practices.csv", s.exportPractices(formatCSV))
	h("GET /practices.json", s.exportPractices(formatJSON))
	h("GET /practices.xlsx", s.exportPractices(formatXLSX))
	h("GET /practices/feed.atom", s.feed)

	// The JSON API.
	h("GET /api/v1/practices", s.apiPractices)
	h("GET /api/v1/practices/{id}", s.apiPracticeByID)
	h("GET /api/v1/vocabularies", s.apiVocabularies)
	h("GET /api/v1/countries", s.apiCountries)
	h("GET /api/v1/regions", s.apiRegions)
	h("GET /api/v1/openapi.json", s.apiOpenAPI)
	h("/api/", s.unrouted(mux))

	// Operations and assets.
	h("GET /healthz", s.healthz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}))
	mux.Handle("GET /static/{hash}/{file}", s.assets)
	h("GET /favicon.ico", s.favicon)
	h("/", s.unrouted(mux))

	return s.observe(http.NewCrossOriginProtection().Handler(mux))
}
