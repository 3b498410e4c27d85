package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/lmo-observatory/lmo/internal/fulltext"
)

// TextWeights weigh the full-text fields of a practice, in the order of
// PracticeTextSQL's columns: title, summary, body (description, results and
// lessons), organisations, countries, topics. They are SQLite's former
// bm25(10, 5, 1, 3, 3, 2): a title match outranks a body match.
var TextWeights = []float64{10, 5, 1, 3, 3, 2}

// textAggregates are the three full-text fields that gather a practice's
// rows from other tables: what is aggregated, and from where for one
// practice (p) and for every practice (grouped by id).
var textAggregates = []struct{ agg, one, all string }{
	{`string_agg(o.name || ' ' || o.acronym, ' ' ORDER BY po.position, po.role)`,
		`practice_organisations po JOIN organisations o ON o.id = po.organisation_id WHERE po.practice_id = p.id`,
		`practice_organisations po JOIN organisations o ON o.id = po.organisation_id GROUP BY po.practice_id`},
	{`string_agg(c.name_en || ' ' || c.name_fr || ' ' || c.name_es, ' ' ORDER BY c.code)`,
		`countries c WHERE c.code IN (SELECT pc.country FROM practice_countries pc WHERE pc.practice_id = p.id)`,
		`(SELECT DISTINCT practice_id, country FROM practice_countries) pc JOIN countries c ON c.code = pc.country GROUP BY pc.practice_id`},
	{`string_agg(CASE pt.vocabulary_id WHEN 'instrument' THEN t.code || ' ' ELSE '' END || t.label, ' ' ORDER BY pt.vocabulary_id, pt.position)`,
		`practice_terms pt JOIN terms t ON t.vocabulary_id = pt.vocabulary_id AND t.code = pt.code
		WHERE pt.practice_id = p.id AND pt.vocabulary_id IN ('theme', 'target-group', 'migration-stage', 'instrument')`,
		`practice_terms pt JOIN terms t ON t.vocabulary_id = pt.vocabulary_id AND t.code = pt.code
		WHERE pt.vocabulary_id IN ('theme', 'target-group', 'migration-stage', 'instrument') GROUP BY pt.practice_id`},
}

// textColumns are the id, title, summary and body of p. The title and
// summary fields hold the original's and, after it, those of every
// translation (practice_texts, by language), so that words in any of the
// practice's languages find it, weighted as the original's.
const textColumns = `SELECT p.id,
	p.title || coalesce((SELECT ' ' || string_agg(x.title, ' ' ORDER BY x.lang) FROM practice_texts x WHERE x.practice_id = p.id), ''),
	p.summary || coalesce((SELECT ' ' || string_agg(x.summary, ' ' ORDER BY x.lang) FROM practice_texts x WHERE x.practice_id = p.id), ''),
	p.description || ' ' || p.results || ' ' || p.lessons`

// PracticeTextSQL selects the id and the six full-text fields of the
// published practices that match a scope (a condition on p appended to
// it): the text of the in-memory full-text index on both databases, and of
// SQLite's FTS5 table. Country names are in three languages; topics are the
// labels of the practice's themes, target groups, stages and instruments
// (with the instruments' codes), so words find what a practice is tagged
// with. string_agg with ORDER BY is the same on SQLite (3.44 and later) and
// PostgreSQL, so both indexes read the same text. Each aggregate is a
// subquery per practice, which suits a few practices; allTextSQL reads
// them all with the same text.
var PracticeTextSQL = textSQL("")

// textSQL is PracticeTextSQL with more columns (", ..." of p) after the
// first four.
func textSQL(more string) string {
	var b strings.Builder
	b.WriteString(textColumns + more)
	for _, a := range textAggregates {
		fmt.Fprintf(&b, ",\n\tcoalesce((SELECT %s FROM %s), '')", a.agg, a.one)
	}
	b.WriteString("\n\tFROM practices p WHERE p.review_status = 'published' AND ")
	return b.String()
}

// allTextSQL is PracticeTextSQL for every published practice: each
// aggregate grouped once and joined, which takes 3.6 s at 100,000
// practices on PostgreSQL where a subquery per practice takes 8 s (on
// SQLite it is the other way round, 7.3 s against 5.2 s, so SQLite keeps
// the subqueries). The conformance tests compare the two (a full build
// against incremental updates).
var allTextSQL = func() string {
	var b strings.Builder
	b.WriteString(textColumns)
	for i := range textAggregates {
		fmt.Fprintf(&b, ", coalesce(a%d.t, '')", i)
	}
	b.WriteString("\n\tFROM practices p")
	for i, a := range textAggregates {
		by := a.all[strings.LastIndex(a.all, "GROUP BY ")+len("GROUP BY "):]
		fmt.Fprintf(&b, "\n\tLEFT JOIN (SELECT %s AS id, %s AS t FROM %s) a%d ON a%[4]d.id = p.id", by, a.agg, a.all, i)
	}
	b.WriteString("\n\tWHERE p.review_status = 'published' ORDER BY p.id")
	return b.String()
}()

// allPractices is the scope of every practice.
const allPractices = "1 = 1"

// readTexts reads the full-text fields of the published practices that
// match scope (a condition on p with ? parameters, or allPractices), in id
// order.
func readTexts(ctx context.Context, tx *Tx, scope string, args ...any) ([]fulltext.Doc, error) {
	var docs []fulltext.Doc
	query := PracticeTextSQL + scope + ` ORDER BY p.id`
	if scope == allPractices && tx.db.dialect.Name() == "postgres" {
		query = allTextSQL // faster there; SQLite is faster with the subqueries
	}
	err := tx.Each(ctx, query, args, func(rows *sql.Rows) error {
		d := fulltext.Doc{Fields: make([]string, len(TextWeights))}
		f := d.Fields
		if err := rows.Scan(&d.ID, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5]); err != nil {
			return err
		}
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the full text of practices: %w", err)
	}
	return docs, nil
}
