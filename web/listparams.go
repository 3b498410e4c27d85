package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lmo-observatory/lmo"
)

// listParams describes the query parameters of a searchable list: the one
// way to read a list URL into a filter and write it back as a permalink.
// A list (practices today; ratifications, statistics, agreements next)
// declares its parameters once; parse reads any URL of it into a listQuery,
// which the list maps to its own filter, and values writes a listQuery back
// in canonical form. Unknown parameters are ignored; malformed values are
// EINVALID with a message that names the parameter. What one URL can ask
// for is bounded for every list: at most maxFacetValues values a facet,
// maxSelected in all, each of at most maxFacetValue characters, and words
// of at most lmo.MaxQueryLength characters.
type listParams struct {
	Query   string       // the parameter of the words searched for ("q"), or "" for none
	Facets  []facetParam // in display order
	Ints    []intParam   // whole numbers with bounds, such as year_from
	Dates   []string     // dates or RFC 3339 times, such as changed_since
	Sorts   []string     // the allowed sort orders; the first is the default
	PerPage intParam     // page size: its default, bounds and name
	Page    intParam     // page number, from 1
}

// facetParam is a facet parameter. Its values may repeat the parameter or
// be separated by commas; they are trimmed, and the first of equal values
// is kept.
type facetParam struct {
	Name  string
	Upper bool // codes in upper case (country codes): values are upper-cased
}

// intParam is a whole-number parameter with its bounds and its value when
// absent; that default is left out of permalinks.
type intParam struct {
	Name    string
	Default int
	Min     int
	Max     int
}

// sortParam is the name of the sort parameter of every list.
const sortParam = "sort"

// Selection limits of every list, so that the work and the page a URL asks
// for stay small: each selected value is a checkbox, a remove button and a
// term of the search.
const (
	maxFacetValues = 50  // distinct values of one facet
	maxSelected    = 100 // distinct values of all facets together
	maxFacetValue  = 100 // characters of one value: values are codes
)

// listQuery is a list URL as its listParams read it.
type listQuery struct {
	Query   string
	Facets  map[string][]string  // facet name -> values, only for the facets given
	Ints    map[string]int       // every Ints parameter, its default when absent
	Dates   map[string]time.Time // only the dates given
	Sort    string               // as given: "" when absent
	Page    int
	PerPage int
}

// parse reads q. Errors come in a fixed order: the words, facets as
// declared, the total selection, integers as declared, page, page size,
// dates, sort.
func (p *listParams) parse(q url.Values) (listQuery, error) {
	lq := listQuery{Sort: q.Get(sortParam), Facets: map[string][]string{}, Ints: map[string]int{}, Dates: map[string]time.Time{}}
	if p.Query != "" {
		lq.Query = strings.TrimSpace(q.Get(p.Query))
		if n := utf8.RuneCountInString(lq.Query); n > lmo.MaxQueryLength {
			return lq, lmo.Errorf(lmo.EINVALID, "%s may be at most %d characters long, not %d.", p.Query, lmo.MaxQueryLength, n)
		}
	}
	if err := p.parseFacets(q, lq.Facets); err != nil {
		return lq, err
	}
	for _, ip := range p.Ints {
		n, err := ip.parse(q)
		if err != nil {
			return lq, err
		}
		lq.Ints[ip.Name] = n
	}
	var err error
	if lq.Page, err = p.Page.parse(q); err != nil {
		return lq, err
	}
	if lq.PerPage, err = p.PerPage.parse(q); err != nil {
		return lq, err
	}
	if err := p.parseDates(q, lq.Dates); err != nil {
		return lq, err
	}
	if lq.Sort != "" && !slices.Contains(p.Sorts, lq.Sort) {
		return lq, lmo.Errorf(lmo.EINVALID, "Unknown sort order %q.", lq.Sort)
	}
	return lq, nil
}

// parseFacets reads the facets that q gives into facets, within the
// selection limits.
func (p *listParams) parseFacets(q url.Values, facets map[string][]string) error {
	total := 0
	for _, f := range p.Facets {
		vs, err := f.parse(q[f.Name])
		if err != nil {
			return err
		}
		if len(vs) > 0 {
			facets[f.Name] = vs
			total += len(vs)
		}
	}
	if total > maxSelected {
		return lmo.Errorf(lmo.EINVALID, "A search may select at most %d values in all, not %d.", maxSelected, total)
	}
	return nil
}

// parse reads the values of a facet: repeated, comma-separated or both.
// More than maxFacetValues distinct values, or a value longer than
// maxFacetValue characters, is EINVALID.
func (f facetParam) parse(given []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, v := range given {
		for part := range strings.SplitSeq(v, ",") {
			part = strings.TrimSpace(part)
			if f.Upper {
				part = strings.ToUpper(part)
			}
			if part == "" || seen[part] {
				continue
			}
			if utf8.RuneCountInString(part) > maxFacetValue {
				return nil, lmo.Errorf(lmo.EINVALID, "A value of %s may be at most %d characters long.", f.Name, maxFacetValue)
			}
			if len(out) == maxFacetValues {
				return nil, lmo.Errorf(lmo.EINVALID, "%s may have at most %d values.", f.Name, maxFacetValues)
			}
			seen[part] = true
			out = append(out, part)
		}
	}
	return out, nil
}

// parse reads a whole number within the bounds, or the default when the
// parameter is absent or blank.
func (ip intParam) parse(q url.Values) (int, error) {
	v := strings.TrimSpace(q.Get(ip.Name))
	if v == "" {
		return ip.Default, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < ip.Min || n > ip.Max {
		return 0, lmo.Errorf(lmo.EINVALID, "%s must be a whole number from %d to %d, not %q.", ip.Name, ip.Min, ip.Max, v)
	}
	return n, nil
}

// parseDates reads the date parameters that q gives into dates.
func (p *listParams) parseDates(q url.Values, dates map[string]time.Time) error {
	for _, name := range p.Dates {
		v := q.Get(name)
		if v == "" {
			continue
		}
		t, err := parseTime(v)
		if err != nil {
			return lmo.Errorf(lmo.EINVALID, "%s %q is not a date (2025-01-31) or an RFC 3339 time.", name, v)
		}
		if y := t.UTC().Year(); y < 1 || y > 9999 {
			// The permalink writes UTC, which RFC 3339 cannot write outside
			// these years (0000-01-01T00:00:00+01:00 is in year -1).
			return lmo.Errorf(lmo.EINVALID, "%s %q is outside the years 1 to 9999 in UTC.", name, v)
		}
		dates[name] = t
	}
	return nil
}

// parseTime reads an RFC 3339 time or a date (midnight UTC).
func parseTime(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, v)
}

// values writes lq back as query parameters, leaving out what is absent or
// default, page and page size included: the canonical form of a permalink
// (url.Values.Encode orders the parameters; the values of a facet keep
// their order). Dates are written as RFC 3339 times in UTC.
func (p *listParams) values(lq listQuery) url.Values {
	v := url.Values{}
	if p.Query != "" && lq.Query != "" {
		v.Set(p.Query, lq.Query)
	}
	for _, f := range p.Facets {
		for _, x := range lq.Facets[f.Name] {
			v.Add(f.Name, x)
		}
	}
	for _, ip := range p.Ints {
		if n, ok := lq.Ints[ip.Name]; ok && n != ip.Default {
			v.Set(ip.Name, strconv.Itoa(n))
		}
	}
	for _, name := range p.Dates {
		if t := lq.Dates[name]; !t.IsZero() {
			v.Set(name, t.UTC().Format(time.RFC3339Nano))
		}
	}
	if lq.Sort != "" && (len(p.Sorts) == 0 || lq.Sort != p.Sorts[0]) {
		v.Set(sortParam, lq.Sort)
	}
	return v
}

// url returns base with the canonical parameters of lq and, when above 1,
// page.
func (p *listParams) url(base string, lq listQuery, page int) string {
	v := p.values(lq)
	if page > p.Page.Default {
		v.Set(p.Page.Name, strconv.Itoa(page))
	}
	if len(v) == 0 {
		return base
	}
	return base + "?" + v.Encode()
}
