package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// insertChildren writes the rows that list a practice's countries, corridors,
// vocabulary terms, organisations and sources.
func insertChildren(ctx context.Context, tx *sql.Tx, p *lmo.Practice) error {
	for i, c := range p.Countries {
		if _, err := tx.ExecContext(ctx, `INSERT INTO practice_countries (practice_id, country, role, position) VALUES (?, ?, ?, ?)`,
			p.ID, c.Code, c.Role, i); err != nil {
			return err
		}
	}
	for i, c := range p.Corridors {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO practice_corridors (practice_id, origin, destination, position) VALUES (?, ?, ?, ?)`,
			p.ID, c.Origin, c.Destination, i); err != nil {
			return err
		}
	}
	for vocab, codes := range p.TermFields() {
		for i, code := range *codes {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO practice_terms (practice_id, vocabulary_id, code, position) VALUES (?, ?, ?, ?)`,
				p.ID, vocab, code, i); err != nil {
				return err
			}
		}
	}
	for i, o := range p.Organisations {
		var orgID int64
		err := tx.QueryRowContext(ctx, `INSERT INTO organisations (name, acronym, type, country) VALUES (?, ?, ?, ?)
			ON CONFLICT (name, country) DO UPDATE SET acronym = excluded.acronym, type = excluded.type RETURNING id`,
			strings.TrimSpace(o.Name), o.Acronym, o.Type, o.Country).Scan(&orgID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO practice_organisations (practice_id, organisation_id, role, position) VALUES (?, ?, ?, ?)`,
			p.ID, orgID, o.Role, i); err != nil {
			return err
		}
	}
	for i, s := range p.Sources {
		if _, err := tx.ExecContext(ctx, `INSERT INTO practice_sources (practice_id, position, title, publisher, url, year) VALUES (?, ?, ?, ?, ?, ?)`,
			p.ID, i, s.Title, s.Publisher, s.URL, nullInt(s.Year)); err != nil {
			return err
		}
	}
	return nil
}

// facetSQL derives the facet rows of the practices that match a scope (a
// condition on p, the practices table). Only published practices have facets.
const facetSQL = `
INSERT OR IGNORE INTO practice_facets (facet, value, practice_id)
SELECT 'country', pc.country, p.id FROM practices p JOIN practice_countries pc ON pc.practice_id = p.id
	WHERE p.review_status = 'published' AND %[1]s
UNION ALL SELECT 'region', c.ilo_region, p.id FROM practices p JOIN practice_countries pc ON pc.practice_id = p.id
	JOIN countries c ON c.code = pc.country WHERE c.ilo_region <> '' AND p.review_status = 'published' AND %[1]s
UNION ALL SELECT CASE t.vocabulary_id WHEN 'theme' THEN 'theme' WHEN 'gcm-objective' THEN 'gcm'
	WHEN 'target-group' THEN 'target' ELSE 'stage' END, t.code, p.id
	FROM practices p JOIN practice_terms t ON t.practice_id = p.id
	WHERE t.vocabulary_id IN ('theme', 'gcm-objective', 'target-group', 'migration-stage') AND p.review_status = 'published' AND %[1]s
UNION ALL SELECT 'orgtype', o.type, p.id FROM practices p JOIN practice_organisations po ON po.practice_id = p.id
	JOIN organisations o ON o.id = po.organisation_id WHERE p.review_status = 'published' AND %[1]s
UNION ALL SELECT 'status', p.status, p.id FROM practices p WHERE p.review_status = 'published' AND %[1]s`

// rebuildFacets re-derives the facet rows of the practices matching scope.
func rebuildFacets(ctx context.Context, tx *sql.Tx, scope string, args ...any) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM practice_facets WHERE practice_id IN (SELECT p.id FROM practices p WHERE `+scope+`)`, args...); err != nil {
		return err
	}
	n := strings.Count(facetSQL, "%[1]s")
	all := make([]any, 0, n*len(args))
	for range n {
		all = append(all, args...)
	}
	_, err := tx.ExecContext(ctx, fmt.Sprintf(facetSQL, scope), all...)
	return err
}

func rebuildAllFacets(ctx context.Context, tx *sql.Tx) error { return rebuildFacets(ctx, tx, "1 = 1") }

// indexSQL writes the full-text rows of the published practices that match a
// scope (a condition on p): country names in three languages, the labels of
// their tags, and their organisations' names and acronyms.
const indexSQL = `INSERT INTO practices_fts (rowid, title, summary, body, organisations, countries, topics)
	SELECT p.id, p.title, p.summary, p.description || char(10) || char(10) || p.results,
	(SELECT coalesce(group_concat(o.name || ' ' || o.acronym, ' '), '') FROM practice_organisations po
		JOIN organisations o ON o.id = po.organisation_id WHERE po.practice_id = p.id),
	(SELECT coalesce(group_concat(name_en || ' ' || name_fr || ' ' || name_es, ' '), '') FROM countries
		WHERE code IN (SELECT country FROM practice_countries WHERE practice_id = p.id)),
	(SELECT coalesce(group_concat(CASE pt.vocabulary_id WHEN 'instrument' THEN t.code || ' ' ELSE '' END || t.label, ' '), '')
		FROM practice_terms pt JOIN terms t ON t.vocabulary_id = pt.vocabulary_id AND t.code = pt.code
		WHERE pt.practice_id = p.id AND pt.vocabulary_id IN ('theme', 'target-group', 'migration-stage', 'instrument'))
	FROM practices p WHERE p.review_status = 'published' AND `

// reindex replaces the full-text rows of the practices matching scope.
func reindex(ctx context.Context, tx *sql.Tx, scope string, args ...any) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM practices_fts WHERE rowid IN (SELECT p.id FROM practices p WHERE `+scope+`)`, args...); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, indexSQL+scope, args...)
	return err
}

// RebuildIndexes re-derives the facet and full-text rows of every practice
// from the tables they come from: after a copy from another database, or to
// repair. Admin only.
func (db *DB) RebuildIndexes(ctx context.Context) error {
	if err := lmo.RequireRole(ctx, lmo.RoleAdmin); err != nil {
		return err
	}
	tx, err := db.writeTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := rebuildAllFacets(ctx, tx); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM practices_fts`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, indexSQL+"1 = 1"); err != nil {
		return err
	}
	if err := bumpPracticesVersion(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}
