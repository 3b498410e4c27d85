package web

import (
	"net/url"
	"reflect"
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
