package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
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

// parseSearch reads a search from the query string. Unknown parameters are
// ignored; malformed values are EINVALID with a message that names them.
func parseSearch(r *http.Request, perPageDefault int) (search, error) {
	q := r.URL.Query()
	s := search{Page: 1, PerPage: perPageDefault}
	s.Filter.Query = strings.TrimSpace(q.Get("q"))
	s.Filter.Sort = q.Get("sort")
	s.Filter.Facets = map[string][]string{}
	for _, name := range lmo.Facets {
		for _, v := range q[name] {
			for _, part := range strings.Split(v, ",") {
				if part = strings.TrimSpace(part); part != "" && !slices.Contains(s.Filter.Facets[name], part) {
					if name == lmo.FacetCountry {
						part = strings.ToUpper(part)
					}
					s.Filter.Facets[name] = append(s.Filter.Facets[name], part)
				}
			}
		}
	}
	var err error
	if s.Filter.YearFrom, err = intParam(q, "year_from", 0, 1900, 2100); err != nil {
		return s, err
	}
	if s.Filter.YearTo, err = intParam(q, "year_to", 0, 1900, 2100); err != nil {
		return s, err
	}
	if s.Page, err = intParam(q, "page", 1, 1, 100000); err != nil {
		return s, err
	}
	if s.PerPage, err = intParam(q, "per_page", perPageDefault, 1, lmo.MaxLimit); err != nil {
		return s, err
	}
	if v := q.Get("changed_since"); v != "" {
		if s.Filter.ChangedSince, err = parseTime(v); err != nil {
			return s, lmo.Errorf(lmo.EINVALID, "changed_since %q is not a date (2025-01-31) or an RFC 3339 time.", v)
		}
	}
	s.Filter.Limit = s.PerPage
	s.Filter.Offset = (s.Page - 1) * s.PerPage
	return s, nil
}

func parseTime(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, v)
}

func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, lmo.Errorf(lmo.EINVALID, "%s must be a whole number from %d to %d, not %q.", name, lo, hi, v)
	}
	return n, nil
}

// values encodes the search back into query parameters, in a stable order,
// leaving out defaults: the canonical permalink.
func (s search) values() url.Values {
	v := url.Values{}
	if s.Filter.Query != "" {
		v.Set("q", s.Filter.Query)
	}
	for _, name := range lmo.Facets {
		for _, x := range s.Filter.Facets[name] {
			v.Add(name, x)
		}
	}
	if s.Filter.YearFrom != 0 {
		v.Set("year_from", strconv.Itoa(s.Filter.YearFrom))
	}
	if s.Filter.YearTo != 0 {
		v.Set("year_to", strconv.Itoa(s.Filter.YearTo))
	}
	if !s.Filter.ChangedSince.IsZero() {
		v.Set("changed_since", s.Filter.ChangedSince.UTC().Format(time.RFC3339Nano))
	}
	if s.Filter.Sort != "" && s.Filter.Sort != lmo.SortRelevance {
		v.Set("sort", s.Filter.Sort)
	}
	return v
}

// url returns base with the search's parameters and, when above 1, the page.
func (s search) url(base string, page int) string {
	v := s.values()
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return base
	}
	return base + "?" + v.Encode()
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
