package web

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/lmo-observatory/lmo"
)

// apiDatasetEdition is one edition of a dataset in the API: what to cite
// and under which licence its values may be used.
type apiDatasetEdition struct {
	Code       string    `json:"code"`
	Edition    string    `json:"edition"`
	Publisher  string    `json:"publisher"`
	Title      string    `json:"title"`
	URL        string    `json:"url"`
	Licence    string    `json:"licence"`
	LicenceURL string    `json:"licence_url"`
	Citation   string    `json:"citation"`
	Retrieved  lmo.Date  `json:"retrieved,omitzero"`
	Imported   time.Time `json:"imported,omitzero"`
}

// apiDataset is a dataset with every edition LMO holds, newest first.
type apiDataset struct {
	Code      string              `json:"code"`
	Publisher string              `json:"publisher"`
	Title     string              `json:"title"`
	URL       string              `json:"url"`
	Licence   string              `json:"licence"`
	Editions  []apiDatasetEdition `json:"editions"`
}

// apiIndicator is an indicator in the API.
type apiIndicator struct {
	Code           string   `json:"code"`
	Dataset        string   `json:"dataset"`
	Title          string   `json:"title"`
	Unit           string   `json:"unit"`
	Definition     string   `json:"definition,omitempty"`
	CurrentEdition string   `json:"current_edition"`
	Editions       []string `json:"editions"`
	URL            string   `json:"url"`
	HTML           string   `json:"html"`
	Observations   string   `json:"observations"`
}

// apiObservation is an observation in the API and the downloads, with the
// dataset edition it comes from (see the document's datasets for its
// licence and citation).
type apiObservation struct {
	Indicator  string    `json:"indicator"`
	Dataset    string    `json:"dataset"`
	Edition    string    `json:"edition"`
	Area       string    `json:"area"`
	AreaName   string    `json:"area_name"`
	Origin     string    `json:"origin,omitempty"`
	OriginName string    `json:"origin_name,omitempty"`
	Sex        string    `json:"sex"`
	Age        string    `json:"age,omitempty"`
	Migrant    string    `json:"migrant,omitempty"`
	Activity   string    `json:"activity,omitempty"`
	Occupation string    `json:"occupation,omitempty"`
	Other      string    `json:"other,omitempty"`
	Source     string    `json:"source,omitempty"`
	Period     string    `json:"period"`
	Value      *float64  `json:"value"` // null when the status is unavailable
	Status     string    `json:"status"`
	Note       string    `json:"note,omitempty"`
	Changed    time.Time `json:"changed,omitzero"`
}

// apiObservationList is the body of GET /api/v1/observations: a page of
// observations, the dataset editions they come from, and the link to the
// next page (none after the last).
type apiObservationList struct {
	Count    int                 `json:"count"`
	Datasets []apiDatasetEdition `json:"datasets"`
	Items    []apiObservation    `json:"items"`
	Links    map[string]string   `json:"links"`
}

func apiEdition(d *lmo.Dataset) apiDatasetEdition {
	return apiDatasetEdition{Code: d.Code, Edition: d.Edition, Publisher: d.Publisher, Title: d.Title, URL: d.URL, Licence: d.Licence,
		LicenceURL: d.LicenceURL, Citation: datasetCitation(d), Retrieved: d.Retrieved, Imported: d.Imported}
}

// apiDatasets groups the editions by dataset; the dataset's own fields
// are its newest edition's.
func apiDatasets(all []*lmo.Dataset) []apiDataset {
	out := []apiDataset{}
	for _, d := range all { // by code, newest edition first
		if n := len(out); n == 0 || out[n-1].Code != d.Code {
			out = append(out, apiDataset{Code: d.Code, Publisher: d.Publisher, Title: d.Title, URL: d.URL, Licence: d.Licence})
		}
		out[len(out)-1].Editions = append(out[len(out)-1].Editions, apiEdition(d))
	}
	return out
}

func (s *Server) apiIndicator(in *lmo.Indicator, base string) apiIndicator {
	eds := in.Editions
	if eds == nil {
		eds = []string{}
	}
	return apiIndicator{Code: in.Code, Dataset: in.Dataset, Title: in.Title, Unit: in.Unit, Definition: in.Definition,
		CurrentEdition: in.Current, Editions: eds, URL: base + "/api/v1/indicators/" + indicatorPath(in.Code),
		HTML: base + indicatorURL(in.Code), Observations: base + "/api/v1/observations?indicator=" + indicatorPath(in.Code)}
}

func (s *Server) apiDatasetList(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadCatalog(r.Context())
	if err != nil {
		return err
	}
	items := apiDatasets(c.datasets)
	return writeJSON(w, r, map[string]any{"total": len(items), "items": items}, time.Time{})
}

func (s *Server) apiIndicatorList(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadCatalog(r.Context())
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	items := make([]apiIndicator, 0, len(c.indicators))
	for _, in := range c.indicators {
		items = append(items, s.apiIndicator(in, base))
	}
	return writeJSON(w, r, map[string]any{"total": len(items), "items": items}, time.Time{})
}

func (s *Server) apiIndicatorByCode(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.Statistics == nil {
		return errNoStatistics
	}
	in, err := s.cfg.Statistics.FindIndicator(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, r, s.apiIndicator(in, s.baseURL(r)), time.Time{})
}

func (s *Server) apiAggregates(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.Statistics == nil {
		return errNoStatistics
	}
	aggs, err := s.cfg.Statistics.FindAggregates(r.Context())
	if err != nil {
		return err
	}
	if aggs == nil {
		aggs = []lmo.Aggregate{}
	}
	return writeJSON(w, r, map[string]any{"total": len(aggs), "items": aggs}, time.Time{})
}

// obsRequest reads an observations request: the catalog, the labels and
// the query.
func (s *Server) obsRequest(r *http.Request) (*statCatalog, *labels, obsQuery, error) {
	ctx := r.Context()
	c, err := s.loadCatalog(ctx)
	if err != nil {
		return nil, nil, obsQuery{}, err
	}
	oq, err := parseObsQuery(r.URL.Query(), c.byCode)
	if err != nil {
		return nil, nil, oq, err
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return nil, nil, oq, err
	}
	return c, l, oq, nil
}

// toAPI converts an observation.
func (c *statCatalog) toAPI(o *lmo.Observation, l *labels) apiObservation {
	a := apiObservation{Indicator: o.Indicator, Edition: o.Edition, Area: o.Area, AreaName: c.areaName(l, o.Area),
		Origin: o.Origin, OriginName: c.areaName(l, o.Origin), Sex: o.Sex, Age: o.Age, Migrant: o.Migrant, Activity: o.Activity,
		Occupation: o.Occupation, Other: o.Other, Source: o.Source, Period: o.Period.String(), Status: o.Status, Note: o.Note, Changed: o.Changed}
	if in := c.byCode[o.Indicator]; in != nil {
		a.Dataset = in.Dataset
	}
	if o.HasValue() {
		v := o.Value
		a.Value = &v
	}
	return a
}

func (s *Server) apiObservations(w http.ResponseWriter, r *http.Request) error {
	c, l, oq, err := s.obsRequest(r)
	if err != nil {
		return err
	}
	f := oq.Filter
	f.Limit = oq.Limit
	page, err := s.cfg.Statistics.FindObservations(r.Context(), f)
	if err != nil {
		if f.After != "" && lmo.ErrorCode(err) == lmo.EINVALID {
			return lmo.Errorf(lmo.EINVALID, "cursor %q is not one that this API gave: follow links.next.", f.After)
		}
		return err
	}
	base := s.baseURL(r)
	v := oq.values()
	self := v
	if f.After != "" {
		self = cloneValues(v)
		self.Set(paramCursor, f.After)
	}
	out := apiObservationList{Count: len(page.Observations), Datasets: []apiDatasetEdition{}, Items: make([]apiObservation, 0, len(page.Observations)),
		Links: map[string]string{"self": base + withQuery("/api/v1/observations", self)}}
	used := map[*lmo.Dataset]bool{}
	for i := range page.Observations {
		o := &page.Observations[i]
		out.Items = append(out.Items, c.toAPI(o, l))
		if d := c.dataset(o.Indicator, o.Edition); d != nil && !used[d] {
			used[d] = true
			out.Datasets = append(out.Datasets, apiEdition(d))
		}
	}
	slices.SortFunc(out.Datasets, func(a, b apiDatasetEdition) int {
		if a.Code != b.Code {
			return cmpString(a.Code, b.Code)
		}
		return cmpString(a.Edition, b.Edition)
	})
	if page.Next != "" {
		next := cloneValues(v)
		next.Set(paramCursor, page.Next)
		out.Links["next"] = base + withQuery("/api/v1/observations", next)
	}
	for _, ext := range []string{formatCSV, formatJSON, formatXLSX} {
		out.Links[ext] = base + withQuery("/observations."+ext, withoutLimit(v))
	}
	return writeJSON(w, r, out, time.Time{})
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vals := range v {
		out[k] = slices.Clone(vals)
	}
	return out
}

func withoutLimit(v url.Values) url.Values {
	out := cloneValues(v)
	out.Del(paramLimit)
	return out
}

// observationColumns are the columns of an observations download: each
// row carries its dataset's publisher, licence and citation.
var observationColumns = []string{"indicator", "indicator_title", "unit", "dataset", "edition", "area", "area_name", "origin", "origin_name",
	"sex", "age", "migrant", "activity", "occupation", "other", "source", "period", "value", "status", "note", "changed",
	"publisher", "licence", "licence_url", "citation"}

// observationsDocument is the head of the JSON download of observations:
// where it comes from, the query, and every dataset edition it may draw
// from, before the items.
type observationsDocument struct {
	Source   string              `json:"source"`
	Query    string              `json:"query"`
	Datasets []apiDatasetEdition `json:"datasets"`
}

// queryDatasets returns the dataset editions a query may draw from: the
// indicators' (or all) datasets, in the edition asked for, or every
// edition for all, or the current editions.
func (c *statCatalog) queryDatasets(f lmo.ObservationFilter) []apiDatasetEdition {
	out := []apiDatasetEdition{}
	seen := map[*lmo.Dataset]bool{}
	indicators := c.indicators
	if len(f.Indicators) > 0 {
		indicators = nil
		for _, code := range f.Indicators {
			indicators = append(indicators, c.byCode[code])
		}
	}
	for _, in := range indicators {
		var eds []string
		switch f.Edition {
		case "":
			eds = []string{in.Current}
		case lmo.EditionAll:
			eds = in.Editions
		default:
			eds = []string{f.Edition}
		}
		for _, e := range eds {
			if d := c.dataset(in.Code, e); d != nil && !seen[d] {
				seen[d] = true
				out = append(out, apiEdition(d))
			}
		}
	}
	slices.SortFunc(out, func(a, b apiDatasetEdition) int {
		if a.Code != b.Code {
			return cmpString(a.Code, b.Code)
		}
		return cmpString(a.Edition, b.Edition)
	})
	return out
}

// exportObservations serves every observation a query selects (its
// cursor and limit aside) as a download in format, streamed from the
// store a batch at a time.
func (s *Server) exportObservations(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		c, l, oq, err := s.obsRequest(r)
		if err != nil {
			return err
		}
		f := oq.Filter
		f.After = ""
		v := withoutLimit(oq.values())
		base := s.baseURL(r)
		rows := s.exportRows(r.Context(), f, c, l)
		name := "lmo-observations"
		if len(f.Indicators) == 1 {
			name += "-" + fileSafe(f.Indicators[0])
		}
		t := &table{
			Name: name, Sheet: "Observations", Columns: observationColumns,
			Version: fmt.Sprintf("%s\x00%s\x00%d\x00%d", base, encodeQuery(v), c.version, l.version),
			Large:   true,
			Rows:    observationTableRows(rows, c),
			JSON: &jsonList{Head: observationsDocument{Source: translate(langOf(r), "site.name"), Query: base + withQuery("/api/v1/observations", v),
				Datasets: c.queryDatasets(f)}, List: "items", Items: anyItems(rows)},
			About: []aboutItem{
				{"Source", translate(langOf(r), "site.name")},
				{"Selection", base + withQuery("/api/v1/observations", v)},
				{"Note", "Each row names its dataset edition, publisher, licence and citation: cite the publisher and this observatory."},
			},
		}
		return s.serveTable(w, r, t, format)
	}
}

// exportRows streams the observations f selects, as the API writes them.
func (s *Server) exportRows(ctx context.Context, f lmo.ObservationFilter, c *statCatalog, l *labels) iter.Seq2[apiObservation, error] {
	return func(yield func(apiObservation, error) bool) {
		for o, err := range s.observations(ctx, f, statsBatch) {
			if err != nil {
				yield(apiObservation{}, err)
				return
			}
			if !yield(c.toAPI(&o, l), nil) {
				return
			}
		}
	}
}

// observationTableRows streams the observations as rows of observationColumns.
func observationTableRows(rows iter.Seq2[apiObservation, error], c *statCatalog) iter.Seq2[[]string, error] {
	return func(yield func([]string, error) bool) {
		for a, err := range rows {
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(observationRow(a, c), nil) {
				return
			}
		}
	}
}

// observationRow lays one observation out as a row of observationColumns.
func observationRow(a apiObservation, c *statCatalog) []string {
	row := []string{a.Indicator, "", "", a.Dataset, a.Edition, a.Area, a.AreaName, a.Origin, a.OriginName, a.Sex, a.Age, a.Migrant,
		a.Activity, a.Occupation, a.Other, a.Source, a.Period, "", a.Status, a.Note, "", "", "", "", ""}
	if in := c.byCode[a.Indicator]; in != nil {
		row[1], row[2] = in.Title, in.Unit
	}
	if a.Value != nil {
		row[17] = strconv.FormatFloat(*a.Value, 'f', -1, 64)
	}
	if !a.Changed.IsZero() {
		row[20] = a.Changed.UTC().Format(time.RFC3339)
	}
	if d := c.dataset(a.Indicator, a.Edition); d != nil {
		row[21], row[22], row[23], row[24] = d.Publisher, d.Licence, d.LicenceURL, datasetCitation(d)
	}
	return row
}

// anyItems streams the observations as the JSON download's items.
func anyItems(rows iter.Seq2[apiObservation, error]) iter.Seq2[any, error] {
	return func(yield func(any, error) bool) {
		for a, err := range rows {
			if !yield(a, err) || err != nil {
				return
			}
		}
	}
}

// fileSafe keeps the characters of s that a file name may hold.
func fileSafe(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			b[i] = '_'
		}
	}
	return string(b)
}
