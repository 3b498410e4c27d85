package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/lmo-observatory/lmo"
)

// Statistics is the service of datasets, indicators, aggregates and
// observations. Observations are stored narrow and clustered on their key
// (see the 00007 migrations); imports stream them in (statistics_import.go)
// and reads page through them by keyset (statistics_find.go).
type Statistics struct{ db *DB }

var _ lmo.StatisticsService = (*Statistics)(nil)

const datasetColumns = `code, edition, publisher, title, url, licence, licence_url, citation, retrieved, imported`

// FindDatasets returns every edition of every dataset, by code, then newest
// edition first.
func (s *Statistics) FindDatasets(ctx context.Context) (out []*lmo.Dataset, err error) {
	err = s.db.readIn(ctx, func(tx *Tx) (err error) {
		out, err = findDatasets(ctx, tx, "")
		return err
	})
	return out, err
}

func findDatasets(ctx context.Context, tx *Tx, where string, args ...any) ([]*lmo.Dataset, error) {
	out := []*lmo.Dataset{}
	b := tx.db.dialect.BinaryOrder()
	query := `SELECT ` + datasetColumns + ` FROM datasets ` + where + ` ORDER BY code` + b + `, edition` + b + ` DESC`
	err := tx.Each(ctx, query, args, func(rows *sql.Rows) error {
		var d lmo.Dataset
		var retrieved string
		if err := rows.Scan(&d.Code, &d.Edition, &d.Publisher, &d.Title, &d.URL, &d.Licence, &d.LicenceURL, &d.Citation,
			&retrieved, scanTime(&d.Imported)); err != nil {
			return err
		}
		if err := parseDates(map[string]*lmo.Date{retrieved: &d.Retrieved}); err != nil {
			return fmt.Errorf("dataset %s %s: %w", d.Code, d.Edition, err)
		}
		out = append(out, &d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find datasets: %w", err)
	}
	return out, nil
}

// FindIndicators returns every indicator by code, with its current edition
// and all its editions.
func (s *Statistics) FindIndicators(ctx context.Context) (out []*lmo.Indicator, err error) {
	err = s.db.readIn(ctx, func(tx *Tx) (err error) {
		out, err = findIndicators(ctx, tx, "")
		return err
	})
	return out, err
}

// FindIndicator returns one indicator by code, or ENOTFOUND.
func (s *Statistics) FindIndicator(ctx context.Context, code string) (*lmo.Indicator, error) {
	var found []*lmo.Indicator
	err := s.db.readIn(ctx, func(tx *Tx) (err error) {
		found, err = findIndicators(ctx, tx, "WHERE code = ?", code)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, lmo.Errorf(lmo.ENOTFOUND, "There is no indicator with code %q.", code)
	}
	return found[0], nil
}

func findIndicators(ctx context.Context, tx *Tx, where string, args ...any) ([]*lmo.Indicator, error) {
	out := []*lmo.Indicator{}
	byCode := map[string]*lmo.Indicator{}
	b := tx.db.dialect.BinaryOrder()
	query := `SELECT code, dataset, title, unit, definition, current_edition FROM indicators ` + where + ` ORDER BY code` + b
	err := tx.Each(ctx, query, args, func(rows *sql.Rows) error {
		var in lmo.Indicator
		if err := rows.Scan(&in.Code, &in.Dataset, &in.Title, &in.Unit, &in.Definition, &in.Current); err != nil {
			return err
		}
		out = append(out, &in)
		byCode[in.Code] = &in
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find indicators: %w", err)
	}
	query = `SELECT indicator, edition FROM stat_series WHERE indicator IN (SELECT code FROM indicators ` + where + `)
		ORDER BY indicator` + b + `, edition` + b
	err = tx.Each(ctx, query, args, func(rows *sql.Rows) error {
		var code, edition string
		if err := rows.Scan(&code, &edition); err != nil {
			return err
		}
		if in := byCode[code]; in != nil {
			in.Editions = append(in.Editions, edition)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find the editions of indicators: %w", err)
	}
	return out, nil
}

// FindAggregates returns every publisher's aggregate, by code.
func (s *Statistics) FindAggregates(ctx context.Context) (out []lmo.Aggregate, err error) {
	out = []lmo.Aggregate{}
	err = s.db.readIn(ctx, func(tx *Tx) error {
		return tx.Each(ctx, `SELECT code, name FROM aggregates ORDER BY code`+tx.db.dialect.BinaryOrder(), nil, func(rows *sql.Rows) error {
			var a lmo.Aggregate
			err := rows.Scan(&a.Code, &a.Name)
			out = append(out, a)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("find aggregates: %w", err)
	}
	return out, nil
}

// StatisticsVersion returns the counter of changes to the statistics.
func (s *Statistics) StatisticsVersion(ctx context.Context) (v int64, err error) {
	err = s.db.readIn(ctx, func(tx *Tx) (err error) {
		v, err = tx.version(ctx, "statistics_version")
		return err
	})
	return v, err
}
