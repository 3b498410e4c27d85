// Package web serves the observatory over HTTP: server-rendered pages that
// work without JavaScript, the JSON API under /api/v1 with its OpenAPI
// document, exports and feeds. Every route is listed in routes.go. Before
// any handler runs, its path and query values pass the edge checks
// (edge.go: UTF-8, no control characters, bounded lengths; 400 otherwise).
// Handlers return errors; one adapter (errors.go) turns them, and any error
// status that net/http writes inside a handler, into an HTML page or RFC
// 9457 problem JSON, and internal details go only to the log.
package web

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/prometheus/client_golang/prometheus"
)

// Pinger checks that the database answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Config holds what a Server needs.
type Config struct {
	Practices    lmo.PracticeService
	Countries    lmo.CountryService
	Vocabularies lmo.VocabularyService
	Standards    lmo.StandardService
	// Statistics serves the statistics pages, API and downloads; nil
	// leaves them out (their routes answer 404) and the home and country
	// pages without figures.
	Statistics lmo.StatisticsService
	// Workflow moves records through review (the API's workflow actions,
	// revisions, suggestions and review queue, and the workflow's pages:
	// the form, review, diffs, suggestions); nil leaves those routes
	// answering 404.
	Workflow lmo.WorkflowService
	// Agreements serves the agreements' pages, downloads and API; nil
	// leaves their routes answering 404.
	Agreements lmo.AgreementService
	// Projects serves the projects and organisations pages, API and
	// downloads; nil leaves them out (their routes answer 404).
	Projects lmo.ProjectService
	DB       Pinger
	// Versions reads the data versions that cached answers are validated
	// and kept by (respcache.go); nil turns the response cache off.
	Versions Versioner
	// CacheBytes bounds the node's response cache; 0 means 64 MiB.
	CacheBytes int64
	Logger     *slog.Logger
	// Registry receives the server's metrics; nil means a new registry.
	Registry *prometheus.Registry
	// BaseURL is the public address, for feeds and citations; when empty
	// it is taken from each request.
	BaseURL string
	// Version is shown in the footer and /healthz.
	Version string
	// MetricsElsewhere leaves /metrics out of the site's routes: the
	// caller serves MetricsHandler on an address of its own.
	MetricsElsewhere bool
	// Accounts signs people in and keeps their sessions and API tokens
	// (auth.go); nil means no accounts: the sign-in and account pages
	// answer 404 and the site is read-only.
	Accounts lmo.AccountService
	// Audit serves the audit log's page and download to administrators;
	// nil leaves them out.
	Audit lmo.AuditService
	// ClientIPHeader names the header in which a trusted reverse proxy
	// passes the client's address ("X-Forwarded-For"); the last address in
	// it, the one the proxy added, is the client's. Empty: the address of
	// the connection. Set it only behind a proxy that sets the header, or
	// any client can choose its address in the audit log and sign-in
	// throttling.
	ClientIPHeader string
}

// Server is the HTTP side of the observatory. It holds no state that
// another node would need to see: every request reads the database.
type Server struct {
	cfg            Config
	log            *slog.Logger
	templates      map[string]map[string]*template.Template // by language, then page
	assets         *assets
	metrics        *metrics
	labelCache     versionedCache[*labels]                               // the reference data's labels, per reference version (labels.go)
	corridorRanks  versionedCache[corridorRanking]                       // the largest corridors of each country, per statistics version (places_corridors.go)
	catalogCache   versionedCache[*statCatalog]                          // the statistics catalog, per statistics version (places_cache.go)
	standardsCache versionedCache[*standardsData]                        // the instruments and events, per standards version (places_cache.go)
	corridorLatest versionedCache[map[string]*corridorLatest]            // the bilateral indicators' latest values, per statistics version (statistics_country.go)
	regionTotals   versionedCache[map[string]map[string]map[int]float64] // the yearly totals regions sum, per statistics version (places_region.go)
	registry       *prometheus.Registry
	handler        http.Handler
	exports        exportSlots // the large downloads in flight (exportslots.go)
	cache          *responseCache
	patterns       []string // every route's pattern, in the order routes.go registers them
}

// NewServer parses the templates and builds the routes.
func NewServer(cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
	}
	s := &Server{cfg: cfg, log: cfg.Logger, registry: cfg.Registry}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.templates, err = s.parseTemplates(); err != nil {
		return nil, err
	}
	s.metrics = newMetrics(cfg.Registry)
	if cfg.CacheBytes == 0 {
		cfg.CacheBytes = 64 << 20
	}
	s.cache = newResponseCache(cfg.CacheBytes, cfg.Registry)
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// HTTPServer returns an *http.Server for s with timeouts and header limits
// that a public server needs.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      60 * time.Second, // exports of large lists
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}
