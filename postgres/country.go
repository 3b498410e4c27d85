package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/lmo-observatory/lmo"
)

var _ lmo.CountryService = (*DB)(nil)

const countryColumns = `code, alpha3, numeric, name_en, name_fr, name_es, m49_region, m49_subregion, m49_intermediate, ilo_region`

// FindCountries returns every country, ordered by English name.
func (db *DB) FindCountries(ctx context.Context) ([]*lmo.Country, error) {
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	return findCountries(ctx, tx, "")
}

func findCountries(ctx context.Context, tx pgx.Tx, where string, a ...any) ([]*lmo.Country, error) {
	rows, err := tx.Query(ctx, `SELECT `+countryColumns+` FROM countries `+where+` ORDER BY name_en COLLATE "C"`, a...)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	out := []*lmo.Country{}
	for rows.Next() {
		var c lmo.Country
		if err := rows.Scan(&c.Code, &c.Alpha3, &c.Numeric, &c.NameEN, &c.NameFR, &c.NameES,
			&c.M49Region, &c.M49Subregion, &c.M49Intermediate, &c.ILORegion); err != nil {
			return nil, err
		}
		out = append(out, &c)
	}
	return out, wrap(rows.Err())
}

// FindCountryByCode returns one country by alpha-2 code, or ENOTFOUND.
func (db *DB) FindCountryByCode(ctx context.Context, code string) (*lmo.Country, error) {
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	cs, err := findCountries(ctx, tx, "WHERE code = $1", strings.ToUpper(code))
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, lmo.Errorf(lmo.ENOTFOUND, "There is no country with code %q.", code)
	}
	return cs[0], nil
}

// FindRegions returns every region: ILO regions first, then M49 from the
// world down to intermediate regions, each level by code.
func (db *DB) FindRegions(ctx context.Context) ([]*lmo.Region, error) {
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	rows, err := tx.Query(ctx, `SELECT code, kind, name, parent FROM regions ORDER BY CASE kind WHEN 'ilo' THEN 0
		WHEN 'm49-world' THEN 1 WHEN 'm49-region' THEN 2 WHEN 'm49-subregion' THEN 3 ELSE 4 END, code COLLATE "C"`)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	out := []*lmo.Region{}
	for rows.Next() {
		var r lmo.Region
		if err := rows.Scan(&r.Code, &r.Kind, &r.Name, &r.Parent); err != nil {
			return nil, err
		}
		out = append(out, &r)
	}
	return out, wrap(rows.Err())
}

// ReplaceReferenceData upserts all regions and countries in one transaction
// and deletes those no longer listed, failing with ECONFLICT when a practice
// still refers to a country that would go. Facets are re-derived.
func (db *DB) ReplaceReferenceData(ctx context.Context, regions []*lmo.Region, countries []*lmo.Country) error {
	if err := lmo.RequireRole(ctx, lmo.RoleAdmin); err != nil {
		return err
	}
	tx, err := db.writeTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	// Two nodes seeding an empty database at once queue here.
	if _, err := tx.Exec(ctx, `LOCK TABLE regions, countries IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return wrap(err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM regions`); err != nil {
		return wrap(err)
	}
	for _, r := range regions {
		if _, err := tx.Exec(ctx, `INSERT INTO regions (code, kind, name, parent) VALUES ($1, $2, $3, $4)`,
			r.Code, r.Kind, r.Name, r.Parent); err != nil {
			return wrap(fmt.Errorf("region %s: %w", r.Code, err))
		}
	}
	keep := make([]string, 0, len(countries))
	for _, c := range countries {
		keep = append(keep, c.Code)
		if _, err := tx.Exec(ctx, `INSERT INTO countries (`+countryColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			ON CONFLICT (code) DO UPDATE SET alpha3 = excluded.alpha3, numeric = excluded.numeric, name_en = excluded.name_en,
			name_fr = excluded.name_fr, name_es = excluded.name_es, m49_region = excluded.m49_region,
			m49_subregion = excluded.m49_subregion, m49_intermediate = excluded.m49_intermediate, ilo_region = excluded.ilo_region`,
			c.Code, c.Alpha3, c.Numeric, c.NameEN, c.NameFR, c.NameES, c.M49Region, c.M49Subregion, c.M49Intermediate, c.ILORegion); err != nil {
			return wrap(fmt.Errorf("country %s: %w", c.Code, err))
		}
	}
	var used string
	err = tx.QueryRow(ctx, `SELECT country FROM practice_countries WHERE NOT (country = ANY($1)) LIMIT 1`, keep).Scan(&used)
	if err == nil {
		return lmo.Errorf(lmo.ECONFLICT, "Country %s is used by a practice and cannot be removed.", used)
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return wrap(err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM countries WHERE NOT (code = ANY($1))`, keep); err != nil {
		return wrap(err)
	}
	if err := rebuildFacets(ctx, tx, "TRUE"); err != nil {
		return err
	}
	if err := bumpReferenceVersion(ctx, tx); err != nil {
		return err
	}
	if err := bumpPracticesVersion(ctx, tx); err != nil {
		return err
	}
	if err := db.audit(ctx, tx, "replace", "reference-data", "", fmt.Sprintf("%d regions, %d countries", len(regions), len(countries))); err != nil {
		return wrap(err)
	}
	return commit(ctx, tx)
}
