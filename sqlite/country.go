package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// Ensure the service implements the interface.
var _ lmo.CountryService = (*DB)(nil)

const countryColumns = `code, alpha3, numeric, name_en, name_fr, name_es, m49_region, m49_subregion, m49_intermediate, ilo_region`

// FindCountries returns every country, ordered by English name.
func (db *DB) FindCountries(ctx context.Context) ([]*lmo.Country, error) {
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findCountries(ctx, tx, "")
}

func findCountries(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]*lmo.Country, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+countryColumns+` FROM countries `+where+` ORDER BY name_en`, args...)
	if err != nil {
		return nil, err
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
	return out, rows.Err()
}

// FindCountryByCode returns one country by alpha-2 code, or ENOTFOUND.
func (db *DB) FindCountryByCode(ctx context.Context, code string) (*lmo.Country, error) {
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	cs, err := findCountries(ctx, tx, "WHERE code = ?", strings.ToUpper(code))
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
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT code, kind, name, parent FROM regions ORDER BY CASE kind WHEN 'ilo' THEN 0
		WHEN 'm49-world' THEN 1 WHEN 'm49-region' THEN 2 WHEN 'm49-subregion' THEN 3 ELSE 4 END, code`)
	if err != nil {
		return nil, err
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
	return out, rows.Err()
}

// ReplaceReferenceData upserts all regions and countries in one transaction
// and deletes those no longer listed, failing with ECONFLICT when a practice
// still refers to a country that would go. Facets are re-derived, since a
// country may have moved region.
func (db *DB) ReplaceReferenceData(ctx context.Context, regions []*lmo.Region, countries []*lmo.Country) error {
	if err := lmo.RequireRole(ctx, lmo.RoleAdmin); err != nil {
		return err
	}
	tx, err := db.writeTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM regions`); err != nil {
		return err
	}
	for _, r := range regions {
		if _, err := tx.ExecContext(ctx, `INSERT INTO regions (code, kind, name, parent) VALUES (?, ?, ?, ?)`,
			r.Code, r.Kind, r.Name, r.Parent); err != nil {
			return fmt.Errorf("region %s: %w", r.Code, err)
		}
	}
	keep := make([]any, 0, len(countries))
	for _, c := range countries {
		keep = append(keep, c.Code)
		if _, err := tx.ExecContext(ctx, `INSERT INTO countries (`+countryColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET alpha3 = excluded.alpha3, numeric = excluded.numeric, name_en = excluded.name_en,
			name_fr = excluded.name_fr, name_es = excluded.name_es, m49_region = excluded.m49_region,
			m49_subregion = excluded.m49_subregion, m49_intermediate = excluded.m49_intermediate, ilo_region = excluded.ilo_region`,
			c.Code, c.Alpha3, c.Numeric, c.NameEN, c.NameFR, c.NameES, c.M49Region, c.M49Subregion, c.M49Intermediate, c.ILORegion); err != nil {
			return fmt.Errorf("country %s: %w", c.Code, err)
		}
	}
	if len(keep) > 0 {
		var used string
		err := tx.QueryRowContext(ctx, `SELECT country FROM practice_countries WHERE country NOT IN (`+placeholders(len(keep))+`) LIMIT 1`, keep...).Scan(&used)
		if err == nil {
			return lmo.Errorf(lmo.ECONFLICT, "Country %s is used by a practice and cannot be removed.", used)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM countries WHERE code NOT IN (`+placeholders(len(keep))+`)`, keep...); err != nil {
			return err
		}
	}
	if err := rebuildAllFacets(ctx, tx); err != nil {
		return err
	}
	if err := bumpReferenceVersion(ctx, tx); err != nil {
		return err
	}
	if err := bumpPracticesVersion(ctx, tx); err != nil {
		return err
	}
	if err := db.audit(ctx, tx, "replace", "reference-data", "", fmt.Sprintf("%d regions, %d countries", len(regions), len(countries))); err != nil {
		return err
	}
	return tx.Commit()
}
