package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/starter"
	"github.com/lmo-observatory/lmo/web"
)

// Main is the running program: the composition root that opens the store,
// seeds it, and serves HTTP. Tests start it on port 0.
type Main struct {
	Addr    string // listen address
	DBPath  string // SQLite file or postgres:// URL
	BaseURL string // public address, for feeds and citations
	NoSeed  bool   // do not seed an empty database
	Logger  *slog.Logger
	// MetricsAddr, when set, is the listen address of /metrics, which is
	// then not served on Addr (so that operators can keep it private).
	MetricsAddr string
	// CacheMB bounds the node's response cache in MiB (0: the default, 64);
	// negative turns it off (answers are then rendered every time and
	// validated by their bytes).
	CacheMB int
	// ClientIPHeader names the header in which a trusted reverse proxy
	// passes the client's address (web.Config.ClientIPHeader); empty: the
	// connection's address.
	ClientIPHeader string

	DB      store
	server  *http.Server
	ln      net.Listener
	done    chan error
	metrics *metricsServer
}

// Run opens the database, seeds it when empty, and starts serving in the
// background. Close stops it.
func (m *Main) Run(ctx context.Context) error {
	if m.Logger == nil {
		m.Logger = slog.Default()
	}
	var err error
	if m.DB, err = openStore(ctx, m.DBPath); err != nil {
		return err
	}
	if !m.NoSeed {
		if err := seedIfEmpty(ctx, m.DB, m.Logger); err != nil {
			return err
		}
	}
	cfg := web.Config{Practices: m.DB, Countries: m.DB, Vocabularies: m.DB, Standards: m.DB, Statistics: m.DB, Workflow: m.DB, Agreements: m.DB, Projects: m.DB, DB: m.DB, Versions: m.DB,
		CacheBytes: int64(m.CacheMB) << 20, Logger: m.Logger, BaseURL: m.BaseURL, Version: version(), MetricsElsewhere: m.MetricsAddr != "",
		Accounts: m.DB, Audit: m.DB, ClientIPHeader: m.ClientIPHeader}
	if m.CacheMB < 0 {
		cfg.Versions, cfg.CacheBytes = nil, 0
	}
	srv, err := web.NewServer(cfg)
	if err != nil {
		return err
	}
	if m.MetricsAddr != "" {
		if m.metrics, err = startMetrics(m.MetricsAddr, srv.MetricsHandler(), m.Logger); err != nil {
			return err
		}
	}
	if m.ln, err = net.Listen("tcp", m.Addr); err != nil {
		return fmt.Errorf("listen on %s: %w", m.Addr, err)
	}
	m.server = srv.HTTPServer(m.Addr)
	m.done = make(chan error, 1)
	go func() { m.done <- m.server.Serve(m.ln) }()
	m.Logger.Info("serving", slog.String("url", m.URL()), slog.String("db", redact(m.DBPath)))
	return nil
}

// URL returns the address the program listens on.
func (m *Main) URL() string {
	addr := m.ln.Addr().(*net.TCPAddr)
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "localhost"
	}
	return fmt.Sprintf("http://%s", net.JoinHostPort(host, fmt.Sprint(addr.Port)))
}

// Close shuts the server down gracefully, letting requests in flight finish
// for up to ten seconds, then closes the database.
func (m *Main) Close() error {
	var errs []error
	if m.metrics != nil {
		errs = append(errs, m.metrics.close())
	}
	if m.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		errs = append(errs, m.server.Shutdown(ctx))
		if err := <-m.done; !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	if m.DB != nil {
		errs = append(errs, m.DB.Close())
	}
	return errors.Join(errs...)
}

// seedIfEmpty loads the starter dataset into a database that has no
// countries yet: the first start.
func seedIfEmpty(ctx context.Context, db store, log *slog.Logger) error {
	countries, err := db.FindCountries(ctx)
	if err != nil {
		return err
	}
	if len(countries) > 0 {
		return errors.Join(seedStandardsIfNone(ctx, db, log), seedStatisticsIfNone(ctx, db, log), seedAgreementsIfNone(ctx, db, log), seedProjectsIfNone(ctx, db, log))
	}
	data, err := starter.Load()
	if err != nil {
		return err
	}
	counts, err := starter.Seed(ctx, db, data)
	if err != nil {
		return err
	}
	log.Info("seeded the starter dataset", slog.Int("countries", len(data.Countries)), slog.Int("practices", counts.Created))
	return nil
}

// seedStandardsIfNone adds the starter's instruments and events to an
// observatory created before the standards module, which has none; nothing
// else of the starter set is touched (its practices may have been edited).
func seedStandardsIfNone(ctx context.Context, db store, log *slog.Logger) error {
	instruments, err := db.FindInstruments(ctx)
	if err != nil || len(instruments) > 0 {
		return err
	}
	data, err := starter.Load()
	if err != nil {
		return err
	}
	counts, err := db.ImportStandards(lmo.NewContextWithUser(ctx, lmo.SystemUser), data.Standards, "starter dataset: standards added to an existing observatory")
	if err != nil {
		return fmt.Errorf("seed standards: %w", err)
	}
	log.Info("added the starter standards", slog.Int("instruments", counts.Instruments.Created), slog.Int("events", counts.Events.Created))
	return nil
}

// seedProjectsIfNone adds the starter's organisations and projects to an
// observatory created before the projects module, which has no
// organisations; nothing else is touched.
func seedProjectsIfNone(ctx context.Context, db store, log *slog.Logger) error {
	orgs, err := db.FindOrganisations(ctx)
	if err != nil || len(orgs) > 0 {
		return err
	}
	data, err := starter.Load()
	if err != nil {
		return err
	}
	counts, err := db.ImportDirectory(lmo.NewContextWithUser(ctx, lmo.SystemUser), data.Projects, "starter dataset: projects added to an existing observatory")
	if lmo.ErrorCode(err) == lmo.EINVALID {
		// The observatory's own vocabularies lack the starter's terms (its
		// organisation types or themes): it keeps running without them.
		log.Warn("the starter projects do not fit this observatory's vocabularies and were not added", slog.String("why", lmo.ErrorMessage(err)))
		return nil
	}
	if err != nil {
		return fmt.Errorf("seed projects: %w", err)
	}
	log.Info("added the starter projects", slog.Int("organisations", counts.Organisations.Created), slog.Int("projects", counts.Projects.Created))
	return nil
}

// seedAgreementsIfNone adds the starter agreements to an observatory
// created before the agreements module, which has none (not even
// unpublished ones); nothing else is touched.
func seedAgreementsIfNone(ctx context.Context, db store, log *slog.Logger) error {
	editor := lmo.NewContextWithUser(ctx, lmo.SystemUser)
	held, err := db.FindAgreements(editor, lmo.AgreementFilter{})
	if err != nil || len(held) > 0 {
		return err
	}
	data, err := starter.Load()
	if err != nil {
		return err
	}
	counts, err := db.ImportAgreements(editor, data.Agreements, "starter dataset: agreements added to an existing observatory")
	if err != nil {
		return fmt.Errorf("seed agreements: %w", err)
	}
	log.Info("added the starter agreements", slog.Int("agreements", counts.Created))
	return nil
}

// seedStatisticsIfNone adds the starter statistics to an observatory
// created before the statistics module, which has no datasets; nothing else
// is touched.
func seedStatisticsIfNone(ctx context.Context, db store, log *slog.Logger) error {
	datasets, err := db.FindDatasets(ctx)
	if err != nil || len(datasets) > 0 {
		return err
	}
	data, err := starter.Load()
	if err != nil {
		return err
	}
	if err := starter.SeedStatistics(ctx, db, data); err != nil {
		return err
	}
	log.Info("added the starter statistics", slog.Int("datasets", len(data.Statistics)))
	return nil
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", "Run the observatory. On first start the database is created, migrated and seeded.", stderr)
	m := &Main{}
	fs.StringVar(&m.Addr, "addr", envOr("LMO_ADDR", ":8080"), "listen address (env LMO_ADDR)")
	db := dbFlag(fs)
	fs.StringVar(&m.BaseURL, "base-url", envOr("LMO_BASE_URL", ""), "public base URL for feeds and citations (env LMO_BASE_URL)")
	fs.BoolVar(&m.NoSeed, "no-seed", false, "do not seed an empty database with the starter dataset")
	fs.StringVar(&m.MetricsAddr, "metrics-addr", envOr("LMO_METRICS_ADDR", ""),
		"serve /metrics on this address only, not on --addr (env LMO_METRICS_ADDR); empty: on --addr")
	fs.IntVar(&m.CacheMB, "cache-mb", envInt("LMO_CACHE_MB", 64), "size of the node's response cache in MiB; -1 turns it off (env LMO_CACHE_MB)")
	fs.StringVar(&m.ClientIPHeader, "client-ip-header", envOr("LMO_CLIENT_IP_HEADER", ""),
		"behind a reverse proxy: the header that carries the client's address, e.g. X-Forwarded-For; its last address is taken (env LMO_CLIENT_IP_HEADER). Set it only when the proxy sets the header")
	logJSON := fs.Bool("log-json", envOr("LMO_LOG_FORMAT", "") == "json", "log as JSON lines (env LMO_LOG_FORMAT=json)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	m.DBPath = *db
	var handler slog.Handler = slog.NewTextHandler(stderr, nil)
	if *logJSON {
		handler = slog.NewJSONHandler(stderr, nil)
	}
	m.Logger = slog.New(handler)
	if err := m.Run(ctx); err != nil {
		m.Close()
		return err
	}
	select {
	case <-ctx.Done():
		m.Logger.Info("shutting down")
	case err := <-m.done:
		m.done <- err // let Close see it
	}
	return m.Close()
}
