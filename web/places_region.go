package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/svg"
)

// regionIndicators are the indicators a region's page sums over its
// members: counts and amounts, which add up (shares and costs do not).
var regionIndicators = []string{"IMS_STOCK", "ILO_GE_MIGRANT_WORKERS", "BX.TRF.PWKR.CD.DT", "BM.TRF.PWKR.CD.DT"}

// regionPage is an ILO region or a UN M49 region: its members, their
// statistics summed honestly, the parties of each instrument among them
// and the practices that concern them. Agreements and projects add their
// sections.
type regionPage struct {
	Page
	R          *lmo.Region
	Kind       string
	Parent     *link
	Children   []link
	Members    []regionMember
	Map        template.HTML
	Sums       []regionSum
	SumsFoot   placeFoot
	Standards  []regionParties
	StdFoot    placeFoot
	Practices  []hitView
	Total      int
	PractFoot  placeFoot
	Source     regionSource
	Cite       placeCite
	MembersCSV string
	Modules    placeModules // agreements and projects (places_modules.go)
}

// regionMember is a member country, linked.
type regionMember struct {
	Code string `json:"code"`
	Name string `json:"name"`
	URL  string `json:"-"`
}

// regionSum is an indicator summed over a region's members, year by year:
// a sum only where every member has a value that year, else how many
// lack one; and the publisher's own figure for the region where LMO
// holds it.
type regionSum struct {
	Indicator string         `json:"indicator"`
	Title     string         `json:"title"`
	Unit      string         `json:"unit"`
	Rows      []regionSumRow `json:"years"`
	Foot      placeFoot      `json:"foot"`
}

// regionSumRow is one year of a regionSum.
type regionSumRow struct {
	Year      int      `json:"year"`
	Sum       *float64 `json:"sum"` // nil unless every member has a value
	SumText   string   `json:"-"`
	Reporting int      `json:"members_with_data"`
	Missing   int      `json:"members_missing"`
	Publisher *float64 `json:"publisher_aggregate,omitempty"`
	PubText   string   `json:"-"`
}

// regionParties is an instrument's parties among a region's members today.
type regionParties struct {
	Code    string   `json:"instrument"`
	Title   string   `json:"title"`
	URL     string   `json:"-"`
	Parties []string `json:"parties"` // ISO codes
	Names   string   `json:"-"`
	Caveat  string   `json:"caveat,omitempty"`
}

func (s *Server) region(w http.ResponseWriter, r *http.Request) error {
	p, err := s.regionView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "region", p, time.Time{})
}

// regionView reads a region's page.
func (s *Server) regionView(r *http.Request) (*regionPage, error) {
	lang := langOf(r)
	ctx := r.Context()
	l, err := s.loadLabels(ctx)
	if err != nil {
		return nil, err
	}
	reg := l.regions[r.PathValue("code")]
	if reg == nil {
		return nil, lmo.Errorf(lmo.ENOTFOUND, "No region %q: see /api/v1/regions for the codes.", r.PathValue("code"))
	}
	p := &regionPage{Page: s.page(r, reg.Name), R: reg, Kind: translate(lang, "region.kind."+reg.Kind)}
	p.Page.Description = translate(lang, "region.description", reg.Name)
	if par := l.regions[reg.Parent]; par != nil {
		p.Parent = &link{par.Name, regionPath(par.Code)}
	}
	for _, c := range l.regionList {
		if c.Parent == reg.Code {
			p.Children = append(p.Children, link{c.Name, regionPath(c.Code)})
		}
	}
	members := regionMembers(l, reg.Code)
	codes := make([]string, 0, len(members))
	for _, c := range members {
		codes = append(codes, c.Code)
		p.Members = append(p.Members, regionMember{c.Code, c.Name(lang), "/countries/" + c.Code})
	}
	if reg.Kind != lmo.RegionM49World { // the world's map would shade every country
		if p.Map, err = regionMap(reg, members, l); err != nil {
			return nil, err
		}
	}
	if src := regionSources([]*lmo.Region{reg}); len(src) > 0 {
		p.Source = src[0]
	}
	if p.Sums, err = s.regionSums(ctx, reg.Code, codes); err != nil {
		return nil, err
	}
	if len(p.Sums) == 0 {
		p.SumsFoot.Empty = translate(lang, "region.sums.none", reg.Name)
	}
	if p.Standards, err = s.regionStandards(ctx, codes, l); err != nil {
		return nil, err
	}
	p.StdFoot = placeFoot{Source: translate(lang, "corridor.std.source"), Data: "/instruments"}
	if p.Practices, p.Total, err = s.regionPractices(ctx, reg, codes, l); err != nil {
		return nil, err
	}
	if len(p.Practices) == 0 {
		p.PractFoot.Empty = translate(lang, "region.practices.none", reg.Name)
	}
	if p.Modules, err = s.loadPlaceModules(ctx, l, regionScope(reg, codes)); err != nil {
		return nil, err
	}
	p.Cite = s.placeCitation(r, translate(lang, "place.cite.region", reg.Name))
	for _, sm := range p.Sums {
		if c := sm.Foot.citation; c != "" && !slices.Contains(p.Cite.Data, c) {
			p.Cite.Data = append(p.Cite.Data, c)
		}
	}
	return p, nil
}

// regionSums sums each of regionIndicators over the members, year by
// year, honestly: the sum only in the years every member has a value.
func (s *Server) regionSums(ctx context.Context, region string, members []string) ([]regionSum, error) {
	lang := langFrom(ctx)
	if s.cfg.Statistics == nil || len(members) == 0 {
		return nil, nil
	}
	c, err := s.loadCatalog(ctx)
	if err != nil {
		return nil, err
	}
	totals, err := s.annualTotals(ctx, c)
	if err != nil {
		return nil, err
	}
	var out []regionSum
	for _, code := range regionIndicators {
		in := c.byCode[code]
		if in == nil {
			continue
		}
		values := map[int]map[string]float64{} // year -> member -> value
		for _, m := range members {
			for year, v := range totals[code][m] {
				if values[year] == nil {
					values[year] = map[string]float64{}
				}
				values[year][m] = v
			}
		}
		pub, err := s.loadSeries(ctx, code, region)
		if err != nil {
			return nil, err
		}
		sum := summed(lang, values, len(members), pub, in.Unit)
		if len(sum) == 0 {
			continue
		}
		rs := regionSum{Indicator: code, Title: in.Title, Unit: in.Unit, Rows: sum,
			Foot: placeFoot{Source: sourceLine(lang, c, in, in.Current), Data: indicatorURL(code) + "?area=" + region}}
		if ds := c.dataset(code, in.Current); ds != nil {
			rs.Foot.LicenceURL, rs.Foot.citation = ds.LicenceURL, datasetCitation(ds)
		}
		out = append(out, rs)
	}
	return out, nil
}

// annualTotals returns, for each of regionIndicators the catalog holds,
// every area's yearly totals (both sexes, all origins, no breakdown):
// indicator -> area -> year -> value. They are read once per statistics
// version (places_cache.go), not for every member on every region's page.
func (s *Server) annualTotals(ctx context.Context, c *statCatalog) (map[string]map[string]map[int]float64, error) {
	return s.regionTotals.get(c.version, func() (map[string]map[string]map[int]float64, error) {
		out := map[string]map[string]map[int]float64{}
		for _, code := range regionIndicators {
			if c.byCode[code] == nil {
				continue
			}
			byArea := map[string]map[int]float64{}
			f := lmo.ObservationFilter{Indicators: []string{code}, Sexes: []string{lmo.SexTotal}}
			for o, err := range s.observations(ctx, f, statsBatch) {
				if err != nil {
					return nil, err
				}
				if o.Origin != "" || breakdown(&o) != "" || !o.HasValue() || o.Period.Quarter != 0 || o.Period.Month != 0 {
					continue
				}
				if byArea[o.Area] == nil {
					byArea[o.Area] = map[int]float64{}
				}
				byArea[o.Area][o.Period.Year] = o.Value
			}
			out[code] = byArea
		}
		return out, nil
	})
}

// summed makes the rows of a regionSum from the members' values by year
// (n members in all) and the publisher's own series for the region, most
// recent year first.
func summed(lang string, values map[int]map[string]float64, n int, pub []point, unit string) []regionSumRow {
	byYear := map[int]*regionSumRow{}
	for year, vs := range values {
		row := &regionSumRow{Year: year, Reporting: len(vs), Missing: n - len(vs)}
		if row.Missing == 0 {
			total := 0.0
			for _, v := range vs {
				total += v
			}
			row.Sum, row.SumText = &total, compactNumber(lang, total, unit)
		}
		byYear[year] = row
	}
	for _, p := range pub {
		if !p.Has || p.Period.Quarter != 0 || p.Period.Month != 0 {
			continue
		}
		row := byYear[p.Period.Year]
		if row == nil {
			row = &regionSumRow{Year: p.Period.Year, Missing: n}
			byYear[p.Period.Year] = row
		}
		v := p.Value
		row.Publisher, row.PubText = &v, compactNumber(lang, v, unit)
	}
	var out []regionSumRow
	for _, r := range byYear {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b regionSumRow) int { return b.Year - a.Year })
	return out
}

// regionStandards lists each instrument's parties among the members today.
func (s *Server) regionStandards(ctx context.Context, members []string, l *labels) ([]regionParties, error) {
	lang := langFrom(ctx)
	d, err := s.loadStandards(ctx)
	if err != nil {
		return nil, err
	}
	instruments := d.instruments
	byInstrument := map[string][]lmo.RatificationEvent{}
	for _, e := range d.events {
		if slices.Contains(members, e.Country) {
			byInstrument[e.Instrument] = append(byInstrument[e.Instrument], e)
		}
	}
	day := today()
	var out []regionParties
	for _, in := range instruments {
		if !in.Ratifiable() {
			continue
		}
		rp := regionParties{Code: in.Code, Title: in.Title, URL: instrumentURL(in.Code), Parties: []string{}}
		var names []string
		for _, st := range lmo.Standings(in, byInstrument[in.Code], day) {
			if st.Party == lmo.Yes {
				rp.Parties = append(rp.Parties, st.Country)
				names = append(names, l.Country(st.Country))
			}
		}
		slices.Sort(names)
		rp.Names = strings.Join(names, ", ")
		if in.CompleteTo.IsZero() {
			rp.Caveat = translate(lang, "country.std.partial")
		} else {
			rp.Caveat = translate(lang, "country.std.complete", in.CompleteTo)
		}
		out = append(out, rp)
	}
	return out, nil
}

// regionPractices returns the practices that concern a region: by the
// ILO region facet, or any of an M49 region's members.
func (s *Server) regionPractices(ctx context.Context, reg *lmo.Region, members []string, l *labels) ([]hitView, int, error) {
	if len(members) == 0 {
		return nil, 0, nil
	}
	f := lmo.PracticeFilter{Facets: map[string][]string{lmo.FacetCountry: members}, Sort: lmo.SortTitle, Limit: lmo.MaxLimit, NoFacets: true}
	if reg.Kind == lmo.RegionILO {
		f.Facets = map[string][]string{lmo.FacetRegion: {reg.Code}}
	}
	res, err := s.cfg.Practices.SearchPractices(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	var out []hitView
	for _, h := range res.Hits {
		out = append(out, s.hitView(h, l, langFrom(ctx)))
	}
	return out, res.Total, nil
}

// Classes of a region's map.
const (
	mapMember = "member"
	mapOther  = "other"
)

// regionMap draws the world with the region's members highlighted; the
// page's list of members is its text alternative.
func regionMap(reg *lmo.Region, members []*lmo.Country, l *labels) (template.HTML, error) {
	lang := l.language()
	in := map[string]bool{}
	for _, c := range members {
		in[c.Code] = true
	}
	m := svg.WorldMap{ID: "region-map", Title: translate(lang, "region.map.title", reg.Name), Desc: translate(lang, "region.map.desc"),
		Classes: []svg.Class{{Key: mapMember, Label: translate(lang, "region.map.member"), Shade: svg.Shade5},
			{Key: mapOther, Label: translate(lang, "region.map.other"), Shade: svg.Shade1}}}
	for _, c := range l.countryList {
		if !svg.OnMap(c.Code) {
			continue
		}
		k := mapOther
		if in[c.Code] {
			k = mapMember
		}
		m.Countries = append(m.Countries, svg.MapCountry{Code: c.Code, Name: c.Name(lang), Class: k, Href: "/countries/" + c.Code})
	}
	html, err := m.Render()
	if err != nil {
		return "", fmt.Errorf("map of region %s: %w", reg.Code, err)
	}
	return html, nil
}
