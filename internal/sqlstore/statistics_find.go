package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// obsKey is the columns that order observations within a series: the
// published order (area, origin, breakdown, period) and its primary key.
const obsKey = `area, origin, sex, age, migrant, activity, occupation, other, source, period_start, period_end`

// series is one indicator's edition, as observations refer to it.
type series struct {
	id                 int64
	indicator, edition string
}

// obsCursor is the last observation of a page: where the next one starts.
// It travels as base64 of its JSON, so clients treat it as opaque.
type obsCursor struct {
	Indicator  string `json:"i"`
	Edition    string `json:"e"`
	Area       string `json:"a"`
	Origin     string `json:"o"`
	Sex        string `json:"s"`
	Age        string `json:"ag"`
	Migrant    string `json:"m"`
	Activity   string `json:"ac"`
	Occupation string `json:"oc"`
	Other      string `json:"ot"`
	Source     string `json:"so"`
	Start      int    `json:"ps"`
	End        int    `json:"pe"`
}

func cursorOf(o *lmo.Observation) string {
	c := obsCursor{o.Indicator, o.Edition, o.Area, o.Origin, o.Sex, o.Age, o.Migrant, o.Activity, o.Occupation, o.Other, o.Source,
		o.Period.Start(), o.Period.End()}
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func parseCursor(s string) (*obsCursor, error) {
	if s == "" {
		return nil, nil
	}
	bad := lmo.Errorf(lmo.EINVALID, "The cursor %q is not one that a page of observations gave.", s)
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	var c obsCursor
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil || c.Indicator == "" || c.Edition == "" || c.Area == "" || dec.More() {
		return nil, bad
	}
	return &c, nil
}

// args are the key values after which a page of the cursor's series starts.
func (c *obsCursor) args() []any {
	return []any{c.Area, c.Origin, c.Sex, c.Age, c.Migrant, c.Activity, c.Occupation, c.Other, c.Source, c.Start, c.End}
}

// FindObservations returns a page of the observations f selects, ordered
// by indicator, edition and key, and the cursor of the next page. A cursor
// that is not one of Next's is EINVALID.
func (s *Statistics) FindObservations(ctx context.Context, f lmo.ObservationFilter) (page lmo.ObservationPage, err error) {
	cur, err := parseCursor(f.After)
	if err != nil {
		return page, err
	}
	limit := f.Limit
	if limit <= 0 || limit > lmo.MaxObservationPage {
		limit = lmo.MaxObservationPage
	}
	page.Observations = []lmo.Observation{}
	err = s.db.readIn(ctx, func(tx *Tx) error {
		list, err := findSeries(ctx, tx, f)
		if err != nil {
			return err
		}
		for _, sr := range list {
			after := cur
			switch {
			case cur == nil:
			case sr.indicator < cur.Indicator || sr.indicator == cur.Indicator && sr.edition < cur.Edition:
				continue
			case sr.indicator != cur.Indicator || sr.edition != cur.Edition:
				after = nil
			}
			if page.Observations, err = findInSeries(ctx, tx, sr, f, after, page.Observations, limit+1); err != nil {
				return err
			}
			if len(page.Observations) > limit {
				break
			}
		}
		return nil
	})
	if err != nil {
		return lmo.ObservationPage{}, fmt.Errorf("find observations: %w", err)
	}
	if len(page.Observations) > limit {
		page.Observations = page.Observations[:limit]
		page.Next = cursorOf(&page.Observations[limit-1])
	}
	return page, nil
}

// findSeries returns the indicators' editions that f selects, by indicator
// and edition.
func findSeries(ctx context.Context, tx *Tx, f lmo.ObservationFilter) ([]series, error) {
	var where []string
	var args []any
	if len(f.Indicators) > 0 {
		where = append(where, "s.indicator IN ("+placeholders(len(f.Indicators))+")")
		for _, code := range f.Indicators {
			args = append(args, code)
		}
	}
	switch f.Edition {
	case "":
		where = append(where, "s.edition = i.current_edition")
	case lmo.EditionAll:
	default:
		where, args = append(where, "s.edition = ?"), append(args, f.Edition)
	}
	query := `SELECT s.id, s.indicator, s.edition FROM stat_series s JOIN indicators i ON i.code = s.indicator`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	b := tx.db.dialect.BinaryOrder()
	var out []series
	err := tx.Each(ctx, query+" ORDER BY s.indicator"+b+", s.edition"+b, args, func(rows *sql.Rows) error {
		var sr series
		out = append(out, sr)
		return rows.Scan(&out[len(out)-1].id, &out[len(out)-1].indicator, &out[len(out)-1].edition)
	})
	if err != nil {
		return nil, fmt.Errorf("find series: %w", err)
	}
	return out, nil
}

// findInSeries appends to out the observations of one series that f
// selects, after the cursor's key if any, until out holds max.
func findInSeries(ctx context.Context, tx *Tx, sr series, f lmo.ObservationFilter, after *obsCursor, out []lmo.Observation, max int) ([]lmo.Observation, error) {
	where, args := []string{"series = ?"}, []any{sr.id}
	in := func(column string, values []string) {
		if len(values) > 0 {
			where = append(where, column+" IN ("+placeholders(len(values))+")")
			for _, v := range values {
				args = append(args, v)
			}
		}
	}
	in("area", f.Areas)
	in("origin", f.Origins)
	if len(f.Origins) > 0 && !slices.Contains(f.Origins, "") {
		// Implied, and the condition of observations_origin: said, so
		// that the planner may read the index of the bilateral rows.
		where = append(where, "origin <> ''")
	}
	in("sex", f.Sexes)
	if !f.From.IsZero() {
		where, args = append(where, "period_start >= ?"), append(args, f.From.Start())
	}
	if !f.To.IsZero() {
		// A period starts before it ends: the bound on the start (implied)
		// closes the range that observations_period scans.
		where, args = append(where, "period_end <= ? AND period_start <= ?"), append(args, f.To.End(), f.To.End())
	}
	if !f.ChangedSince.IsZero() {
		where, args = append(where, "changed > ?"), append(args, f.ChangedSince.UnixMicro())
	}
	if after != nil {
		where, args = append(where, "("+obsKey+") > ("+placeholders(11)+")"), append(args, after.args()...)
	}
	query := `SELECT area, origin, sex, age, migrant, activity, occupation, other, source, period_start, period_end, value, status, note, changed
		FROM observations WHERE ` + strings.Join(where, " AND ") + ` ORDER BY ` + obsKey + ` LIMIT ?`
	err := tx.Each(ctx, query, append(args, max-len(out)), func(rows *sql.Rows) error {
		o := lmo.Observation{Indicator: sr.indicator, Edition: sr.edition}
		var start, end int
		var value sql.NullFloat64
		var changed int64
		if err := rows.Scan(&o.Area, &o.Origin, &o.Sex, &o.Age, &o.Migrant, &o.Activity, &o.Occupation, &o.Other, &o.Source,
			&start, &end, &value, &o.Status, &o.Note, &changed); err != nil {
			return err
		}
		o.Period, o.Value, o.Changed = periodOf(start, end), value.Float64, time.UnixMicro(changed).UTC()
		out = append(out, o)
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("observations of %s %s: %w", sr.indicator, sr.edition, err)
	}
	return out, nil
}

// periodOf is the period whose first and last months (lmo.Period.Start and
// End) are start and end: a month, a quarter or a year.
func periodOf(start, end int) lmo.Period {
	p := lmo.Period{Year: start / 12}
	switch end - start {
	case 0:
		p.Month = start%12 + 1
	case 2:
		p.Quarter = start%12/3 + 1
	}
	return p
}
