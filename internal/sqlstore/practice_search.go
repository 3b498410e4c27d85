package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/searchindex"
)

// SearchPractices returns one page of the published practices that match f,
// the total, and for each facet the counts of its values among the practices
// that match every other facet's selection (OR within a facet, AND across).
//
// The dialect's full-text engine finds the practices that match the words
// (and ranks them); this node's in-memory index of the snapshot
// (searchindex) filters them by facets, years and date, counts the facets
// and orders them when the order is not relevance.
func (s *Practices) SearchPractices(ctx context.Context, f lmo.PracticeFilter) (res *lmo.PracticeResults, err error) {
	q, err := lmo.ParseQuery(f.Query)
	if err != nil {
		return nil, err
	}
	if err := f.Check(); err != nil {
		return nil, err
	}
	err = s.db.readIn(ctx, func(tx *Tx) error {
		ix, err := s.searchIndex(ctx, tx)
		if err != nil {
			return err
		}
		tq := s.db.dialect.PracticeQuery(q)
		found, err := ix.Search(searchindex.Request{
			Filter: searchindex.Filter{Facets: f.Facets, From: f.YearFrom, To: f.YearTo, Since: f.ChangedSince},
			Text: searchindex.FullText{
				Key:   tq.Key,
				Match: func() (searchindex.Set, error) { return textSet(ctx, tx, ix, tq) },
				Rank:  func() ([]int64, error) { return queryIDs(ctx, tx, tq.Rank) },
			},
			Ranked: len(q.Clauses) > 0 && f.Sort == lmo.SortRelevance,
			Sort:   f.Sort, Offset: f.Offset, Limit: f.Limit, NoCounts: f.NoFacets,
		}, s.texts)
		if err != nil {
			return err
		}
		ps, err := loadPractices(ctx, tx, found.IDs)
		if err != nil {
			return fmt.Errorf("hits: %w", err)
		}
		res = practiceResults(q, found, ps)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search practices: %w", err)
	}
	return res, nil
}

// practiceResults makes the page of a search: the hits with their snippets
// and the facet counts.
func practiceResults(q lmo.Query, found *searchindex.Result, ps []*lmo.Practice) *lmo.PracticeResults {
	res := &lmo.PracticeResults{Total: found.Total, Hits: []*lmo.PracticeHit{}}
	for _, p := range ps {
		res.Hits = append(res.Hits, &lmo.PracticeHit{Practice: p, Snippet: q.HitSnippet(p)})
	}
	if found.Counts != nil {
		res.Facets = map[string][]lmo.FacetCount{}
		for name, counts := range found.Counts {
			out := make([]lmo.FacetCount, len(counts))
			for i, c := range counts {
				out[i] = lmo.FacetCount{Value: c.Value, Count: c.Count}
			}
			res.Facets[name] = out
		}
	}
	return res
}

// textSet returns the practices that match the words (nil when there are
// none): those that tq matches minus those it excludes.
func textSet(ctx context.Context, tx *Tx, ix *searchindex.Index, tq TextQuery) (searchindex.Set, error) {
	if tq.Match.SQL == "" && tq.Exclude.SQL == "" {
		return nil, nil
	}
	s := ix.All().Clone()
	for _, part := range []struct {
		st   Stmt
		keep bool
	}{{tq.Match, true}, {tq.Exclude, false}} {
		if part.st.SQL == "" {
			continue
		}
		ids, err := queryIDs(ctx, tx, part.st)
		if err != nil {
			return nil, err
		}
		if part.keep {
			s.And(ix.SetOf(ids))
		} else {
			s.AndNot(ix.SetOf(ids))
		}
	}
	return s, nil
}

// queryIDs runs a statement that selects one row of ids joined by commas:
// reading them as one value costs half what a row per id does at 100,000.
func queryIDs(ctx context.Context, tx *Tx, st Stmt) ([]int64, error) {
	var joined sql.NullString
	if err := tx.QueryRow(ctx, st.SQL, st.Args, &joined); err != nil {
		return nil, err
	}
	return parseIDs(joined.String)
}

// parseIDs parses a comma-separated list of integers.
func parseIDs(s string) ([]int64, error) {
	ids := make([]int64, 0, strings.Count(s, ",")+1)
	for len(s) > 0 {
		part, rest, _ := strings.Cut(s, ",")
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("id list: %q: %w", part, err)
		}
		ids = append(ids, id)
		s = rest
	}
	return ids, nil
}

// searchIndex returns this node's in-memory index of the snapshot that tx
// reads, building it when the practices version has moved since the last
// build (a write through any node or command moves it).
func (s *Practices) searchIndex(ctx context.Context, tx *Tx) (*searchindex.Index, error) {
	version, err := tx.version(ctx, "practices_version")
	if err != nil {
		return nil, err
	}
	return s.index.Get(version, func() (*searchindex.Index, error) {
		ix, err := buildIndex(ctx, tx, version)
		if err != nil {
			return nil, fmt.Errorf("build search index: %w", err)
		}
		return ix, nil
	})
}

// buildIndex reads the published practices of the snapshot into an index:
// their years as the span, their update time, their facet postings, the
// four sort orders and the link of countries to their roles.
func buildIndex(ctx context.Context, tx *Tx, version int64) (*searchindex.Index, error) {
	var docs []searchindex.Doc
	var titles []string     // folded once, not in every comparison
	var created []time.Time // for the latest-added-first order
	var checked []string    // YYYY-MM-DD or "", for the facts-checked order
	err := tx.Each(ctx, `SELECT id, title, coalesce(start_year, 0), coalesce(end_year, 0), created_at, updated_at, facts_checked
		FROM practices WHERE review_status = 'published'`, nil, func(rows *sql.Rows) error {
		var d searchindex.Doc
		var title, factsChecked string
		var at time.Time
		if err := rows.Scan(&d.ID, &title, &d.From, &d.To, scanTime(&at), scanTime(&d.Changed), &factsChecked); err != nil {
			return err
		}
		docs, titles, created = append(docs, d), append(titles, asciiLower(title)), append(created, at)
		checked = append(checked, factsChecked)
		return nil
	})
	if err != nil {
		return nil, err
	}
	postings, err := readPostings(ctx, tx)
	if err != nil {
		return nil, err
	}
	return searchindex.Build(version, docs, lmo.Facets, postings, map[string]searchindex.Compare{
		lmo.SortRelevance: func(a, b int) int { // without words: latest added first
			return cmp.Or(created[b].Compare(created[a]), cmp.Compare(docs[b].ID, docs[a].ID))
		},
		lmo.SortNewest: func(a, b int) int { // newest start year; 0 (unknown) sorts last
			return cmp.Or(cmp.Compare(docs[b].From, docs[a].From), cmp.Compare(docs[b].ID, docs[a].ID))
		},
		lmo.SortTitle: func(a, b int) int { return strings.Compare(titles[a], titles[b]) },
		// oldest check first; "" (never recorded) sorts before every date
		lmo.SortFactsChecked: func(a, b int) int { return strings.Compare(checked[a], checked[b]) },
	}, countryRoleLink), nil
}

// countryRoleLink filters and counts countries and roles per country
// (lmo.FacetCountryRole).
var countryRoleLink = searchindex.Link{A: lmo.FacetCountry, B: lmo.FacetRole, Pairs: lmo.FacetCountryRole, Value: lmo.CountryRoleValue}

// readPostings reads one row per facet value with its practices joined:
// reading 1.5 million rows one by one through database/sql would take
// seconds.
func readPostings(ctx context.Context, tx *Tx) ([]searchindex.Posting, error) {
	var postings []searchindex.Posting
	err := tx.Each(ctx, `SELECT facet, value, string_agg(CAST(practice_id AS TEXT), ',') FROM practice_facets GROUP BY facet, value`, nil,
		func(rows *sql.Rows) error {
			var p searchindex.Posting
			var ids string
			if err := rows.Scan(&p.Facet, &p.Value, &ids); err != nil {
				return err
			}
			var err error
			p.IDs, err = parseIDs(ids)
			postings = append(postings, p)
			return err
		})
	return postings, err
}

// asciiLower folds ASCII letters only, as SQLite's NOCASE collation does.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}
