package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/sqlstore"
)

// dialect is PostgreSQL's part of the store, on one pool and the
// database/sql handle over it, which keeps up to idle connections.
type dialect struct {
	pool  *pgxpool.Pool
	sqlDB *sql.DB
	idle  int
}

var _ sqlstore.Dialect = dialect{}

func (dialect) Name() string               { return "postgres" }
func (dialect) NumberedPlaceholders() bool { return true }
func (dialect) ForUpdate() string          { return " FOR UPDATE" }

// DropIdle closes the idle connections, database/sql's and the pool's: when
// one was found dead, the server has likely restarted and the others are
// dead too.
func (d dialect) DropIdle() {
	d.sqlDB.SetMaxIdleConns(0) // closes database/sql's idle connections
	d.sqlDB.SetMaxIdleConns(d.idle)
	d.pool.Reset()
}

// Time passes timestamps as they are, to timestamptz columns.
func (dialect) Time(t time.Time) any { return t }

// ReadTx is one read-only snapshot for the several queries of a method.
func (dialect) ReadTx() *sql.TxOptions {
	return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
}

// WriteTx is READ COMMITTED, with row and table locks where they matter.
func (dialect) WriteTx() *sql.TxOptions { return &sql.TxOptions{Isolation: sql.LevelReadCommitted} }

// Lock takes tables in SHARE ROW EXCLUSIVE mode: concurrent readers go on,
// concurrent writers of the same tables (an import on another node) queue.
func (dialect) Lock(ctx context.Context, tx *sqlstore.Tx, tables ...string) error {
	if _, err := tx.Exec(ctx, `LOCK TABLE `+strings.Join(tables, ", ")+` IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return fmt.Errorf("lock %s: %w", strings.Join(tables, ", "), err)
	}
	return nil
}

// Classify marks errors that mean the database cannot be reached (refused or
// lost connections, a server shutting down or starting up) as EUNAVAILABLE,
// a unique key taken as ECONFLICT and a value the database refuses (a bad
// encoding, a broken constraint) as EINVALID, keeping the cause in the
// chain for the log.
func (dialect) Classify(err error) error { return classify(err) }

func classify(err error) error {
	if err == nil {
		return nil
	}
	if unreachable(err) {
		return fmt.Errorf("%w: %w", errUnavailable, err)
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return err
	}
	switch {
	case pgErr.Code == "23505":
		return fmt.Errorf("%w: %w", lmo.Errorf(lmo.ECONFLICT, "This conflicts with a record that already exists."), err)
	case strings.HasPrefix(pgErr.Code, "23") || pgErr.Code == "22021":
		return fmt.Errorf("%w: %w", lmo.Errorf(lmo.EINVALID, "The database refused a value that breaks one of its rules."), err)
	}
	return err
}

var errUnavailable = &lmo.Error{Code: lmo.EUNAVAILABLE, Message: "The database is not answering. Please try again in a moment."}

func unreachable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// Class 08: connection exception; 57P01-57P03: shutdown, crash,
		// cannot connect now.
		return strings.HasPrefix(pgErr.Code, "08") || pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03"
	}
	var netErr net.Error
	var connErr *pgconn.ConnectError
	return errors.As(err, &netErr) || errors.As(err, &connErr) || pgconn.SafeToRetry(err) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || strings.Contains(err.Error(), "conn closed")
}

// ColumnsSQL lists the columns of every table of the current schema.
func (dialect) ColumnsSQL() string {
	return `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`
}

// BinaryOrder compares text bytewise, as SQLite does.
func (dialect) BinaryOrder() string { return ` COLLATE "C"` }

// ResetIdentity sets the sequence of table's id past its largest id.
// EmptyAppendOnly truncates table: TRUNCATE fires no row trigger, so the
// audit log's refusal of DELETE does not apply, and it is transactional.
func (dialect) EmptyAppendOnly(ctx context.Context, tx *sqlstore.Tx, table string) error {
	if _, err := tx.Exec(ctx, `TRUNCATE `+table); err != nil {
		return fmt.Errorf("truncate %s: %w", table, err)
	}
	return nil
}

func (dialect) ResetIdentity(ctx context.Context, tx *sqlstore.Tx, table string) error {
	q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%[1]s', 'id'), coalesce(max(id), 0) + 1, false) FROM %[1]s`, table)
	if _, err := tx.Exec(ctx, q); err != nil {
		return fmt.Errorf("reset the id sequence of %s: %w", table, err)
	}
	return nil
}

// indexSQL sets the weighted full-text vector of the practices that match a
// scope (a condition on p): A title, B summary (both with those of the
// practice's translations), C organisations, country names
// in three languages and the labels of the practice's tags, D description,
// results and lessons. Unpublished practices have none.
const indexSQL = `UPDATE practices p SET search = CASE WHEN p.review_status <> 'published' THEN NULL ELSE
	setweight(to_tsvector('lmo', p.title || ' ' ||
		(SELECT coalesce(string_agg(x.title, ' '), '') FROM practice_texts x WHERE x.practice_id = p.id)), 'A') ||
	setweight(to_tsvector('lmo', p.summary || ' ' ||
		(SELECT coalesce(string_agg(x.summary, ' '), '') FROM practice_texts x WHERE x.practice_id = p.id)), 'B') ||
	setweight(to_tsvector('lmo',
		(SELECT coalesce(string_agg(o.name || ' ' || o.acronym, ' '), '') FROM practice_organisations po
			JOIN organisations o ON o.id = po.organisation_id WHERE po.practice_id = p.id) || ' ' ||
		(SELECT coalesce(string_agg(name_en || ' ' || name_fr || ' ' || name_es, ' '), '') FROM countries
			WHERE code IN (SELECT country FROM practice_countries WHERE practice_id = p.id)) || ' ' ||
		(SELECT coalesce(string_agg(CASE pt.vocabulary_id WHEN 'instrument' THEN t.code || ' ' ELSE '' END || t.label, ' '), '')
			FROM practice_terms pt JOIN terms t ON t.vocabulary_id = pt.vocabulary_id AND t.code = pt.code
			WHERE pt.practice_id = p.id AND pt.vocabulary_id IN ('theme', 'target-group', 'migration-stage', 'instrument'))), 'C') ||
	setweight(to_tsvector('lmo', p.description || ' ' || p.results || ' ' || p.lessons), 'D') END
	WHERE `

// ReindexPractices rewrites the tsvector of the practices matching scope.
func (dialect) ReindexPractices(ctx context.Context, tx *sqlstore.Tx, scope string, args ...any) error {
	if scope == "" {
		scope = "TRUE"
	}
	_, err := tx.Exec(ctx, indexSQL+scope, args...)
	return err
}

// PracticeQuery renders q for to_tsquery, matched against the tsvector and
// ranked by ts_rank; exclusions are part of the one tsquery.
func (dialect) PracticeQuery(q lmo.Query) sqlstore.TextQuery {
	tsq := tsQuery(q)
	if tsq == "" {
		return sqlstore.TextQuery{}
	}
	return sqlstore.TextQuery{
		Key: tsq,
		Match: sqlstore.Stmt{SQL: `SELECT string_agg(CAST(id AS text), ',') FROM practices WHERE search @@ to_tsquery('lmo', ?)`,
			Args: []any{tsq}},
		Rank: sqlstore.Stmt{SQL: `SELECT string_agg(CAST(id AS text), ',' ORDER BY ts_rank(search, q) DESC, id DESC)
			FROM practices, to_tsquery('lmo', ?) q WHERE search @@ q`, Args: []any{tsq}},
	}
}

// tsQuery renders q in to_tsquery syntax: clauses ANDed, alternatives ORed,
// phrases with <->, prefixes with :*, exclusions as !(...). Tokens are
// letters and digits only and quoted, so nothing typed is read as syntax.
func tsQuery(q lmo.Query) string {
	clauses, excluded := q.Render(tsTerm, " | ")
	for i, c := range clauses {
		clauses[i] = "(" + c + ")"
	}
	if len(excluded) > 0 {
		clauses = append(clauses, "!("+strings.Join(excluded, " | ")+")")
	}
	return strings.Join(clauses, " & ")
}

func tsTerm(t lmo.QueryTerm) string {
	toks := make([]string, len(t.Tokens))
	for i, tok := range t.Tokens {
		toks[i] = "'" + strings.ReplaceAll(tok, "'", "''") + "'"
	}
	if t.Prefix {
		toks[len(toks)-1] += ":*"
	}
	return "(" + strings.Join(toks, " <-> ") + ")"
}
