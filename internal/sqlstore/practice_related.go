package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// RelatedPractices returns at most limit other published practices that
// share the most countries, themes and GCM objectives with practice id,
// each with what it shares. The node's in-memory index finds them from the
// postings of the practice's own values (searchindex.Index.Related), so the
// cost does not grow with a full scan of the practices.
func (s *Practices) RelatedPractices(ctx context.Context, id int64, limit int) (out []*lmo.RelatedPractice, err error) {
	err = s.db.readIn(ctx, func(tx *Tx) error {
		ix, err := s.searchIndex(ctx, tx)
		if err != nil {
			return err
		}
		found := ix.facets.Related(id, lmo.RelatedFacets, lmo.SortRelevance, limit)
		if len(found) == 0 {
			return nil
		}
		ids := make([]int64, len(found)+1)
		for i, r := range found {
			ids[i+1] = r.ID
		}
		ids[0] = id
		ps, err := loadPractices(ctx, tx, ids)
		if err != nil {
			return err
		}
		if len(ps) != len(ids) || ps[0].ID != id {
			return fmt.Errorf("%d of %d practices loaded", len(ps), len(ids))
		}
		for _, p := range ps[1:] {
			out = append(out, &lmo.RelatedPractice{Practice: p, Shared: SharedValues(ps[0], p)})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("related practices: %w", err)
	}
	return out, nil
}

// SharedValues returns the values of lmo.RelatedFacets that q shares with p,
// by facet, in p's order.
func SharedValues(p, q *lmo.Practice) map[string][]string {
	none := func(string) string { return "" }
	pv, qv := p.FacetValues(none), q.FacetValues(none)
	out := map[string][]string{}
	for _, facet := range lmo.RelatedFacets {
		for _, v := range pv[facet] {
			if slices.Contains(qv[facet], v) {
				out[facet] = append(out[facet], v)
			}
		}
	}
	return out
}

// CitedSources returns every source that published practices cite, each
// with the practices that cite it. Sources are the same when their title,
// publisher, address and year are; both lists are ordered by code point
// in Go, the same on both databases.
func (s *Practices) CitedSources(ctx context.Context) ([]*lmo.CitedSource, error) {
	type key struct {
		title, publisher, url string
		year                  int
	}
	byKey := map[key]*lmo.CitedSource{}
	err := s.db.readIn(ctx, func(tx *Tx) error {
		return tx.Each(ctx, `SELECT s.title, s.publisher, s.url, coalesce(s.year, 0), p.slug, p.title
			FROM practice_sources s JOIN practices p ON p.id = s.practice_id
			WHERE p.review_status = 'published'`, nil, func(rows *sql.Rows) error {
			var src lmo.Source
			var ref lmo.PracticeRef
			if err := rows.Scan(&src.Title, &src.Publisher, &src.URL, &src.Year, &ref.Slug, &ref.Title); err != nil {
				return err
			}
			k := key{src.Title, src.Publisher, src.URL, src.Year}
			c := byKey[k]
			if c == nil {
				c = &lmo.CitedSource{Source: src}
				byKey[k] = c
			}
			if !slices.Contains(c.Practices, ref) {
				c.Practices = append(c.Practices, ref)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("cited sources: %w", err)
	}
	out := make([]*lmo.CitedSource, 0, len(byKey))
	for _, c := range byKey {
		slices.SortFunc(c.Practices, func(a, b lmo.PracticeRef) int {
			return cmp.Or(strings.Compare(a.Title, b.Title), strings.Compare(a.Slug, b.Slug))
		})
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *lmo.CitedSource) int { return CompareSources(a.Source, b.Source) })
	return out, nil
}

// CompareSources orders sources by title, publisher, address and year.
func CompareSources(a, b lmo.Source) int {
	return cmp.Or(strings.Compare(a.Title, b.Title), strings.Compare(a.Publisher, b.Publisher),
		strings.Compare(a.URL, b.URL), cmp.Compare(a.Year, b.Year))
}
