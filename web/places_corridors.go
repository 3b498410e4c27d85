package web

import (
	"cmp"
	"context"
	"slices"

	"github.com/lmo-observatory/lmo"
)

// bilateralIndicator is the migrant stock by origin and destination (UN
// DESA): the measure of a corridor's size.
const bilateralIndicator = "IMS_STOCK_BY_ORIGIN"

// largestCorridorsShown is how many corridors each list of a country page
// shows.
const largestCorridorsShown = 10

// corridorLink is one corridor of a country's list: the other country,
// the corridor's page, and what ranks it.
type corridorLink struct {
	Code    string  `json:"country"`
	Name    string  `json:"name"`
	URL     string  `json:"corridor"`
	Value   float64 `json:"value"`
	Unit    string  `json:"unit"`
	Text    string  `json:"text"`
	Period  string  `json:"period"`
	Sex     string  `json:"sex,omitempty"`
	Country string  `json:"-"` // the other country's page
}

// corridorList is a country's largest corridors: where its migrants come
// from (it is the destination) and where its emigrants live (it is the
// origin), by bilateral migrant stock where LMO holds it, else the
// corridors on which LMO holds remittance costs.
type corridorList struct {
	Basis        string         `json:"basis"` // the indicator that ranks them
	Origins      []corridorLink `json:"origins"`
	Destinations []corridorLink `json:"destinations"`
	Note         string         `json:"note,omitempty"`
	Foot         placeFoot      `json:"foot"`
	Place        string         `json:"-"` // the country's name
}

// countryCorridorList reads a country's largest corridors.
func (s *Server) countryCorridorList(ctx context.Context, c *statCatalog, l *labels, country string, st *countryStatistics) (*corridorList, error) {
	out := &corridorList{Foot: placeFoot{Empty: translate("en", "place.corridors.none")}, Place: l.Country(country)}
	if in := c.byCode[bilateralIndicator]; in != nil {
		out.Basis = in.Code
		var err error
		if out.Origins, err = s.bilateral(ctx, c, l, in, lmo.ObservationFilter{Areas: []string{country}}, func(o *lmo.Observation) string { return o.Origin },
			func(end string) string { return corridorPath(end, country) }); err != nil {
			return nil, err
		}
		if out.Destinations, err = s.bilateral(ctx, c, l, in, lmo.ObservationFilter{Origins: []string{country}}, func(o *lmo.Observation) string { return o.Area },
			func(end string) string { return corridorPath(country, end) }); err != nil {
			return nil, err
		}
		if len(out.Origins)+len(out.Destinations) > 0 {
			out.Foot = placeFoot{Source: sourceLine(c, in, in.Current), Data: indicatorURL(in.Code) + "?area=" + country}
			if ds := c.dataset(in.Code, in.Current); ds != nil {
				out.Foot.LicenceURL = ds.LicenceURL
			}
			out.Note = translate("en", "place.corridors.stock.note", largestCorridorsShown)
			if slices.ContainsFunc(append(out.Origins, out.Destinations...), func(k corridorLink) bool { return k.Sex == lmo.SexFemale }) {
				out.Note = translate("en", "place.corridors.female") + " " + out.Note
			}
			return out, nil
		}
	}
	// No bilateral stock: the corridors of remittance costs, by name.
	for _, cb := range st.Corridors {
		out.Basis = cb.Code
		out.Foot = placeFoot{Source: cb.Source, LicenceURL: cb.LicenceURL, Data: cb.Explorer}
		out.Note = translate("en", "place.corridors.cost.note")
		for _, r := range cb.From { // the country sends: the other end is the migrants' origin
			if r.Corridor != "" {
				out.Origins = append(out.Origins, corridorLink{Name: r.Name, URL: r.Corridor, Country: r.URL, Value: r.Value, Unit: cb.Unit, Text: compactNumber(r.Value, cb.Unit), Period: r.Period})
			}
		}
		for _, r := range cb.To {
			if r.Corridor != "" {
				out.Destinations = append(out.Destinations, corridorLink{Name: r.Name, URL: r.Corridor, Country: r.URL, Value: r.Value, Unit: cb.Unit, Text: compactNumber(r.Value, cb.Unit), Period: r.Period})
			}
		}
	}
	if len(out.Origins)+len(out.Destinations) == 0 {
		out.Foot = placeFoot{Empty: translate("en", "place.corridors.none")}
	}
	return out, nil
}

// bilateral reads the latest value of each corridor that f selects and
// returns the largest, linked to their corridor pages. A corridor's value
// is its total where the publisher gives one, else that of the one sex it
// gives (UN DESA's 2019 table by origin is of women only).
func (s *Server) bilateral(ctx context.Context, c *statCatalog, l *labels, in *lmo.Indicator, f lmo.ObservationFilter,
	end func(o *lmo.Observation) string, page func(end string) string) ([]corridorLink, error) {
	f.Indicators = []string{in.Code}
	latest := map[string]lmo.Observation{}
	for o, err := range s.observations(ctx, f, statsBatch) {
		if err != nil {
			return nil, err
		}
		e := end(&o)
		if len(e) != 2 || !o.HasValue() || breakdown(&o) != "" || l.countries[e] == nil {
			continue
		}
		old, ok := latest[e]
		if !ok || o.Period.End() > old.Period.End() || (o.Period == old.Period && o.Sex == lmo.SexTotal) {
			latest[e] = o
		}
	}
	var out []corridorLink
	for e, o := range latest {
		out = append(out, corridorLink{Code: e, Name: c.areaName(l, e), URL: page(e), Country: areaURL(e), Value: o.Value, Unit: in.Unit,
			Text: compactNumber(o.Value, in.Unit), Period: o.Period.String(), Sex: o.Sex})
	}
	slices.SortFunc(out, func(a, b corridorLink) int { return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(a.Code, b.Code)) })
	return out[:min(len(out), largestCorridorsShown)], nil
}

// corridorTable is a list of corridors as a captioned table.
type corridorTable struct {
	Caption string
	Rows    []corridorLink
}

// newCorridorTable is the template's "rows": a caption and its corridors.
func newCorridorTable(caption string, rows []corridorLink) corridorTable {
	return corridorTable{caption, rows}
}
