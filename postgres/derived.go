package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/lmo-observatory/lmo"
)

// insertChildren writes the rows that list a practice's countries, corridors,
// vocabulary terms, organisations and sources, in one round trip.
func insertChildren(ctx context.Context, tx pgx.Tx, p *lmo.Practice) error {
	b := &pgx.Batch{}
	for i, c := range p.Countries {
		b.Queue(`INSERT INTO practice_countries (practice_id, country, role, position) VALUES ($1, $2, $3, $4)`, p.ID, c.Code, c.Role, i)
	}
	for i, c := range p.Corridors {
		b.Queue(`INSERT INTO practice_corridors (practice_id, origin, destination, position) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
			p.ID, c.Origin, c.Destination, i)
	}
	for vocab, codes := range p.TermFields() {
		for i, code := range *codes {
			b.Queue(`INSERT INTO practice_terms (practice_id, vocabulary_id, code, position) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
				p.ID, vocab, code, i)
		}
	}
	for i, o := range p.Organisations {
		b.Queue(`WITH org AS (
				INSERT INTO organisations (name, acronym, type, country) VALUES ($2, $3, $4, $5)
				ON CONFLICT (name, country) DO UPDATE SET acronym = excluded.acronym, type = excluded.type RETURNING id)
			INSERT INTO practice_organisations (practice_id, organisation_id, role, position)
			SELECT $1, id, $6, $7 FROM org ON CONFLICT DO NOTHING`,
			p.ID, strings.TrimSpace(o.Name), o.Acronym, o.Type, o.Country, o.Role, i)
	}
	for i, s := range p.Sources {
		b.Queue(`INSERT INTO practice_sources (practice_id, position, title, publisher, url, year) VALUES ($1, $2, $3, $4, $5, $6)`,
			p.ID, i, s.Title, s.Publisher, s.URL, nullInt(s.Year))
	}
	return wrap(tx.SendBatch(ctx, b).Close())
}

// facetSQL derives the facet rows of the practices that match a scope (a
// condition on p, the practices table). Only published practices have facets.
const facetSQL = `
INSERT INTO practice_facets (facet, value, practice_id)
SELECT 'country', pc.country, p.id FROM practices p JOIN practice_countries pc ON pc.practice_id = p.id
	WHERE p.review_status = 'published' AND %[1]s
UNION SELECT 'region', c.ilo_region, p.id FROM practices p JOIN practice_countries pc ON pc.practice_id = p.id
	JOIN countries c ON c.code = pc.country WHERE c.ilo_region <> '' AND p.review_status = 'published' AND %[1]s
UNION SELECT CASE t.vocabulary_id WHEN 'theme' THEN 'theme' WHEN 'gcm-objective' THEN 'gcm'
	WHEN 'target-group' THEN 'target' ELSE 'stage' END, t.code, p.id
	FROM practices p JOIN practice_terms t ON t.practice_id = p.id
	WHERE t.vocabulary_id IN ('theme', 'gcm-objective', 'target-group', 'migration-stage') AND p.review_status = 'published' AND %[1]s
UNION SELECT 'orgtype', o.type, p.id FROM practices p JOIN practice_organisations po ON po.practice_id = p.id
	JOIN organisations o ON o.id = po.organisation_id WHERE p.review_status = 'published' AND %[1]s
UNION SELECT 'status', p.status, p.id FROM practices p WHERE p.review_status = 'published' AND %[1]s`

// rebuildFacets re-derives the facet rows of the practices matching scope; the
// scope's arguments are $1, $2...
func rebuildFacets(ctx context.Context, tx pgx.Tx, scope string, a ...any) error {
	if _, err := tx.Exec(ctx, `DELETE FROM practice_facets WHERE practice_id IN (SELECT p.id FROM practices p WHERE `+scope+`)`, a...); err != nil {
		return wrap(err)
	}
	_, err := tx.Exec(ctx, fmt.Sprintf(facetSQL, scope), a...)
	return wrap(err)
}

// indexSQL sets the weighted full-text vector of the practices that match a
// scope (a condition on p): A title, B summary, C organisations, country names
// in three languages and the labels of the practice's tags, D description and
// results. Unpublished practices have none.
const indexSQL = `UPDATE practices p SET search = CASE WHEN p.review_status <> 'published' THEN NULL ELSE
	setweight(to_tsvector('lmo', p.title), 'A') ||
	setweight(to_tsvector('lmo', p.summary), 'B') ||
	setweight(to_tsvector('lmo',
		(SELECT coalesce(string_agg(o.name || ' ' || o.acronym, ' '), '') FROM practice_organisations po
			JOIN organisations o ON o.id = po.organisation_id WHERE po.practice_id = p.id) || ' ' ||
		(SELECT coalesce(string_agg(name_en || ' ' || name_fr || ' ' || name_es, ' '), '') FROM countries
			WHERE code IN (SELECT country FROM practice_countries WHERE practice_id = p.id)) || ' ' ||
		(SELECT coalesce(string_agg(CASE pt.vocabulary_id WHEN 'instrument' THEN t.code || ' ' ELSE '' END || t.label, ' '), '')
			FROM practice_terms pt JOIN terms t ON t.vocabulary_id = pt.vocabulary_id AND t.code = pt.code
			WHERE pt.practice_id = p.id AND pt.vocabulary_id IN ('theme', 'target-group', 'migration-stage', 'instrument'))), 'C') ||
	setweight(to_tsvector('lmo', p.description || ' ' || p.results), 'D') END
	WHERE `

// RebuildIndexes re-derives the facet rows and full-text vectors of every
// practice from the tables they come from: after a copy from another
// database, or to repair. Admin only.
func (db *DB) RebuildIndexes(ctx context.Context) error {
	if err := lmo.RequireRole(ctx, lmo.RoleAdmin); err != nil {
		return err
	}
	tx, err := db.writeTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := rebuildFacets(ctx, tx, "TRUE"); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, indexSQL+"TRUE"); err != nil {
		return wrap(err)
	}
	if err := bumpPracticesVersion(ctx, tx); err != nil {
		return err
	}
	return commit(ctx, tx)
}
