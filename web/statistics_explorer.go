package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// Explorer views.
const (
	viewChart   = "chart"
	viewMap     = "map"
	viewTable   = "table"
	viewSources = "sources"
)

var explorerViews = []string{viewChart, viewMap, viewTable, viewSources}

// maxCompared is how many areas the explorer compares: the lines a chart
// tells apart.
const maxCompared = 6

// maxExplorerRows bounds what one explorer page reads from the store.
const maxExplorerRows = 100_000

// explorerRequest is what the explorer's form asks for.
type explorerRequest struct {
	Areas    []string
	Origin   string // the other end of a corridor, for bilateral indicators; "" for totals
	Sex      string
	From, To int // years, 0 when open
	Edition  string
	Year     int // of the map and the bar chart, 0 for the latest
	View     string
	Chart    string // chart.svg: line, bar or map; "" for the view's own
	Errors   map[string]string
	Typed    url.Values // what was typed, for the fields in error
}

// parseExplorer reads the explorer's query. Every fault is kept by field,
// with the field's default in its place, so that the page can show the
// message beside it.
func parseExplorer(lang string, q url.Values, in *lmo.Indicator) explorerRequest {
	er := explorerRequest{Sex: lmo.SexTotal, View: viewChart, Errors: map[string]string{}, Typed: q}
	areas, err := areaParam(q, paramArea)
	switch {
	case err != nil:
		er.Errors["area"] = lmo.ErrorMessage(err)
	case len(areas) > maxCompared:
		er.Errors["area"] = translate(lang, "explorer.area.many", maxCompared, len(areas))
	default:
		er.Areas = areas
	}
	switch origins, err := areaParam(q, paramOrigin); {
	case err != nil:
		er.Errors["origin"] = lmo.ErrorMessage(err)
	case len(origins) > 1:
		er.Errors["origin"] = translate(lang, "explorer.origin.many")
	case len(origins) == 1:
		er.Origin = origins[0]
	}
	if v := q.Get("sex"); v != "" {
		if slices.Contains(lmo.Sexes, v) {
			er.Sex = v
		} else {
			er.Errors["sex"] = fmt.Sprintf("sex %q is not one of %s.", v, strings.Join(lmo.Sexes, ", "))
		}
	}
	year := func(name string) int {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1800 || n > 2200 {
			er.Errors[name] = translate(lang, "explorer.year.bad", name, v)
			return 0
		}
		return n
	}
	er.From, er.To, er.Year = year("from"), year("to"), year("year")
	if er.From != 0 && er.To != 0 && er.From > er.To {
		er.Errors["to"] = translate(lang, "explorer.range.bad", er.From, er.To)
		er.To = 0
	}
	if v := q.Get(paramEdition); v != "" {
		if slices.Contains(in.Editions, v) {
			er.Edition = v
		} else {
			er.Errors["edition"] = translate(lang, "explorer.edition.bad", v, in.Code, strings.Join(in.Editions, ", "))
		}
	}
	if v := q.Get("view"); v != "" {
		if slices.Contains(explorerViews, v) {
			er.View = v
		} else {
			er.Errors["view"] = translate(lang, "explorer.view.bad", v)
		}
	}
	if v := q.Get("chart"); v != "" {
		if slices.Contains([]string{"line", "bar", "map"}, v) {
			er.Chart = v
		} else {
			er.Errors["chart"] = translate(lang, "explorer.chart.bad", v)
		}
	}
	return er
}

// values writes the request back as the permalink's query, defaults left
// out; with view set to the view given.
func (er explorerRequest) values(view string) url.Values {
	v := url.Values{}
	if len(er.Areas) > 0 {
		v[paramArea] = slices.Clone(er.Areas)
	}
	if er.Origin != "" {
		v.Set(paramOrigin, er.Origin)
	}
	if er.Sex != lmo.SexTotal {
		v.Set(paramSex, er.Sex)
	}
	if er.Edition != "" {
		v.Set(paramEdition, er.Edition)
	}
	if er.Year != 0 {
		v.Set("year", strconv.Itoa(er.Year))
	}
	if view != "" && view != viewChart {
		v.Set("view", view)
	}
	return v
}

// encodeExplorer writes an explorer query in the form's order.
func encodeExplorer(v url.Values) string {
	var b strings.Builder
	for _, name := range []string{paramArea, paramOrigin, paramSex, "from", "to", paramEdition, "year", "view", "chart"} {
		for _, val := range v[name] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(name + "=" + url.QueryEscape(val))
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "?" + b.String()
}

func (er explorerRequest) permalink(code, view string) string {
	v := er.values(view)
	if er.From != 0 {
		v.Set("from", strconv.Itoa(er.From))
	}
	if er.To != 0 {
		v.Set("to", strconv.Itoa(er.To))
	}
	return indicatorURL(code) + encodeExplorer(v)
}

// timeParam is the API's time parameter for the years asked.
func (er explorerRequest) timeParam() string {
	switch {
	case er.From == 0 && er.To == 0:
		return ""
	case er.From == er.To:
		return strconv.Itoa(er.From)
	case er.From == 0:
		return ".." + strconv.Itoa(er.To)
	case er.To == 0:
		return strconv.Itoa(er.From) + ".."
	}
	return strconv.Itoa(er.From) + ".." + strconv.Itoa(er.To)
}

// point is one value of the explorer's data.
type point struct {
	Period lmo.Period
	Value  float64
	Status string
	Note   string
	Source string
	Break  string // the breakdown shown, when the publisher breaks the indicator down further
	Has    bool   // a value (not unavailable)
}

// explorerData is what one indicator holds for the explorer's query: by
// area, its points in period order.
type explorerData struct {
	byArea    map[string][]point
	years     []int // years with an annual value, ascending
	truncated bool
	breakdown bool            // some observations break the indicator down further
	origins   map[string]bool // the other ends of the corridors of bilateral observations
	totals    bool            // some observations are not bilateral
	index     map[string]int  // area \x00 period -> position in byArea[area], while loading
	yearSet   map[int]bool
}

// newExplorerData returns an empty explorerData to load into.
func newExplorerData() *explorerData {
	return &explorerData{byArea: map[string][]point{}, origins: map[string]bool{}, index: map[string]int{}, yearSet: map[int]bool{}}
}

// load adds the observations f selects to d, keeping for each area and
// period the observations whose other end is origin ("" for totals over
// origins) and, of those, the publisher's total breakdown where there is
// one (else the first). It reads at most maxExplorerRows observations.
func (s *Server) load(ctx context.Context, f lmo.ObservationFilter, origin string, d *explorerData) error {
	n := 0
	for o, err := range s.observations(ctx, f, statsBatch) {
		if err != nil {
			return err
		}
		if n++; n > maxExplorerRows {
			d.truncated = true
			break
		}
		if o.Origin != "" {
			d.origins[o.Origin] = true
		} else {
			d.totals = true
		}
		if o.Origin != origin {
			continue
		}
		br := breakdown(&o)
		d.breakdown = d.breakdown || br != ""
		p := point{Period: o.Period, Value: o.Value, Status: o.Status, Note: o.Note, Source: o.Source, Break: br, Has: o.HasValue()}
		key := o.Area + "\x00" + o.Period.String()
		if i, ok := d.index[key]; ok {
			if old := d.byArea[o.Area][i]; old.Break != "" && br == "" {
				d.byArea[o.Area][i] = p
			}
			continue
		}
		d.index[key] = len(d.byArea[o.Area])
		d.byArea[o.Area] = append(d.byArea[o.Area], p)
		if p.Has && o.Period.Quarter == 0 && o.Period.Month == 0 {
			d.yearSet[o.Period.Year] = true
		}
	}
	return nil
}

// finish puts each area's points in period order and lists the years.
func (d *explorerData) finish() {
	for area, pts := range d.byArea {
		slices.SortFunc(pts, func(a, b point) int {
			return a.Period.Start()*100 + a.Period.End() - (b.Period.Start()*100 + b.Period.End())
		})
		for i, p := range pts { // positions moved: a further load finds them again
			d.index[area+"\x00"+p.Period.String()] = i
		}
	}
	d.years = d.years[:0]
	for y := range d.yearSet {
		d.years = append(d.years, y)
	}
	slices.Sort(d.years)
}

// loadExplorer reads what the explorer shows of an indicator, in two
// small reads rather than the whole indicator: the areas compared (the
// world by default) over the years asked, then every area in the one
// year of the map and bars (the latest by default). Only when the areas
// have no data (or the world is not among the indicator's areas) does it
// read every area over the years, to offer the areas there are and to
// compare the five largest. It returns the areas compared.
func (s *Server) loadExplorer(ctx context.Context, code string, er explorerRequest) (*explorerData, []string, int, error) {
	base := lmo.ObservationFilter{Indicators: []string{code}, Sexes: []string{er.Sex}, Edition: er.Edition}
	span := base
	if er.From != 0 {
		span.From = lmo.Period{Year: er.From}
	}
	if er.To != 0 {
		span.To = lmo.Period{Year: er.To}
	}
	d := newExplorerData()
	areas := er.Areas
	if len(areas) == 0 {
		areas = []string{"001"}
	}
	f := span
	f.Areas = areas
	if err := s.load(ctx, f, er.Origin, d); err != nil {
		return nil, nil, 0, err
	}
	d.finish()
	full := false
	if len(d.byArea) == 0 {
		if err := s.load(ctx, span, er.Origin, d); err != nil {
			return nil, nil, 0, err
		}
		d.finish()
		full = true
		if len(er.Areas) == 0 && len(d.years) > 0 {
			areas = topAreas(d, d.years[len(d.years)-1], 5)
		}
	}
	year := er.Year
	if year == 0 && len(d.years) > 0 {
		year = d.years[len(d.years)-1]
	}
	if year != 0 && !full {
		f := base
		f.From, f.To = lmo.Period{Year: year}, lmo.Period{Year: year}
		if err := s.load(ctx, f, er.Origin, d); err != nil {
			return nil, nil, 0, err
		}
		d.finish()
	}
	if len(er.Areas) == 0 && len(areas) == 1 && areas[0] == "001" && len(d.byArea["001"]) == 0 {
		areas = nil
	}
	return d, areas, year, nil
}

// value returns an area's annual value in year.
func (d *explorerData) value(area string, year int) (point, bool) {
	for _, p := range d.byArea[area] {
		if p.Period == (lmo.Period{Year: year}) && p.Has {
			return p, true
		}
	}
	return point{}, false
}

// explorerPage is the indicator explorer.
type explorerPage struct {
	Page
	In        *lmo.Indicator
	Dataset   *lmo.Dataset // the edition shown
	Edition   string
	View      string
	Tabs      []tab
	TableURL  string // the table view, which lists the map's values
	Form      explorerForm
	Errors    map[string]string // by field, shown beside it
	ErrorList []link            // the same, in the form's order, for the summary (Label: field, URL: message)
	Chart     template.HTML
	Bar       template.HTML
	Map       template.HTML
	Year      int
	Areas     []areaCol // the areas compared, the table's columns
	Rows      []periodRow
	MapRows   []mapRow
	NoData    []string // honest lines: what has no data in this edition
	Notes     []string
	Marks     []markKey // the status marks the tables use
	Datasets  []apiDatasetEdition
	Downloads []link
	Figures   []link // the charts as SVG files
	API       string
	Permalink string
}

type tab struct {
	Key, Label, URL string
	Current         bool
}

type explorerForm struct {
	Areas    []option
	Origins  []option // for bilateral indicators
	Sexes    []option
	Editions []option
	Years    []option
	From, To string
	Hidden   []link // view, and the areas in the map view (Label: name, URL: value)
}

type areaCol struct{ Code, Name, URL string }

type periodRow struct {
	Period string
	Cells  []cell
}

type cell struct {
	Value string
	Mark  string // the status's mark: e, i, b...
	Break string
	Empty bool
}

type mapRow struct {
	Code, Name, URL string
	Cell            cell
}

type markKey struct{ Mark, Label string }

// statusMarks are the marks beside values whose status is not reported.
var statusMarks = map[string]string{
	lmo.StatusEstimated: "e", lmo.StatusImputed: "i", lmo.StatusBreak: "b", lmo.StatusProvisional: "p",
	lmo.StatusForecast: "f", lmo.StatusUnreliable: "u", lmo.StatusUnavailable: "–",
}

func (s *Server) cellOf(lang string, p point, unit string, used map[string]bool) cell {
	c := cell{Mark: statusMarks[p.Status], Break: p.Break}
	if c.Mark != "" {
		used[p.Status] = true
	}
	if p.Has {
		c.Value = formatValue(lang, p.Value, unit)
	} else {
		c.Value = translate(lang, "explorer.unavailable")
	}
	return c
}

// explorer serves /statistics/{indicator}: the chart, map, table and
// sources of one indicator, as views of one form whose GET URL is the
// permalink. Faults in the form keep the page, with the message beside
// the field, and answer 400.
func (s *Server) explorer(w http.ResponseWriter, r *http.Request) error {
	if canonical, ok := s.explorerCanonical(r); !ok {
		// A submitted form carries its empty and default fields: send the
		// browser on to the permalink, which names only the choices.
		http.Redirect(w, r, canonical, http.StatusFound)
		return nil
	}
	p, status, err := s.explorerView(r)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		s.renderStatus(pastCatcher(w), r, status, "statistics_indicator", p)
		return nil
	}
	return s.render(w, r, "statistics_indicator", p, time.Time{})
}

// explorerCanonical returns the permalink of an explorer request and
// whether the request is it. A request with errors is left as it is, so
// that the page shows what was typed.
func (s *Server) explorerCanonical(r *http.Request) (string, bool) {
	lang := langOf(r)
	if s.cfg.Statistics == nil {
		return "", true
	}
	in, err := s.cfg.Statistics.FindIndicator(r.Context(), r.PathValue("indicator"))
	if err != nil {
		return "", true // the page says what is wrong
	}
	er := parseExplorer(lang, r.URL.Query(), in)
	if len(er.Errors) > 0 {
		return "", true
	}
	canonical := er.permalink(in.Code, er.View)
	return canonical, canonical == r.URL.EscapedPath()+encodeExplorerRaw(r.URL.RawQuery)
}

// encodeExplorerRaw writes a raw query as the permalink writes it: "?"
// and the query, or nothing.
func encodeExplorerRaw(raw string) string {
	if raw == "" {
		return ""
	}
	return "?" + raw
}

// explorerView builds the explorer page for a request, and its status.
func (s *Server) explorerView(r *http.Request) (*explorerPage, int, error) {
	lang := langOf(r)
	ctx := r.Context()
	c, in, l, err := s.explorerIndicator(r)
	if err != nil {
		return nil, 0, err
	}
	er := parseExplorer(lang, r.URL.Query(), in)
	status := http.StatusOK
	if len(er.Errors) > 0 {
		status = http.StatusBadRequest
	}
	edition := er.Edition
	if edition == "" {
		edition = in.Current
	}
	data, areas, year, err := s.loadExplorer(ctx, in.Code, er)
	if err != nil {
		return nil, 0, err
	}
	p := s.explorerHeading(r, in, er, edition, year, c)
	s.explorerForm(p, er, areas, data, c, l)
	used := map[string]bool{}
	explorerColumns(p, er, areas, data, edition, c, l)
	p.Rows = tableRows(lang, data, areas, in.Unit, s, used)
	if err := s.explorerGraphics(p, er, areas, data, year, edition, c, l, used); err != nil {
		return nil, 0, err
	}
	p.Marks = usedMarks(lang, used)
	explorerNotes(p, er, data, c, l)
	if ds := c.dataset(in.Code, edition); ds != nil {
		p.Datasets = []apiDatasetEdition{apiEdition(ds)}
	}
	// Downloads of exactly this query, and the figures.
	api := explorerQuery(in.Code, er, areas)
	p.API = withQuery("/api/v1/observations", api)
	p.Downloads = explorerDownloads(lang, api, year)
	p.Figures = explorerFigures(lang, p, er, areas, year)
	return p, status, nil
}

// explorerIndicator loads the catalogue, the requested indicator and the labels.
func (s *Server) explorerIndicator(r *http.Request) (*statCatalog, *lmo.Indicator, *labels, error) {
	ctx := r.Context()
	c, err := s.loadCatalog(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	in := c.byCode[r.PathValue("indicator")]
	if in == nil {
		return nil, nil, nil, lmo.Errorf(lmo.ENOTFOUND, "LMO holds no indicator %q: see the list of statistics.", r.PathValue("indicator"))
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	return c, in, l, nil
}

// explorerHeading starts the page: its title, errors, permalink and view tabs.
func (s *Server) explorerHeading(r *http.Request, in *lmo.Indicator, er explorerRequest, edition string, year int, c *statCatalog) *explorerPage {
	lang := langOf(r)
	p := &explorerPage{Page: s.page(r, in.Title), In: in, Edition: edition, View: er.View, Errors: er.Errors, Dataset: c.dataset(in.Code, edition)}
	for _, f := range []string{"area", "origin", "sex", "from", "to", "year", "edition", "view", "chart"} {
		if msg := er.Errors[f]; msg != "" {
			p.ErrorList = append(p.ErrorList, link{f, msg})
		}
	}
	p.Page.Description = translate(lang, "explorer.description", in.Title)
	p.Year = year
	p.Permalink = s.localURL(r, er.permalink(in.Code, er.View))
	p.Page.Canonical = p.Permalink
	p.TableURL = er.permalink(in.Code, viewTable) + "#map-table-h"
	for _, v := range explorerViews {
		p.Tabs = append(p.Tabs, tab{Key: v, Label: translate(lang, "explorer.view."+v), URL: er.permalink(in.Code, v), Current: v == er.View})
	}
	return p
}

// explorerColumns sets the compared areas and says which have no data.
func explorerColumns(p *explorerPage, er explorerRequest, areas []string, data *explorerData, edition string, c *statCatalog, l *labels) {
	lang := l.language()
	for _, a := range areas {
		p.Areas = append(p.Areas, areaCol{Code: a, Name: c.areaName(l, a), URL: areaURL(a)})
		if len(data.byArea[a]) == 0 {
			p.NoData = append(p.NoData, translate(lang, "explorer.nodata.area", c.areaName(l, a), edition))
		}
	}
	if len(data.byArea) == 0 {
		p.NoData = []string{translate(lang, "explorer.nodata", p.In.Title, translate(lang, "sex."+er.Sex), edition)}
	}
}

// explorerGraphics draws the line chart, and for a year the bar chart, map and map table.
func (s *Server) explorerGraphics(p *explorerPage, er explorerRequest, areas []string, data *explorerData, year int, edition string, c *statCatalog, l *labels, used map[string]bool) error {
	in := p.In
	var err error
	if p.Chart, err = s.lineChart(in, areas, data, c, l, edition); err != nil {
		return err
	}
	if year == 0 {
		return nil
	}
	if p.Bar, err = s.barChart(in, areas, data, year, c, l, edition); err != nil {
		return err
	}
	if er.View == viewMap || er.Chart == "map" {
		if p.Map, err = s.valueMap(in, data, year, l, edition); err != nil {
			return err
		}
	}
	if er.View == viewTable {
		p.MapRows = mapRows(data, year, in.Unit, c, l, s, used)
	}
	return nil
}

// usedMarks lists the key to the status marks used, in the statuses' order.
func usedMarks(lang string, used map[string]bool) []markKey {
	var marks []markKey
	for _, st := range lmo.Statuses {
		if used[st] {
			marks = append(marks, markKey{statusMarks[st], translate(lang, "status."+st)})
		}
	}
	return marks
}

// explorerNotes adds the notes on origins, truncation and breakdowns.
func explorerNotes(p *explorerPage, er explorerRequest, data *explorerData, c *statCatalog, l *labels) {
	lang := l.language()
	if er.Origin != "" {
		p.Notes = append(p.Notes, translate(lang, "explorer.origin.shown", c.areaName(l, er.Origin)))
	}
	if data.truncated {
		p.Notes = append(p.Notes, translate(lang, "explorer.truncated", maxExplorerRows))
	}
	if data.breakdown {
		p.Notes = append(p.Notes, translate(lang, "explorer.breakdown"))
	}
	switch {
	case len(data.origins) > 0 && !data.totals && er.Origin == "":
		p.NoData = append([]string{translate(lang, "explorer.corridors")}, p.NoData...)
	case len(data.origins) > 0 && er.Origin == "":
		p.Notes = append(p.Notes, translate(lang, "explorer.origins"))
	}
}

// explorerQuery is the API query for exactly the explorer's request.
func explorerQuery(code string, er explorerRequest, areas []string) url.Values {
	api := url.Values{paramIndicator: {code}, paramSex: {er.Sex}}
	if er.Origin != "" {
		api.Set(paramOrigin, er.Origin)
	}
	if len(areas) > 0 {
		api[paramArea] = areas
	}
	if t := er.timeParam(); t != "" {
		api.Set(paramTime, t)
	}
	if er.Edition != "" {
		api.Set(paramEdition, er.Edition)
	}
	return api
}

// explorerDownloads links the query's downloads, and the year's for every area.
func explorerDownloads(lang string, api url.Values, year int) []link {
	var downloads []link
	for _, f := range []string{formatCSV, formatXLSX, formatJSON} {
		downloads = append(downloads, link{translate(lang, "explorer.download."+f), withQuery("/observations."+f, api)})
	}
	allAreas := cloneValues(api)
	allAreas.Del(paramArea)
	if year != 0 {
		allAreas.Set(paramTime, strconv.Itoa(year))
	}
	return append(downloads, link{translate(lang, "explorer.download.year", year), withQuery("/observations.csv", allAreas)})
}

// explorerFigures links the page's charts as SVG files.
func explorerFigures(lang string, p *explorerPage, er explorerRequest, areas []string, year int) []link {
	var figures []link
	fig := er
	fig.Areas = areas
	for _, ch := range []string{"line", "bar", "map"} {
		if (ch == "line" && p.Chart == "") || (ch == "bar" && p.Bar == "") || (ch == "map" && year == 0) {
			continue
		}
		v := fig.values("")
		if er.From != 0 {
			v.Set("from", strconv.Itoa(er.From))
		}
		if er.To != 0 {
			v.Set("to", strconv.Itoa(er.To))
		}
		v.Set("chart", ch)
		figures = append(figures, link{translate(lang, "explorer.figure."+ch), indicatorURL(p.In.Code) + "/chart.svg" + encodeExplorer(v)})
	}
	return figures
}

// areaURL links an area to its country page, or nowhere.
func areaURL(code string) string {
	if len(code) == 2 {
		return "/countries/" + code
	}
	return ""
}

// topAreas returns the n countries with the largest values in year.
func topAreas(d *explorerData, year, n int) []string {
	type av struct {
		area string
		v    float64
	}
	var all []av
	for a := range d.byArea {
		if len(a) != 2 {
			continue
		}
		if p, ok := d.value(a, year); ok {
			all = append(all, av{a, p.Value})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].v != all[j].v {
			return all[i].v > all[j].v
		}
		return all[i].area < all[j].area
	})
	var out []string
	for _, x := range all[:min(n, len(all))] {
		out = append(out, x.area)
	}
	return out
}

// explorerForm fills the form's choices.
func (s *Server) explorerForm(p *explorerPage, er explorerRequest, areas []string, d *explorerData, c *statCatalog, l *labels) {
	lang := l.language()
	form := &p.Form
	form.Areas = areaOptions(areas, d, c, l)
	if len(d.origins) > 0 {
		form.Origins = originOptions(er, d, c, l)
	}
	for _, sx := range []string{lmo.SexTotal, lmo.SexFemale, lmo.SexMale} {
		form.Sexes = append(form.Sexes, option{Value: sx, Label: translate(lang, "sex."+sx), Selected: sx == er.Sex})
	}
	form.Editions = append(form.Editions, option{Value: "", Label: translate(lang, "explorer.edition.current", p.In.Current), Selected: er.Edition == ""})
	for i := len(p.In.Editions) - 1; i >= 0; i-- {
		e := p.In.Editions[i]
		form.Editions = append(form.Editions, option{Value: e, Label: e, Selected: er.Edition == e})
	}
	form.Years = yearOptions(lang, er, d)
	form.From, form.To = formRange(er)
	if er.View == viewMap { // the map shows every area: the areas asked are kept, not offered
		for _, a := range er.Areas {
			form.Hidden = append(form.Hidden, link{paramArea, a})
		}
	}
	if er.View != viewChart {
		form.Hidden = append(form.Hidden, link{"view", er.View})
	}
}

// areaRank orders areas: the world, regions, countries, publishers' aggregates.
func areaRank(code string) int {
	switch {
	case code == "001":
		return 0
	case strings.Contains(code, ":"):
		return 3
	case len(code) == 2:
		return 2
	}
	return 1
}

// areaOptions offers every area with data or asked for, the asked ones selected.
func areaOptions(areas []string, d *explorerData, c *statCatalog, l *labels) []option {
	codes := map[string]bool{}
	for a := range d.byArea {
		codes[a] = true
	}
	for _, a := range areas {
		codes[a] = true
	}
	var opts []option
	for a := range codes {
		opts = append(opts, option{Value: a, Label: c.areaName(l, a), Selected: slices.Contains(areas, a)})
	}
	slices.SortFunc(opts, func(a, b option) int {
		if ra, rb := areaRank(a.Value), areaRank(b.Value); ra != rb {
			return ra - rb
		}
		return strings.Compare(lmo.Fold(a.Label), lmo.Fold(b.Label))
	})
	return opts
}

// originOptions offers no origin, then every origin with data by name.
func originOptions(er explorerRequest, d *explorerData, c *statCatalog, l *labels) []option {
	lang := l.language()
	opts := []option{{Value: "", Label: translate(lang, "explorer.origin.none"), Selected: er.Origin == ""}}
	var os []option
	for o := range d.origins {
		os = append(os, option{Value: o, Label: c.areaName(l, o), Selected: o == er.Origin})
	}
	slices.SortFunc(os, func(a, b option) int { return strings.Compare(lmo.Fold(a.Label), lmo.Fold(b.Label)) })
	return append(opts, os...)
}

// yearOptions offers the latest year, the years with data newest first, and a year asked for without data.
func yearOptions(lang string, er explorerRequest, d *explorerData) []option {
	opts := []option{{Value: "", Label: translate(lang, "explorer.year.latest"), Selected: er.Year == 0}}
	for i := len(d.years) - 1; i >= 0; i-- {
		y := strconv.Itoa(d.years[i])
		opts = append(opts, option{Value: y, Label: y, Selected: er.Year == d.years[i]})
	}
	if er.Year != 0 && !slices.Contains(d.years, er.Year) {
		y := strconv.Itoa(er.Year)
		opts = append(opts, option{Value: y, Label: y, Selected: true})
	}
	return opts
}

// formRange returns the from and to fields: as typed when faulty, else the years asked.
func formRange(er explorerRequest) (from, to string) {
	if er.From != 0 {
		from = strconv.Itoa(er.From)
	}
	if er.To != 0 {
		to = strconv.Itoa(er.To)
	}
	if er.Errors["from"] != "" {
		from = er.Typed.Get("from")
	}
	if er.Errors["to"] != "" {
		to = er.Typed.Get("to")
	}
	return from, to
}

// tableRows lays the compared areas' values out by period.
func tableRows(lang string, d *explorerData, areas []string, unit string, s *Server, used map[string]bool) []periodRow {
	periods := map[string]lmo.Period{}
	for _, a := range areas {
		for _, p := range d.byArea[a] {
			periods[p.Period.String()] = p.Period
		}
	}
	var keys []lmo.Period
	for _, p := range periods {
		keys = append(keys, p)
	}
	slices.SortFunc(keys, func(a, b lmo.Period) int { return strings.Compare(a.String(), b.String()) })
	var rows []periodRow
	for _, per := range keys {
		row := periodRow{Period: per.String()}
		for _, a := range areas {
			c := cell{Empty: true}
			for _, p := range d.byArea[a] {
				if p.Period == per {
					c = s.cellOf(lang, p, unit, used)
					break
				}
			}
			row.Cells = append(row.Cells, c)
		}
		rows = append(rows, row)
	}
	return rows
}

// mapRows lists every area with a value in year, by name.
func mapRows(d *explorerData, year int, unit string, c *statCatalog, l *labels, s *Server, used map[string]bool) []mapRow {
	lang := l.language()
	var out []mapRow
	for a := range d.byArea {
		if p, ok := d.value(a, year); ok {
			out = append(out, mapRow{Code: a, Name: c.areaName(l, a), URL: areaURL(a), Cell: s.cellOf(lang, p, unit, used)})
		}
	}
	slices.SortFunc(out, func(a, b mapRow) int { return strings.Compare(lmo.Fold(a.Name), lmo.Fold(b.Name)) })
	return out
}
