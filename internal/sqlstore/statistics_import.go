package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// statImport is one ImportStatistics in its transaction: what it knows of
// the store and what it has done so far.
type statImport struct {
	tx         *Tx
	in         lmo.StatisticsImport
	indicators []*lmo.Indicator // the import's, with their dataset set
	now        time.Time
	series     map[string]*seriesState // by indicator code
	areas      map[string]bool         // every country, region and aggregate
	counts     lmo.StatisticsImportCounts
	changed    bool // anything but observations changed
}

// seriesState is an edition of one of the import's indicators: its id, and
// whether it had observations before (then the import's are merged with
// them through a staging table; otherwise they go straight in).
type seriesState struct {
	id      int64
	merge   bool
	current string // the indicator's current edition before the import
}

// ImportStatistics writes one dataset edition in one transaction: its
// description, indicators and aggregates, and the observations of each
// listed indicator, which the stream replaces; see lmo.StatisticsService.
// Observations are streamed: memory does not grow with the file.
func (s *Statistics) ImportStatistics(ctx context.Context, in lmo.StatisticsImport, note string) (lmo.StatisticsImportCounts, error) {
	if err := lmo.RequireRole(ctx, lmo.RoleEditor); err != nil {
		return lmo.StatisticsImportCounts{}, err
	}
	indicators, err := checkStatisticsImport(in)
	if err != nil {
		return lmo.StatisticsImportCounts{}, err
	}
	im := &statImport{in: in, indicators: indicators, now: s.db.now()}
	err = s.db.writeIn(ctx, func(tx *Tx) error {
		im.tx = tx
		return im.run(ctx, note)
	})
	if err != nil {
		return lmo.StatisticsImportCounts{}, err
	}
	return im.counts, nil
}

// checkStatisticsImport validates the dataset, indicators and aggregates
// of an import and returns copies of its indicators with their dataset set.
func checkStatisticsImport(in lmo.StatisticsImport) ([]*lmo.Indicator, error) {
	if err := in.Dataset.Validate(); err != nil {
		return nil, err
	}
	if in.Observations == nil {
		return nil, lmo.Errorf(lmo.EINVALID, "dataset %s %s: there is no stream of observations", in.Dataset.Code, in.Dataset.Edition)
	}
	var out []*lmo.Indicator
	seen := map[string]int{}
	for i, ind := range in.Indicators {
		c := *ind
		c.Current, c.Editions = "", nil
		switch err := c.Validate(); {
		case err != nil:
			return nil, lmo.Errorf(lmo.EINVALID, "indicator %d: %s", i+1, lmo.ErrorMessage(err))
		case c.Dataset != "" && c.Dataset != in.Dataset.Code:
			return nil, lmo.Errorf(lmo.EINVALID, "indicator %d (%s): it belongs to dataset %s, not %s", i+1, c.Code, c.Dataset, in.Dataset.Code)
		case seen[c.Code] != 0:
			return nil, lmo.Errorf(lmo.EINVALID, "indicator %d (%s): it is also indicator %d", i+1, c.Code, seen[c.Code])
		}
		seen[c.Code] = i + 1
		c.Dataset = in.Dataset.Code
		out = append(out, &c)
	}
	for i, a := range in.Aggregates {
		if !strings.Contains(a.Code, ":") || !lmo.ValidAreaCode(a.Code) || strings.TrimSpace(a.Name) == "" {
			return nil, lmo.Errorf(lmo.EINVALID, "aggregate %d (%s): write its code as PUBLISHER:CODE and give it a name", i+1, a.Code)
		}
	}
	return out, nil
}

// run does the import inside its transaction.
func (im *statImport) run(ctx context.Context, note string) error {
	tx := im.tx
	if err := tx.db.dialect.Lock(ctx, tx, "datasets", "indicators", "stat_series", "aggregates", "observations"); err != nil {
		return err
	}
	steps := []func(context.Context) error{im.writeAggregates, im.readAreas, im.writeDataset, im.writeIndicators, im.writeSeries,
		im.loadObservations, im.setCurrent}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	c := im.counts
	if !im.changed && c.Created+c.Updated+c.Removed == 0 {
		return nil
	}
	d := im.in.Dataset
	if _, err := tx.Exec(ctx, `UPDATE datasets SET imported = ? WHERE code = ? AND edition = ?`, tx.db.dialect.Time(im.now), d.Code, d.Edition); err != nil {
		return fmt.Errorf("dataset %s %s: %w", d.Code, d.Edition, err)
	}
	if err := tx.bumpVersion(ctx, "statistics_version"); err != nil {
		return err
	}
	detail := fmt.Sprintf("%s; read %d, created %d, updated %d, unchanged %d, removed %d", note, c.Read, c.Created, c.Updated, c.Unchanged, c.Removed)
	return tx.audit(ctx, "import", "statistics", d.Code+" "+d.Edition, detail)
}

// writeAggregates creates or renames the import's aggregates.
func (im *statImport) writeAggregates(ctx context.Context) error {
	for _, a := range im.in.Aggregates {
		res, err := im.tx.Exec(ctx, `INSERT INTO aggregates (code, name) VALUES (?, ?)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name WHERE aggregates.name <> excluded.name`, a.Code, a.Name)
		if err != nil {
			return fmt.Errorf("aggregate %s: %w", a.Code, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			im.changed = true
		}
	}
	return nil
}

// readAreas reads the codes an observation's area or origin may take.
func (im *statImport) readAreas(ctx context.Context) error {
	im.areas = map[string]bool{}
	err := im.tx.Each(ctx, `SELECT code FROM countries UNION ALL SELECT code FROM regions UNION ALL SELECT code FROM aggregates`, nil,
		func(rows *sql.Rows) error {
			var code string
			err := rows.Scan(&code)
			im.areas[code] = true
			return err
		})
	if err != nil {
		return fmt.Errorf("read the areas: %w", err)
	}
	return nil
}

// writeDataset creates or updates the edition's description.
func (im *statImport) writeDataset(ctx context.Context) error {
	d := im.in.Dataset
	existing, err := findDatasets(ctx, im.tx, "WHERE code = ? AND edition = ?", d.Code, d.Edition)
	if err != nil {
		return err
	}
	args := []any{d.Publisher, d.Title, d.URL, d.Licence, d.LicenceURL, d.Citation, d.Retrieved.String(), im.tx.db.dialect.Time(im.now), d.Code, d.Edition}
	switch {
	case len(existing) == 0:
		_, err = im.tx.Exec(ctx, `INSERT INTO datasets (publisher, title, url, licence, licence_url, citation, retrieved, imported, code, edition)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
	case sameDataset(existing[0], &d):
		return nil
	default:
		_, err = im.tx.Exec(ctx, `UPDATE datasets SET publisher = ?, title = ?, url = ?, licence = ?, licence_url = ?, citation = ?,
			retrieved = ?, imported = ? WHERE code = ? AND edition = ?`, args...)
	}
	if err != nil {
		return fmt.Errorf("dataset %s %s: %w", d.Code, d.Edition, err)
	}
	im.changed = true
	return nil
}

func sameDataset(a, b *lmo.Dataset) bool {
	x, y := *a, *b
	x.Imported, y.Imported = time.Time{}, time.Time{}
	return x == y
}

// writeIndicators creates the import's new indicators and updates the
// description of the others, unless a newer edition is their current one.
func (im *statImport) writeIndicators(ctx context.Context) error {
	im.series = map[string]*seriesState{}
	for _, ind := range im.indicators {
		existing, err := findIndicators(ctx, im.tx, "WHERE code = ?", ind.Code)
		if err != nil {
			return err
		}
		st := &seriesState{}
		im.series[ind.Code] = st
		args := []any{ind.Dataset, ind.Title, ind.Unit, ind.Definition, ind.Code}
		switch {
		case len(existing) == 0:
			_, err = im.tx.Exec(ctx, `INSERT INTO indicators (dataset, title, unit, definition, code) VALUES (?, ?, ?, ?, ?)`, args...)
		case existing[0].Dataset != ind.Dataset:
			return lmo.Errorf(lmo.EINVALID, "indicator %s belongs to dataset %s, not %s", ind.Code, existing[0].Dataset, ind.Dataset)
		case existing[0].Current > im.in.Dataset.Edition || sameIndicator(existing[0], ind):
			st.current = existing[0].Current
			continue
		default:
			st.current = existing[0].Current
			_, err = im.tx.Exec(ctx, `UPDATE indicators SET dataset = ?, title = ?, unit = ?, definition = ? WHERE code = ?`, args...)
		}
		if err != nil {
			return fmt.Errorf("indicator %s: %w", ind.Code, err)
		}
		im.changed = true
	}
	return nil
}

func sameIndicator(a, b *lmo.Indicator) bool {
	return a.Dataset == b.Dataset && a.Title == b.Title && a.Unit == b.Unit && a.Definition == b.Definition
}

// writeSeries makes sure each indicator has this edition, and finds which
// already have observations in it.
func (im *statImport) writeSeries(ctx context.Context) error {
	edition := im.in.Dataset.Edition
	for code, st := range im.series {
		res, err := im.tx.Exec(ctx, `INSERT INTO stat_series (indicator, edition) VALUES (?, ?) ON CONFLICT (indicator, edition) DO NOTHING`, code, edition)
		if err != nil {
			return fmt.Errorf("edition %s of %s: %w", edition, code, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			im.changed = true
		}
		if err := im.tx.QueryRow(ctx, `SELECT id FROM stat_series WHERE indicator = ? AND edition = ?`, []any{code, edition}, &st.id); err != nil {
			return fmt.Errorf("edition %s of %s: %w", edition, code, err)
		}
		var n int
		err = im.tx.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM observations WHERE series = ? LIMIT 1) AS t`, []any{st.id}, &n)
		if err != nil {
			return fmt.Errorf("observations of %s %s: %w", code, edition, err)
		}
		st.merge = n > 0
	}
	return nil
}

// setCurrent makes the edition current for the indicators that have no
// newer one, and lists the indicators it is current for.
func (im *statImport) setCurrent(ctx context.Context) error {
	edition := im.in.Dataset.Edition
	for _, ind := range im.indicators {
		if im.series[ind.Code].current > edition {
			continue
		}
		im.counts.Current = append(im.counts.Current, ind.Code)
		if im.series[ind.Code].current == edition {
			continue
		}
		if _, err := im.tx.Exec(ctx, `UPDATE indicators SET current_edition = ? WHERE code = ?`, edition, ind.Code); err != nil {
			return fmt.Errorf("make %s current for %s: %w", edition, ind.Code, err)
		}
		im.changed = true
	}
	slices.Sort(im.counts.Current)
	if im.counts.Current == nil {
		im.counts.Current = []string{}
	}
	return nil
}

// fault names an observation by its position and area in an EINVALID.
func fault(pos int, o *lmo.Observation, format string, args ...any) error {
	where := fmt.Sprintf("observation %d", pos)
	if o != nil && o.Area != "" {
		where += fmt.Sprintf(" (area %s)", o.Area)
	}
	return lmo.Errorf(lmo.EINVALID, "%s: %s", where, fmt.Sprintf(format, args...))
}
