package sqlite

import (
	"context"
	"database/sql"
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
	ft := searchindex.FullText{
		Match: func() (searchindex.Set, error) { return textSet(ctx, tx, ix, match, exclude) },
		Rank:  func() ([]int64, error) { return rankAll(ctx, tx, match) },
		Load:  func(ids []int64) ([]*lmo.Practice, error) { return loadPractices(ctx, tx, ids) },
	}
	if match != "" || exclude != "" {
		ft.Key = match + "\x00" + exclude
	}
	return ix.Search(f, q, db.texts, ft)
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
