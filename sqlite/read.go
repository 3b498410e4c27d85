package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/lmo-observatory/lmo"
)

// PracticeRevisions returns the revisions of a published practice, newest
// first, or ENOTFOUND.
func (db *DB) PracticeRevisions(ctx context.Context, id int64) ([]*lmo.Revision, error) {
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var out []*lmo.Revision
	err = scanAll(ctx, tx, `SELECT r.practice_id, r.version, r.author, r.note, r.created_at, r.snapshot
		FROM practice_revisions r JOIN practices p ON p.id = r.practice_id
		WHERE r.practice_id = ? AND p.review_status = 'published' ORDER BY r.version DESC`, []any{id},
		func(rows *sql.Rows) error {
			var r lmo.Revision
			var created, snapshot string
			if err := rows.Scan(&r.PracticeID, &r.Version, &r.Author, &r.Note, &created, &snapshot); err != nil {
				return err
			}
			r.CreatedAt, r.Snapshot = parseTime(created), []byte(snapshot)
			out = append(out, &r)
			return nil
		})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, lmo.Errorf(lmo.ENOTFOUND, "There is no practice %d.", id)
	}
	return out, nil
}

// PracticesChangedAt returns the latest update time of any practice.
func (db *DB) PracticesChangedAt(ctx context.Context) (time.Time, error) {
	var s sql.NullString
	if err := db.read.QueryRowContext(ctx, `SELECT max(updated_at) FROM practices`).Scan(&s); err != nil {
		return time.Time{}, err
	}
	return parseTime(s.String), nil
}

// PracticeStats returns headline figures over published practices.
func (db *DB) PracticeStats(ctx context.Context) (*lmo.PracticeStats, error) {
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	st := &lmo.PracticeStats{Regions: map[string]int{}}
	err = tx.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM practices WHERE review_status = 'published'),
		(SELECT count(DISTINCT value) FROM practice_facets WHERE facet = 'country'),
		(SELECT count(*) FROM practice_sources s JOIN practices p ON p.id = s.practice_id WHERE p.review_status = 'published')`).
		Scan(&st.Practices, &st.Countries, &st.Sources)
	if err != nil {
		return nil, err
	}
	err = scanAll(ctx, tx, `SELECT value, count(*) FROM practice_facets WHERE facet = 'region' GROUP BY value`, nil,
		func(rows *sql.Rows) error {
			var r string
			var n int
			err := rows.Scan(&r, &n)
			st.Regions[r] = n
			return err
		})
	return st, err
}
