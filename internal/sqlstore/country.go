package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// Countries is the service of countries and regions.
type Countries struct{ db *DB }

var _ lmo.CountryService = (*Countries)(nil)

const countryColumns = `code, alpha3, numeric, name_en, name_source, name_iso, name_official, name_fr, name_es, m49_region, m49_subregion, m49_intermediate, ilo_region`

// FindCountries returns every country, ordered by English name.
func (s *Countries) FindCountries(ctx context.Context) (out []*lmo.Country, err error) {
	err = s.db.readIn(ctx, func(tx *Tx) error {
		out, err = findCountries(ctx, tx, "")
		return err
	})
	return out, err
}

func findCountries(ctx context.Context, tx *Tx, where string, args ...any) ([]*lmo.Country, error) {
	out := []*lmo.Country{}
	err := tx.Each(ctx, `SELECT `+countryColumns+` FROM countries `+where+` ORDER BY name_en`, args, func(rows *sql.Rows) error {
		var c lmo.Country
		if err := rows.Scan(&c.Code, &c.Alpha3, &c.Numeric, &c.NameEN, &c.NameSource, &c.NameISO, &c.NameOfficial, &c.NameFR, &c.NameES,
			&c.M49Region, &c.M49Subregion, &c.M49Intermediate, &c.ILORegion); err != nil {
			return err
		}
		out = append(out, &c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find countries: %w", err)
	}
	return out, nil
}

// FindCountryByCode returns one country by alpha-2 code, or ENOTFOUND.
func (s *Countries) FindCountryByCode(ctx context.Context, code string) (*lmo.Country, error) {
	var cs []*lmo.Country
	err := s.db.readIn(ctx, func(tx *Tx) (err error) {
		cs, err = findCountries(ctx, tx, "WHERE code = ?", strings.ToUpper(code))
		return err
	})
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
func (s *Countries) FindRegions(ctx context.Context) ([]*lmo.Region, error) {
	out := []*lmo.Region{}
	byCode := map[string]*lmo.Region{}
	err := s.db.readIn(ctx, func(tx *Tx) error {
		err := tx.Each(ctx, `SELECT code, kind, name, parent, source, source_url, source_checked FROM regions ORDER BY CASE kind WHEN 'ilo' THEN 0
			WHEN 'm49-world' THEN 1 WHEN 'm49-region' THEN 2 WHEN 'm49-subregion' THEN 3 ELSE 4 END, code`, nil,
			func(rows *sql.Rows) error {
				var r lmo.Region
				err := rows.Scan(&r.Code, &r.Kind, &r.Name, &r.Parent, &r.Source, &r.SourceURL, &r.SourceChecked)
				out = append(out, &r)
				byCode[r.Code] = &r
				return err
			})
		if err != nil {
			return err
		}
		return findRegionTranslations(ctx, tx, byCode)
	})
	if err != nil {
		return nil, fmt.Errorf("find regions: %w", err)
	}
	return out, nil
}

// findRegionTranslations adds the regions' names in other languages.
func findRegionTranslations(ctx context.Context, tx *Tx, byCode map[string]*lmo.Region) error {
	return tx.Each(ctx, `SELECT code, lang, name, source_url, official FROM region_translations`, nil, func(rows *sql.Rows) error {
		var code, lang string
		var t lmo.Translation
		if err := rows.Scan(&code, &lang, &t.Label, &t.SourceURL, &t.Official); err != nil {
			return err
		}
		if r := byCode[code]; r != nil {
			if r.Translations == nil {
				r.Translations = map[string]lmo.Translation{}
			}
			r.Translations[lang] = t
		}
		return nil
	})
}

// ReplaceReferenceData upserts all regions and countries in one transaction
// and deletes those no longer listed, failing with ECONFLICT when a practice
// still refers to a country that would go. Facets are re-derived, since a
// country may have moved region, and the full-text index of practices is
// rewritten, since a country may have been renamed. Admin only.
func (s *Countries) ReplaceReferenceData(ctx context.Context, regions []*lmo.Region, countries []*lmo.Country) error {
	if err := lmo.RequireRole(ctx, lmo.RoleAdmin); err != nil {
		return err
	}
	return s.db.writeIn(ctx, func(tx *Tx) error {
		if err := s.db.dialect.Lock(ctx, tx, "regions", "region_translations", "countries"); err != nil {
			return err
		}
		if err := replaceRegions(ctx, tx, regions); err != nil {
			return err
		}
		if err := replaceCountries(ctx, tx, countries); err != nil {
			return err
		}
		if err := rebuildFacets(ctx, tx, "1 = 1"); err != nil {
			return err
		}
		// The full-text entries of practices hold their countries' names,
		// which may have changed.
		if err := s.db.dialect.ReindexPractices(ctx, tx, ""); err != nil {
			return fmt.Errorf("reindex practices: %w", err)
		}
		if err := tx.bumpVersion(ctx, "reference_version"); err != nil {
			return err
		}
		if err := tx.bumpVersion(ctx, "practices_version"); err != nil {
			return err
		}
		return tx.audit(ctx, "replace", "reference-data", "", fmt.Sprintf("%d regions, %d countries", len(regions), len(countries)))
	})
}

func replaceRegions(ctx context.Context, tx *Tx, regions []*lmo.Region) error {
	if _, err := tx.Exec(ctx, `DELETE FROM region_translations`); err != nil {
		return fmt.Errorf("delete region translations: %w", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM regions`); err != nil {
		return fmt.Errorf("delete regions: %w", err)
	}
	for _, r := range regions {
		if err := lmo.ValidateTranslations("Region "+r.Code, r.Translations); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO regions (code, kind, name, parent, source, source_url, source_checked)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, r.Code, r.Kind, r.Name, r.Parent, r.Source, r.SourceURL, r.SourceChecked); err != nil {
			return fmt.Errorf("region %s: %w", r.Code, err)
		}
		for _, lang := range slices.Sorted(maps.Keys(r.Translations)) {
			t := r.Translations[lang]
			if _, err := tx.Exec(ctx, `INSERT INTO region_translations (code, lang, name, source_url, official) VALUES (?, ?, ?, ?, ?)`,
				r.Code, lang, t.Label, t.SourceURL, t.Official); err != nil {
				return fmt.Errorf("region %s in %s: %w", r.Code, lang, err)
			}
		}
	}
	return nil
}

func replaceCountries(ctx context.Context, tx *Tx, countries []*lmo.Country) error {
	keep := make([]any, 0, len(countries))
	for _, c := range countries {
		keep = append(keep, c.Code)
		if _, err := tx.Exec(ctx, `INSERT INTO countries (`+countryColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET alpha3 = excluded.alpha3, numeric = excluded.numeric, name_en = excluded.name_en,
			name_source = excluded.name_source, name_iso = excluded.name_iso, name_official = excluded.name_official,
			name_fr = excluded.name_fr, name_es = excluded.name_es, m49_region = excluded.m49_region,
			m49_subregion = excluded.m49_subregion, m49_intermediate = excluded.m49_intermediate, ilo_region = excluded.ilo_region`,
			c.Code, c.Alpha3, c.Numeric, c.NameEN, c.NameSource, c.NameISO, c.NameOfficial, c.NameFR, c.NameES, c.M49Region, c.M49Subregion, c.M49Intermediate, c.ILORegion); err != nil {
			return fmt.Errorf("country %s: %w", c.Code, err)
		}
	}
	if len(keep) == 0 {
		return nil
	}
	notKept := `NOT IN (` + placeholders(len(keep)) + `)`
	var used string
	err := tx.QueryRow(ctx, `SELECT country FROM practice_countries WHERE country `+notKept+` LIMIT 1`, keep, &used)
	if err == nil {
		return lmo.Errorf(lmo.ECONFLICT, "Country %s is used by a practice and cannot be removed.", used)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("countries in use: %w", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM countries WHERE code `+notKept, keep...); err != nil {
		return fmt.Errorf("delete countries: %w", err)
	}
	return nil
}
