package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/postgres"
	"github.com/lmo-observatory/lmo/sqlite"
)

// copyKind is how a column's values are converted between the dialects.
type copyKind int

const (
	copyText copyKind = iota // TEXT / text
	copyInt                  // INTEGER / integer, bigint
	copyBool                 // INTEGER 0/1 / boolean
	copyTime                 // TEXT in copySQLiteTime / timestamptz
)

type copyColumn struct {
	name string
	kind copyKind
}

// copyTable says how to copy one table.
type copyTable struct {
	name    string
	columns []copyColumn
	key     []string // the primary key: the order of reads and checksums
	// identity is true for tables whose id is an identity column on
	// PostgreSQL, whose sequence is reset after a copy.
	identity bool
}

// copyTables lists every copied table in foreign-key order, with its columns.
// A column is "name" (text) or "name:int", "name:bool", "name:time". Derived
// full-text data is not copied (SQLite's practices_fts, PostgreSQL's
// practices.search): RebuildIndexes writes it on the target.
var copyTables = []copyTable{
	copySpec("regions", "code kind name parent", "code", false),
	copySpec("countries", "code alpha3 numeric name_en name_fr name_es m49_region m49_subregion m49_intermediate ilo_region", "code", false),
	copySpec("vocabularies", "id name description source position:int", "id", false),
	copySpec("terms", "vocabulary_id code label description position:int", "vocabulary_id code", false),
	copySpec("organisations", "id:int name acronym type country", "id", true),
	copySpec("practices", "id:int slug title summary description global:bool start_year:int end_year:int status results evidence_level language contact review_status version:int created_at:time updated_at:time", "id", true),
	copySpec("practice_countries", "practice_id:int country role position:int", "practice_id country role", false),
	copySpec("practice_corridors", "practice_id:int origin destination position:int", "practice_id origin destination", false),
	copySpec("practice_terms", "practice_id:int vocabulary_id code position:int", "practice_id vocabulary_id code", false),
	copySpec("practice_organisations", "practice_id:int organisation_id:int role position:int", "practice_id organisation_id role", false),
	copySpec("practice_sources", "practice_id:int position:int title publisher url year:int", "practice_id position", false),
	copySpec("practice_revisions", "practice_id:int version:int author note created_at:time snapshot", "practice_id version", false),
	copySpec("practice_facets", "facet value practice_id:int", "facet value practice_id", false),
	copySpec("audit_log", "id:int created_at:time actor action entity entity_id detail", "id", true),
}

// copySpec builds a copyTable from its compact specification.
func copySpec(name, columns, key string, identity bool) copyTable {
	t := copyTable{name: name, key: strings.Fields(key), identity: identity}
	kinds := map[string]copyKind{"": copyText, "int": copyInt, "bool": copyBool, "time": copyTime}
	for _, f := range strings.Fields(columns) {
		n, k, _ := strings.Cut(f, ":")
		kind, ok := kinds[k]
		if !ok {
			panic("copy: unknown column kind " + f)
		}
		t.columns = append(t.columns, copyColumn{n, kind})
	}
	for _, k := range t.key {
		if t.column(k) == nil {
			panic("copy: key column " + k + " not in " + name)
		}
	}
	return t
}

func (t copyTable) column(name string) *copyColumn {
	for i := range t.columns {
		if t.columns[i].name == name {
			return &t.columns[i]
		}
	}
	return nil
}

func (t copyTable) columnList() string {
	names := make([]string, len(t.columns))
	for i, c := range t.columns {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// copySQLiteTime is the sqlite package's fixed-width timestamp text.
const copySQLiteTime = "2006-01-02T15:04:05.000000Z"

// copySumTime is RFC 3339 in UTC with microseconds.
const copySumTime = "2006-01-02T15:04:05.000000Z07:00"

// copyDialect is the SQL flavour of one side of a copy.
type copyDialect struct{ postgres bool }

func (d copyDialect) String() string {
	if d.postgres {
		return "postgres"
	}
	return "sqlite"
}

// selectSQL reads a whole table ordered by primary key. Text keys are
// compared bytewise on both sides (SQLite's BINARY, PostgreSQL's "C"), so
// that both read rows in the same order.
func (d copyDialect) selectSQL(t copyTable) string {
	order := make([]string, len(t.key))
	for i, k := range t.key {
		order[i] = k
		if d.postgres && t.column(k).kind == copyText {
			order[i] += ` COLLATE "C"`
		}
	}
	return "SELECT " + t.columnList() + " FROM " + t.name + " ORDER BY " + strings.Join(order, ", ")
}

// insertSQL inserts rows rows of t.
func (d copyDialect) insertSQL(t copyTable, rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + t.name + " (" + t.columnList() + ") VALUES ")
	n := 0
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range t.columns {
			if c > 0 {
				b.WriteString(", ")
			}
			n++
			if d.postgres {
				b.WriteString("$" + strconv.Itoa(n))
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// copyDecode normalises a scanned value of either copyDialect to nil, string, int64,
// bool or time.Time (UTC).
func copyDecode(c copyColumn, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch c.kind {
	case copyText:
		switch v := v.(type) {
		case string:
			return v, nil
		case []byte:
			return string(v), nil
		}
	case copyInt:
		switch v := v.(type) {
		case int64:
			return v, nil
		case int32:
			return int64(v), nil
		}
	case copyBool:
		switch v := v.(type) {
		case bool:
			return v, nil
		case int64:
			if v == 0 || v == 1 {
				return v == 1, nil
			}
		}
	case copyTime:
		switch v := v.(type) {
		case time.Time:
			return v.UTC(), nil
		case string:
			t, err := time.Parse(copySQLiteTime, v)
			if err != nil {
				return nil, fmt.Errorf("column %s: timestamp %q is not in the format %s", c.name, v, copySQLiteTime)
			}
			return t, nil
		}
	}
	return nil, fmt.Errorf("column %s: unexpected value %#v (%T)", c.name, v, v)
}

// encode turns a decoded value into an argument for the copyDialect.
func (d copyDialect) encode(c copyColumn, v any) any {
	if v == nil || d.postgres {
		return v
	}
	switch v := v.(type) {
	case bool:
		if v {
			return int64(1)
		}
		return int64(0)
	case time.Time:
		return v.UTC().Format(copySQLiteTime)
	}
	return v
}

// copyHasher computes a table's checksum: SHA-256 over the canonical encoding
// of every row, in primary-key order. Each value is a tag and its text: 'N'
// for NULL; 'S', the byte length in decimal, ':' and the bytes for text; 'I' and
// the decimal for integers; 'B' and true or false for booleans; 'T' and RFC
// 3339 in UTC with microseconds for timestamps. Every row ends with '\n'.
type copyHasher struct {
	h    hash.Hash
	rows int64
	buf  []byte
}

func newCopyHasher() *copyHasher { return &copyHasher{h: sha256.New()} }

func (r *copyHasher) add(vals []any) {
	b := r.buf[:0]
	for _, v := range vals {
		switch v := v.(type) {
		case nil:
			b = append(b, 'N')
		case string:
			b = append(b, 'S')
			b = strconv.AppendInt(b, int64(len(v)), 10)
			b = append(b, ':')
			b = append(b, v...)
		case int64:
			b = append(b, 'I')
			b = strconv.AppendInt(b, v, 10)
			b = append(b, ';')
		case bool:
			b = append(b, 'B')
			b = strconv.AppendBool(b, v)
			b = append(b, ';')
		case time.Time:
			b = append(b, 'T')
			b = v.UTC().AppendFormat(b, copySumTime)
			b = append(b, ';')
		default:
			panic(fmt.Sprintf("copy: cannot hash %T", v))
		}
	}
	b = append(b, '\n')
	r.h.Write(b)
	r.buf = b
	r.rows++
}

// copySum is the row count and checksum of one table.
type copySum struct {
	Table string
	Rows  int64
	Sum   string // hex SHA-256
}

func (r *copyHasher) sum(table string) copySum {
	return copySum{Table: table, Rows: r.rows, Sum: hex.EncodeToString(r.h.Sum(nil))}
}

// copyQueryer is a *sql.DB, *sql.Tx or *sql.Conn.
type copyQueryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// copyScan streams the rows of t in primary-key order, decoded, to fn; vals
// is reused between calls.
func copyScan(ctx context.Context, q copyQueryer, d copyDialect, t copyTable, fn func(vals []any) error) error {
	rows, err := q.QueryContext(ctx, d.selectSQL(t))
	if err != nil {
		return fmt.Errorf("%s: read %s: %w", d, t.name, err)
	}
	defer rows.Close()
	raw := make([]any, len(t.columns))
	ptrs := make([]any, len(t.columns))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	vals := make([]any, len(t.columns))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("%s: read %s: %w", d, t.name, err)
		}
		for i, c := range t.columns {
			if vals[i], err = copyDecode(c, raw[i]); err != nil {
				return fmt.Errorf("%s: table %s: %w", d, t.name, err)
			}
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: read %s: %w", d, t.name, err)
	}
	return nil
}

// copySums returns the row count and checksum of every copied table.
func copySums(ctx context.Context, q copyQueryer, d copyDialect) ([]copySum, error) {
	sums := make([]copySum, len(copyTables))
	for i, t := range copyTables {
		h := newCopyHasher()
		if err := copyScan(ctx, q, d, t, func(vals []any) error { h.add(vals); return nil }); err != nil {
			return nil, err
		}
		sums[i] = h.sum(t.name)
	}
	return sums, nil
}

// copySQLDB returns a database/sql handle on a store and a function that
// releases it.
func copySQLDB(s store) (*sql.DB, copyDialect, func(), error) {
	switch s := s.(type) {
	case *sqlite.DB:
		return s.SQL(), copyDialect{}, func() {}, nil
	case *postgres.DB:
		db := stdlib.OpenDBFromPool(s.Pool())
		return db, copyDialect{postgres: true}, func() { db.Close() }, nil
	}
	return nil, copyDialect{}, nil, fmt.Errorf("copy: unsupported store %T", s)
}

// copySameDatabase reports whether two DSNs name the same database, as far as
// can be told without connecting.
func copySameDatabase(a, b string) bool {
	if isPostgres(a) != isPostgres(b) {
		return false
	}
	if isPostgres(a) {
		ca, errA := pgx.ParseConfig(a)
		cb, errB := pgx.ParseConfig(b)
		if errA != nil || errB != nil {
			return a == b
		}
		return ca.Host == cb.Host && ca.Port == cb.Port && ca.Database == cb.Database
	}
	if fa, err := os.Stat(a); err == nil {
		if fb, err := os.Stat(b); err == nil {
			return os.SameFile(fa, fb)
		}
	}
	pa, errA := filepath.Abs(a)
	pb, errB := filepath.Abs(b)
	return errA == nil && errB == nil && pa == pb
}

// copyBatchRows is how many rows one INSERT writes (under SQLite's and
// PostgreSQL's limits on parameters for every table here).
const copyBatchRows = 200

func runCopy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("copy", "Copy a whole observatory between databases (SQLite and PostgreSQL, either way), in one\n"+
		"transaction on the target, then verify row counts and checksums of every table and rebuild\n"+
		"the search indexes. A SQLite database is a file path, PostgreSQL a postgres:// URL.", stderr)
	from := fs.String("from", "", "source database: a SQLite file or a postgres:// URL (required)")
	to := fs.String("to", "", "target database: a SQLite file or a postgres:// URL (required)")
	force := fs.Bool("force", false, "replace the contents of a target that is not empty")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		fs.Usage()
		return errors.New("copy: --from and --to are required")
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("copy: unexpected arguments %q", fs.Args())
	}
	if copySameDatabase(*from, *to) {
		return fmt.Errorf("copy: the source and the target are the same database (%s)", redact(*to))
	}
	if !isPostgres(*from) {
		// Opening would create an empty database; a missing source is a mistake.
		if _, err := os.Stat(*from); err != nil {
			return fmt.Errorf("copy: source %s: %w", *from, err)
		}
	}
	start := time.Now()
	src, err := openStore(ctx, *from)
	if err != nil {
		return fmt.Errorf("copy: open source %s: %w", redact(*from), err)
	}
	defer src.Close()
	dst, err := openStore(ctx, *to)
	if err != nil {
		return fmt.Errorf("copy: open target %s: %w", redact(*to), err)
	}
	defer dst.Close()

	opened := time.Now()
	sums, err := copyStore(ctx, src, dst, redact(*to), *force)
	if err != nil {
		return err
	}
	copied := time.Now()
	if err := dst.RebuildIndexes(lmo.NewContextWithUser(ctx, lmo.SystemUser)); err != nil {
		return fmt.Errorf("copy: the data was copied to %s but rebuilding its search indexes failed (run the copy again with --force): %w", redact(*to), err)
	}

	fmt.Fprintf(stdout, "copied %s -> %s\n", redact(*from), redact(*to))
	var total int64
	for _, s := range sums {
		fmt.Fprintf(stdout, "  %-24s %8d rows  sha256 %s\n", s.Table, s.Rows, s.Sum[:16])
		total += s.Rows
	}
	fmt.Fprintf(stdout, "  %-24s %8d rows  verified: counts and checksums match\n", "total", total)
	fmt.Fprintf(stdout, "took %s (open and migrate %s, copy and verify %s, rebuild indexes %s)\n",
		copyMS(time.Since(start)), copyMS(opened.Sub(start)), copyMS(copied.Sub(opened)), copyMS(time.Since(copied)))
	return nil
}

func copyMS(d time.Duration) time.Duration { return d.Round(time.Millisecond) }

// copyStore copies every table of src to dst in one transaction on dst,
// verifies the copy before committing, and returns the source's sums.
func copyStore(ctx context.Context, src, dst store, target string, force bool) ([]copySum, error) {
	srcDB, srcD, release, err := copySQLDB(src)
	if err != nil {
		return nil, err
	}
	defer release()
	dstDB, dstD, release2, err := copySQLDB(dst)
	if err != nil {
		return nil, err
	}
	defer release2()

	// One snapshot of the source for every table.
	opts := &sql.TxOptions{ReadOnly: true}
	if srcD.postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	rtx, err := srcDB.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("copy: source: %w", err)
	}
	defer rtx.Rollback()

	tx, err := dstDB.BeginTx(ctx, nil) // IMMEDIATE on SQLite
	if err != nil {
		return nil, fmt.Errorf("copy: target %s: %w", target, err)
	}
	defer tx.Rollback()

	names := make([]string, len(copyTables))
	for i, t := range copyTables {
		names[i] = t.name
	}
	if dstD.postgres {
		// Readers go on; writers wait until the copy commits.
		if _, err := tx.ExecContext(ctx, `LOCK TABLE `+strings.Join(names, ", ")+` IN EXCLUSIVE MODE`); err != nil {
			return nil, fmt.Errorf("copy: lock target %s: %w", target, err)
		}
	}
	for _, t := range copyTables {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM `+t.name+` LIMIT 1) AS t`).Scan(&n); err != nil {
			return nil, fmt.Errorf("copy: target %s: %w", target, err)
		}
		if n > 0 && !force {
			return nil, fmt.Errorf("copy: the target %s is not empty (table %s has rows); use --force to replace its contents", target, t.name)
		}
	}
	if force {
		// Children first; on SQLite the full-text rows too, which would
		// otherwise outlive their practices until RebuildIndexes.
		empty := slices.Clone(names)
		slices.Reverse(empty)
		if !dstD.postgres {
			empty = append([]string{"practices_fts"}, empty...)
		}
		for _, name := range empty {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+name); err != nil {
				return nil, fmt.Errorf("copy: empty %s on target %s: %w", name, target, err)
			}
		}
	}

	sums := make([]copySum, len(copyTables))
	for i, t := range copyTables {
		if sums[i], err = copyOneTable(ctx, rtx, srcD, tx, dstD, t); err != nil {
			return nil, fmt.Errorf("copy: %w", err)
		}
	}
	if err := rtx.Commit(); err != nil {
		return nil, fmt.Errorf("copy: source: %w", err)
	}
	if dstD.postgres {
		for _, t := range copyTables {
			if !t.identity {
				continue
			}
			q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%[1]s', 'id'), coalesce(max(id), 0) + 1, false) FROM %[1]s`, t.name)
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return nil, fmt.Errorf("copy: reset the id sequence of %s: %w", t.name, err)
			}
		}
	}

	// The target's reference data changed: move its version, so that app
	// nodes already serving it reload their labels.
	if _, err := tx.ExecContext(ctx, `INSERT INTO reference_version (id, version) VALUES (1, 1)
		ON CONFLICT (id) DO UPDATE SET version = reference_version.version + 1`); err != nil {
		return nil, fmt.Errorf("copy: reference version: %w", err)
	}

	// Verify what the target now holds, before committing.
	got, err := copySums(ctx, tx, dstD)
	if err != nil {
		return nil, fmt.Errorf("copy: verify: %w", err)
	}
	if err := copyCompare(sums, got); err != nil {
		return nil, fmt.Errorf("copy: verify %s: %w; nothing was written", target, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("copy: commit on target %s: %w", target, err)
	}
	return sums, nil
}

// copyCompare returns an error naming the first table whose count or
// checksum differs.
func copyCompare(want, got []copySum) error {
	if len(want) != len(got) {
		return fmt.Errorf("%d tables in the source, %d in the target", len(want), len(got))
	}
	for i := range want {
		w, g := want[i], got[i]
		switch {
		case w.Table != g.Table:
			return fmt.Errorf("table %s in the source, %s in the target", w.Table, g.Table)
		case w.Rows != g.Rows:
			return fmt.Errorf("table %s: %d rows in the source, %d in the target", w.Table, w.Rows, g.Rows)
		case w.Sum != g.Sum:
			return fmt.Errorf("table %s: checksum %s in the source, %s in the target", w.Table, w.Sum[:16], g.Sum[:16])
		}
	}
	return nil
}

// copyOneTable streams table t from the source to the target in batched
// multi-row INSERTs and returns the source's checksum of it.
func copyOneTable(ctx context.Context, src copyQueryer, srcD copyDialect, tx *sql.Tx, dstD copyDialect, t copyTable) (copySum, error) {
	h := newCopyHasher()
	stmt, err := tx.PrepareContext(ctx, dstD.insertSQL(t, copyBatchRows))
	if err != nil {
		return copySum{}, fmt.Errorf("%s: prepare insert into %s: %w", dstD, t.name, err)
	}
	defer stmt.Close()
	batch := make([]any, 0, copyBatchRows*len(t.columns))
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		var err error
		if len(batch) == cap(batch) {
			_, err = stmt.ExecContext(ctx, batch...)
		} else {
			_, err = tx.ExecContext(ctx, dstD.insertSQL(t, len(batch)/len(t.columns)), batch...)
		}
		batch = batch[:0]
		if err != nil {
			return fmt.Errorf("%s: insert into %s: %w", dstD, t.name, err)
		}
		return nil
	}
	err = copyScan(ctx, src, srcD, t, func(vals []any) error {
		h.add(vals)
		for i, c := range t.columns {
			batch = append(batch, dstD.encode(c, vals[i]))
		}
		if len(batch) == cap(batch) {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return copySum{}, err
	}
	return h.sum(t.name), nil
}
