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
	lang := langFrom(ctx)
	out := &corridorList{Foot: placeFoot{Empty: translate(lang, "place.corridors.none")}, Place: l.Country(country)}
	if in := c.byCode[bilateralIndicator]; in != nil {
		out.Basis = in.Code
		byArea, byOther, err := s.rankedCorridors(ctx, c, in)
		if err != nil {
			return nil, err
		}
		out.Origins = corridorLinks(c, l, in, byArea[country], func(o *lmo.Observation) string { return o.Origin },
			func(end string) string { return corridorPath(end, country) })
		out.Destinations = corridorLinks(c, l, in, byOther[country], func(o *lmo.Observation) string { return o.Area },
			func(end string) string { return corridorPath(country, end) })
		if len(out.Origins)+len(out.Destinations) > 0 {
			out.Foot = placeFoot{Source: sourceLine(lang, c, in, in.Current), Data: indicatorURL(in.Code) + "?area=" + country}
			if ds := c.dataset(in.Code, in.Current); ds != nil {
				out.Foot.LicenceURL = ds.LicenceURL
			}
			out.Note = translate(lang, "place.corridors.stock.note", largestCorridorsShown)
			if slices.ContainsFunc(append(out.Origins, out.Destinations...), func(k corridorLink) bool { return k.Sex == lmo.SexFemale }) {
				out.Note = translate(lang, "place.corridors.female") + " " + out.Note
			}
			return out, nil
		}
	}
	// No bilateral stock: the corridors of remittance costs, by name.
	for _, cb := range st.Corridors {
		out.Basis = cb.Code
		out.Foot = placeFoot{Source: cb.Source, LicenceURL: cb.LicenceURL, Data: cb.Explorer}
		out.Note = translate(lang, "place.corridors.cost.note")
		for _, r := range cb.From { // the country sends: the other end is the migrants' origin
			if r.Corridor != "" {
				out.Origins = append(out.Origins, corridorLink{Name: r.Name, URL: r.Corridor, Country: r.URL, Value: r.Value, Unit: cb.Unit, Text: compactNumber(lang, r.Value, cb.Unit), Period: r.Period})
			}
		}
		for _, r := range cb.To {
			if r.Corridor != "" {
				out.Destinations = append(out.Destinations, corridorLink{Name: r.Name, URL: r.Corridor, Country: r.URL, Value: r.Value, Unit: cb.Unit, Text: compactNumber(lang, r.Value, cb.Unit), Period: r.Period})
			}
		}
	}
	if len(out.Origins)+len(out.Destinations) == 0 {
		out.Foot = placeFoot{Empty: translate(lang, "place.corridors.none")}
	}
	return out, nil
}

// corridorRanking is every country's largest corridors both ways, kept
// per statistics version (versionedCache): the store's key leads with the
// area, so a query by origin alone reads the whole indicator, once per
// version here rather than on every page.
type corridorRanking struct {
	byArea  map[string][]lmo.Observation // the destination's largest origins
	byOther map[string][]lmo.Observation // the origin's largest destinations
}

// rankedCorridors returns the ranking of the catalog's statistics version,
// reading the indicator when the version moved.
func (s *Server) rankedCorridors(ctx context.Context, c *statCatalog, in *lmo.Indicator) (byArea, byOther map[string][]lmo.Observation, err error) {
	r, err := s.corridorRanks.get(c.version, func() (corridorRanking, error) { return s.rankCorridors(ctx, in) })
	return r.byArea, r.byOther, err
}

// rankCorridors reads indicator in and ranks each country's corridors by
// their latest value.
func (s *Server) rankCorridors(ctx context.Context, in *lmo.Indicator) (corridorRanking, error) {
	latest := map[[2]string]lmo.Observation{}
	for o, err := range s.observations(ctx, lmo.ObservationFilter{Indicators: []string{in.Code}}, statsBatch) {
		if err != nil {
			return corridorRanking{}, err
		}
		if len(o.Area) != 2 || len(o.Origin) != 2 || !o.HasValue() || breakdown(&o) != "" {
			continue
		}
		k := [2]string{o.Area, o.Origin}
		old, ok := latest[k]
		if !ok || o.Period.End() > old.Period.End() || (o.Period == old.Period && o.Sex == lmo.SexTotal) {
			latest[k] = o
		}
	}
	r := corridorRanking{byArea: map[string][]lmo.Observation{}, byOther: map[string][]lmo.Observation{}}
	for k, o := range latest {
		r.byArea[k[0]] = append(r.byArea[k[0]], o)
		r.byOther[k[1]] = append(r.byOther[k[1]], o)
	}
	for _, m := range []map[string][]lmo.Observation{r.byArea, r.byOther} {
		for k, list := range m {
			slices.SortFunc(list, func(a, b lmo.Observation) int {
				return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(a.Area, b.Area), cmp.Compare(a.Origin, b.Origin))
			})
			m[k] = list[:min(len(list), largestCorridorsShown)]
		}
	}
	return r, nil
}

// corridorLinks links a country's ranked corridors to their pages.
func corridorLinks(c *statCatalog, l *labels, in *lmo.Indicator, list []lmo.Observation, end func(o *lmo.Observation) string, page func(end string) string) []corridorLink {
	lang := l.language()
	var out []corridorLink
	for _, o := range list {
		e := end(&o)
		if l.countries[e] == nil {
			continue
		}
		out = append(out, corridorLink{Code: e, Name: c.areaName(l, e), URL: page(e), Country: areaURL(e), Value: o.Value, Unit: in.Unit,
			Text: compactNumber(lang, o.Value, in.Unit), Period: o.Period.String(), Sex: o.Sex})
	}
	return out
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
