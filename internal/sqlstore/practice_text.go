package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/lmo-observatory/lmo/internal/fulltext"
)

// TextWeights weigh the full-text fields of a practice, in the order of
// PracticeTextSQL's columns: title, summary, body (description, results and
// lessons), organisations, countries, topics. They are SQLite's former
// bm25(10, 5, 1, 3, 3, 2): a title match outranks a body match.
var TextWeights = []float64{10, 5, 1, 3, 3, 2}

// PracticeTextSQL selects the id and the six full-text fields of the
// published practices that match a scope (a condition on p appended to
// it), in id order: the text of the in-memory full-text index on both
// databases, and of SQLite's FTS5 table. Country names are in three
// languages; topics are the labels of the practice's themes, target
// groups, stages and instruments (with the instruments' codes), so words
// find what a practice is tagged with. string_agg with ORDER BY is the
// same on SQLite (3.44 and later) and PostgreSQL, so both indexes read the
// same text.
const PracticeTextSQL = `SELECT p.id, p.title, p.summary, p.description || ' ' || p.results || ' ' || p.lessons,
	coalesce((SELECT string_agg(o.name || ' ' || o.acronym, ' ' ORDER BY po.position, po.role) FROM practice_organisations po
		JOIN organisations o ON o.id = po.organisation_id WHERE po.practice_id = p.id), ''),
	coalesce((SELECT string_agg(c.name_en || ' ' || c.name_fr || ' ' || c.name_es, ' ' ORDER BY c.code) FROM countries c
		WHERE c.code IN (SELECT pc.country FROM practice_countries pc WHERE pc.practice_id = p.id)), ''),
	coalesce((SELECT string_agg(CASE pt.vocabulary_id WHEN 'instrument' THEN t.code || ' ' ELSE '' END || t.label, ' '
			ORDER BY pt.vocabulary_id, pt.position)
		FROM practice_terms pt JOIN terms t ON t.vocabulary_id = pt.vocabulary_id AND t.code = pt.code
		WHERE pt.practice_id = p.id AND pt.vocabulary_id IN ('theme', 'target-group', 'migration-stage', 'instrument')), '')
	FROM practices p WHERE p.review_status = 'published' AND `

// readTexts reads the full-text fields of the published practices that
// match scope (a condition on p with ? parameters), in id order.
func readTexts(ctx context.Context, tx *Tx, scope string, args ...any) ([]fulltext.Doc, error) {
	var docs []fulltext.Doc
	err := tx.Each(ctx, PracticeTextSQL+scope+` ORDER BY p.id`, args, func(rows *sql.Rows) error {
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
