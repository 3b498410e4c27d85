package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// Dialect is what really differs between the databases the store runs on.
// Everything else (the SQL of every module, the rules, the transactions) is
// written once in this package. The sqlite and postgres packages each
// implement one.
type Dialect interface {
	// Name is "sqlite" or "postgres", for logs and schema checks.
	Name() string
	// NumberedPlaceholders reports whether queries number their parameters ($1,
	// $2...) instead of writing ? (the store writes ?; Tx rebinds).
	NumberedPlaceholders() bool
	// Time encodes t for the dialect's timestamp columns.
	Time(t time.Time) any
	// ReadTx and WriteTx are the options of read and write transactions.
	ReadTx() *sql.TxOptions
	WriteTx() *sql.TxOptions
	// DropIdle closes the idle connections of the pool, after one of them
	// proved dead (a server restart kills them all), so that a retry gets a
	// fresh one; a no-op for an embedded database.
	DropIdle()
	// ForUpdate is the clause that locks the rows a SELECT reads until the
	// transaction ends (" FOR UPDATE"), or "" where writers are serialised.
	ForUpdate() string
	// Lock takes tables for the rest of tx, where concurrent writers could
	// otherwise interleave (PostgreSQL); a no-op where there is one writer.
	Lock(ctx context.Context, tx *Tx, tables ...string) error
	// Classify wraps a driver error with its lmo code where one applies:
	// EUNAVAILABLE when the database cannot be reached, ECONFLICT for a
	// unique key taken by a concurrent writer, EINVALID for a value the
	// database refuses. Other errors come back unchanged.
	Classify(err error) error
	// ColumnsSQL selects (table, column) for every column of every table.
	ColumnsSQL() string
	// BinaryOrder follows a text column in ORDER BY to compare bytes, so
	// that both databases read rows in the same order.
	BinaryOrder() string
	// ResetIdentity moves the id sequence of table past its largest id,
	// after rows were written with their ids (a copy).
	ResetIdentity(ctx context.Context, tx *Tx, table string) error
	// EmptyAppendOnly deletes every row of an append-only table (the audit
	// log), past the triggers that refuse deletes, inside tx: only a forced
	// lmo copy does, replacing the whole observatory.
	EmptyAppendOnly(ctx context.Context, tx *Tx, table string) error
	// PracticeText is the full-text part of practices.
	PracticeText
}

// PracticeText is how a dialect indexes and searches the words of
// practices: FTS5 on SQLite, a weighted tsvector on PostgreSQL.
type PracticeText interface {
	// ReindexPractices rewrites the full-text entries of the practices p
	// that match scope (a condition on p with ? parameters), published ones
	// only; an empty scope means every practice, and clears entries left by
	// practices that are gone.
	ReindexPractices(ctx context.Context, tx *Tx, scope string, args ...any) error
	// PracticeQuery renders a parsed query as the statements that find and
	// rank its matches.
	PracticeQuery(q lmo.Query) TextQuery
}

// TextQuery is a parsed query rendered for a dialect's full-text engine.
// Each statement selects one row with one column: the matching ids joined
// by commas (NULL for none).
type TextQuery struct {
	// Key identifies the words as the engine reads them ("" for none); it
	// keys the cache of recent searches' words.
	Key string
	// Match selects the practices that match; Exclude (if any) those to
	// take away from them.
	Match, Exclude Stmt
	// Rank selects the practices that match the positive words, best first.
	Rank Stmt
}

// Stmt is a statement and its arguments; an empty SQL means none.
type Stmt struct {
	SQL  string
	Args []any
}

// rebind rewrites the ? placeholders of query as $1, $2..., leaving
// question marks inside quoted strings and identifiers alone.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// nullInt maps 0 to NULL.
func nullInt(v int) any {
	if v == 0 {
		return nil
	}
	return v
}

// timeScanner scans a timestamp however the driver hands it over: as a
// time.Time (PostgreSQL) or as the fixed-width text SQLite stores.
type timeScanner struct{ t *time.Time }

// TimeFormat is how timestamps are written where they are stored as text
// (SQLite): fixed-width, so that they sort as text, to the microsecond.
const TimeFormat = "2006-01-02T15:04:05.000000Z"

// Scan implements sql.Scanner.
func (s timeScanner) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*s.t = time.Time{}
	case time.Time:
		*s.t = v.UTC()
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	default:
		return lmo.Errorf(lmo.EINTERNAL, "a timestamp column holds %T", v)
	}
	return nil
}

func (s timeScanner) parse(v string) error {
	t, err := time.Parse(TimeFormat, v)
	if err != nil {
		if t, err = time.Parse(time.RFC3339Nano, v); err != nil {
			return err
		}
	}
	*s.t = t.UTC()
	return nil
}

// scanTime returns a scanner that stores a timestamp column in t.
func scanTime(t *time.Time) sql.Scanner { return timeScanner{t} }
