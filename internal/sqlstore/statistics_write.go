package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/lmo-observatory/lmo"
)

// directColumns are the columns of observations as a batch writes them;
// stagedColumns those of the staging table (the position instead of the
// change time, which the merge sets).
const (
	directColumns = `series, area, origin, sex, age, migrant, activity, occupation, other, source, period_start, period_end, period, value, status, note, changed`
	stagedColumns = `pos, series, area, origin, sex, age, migrant, activity, occupation, other, source, period_start, period_end, period, value, status, note`
)

// Batch sizes: a multi-row INSERT of sqliteBatchRows rows stays under
// SQLite's 32,766 parameters; a COPY of pgBatchRows rows is long enough
// for its round trips (and its savepoint's) not to count, and short enough
// for the batches in flight to stay a few tens of megabytes.
const (
	sqliteBatchRows = 1000
	pgBatchRows     = 10000
)

// obsWriter writes batches of observations in the import's transaction:
// by COPY where the driver has it (pgx), else by a prepared multi-row
// INSERT; and merges the staged series at the end.
type obsWriter struct {
	*statImport
	batchRows int
	copy      bool               // pgx's COPY is there
	stmts     map[bool]*sql.Stmt // the full-batch INSERT, by staged
	row       []any              // one row's values (COPY)
	args      []any              // a batch's values (INSERT)
	merged    []int64            // the ids of series merged
	created   int                // rows the bulk path wrote
}

// newObsWriter prepares the writing of im's observations: it finds whether
// the driver has COPY and creates the staging table if any series merges.
func newObsWriter(ctx context.Context, im *statImport) (*obsWriter, error) {
	w := &obsWriter{statImport: im, batchRows: sqliteBatchRows, stmts: map[bool]*sql.Stmt{}}
	err := im.tx.Raw(func(c any) error {
		_, w.copy = c.(interface{ Conn() *pgx.Conn })
		return nil
	})
	if err != nil {
		return nil, err
	}
	if w.copy {
		w.batchRows = pgBatchRows
	}
	for _, st := range im.series {
		if st.merge {
			w.merged = append(w.merged, st.id)
		}
	}
	if len(w.merged) > 0 {
		if _, err := im.tx.Exec(ctx, `CREATE TEMP TABLE stat_import AS SELECT 0 AS pos, `+strings.TrimPrefix(stagedColumns, "pos, ")+
			` FROM observations WHERE 1 = 0`); err != nil {
			return nil, fmt.Errorf("create the staging table: %w", err)
		}
	}
	return w, nil
}

// close releases the prepared statements.
func (w *obsWriter) close() {
	for _, s := range w.stmts {
		s.Close()
	}
}

// write writes one batch: a direct one in a savepoint, so that a repeated
// key can be explained (PostgreSQL aborts the transaction on it).
func (w *obsWriter) write(ctx context.Context, b *obsBatch) error {
	if b.staged {
		return w.insert(ctx, b)
	}
	err := w.tx.savepoint(ctx, func() error { return w.insert(ctx, b) })
	if lmo.ErrorCode(err) == lmo.ECONFLICT {
		return w.duplicate(ctx, b, err)
	}
	if err != nil {
		return err
	}
	w.created += len(b.obs)
	return nil
}

// insert writes a batch's rows into its table.
func (w *obsWriter) insert(ctx context.Context, b *obsBatch) error {
	table, columns := "observations", directColumns
	if b.staged {
		table, columns = "stat_import", stagedColumns
	}
	var err error
	if w.copy {
		err = w.copyRows(ctx, table, columns, b)
	} else {
		err = w.insertRows(ctx, table, columns, b)
	}
	if err != nil {
		return fmt.Errorf("write observations into %s: %w", table, err)
	}
	return nil
}

// appendRow appends the values of the batch's i-th observation.
func (w *obsWriter) appendRow(dst []any, b *obsBatch, i int) []any {
	o := &b.obs[i]
	var value any
	if o.HasValue() {
		value = o.Value
	}
	if b.staged {
		dst = append(dst, b.pos[i])
	}
	dst = append(dst, b.series[i], o.Area, o.Origin, o.Sex, o.Age, o.Migrant, o.Activity, o.Occupation, o.Other, o.Source,
		o.Period.Start(), o.Period.End(), o.Period.String(), value, o.Status, o.Note)
	if !b.staged {
		dst = append(dst, w.now.UnixMicro())
	}
	return dst
}

// copyRows writes a batch with pgx's COPY on the transaction's connection.
func (w *obsWriter) copyRows(ctx context.Context, table, columns string, b *obsBatch) error {
	return w.tx.Raw(func(c any) error {
		conn := c.(interface{ Conn() *pgx.Conn }).Conn()
		src := pgx.CopyFromSlice(len(b.obs), func(i int) ([]any, error) {
			w.row = w.appendRow(w.row[:0], b, i)
			return w.row, nil
		})
		_, err := conn.CopyFrom(ctx, pgx.Identifier{table}, strings.Split(columns, ", "), src)
		return err
	})
}

// insertRows writes a batch with a multi-row INSERT, prepared once for
// full batches.
func (w *obsWriter) insertRows(ctx context.Context, table, columns string, b *obsBatch) error {
	w.args = w.args[:0]
	for i := range b.obs {
		w.args = w.appendRow(w.args, b, i)
	}
	n := strings.Count(columns, ",") + 1
	query := func(rows int) string {
		row := "(" + placeholders(n) + ")"
		return `INSERT INTO ` + table + ` (` + columns + `) VALUES ` + strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
	}
	if len(b.obs) < w.batchRows {
		_, err := w.tx.Exec(ctx, query(len(b.obs)), w.args...)
		return err
	}
	stmt := w.stmts[b.staged]
	if stmt == nil {
		var err error
		if stmt, err = w.tx.tx.PrepareContext(ctx, w.tx.sql(query(w.batchRows))); err != nil {
			return w.tx.db.dialect.Classify(err)
		}
		w.stmts[b.staged] = stmt
	}
	_, err := stmt.ExecContext(ctx, w.args...)
	return w.tx.db.dialect.Classify(err)
}

// savepoint runs fn in a savepoint of tx, rolled back to if fn fails, so
// that the transaction can go on (PostgreSQL aborts it on any error).
func (tx *Tx) savepoint(ctx context.Context, fn func() error) error {
	if _, err := tx.Exec(ctx, `SAVEPOINT batch`); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	if err := fn(); err != nil {
		if _, rerr := tx.Exec(ctx, `ROLLBACK TO SAVEPOINT batch`); rerr != nil {
			return fmt.Errorf("%w (and rolling back to the savepoint: %w)", err, rerr)
		}
		return err
	}
	if _, err := tx.Exec(ctx, `RELEASE SAVEPOINT batch`); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}
