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
// cost does not grow with a full scan of the practices; the same postings
// say what each shares, and one small query reads their names and years
// (not whole practices).
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
		byID := map[int64]*lmo.RelatedPractice{}
		ids := make([]int64, len(found))
		for i, r := range found {
			ids[i] = r.ID
		}
		if err := readRelatedRefs(ctx, tx, ids, byID); err != nil {
			return err
		}
		for _, r := range found {
			rel := byID[r.ID]
			if rel == nil {
				return fmt.Errorf("practice %d is in the index but not in the snapshot", r.ID)
			}
			rel.Shared = ix.facets.Shared(id, r.ID, lmo.RelatedFacets)
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("related practices: %w", err)
	}
	return out, nil
}

// readRelatedRefs reads the slug, title and years of the practices ids.
func readRelatedRefs(ctx context.Context, tx *Tx, ids []int64, into map[int64]*lmo.RelatedPractice) error {
	return tx.Each(ctx, `SELECT id, slug, title, coalesce(start_year, 0), coalesce(end_year, 0) FROM practices
		WHERE id IN (`+placeholders(len(ids))+`)`, anys(ids), func(rows *sql.Rows) error {
		r := &lmo.RelatedPractice{}
		if err := rows.Scan(&r.ID, &r.Slug, &r.Title, &r.StartYear, &r.EndYear); err != nil {
			return err
		}
		into[r.ID] = r
		return nil
	})
}

// anys returns ids as query arguments.
func anys(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
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
