package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/searchindex"
)

// bm25Weights weigh the full-text columns: title, summary, body,
// organisations, countries, topics.
const bm25Weights = `10.0, 5.0, 1.0, 3.0, 3.0, 2.0`

// SearchPractices returns one page of the published practices that match f,
// the total, and for each facet the counts of its values among the practices
// that match every other facet's selection (OR within a facet, AND across).
//
// FTS5 finds the practices that match the words; the in-memory index of the
// snapshot (searchindex) filters them by facets, years and date, counts the
// facets and orders them when the order is not relevance.
func (db *DB) SearchPractices(ctx context.Context, f lmo.PracticeFilter) (*lmo.PracticeResults, error) {
	q, err := lmo.ParseQuery(f.Query)
	if err != nil {
		return nil, err
	}
	if err := f.Check(); err != nil {
		return nil, err
	}
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ix, err := db.searchIndex(ctx, tx)
	if err != nil {
		return nil, err
	}
	match, exclude := ftsQuery(q)
	key := match + "\x00" + exclude
	entry := db.texts.Get(ix.Version, key)
	if entry == nil && (match != "" || exclude != "") {
		set, err := textSet(ctx, tx, ix, match, exclude)
		if err != nil {
			return nil, fmt.Errorf("full text: %w", err)
		}
		entry = &searchindex.TextEntry{Set: set}
		db.texts.Put(ix.Version, key, entry)
	}
	var text searchindex.Set
	if entry != nil {
		text = entry.Set
	}
	filtered := ix.Filter(f, text, "")
	res := &lmo.PracticeResults{Total: filtered.Count(), Hits: []*lmo.PracticeHit{}}
	var ids []int64
	if match != "" && f.Sort == lmo.SortRelevance {
		if entry.Ranked == nil {
			ranked, err := rankAll(ctx, tx, match)
			if err != nil {
				return nil, fmt.Errorf("rank: %w", err)
			}
			entry = &searchindex.TextEntry{Set: entry.Set, Ranked: ranked} // entries are never changed once cached
			db.texts.Put(ix.Version, key, entry)
		}
		ids = ix.PageOf(entry.Ranked, filtered, f.Offset, f.Limit)
	} else {
		ids = ix.Page(filtered, f.Sort, f.Offset, f.Limit)
	}
	if res.Hits, err = loadHits(ctx, tx, ids, q); err != nil {
		return nil, fmt.Errorf("hits: %w", err)
	}
	if !f.NoFacets {
		res.Facets = ix.Counts(f, text, filtered)
	}
	return res, nil
}

// textSet returns the practices that match the words (nil when there are
// none to match): those that match the positive part, minus those that match
// an excluded term.
func textSet(ctx context.Context, tx *sql.Tx, ix *searchindex.Index, match, exclude string) (searchindex.Set, error) {
	if match == "" && exclude == "" {
		return nil, nil
	}
	s := ix.All().Clone()
	for _, part := range []struct {
		query string
		keep  bool
	}{{match, true}, {exclude, false}} {
		if part.query == "" {
			continue
		}
		// One row with every id: half the cost of a row per id at 100,000.
		var joined sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT group_concat(rowid) FROM practices_fts WHERE practices_fts MATCH ?`, part.query).Scan(&joined); err != nil {
			return nil, err
		}
		ids, err := parseIDs(joined.String)
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

// rankAll returns every practice that matches, best first by BM25, read as
// one row: FTS5 scores every match before the first row anyway.
func rankAll(ctx context.Context, tx *sql.Tx, match string) ([]int64, error) {
	var joined sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT group_concat(rowid) FROM (SELECT rowid FROM practices_fts
		WHERE practices_fts MATCH ? AND rank MATCH 'bm25(`+bm25Weights+`)' ORDER BY rank)`, match).Scan(&joined)
	if err != nil {
		return nil, err
	}
	return parseIDs(joined.String)
}

// loadHits loads the practices of ids in order, with snippets when there
// are words to match.
func loadHits(ctx context.Context, tx *sql.Tx, ids []int64, q lmo.Query) ([]*lmo.PracticeHit, error) {
	ps, err := loadPractices(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	hits := make([]*lmo.PracticeHit, len(ps))
	for i, p := range ps {
		hits[i] = &lmo.PracticeHit{Practice: p, Snippet: q.HitSnippet(p)}
	}
	return hits, nil
}

// ftsQuery renders q in FTS5's query syntax: the positive part to MATCH and
// the excluded terms as a second expression to subtract. Every token is
// quoted, so nothing a person types is read as FTS5 syntax.
func ftsQuery(q lmo.Query) (match, exclude string) {
	var clauses []string
	for _, c := range q.Clauses {
		alts := make([]string, len(c))
		for i, t := range c {
			alts[i] = ftsTerm(t)
		}
		clauses = append(clauses, "("+strings.Join(alts, " OR ")+")")
	}
	var excluded []string
	for _, t := range q.Excluded {
		excluded = append(excluded, ftsTerm(t))
	}
	return strings.Join(clauses, " AND "), strings.Join(excluded, " OR ")
}

func ftsTerm(t lmo.QueryTerm) string {
	s := `"` + strings.ReplaceAll(strings.Join(t.Tokens, " "), `"`, `""`) + `"`
	if t.Prefix {
		s += "*"
	}
	return s
}
