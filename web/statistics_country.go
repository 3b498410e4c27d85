package web

import (
	"context"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/svg"
)

// countryIndicators are the indicators a country page shows, in order,
// when LMO holds them: the stock of international migrants and its share
// of the population (UN DESA), migrant workers (the ILO's; its global
// estimates give the world's only, so a country has them only once an
// observatory imports its own), and personal remittances (World Bank).
var countryIndicators = []string{"IMS_STOCK", "IMS_STOCK_PCT_POP", "ILO_GE_MIGRANT_WORKERS", "BX.TRF.PWKR.CD.DT", "BM.TRF.PWKR.CD.DT", "BX.TRF.PWKR.DT.GD.ZS"}

// statBlock is one indicator on a country page: a chart of its annual
// values, the table of the same numbers, and its source.
type statBlock struct {
	Code, Title, Unit string
	Chart             template.HTML
	Latest            string // the latest value, with its period
	HasLatest         bool
	LatestValue       float64
	LatestPeriod      string
	Values            []periodValue // the valued periods, for headlines and profiles
	Rows              []periodRow
	Source            string // publisher, dataset, edition, licence
	Citation          string
	LicenceURL        string
	Explorer          string
	Marks             []markKey
}

// countryCorridorIndicators are the bilateral indicators a country page
// shows by corridor: the average total cost of sending 200 US$
// (Remittance Prices Worldwide, SDG 10.c.1), from the country (Area) and
// to it (Origin).
var countryCorridorIndicators = []string{"ATCR.CORR"}

// corridorBlock is a bilateral indicator on a country page: the latest
// value of each corridor from the country and to it.
type corridorBlock struct {
	Code, Title, Unit string
	From, To          []corridorRow
	Source            string
	LicenceURL        string
	Explorer          string
}

// corridorRow is one corridor's latest value, linked to its country and
// to the corridor's page (the migrants' origin first: money goes the
// other way).
type corridorRow struct {
	Name, URL, Period string
	Corridor          string
	Value             float64
	Cell              cell
}

// periodValue is a block's value in one period.
type periodValue struct {
	Period string  `json:"period"`
	Value  float64 `json:"value"`
	Status string  `json:"status"`
}

// countryStatistics is a country page's statistics: a block per
// indicator with data, and a line for each indicator held without data
// for the country.
type countryStatistics struct {
	Corridors []corridorBlock
	Blocks    []statBlock
	NoData    []string
	Held      bool // LMO holds at least one of the indicators
	Service   bool // the observatory holds statistics at all
}

// countryStats reads the country page's statistics from the catalog c.
// Without a statistics service (c nil) it is empty.
func (s *Server) countryStats(ctx context.Context, c *statCatalog, country string, l *labels) (*countryStatistics, error) {
	lang := langFrom(ctx)
	out := &countryStatistics{}
	if c == nil {
		return out, nil
	}
	out.Service = true
	name := c.areaName(l, country)
	series, err := s.loadSeriesOf(ctx, countryIndicators, country) // one query for every block
	if err != nil {
		return nil, err
	}
	for i, code := range countryIndicators {
		in := c.byCode[code]
		if in == nil {
			continue
		}
		out.Held = true
		b, err := s.countryBlock(lang, c, in, series[code], name, country, i)
		if err != nil {
			return nil, err
		}
		if b == nil {
			out.NoData = append(out.NoData, translate(lang, "country.stats.nodata", in.Title, name, in.Current))
			continue
		}
		out.Blocks = append(out.Blocks, *b)
	}
	for _, code := range countryCorridorIndicators {
		in := c.byCode[code]
		if in == nil {
			continue
		}
		out.Held = true
		b, err := s.countryCorridors(ctx, c, l, in, country)
		if err != nil {
			return nil, err
		}
		if len(b.From) == 0 && len(b.To) == 0 {
			out.NoData = append(out.NoData, translate(lang, "country.stats.nodata", in.Title, name, in.Current))
			continue
		}
		out.Corridors = append(out.Corridors, b)
	}
	return out, nil
}

// countryBlock builds the i-th indicator's block for a country from its
// series d, or nil when it has no data.
func (s *Server) countryBlock(lang string, c *statCatalog, in *lmo.Indicator, d []point, name, country string, i int) (*statBlock, error) {
	if len(d) == 0 {
		return nil, nil
	}
	used := map[string]bool{}
	b := statBlock{Code: in.Code, Title: in.Title, Unit: in.Unit, Source: sourceLine(lang, c, in, in.Current),
		Explorer: indicatorURL(in.Code) + "?area=" + url.QueryEscape(country)}
	if ds := c.dataset(in.Code, in.Current); ds != nil {
		b.Citation, b.LicenceURL = datasetCitation(ds), ds.LicenceURL
	}
	sr := s.countryRows(lang, &b, d, name, used)
	if len(sr.Points) > 0 {
		ch := svg.LineChart{ID: fmt.Sprintf("country-stat-%d", i+1), Number: numberFormat(lang), Title: translate(lang, "country.stats.chart", in.Title, name),
			Desc: translate(lang, "explorer.chart.desc", b.Source), XLabel: translate(lang, "explorer.chart.x"), YLabel: in.Unit,
			Decimals: chartDecimals(in.Unit)}
		ch.Series = []svg.Series{sr}
		var err error
		if b.Chart, err = ch.Render(); err != nil {
			return nil, err
		}
	}
	b.Marks = usedMarks(lang, used)
	return &b, nil
}

// countryRows fills a block's table rows and latest value, and returns its yearly chart series.
func (s *Server) countryRows(lang string, b *statBlock, d []point, name string, used map[string]bool) svg.Series {
	sr := svg.Series{Name: name}
	for _, p := range d {
		b.Rows = append(b.Rows, periodRow{Period: p.Period.String(), Cells: []cell{s.cellOf(lang, p, b.Unit, used)}})
		if p.Has {
			b.Values = append(b.Values, periodValue{p.Period.String(), p.Value, p.Status})
			b.HasLatest, b.LatestValue, b.LatestPeriod = true, p.Value, p.Period.String()
			b.Latest = translate(lang, "country.stats.latest", formatValue(lang, p.Value, b.Unit), b.Unit, p.Period.String())
			if p.Period.Quarter == 0 && p.Period.Month == 0 {
				sr.Points = append(sr.Points, svg.Point{Year: p.Period.Year, Value: p.Value})
			}
		}
	}
	return sr
}

// countryCorridors builds a bilateral indicator's block: the latest value of each corridor from and to a country.
func (s *Server) countryCorridors(ctx context.Context, c *statCatalog, l *labels, in *lmo.Indicator, country string) (corridorBlock, error) {
	lang := langFrom(ctx)
	code := in.Code
	b := corridorBlock{Code: code, Title: in.Title, Unit: in.Unit, Source: sourceLine(lang, c, in, in.Current), Explorer: indicatorURL(code) + "?area=" + url.QueryEscape(country)}
	if ds := c.dataset(code, in.Current); ds != nil {
		b.LicenceURL = ds.LicenceURL
	}
	latest, err := s.latestCorridors(ctx, c, code)
	if err != nil {
		return b, err
	}
	used := map[string]bool{}
	for _, dir := range []struct {
		latest   map[string]lmo.Observation
		rows     *[]corridorRow
		corridor func(end string) string
	}{
		{latest.byArea[country], &b.From, func(end string) string { return corridorPath(end, country) }},
		{latest.byOrigin[country], &b.To, func(end string) string { return corridorPath(country, end) }},
	} {
		for end, o := range dir.latest {
			p := point{Period: o.Period, Value: o.Value, Status: o.Status, Has: true}
			row := corridorRow{Name: c.areaName(l, end), URL: areaURL(end), Period: o.Period.String(), Value: o.Value, Cell: s.cellOf(lang, p, in.Unit, used)}
			if len(end) == 2 {
				row.Corridor = dir.corridor(end)
			}
			*dir.rows = append(*dir.rows, row)
		}
		slices.SortFunc(*dir.rows, func(a, b corridorRow) int { return strings.Compare(lmo.Fold(a.Name), lmo.Fold(b.Name)) })
	}
	return b, nil
}

// corridorLatest is a bilateral indicator's latest valued, undivided total
// on each corridor, by either end: byArea[a][o] and byOrigin[o][a] are the
// same observation, of the corridor from o to a.
type corridorLatest struct {
	byArea, byOrigin map[string]map[string]lmo.Observation
}

// latestCorridors returns the bilateral indicator's corridorLatest at the
// catalog's statistics version, reading the whole indicator once per
// version (places_cache.go) rather than a country's corridors both ways on
// every page.
func (s *Server) latestCorridors(ctx context.Context, c *statCatalog, indicator string) (*corridorLatest, error) {
	all, err := s.corridorLatest.get(c.version, func() (map[string]*corridorLatest, error) {
		out := map[string]*corridorLatest{}
		for _, code := range countryCorridorIndicators {
			if c.byCode[code] == nil {
				continue
			}
			latest, err := s.readCorridorLatest(ctx, code)
			if err != nil {
				return nil, err
			}
			out[code] = latest
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	if latest := all[indicator]; latest != nil {
		return latest, nil
	}
	return &corridorLatest{}, nil
}

// readCorridorLatest reads a bilateral indicator's corridorLatest: of the
// observations of a corridor, the one of the latest period (the first in
// the store's order among equals).
func (s *Server) readCorridorLatest(ctx context.Context, indicator string) (*corridorLatest, error) {
	out := &corridorLatest{byArea: map[string]map[string]lmo.Observation{}, byOrigin: map[string]map[string]lmo.Observation{}}
	f := lmo.ObservationFilter{Indicators: []string{indicator}, Sexes: []string{lmo.SexTotal}}
	for o, err := range s.observations(ctx, f, statsBatch) {
		if err != nil {
			return nil, err
		}
		if o.Area == "" || o.Origin == "" || !o.HasValue() || breakdown(&o) != "" {
			continue
		}
		if old, ok := out.byArea[o.Area][o.Origin]; ok && o.Period.End() <= old.Period.End() {
			continue
		}
		for _, m := range []struct {
			ends     map[string]map[string]lmo.Observation
			one, end string
		}{{out.byArea, o.Area, o.Origin}, {out.byOrigin, o.Origin, o.Area}} {
			if m.ends[m.one] == nil {
				m.ends[m.one] = map[string]lmo.Observation{}
			}
			m.ends[m.one][m.end] = o
		}
	}
	return out, nil
}
