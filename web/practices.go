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
	// Corridor is the corridor page the words name ("PH to SA"), or nil.
	Corridor  *link
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
	// Query, YearFrom and YearTo are the words and years as the person
	// wrote them, kept in the form even when they could not be read.
	Query, YearFrom, YearTo string
	// Errors are the parameters that could not be read, shown above the
	// form and beside their fields (QueryError, YearsError, a facet's
	// Error, with FacetError set); the page then shows the search without
	// them, with status 400.
	Errors     []formError
	QueryError string
	YearsError string
	FacetError bool
	// ActiveCount is the number of filters in force in the filters panel
	// (facet values and the year range).
	ActiveCount int
	// Beyond says that the page asked for is after the last one: First and
	// Last link to the search's first and last pages.
	Beyond      bool
	First, Last string
}

// formError is a search parameter that could not be read: the id of its
// field on the page ("" when it has none) and the message a person reads.
type formError struct {
	Field   string
	Message string
}

type hitView struct {
	URL       string
	Title     string
	Snippet   template.HTML
	Summary   string
	Countries []string
	Years     string
	Themes    []termLink
	Added     string // when the practice was added, where a list is in that order
	// TitleLang and SummaryLang are the lang attributes of a title and
	// summary (or snippet) in another language than the page's, and Note
	// says so (practiceText).
	TitleLang, SummaryLang, Note string
}

type facetView struct {
	Name     string
	Label    string
	Hint     string           // how the facet filters, when it needs saying
	Error    string           // why its values in the address could not be read
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
// filter (a remove button) is redirected to the search without it; one
// that carries empty fields or the default sort (a form sent without
// JavaScript) is redirected to the address without them. Parameters that
// cannot be read leave the search page in place, with the person's words
// in the form and the message beside the field (status 400).
func (s *Server) practices(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	if rm := r.URL.Query().Get(removeParam); rm != "" {
		return removeFilter(w, r, rm)
	}
	if clean, ok := withoutEmptyFields(r); ok {
		http.Redirect(w, r, clean, http.StatusSeeOther)
		return nil
	}
	raw := r.URL.Query()
	r, errs, err := readableSearch(r)
	if err != nil {
		return err
	}
	run, err := s.runSearch(r, searchPageSize, nil)
	if err != nil {
		return err
	}
	sr, res, l := run.search, run.res, run.labels
	p := &practicesPage{Page: s.page(r, translate(lang, "search.title")), Search: sr, Total: res.Total, Errors: errs,
		Query: strings.TrimSpace(raw.Get("q")), YearFrom: strings.TrimSpace(raw.Get("year_from")), YearTo: strings.TrimSpace(raw.Get("year_to"))}
	for _, e := range errs {
		switch e.Field {
		case "q":
			p.QueryError = e.Message
		case "year_from", "year_to":
			p.YearsError = e.Message
		}
	}
	for _, h := range res.Hits {
		p.Hits = append(p.Hits, s.hitView(h, l, langOf(r)))
	}
	p.Corridor = corridorSuggestion(p.Query, l)
	p.Facets = facetViews(sr, res, l)
	p.FacetError = facetErrors(p.Facets, errs)
	p.Active = activeFilters(sr, l)
	for _, a := range p.Active {
		if a.Remove != "q" {
			p.ActiveCount++
		}
	}
	for _, o := range practiceParams.Sorts {
		p.Sorts = append(p.Sorts, option{Value: o, Label: translate(lang, "sort."+o), Selected: o == sr.Filter.Sort})
	}
	p.paginate(sr, res.Total)
	p.Permalink = sr.url("/practices", sr.Page)
	p.Canonical = s.localURL(r, p.Permalink)
	p.Clear = "/practices"
	if cs := sr.Filter.ChangedSince; !cs.IsZero() {
		p.ChangedSince = cs.UTC().Format(time.RFC3339Nano)
	}
	p.Feed = sr.url("/practices/feed.atom", 1)
	for _, f := range []string{"csv", "xlsx", "json"} {
		p.Exports = append(p.Exports, option{Value: sr.url("/practices."+f, 1), Label: map[string]string{"csv": "CSV", "xlsx": "Excel (XLSX)", "json": "JSON"}[f]})
	}
	p.Title, p.Description = searchTitle(lang, sr, p.Active, res.Total)
	if len(errs) > 0 {
		p.Title = translate(lang, "search.error.prefix", p.Title)
		s.renderStatus(pastCatcher(w), r, http.StatusBadRequest, "practices", p)
		return nil
	}
	return s.render(w, r, "practices", p, run.modified)
}

// searchTitle returns the title of a search page, which names its filters
// (the first few) and its page, and its meta description.
func searchTitle(lang string, sr search, active []activeFilter, total int) (title, description string) {
	title = translate(lang, "search.title")
	var parts []string
	for i, a := range active {
		if i == 3 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, a.Label)
	}
	if len(parts) > 0 {
		title = translate(lang, "search.title.filtered", title, strings.Join(parts, "; "))
	}
	if sr.Page > 1 {
		title = translate(lang, "search.title.page", title, sr.Page)
	}
	if len(active) == 0 {
		return title, translate(lang, "search.description", total)
	}
	return title, translate(lang, "search.description.filtered", total, strings.Join(parts, "; "))
}

// withoutEmptyFields returns the address of the search page without the
// empty parameters and the default sort that a form sent without
// JavaScript carries, and whether there were any.
func withoutEmptyFields(r *http.Request) (string, bool) {
	q := r.URL.Query()
	changed := false
	for k, vs := range q {
		var keep []string
		for _, v := range vs {
			if strings.TrimSpace(v) == "" || (k == sortParam && v == practiceParams.Sorts[0]) {
				changed = true
				continue
			}
			keep = append(keep, v)
		}
		if len(keep) == 0 {
			delete(q, k)
		} else {
			q[k] = keep
		}
	}
	if !changed {
		return "", false
	}
	if len(q) == 0 {
		return r.URL.Path, true
	}
	return r.URL.Path + "?" + q.Encode(), true
}

// readableSearch returns r without the parameters that cannot be read,
// each with the message a person reads: a year that is not one, a year
// range that is empty, words too long, an unknown sort. What it cannot
// tie to a parameter is returned as the error.
func readableSearch(r *http.Request) (*http.Request, []formError, error) {
	lang := langOf(r)
	q := r.URL.Query()
	var errs []formError
	for range len(practiceParams.Facets) + 9 { // each parameter that can fail, and the year range
		rr := r.Clone(r.Context())
		rr.URL.RawQuery = q.Encode()
		sr, err := parseSearch(rr, searchPageSize)
		if err == nil {
			if f := sr.Filter; f.YearFrom != 0 && f.YearTo != 0 && f.YearFrom > f.YearTo {
				errs = append(errs, formError{"year_from", translate(lang, "search.error.range", f.YearFrom, f.YearTo)})
				q.Del("year_from")
				q.Del("year_to")
				continue
			}
			return rr, errs, nil
		}
		if lmo.ErrorCode(err) != lmo.EINVALID {
			return nil, nil, err
		}
		param, field, msg := badParam(lmo.ErrorMessage(err))
		if param == "" || !q.Has(param) {
			return nil, nil, err
		}
		if field == "year_from" || field == "year_to" {
			ip := practiceParams.Ints[0]
			msg = translate(lang, "search.error.year", ip.Min, ip.Max, strings.TrimSpace(q.Get(param)))
		}
		errs = append(errs, formError{field, msg})
		q.Del(param)
	}
	return nil, nil, lmo.Errorf(lmo.EINVALID, "Too many parameters of this search cannot be read.")
}

// badParam finds the parameter that a message of listParams.parse names,
// the id of its field on the search page ("" for none) and the message.
func badParam(msg string) (param, field, out string) {
	if strings.HasPrefix(msg, "Unknown sort order") {
		return sortParam, "sort", msg
	}
	names := []string{"q", "year_from", "year_to", "page", "per_page", "changed_since"}
	for _, f := range practiceParams.Facets {
		names = append(names, f.Name)
	}
	for _, name := range names {
		if strings.HasPrefix(msg, name+" ") || strings.HasPrefix(msg, "A value of "+name+" ") {
			switch name {
			case "q", "year_from", "year_to":
				return name, name, msg
			case "page", "per_page", "changed_since":
				return name, "", msg
			}
			return name, "facet-" + name, msg
		}
	}
	return "", "", msg
}

func (p *practicesPage) paginate(sr search, total int) {
	p.PageNum, p.Start = sr.Page, sr.Filter.Offset+1
	p.Pages = max(1, (total+sr.PerPage-1)/sr.PerPage)
	if sr.Page > p.Pages && total > 0 {
		p.Beyond, p.First, p.Last = true, sr.url("/practices", 1), sr.url("/practices", p.Pages)
	}
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

// hitView lays out a search hit for a page in lang: its title and summary
// in lang where the practice has them (practiceText), and the snippet of
// the language of the summary shown, if that matched; else the summary.
func (s *Server) hitView(h *lmo.PracticeHit, l *labels, lang string) hitView {
	t := practiceText(h.Practice, lang)
	v := hitView{URL: "/practices/" + h.Slug, Title: t.Title, TitleLang: t.TitleLang, Summary: t.Summary, SummaryLang: t.SummaryLang,
		Note: t.Note, Years: years(h.Practice), Themes: termLinks(l, lmo.FacetTheme, lmo.VocabTheme, h.Themes)}
	if snippet := h.Snippets[h.TextIn(lang).SummaryLang]; snippet != "" {
		v.Snippet = highlight(snippet)
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
func years(p *lmo.Practice) string { return yearSpan(p.StartYear, p.EndYear) }

// yearSpan writes a span of years: "2019", "2015–2020", "2015–" (ongoing),
// or "" when the start is not known.
func yearSpan(start, end int) string {
	switch {
	case start == 0:
		return ""
	case end == start:
		return strconv.Itoa(start)
	case end != 0:
		return fmt.Sprintf("%d–%d", start, end)
	}
	return fmt.Sprintf("%d–", start)
}

// facetViews lays out the facet counts: selected values always show, even
// when nothing matches them, so that they can be unselected.
func facetViews(sr search, res *lmo.PracticeResults, l *labels) []facetView {
	lang := l.language()
	var out []facetView
	for _, name := range lmo.Facets {
		selected := sr.Filter.Facets[name]
		fv := facetView{Name: name, Label: translate(lang, "facet."+name), Hint: facetHint(lang, name), Selected: len(selected) > 0}
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
		} else if slices.Contains(inVocabularyOrder, name) {
			sortByVocabulary(values, l.vocabs[lmo.FacetVocabulary[name]])
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
	lang := l.language()
	var out []activeFilter
	if sr.Filter.Query != "" {
		out = append(out, activeFilter{Label: translate(lang, "search.words.chip", sr.Filter.Query), Remove: "q"})
	}
	for _, name := range lmo.Facets {
		for _, v := range sr.Filter.Facets[name] {
			label := translate(lang, "facet."+name) + ": " + l.FacetValue(name, v)
			out = append(out, activeFilter{Label: label, Remove: name + ":" + v})
		}
	}
	if sr.Filter.YearFrom != 0 || sr.Filter.YearTo != 0 {
		label := translate(lang, "search.years") + ": " + yearRange(sr.Filter.YearFrom, sr.Filter.YearTo)
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
	Revisions []revisionView
	Related   []relatedView
	Updated   string
	JSONURL   string
	Details   practiceDetails
	// Text is the title and summary shown, in the page's language where
	// the practice has them; BodyNote says when the description, results
	// and lessons are in another language (they are only in the original).
	Text     shownText
	BodyNote string
}

type countryRoleView struct {
	URL  string
	Name string
	Role string
}

type listView struct {
	Label string
	Items []termLink
}

type orgView struct {
	Name string
	Type string
	Role string
	URL  string // its page in the directory of organisations, "" when it has none
}

// practice serves the page of one practice, by slug; a numeric id redirects
// to the slug, its permalink.
func (s *Server) practice(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
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
	related, err := s.cfg.Practices.RelatedPractices(ctx, p.ID, lmo.RelatedLimit)
	if err != nil {
		return err
	}
	// The related practices change with the others: the page is as new as
	// the latest change to any practice.
	modified, err := s.cfg.Practices.PracticesChangedAt(ctx)
	if err != nil {
		return err
	}
	text, bodyLang := practiceText(p, lang), originalLang(p, lang)
	page := &practicePage{Page: s.page(r, text.Title), P: p, Text: text, Years: years(p), Revisions: revisionViews(lang, revs), Related: relatedViews(related, l),
		Body: renderMarkdown(p.Description), Results: renderMarkdown(p.Results),
		Status: l.Term(lmo.VocabPracticeStatus, p.Status), Evidence: l.Term(lmo.VocabEvidenceLevel, p.EvidenceLevel),
		Citation: s.citation(r, p), Updated: longDate(lang, p.UpdatedAt),
		JSONURL: fmt.Sprintf("/api/v1/practices/%d", p.ID), Details: newPracticeDetails(lang, p, time.Now())}
	page.Page.Description = text.Summary
	page.Page.OGType = "article"
	if bodyLang != "" && (p.Description != "" || p.Results != "" || p.Lessons != "") {
		page.BodyNote = translate(lang, "content.original.body", languageName(lang, bodyLang))
		page.Body, page.Results = divInLang(bodyLang, page.Body), divInLang(bodyLang, page.Results)
		page.Details.Lessons = divInLang(bodyLang, page.Details.Lessons)
	}
	for _, c := range p.Countries {
		page.Countries = append(page.Countries, countryRoleView{URL: "/countries/" + c.Code, Name: l.Country(c.Code), Role: l.Term(lmo.VocabCountryRole, c.Role)})
	}
	for _, c := range p.Corridors {
		page.Corridors = append(page.Corridors, l.Country(c.Origin)+" → "+l.Country(c.Destination))
	}
	page.Lists = practiceLists(l, p)
	directory, err := s.directoryOrganisations(ctx)
	if err != nil {
		return err
	}
	for _, o := range p.Organisations {
		name := o.Name
		if o.Acronym != "" {
			name += " (" + o.Acronym + ")"
		}
		page.Orgs = append(page.Orgs, orgView{Name: name, Type: l.Term(lmo.VocabOrganisationType, o.Type), Role: translate(lang, "role."+o.Role),
			URL: organisationURL(directory, o)})
	}
	return s.render(w, r, "practice", page, modified)
}
