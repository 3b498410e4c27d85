package web

import (
	"net/http"
)

// routes lists every route the observatory serves. Every route is
// registered through h, which records its pattern (s.patterns, walked by
// the tests) and puts it behind handle: the edge checks of its path and
// query values (edge.go) and one way of answering errors (errors.go).
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	h := func(pattern string, fn handlerFunc) {
		s.patterns = append(s.patterns, pattern)
		mux.Handle(pattern, s.handle(pattern, fn))
	}

	// Pages.
	h("GET /{$}", s.home)
	h("GET /practices", s.practices)
	h("GET /practices/{slug}", s.practice)
	h("GET /practices/{slug}/cite.bib", s.citeBibTeX)
	h("GET /practices/{slug}/cite.ris", s.citeRIS)
	h("GET /countries", s.countries)
	h("GET /countries/{code}", s.country)
	h("GET /about", s.about)
	h("GET /instruments", s.instruments)
	h("GET /instruments/{code}", s.instrument)
	h("GET /instruments/{code}/history", s.instrumentHistory)
	h("GET /sources", s.sources)
	h("GET /api", s.apiReference)

	// Exports and feeds of exactly what the search page shows.
	h("GET /practices.csv", s.exportPractices(formatCSV))
	h("GET /practices.json", s.exportPractices(formatJSON))
	h("GET /practices.xlsx", s.exportPractices(formatXLSX))
	h("GET /practices/feed.atom", s.feed)
	h("GET /instruments/{code}/parties.csv", s.exportParties(formatCSV))
	h("GET /instruments/{code}/parties.json", s.exportParties(formatJSON))
	h("GET /instruments/{code}/parties.xlsx", s.exportParties(formatXLSX))
	h("GET /ratifications.csv", s.exportEvents(formatCSV))
	h("GET /ratifications.json", s.exportEvents(formatJSON))
	h("GET /ratifications.xlsx", s.exportEvents(formatXLSX))
	h("GET /instruments.csv", s.exportInstruments(formatCSV))
	h("GET /instruments.json", s.exportInstruments(formatJSON))
	h("GET /instruments.xlsx", s.exportInstruments(formatXLSX))
	h("GET /countries/{code}/instruments.csv", s.exportCountryInstruments(formatCSV))
	h("GET /countries/{code}/instruments.json", s.exportCountryInstruments(formatJSON))
	h("GET /countries/{code}/instruments.xlsx", s.exportCountryInstruments(formatXLSX))
	h("GET /instruments/feed.atom", s.standardsFeed)
	h("GET /instruments/{code}/feed.atom", s.standardsFeed)

	// The JSON API.
	h("GET /api/v1/practices", s.apiPractices)
	h("GET /api/v1/practices/{id}", s.apiPracticeByID)
	h("GET /api/v1/vocabularies", s.apiVocabularies)
	h("GET /api/v1/countries", s.apiCountries)
	h("GET /api/v1/regions", s.apiRegions)
	h("GET /api/v1/countries/{code}/instruments", s.apiCountryInstruments)
	h("GET /api/v1/instruments", s.apiInstruments)
	h("GET /api/v1/instruments/{code}", s.apiInstrumentByCode)
	h("GET /api/v1/instruments/{code}/parties", s.apiParties)
	h("GET /api/v1/instruments/{code}/timeline", s.apiTimeline)
	h("GET /api/v1/ratifications", s.apiRatifications)
	h("GET /api/v1/openapi.json", s.apiOpenAPI)
	h("/api/", s.unrouted(mux))

	// Operations and assets.
	h("GET /healthz", s.healthz)
	if !s.cfg.MetricsElsewhere {
		h("GET /metrics", plain(s.MetricsHandler()))
	}
	h("GET /static/{hash}/{file}", s.assets.serve)
	h("GET /favicon.ico", s.favicon)
	h("/", s.unrouted(mux))

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	return s.observe(cop.Handler(mux))
}

// plain adapts an http.Handler that writes its own errors to a handlerFunc.
func plain(h http.Handler) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		h.ServeHTTP(w, r)
		return nil
	}
}
