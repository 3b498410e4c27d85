package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/fulltext"
	"github.com/lmo-observatory/lmo/internal/searchindex"
)

// SearchPractices returns one page of the published practices that match f,
// the total, and for each facet the counts of its values among the practices
// that match every other facet's selection (OR within a facet, AND across).
//
// This node's in-memory indexes of the snapshot do it all: the full-text
// index (package fulltext, the same on both databases) finds the practices
// that match the words and ranks the best of them, the facet index
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
		pix, err := s.searchIndex(ctx, tx)
		if err != nil {
			return err
		}
		found, err := pix.facets.Search(searchindex.Request{
			Filter: searchindex.Filter{Facets: f.Facets, From: f.YearFrom, To: f.YearTo, Since: f.ChangedSince},
			Text:   pix.fullText(q),
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
		h := &lmo.PracticeHit{Practice: p}
		h.Snippet, h.SnippetLanguage, h.Snippets = q.HitSnippets(p)
		res.Hits = append(res.Hits, h)
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

// practiceIndex is a node's in-memory index of one practices version: the
// facets, spans and orders (searchindex) and the full text (fulltext) of
// the published practices, numbering them alike: position i of facets is
// slot i of text, so that their Sets combine with no mapping. It is
// immutable; a write makes a new one (practice_changes.go).
type practiceIndex struct {
	version int64
	facets  *searchindex.Index
	text    *fulltext.Index
	keys    []practiceKeys // per position, what the orders compare
	// extended is set once an update has appended to keys in place; a
	// compacted copy shares it.
	extended *atomic.Bool
	// root is the facet index of the full build this one derives from:
	// the node keeps a few versions of one root (searchindex.Cache), which
	// share most of their memory, never two roots.
	root *searchindex.Index
}

// sameRoot tells the cache which older indexes to keep beside the newest.
func sameRoot(older, newest *practiceIndex) bool { return older.root == newest.root }

// practiceKeys are the sort keys of one practice.
type practiceKeys struct {
	id      int64
	from    int       // start year, 0 unknown
	title   string    // ASCII letters folded, as SQLite's NOCASE: folded once, not in every comparison
	created time.Time // for the latest-added-first order
	checked string    // YYYY-MM-DD or "", for the facts-checked order
}

// fullText is the full-text part of a search for q on pix: its key in the
// cache of recent words, and the matches and ranker of the full-text index.
func (pix *practiceIndex) fullText(q lmo.Query) searchindex.FullText {
	if q.IsEmpty() {
		return searchindex.FullText{}
	}
	return searchindex.FullText{Key: q.String(), Match: func() (searchindex.Set, searchindex.Ranker, error) {
		m := pix.text.Query(q)
		ids := pix.text.Slots()
		return m.Set, func(k int, within searchindex.Set) []int64 {
			hits := m.Top(k, within)
			out := make([]int64, len(hits))
			for i, h := range hits {
				out[i] = ids[h.Slot]
			}
			return out
		}, nil
	}}
}

// searchIndex returns this node's in-memory index of the snapshot that tx
// reads. When the practices version has moved since the index the node
// holds, it derives the new one from the change log (updateIndex), or builds
// it from the snapshot when the log does not reach back or too much changed.
func (s *Practices) searchIndex(ctx context.Context, tx *Tx) (*practiceIndex, error) {
	version, err := tx.version(ctx, "practices_version")
	if err != nil {
		return nil, err
	}
	return s.index.Get(version, func(prev *practiceIndex, _ int64) (*practiceIndex, error) {
		if prev != nil {
			pix, err := s.updateIndex(ctx, tx, prev, version)
			if err != nil {
				return nil, fmt.Errorf("update search index: %w", err)
			}
			if pix != nil {
				s.updates.Add(1)
				return pix, nil
			}
		}
		pix, err := buildIndex(ctx, tx, version)
		if err != nil {
			return nil, fmt.Errorf("build search index: %w", err)
		}
		s.builds.Add(1)
		return pix, nil
	})
}

// buildIndex reads the published practices of the snapshot into both
// indexes: their texts, their years as the span, their update time, their
// facet postings, the four sort orders and the link of countries to their
// roles. The full-text index is built while the facets are read.
func buildIndex(ctx context.Context, tx *Tx, version int64) (*practiceIndex, error) {
	texts, err := readTexts(ctx, tx, allPractices)
	if err != nil {
		return nil, err
	}
	type built struct {
		ix  *fulltext.Index
		err error
	}
	done := make(chan built, 1)
	go func() {
		ix, err := fulltext.Build(texts, TextWeights)
		done <- built{ix, err}
	}()
	pix, err := buildFacets(ctx, tx, version)
	text := <-done
	if err != nil {
		return nil, err
	}
	if text.err != nil {
		return nil, text.err
	}
	pix.text = text.ix
	if err := pix.aligned(); err != nil {
		return nil, err
	}
	return pix, nil
}

// buildFacets reads the facet index of the snapshot.
func buildFacets(ctx context.Context, tx *Tx, version int64) (*practiceIndex, error) {
	docs, keys, err := readDocs(ctx, tx, "1 = 1")
	if err != nil {
		return nil, err
	}
	postings, err := readPostings(ctx, tx)
	if err != nil {
		return nil, err
	}
	facets := searchindex.Build(version, docs, lmo.Facets, postings, practiceOrders(keys), countryRoleLink)
	return &practiceIndex{version: version, facets: facets, keys: keys, extended: new(atomic.Bool), root: facets}, nil
}

// aligned checks that the two indexes number the same practices alike.
func (pix *practiceIndex) aligned() error {
	if !slices.Equal(pix.facets.IDs(), pix.text.Slots()) {
		return fmt.Errorf("the full-text index (%d slots) and the facet index (%d positions) disagree", pix.text.Len(), pix.facets.Len())
	}
	return nil
}

// readDocs reads the span, change time and sort keys of the published
// practices that match scope (a condition on p with ? parameters), in id
// order.
func readDocs(ctx context.Context, tx *Tx, scope string, args ...any) ([]searchindex.Doc, []practiceKeys, error) {
	var docs []searchindex.Doc
	var keys []practiceKeys
	err := tx.Each(ctx, `SELECT p.id, p.title, coalesce(p.start_year, 0), coalesce(p.end_year, 0), p.created_at, p.updated_at, p.facts_checked
		FROM practices p WHERE p.review_status = 'published' AND `+scope+` ORDER BY p.id`, args, func(rows *sql.Rows) error {
		var d searchindex.Doc
		var k practiceKeys
		if err := rows.Scan(&d.ID, &k.title, &d.From, &d.To, scanTime(&k.created), scanTime(&d.Changed), &k.checked); err != nil {
			return err
		}
		k.id, k.from, k.title = d.ID, d.From, asciiLower(k.title)
		docs, keys = append(docs, d), append(keys, k)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read practices: %w", err)
	}
	return docs, keys, nil
}

// practiceOrders are the four practice orders over positions with keys:
// relevance without words (latest added first), newest, title and
// facts_checked (oldest check first, the unrecorded before all).
func practiceOrders(keys []practiceKeys) map[string]searchindex.Compare {
	return map[string]searchindex.Compare{
		lmo.SortRelevance: func(a, b int) int { // without words: latest added first
			return cmp.Or(keys[b].created.Compare(keys[a].created), cmp.Compare(keys[b].id, keys[a].id))
		},
		lmo.SortNewest: func(a, b int) int { // newest start year; 0 (unknown) sorts last
			return cmp.Or(cmp.Compare(keys[b].from, keys[a].from), cmp.Compare(keys[b].id, keys[a].id))
		},
		lmo.SortTitle:        func(a, b int) int { return strings.Compare(keys[a].title, keys[b].title) },
		lmo.SortFactsChecked: func(a, b int) int { return strings.Compare(keys[a].checked, keys[b].checked) },
	}
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
