package web

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// The statistics module over HTTP: datasets and their editions,
// indicators, and observations selected by one query language that the
// API, the downloads and the explorer page share (obsParams below), so
// that a page's download links and API links are exactly what it shows.

// Observation query parameters.
const (
	paramIndicator    = "indicator"
	paramArea         = "area"
	paramOrigin       = "origin"
	paramSex          = "sex"
	paramTime         = "time"
	paramEdition      = "edition"
	paramChangedSince = "changed_since"
	paramCursor       = "cursor"
	paramLimit        = "limit"
)

// defaultObservationLimit is the page size of /api/v1/observations
// without limit.
const defaultObservationLimit = 1000

// maxStatValues bounds the values of one repeatable parameter (indicator,
// area, origin), as listparams bounds a facet.
const maxStatValues = maxFacetValues

// obsQuery is an observations URL read into a filter, with the parts
// that write it back.
type obsQuery struct {
	Filter lmo.ObservationFilter
	Time   string // the time parameter in canonical form ("2000..2020"), or ""
	Limit  int    // the page size asked for (the API's; downloads read everything)
}

// paramValues returns the values of a repeatable parameter, trimmed, the
// empty ones dropped and the first of equal values kept. It fails beyond
// maxStatValues.
func paramValues(q url.Values, name string, upper bool) ([]string, error) {
	var out []string
	for _, v := range q[name] {
		v = strings.TrimSpace(v)
		if upper {
			v = strings.ToUpper(v)
		}
		if v == "" || slices.Contains(out, v) {
			continue
		}
		out = append(out, v)
	}
	if len(out) > maxStatValues {
		return nil, lmo.Errorf(lmo.EINVALID, "%s: at most %d values, not %d.", name, maxStatValues, len(out))
	}
	return out, nil
}

// areaParam reads a repeatable area parameter (area, origin): country
// codes in any case, region codes, ILO region slugs, PUBLISHER:CODE
// aggregates.
func areaParam(q url.Values, name string) ([]string, error) {
	raw, err := paramValues(q, name, false)
	if err != nil {
		return nil, err
	}
	out := raw[:0]
	for _, v := range raw {
		if len(v) == 2 {
			v = strings.ToUpper(v)
		}
		if !lmo.ValidAreaCode(v) {
			return nil, lmo.Errorf(lmo.EINVALID, "%s %q is not an area: give a country's ISO code (PH), a region's M49 code (001 is the world), an ILO region (arab-states) or a publisher's aggregate (WB:HIC).", name, v)
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
}

// parseTimeRange reads the time parameter: a period (2020, 2020-Q1,
// 2020Q1, 2020-01) or a range of them, FROM..TO, either end open. It
// returns the bounds and the canonical form.
func parseTimeRange(v string) (from, to lmo.Period, canon string, err error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return from, to, "", nil
	}
	bad := lmo.Errorf(lmo.EINVALID, "time %q is not a year (2020), a quarter (2020-Q1), a month (2020-01) or a range of them (2000..2020, 2000.., ..2020).", v)
	a, b, isRange := strings.Cut(v, "..")
	if !isRange {
		p, err := lmo.ParsePeriod(v)
		if err != nil {
			return from, to, "", bad
		}
		return p, p, p.String(), nil
	}
	if a == "" && b == "" {
		return from, to, "", bad
	}
	if a != "" {
		if from, err = lmo.ParsePeriod(a); err != nil {
			return from, to, "", bad
		}
	}
	if b != "" {
		if to, err = lmo.ParsePeriod(b); err != nil {
			return from, to, "", bad
		}
	}
	if !from.IsZero() && !to.IsZero() && from.Start() > to.End() {
		return from, to, "", lmo.Errorf(lmo.EINVALID, "time %q: the range ends before it begins.", v)
	}
	return from, to, from.String() + ".." + to.String(), nil
}

// validEdition reports whether v can name an edition: printable ASCII
// without spaces, at most 40 characters (lmo.Dataset.Validate's rule).
func validEdition(v string) bool {
	return v != "" && len(v) <= 40 && !strings.ContainsFunc(v, func(r rune) bool { return r <= ' ' || r > '~' })
}

// parseObsQuery reads an observations URL. Errors are EINVALID and name
// the parameter. Indicators that LMO does not hold, and an edition that
// none of the indicators asked for has, are errors too (known is every
// indicator by code).
func parseObsQuery(q url.Values, known map[string]*lmo.Indicator) (obsQuery, error) {
	var oq obsQuery
	f := &oq.Filter
	var err error
	if f.Indicators, err = paramValues(q, paramIndicator, false); err != nil {
		return oq, err
	}
	for _, code := range f.Indicators {
		if known[code] == nil {
			return oq, lmo.Errorf(lmo.EINVALID, "indicator %q is not one that LMO holds: see /api/v1/indicators.", code)
		}
	}
	if f.Areas, err = areaParam(q, paramArea); err != nil {
		return oq, err
	}
	if f.Origins, err = areaParam(q, paramOrigin); err != nil {
		return oq, err
	}
	if f.Sexes, err = paramValues(q, paramSex, false); err != nil {
		return oq, err
	}
	for _, sx := range f.Sexes {
		if !slices.Contains(lmo.Sexes, sx) {
			return oq, lmo.Errorf(lmo.EINVALID, "sex %q is not one of %s.", sx, strings.Join(lmo.Sexes, ", "))
		}
	}
	if f.From, f.To, oq.Time, err = parseTimeRange(q.Get(paramTime)); err != nil {
		return oq, err
	}
	if e := strings.TrimSpace(q.Get(paramEdition)); e != "" {
		if !validEdition(e) {
			return oq, lmo.Errorf(lmo.EINVALID, "edition %q is not an edition: write it as the dataset does (2020, 2025-06-01), or all.", e)
		}
		if e != lmo.EditionAll && len(f.Indicators) > 0 && !slices.ContainsFunc(f.Indicators, func(code string) bool { return slices.Contains(known[code].Editions, e) }) {
			return oq, lmo.Errorf(lmo.EINVALID, "edition %q: no indicator asked for has that edition (see their editions in /api/v1/indicators).", e)
		}
		f.Edition = e
	}
	if v := q.Get(paramChangedSince); v != "" {
		t, err := parseTime(v)
		if err != nil || t.UTC().Year() < 1 || t.UTC().Year() > 9999 {
			return oq, lmo.Errorf(lmo.EINVALID, "changed_since %q is not a date (2025-01-31) or an RFC 3339 time.", v)
		}
		f.ChangedSince = t
	}
	oq.Limit = defaultObservationLimit
	if v := q.Get(paramLimit); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > lmo.MaxObservationPage {
			return oq, lmo.Errorf(lmo.EINVALID, "limit must be a whole number from 1 to %d, not %q.", lmo.MaxObservationPage, v)
		}
		oq.Limit = n
	}
	f.After = q.Get(paramCursor)
	return oq, nil
}

// values writes the query back in canonical order, without the cursor
// and, when it is the default, the limit.
func (oq obsQuery) values() url.Values {
	f := oq.Filter
	v := url.Values{}
	add := func(name string, vals []string) {
		if len(vals) > 0 {
			v[name] = slices.Clone(vals)
		}
	}
	add(paramIndicator, f.Indicators)
	add(paramArea, f.Areas)
	add(paramOrigin, f.Origins)
	add(paramSex, f.Sexes)
	if oq.Time != "" {
		v.Set(paramTime, oq.Time)
	}
	if f.Edition != "" {
		v.Set(paramEdition, f.Edition)
	}
	if !f.ChangedSince.IsZero() {
		v.Set(paramChangedSince, f.ChangedSince.UTC().Format(time.RFC3339Nano))
	}
	if oq.Limit != 0 && oq.Limit != defaultObservationLimit {
		v.Set(paramLimit, strconv.Itoa(oq.Limit))
	}
	return v
}

// encodeQuery writes values in the order given by names (url.Values.Encode
// sorts by name, which would put area before indicator).
func encodeQuery(v url.Values) string {
	var b strings.Builder
	for _, name := range []string{paramIndicator, paramArea, paramOrigin, paramSex, paramTime, paramEdition, paramChangedSince, paramLimit, paramCursor,
		"year", "view", "chart"} {
		for _, val := range v[name] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(name) + "=" + url.QueryEscape(val))
		}
	}
	return b.String()
}

// withQuery returns path with the encoded query, if any.
func withQuery(path string, v url.Values) string {
	if e := encodeQuery(v); e != "" {
		return path + "?" + e
	}
	return path
}

// statCatalog is the datasets and indicators a statistics answer refers
// to, read once per statistics version (loadCatalog).
type statCatalog struct {
	version    int64
	datasets   []*lmo.Dataset
	indicators []*lmo.Indicator
	byCode     map[string]*lmo.Indicator
	editions   map[string]*lmo.Dataset // "code\x00edition" -> dataset edition
	aggregates map[string]string       // aggregate code -> name
}

// errNoStatistics answers the statistics routes of a server built
// without a statistics service.
var errNoStatistics = lmo.Errorf(lmo.ENOTFOUND, "This observatory does not hold statistics.")

// loadCatalog returns the statistics catalog of the current version: read
// from the store when the version moved, else the one kept (places_cache.go).
// It is shared by every request: read only.
func (s *Server) loadCatalog(ctx context.Context) (*statCatalog, error) {
	st := s.cfg.Statistics
	if st == nil {
		return nil, errNoStatistics
	}
	v, err := st.StatisticsVersion(ctx)
	if err != nil {
		return nil, err
	}
	return s.catalogCache.get(v, func() (*statCatalog, error) { return s.readCatalog(ctx, v) })
}

// readCatalog reads the datasets, indicators and aggregates, after the
// statistics version v was read.
func (s *Server) readCatalog(ctx context.Context, v int64) (*statCatalog, error) {
	st := s.cfg.Statistics
	c := &statCatalog{version: v, byCode: map[string]*lmo.Indicator{}, editions: map[string]*lmo.Dataset{}, aggregates: map[string]string{}}
	var err error
	if c.datasets, err = st.FindDatasets(ctx); err != nil {
		return nil, err
	}
	for _, d := range c.datasets {
		c.editions[d.Code+"\x00"+d.Edition] = d
	}
	if c.indicators, err = st.FindIndicators(ctx); err != nil {
		return nil, err
	}
	for _, in := range c.indicators {
		c.byCode[in.Code] = in
	}
	aggs, err := st.FindAggregates(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range aggs {
		c.aggregates[a.Code] = a.Name
	}
	return c, nil
}

// dataset returns the dataset edition an observation of indicator in
// edition belongs to, or nil.
func (c *statCatalog) dataset(indicator, edition string) *lmo.Dataset {
	in := c.byCode[indicator]
	if in == nil {
		return nil
	}
	return c.editions[in.Dataset+"\x00"+edition]
}

// areaName returns the name of an area: a country, a region or a
// publisher's aggregate, or the code.
func (c *statCatalog) areaName(l *labels, code string) string {
	if code == "" {
		return ""
	}
	if n, ok := c.aggregates[code]; ok {
		return n
	}
	if len(code) == 2 {
		return l.Country(code)
	}
	return l.Region(code)
}

// observations yields every observation f selects, a store page at a
// time, following the cursor: the whole selection, whatever its size,
// with the memory of one page.
func (s *Server) observations(ctx context.Context, f lmo.ObservationFilter, batch int) func(yield func(lmo.Observation, error) bool) {
	return func(yield func(lmo.Observation, error) bool) {
		f.Limit, f.After = batch, ""
		for {
			page, err := s.cfg.Statistics.FindObservations(ctx, f)
			if err != nil {
				yield(lmo.Observation{}, err)
				return
			}
			for _, o := range page.Observations {
				if !yield(o, nil) {
					return
				}
			}
			if page.Next == "" || len(page.Observations) == 0 {
				return
			}
			f.After = page.Next
		}
	}
}

// statsBatch is how many observations a download or a page reads from the
// store at a time.
const statsBatch = 2000

// formatValue writes a value for a person: digits grouped, decimals as
// the unit needs.
func formatValue(lang string, v float64, unit string) string {
	dec := 0
	switch {
	case (strings.Contains(strings.ToLower(unit), "percent") || unit == "%") && (v >= 1 || v <= -1 || v == 0):
		dec = 1
	case strings.Contains(strings.ToLower(unit), "percent") || unit == "%":
		dec = 2
	case v != float64(int64(v)) && v < 1000:
		dec = 2
	}
	return formatNumber(lang, v, dec)
}

// breakdown names an observation's breakdown beyond area and sex, or "".
func breakdown(o *lmo.Observation) string {
	var parts []string
	for _, p := range []string{o.Age, o.Migrant, o.Activity, o.Occupation, o.Other} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " · ")
}

// datasetCitation is a dataset edition's citation: the publisher's own
// words, or one made from its fields.
func datasetCitation(d *lmo.Dataset) string {
	if d.Citation != "" {
		return d.Citation
	}
	return fmt.Sprintf("%s (%s). %s, edition %s. %s", d.Publisher, d.Edition, d.Title, d.Edition, d.URL)
}
