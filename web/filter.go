package web

import (
	"cmp"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// search is a practice search as the URL states it: the filter and the page.
// The same parameters drive the search page, the API, the exports and the
// feed, so that each is a permalink to exactly what it shows.
type search struct {
	Filter  lmo.PracticeFilter
	Page    int // 1-based
	PerPage int
}

// practiceParams declares the parameters of the practice search: the
// words, the facets of lmo.Facets (country codes in upper case), the year
// range, changed_since, the four sort orders and the pages. Its page size
// is set by each view (parseSearch).
var practiceParams = listParams{
	Query:   "q",
	Facets:  practiceFacets(),
	Ints:    []intParam{{Name: "year_from", Min: 1900, Max: 2100}, {Name: "year_to", Min: 1900, Max: 2100}},
	Dates:   []string{"changed_since"},
	Sorts:   []string{lmo.SortRelevance, lmo.SortNewest, lmo.SortTitle, lmo.SortFactsChecked},
	Page:    intParam{Name: "page", Default: 1, Min: 1, Max: 100000},
	PerPage: intParam{Name: "per_page", Default: lmo.DefaultLimit, Min: 1, Max: lmo.MaxLimit},
}

// practiceFacets lists the facet parameters of the practice search in the
// order of lmo.Facets.
func practiceFacets() []facetParam {
	out := make([]facetParam, len(lmo.Facets))
	for i, name := range lmo.Facets {
		out[i] = facetParam{Name: name, Upper: name == lmo.FacetCountry}
	}
	return out
}

// parseSearch reads a practice search from the query string, perPage
// results a page unless per_page says otherwise. Unknown parameters are
// ignored; malformed values are EINVALID with a message that names them.
func parseSearch(r *http.Request, perPage int) (search, error) {
	params := practiceParams
	params.PerPage.Default = perPage
	lq, err := params.parse(r.URL.Query())
	if err != nil {
		return search{}, err
	}
	s := search{Page: lq.Page, PerPage: lq.PerPage, Filter: lmo.PracticeFilter{
		Query: lq.Query, Facets: lq.Facets, Sort: lq.Sort,
		YearFrom: lq.Ints["year_from"], YearTo: lq.Ints["year_to"], ChangedSince: lq.Dates["changed_since"],
	}}
	s.Filter.Limit = s.PerPage
	s.Filter.Offset = (s.Page - 1) * s.PerPage
	return s, nil
}

// listQuery returns the search as the practice parameters state it, for
// writing it back.
func (s search) listQuery() listQuery {
	f := s.Filter
	lq := listQuery{Query: f.Query, Facets: f.Facets, Sort: f.Sort, Page: s.Page, PerPage: s.PerPage,
		Ints: map[string]int{"year_from": f.YearFrom, "year_to": f.YearTo}, Dates: map[string]time.Time{}}
	if !f.ChangedSince.IsZero() {
		lq.Dates["changed_since"] = f.ChangedSince
	}
	return lq
}

// url returns base with the search's parameters in canonical form and,
// when above 1, the page: the permalink.
func (s search) url(base string, page int) string {
	return practiceParams.url(base, s.listQuery(), page)
}

// without returns the search with one facet value (or the year range, for
// facet "years") removed.
func (s search) without(facet, value string) search {
	out := s
	out.Filter.Facets = map[string][]string{}
	for k, vs := range s.Filter.Facets {
		for _, v := range vs {
			if k != facet || v != value {
				out.Filter.Facets[k] = append(out.Filter.Facets[k], v)
			}
		}
	}
	switch facet {
	case "q":
		out.Filter.Query = ""
	case "years":
		out.Filter.YearFrom, out.Filter.YearTo = 0, 0
	}
	return out
}

// inVocabularyOrder lists the facets whose values the search page shows in
// the order of their vocabulary, not by count: the country roles, the SDG
// targets in number order, the evidence levels from the strongest.
var inVocabularyOrder = []string{lmo.FacetRole, lmo.FacetSDG, lmo.FacetEvidence}

// sortByVocabulary orders facet values as their terms are in v; values
// that are not terms of v go last.
func sortByVocabulary(values []facetValueView, v *lmo.Vocabulary) {
	position := func(code string) int {
		if v != nil {
			if i := slices.IndexFunc(v.Terms, func(t *lmo.Term) bool { return t.Code == code }); i >= 0 {
				return i
			}
		}
		return math.MaxInt
	}
	slices.SortStableFunc(values, func(a, b facetValueView) int { return cmp.Compare(position(a.Value), position(b.Value)) })
}

// facetHint returns the hint shown under a facet's name, or "": the role
// facet says that it combines with the countries chosen per country.
func facetHint(lang string, name string) string {
	if name == lmo.FacetRole {
		return translate(lang, "facet.role.hint")
	}
	return ""
}

// facetErrors puts each error of a facet parameter beside its facet, and
// reports whether there was one.
func facetErrors(facets []facetView, errs []formError) bool {
	found := false
	for _, e := range errs {
		for i := range facets {
			if e.Field == "facet-"+facets[i].Name {
				facets[i].Error, found = e.Message, true
			}
		}
	}
	return found
}

// DescribedBy returns the ids of the hint and error of a facet, for its
// fieldset's aria-describedby ("" for none).
func (f facetView) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, "facet-"+f.Name+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, "facet-"+f.Name+"-error")
	}
	return strings.Join(ids, " ")
}
