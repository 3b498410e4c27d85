package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// Places: the country, corridor and region pages, which join the modules.
// Each page is a list of sections, one per module (statistics, standards,
// practices; agreements and projects add theirs), and every section ends
// with a placeFoot: its source and a link to its full data, or an honest
// line when there are none. A page's JSON (the API's profile) is built from
// the same view, so the two never disagree.

// placeFoot is the end of a section of a place page: where its data come
// from and where to get all of them.
type placeFoot struct {
	Source     string `json:"source,omitempty"` // publisher, dataset, edition, licence
	LicenceURL string `json:"licence_url,omitempty"`
	Data       string `json:"data,omitempty"`  // the full data: explorer, search, download
	Empty      string `json:"empty,omitempty"` // the line shown when there are no data
	DataLabel  string `json:"-"`               // the link to Data, when not "Compare with other countries"
	citation   string // the dataset's citation, for the page's
}

// placeFigure is one figure of a place page's headline strip: "Migrant
// stock 2020: 1.2 million (4.3% of the population)", with its source.
type placeFigure struct {
	Indicator string  `json:"indicator"`
	Label     string  `json:"label"`
	Period    string  `json:"period"`
	Value     float64 `json:"value"`
	Unit      string  `json:"unit"`
	Text      string  `json:"text"`             // the figure as the page writes it
	Detail    string  `json:"detail,omitempty"` // "4.3% of the population"
	Trend     string  `json:"trend,omitempty"`  // "up 12% since 2015"
	Source    string  `json:"source"`
	URL       string  `json:"url"`
}

// corridorPath is the address of the corridor page from origin to
// destination (ISO alpha-2 codes).
func corridorPath(origin, destination string) string {
	return "/corridors/" + origin + "-" + destination
}

// parseCorridor reads "PH-SA" (any case) into its two codes, with
// whether they were written in upper case.
func parseCorridor(pair string) (origin, destination string, upper bool, err error) {
	o, d, ok := strings.Cut(pair, "-")
	if !ok || len(o) != 2 || len(d) != 2 || !isLetters(o) || !isLetters(d) {
		return "", "", false, lmo.Errorf(lmo.ENOTFOUND, "No corridor %q: a corridor is written ORIGIN-DESTINATION with two ISO 3166-1 alpha-2 codes, as /corridors/PH-SA.", pair)
	}
	upper = o == strings.ToUpper(o) && d == strings.ToUpper(d)
	return strings.ToUpper(o), strings.ToUpper(d), upper, nil
}

func isLetters(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') })
}

// corridorCountries reads a corridor's two countries from the request's
// pair: it redirects lower case to upper (and returns nil), 404 for a
// country LMO does not know, 400 for the same country twice.
func (s *Server) corridorCountries(w http.ResponseWriter, r *http.Request, prefix string) (origin, dest *lmo.Country, err error) {
	o, d, upper, err := parseCorridor(r.PathValue("pair"))
	if err != nil {
		return nil, nil, err
	}
	if !upper {
		u := prefix + url.PathEscape(o+"-"+d)
		if r.URL.RawQuery != "" {
			u += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, u, http.StatusMovedPermanently)
		return nil, nil, nil
	}
	if o == d {
		return nil, nil, lmo.Errorf(lmo.EINVALID, "A corridor joins two countries: %s twice is not one.", o)
	}
	ctx := r.Context()
	if origin, err = s.cfg.Countries.FindCountryByCode(ctx, o); err != nil {
		return nil, nil, err
	}
	if dest, err = s.cfg.Countries.FindCountryByCode(ctx, d); err != nil {
		return nil, nil, err
	}
	return origin, dest, nil
}

// regionMembers returns the countries of a region (ILO or M49, at any
// level; the world is every country in an M49 region), by name.
func regionMembers(l *labels, code string) []*lmo.Country {
	var out []*lmo.Country
	for _, c := range l.countryList {
		if c.ILORegion == code || c.M49Region == code || c.M49Subregion == code || c.M49Intermediate == code ||
			(code == "001" && c.M49Region != "") {
			out = append(out, c)
		}
	}
	return out
}

// countryPractices returns the published practices that concern every
// country given (all of them, by title), with their total.
func (s *Server) countryPractices(ctx context.Context, l *labels, codes ...string) ([]hitView, int, error) {
	f := lmo.PracticeFilter{Facets: map[string][]string{lmo.FacetCountry: {codes[0]}}, Sort: lmo.SortTitle, Limit: lmo.MaxLimit, NoFacets: true}
	res, err := s.cfg.Practices.SearchPractices(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	var out []hitView
	for _, h := range res.Hits {
		if !slices.ContainsFunc(codes[1:], func(c string) bool { return !practiceConcerns(h.Practice, c) }) {
			out = append(out, s.hitView(h, l, langFrom(ctx)))
		}
	}
	if len(codes) == 1 {
		return out, res.Total, nil
	}
	return out, len(out), nil
}

// practiceConcerns reports whether a practice names the country.
func practiceConcerns(p *lmo.Practice, code string) bool {
	return slices.ContainsFunc(p.Countries, func(c lmo.PracticeCountry) bool { return c.Code == code })
}

// regionPath is the address of a region's page.
func regionPath(code string) string { return "/regions/" + url.PathEscape(code) }

// placeCite is how to cite a place page: the page itself, and the
// publishers' own citations of the data it shows.
type placeCite struct {
	Text string   `json:"text"`
	Data []string `json:"data,omitempty"`
}

// placeCitation cites a place page by its address and today's date (a
// profile changes with the data and the day), with the citations of the
// statistics' datasets it shows.
func (s *Server) placeCitation(r *http.Request, title string, st ...*countryStatistics) placeCite {
	lang := langOf(r)
	c := placeCite{Text: translate(lang, "place.cite", title, translate(lang, "site.name"), s.baseURL(r)+r.URL.EscapedPath(), today())}
	for _, x := range st {
		if x == nil {
			continue
		}
		for _, b := range x.Blocks {
			if b.Citation != "" && !slices.Contains(c.Data, b.Citation) {
				c.Data = append(c.Data, b.Citation)
			}
		}
	}
	return c
}
