package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// merge replaces the observations of the merged series with the staged
// ones, in set-based statements: update the changed, delete the missing,
// insert the new. Unchanged rows are not written and keep their change
// time. It adds up the counts of the whole load.
func (w *obsWriter) merge(ctx context.Context) error {
	c := &w.counts
	c.Created = w.created
	if len(w.merged) == 0 {
		return nil
	}
	tx := w.tx
	if err := w.indexStaged(ctx); err != nil {
		return err
	}
	// Temporary tables have no statistics until asked: without them the
	// planner joins millions of rows by nested loops.
	if _, err := tx.Exec(ctx, `ANALYZE stat_import`); err != nil {
		return fmt.Errorf("analyze the staged observations: %w", err)
	}
	var staged int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM stat_import`, nil, &staged); err != nil {
		return fmt.Errorf("count the staged observations: %w", err)
	}
	changed := w.now.UnixMicro()
	updated, err := w.exec(ctx, "update changed observations", `UPDATE observations AS o
		SET value = s.value, status = s.status, note = s.note, changed = ?
		FROM stat_import AS s WHERE `+keyEqual("o", "s")+`
		AND (o.value IS DISTINCT FROM s.value OR o.status <> s.status OR o.note <> s.note)`, changed)
	if err != nil {
		return err
	}
	removed, err := w.removeMissing(ctx)
	if err != nil {
		return err
	}
	created, err := w.exec(ctx, "insert new observations", `INSERT INTO observations (`+directColumns+`)
		SELECT `+qualified("s", strings.TrimPrefix(stagedColumns, "pos, "))+`, ?
		FROM stat_import AS s WHERE NOT EXISTS (SELECT 1 FROM observations AS o WHERE `+keyEqual("o", "s")+`)
		ORDER BY s.series, `+qualified("s", obsKey), changed)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DROP TABLE stat_import`); err != nil {
		return fmt.Errorf("drop the staging table: %w", err)
	}
	c.Created += created
	c.Updated += updated
	c.Removed += removed
	c.Unchanged += staged - created - updated
	return nil
}

// exec runs a statement of the merge and returns the rows it touched.
func (w *obsWriter) exec(ctx context.Context, what, query string, args ...any) (int, error) {
	res, err := w.tx.Exec(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	return int(n), nil
}

// indexStaged indexes the staging table by key, which refuses a key that
// comes twice: then the first such pair is named by position.
func (w *obsWriter) indexStaged(ctx context.Context) error {
	tx := w.tx
	err := tx.savepoint(ctx, func() error {
		_, err := tx.Exec(ctx, `CREATE UNIQUE INDEX stat_import_key ON stat_import (series, `+obsKey+`)`)
		return err
	})
	if err == nil {
		return nil
	}
	var first, second int
	var area string
	qerr := tx.QueryRow(ctx, `SELECT min(pos), max(pos), min(area) FROM stat_import GROUP BY series, `+obsKey+`
		HAVING count(*) > 1 ORDER BY max(pos) LIMIT 1`, nil, &first, &second, &area)
	if qerr != nil {
		return fmt.Errorf("index the staged observations: %w", err)
	}
	return fault(second, &lmo.Observation{Area: area}, "it repeats observation %d (the same indicator, area, breakdown and period)", first)
}

// qualified prefixes each of a list of columns with alias.
func qualified(alias, columns string) string {
	return alias + "." + strings.ReplaceAll(columns, ", ", ", "+alias+".")
}

// removeMissing deletes the observations of the merged series that the
// staged file does not hold, among the sexes it holds for each series:
// UN DESA publishes each sex's table of origins as a file of its own, and
// importing the men's must not remove the women's.
func (w *obsWriter) removeMissing(ctx context.Context) (int, error) {
	sexes := map[int64][]any{}
	err := w.tx.Each(ctx, `SELECT DISTINCT series, sex FROM stat_import`, nil, func(rows *sql.Rows) error {
		var id int64
		var sex string
		if err := rows.Scan(&id, &sex); err != nil {
			return err
		}
		sexes[id] = append(sexes[id], sex)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("read the staged sexes: %w", err)
	}
	removed := 0
	for _, id := range w.merged {
		if len(sexes[id]) == 0 {
			continue
		}
		n, err := w.exec(ctx, "remove missing observations", `DELETE FROM observations AS o WHERE o.series = ?
			AND o.sex IN (`+placeholders(len(sexes[id]))+`)
			AND NOT EXISTS (SELECT 1 FROM stat_import AS s WHERE `+keyEqual("o", "s")+`)`, append([]any{id}, sexes[id]...)...)
		if err != nil {
			return 0, err
		}
		removed += n
	}
	return removed, nil
}
