package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/svg"
)

// indicatorPath escapes an indicator code for a path.
func indicatorPath(code string) string { return url.PathEscape(code) }

// indicatorURL is the explorer page of an indicator.
func indicatorURL(code string) string { return "/statistics/" + indicatorPath(code) }

// statisticsPage is the index of datasets and indicators.
type statisticsPage struct {
	Page
	Datasets   []datasetView
	Indicators []indicatorRow
}

// datasetView is a dataset with its editions, as the index shows it.
type datasetView struct {
	Code, Title, Publisher, URL string
	Licence, LicenceURL         string
	Editions                    []apiDatasetEdition
}

// indicatorRow is an indicator in the index.
type indicatorRow struct {
	Code, Title, Unit, URL string
	Dataset                string // its title
	Current                string
	Editions               string
	Licence, LicenceURL    string
	Citation               string
}

func (s *Server) statistics(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	c, err := s.loadCatalog(r.Context())
	if err != nil {
		return err
	}
	p := &statisticsPage{Page: s.page(r, translate(lang, "stats.title"))}
	p.Page.Description = translate(lang, "stats.description")
	for _, d := range apiDatasets(c.datasets) {
		v := datasetView{Code: d.Code, Title: d.Title, Publisher: d.Publisher, URL: d.URL, Licence: d.Licence, Editions: d.Editions}
		if len(d.Editions) > 0 {
			v.LicenceURL = d.Editions[0].LicenceURL
		}
		p.Datasets = append(p.Datasets, v)
	}
	for _, in := range c.indicators {
		row := indicatorRow{Code: in.Code, Title: in.Title, Unit: in.Unit, URL: indicatorURL(in.Code), Current: in.Current,
			Editions: strings.Join(in.Editions, ", ")}
		if d := c.dataset(in.Code, in.Current); d != nil {
			row.Dataset, row.Licence, row.LicenceURL, row.Citation = d.Title, d.Licence, d.LicenceURL, datasetCitation(d)
		}
		p.Indicators = append(p.Indicators, row)
	}
	return s.render(w, r, "statistics", p, time.Time{})
}

// chartDecimals is the decimals of a unit's values in charts.
func chartDecimals(unit string) int {
	if strings.Contains(strings.ToLower(unit), "percent") || unit == "%" {
		return 1
	}
	return 0
}

// sourceLine is the short source of a figure: publisher, title, edition.
func sourceLine(lang string, c *statCatalog, in *lmo.Indicator, edition string) string {
	if d := c.dataset(in.Code, edition); d != nil {
		return translate(lang, "explorer.source.short", d.Publisher, d.Title, d.Edition, d.Licence)
	}
	return ""
}

// lineChart draws the compared areas' annual values, one line each.
func (s *Server) lineChart(in *lmo.Indicator, areas []string, d *explorerData, c *statCatalog, l *labels, edition string) (template.HTML, error) {
	lang := l.language()
	ch := svg.LineChart{ID: "line-chart", Number: numberFormat(lang), Title: translate(lang, "explorer.chart.title", in.Title),
		Desc:   translate(lang, "explorer.chart.desc", sourceLine(lang, c, in, edition)),
		XLabel: translate(lang, "explorer.chart.x"), YLabel: in.Unit, Decimals: chartDecimals(in.Unit)}
	any := false
	for _, a := range areas {
		sr := svg.Series{Name: c.areaName(l, a)}
		for _, p := range d.byArea[a] {
			if p.Has && p.Period.Quarter == 0 && p.Period.Month == 0 {
				sr.Points = append(sr.Points, svg.Point{Year: p.Period.Year, Value: p.Value})
				any = true
			}
		}
		ch.Series = append(ch.Series, sr)
	}
	if !any {
		return "", nil
	}
	return ch.Render()
}

// barChart draws the compared areas' values in one year.
func (s *Server) barChart(in *lmo.Indicator, areas []string, d *explorerData, year int, c *statCatalog, l *labels, edition string) (template.HTML, error) {
	lang := l.language()
	ch := svg.BarChart{ID: "bar-chart", Number: numberFormat(lang), Title: translate(lang, "explorer.bar.title", in.Title, year),
		Desc: translate(lang, "explorer.chart.desc", sourceLine(lang, c, in, edition)), XLabel: in.Unit + ", " + strconv.Itoa(year), Decimals: chartDecimals(in.Unit)}
	for _, a := range areas {
		if p, ok := d.value(a, year); ok {
			ch.Bars = append(ch.Bars, svg.Bar{Label: c.areaName(l, a), Value: p.Value, Note: statusNote(lang, p.Status)})
		}
	}
	if len(ch.Bars) < 2 { // one bar compares nothing: the line chart and table say it
		return "", nil
	}
	return ch.Render()
}

func statusNote(lang string, status string) string {
	if status == lmo.StatusReported || status == "" {
		return ""
	}
	return translate(lang, "status."+status)
}

// valueMap colours each country by its value in year, in five classes of
// about as many countries each (quintiles), and "no data".
func (s *Server) valueMap(in *lmo.Indicator, d *explorerData, year int, l *labels, edition string) (template.HTML, error) {
	lang := l.language()
	type cv struct {
		code string
		v    float64
	}
	var vals []cv
	for a := range d.byArea {
		if len(a) != 2 || !svg.OnMap(a) || l.countries[a] == nil {
			continue
		}
		if p, ok := d.value(a, year); ok {
			vals = append(vals, cv{a, p.Value})
		}
	}
	m := svg.WorldMap{ID: "value-map", Title: translate(lang, "explorer.map.title", in.Title, year), Desc: translate(lang, "explorer.map.desc")}
	if len(vals) == 0 {
		return "", nil
	}
	slices.SortFunc(vals, func(a, b cv) int {
		switch {
		case a.v < b.v:
			return -1
		case a.v > b.v:
			return 1
		}
		return strings.Compare(a.code, b.code)
	})
	classes := min(5, len(vals))
	shades := []svg.Shade{svg.Shade1, svg.Shade2, svg.Shade3, svg.Shade4, svg.Shade5}
	class := map[string]string{}
	dec := chartDecimals(in.Unit)
	for k := 0; k < classes; k++ {
		lo, hi := k*len(vals)/classes, (k+1)*len(vals)/classes-1
		if hi < lo {
			continue
		}
		key := "q" + strconv.Itoa(k+1)
		label := translate(lang, "explorer.map.class", formatNumber(lang, vals[lo].v, dec), formatNumber(lang, vals[hi].v, dec))
		if vals[lo].v == vals[hi].v {
			label = formatNumber(lang, vals[lo].v, dec)
		}
		m.Classes = append(m.Classes, svg.Class{Key: key, Label: label, Shade: shades[k*5/classes]})
		for _, x := range vals[lo : hi+1] {
			class[x.code] = key
		}
	}
	m.Classes = append(m.Classes, svg.Class{Key: "none", Label: translate(lang, "explorer.map.none"), Shade: svg.ShadeNone})
	for _, c := range l.countryList {
		if !svg.OnMap(c.Code) {
			continue
		}
		k := class[c.Code]
		if k == "" {
			k = "none"
		}
		m.Countries = append(m.Countries, svg.MapCountry{Code: c.Code, Name: c.Name(lang), Class: k, Href: "/countries/" + c.Code})
	}
	return m.Render()
}

// explorerChart serves /statistics/{indicator}/chart.svg: the line chart,
// bar chart or map of the same query as a standalone SVG file, with the
// stylesheet it needs inside it.
func (s *Server) explorerChart(w http.ResponseWriter, r *http.Request) error {
	p, status, err := s.explorerView(r)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return lmo.Errorf(lmo.EINVALID, "%s", p.ErrorList[0].URL)
	}
	which := r.URL.Query().Get("chart")
	if which == "" {
		which = map[string]string{viewMap: "map"}[p.View]
	}
	var fig template.HTML
	switch which {
	case "bar":
		fig = p.Bar
	case "map":
		fig = p.Map
	default:
		fig = p.Chart
	}
	if fig == "" {
		return lmo.Errorf(lmo.ENOTFOUND, "There are no data to draw for this query: %s", strings.Join(p.NoData, " "))
	}
	body := standaloneSVG(string(fig))
	w.Header().Set("Content-Disposition", `attachment; filename="lmo-`+fileSafe(p.In.Code)+"-"+which+`.svg"`)
	// An attachment: the file, with its own stylesheet, is opened from
	// disk, outside the site's Content-Security-Policy.
	serveBytes(w, r, "image/svg+xml", []byte(body), time.Time{})
	return nil
}

// standaloneSVG makes an inline rendering a file: an XML declaration and
// the charts' stylesheet inside the root element.
func standaloneSVG(fig string) string {
	i := strings.Index(fig, ">")
	if i < 0 {
		return fig
	}
	if fig == "" || !strings.HasPrefix(fig, "<svg") {
		return fig
	}
	return `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + fig[:i+1] + "<style>" + svg.CSS + "</style>" + fig[i+1:] + "\n"
}

// loadSeries reads one area's total (both sexes, all origins, no further
// breakdown where the publisher gives one) in the indicator's current
// edition, in period order.
func (s *Server) loadSeries(ctx context.Context, indicator, area string) ([]point, error) {
	series, err := s.loadSeriesOf(ctx, []string{indicator}, area)
	return series[indicator], err
}

// loadSeriesOf reads one area's total in each of the indicators, as
// loadSeries does, with one query for them all: indicator -> series.
func (s *Server) loadSeriesOf(ctx context.Context, indicators []string, area string) (map[string][]point, error) {
	f := lmo.ObservationFilter{Indicators: indicators, Areas: []string{area}, Sexes: []string{lmo.SexTotal}}
	out := map[string][]point{}
	index := map[string]map[lmo.Period]int{}
	for o, err := range s.observations(ctx, f, statsBatch) {
		if err != nil {
			return nil, err
		}
		if o.Origin != "" {
			continue
		}
		br := breakdown(&o)
		p := point{Period: o.Period, Value: o.Value, Status: o.Status, Note: o.Note, Source: o.Source, Break: br, Has: o.HasValue()}
		if index[o.Indicator] == nil {
			index[o.Indicator] = map[lmo.Period]int{}
		}
		series := out[o.Indicator]
		if i, ok := index[o.Indicator][o.Period]; ok {
			if series[i].Break != "" && br == "" {
				series[i] = p
			}
			continue
		}
		index[o.Indicator][o.Period] = len(series)
		out[o.Indicator] = append(series, p)
	}
	for _, series := range out {
		slices.SortFunc(series, func(a, b point) int { return strings.Compare(a.Period.String(), b.Period.String()) })
	}
	return out, nil
}

// headline is a figure on the home page with its source.
type headline struct {
	Value, Unit, Label, Period, Source, URL string
}

// homeHeadlines are the home page's figures: the world's international
// migrant stock and the ILO's global estimate of international migrant
// workers, in their latest period, when LMO holds them.
var homeHeadlines = []struct{ Code, Label string }{
	{"IMS_STOCK", "home.stats.stock"},
	{"ILO_GE_MIGRANT_WORKERS", "home.stats.workers"},
}

// headlines reads the home page's figures; those LMO does not hold are
// left out.
func (s *Server) headlines(ctx context.Context) ([]headline, error) {
	lang := langFrom(ctx)
	if s.cfg.Statistics == nil {
		return nil, nil
	}
	c, err := s.loadCatalog(ctx)
	if err != nil {
		return nil, err
	}
	var out []headline
	for _, h := range homeHeadlines {
		in := c.byCode[h.Code]
		if in == nil {
			continue
		}
		d, err := s.loadSeries(ctx, h.Code, "001")
		if err != nil {
			return nil, err
		}
		for i := len(d) - 1; i >= 0; i-- {
			if !d[i].Has {
				continue
			}
			out = append(out, headline{Value: formatValue(lang, d[i].Value, in.Unit), Unit: in.Unit, Label: translate(lang, h.Label), Period: d[i].Period.String(),
				Source: sourceLine(lang, c, in, in.Current), URL: indicatorURL(in.Code) + "?area=001"})
			break
		}
	}
	return out, nil
}
