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
func (s *Practices) PracticeRevisions(ctx context.Context, id int64) (out []*lmo.Revision, err error) {
	err = s.db.readIn(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM practices WHERE id = ? AND review_status = 'published'`, []any{id}, &n); err != nil {
			return err
		}
		if n == 0 {
			return notFound(practiceKind, id)
		}
		out, err = listRevisions(ctx, tx, lmo.KindPractice, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("revisions of practice %d: %w", id, err)
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
