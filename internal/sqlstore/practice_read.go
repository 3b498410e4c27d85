package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/lmo-observatory/lmo"
)

// PracticeRevisions returns the revisions of a published practice, newest
// first, or ENOTFOUND.
func (s *Practices) PracticeRevisions(ctx context.Context, id int64) ([]*lmo.Revision, error) {
	var out []*lmo.Revision
	err := s.db.readIn(ctx, func(tx *Tx) error {
		return tx.Each(ctx, `SELECT r.practice_id, r.version, r.author, r.note, r.created_at, r.snapshot
			FROM practice_revisions r JOIN practices p ON p.id = r.practice_id
			WHERE r.practice_id = ? AND p.review_status = 'published' ORDER BY r.version DESC`, []any{id},
			func(rows *sql.Rows) error {
				var r lmo.Revision
				var snapshot string
				if err := rows.Scan(&r.EntityID, &r.Version, &r.Author, &r.Note, scanTime(&r.CreatedAt), &snapshot); err != nil {
					return err
				}
				r.Snapshot = []byte(snapshot)
				out = append(out, &r)
				return nil
			})
	})
	if err != nil {
		return nil, fmt.Errorf("revisions of practice %d: %w", id, err)
	}
	if len(out) == 0 {
		return nil, lmo.Errorf(lmo.ENOTFOUND, "There is no practice %d.", id)
	}
	return out, nil
}

// PracticesChangedAt returns the latest update time of any practice.
func (s *Practices) PracticesChangedAt(ctx context.Context) (time.Time, error) {
	var t time.Time
	if err := s.db.queryRow(ctx, `SELECT max(updated_at) FROM practices`, nil, scanTime(&t)); err != nil {
		return time.Time{}, fmt.Errorf("practices changed at: %w", err)
	}
	return t, nil
}

// PracticeStats returns headline figures over published practices.
func (s *Practices) PracticeStats(ctx context.Context) (*lmo.PracticeStats, error) {
	st := &lmo.PracticeStats{Regions: map[string]int{}}
	err := s.db.readIn(ctx, func(tx *Tx) error {
		err := tx.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM practices WHERE review_status = 'published'),
			(SELECT count(DISTINCT value) FROM practice_facets WHERE facet = 'country'),
			(SELECT count(*) FROM practice_sources s JOIN practices p ON p.id = s.practice_id WHERE p.review_status = 'published')`,
			nil, &st.Practices, &st.Countries, &st.Sources)
		if err != nil {
			return err
		}
		return tx.Each(ctx, `SELECT value, count(*) FROM practice_facets WHERE facet = 'region' GROUP BY value`, nil,
			func(rows *sql.Rows) error {
				var r string
				var n int
				err := rows.Scan(&r, &n)
				st.Regions[r] = n
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("practice stats: %w", err)
	}
	return st, nil
}
