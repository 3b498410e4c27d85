package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/lmo-observatory/lmo"
)

// SearchPractices returns one page of the published practices that match f,
// the total, and for each facet the counts of its values among the practices
// that match every other facet's selection (OR within a facet, AND across).
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

	tsq := tsQuery(q)
	res := &lmo.PracticeResults{Hits: []*lmo.PracticeHit{}}
	var a args
	where := buildWhere(&a, f, tsq, "")
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM practices p WHERE `+where, a...).Scan(&res.Total); err != nil {
		return nil, wrap(fmt.Errorf("count: %w", err))
	}
	if res.Hits, err = findHits(ctx, tx, f, tsq, len(q.Clauses) > 0); err != nil {
		return nil, fmt.Errorf("hits: %w", err)
	}
	if !f.NoFacets {
		if res.Facets, err = countFacets(ctx, tx, f, tsq); err != nil {
			return nil, fmt.Errorf("facets: %w", err)
		}
	}
	return res, nil
}

// buildWhere returns the condition for f on practices p, leaving out the
// selection of the facet named skip, and appends its arguments to a.
func buildWhere(a *args, f lmo.PracticeFilter, tsq, skip string) string {
	conds := []string{"p.review_status = 'published'"}
	if tsq != "" {
		conds = append(conds, "p.search @@ to_tsquery('lmo', "+a.add(tsq)+")")
	}
	for _, name := range lmo.Facets {
		values := f.Facets[name]
		if name == skip || len(values) == 0 {
			continue
		}
		conds = append(conds, "p.id IN (SELECT practice_id FROM practice_facets WHERE facet = "+a.add(name)+
			" AND value = ANY("+a.add(values)+"))")
	}
	if f.YearFrom != 0 {
		conds = append(conds, "coalesce(p.end_year, 9999) >= "+a.add(f.YearFrom))
	}
	if f.YearTo != 0 {
		conds = append(conds, "p.start_year <= "+a.add(f.YearTo))
	}
	if !f.ChangedSince.IsZero() {
		conds = append(conds, "p.updated_at >= "+a.add(f.ChangedSince))
	}
	return strings.Join(conds, " AND ")
}

// headlineOptions make ts_headline mark matches as the domain expects.
var headlineOptions = fmt.Sprintf(`StartSel="%s", StopSel="%s", MaxWords=30, MinWords=12, ShortWord=0, MaxFragments=2, FragmentDelimiter=" … "`,
	lmo.HighlightStart, lmo.HighlightEnd)

// findHits returns one page of hits in the requested order, with snippets
// from the summary, else the description, when there are words to match.
// Snippets are computed for the page only, in a second query: PostgreSQL
// would otherwise compute them for every row that OFFSET skips.
func findHits(ctx context.Context, tx pgx.Tx, f lmo.PracticeFilter, tsq string, positive bool) ([]*lmo.PracticeHit, error) {
	var a args
	where := buildWhere(&a, f, tsq, "")
	order := sortOrder(f.Sort)
	if positive && f.Sort == lmo.SortRelevance {
		order = "ts_rank(p.search, to_tsquery('lmo', " + a.add(tsq) + ")) DESC, p.id DESC"
	}
	rows, err := tx.Query(ctx, `SELECT p.id FROM practices p WHERE `+where+` ORDER BY `+order+
		` LIMIT `+a.add(f.Limit)+` OFFSET `+a.add(f.Offset), a...)
	if err != nil {
		return nil, wrap(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, wrap(err)
	}
	snippets := map[int64]string{}
	if positive && len(ids) > 0 {
		if snippets, err = findSnippets(ctx, tx, ids, tsq); err != nil {
			return nil, err
		}
	}
	ps, err := loadPractices(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	hits := make([]*lmo.PracticeHit, len(ps))
	for i, p := range ps {
		hits[i] = &lmo.PracticeHit{Practice: p, Snippet: snippets[p.ID]}
	}
	return hits, nil
}

// findSnippets returns the snippets of the given practices for a query.
func findSnippets(ctx context.Context, tx pgx.Tx, ids []int64, tsq string) (map[int64]string, error) {
	rows, err := tx.Query(ctx, `SELECT p.id, CASE
			WHEN to_tsvector('lmo', p.summary) @@ q THEN ts_headline('lmo', p.summary, q, $3)
			WHEN to_tsvector('lmo', p.description) @@ q THEN ts_headline('lmo', p.description, q, $3)
			ELSE '' END
		FROM practices p, to_tsquery('lmo', $2) q WHERE p.id = ANY($1)`, ids, tsq, headlineOptions)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	out := make(map[int64]string, len(ids))
	for rows.Next() {
		var id int64
		var s string
		if err := rows.Scan(&id, &s); err != nil {
			return nil, err
		}
		out[id] = s
	}
	return out, wrap(rows.Err())
}

// sortOrder returns the ORDER BY for a sort other than by rank: newest
// started first, by title, or (relevance without words) latest added first.
func sortOrder(sort string) string {
	switch sort {
	case lmo.SortNewest:
		return "p.start_year DESC NULLS LAST, p.id DESC"
	case lmo.SortTitle:
		return `lower(p.title) COLLATE "C", p.id`
	}
	return "p.created_at DESC, p.id DESC"
}

// countFacets counts facet values as the sqlite store does: facets without a
// selection in one query over the filtered set, each selected facet over the
// set filtered by the others.
func countFacets(ctx context.Context, tx pgx.Tx, f lmo.PracticeFilter, tsq string) (map[string][]lmo.FacetCount, error) {
	out := map[string][]lmo.FacetCount{}
	var open []string
	for _, name := range lmo.Facets {
		out[name] = []lmo.FacetCount{}
		if len(f.Facets[name]) == 0 {
			open = append(open, name)
		}
	}
	collect := func(facets []string, skip string) error {
		var a args
		where := buildWhere(&a, f, tsq, skip)
		rows, err := tx.Query(ctx, `SELECT facet, value, count(*) FROM practice_facets WHERE facet = ANY(`+a.add(facets)+`)
			AND practice_id IN (SELECT p.id FROM practices p WHERE `+where+`) GROUP BY facet, value`, a...)
		if err != nil {
			return wrap(err)
		}
		defer rows.Close()
		for rows.Next() {
			var facet string
			var fc lmo.FacetCount
			if err := rows.Scan(&facet, &fc.Value, &fc.Count); err != nil {
				return err
			}
			out[facet] = append(out[facet], fc)
		}
		return wrap(rows.Err())
	}
	if len(open) > 0 {
		if err := collect(open, ""); err != nil {
			return nil, err
		}
	}
	for _, name := range lmo.Facets {
		if len(f.Facets[name]) > 0 {
			if err := collect([]string{name}, name); err != nil {
				return nil, err
			}
		}
	}
	for _, counts := range out {
		sortCounts(counts)
	}
	return out, nil
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

// sortCounts orders facet counts as the sqlite store does: most frequent
// first, then by value.
func sortCounts(counts []lmo.FacetCount) {
	slices.SortFunc(counts, func(a, b lmo.FacetCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
}
