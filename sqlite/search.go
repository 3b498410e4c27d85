package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// bm25Weights weigh the full-text columns: title, summary, body,
// organisations, countries, topics.
const bm25Weights = `10.0, 5.0, 1.0, 3.0, 3.0, 2.0`

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
	defer tx.Rollback()

	match, exclude := ftsQuery(q)
	base := buildWhere(f, match, exclude, "")
	res := &lmo.PracticeResults{Hits: []*lmo.PracticeHit{}}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM practices p WHERE `+base.sql, base.args...).Scan(&res.Total); err != nil {
		return nil, fmt.Errorf("count: %w", err)
	}
	if res.Hits, err = findHits(ctx, tx, f, match, base); err != nil {
		return nil, fmt.Errorf("hits: %w", err)
	}
	if !f.NoFacets {
		if res.Facets, err = countFacets(ctx, tx, f, match, exclude, base); err != nil {
			return nil, fmt.Errorf("facets: %w", err)
		}
	}
	return res, nil
}

// clause is a SQL condition on practices p with its arguments.
type clause struct {
	sql  string
	args []any
}

// buildWhere returns the condition for f, leaving out the selection of the
// facet named skip (for that facet's own counts).
func buildWhere(f lmo.PracticeFilter, match, exclude, skip string) clause {
	c := clause{sql: "p.review_status = 'published'"}
	add := func(sql string, args ...any) {
		c.sql += " AND " + sql
		c.args = append(c.args, args...)
	}
	if match != "" {
		add("p.id IN (SELECT rowid FROM practices_fts WHERE practices_fts MATCH ?)", match)
	}
	if exclude != "" {
		add("p.id NOT IN (SELECT rowid FROM practices_fts WHERE practices_fts MATCH ?)", exclude)
	}
	for _, name := range lmo.Facets {
		values := f.Facets[name]
		if name == skip || len(values) == 0 {
			continue
		}
		args := []any{name}
		for _, v := range values {
			args = append(args, v)
		}
		add("p.id IN (SELECT practice_id FROM practice_facets WHERE facet = ? AND value IN ("+placeholders(len(values))+"))", args...)
	}
	if f.YearFrom != 0 {
		add("coalesce(p.end_year, 9999) >= ?", f.YearFrom)
	}
	if f.YearTo != 0 {
		add("p.start_year <= ?", f.YearTo)
	}
	if !f.ChangedSince.IsZero() {
		add("p.updated_at >= ?", formatTime(f.ChangedSince))
	}
	return c
}

// findHits returns one page of hits in the requested order, with snippets
// when there is a text query.
func findHits(ctx context.Context, tx *sql.Tx, f lmo.PracticeFilter, match string, where clause) ([]*lmo.PracticeHit, error) {
	var query string
	args := append([]any{}, where.args...)
	if match != "" {
		order := "rank"
		if f.Sort != lmo.SortRelevance {
			order = sortOrder(f.Sort)
		}
		query = `SELECT p.id, ` + snippetSQL + `
			FROM practices_fts JOIN practices p ON p.id = practices_fts.rowid
			WHERE practices_fts MATCH ? AND rank MATCH 'bm25(` + bm25Weights + `)' AND ` + where.sql + `
			ORDER BY ` + order + ` LIMIT ? OFFSET ?`
		args = append([]any{match}, args...)
	} else {
		query = `SELECT p.id, '' FROM practices p WHERE ` + where.sql + ` ORDER BY ` + sortOrder(f.Sort) + ` LIMIT ? OFFSET ?`
	}
	args = append(args, f.Limit, f.Offset)
	var ids []int64
	snippets := map[int64]string{}
	err := scanAll(ctx, tx, query, args, func(rows *sql.Rows) error {
		var id int64
		var snippet string
		if err := rows.Scan(&id, &snippet); err != nil {
			return err
		}
		ids = append(ids, id)
		snippets[id] = snippet
		return nil
	})
	if err != nil {
		return nil, err
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

// snippetSQL picks the snippet of a hit from its summary, else its
// description, else none (the page then shows the summary): the other
// columns (country names, tags) make poor reading.
var snippetSQL = func() string {
	col := func(i int) string {
		return fmt.Sprintf(`snippet(practices_fts, %d, '%s', '%s', '…', 24)`, i, lmo.HighlightStart, lmo.HighlightEnd)
	}
	return `CASE WHEN instr(` + col(1) + `, '` + lmo.HighlightStart + `') > 0 THEN ` + col(1) +
		` WHEN instr(` + col(2) + `, '` + lmo.HighlightStart + `') > 0 THEN ` + col(2) + ` ELSE '' END`
}()

// sortOrder returns the ORDER BY for a sort other than by rank: newest
// started first, by title, or (relevance without a text query) most recently
// added first.
func sortOrder(sort string) string {
	switch sort {
	case lmo.SortNewest:
		return "p.start_year IS NULL, p.start_year DESC, p.id DESC"
	case lmo.SortTitle:
		return "p.title COLLATE NOCASE, p.id"
	}
	return "p.created_at DESC, p.id DESC"
}

// countFacets counts facet values. Facets without a selection share one
// query over the fully filtered set; each facet with a selection is counted
// over the set filtered by every other facet, so that its other values show
// what choosing them would add.
func countFacets(ctx context.Context, tx *sql.Tx, f lmo.PracticeFilter, match, exclude string, base clause) (map[string][]lmo.FacetCount, error) {
	out := map[string][]lmo.FacetCount{}
	for _, name := range lmo.Facets {
		out[name] = []lmo.FacetCount{}
	}
	var open []any
	for _, name := range lmo.Facets {
		if len(f.Facets[name]) == 0 {
			open = append(open, name)
		}
	}
	collect := func(query string, args []any) error {
		return scanAll(ctx, tx, query, args, func(rows *sql.Rows) error {
			var facet string
			var fc lmo.FacetCount
			if err := rows.Scan(&facet, &fc.Value, &fc.Count); err != nil {
				return err
			}
			out[facet] = append(out[facet], fc)
			return nil
		})
	}
	const countSQL = `SELECT facet, value, count(*) FROM practice_facets WHERE facet IN (%s)
		AND practice_id IN (SELECT p.id FROM practices p WHERE %s) GROUP BY facet, value ORDER BY facet, count(*) DESC, value`
	if len(open) > 0 {
		if err := collect(fmt.Sprintf(countSQL, placeholders(len(open)), base.sql), append(open, base.args...)); err != nil {
			return nil, err
		}
	}
	for _, name := range lmo.Facets {
		if len(f.Facets[name]) == 0 {
			continue
		}
		w := buildWhere(f, match, exclude, name)
		if err := collect(fmt.Sprintf(countSQL, "?", w.sql), append([]any{name}, w.args...)); err != nil {
			return nil, err
		}
	}
	return out, nil
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
