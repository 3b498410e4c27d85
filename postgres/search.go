package postgres

import (
	"context"
	"strings"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/searchindex"
)

// SearchPractices returns one page of the published practices that match f,
// the total, and for each facet the counts of its values among the practices
// that match every other facet's selection (OR within a facet, AND across).
//
// The tsvector index finds the practices that match the words (and ranks
// them); this node's in-memory index of the snapshot (searchindex) filters
// them by facets, years and date, counts the facets and orders them when the
// order is not relevance: the same division of work as the sqlite store.
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
	defer tx.Rollback(ctx)
	ix, err := db.searchIndex(ctx, tx)
	if err != nil {
		return nil, err
	}
	tsq := tsQuery(q)
	return ix.Search(f, q, db.texts, searchindex.FullText{
		Key: tsq,
		Match: func() (searchindex.Set, error) {
			var ids []int64
			err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(id), '{}') FROM practices WHERE search @@ to_tsquery('lmo', $1)`, tsq).Scan(&ids)
			return ix.SetOf(ids), wrap(err)
		},
		Rank: func() ([]int64, error) {
			var ranked []int64
			err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(id ORDER BY ts_rank(search, q) DESC, id DESC), '{}')
				FROM practices, to_tsquery('lmo', $1) q WHERE search @@ q`, tsq).Scan(&ranked)
			return ranked, wrap(err)
		},
		Load: func(ids []int64) ([]*lmo.Practice, error) { return loadPractices(ctx, tx, ids) },
	})
}

// tsQuery renders q in to_tsquery syntax: clauses ANDed, alternatives ORed,
// phrases with <->, prefixes with :*, exclusions as !(...). Tokens are
// letters and digits only and quoted, so nothing typed is read as syntax.
func tsQuery(q lmo.Query) string {
	var parts []string
	for _, c := range q.Clauses {
		alts := make([]string, len(c))
		for i, t := range c {
			alts[i] = tsTerm(t)
		}
		parts = append(parts, "("+strings.Join(alts, " | ")+")")
	}
	if len(q.Excluded) > 0 {
		ex := make([]string, len(q.Excluded))
		for i, t := range q.Excluded {
			ex[i] = tsTerm(t)
		}
		parts = append(parts, "!("+strings.Join(ex, " | ")+")")
	}
	return strings.Join(parts, " & ")
}

func tsTerm(t lmo.QueryTerm) string {
	toks := make([]string, len(t.Tokens))
	for i, tok := range t.Tokens {
		toks[i] = "'" + strings.ReplaceAll(tok, "'", "''") + "'"
	}
	if t.Prefix {
		toks[len(toks)-1] += ":*"
	}
	return "(" + strings.Join(toks, " <-> ") + ")"
}
