package main

import (
	"context"
	"flag"
	"strings"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/sqlstore"
	"github.com/lmo-observatory/lmo/postgres"
	"github.com/lmo-observatory/lmo/sqlite"
)

// store is what the commands need of a backend; both sqlite.DB and
// postgres.DB are one.
type store interface {
	lmo.CountryService
	lmo.VocabularyService
	lmo.PracticeService
	lmo.StandardService
	lmo.StatisticsService
	lmo.AccountService
	lmo.AuditService
	lmo.WorkflowService
	lmo.ProjectService
	lmo.AgreementService
	DataVersions(ctx context.Context) (lmo.DataVersions, error)
	Ping(ctx context.Context) error
	RebuildIndexes(ctx context.Context) error
	Database() *sqlstore.DB
	Close() error
}

var (
	_ store = (*sqlite.DB)(nil)
	_ store = (*postgres.DB)(nil)
)

// isPostgres reports whether dsn names a PostgreSQL database rather than a
// SQLite file.
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// openStore opens (and migrates) the database that dsn names: a postgres://
// URL or the path of a SQLite file.
func openStore(ctx context.Context, dsn string) (store, error) {
	if isPostgres(dsn) {
		return postgres.Open(ctx, dsn)
	}
	return sqlite.Open(ctx, dsn)
}

// dbFlag adds the database flag shared by the commands. Its default comes
// from LMO_DATABASE_URL, then LMO_DB, then ./lmo.db.
func dbFlag(fs *flag.FlagSet) *string {
	def := envOr("LMO_DATABASE_URL", envOr("LMO_DB", "lmo.db"))
	return fs.String("db", def, "database: a SQLite file or a postgres:// URL (env LMO_DATABASE_URL or LMO_DB)")
}

// redact hides the password of a database URL for logs.
func redact(dsn string) string {
	if !isPostgres(dsn) {
		return dsn
	}
	scheme, rest, _ := strings.Cut(dsn, "://")
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		if user, _, hasPass := strings.Cut(rest[:at], ":"); hasPass {
			return scheme + "://" + user + ":***@" + rest[at+1:]
		}
	}
	return dsn
}
