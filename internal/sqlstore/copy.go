package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"hash"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// TableSum is the row count and checksum of one table.
type TableSum struct {
	Table string
	Rows  int64
	Sum   string // hex SHA-256 of the canonical rows, in key order
}

// copyBatchRows is how many rows one INSERT of a copy writes (under both
// databases' limits on parameters for every table here).
const copyBatchRows = 200

// Sums returns the row count and checksum of every table of Tables, on one
// snapshot. Equal sums on two databases mean equal contents, whatever the
// databases are.
func (db *DB) Sums(ctx context.Context) (sums []TableSum, err error) {
	err = db.readIn(ctx, func(tx *Tx) error {
		sums, err = tableSums(ctx, tx)
		return err
	})
	return sums, err
}

func tableSums(ctx context.Context, tx *Tx) ([]TableSum, error) {
	sums := make([]TableSum, len(Tables))
	for i, t := range Tables {
		h := newRowHasher()
		if err := scanTable(ctx, tx, t, func(vals []any) error { h.add(vals); return nil }); err != nil {
			return nil, err
		}
		sums[i] = h.sum(t.Name)
	}
	return sums, nil
}

// Copy copies every table of Tables from src to dst (either database, either
// way) in one transaction on dst, from one snapshot of src, and verifies
// the copy by row counts and checksums before committing: a copy that fails
// writes nothing. A dst that holds rows is refused (ECONFLICT) unless force
// is set, which replaces its contents. The derived full-text data is not
// copied: the caller runs RebuildIndexes on dst afterwards. It returns the
// source's sums.
func Copy(ctx context.Context, src, dst *DB, force bool) ([]TableSum, error) {
	var sums []TableSum
	err := src.readIn(ctx, func(rtx *Tx) error {
		return dst.writeIn(ctx, func(tx *Tx) error {
			var err error
			sums, err = copyIn(ctx, rtx, tx, force)
			return err
		})
	})
	return sums, err
}

func copyIn(ctx context.Context, rtx, tx *Tx, force bool) ([]TableSum, error) {
	d := tx.db.dialect
	names := make([]string, len(Tables))
	for i, t := range Tables {
		names[i] = t.Name
	}
	// Readers go on; writers wait until the copy commits.
	if err := d.Lock(ctx, tx, names...); err != nil {
		return nil, fmt.Errorf("target: %w", err)
	}
	if err := emptyTarget(ctx, tx, force); err != nil {
		return nil, err
	}
	sums := make([]TableSum, len(Tables))
	for i, t := range Tables {
		var err error
		if sums[i], err = copyTable(ctx, rtx, tx, t); err != nil {
			return nil, err
		}
		if t.Identity {
			if err := d.ResetIdentity(ctx, tx, t.Name); err != nil {
				return nil, err
			}
		}
	}
	// The target's reference data, standards, statistics, agreements and
	// projects changed: move their versions, so that app nodes already
	// serving it reload what they keep.
	for _, counter := range []string{"reference_version", "standards_version", "statistics_version", "agreements_version", "projects_version"} {
		if err := tx.bumpVersion(ctx, counter); err != nil {
			return nil, err
		}
	}
	got, err := tableSums(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	if err := CompareSums(sums, got); err != nil {
		return nil, fmt.Errorf("verify: %w; nothing was written", err)
	}
	return sums, nil
}

// appendOnly names the tables whose rows the databases refuse to update or
// delete (triggers of the migrations); a forced copy empties them through
// the dialect.
var appendOnly = map[string]bool{"audit_log": true}

// emptyTarget refuses a target with rows unless force, which deletes them
// (children first) and the derived full text with them.
func emptyTarget(ctx context.Context, tx *Tx, force bool) error {
	for _, t := range Tables {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM `+t.Name+` LIMIT 1) AS t`, nil, &n); err != nil {
			return fmt.Errorf("target: %w", err)
		}
		if n > 0 && !force {
			return lmo.Errorf(lmo.ECONFLICT, "The target is not empty (table %s has rows).", t.Name)
		}
	}
	if !force {
		return nil
	}
	for _, t := range slices.Backward(Tables) {
		if appendOnly[t.Name] {
			if err := tx.db.dialect.EmptyAppendOnly(ctx, tx, t.Name); err != nil {
				return fmt.Errorf("empty %s on the target: %w", t.Name, err)
			}
			continue
		}
		if _, err := tx.Exec(ctx, `DELETE FROM `+t.Name); err != nil {
			return fmt.Errorf("empty %s on the target: %w", t.Name, err)
		}
	}
	if err := tx.db.dialect.ReindexPractices(ctx, tx, ""); err != nil {
		return fmt.Errorf("empty the full text on the target: %w", err)
	}
	return nil
}

// CompareSums returns an error naming the first table whose count or
// checksum differs.
func CompareSums(want, got []TableSum) error {
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

// copyTable streams table t from the source to the target in batched
// multi-row INSERTs and returns the source's checksum of it.
func copyTable(ctx context.Context, rtx, tx *Tx, t Table) (TableSum, error) {
	h := newRowHasher()
	batch := make([]any, 0, copyBatchRows*len(t.Columns))
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		row := "(" + placeholders(len(t.Columns)) + ")"
		values := strings.TrimSuffix(strings.Repeat(row+", ", len(batch)/len(t.Columns)), ", ")
		_, err := tx.Exec(ctx, `INSERT INTO `+t.Name+` (`+t.columnList()+`) VALUES `+values, batch...)
		batch = batch[:0]
		if err != nil {
			return fmt.Errorf("%s: insert into %s: %w", tx.db.dialect.Name(), t.Name, err)
		}
		return nil
	}
	err := scanTable(ctx, rtx, t, func(vals []any) error {
		h.add(vals)
		for i, c := range t.Columns {
			batch = append(batch, encode(tx.db.dialect, c, vals[i]))
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
		return TableSum{}, err
	}
	return h.sum(t.Name), nil
}

// scanTable streams the rows of t in key order, decoded, to fn; vals is
// reused between calls.
func scanTable(ctx context.Context, tx *Tx, t Table, fn func(vals []any) error) error {
	d := tx.db.dialect
	order := make([]string, len(t.Key))
	for i, k := range t.Key {
		order[i] = k
		if t.column(k).Kind == Text {
			order[i] += d.BinaryOrder()
		}
	}
	raw := make([]any, len(t.Columns))
	ptrs := make([]any, len(t.Columns))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	vals := make([]any, len(t.Columns))
	err := tx.Each(ctx, `SELECT `+t.columnList()+` FROM `+t.Name+` ORDER BY `+strings.Join(order, ", "), nil, func(rows *sql.Rows) error {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, c := range t.Columns {
			var err error
			if vals[i], err = decode(c, raw[i]); err != nil {
				return fmt.Errorf("table %s: %w", t.Name, err)
			}
		}
		return fn(vals)
	})
	if err != nil {
		return fmt.Errorf("%s: read %s: %w", d.Name(), t.Name, err)
	}
	return nil
}

// decode normalises a scanned value of either database to nil, string,
// int64, float64, bool or time.Time (UTC).
func decode(c Column, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch c.Kind {
	case Text:
		switch v := v.(type) {
		case string:
			return v, nil
		case []byte:
			return string(v), nil
		}
	case Int:
		switch v := v.(type) {
		case int64:
			return v, nil
		case int32:
			return int64(v), nil
		}
	case Bool:
		switch v := v.(type) {
		case bool:
			return v, nil
		case int64:
			if v == 0 || v == 1 {
				return v == 1, nil
			}
		}
	case Float:
		switch v := v.(type) {
		case float64:
			return v, nil
		case int64: // SQLite hands back a whole REAL as an integer
			return float64(v), nil
		}
	case Time:
		var t time.Time
		if err := scanTime(&t).Scan(v); err != nil {
			return nil, fmt.Errorf("column %s: timestamp %q is not in the format %s", c.Name, v, TimeFormat)
		}
		return t, nil
	}
	return nil, fmt.Errorf("column %s: unexpected value %#v (%T)", c.Name, v, v)
}

// encode turns a decoded value into an argument for the dialect.
func encode(d Dialect, c Column, v any) any {
	if t, ok := v.(time.Time); ok {
		return d.Time(t)
	}
	return v
}

// rowHasher computes a table's checksum: SHA-256 over the canonical encoding
// of every row, in key order. Each value is a tag and its text: 'N' for
// NULL; 'S', the byte length in decimal, ':' and the bytes for text; 'I' and
// the decimal for integers; 'F' and the shortest decimal for floats; 'B'
// and true or false for booleans; 'T' and RFC 3339 in UTC with microseconds
// for timestamps. Every row ends with '\n'.
type rowHasher struct {
	h    hash.Hash
	rows int64
	buf  []byte
}

// sumTime is RFC 3339 in UTC with microseconds.
const sumTime = "2006-01-02T15:04:05.000000Z07:00"

func newRowHasher() *rowHasher { return &rowHasher{h: sha256.New()} }

func (r *rowHasher) add(vals []any) {
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
		case float64:
			b = append(b, 'F')
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
			b = append(b, ';')
		case time.Time:
			b = append(b, 'T')
			b = v.UTC().AppendFormat(b, sumTime)
			b = append(b, ';')
		default:
			panic(fmt.Sprintf("sqlstore: cannot hash %T", v))
		}
	}
	b = append(b, '\n')
	r.h.Write(b)
	r.buf = b
	r.rows++
}

func (r *rowHasher) sum(table string) TableSum {
	return TableSum{Table: table, Rows: r.rows, Sum: hex.EncodeToString(r.h.Sum(nil))}
}
