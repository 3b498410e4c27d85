package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/lmo-observatory/lmo"
)

// loadBatch is how many practices loadPractices reads per round of queries.
const loadBatch = 1000

// loadPractices loads whole practices in the order of ids, with six queries
// per batch of loadBatch practices, sent in one round trip.
func loadPractices(ctx context.Context, tx pgx.Tx, ids []int64) ([]*lmo.Practice, error) {
	out := make([]*lmo.Practice, 0, len(ids))
	for start := 0; start < len(ids); start += loadBatch {
		batch, err := loadPracticeBatch(ctx, tx, ids[start:min(start+loadBatch, len(ids))])
		if err != nil {
			return nil, err
		}
		out = append(out, batch...)
	}
	return out, nil
}

func loadPracticeBatch(ctx context.Context, tx pgx.Tx, ids []int64) ([]*lmo.Practice, error) {
	byID := make(map[int64]*lmo.Practice, len(ids))
	b := &pgx.Batch{}
	b.Queue(`SELECT id, slug, title, summary, description, global, coalesce(start_year, 0), coalesce(end_year, 0),
		status, results, evidence_level, language, contact, review_status, version, created_at, updated_at
		FROM practices WHERE id = ANY($1)`, ids).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			p := &lmo.Practice{}
			p.Normalize()
			if err := rows.Scan(&p.ID, &p.Slug, &p.Title, &p.Summary, &p.Description, &p.Global, &p.StartYear, &p.EndYear,
				&p.Status, &p.Results, &p.EvidenceLevel, &p.Language, &p.Contact, &p.ReviewStatus, &p.Version, &p.CreatedAt, &p.UpdatedAt); err != nil {
				return err
			}
			p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
			byID[p.ID] = p
		}
		return rows.Err()
	})
	child := func(query string, scan func(rows pgx.Rows) error) {
		b.Queue(query, ids).Query(func(rows pgx.Rows) error {
			for rows.Next() {
				if err := scan(rows); err != nil {
					return err
				}
			}
			return rows.Err()
		})
	}
	child(`SELECT practice_id, country, role FROM practice_countries WHERE practice_id = ANY($1) ORDER BY practice_id, position`,
		func(rows pgx.Rows) error {
			var id int64
			var c lmo.PracticeCountry
			if err := rows.Scan(&id, &c.Code, &c.Role); err != nil {
				return err
			}
			byID[id].Countries = append(byID[id].Countries, c)
			return nil
		})
	child(`SELECT practice_id, origin, destination FROM practice_corridors WHERE practice_id = ANY($1) ORDER BY practice_id, position`,
		func(rows pgx.Rows) error {
			var id int64
			var c lmo.Corridor
			if err := rows.Scan(&id, &c.Origin, &c.Destination); err != nil {
				return err
			}
			byID[id].Corridors = append(byID[id].Corridors, c)
			return nil
		})
	child(`SELECT practice_id, vocabulary_id, code FROM practice_terms WHERE practice_id = ANY($1) ORDER BY practice_id, vocabulary_id, position`,
		func(rows pgx.Rows) error {
			var id int64
			var vocab, code string
			if err := rows.Scan(&id, &vocab, &code); err != nil {
				return err
			}
			if field := byID[id].TermFields()[vocab]; field != nil {
				*field = append(*field, code)
			}
			return nil
		})
	child(`SELECT po.practice_id, o.name, o.acronym, o.type, o.country, po.role FROM practice_organisations po
		JOIN organisations o ON o.id = po.organisation_id WHERE po.practice_id = ANY($1) ORDER BY po.practice_id, po.position`,
		func(rows pgx.Rows) error {
			var id int64
			var o lmo.PracticeOrganisation
			if err := rows.Scan(&id, &o.Name, &o.Acronym, &o.Type, &o.Country, &o.Role); err != nil {
				return err
			}
			byID[id].Organisations = append(byID[id].Organisations, o)
			return nil
		})
	child(`SELECT practice_id, title, publisher, url, coalesce(year, 0) FROM practice_sources WHERE practice_id = ANY($1) ORDER BY practice_id, position`,
		func(rows pgx.Rows) error {
			var id int64
			var s lmo.Source
			if err := rows.Scan(&id, &s.Title, &s.Publisher, &s.URL, &s.Year); err != nil {
				return err
			}
			byID[id].Sources = append(byID[id].Sources, s)
			return nil
		})
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return nil, wrap(err)
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
