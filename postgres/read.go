package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/lmo-observatory/lmo"
)

// PracticeRevisions returns the revisions of a published practice, newest
// first, or ENOTFOUND.
func (db *DB) PracticeRevisions(ctx context.Context, id int64) ([]*lmo.Revision, error) {
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	rows, err := tx.Query(ctx, `SELECT r.practice_id, r.version, r.author, r.note, r.created_at, r.snapshot
		FROM practice_revisions r JOIN practices p ON p.id = r.practice_id
		WHERE r.practice_id = $1 AND p.review_status = 'published' ORDER BY r.version DESC`, id)
	if err != nil {
		return nil, wrap(err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*lmo.Revision, error) {
		var r lmo.Revision
		var snapshot string
		err := row.Scan(&r.PracticeID, &r.Version, &r.Author, &r.Note, &r.CreatedAt, &snapshot)
		r.CreatedAt, r.Snapshot = r.CreatedAt.UTC(), []byte(snapshot)
		return &r, err
	})
	if err != nil {
		return nil, wrap(err)
	}
	if len(out) == 0 {
		return nil, lmo.Errorf(lmo.ENOTFOUND, "There is no practice %d.", id)
	}
	return out, nil
}

// PracticesChangedAt returns the latest update time of any practice.
func (db *DB) PracticesChangedAt(ctx context.Context) (time.Time, error) {
	var t *time.Time
	if err := db.pool.QueryRow(ctx, `SELECT max(updated_at) FROM practices`).Scan(&t); err != nil {
		return time.Time{}, wrap(err)
	}
	if t == nil {
		return time.Time{}, nil
	}
	return t.UTC(), nil
}

// PracticeStats returns headline figures over published practices.
func (db *DB) PracticeStats(ctx context.Context) (*lmo.PracticeStats, error) {
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	st := &lmo.PracticeStats{Regions: map[string]int{}}
	err = tx.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM practices WHERE review_status = 'published'),
		(SELECT count(DISTINCT value) FROM practice_facets WHERE facet = 'country'),
		(SELECT count(*) FROM practice_sources s JOIN practices p ON p.id = s.practice_id WHERE p.review_status = 'published')`).
		Scan(&st.Practices, &st.Countries, &st.Sources)
	if err != nil {
		return nil, wrap(err)
	}
	rows, err := tx.Query(ctx, `SELECT value, count(*) FROM practice_facets WHERE facet = 'region' GROUP BY value`)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		var r string
		var n int
		if err := rows.Scan(&r, &n); err != nil {
			return nil, err
		}
		st.Regions[r] = n
	}
	return st, wrap(rows.Err())
}
