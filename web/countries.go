package web

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/lmo-observatory/lmo"
)

// countriesPage lists every country by ILO region with practice counts.
type countriesPage struct {
	Page
	Groups []countryGroup
}

type countryGroup struct {
	Name      string
	Countries []countryRow
}

type countryRow struct {
	Code  string
	Name  string
	Count int
}

func (s *Server) countries(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	modified, err := s.cfg.Practices.PracticesChangedAt(ctx)
	if err != nil {
		return err
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return err
	}
	counts, err := s.countryCounts(ctx)
	if err != nil {
		return err
	}
	p := &countriesPage{Page: s.page(r, translate("en", "countries.title"))}
	p.Page.Description = translate("en", "countries.description")
	index := map[string]int{}
	for _, reg := range l.regionList {
		if reg.Kind == lmo.RegionILO {
			index[reg.Code] = len(p.Groups)
			p.Groups = append(p.Groups, countryGroup{Name: reg.Name})
		}
	}
	index[""] = len(p.Groups)
	p.Groups = append(p.Groups, countryGroup{Name: translate("en", "countries.none")})
	for _, c := range l.countryList {
		i, ok := index[c.ILORegion]
		if !ok {
			i = index[""]
		}
		p.Groups[i].Countries = append(p.Groups[i].Countries, countryRow{Code: c.Code, Name: c.NameEN, Count: counts[c.Code]})
	}
	// The stores order names by code point, the same on both databases; a
	// reader expects "Åland Islands" among the A's and "Türkiye" before "Uganda".
	coll := collate.New(language.English, collate.Loose)
	for _, g := range p.Groups {
		slices.SortStableFunc(g.Countries, func(a, b countryRow) int { return coll.CompareString(a.Name, b.Name) })
	}
	return s.render(w, r, "countries", p, modified)
}

// countryCounts returns the number of published practices per country.
func (s *Server) countryCounts(ctx context.Context) (map[string]int, error) {
	res, err := s.cfg.Practices.SearchPractices(ctx, lmo.PracticeFilter{Limit: 1})
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, c := range res.Facets[lmo.FacetCountry] {
		out[c.Value] = c.Count
	}
	return out, nil
}

// countryPage joins what the observatory knows about one country.
type countryPage struct {
	Page
	C         *lmo.Country
	Regions   []string
	ILORegion string
	Total     int
	Practices []hitView
	SearchURL string
}

func (s *Server) country(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	code := r.PathValue("code")
	if code != strings.ToUpper(code) {
		http.Redirect(w, r, "/countries/"+strings.ToUpper(code), http.StatusMovedPermanently)
		return nil
	}
	c, err := s.cfg.Countries.FindCountryByCode(ctx, code)
	if err != nil {
		return err
	}
	modified, err := s.cfg.Practices.PracticesChangedAt(ctx)
	if err != nil {
		return err
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return err
	}
	res, err := s.cfg.Practices.SearchPractices(ctx, lmo.PracticeFilter{
		Facets: map[string][]string{lmo.FacetCountry: {c.Code}}, Sort: lmo.SortTitle, Limit: lmo.MaxLimit, NoFacets: true})
	if err != nil {
		return err
	}
	p := &countryPage{Page: s.page(r, c.NameEN), C: c, Total: res.Total, SearchURL: "/practices?country=" + c.Code}
	p.Page.Description = translate("en", "country.description", c.NameEN)
	if c.ILORegion != "" {
		p.ILORegion = l.Region(c.ILORegion)
	}
	for _, code := range []string{c.M49Region, c.M49Subregion, c.M49Intermediate} {
		if code != "" {
			p.Regions = append(p.Regions, l.Region(code))
		}
	}
	for _, h := range res.Hits {
		p.Practices = append(p.Practices, s.hitView(h, l))
	}
	return s.render(w, r, "country", p, modified)
}
