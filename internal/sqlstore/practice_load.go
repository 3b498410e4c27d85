package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/lmo-observatory/lmo"
)

// loadBatch is how many practices loadPractices reads per round of queries,
// well under the databases' limits on bound parameters.
const loadBatch = 500

// loadPractices loads whole practices in the order of ids, with two queries
// per batch of loadBatch practices (the rows, then all their parts).
func loadPractices(ctx context.Context, tx *Tx, ids []int64) ([]*lmo.Practice, error) {
	out := make([]*lmo.Practice, 0, len(ids))
	for start := 0; start < len(ids); start += loadBatch {
		batch, err := loadPracticeBatch(ctx, tx, ids[start:min(start+loadBatch, len(ids))])
		if err != nil {
			return nil, fmt.Errorf("load practices: %w", err)
		}
		out = append(out, batch...)
	}
	return out, nil
}

// childrenSQL reads every part of the practices of a batch in one statement
// (one round trip instead of seven): each row is a practice id, the kind of
// part, its position and up to five text values and a number. %s stands for
// the list of ids, once in each branch.
const childrenSQL = `
SELECT practice_id, 1, position, country, role, '', '', '', 0 FROM practice_countries WHERE practice_id IN %[1]s
UNION ALL SELECT practice_id, 2, position, origin, destination, '', '', '', 0 FROM practice_corridors WHERE practice_id IN %[1]s
UNION ALL SELECT practice_id, 3, position, vocabulary_id, code, '', '', '', 0 FROM practice_terms WHERE practice_id IN %[1]s
UNION ALL SELECT po.practice_id, 4, po.position, o.name, o.acronym, o.type, o.country, po.role, 0 FROM practice_organisations po
	JOIN organisations o ON o.id = po.organisation_id WHERE po.practice_id IN %[1]s
UNION ALL SELECT practice_id, 5, position, title, publisher, url, '', '', coalesce(year, 0) FROM practice_sources WHERE practice_id IN %[1]s
UNION ALL SELECT practice_id, 6, position, title, publisher, url, '', '', coalesce(year, 0) FROM practice_evaluations WHERE practice_id IN %[1]s
UNION ALL SELECT practice_id, 7, 0, lang, title, summary, source_url, '', 0 FROM practice_texts WHERE practice_id IN %[1]s
ORDER BY 1, 2, 3`

// childBranches is how many times childrenSQL lists the ids.
const childBranches = 7

// addChild adds one row of childrenSQL to its practice.
func addChild(p *lmo.Practice, kind int, v [5]string, n int) {
	switch kind {
	case 1:
		p.Countries = append(p.Countries, lmo.PracticeCountry{Code: v[0], Role: v[1]})
	case 2:
		p.Corridors = append(p.Corridors, lmo.Corridor{Origin: v[0], Destination: v[1]})
	case 3:
		if field := p.TermFields()[v[0]]; field != nil {
			*field = append(*field, v[1])
		}
	case 4:
		p.Organisations = append(p.Organisations, lmo.PracticeOrganisation{Name: v[0], Acronym: v[1], Type: v[2], Country: v[3], Role: v[4]})
	case 5:
		p.Sources = append(p.Sources, lmo.Source{Title: v[0], Publisher: v[1], URL: v[2], Year: n})
	case 6:
		p.Evaluations = append(p.Evaluations, lmo.Source{Title: v[0], Publisher: v[1], URL: v[2], Year: n})
	case 7:
		if p.Translations == nil {
			p.Translations = map[string]lmo.PracticeText{}
		}
		p.Translations[v[0]] = lmo.PracticeText{Title: v[1], Summary: v[2], SourceURL: v[3]}
	}
}

func loadPracticeBatch(ctx context.Context, tx *Tx, ids []int64) ([]*lmo.Practice, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	in := "(" + placeholders(len(ids)) + ")"
	byID := make(map[int64]*lmo.Practice, len(ids))
	if err := tx.Each(ctx, `SELECT id, slug, title, summary, description, global, coalesce(start_year, 0), coalesce(end_year, 0),
		status, results, evidence_level, language, contact, review_status, version, created_at, updated_at, lessons, facts_checked
		FROM practices WHERE id IN `+in, args, func(rows *sql.Rows) error {
		p := newPractice()
		if err := rows.Scan(&p.ID, &p.Slug, &p.Title, &p.Summary, &p.Description, &p.Global, &p.StartYear, &p.EndYear,
			&p.Status, &p.Results, &p.EvidenceLevel, &p.Language, contactScanner{&p.Contact}, &p.ReviewStatus, &p.Version,
			scanTime(&p.CreatedAt), scanTime(&p.UpdatedAt), &p.Lessons, &p.FactsChecked); err != nil {
			return err
		}
		byID[p.ID] = p
		return nil
	}); err != nil {
		return nil, err
	}
	childArgs := make([]any, 0, childBranches*len(args))
	for range childBranches {
		childArgs = append(childArgs, args...)
	}
	if err := tx.Each(ctx, fmt.Sprintf(childrenSQL, in), childArgs, func(rows *sql.Rows) error {
		var id int64
		var kind, position, n int
		var v [5]string
		if err := rows.Scan(&id, &kind, &position, &v[0], &v[1], &v[2], &v[3], &v[4], &n); err != nil {
			return err
		}
		if p := byID[id]; p != nil {
			addChild(p, kind, v, n)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	out := make([]*lmo.Practice, 0, len(ids))
	for _, id := range ids {
		p := byID[id]
		if p == nil {
			return nil, fmt.Errorf("practice %d vanished while loading", id)
		}
		out = append(out, p)
	}
	return out, nil
}

// newPractice returns a practice whose lists are empty rather than nil.
func newPractice() *lmo.Practice {
	p := &lmo.Practice{}
	p.Normalize()
	return p
}
