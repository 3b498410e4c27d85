package web

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// searchPageSize is how many practices a search page lists.
const searchPageSize = 20

// practicesPage is the search page.
type practicesPage struct {
	Page
	Search    search
	Total     int
	Hits      []hitView
	Facets    []facetView
	Active    []activeFilter
	Sorts     []option
	Start     int // the number of the first hit
	PageNum   int
	Pages     int
	PageLinks []pageLink
	Prev      string
	Next      string
	Permalink string
	Clear     string
	Exports   []option
	Feed      string
	// ChangedSince is the changed_since in force (RFC 3339, UTC), kept by
	// the form in a hidden field; "" when none.
	ChangedSince string
}

type hitView struct {
	URL       string
	Title     string
	Snippet   template.HTML
	Summary   string
	Countries []string
	Years     string
	Themes    []string
}

type facetView struct {
	Name     string
	Label    string
	Top      []facetValueView // shown at once
	Rest     []facetValueView // behind "show all"
	Selected bool
}

type facetValueView struct {
	ID       string
	Facet    string
	Value    string
	Label    string
	Count    int
	Selected bool
}

// activeFilter is a filter in force, shown with a button that removes it.
// The button submits the search form (which holds every other filter) with
// remove=Remove, so that each filter costs the page only its own value:
// the page stays linear in the selection, where a link per filter would
// repeat every other filter (quadratic).
type activeFilter struct {
	Label  string
	Remove string // "facet:value", "q" or "years"
}

type option struct {
	Value    string
	Label    string
	Selected bool
}

type pageLink struct {
	Num     int
	URL     string
	Current bool
}

// facetTop is how many values of a facet show before "show all".
const facetTop = 8

// practices serves the search page. A request that asks to remove a
// filter (a remove button) is redirected to the search without it.
func (s *Server) practices(w http.ResponseWriter, r *http.Request) error {
	if rm := r.URL.Query().Get(removeParam); rm != "" {
		return removeFilter(w, r, rm)
	}
	run, err := s.runSearch(r, searchPageSize, nil)
	if err != nil {
		return err
	}
	sr, res, l := run.search, run.res, run.labels
	p := &practicesPage{Page: s.page(r, translate("en", "search.title")), Search: sr, Total: res.Total}
	for _, h := range res.Hits {
		p.Hits = append(p.Hits, s.hitView(h, l))
	}
	p.Facets = facetViews(sr, res, l)
	p.Active = activeFilters(sr, l)
	for _, o := range practiceParams.Sorts {
		p.Sorts = append(p.Sorts, option{Value: o, Label: translate("en", "sort."+o), Selected: o == sr.Filter.Sort})
	}
	p.paginate(sr, res.Total)
	p.Permalink = sr.url("/practices", sr.Page)
	p.Clear = "/practices"
	if cs := sr.Filter.ChangedSince; !cs.IsZero() {
		p.ChangedSince = cs.UTC().Format(time.RFC3339Nano)
	}
	p.Feed = sr.url("/practices/feed.atom", 1)
	for _, f := range []string{"csv", "xlsx", "json"} {
		p.Exports = append(p.Exports, option{Value: sr.url("/practices."+f, 1), Label: map[string]string{"csv": "CSV", "xlsx": "Excel (XLSX)", "json": "JSON"}[f]})
	}
	if sr.Filter.Query != "" {
		p.Title = fmt.Sprintf("%s: %s", p.Title, sr.Filter.Query)
	}
	return s.render(w, r, "practices", p, run.modified)
}

func (p *practicesPage) paginate(sr search, total int) {
	p.PageNum, p.Start = sr.Page, sr.Filter.Offset+1
	p.Pages = max(1, (total+sr.PerPage-1)/sr.PerPage)
	if sr.Page > 1 {
		p.Prev = sr.url("/practices", sr.Page-1)
	}
	if sr.Page < p.Pages {
		p.Next = sr.url("/practices", sr.Page+1)
	}
	for n := max(1, sr.Page-3); n <= min(p.Pages, sr.Page+3); n++ {
		p.PageLinks = append(p.PageLinks, pageLink{Num: n, URL: sr.url("/practices", n), Current: n == sr.Page})
	}
}

func (s *Server) hitView(h *lmo.PracticeHit, l *labels) hitView {
	v := hitView{URL: "/practices/" + h.Slug, Title: h.Title, Summary: h.Summary, Years: years(h.Practice),
		Themes: l.termList(lmo.VocabTheme, h.Themes)}
	if h.Snippet != "" {
		v.Snippet = highlight(h.Snippet)
	}
	for _, c := range h.Countries {
		name := l.Country(c.Code)
		if !slices.Contains(v.Countries, name) {
			v.Countries = append(v.Countries, name)
		}
	}
	return v
}

// years renders a practice's years: "2006–", "2013–2019", "2005" or "".
func years(p *lmo.Practice) string {
	switch {
	case p.StartYear == 0:
		return ""
	case p.EndYear == p.StartYear:
		return strconv.Itoa(p.StartYear)
	case p.EndYear != 0:
		return fmt.Sprintf("%d–%d", p.StartYear, p.EndYear)
	}
	return fmt.Sprintf("%d–", p.StartYear)
}

// facetViews lays out the facet counts: selected values always show, even
// when nothing matches them, so that they can be unselected.
func facetViews(sr search, res *lmo.PracticeResults, l *labels) []facetView {
	var out []facetView
	for _, name := range lmo.Facets {
		selected := sr.Filter.Facets[name]
		fv := facetView{Name: name, Label: translate("en", "facet."+name), Selected: len(selected) > 0}
		var values []facetValueView
		isSelected := make(map[string]bool, len(selected))
		for _, v := range selected {
			isSelected[v] = true
		}
		seen := map[string]bool{}
		for _, c := range res.Facets[name] {
			values = append(values, facetValueView{Value: c.Value, Label: l.FacetValue(name, c.Value), Count: c.Count, Selected: isSelected[c.Value]})
			seen[c.Value] = true
		}
		for _, v := range selected {
			if !seen[v] {
				values = append(values, facetValueView{Value: v, Label: l.FacetValue(name, v), Selected: true})
			}
		}
		if name == lmo.FacetGCM || name == lmo.FacetStatus || name == lmo.FacetStage {
			slices.SortStableFunc(values, func(a, b facetValueView) int { return compareCodes(a.Value, b.Value) })
		}
		for i := range values {
			values[i].ID, values[i].Facet = fmt.Sprintf("f-%s-%d", name, i), name
		}
		// Selected values move into the visible part.
		slices.SortStableFunc(values, func(a, b facetValueView) int {
			switch {
			case a.Selected && !b.Selected:
				return -1
			case b.Selected && !a.Selected:
				return 1
			}
			return 0
		})
		if len(values) > facetTop+2 {
			fv.Top, fv.Rest = values[:facetTop], values[facetTop:]
		} else {
			fv.Top = values
		}
		if len(values) > 0 {
			out = append(out, fv)
		}
	}
	return out
}

// compareCodes orders numeric codes as numbers and others as text.
func compareCodes(a, b string) int {
	na, errA := strconv.Atoi(a)
	nb, errB := strconv.Atoi(b)
	if errA == nil && errB == nil {
		return na - nb
	}
	if a < b {
		return -1
	} else if a > b {
		return 1
	}
	return 0
}

// removeParam is the parameter of a remove button: "facet:value", "q" or
// "years".
const removeParam = "remove"

// removeFilter redirects (303) a search with remove=rm to its permalink
// without that filter.
func removeFilter(w http.ResponseWriter, r *http.Request, rm string) error {
	sr, err := parseSearch(r, searchPageSize)
	if err != nil {
		return err
	}
	facet, value, _ := strings.Cut(rm, ":")
	http.Redirect(w, r, sr.without(facet, value).url("/practices", 1), http.StatusSeeOther)
	return nil
}

// activeFilters lists the filters in force with their remove buttons.
func activeFilters(sr search, l *labels) []activeFilter {
	var out []activeFilter
	if sr.Filter.Query != "" {
		out = append(out, activeFilter{Label: `"` + sr.Filter.Query + `"`, Remove: "q"})
	}
	for _, name := range lmo.Facets {
		for _, v := range sr.Filter.Facets[name] {
			label := translate("en", "facet."+name) + ": " + l.FacetValue(name, v)
			out = append(out, activeFilter{Label: label, Remove: name + ":" + v})
		}
	}
	if sr.Filter.YearFrom != 0 || sr.Filter.YearTo != 0 {
		label := translate("en", "search.years") + ": " + yearRange(sr.Filter.YearFrom, sr.Filter.YearTo)
		out = append(out, activeFilter{Label: label, Remove: "years"})
	}
	return out
}

func yearRange(from, to int) string {
	f, t := "…", "…"
	if from != 0 {
		f = strconv.Itoa(from)
	}
	if to != 0 {
		t = strconv.Itoa(to)
	}
	return f + "–" + t
}

// practicePage is the page of one practice.
type practicePage struct {
	Page
	P         *lmo.Practice
	Body      template.HTML
	Results   template.HTML
	Countries []countryRoleView
	Corridors []string
	Years     string
	Status    string
	Evidence  string
	Lists     []listView
	Orgs      []orgView
	Citation  citation
	Revisions []*lmo.Revision
	Updated   string
	JSONURL   string
}

type countryRoleView struct {
	URL  string
	Name string
	Role string
}

type listView struct {
	Label string
	Items []string
}

type orgView struct {
	Name string
	Type string
	Role string
}

// practice serves the page of one practice, by slug; a numeric id redirects
// to the slug, its permalink.
func (s *Server) practice(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	slug := r.PathValue("slug")
	if id, err := strconv.ParseInt(slug, 10, 64); err == nil {
		p, err := s.cfg.Practices.FindPracticeByID(ctx, id)
		if err != nil {
			return err
		}
		http.Redirect(w, r, "/practices/"+p.Slug, http.StatusMovedPermanently)
		return nil
	}
	p, err := s.cfg.Practices.FindPracticeBySlug(ctx, slug)
	if err != nil {
		return err
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return err
	}
	revs, err := s.cfg.Practices.PracticeRevisions(ctx, p.ID)
	if err != nil {
		return err
	}
	page := &practicePage{Page: s.page(r, p.Title), P: p, Years: years(p), Revisions: revs,
		Body: renderMarkdown(p.Description), Results: renderMarkdown(p.Results),
		Status: l.Term(lmo.VocabPracticeStatus, p.Status), Evidence: l.Term(lmo.VocabEvidenceLevel, p.EvidenceLevel),
		Citation: s.citation(r, p), Updated: p.UpdatedAt.Format("2 January 2006"),
		JSONURL: fmt.Sprintf("/api/v1/practices/%d", p.ID)}
	page.Page.Description = p.Summary
	for _, c := range p.Countries {
		page.Countries = append(page.Countries, countryRoleView{URL: "/countries/" + c.Code, Name: l.Country(c.Code), Role: l.Term(lmo.VocabCountryRole, c.Role)})
	}
	for _, c := range p.Corridors {
		page.Corridors = append(page.Corridors, l.Country(c.Origin)+" → "+l.Country(c.Destination))
	}
	gcm := make([]string, len(p.GCMObjectives))
	for i, g := range p.GCMObjectives {
		gcm[i] = l.FacetValue(lmo.FacetGCM, g)
	}
	instruments := make([]string, len(p.Instruments))
	for i, code := range p.Instruments {
		instruments[i] = l.Term(lmo.VocabInstrument, code)
	}
	sdg := make([]string, len(p.SDGTargets))
	for i, code := range p.SDGTargets {
		sdg[i] = code + " " + l.Term(lmo.VocabSDGTarget, code)
	}
	page.Lists = []listView{
		{translate("en", "practice.themes"), l.termList(lmo.VocabTheme, p.Themes)},
		{translate("en", "practice.targets"), l.termList(lmo.VocabTargetGroup, p.TargetGroups)},
		{translate("en", "practice.stages"), l.termList(lmo.VocabMigrationStage, p.Stages)},
		{translate("en", "practice.gcm"), gcm},
		{translate("en", "practice.principles"), l.termList(lmo.VocabGuidingPrinciple, p.GuidingPrinciples)},
		{translate("en", "practice.instruments"), instruments},
		{translate("en", "practice.sdg"), sdg},
	}
	for _, o := range p.Organisations {
		name := o.Name
		if o.Acronym != "" {
			name += " (" + o.Acronym + ")"
		}
		page.Orgs = append(page.Orgs, orgView{Name: name, Type: l.Term(lmo.VocabOrganisationType, o.Type), Role: translate("en", "role."+o.Role)})
	}
	return s.render(w, r, "practice", page, p.UpdatedAt)
}
