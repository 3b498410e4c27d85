package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/lmo-observatory/lmo"
)

// The countries index: every country by ILO region, with the number of
// practices each takes part in, filtered by a plain GET form (q: name
// contains; region: an ILO region code or "none"; with=practices: only
// countries with practices). app.js filters the same rows as one types.

// Query parameters of the countries index and their bounds.
const (
	countriesQ        = "q"
	countriesRegion   = "region"
	countriesWith     = "with"
	withPractices     = "practices"
	regionNone        = "none" // the group of countries in no ILO region
	maxCountriesQuery = 100    // characters of q; the longest name has 52
)

// countriesFilter is what the index is filtered by.
type countriesFilter struct {
	Q             string
	Region        string
	WithPractices bool
}

// Active reports whether any filter is set.
func (f countriesFilter) Active() bool { return f.Q != "" || f.Region != "" || f.WithPractices }

// parseCountriesFilter reads the filter from q, EINVALID when a value is
// not one the form offers.
func parseCountriesFilter(q url.Values, regions []*lmo.Region) (countriesFilter, error) {
	f := countriesFilter{Q: strings.TrimSpace(q.Get(countriesQ)), Region: q.Get(countriesRegion)}
	if n := utf8.RuneCountInString(f.Q); n > maxCountriesQuery {
		return f, lmo.Errorf(lmo.EINVALID, "%s may be at most %d characters long, not %d.", countriesQ, maxCountriesQuery, n)
	}
	if f.Region != "" && f.Region != regionNone && !slices.ContainsFunc(regions, func(r *lmo.Region) bool {
		return r.Kind == lmo.RegionILO && r.Code == f.Region
	}) {
		return f, lmo.Errorf(lmo.EINVALID, "Unknown ILO region %q: give one of the codes of /api/v1/regions, or %q.", f.Region, regionNone)
	}
	switch w := q.Get(countriesWith); w {
	case "":
	case withPractices:
		f.WithPractices = true
	default:
		return f, lmo.Errorf(lmo.EINVALID, "%s may only be %q, not %q.", countriesWith, withPractices, w)
	}
	return f, nil
}

// countriesPage lists every country by ILO region with practice counts.
type countriesPage struct {
	Page
	Filter  countriesFilter
	Regions []regionOption
	Groups  []countryGroup
	Shown   int
	Total   int
	Sources []regionSource
	M49     []link // the UN M49 regions' pages (places_region.go)
}

// regionOption is an ILO region in the filter form.
type regionOption struct {
	Code     string
	Name     string
	Selected bool
}

// regionSource is the published source of a regional grouping.
type regionSource struct {
	Kind    string // lmo.RegionILO or lmo.RegionM49
	Title   string
	URL     string
	Checked string
}

type countryGroup struct {
	Code      string
	Name      string
	Countries []countryRow
}

type countryRow struct {
	Code  string
	Name  string
	Count int
	Match string // the folded names that q is matched against, for app.js
}

func (s *Server) countries(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	ctx := r.Context()
	modified, err := s.cfg.Practices.PracticesChangedAt(ctx)
	if err != nil {
		return err
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return err
	}
	filter, err := parseCountriesFilter(r.URL.Query(), l.regionList)
	if err != nil {
		return err
	}
	counts, err := s.countryCounts(ctx)
	if err != nil {
		return err
	}
	p := &countriesPage{Page: s.page(r, translate(lang, "countries.title")), Filter: filter,
		Total: len(l.countryList), Sources: regionSources(l.regionList)}
	p.Page.Description = translate(lang, "countries.description")
	p.Regions, p.Groups = countryGroups(lang, l.regionList, filter.Region)
	for _, reg := range l.regionList {
		if reg.Kind != lmo.RegionILO {
			p.M49 = append(p.M49, link{reg.Name, regionPath(reg.Code)})
		}
	}
	index := map[string]int{}
	for i, g := range p.Groups {
		index[g.Code] = i
	}
	q := foldName(filter.Q)
	for _, c := range l.countryList {
		i, ok := index[c.ILORegion]
		if !ok {
			i = index[regionNone]
		}
		row := countryRow{Code: c.Code, Name: c.Name(lang), Count: counts[c.Code], Match: countryMatch(c)}
		if !strings.Contains(row.Match, q) || (filter.WithPractices && row.Count == 0) ||
			(filter.Region != "" && filter.Region != p.Groups[i].Code) {
			continue
		}
		p.Groups[i].Countries = append(p.Groups[i].Countries, row)
		p.Shown++
	}
	// The stores order names by code point, the same on both databases; a
	// reader expects "Åland Islands" among the A's and "Türkiye" before "Uganda".
	coll := collate.New(language.English, collate.Loose)
	for _, g := range p.Groups {
		slices.SortStableFunc(g.Countries, func(a, b countryRow) int { return coll.CompareString(a.Name, b.Name) })
	}
	return s.render(w, r, "countries", p, modified)
}

// countryGroups returns the ILO regions as options of the form (selected
// the one given) and as empty groups, in the store's order, with the group
// of countries in no ILO region last.
func countryGroups(lang string, regions []*lmo.Region, selected string) ([]regionOption, []countryGroup) {
	var opts []regionOption
	var groups []countryGroup
	for _, reg := range regions {
		if reg.Kind == lmo.RegionILO {
			opts = append(opts, regionOption{Code: reg.Code, Name: reg.Name, Selected: reg.Code == selected})
			groups = append(groups, countryGroup{Code: reg.Code, Name: reg.Name})
		}
	}
	none := translate(lang, "countries.none")
	opts = append(opts, regionOption{Code: regionNone, Name: none, Selected: selected == regionNone})
	groups = append(groups, countryGroup{Code: regionNone, Name: none})
	return opts, groups
}

// regionSources returns the source of the ILO regions, then that of the
// M49 regions, as the first region of each kind gives it (regions.csv gives
// every region of a kind the same source).
func regionSources(regions []*lmo.Region) []regionSource {
	var out []regionSource
	for _, kind := range []string{lmo.RegionILO, lmo.RegionM49} {
		i := slices.IndexFunc(regions, func(r *lmo.Region) bool { return r.Kind == kind && r.SourceURL != "" })
		if i >= 0 {
			r := regions[i]
			out = append(out, regionSource{Kind: kind, Title: r.Source, URL: r.SourceURL, Checked: r.SourceChecked})
		}
	}
	return out
}

// countryMatch returns every name and code of c, folded, that the name
// filter looks in: a reader may type "Tanzania", "Congo, The", "Perú" or
// "TZA".
func countryMatch(c *lmo.Country) string {
	return foldName(strings.Join([]string{c.NameEN, c.NameISO, c.NameOfficial, c.NameFR, c.NameES, c.Code, c.Alpha3}, " | "))
}

// foldName lowers s and strips its accents, as app.js does with
// normalize("NFD") and the range of combining marks, so that the server and
// the script match the same rows.
func foldName(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
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
	C          *lmo.Country
	Regions    []string
	ILORegion  string
	NameSource string
	Sources    []regionSource
	Total      int
	Practices  []hitView
	SearchURL  string
	Standards  []standingRow
	Stats      *countryStatistics // the statistics block (statistics_pages.go)
	// The places' blocks (places*.go): the headline figures, the largest
	// corridors, the regions it belongs to, how to cite the page.
	Figures     []placeFigure
	Corridors   *corridorList
	RegionLinks []link
	Cite        placeCite
	Modules     placeModules // agreements and projects (places_modules.go)
}

// standingRow is a country's standing on one instrument today, as its
// page says it.
type standingRow struct {
	Code, Title, URL string
	Status           string // party since..., signed on..., not a party
	Party            bool
	InForce          string
	Caveat           string // how complete LMO's list is
}

// standingRows says a country's standing on every instrument today.
func (s *Server) standingRows(r *http.Request, country string) ([]standingRow, error) {
	lang := langOf(r)
	d, err := s.loadStandards(r.Context())
	if err != nil {
		return nil, err
	}
	standings, withData := d.standings(country, today()), d.withData
	var rows []standingRow
	for _, cs := range standings {
		in := cs.Instrument
		row := standingRow{Code: in.Code, Title: in.Title, URL: instrumentURL(in.Code), Party: cs.Party == lmo.Yes}
		switch {
		case !withData[in.Code]:
			row.Status = translate(lang, "instruments.nodata")
		case cs.Party == lmo.Yes:
			row.Status = translate(lang, "country.std.party", translate(lang, "event."+cs.Joined.Event), cs.Joined.Date)
		case cs.Party == lmo.Unknown:
			row.Status = translate(lang, "country.std.unknown", translate(lang, "event."+cs.Joined.Event), cs.Joined.Date)
		case cs.Denounced != nil:
			row.Status = translate(lang, "country.std.denounced", cs.DenunciationEffective)
		case cs.Signed != nil:
			row.Status = translate(lang, "country.std.signed", cs.Signed.Date)
		default:
			row.Status = translate(lang, "country.std.none")
		}
		switch {
		case cs.InForce == lmo.Yes:
			row.InForce = translate(lang, "instrument.inforce.since", cs.InForceFrom)
		case cs.Party != lmo.No && !cs.InForceFrom.IsZero():
			row.InForce = translate(lang, "instrument.inforce.from", cs.InForceFrom)
		}
		if cs.Party != lmo.Yes && withData[in.Code] {
			if in.CompleteTo.IsZero() {
				row.Caveat = translate(lang, "country.std.partial")
			} else {
				row.Caveat = translate(lang, "country.std.complete", in.CompleteTo)
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func (s *Server) country(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	if code != strings.ToUpper(code) {
		http.Redirect(w, r, "/countries/"+url.PathEscape(strings.ToUpper(code)), http.StatusMovedPermanently)
		return nil
	}
	p, err := s.countryView(r, code)
	if err != nil {
		return err
	}
	// No Last-Modified: the page shows practices and standings, and a
	// standing can change with the day alone; the ETag (the body's hash)
	// answers conditional requests.
	return s.render(w, r, "country", p, time.Time{})
}

// countryView reads everything a country's page (and its profile in the
// API, and its download) shows.
func (s *Server) countryView(r *http.Request, code string) (*countryPage, error) {
	lang := langOf(r)
	ctx := r.Context()
	c, err := s.cfg.Countries.FindCountryByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return nil, err
	}
	p := &countryPage{Page: s.page(r, c.Name(lang)), C: c, SearchURL: "/practices?country=" + c.Code}
	p.Page.Description = translate(lang, "country.description", c.Name(lang))
	if c.NameSource != "" {
		p.NameSource = translate(lang, "country.src."+c.NameSource)
	}
	if c.ILORegion != "" {
		p.ILORegion = l.Region(c.ILORegion)
		p.RegionLinks = append(p.RegionLinks, link{l.Region(c.ILORegion), regionPath(c.ILORegion)})
	}
	for _, code := range []string{c.M49Region, c.M49Subregion, c.M49Intermediate} {
		if code != "" {
			p.Regions = append(p.Regions, l.Region(code))
			p.RegionLinks = append(p.RegionLinks, link{l.Region(code), regionPath(code)})
		}
	}
	for _, src := range regionSources(l.regionList) {
		if (src.Kind == lmo.RegionILO && c.ILORegion != "") || (src.Kind == lmo.RegionM49 && c.M49Region != "") {
			p.Sources = append(p.Sources, src)
		}
	}
	if p.Practices, p.Total, err = s.countryPractices(ctx, l, c.Code); err != nil {
		return nil, err
	}
	if p.Standards, err = s.standingRows(r, c.Code); err != nil {
		return nil, err
	}
	var cat *statCatalog // read once for every block
	if s.cfg.Statistics != nil {
		if cat, err = s.loadCatalog(ctx); err != nil {
			return nil, err
		}
	}
	if p.Stats, err = s.countryStats(ctx, cat, c.Code, l); err != nil {
		return nil, err
	}
	p.Figures = countryFigures(lang, p.Stats)
	if cat != nil {
		if p.Corridors, err = s.countryCorridorList(ctx, cat, l, c.Code, p.Stats); err != nil {
			return nil, err
		}
	}
	if p.Modules, err = s.loadPlaceModules(ctx, l, countryScope(lang, c)); err != nil {
		return nil, err
	}
	p.Cite = s.placeCitation(r, translate(lang, "place.cite.country", c.Name(lang)), p.Stats)
	return p, nil
}
