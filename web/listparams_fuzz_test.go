package web

import (
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
)

// FuzzParseSearch fuzzes the URL-to-filter parser behind the edge, as every
// list request meets it: it never panics, fails only with EINVALID (a 400,
// never a 500), and for accepted input the canonical permalink passes the
// edge and parses to the same search: parse(canonical(parse(u))) ==
// parse(u).
func FuzzParseSearch(f *testing.F) {
	for _, seed := range []string{
		"", "q=domestic+workers&region=arab-states,africa&sort=title&page=2",
		"country=ph,Np&country=+np+&theme=a,,b&year_from=2000&year_to=2020",
		"changed_since=2025-01-31T10:00:00.5%2B02:00&per_page=50",
		"q=%22wage+protection%22+-Qatar&gcm=6&status=ongoing&stage=x&target=y&orgtype=z",
		"remove=region:africa&region=africa", "q=%00", "region=%FF", "page=0", "sort=oldest",
		"changed_since=0001-01-01T00:00:00%2B01:00", "year_from=2100&year_to=1900",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if checkQuery(raw) != nil {
			return // the edge answers 400 before any parser runs
		}
		first, err := parseRaw(raw)
		if err != nil {
			if lmo.ErrorCode(err) != lmo.EINVALID {
				t.Fatalf("%q: %v is not EINVALID", raw, err)
			}
			return
		}
		canon := first.url("/practices", first.Page)
		_, query, _ := strings.Cut(canon, "?")
		if err := checkQuery(query); err != nil {
			t.Fatalf("%q: the permalink %s fails the edge: %v", raw, canon, err)
		}
		again, err := parseRaw(query)
		if err != nil {
			t.Fatalf("%q: the permalink %s does not parse: %v", raw, canon, err)
		}
		if !sameSearch(first, again) {
			t.Fatalf("%q: parsed %+v, but its permalink %s parses to %+v", raw, first, canon, again)
		}
		if again.url("/practices", again.Page) != canon {
			t.Fatalf("%q: the permalink %s is not canonical", raw, canon)
		}
	})
}

// parseRaw parses a practice search from a raw query string.
func parseRaw(raw string) (search, error) {
	return parseSearch(&http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/practices", RawQuery: raw}}, searchPageSize)
}

// sameSearch reports whether two searches ask for the same thing. The page
// size is left out (permalinks leave it out, so the offset follows the
// default size), and times compare as instants.
func sameSearch(a, b search) bool {
	if !a.Filter.ChangedSince.Equal(b.Filter.ChangedSince) || a.Page != b.Page {
		return false
	}
	for _, s := range []*search{&a, &b} {
		s.PerPage, s.Filter.Limit, s.Filter.Offset = 0, 0, 0
		s.Filter.ChangedSince = s.Filter.ChangedSince.UTC()
	}
	return reflect.DeepEqual(a, b)
}
