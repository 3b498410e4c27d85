package web

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
)

// parseQuery parses a practice search from a query string, as the search
// page (20 a page) would.
func parseQuery(t *testing.T, query string) (search, error) {
	t.Helper()
	return parseSearch(httptest.NewRequest("GET", "/practices?"+query, nil), searchPageSize)
}

// TestSearchRoundTrip parses list URLs and writes them back: the canonical
// permalink, which parses to itself.
func TestSearchRoundTrip(t *testing.T) {
	for _, tt := range []struct{ query, canonical string }{
		{"", "/practices"},
		{"q=+domestic+workers+", "/practices?q=domestic+workers"},
		{"q=%22wage+protection%22+-Qatar", "/practices?q=%22wage+protection%22+-Qatar"},
		{"country=ph&country=np", "/practices?country=PH&country=NP"},
		{"country=ph,Np", "/practices?country=PH&country=NP"},
		{"country=PH,ph&country=+ph+", "/practices?country=PH"},
		{"theme=fair-recruitment,labour-rights&theme=labour-rights", "/practices?theme=fair-recruitment&theme=labour-rights"},
		{"theme=a,,b,+,c&theme=", "/practices?theme=a&theme=b&theme=c"},
		{"status=ongoing&region=arab-states&q=x&gcm=6", "/practices?gcm=6&q=x&region=arab-states&status=ongoing"},
		{"target=domestic-workers&stage=recruitment&orgtype=government", "/practices?orgtype=government&stage=recruitment&target=domestic-workers"},
		{"role=origin,destination&evidence=documented&instrument=C189&instrument=C097&sdg=10.7", "/practices?evidence=documented&instrument=C189&instrument=C097&role=origin&role=destination&sdg=10.7"},
		{"sort=relevance", "/practices"},
		{"sort=title&page=3", "/practices?page=3&sort=title"},
		{"sort=newest&page=1", "/practices?sort=newest"},
		{"year_from=+2000+&year_to=2020", "/practices?year_from=2000&year_to=2020"},
		{"year_to=2100", "/practices?year_to=2100"},
		{"changed_since=2025-01-31", "/practices?changed_since=2025-01-31T00%3A00%3A00Z"},
		{"changed_since=2025-01-31T10:00:00.5%2B02:00", "/practices?changed_since=2025-01-31T08%3A00%3A00.5Z"},
		{"per_page=50&unknown=x&region=asia-pacific", "/practices?region=asia-pacific"},
	} {
		sr, err := parseQuery(t, tt.query)
		if err != nil {
			t.Errorf("%q: %v", tt.query, err)
			continue
		}
		got := sr.url("/practices", sr.Page)
		if got != tt.canonical {
			t.Errorf("%q: canonical %s, want %s", tt.query, got, tt.canonical)
		}
		_, query, _ := strings.Cut(got, "?")
		again, err := parseQuery(t, query)
		if err != nil || again.url("/practices", again.Page) != got {
			t.Errorf("%q: the canonical %s reads back as %s (%v)", tt.query, got, again.url("/practices", again.Page), err)
		}
	}
}

// TestSearchErrors: malformed values are EINVALID and name their parameter.
func TestSearchErrors(t *testing.T) {
	for _, tt := range []struct{ query, param string }{
		{"year_from=abc", "year_from"},
		{"year_from=1899", "year_from"},
		{"year_to=2101", "year_to"},
		{"year_to=20.5", "year_to"},
		{"page=0", "page"},
		{"page=x", "page"},
		{"page=100001", "page"},
		{"per_page=0", "per_page"},
		{"per_page=101", "per_page"},
		{"changed_since=yesterday", "changed_since"},
		{"changed_since=2025-13-01", "changed_since"},
	} {
		_, err := parseQuery(t, tt.query)
		if lmo.ErrorCode(err) != lmo.EINVALID || !strings.HasPrefix(lmo.ErrorMessage(err), tt.param+" ") {
			t.Errorf("%q: %v (%s), want EINVALID naming %s", tt.query, err, lmo.ErrorCode(err), tt.param)
		}
	}
	_, err := parseQuery(t, "sort=random")
	if lmo.ErrorCode(err) != lmo.EINVALID || lmo.ErrorMessage(err) != `Unknown sort order "random".` {
		t.Errorf("sort=random: %v", err)
	}
}

// filterQueries are the URLs whose parsed searches testdata/golden/filters
// pins.
var filterQueries = []string{
	"",
	"q=+domestic+workers+&sort=title&page=2",
	"country=ph&country=np&country=PH",
	"theme=fair-recruitment,labour-rights&theme=labour-rights&region=asia-pacific&region=arab-states",
	"gcm=6,7&target=domestic-workers&stage=recruitment&orgtype=government&status=ongoing",
	"year_from=2000&year_to=2020&sort=newest&per_page=100",
	"changed_since=2025-01-31",
	"changed_since=2025-01-31T10:00:00.5%2B02:00&page=7&per_page=3",
}

// TestSearchFilters compares the searches parsed from filterQueries, with
// their lmo.PracticeFilter, and their permalinks with a golden file.
func TestSearchFilters(t *testing.T) {
	var buf bytes.Buffer
	for _, q := range filterQueries {
		sr, err := parseQuery(t, q)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		b, err := json.Marshal(sr)
		if err != nil {
			t.Fatal(err)
		}
		buf.WriteString(q + "\n" + string(b) + "\n" + sr.url("/practices", sr.Page) + "\n\n")
	}
	CompareGolden(t, filepath.Join("testdata", "golden", "filters.golden"), buf.Bytes())
}
