package web

import (
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
)

// ratificationParams is a list that does not exist yet, declared as a
// future module would: no words, two facets, a year range, a date, two
// sorts and its own page sizes.
var ratificationParams = listParams{
	Facets:  []facetParam{{Name: "country", Upper: true}, {Name: "convention"}},
	Ints:    []intParam{{Name: "from", Min: 1919, Max: 2100}, {Name: "to", Min: 1919, Max: 2100}},
	Dates:   []string{"since"},
	Sorts:   []string{"date", "country"},
	Page:    intParam{Name: "page", Default: 1, Min: 1, Max: 1000},
	PerPage: intParam{Name: "per_page", Default: 50, Min: 10, Max: 500},
}

// TestListParamsRoundTrip parses URLs of a list other than the practices and
// writes them back: the canonical form, which parses to itself.
func TestListParamsRoundTrip(t *testing.T) {
	for _, tt := range []struct{ query, canonical string }{
		{"", "/r"},
		{"q=ignored&convention=C189,C097&convention=C189", "/r?convention=C189&convention=C097"},
		{"country=fr,de&country=FR", "/r?country=FR&country=DE"},
		{"from=1950&to=+2000&sort=date", "/r?from=1950&to=2000"},
		{"sort=country&page=4&per_page=10", "/r?page=4&sort=country"},
		{"since=2024-02-29", "/r?since=2024-02-29T00%3A00%3A00Z"},
	} {
		q, err := url.ParseQuery(tt.query)
		if err != nil {
			t.Fatal(err)
		}
		lq, err := ratificationParams.parse(q)
		if err != nil {
			t.Errorf("%q: %v", tt.query, err)
			continue
		}
		got := ratificationParams.url("/r", lq, lq.Page)
		if got != tt.canonical {
			t.Errorf("%q: canonical %s, want %s", tt.query, got, tt.canonical)
		}
		_, canon, _ := strings.Cut(got, "?")
		q, _ = url.ParseQuery(canon)
		again, err := ratificationParams.parse(q)
		if err != nil || ratificationParams.url("/r", again, again.Page) != got {
			t.Errorf("%q: the canonical %s does not read back (%v)", tt.query, got, err)
		}
	}
}

// TestListParamsValues checks the parsed values themselves, defaults
// included.
func TestListParamsValues(t *testing.T) {
	q, _ := url.ParseQuery("country=ph&from=1990&since=2024-01-02T03:04:05Z&per_page=20")
	lq, err := ratificationParams.parse(q)
	if err != nil {
		t.Fatal(err)
	}
	want := listQuery{Facets: map[string][]string{"country": {"PH"}}, Ints: map[string]int{"from": 1990, "to": 0},
		Dates: map[string]time.Time{"since": time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}, Page: 1, PerPage: 20}
	if !reflect.DeepEqual(lq, want) {
		t.Errorf("parsed %+v, want %+v", lq, want)
	}
}

// TestListParamsErrors: each malformed value is EINVALID and names its
// parameter.
func TestListParamsErrors(t *testing.T) {
	for _, tt := range []struct{ query, param string }{
		{"from=1918", "from"},
		{"to=soon", "to"},
		{"per_page=5", "per_page"},
		{"page=1001", "page"},
		{"since=monday", "since"},
		{"sort=title", "sort order"},
	} {
		q, _ := url.ParseQuery(tt.query)
		_, err := ratificationParams.parse(q)
		if lmo.ErrorCode(err) != lmo.EINVALID || !strings.Contains(lmo.ErrorMessage(err), tt.param) {
			t.Errorf("%q: %v, want EINVALID naming %s", tt.query, err, tt.param)
		}
	}
}

// TestListParamsLimits: every list bounds what one URL selects, counting
// distinct values, and says the limit.
func TestListParamsLimits(t *testing.T) {
	values := func(name string, n int) string {
		vs := make([]string, n)
		for i := range vs {
			vs[i] = name + "=v" + strconv.Itoa(i)
		}
		return strings.Join(vs, "&")
	}
	for _, tt := range []struct {
		params *listParams
		query  string
		want   string // "" when accepted
	}{
		{&ratificationParams, values("convention", 50) + "&" + values("convention", 50), ""},
		{&ratificationParams, values("convention", 50) + "&" + values("country", 50), ""},
		{&ratificationParams, values("convention", 51), "convention may have at most 50 values"},
		{&ratificationParams, "country=" + strings.Repeat("x", 100), ""},
		{&ratificationParams, "country=" + strings.Repeat("é", 101), "A value of country may be at most 100 characters long"},
		{&practiceParams, values("theme", 50) + "&" + values("target", 50), ""},
		{&practiceParams, values("theme", 50) + "&" + values("target", 50) + "&status=x", "at most 100 values in all, not 101"},
		{&practiceParams, "q=" + strings.Repeat("é", 500), ""},
		{&practiceParams, "q=" + strings.Repeat("é", 501), "q may be at most 500 characters long, not 501"},
		{&practiceParams, "changed_since=0000-01-01T00:00:00%2B01:00", "outside the years 1 to 9999"},
	} {
		q, err := url.ParseQuery(tt.query)
		if err != nil {
			t.Fatal(err)
		}
		_, err = tt.params.parse(q)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%.60s: %v", tt.query, err)
		case tt.want != "" && (lmo.ErrorCode(err) != lmo.EINVALID || !strings.Contains(lmo.ErrorMessage(err), tt.want)):
			t.Errorf("%.60s: %v, want EINVALID saying %q", tt.query, err, tt.want)
		}
	}
}
