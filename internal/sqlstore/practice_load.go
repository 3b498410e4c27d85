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

// loadPractices loads whole practices in the order of ids, with six queries
// per batch of loadBatch practices.
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

// practiceChild reads one kind of a practice's parts: a query over
// practice_id IN (...) and what to do with each row.
type practiceChild struct {
	query string // with %s for the list of ids
	scan  func(rows *sql.Rows, p func(int64) *lmo.Practice) error
}

var practiceChildren = []practiceChild{
	{`SELECT practice_id, country, role FROM practice_countries WHERE practice_id IN %s ORDER BY practice_id, position`,
		func(rows *sql.Rows, p func(int64) *lmo.Practice) error {
			var id int64
			var c lmo.PracticeCountry
			if err := rows.Scan(&id, &c.Code, &c.Role); err != nil {
				return err
			}
			p(id).Countries = append(p(id).Countries, c)
			return nil
		}},
	{`SELECT practice_id, origin, destination FROM practice_corridors WHERE practice_id IN %s ORDER BY practice_id, position`,
		func(rows *sql.Rows, p func(int64) *lmo.Practice) error {
			var id int64
			var c lmo.Corridor
			if err := rows.Scan(&id, &c.Origin, &c.Destination); err != nil {
				return err
			}
			p(id).Corridors = append(p(id).Corridors, c)
			return nil
		}},
	{`SELECT practice_id, vocabulary_id, code FROM practice_terms WHERE practice_id IN %s ORDER BY practice_id, vocabulary_id, position`,
		func(rows *sql.Rows, p func(int64) *lmo.Practice) error {
			var id int64
			var vocab, code string
			if err := rows.Scan(&id, &vocab, &code); err != nil {
				return err
			}
			if field := p(id).TermFields()[vocab]; field != nil {
				*field = append(*field, code)
			}
			return nil
		}},
	{`SELECT po.practice_id, o.name, o.acronym, o.type, o.country, po.role FROM practice_organisations po
		JOIN organisations o ON o.id = po.organisation_id WHERE po.practice_id IN %s ORDER BY po.practice_id, po.position`,
		func(rows *sql.Rows, p func(int64) *lmo.Practice) error {
			var id int64
			var o lmo.PracticeOrganisation
			if err := rows.Scan(&id, &o.Name, &o.Acronym, &o.Type, &o.Country, &o.Role); err != nil {
				return err
			}
			p(id).Organisations = append(p(id).Organisations, o)
			return nil
		}},
	{`SELECT practice_id, title, publisher, url, coalesce(year, 0) FROM practice_sources WHERE practice_id IN %s ORDER BY practice_id, position`,
		func(rows *sql.Rows, p func(int64) *lmo.Practice) error {
			var id int64
			var s lmo.Source
			if err := rows.Scan(&id, &s.Title, &s.Publisher, &s.URL, &s.Year); err != nil {
				return err
			}
			p(id).Sources = append(p(id).Sources, s)
			return nil
		}},
}

func loadPracticeBatch(ctx context.Context, tx *Tx, ids []int64) ([]*lmo.Practice, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	in := "(" + placeholders(len(ids)) + ")"
	byID := make(map[int64]*lmo.Practice, len(ids))
	if err := tx.Each(ctx, `SELECT id, slug, title, summary, description, global, coalesce(start_year, 0), coalesce(end_year, 0),
		status, results, evidence_level, language, contact, review_status, version, created_at, updated_at
		FROM practices WHERE id IN `+in, args, func(rows *sql.Rows) error {
		p := newPractice()
		if err := rows.Scan(&p.ID, &p.Slug, &p.Title, &p.Summary, &p.Description, &p.Global, &p.StartYear, &p.EndYear,
			&p.Status, &p.Results, &p.EvidenceLevel, &p.Language, contactScanner{&p.Contact}, &p.ReviewStatus, &p.Version,
			scanTime(&p.CreatedAt), scanTime(&p.UpdatedAt)); err != nil {
			return err
		}
		byID[p.ID] = p
		return nil
	}); err != nil {
		return nil, err
	}
	lookup := func(id int64) *lmo.Practice { return byID[id] }
	for _, c := range practiceChildren {
		if err := tx.Each(ctx, fmt.Sprintf(c.query, in), args, func(rows *sql.Rows) error { return c.scan(rows, lookup) }); err != nil {
			return nil, err
		}
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
