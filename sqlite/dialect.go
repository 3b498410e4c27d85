package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/sqlstore"
	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect is SQLite's part of the store.
type dialect struct{}

var _ sqlstore.Dialect = dialect{}

func (dialect) Name() string               { return "sqlite" }
func (dialect) NumberedPlaceholders() bool { return false }
func (dialect) ForUpdate() string          { return "" }

// DropIdle does nothing: an embedded database has no connections to lose.
func (dialect) DropIdle() {}

// Time stores timestamps as fixed-width text, which sorts as time does.
func (dialect) Time(t time.Time) any { return t.UTC().Format(sqlstore.TimeFormat) }

func (dialect) ReadTx() *sql.TxOptions  { return &sql.TxOptions{ReadOnly: true} }
func (dialect) WriteTx() *sql.TxOptions { return nil } // IMMEDIATE, from the DSN

// Lock does nothing: the one writer connection serialises writes.
func (dialect) Lock(context.Context, *sqlstore.Tx, ...string) error { return nil }

// Classify marks a database that stays locked past the busy timeout as
// unavailable, a unique key taken as a conflict, and other constraint
// failures as invalid input.
func (dialect) Classify(err error) error {
	var e *sqlite.Error
	if err == nil || !errors.As(err, &e) {
		return err
	}
	switch code := e.Code(); {
	case code&0xff == sqlite3.SQLITE_BUSY || code&0xff == sqlite3.SQLITE_LOCKED:
		return errors.Join(lmo.Errorf(lmo.EUNAVAILABLE, "The database is busy. Please try again in a moment."), err)
	case code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return errors.Join(lmo.Errorf(lmo.ECONFLICT, "This conflicts with a record that already exists."), err)
	case code&0xff == sqlite3.SQLITE_CONSTRAINT:
		return errors.Join(lmo.Errorf(lmo.EINVALID, "The database refused a value that breaks one of its rules."), err)
	}
	return err
}

// ColumnsSQL lists the columns of every table from sqlite_schema.
func (dialect) ColumnsSQL() string {
	return `SELECT m.name, c.name FROM sqlite_schema m JOIN pragma_table_info(m.name) c
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY m.name, c.cid`
}

// BinaryOrder is empty: SQLite compares text bytewise (BINARY) by default.
func (dialect) BinaryOrder() string { return "" }

// ResetIdentity does nothing: SQLite's next rowid follows the largest.
// EmptyAppendOnly drops table's triggers, deletes its rows and creates
// the triggers again from their stored definitions, all inside tx (SQLite's
// DDL is transactional), since SQLite cannot disable a trigger.
func (dialect) EmptyAppendOnly(ctx context.Context, tx *sqlstore.Tx, table string) error {
	var names, defs []string
	err := tx.Each(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? ORDER BY name`, []any{table},
		func(rows *sql.Rows) error {
			var name, def string
			names, defs = append(names, name), append(defs, def)
			return rows.Scan(&names[len(names)-1], &defs[len(defs)-1])
		})
	if err != nil {
		return fmt.Errorf("read the triggers of %s: %w", table, err)
	}
	for _, name := range names {
		if _, err := tx.Exec(ctx, `DROP TRIGGER "`+name+`"`); err != nil {
			return fmt.Errorf("drop trigger %s: %w", name, err)
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM `+table); err != nil {
		return fmt.Errorf("empty %s: %w", table, err)
	}
	for i, def := range defs {
		if _, err := tx.Exec(ctx, def); err != nil {
			return fmt.Errorf("create trigger %s again: %w", names[i], err)
		}
	}
	return nil
}

func (dialect) ResetIdentity(context.Context, *sqlstore.Tx, string) error { return nil }

// bm25Weights weigh the full-text columns: title, summary, body,
// organisations, countries, topics.
const bm25Weights = `10.0, 5.0, 1.0, 3.0, 3.0, 2.0`

// indexSQL writes the FTS5 rows of the published practices that match a
// scope (a condition on p): the same six fields as the in-memory full-text
// index reads (sqlstore.PracticeTextSQL), which searches use; the FTS5 table
// is kept for now, and nothing searches it.
var indexSQL = `INSERT INTO practices_fts (rowid, title, summary, body, organisations, countries, topics) ` + sqlstore.PracticeTextSQL

// ReindexPractices replaces the FTS5 rows of the practices matching scope.
func (dialect) ReindexPractices(ctx context.Context, tx *sqlstore.Tx, scope string, args ...any) error {
	clear := `DELETE FROM practices_fts WHERE rowid IN (SELECT p.id FROM practices p WHERE ` + scope + `)`
	if scope == "" {
		clear, scope = `DELETE FROM practices_fts`, "1 = 1"
	}
	if _, err := tx.Exec(ctx, clear, args...); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, indexSQL+scope, args...)
	return err
}

// PracticeQuery renders q for FTS5: the positive part to MATCH, the
// excluded terms as a second MATCH to subtract, and the BM25 order.
func (dialect) PracticeQuery(q lmo.Query) sqlstore.TextQuery {
	match, exclude := ftsQuery(q)
	var tq sqlstore.TextQuery
	if match == "" && exclude == "" {
		return tq
	}
	tq.Key = match + "\x00" + exclude
	const ids = `SELECT group_concat(rowid) FROM practices_fts WHERE practices_fts MATCH ?`
	if match != "" {
		tq.Match = sqlstore.Stmt{SQL: ids, Args: []any{match}}
		tq.Rank = sqlstore.Stmt{SQL: `SELECT group_concat(rowid) FROM (SELECT rowid FROM practices_fts
			WHERE practices_fts MATCH ? AND rank MATCH 'bm25(` + bm25Weights + `)' ORDER BY rank)`, Args: []any{match}}
	}
	if exclude != "" {
		tq.Exclude = sqlstore.Stmt{SQL: ids, Args: []any{exclude}}
	}
	return tq
}

// ftsQuery renders q in FTS5's query syntax: the positive part to MATCH and
// the excluded terms as a second expression to subtract. Every token is
// quoted, so nothing a person types is read as FTS5 syntax.
func ftsQuery(q lmo.Query) (match, exclude string) {
	clauses, excluded := q.Render(ftsTerm, " OR ")
	for i, c := range clauses {
		clauses[i] = "(" + c + ")"
	}
	return strings.Join(clauses, " AND "), strings.Join(excluded, " OR ")
}

func ftsTerm(t lmo.QueryTerm) string {
	s := `"` + strings.ReplaceAll(strings.Join(t.Tokens, " "), `"`, `""`) + `"`
	if t.Prefix {
		s += "*"
	}
	return s
}
