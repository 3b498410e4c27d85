package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// listParams describes the query parameters of a searchable list: the one
// way to read a list URL into a filter and write it back as a permalink.
// A list (practices today; ratifications, statistics, agreements next)
// declares its parameters once; parse reads any URL of it into a listQuery,
// which the list maps to its own filter, and values writes a listQuery back
// in canonical form. Unknown parameters are ignored; malformed values are
// EINVALID with a message that names the parameter.
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

// parse reads q. Errors come in a fixed order: integers as declared, page,
// page size, dates, sort.
func (p *listParams) parse(q url.Values) (listQuery, error) {
	lq := listQuery{Sort: q.Get(sortParam), Facets: map[string][]string{}, Ints: map[string]int{}, Dates: map[string]time.Time{}}
	if p.Query != "" {
		lq.Query = strings.TrimSpace(q.Get(p.Query))
	}
	for _, f := range p.Facets {
		if vs := f.parse(q[f.Name]); len(vs) > 0 {
			lq.Facets[f.Name] = vs
		}
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

// parse reads the values of a facet: repeated, comma-separated or both.
func (f facetParam) parse(given []string) []string {
	var out []string
	for _, v := range given {
		for part := range strings.SplitSeq(v, ",") {
			part = strings.TrimSpace(part)
			if f.Upper {
				part = strings.ToUpper(part)
			}
			if part != "" && !slices.Contains(out, part) {
				out = append(out, part)
			}
		}
	}
	return out
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
