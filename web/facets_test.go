package web_test

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// facetPractice is what the facet tests read of a practice in the JSON
// export: the data that the role, evidence, instrument and SDG facets come
// from.
type facetPractice struct {
	Slug      string `json:"slug"`
	Countries []struct {
		Code string `json:"code"`
		Role string `json:"role"`
	} `json:"countries"`
	Instruments   []string `json:"instruments"`
	SDGTargets    []string `json:"sdg_targets"`
	EvidenceLevel string   `json:"evidence_level"`
}

// has reports whether p carries value in facet (role, evidence, instrument
// or sdg), read from its fields: the oracle of these tests.
func (p facetPractice) has(facet, value string) bool {
	switch facet {
	case "role":
		return slices.ContainsFunc(p.Countries, func(c struct {
			Code string `json:"code"`
			Role string `json:"role"`
		}) bool {
			return c.Role == value
		})
	case "evidence":
		return p.EvidenceLevel == value
	case "instrument":
		return slices.Contains(p.Instruments, value)
	case "sdg":
		return slices.Contains(p.SDGTargets, value)
	}
	return false
}

// facetList is a page of the API with its facet counts.
type facetList struct {
	Total int `json:"total"`
	Items []struct {
		Slug string `json:"slug"`
	} `json:"items"`
	Facets map[string][]struct {
		Value string `json:"value"`
		Label string `json:"label"`
		Count int    `json:"count"`
	} `json:"facets"`
}

func getJSON(t *testing.T, ts *httptest.Server, path string, v any) {
	t.Helper()
	resp, body := get(t, ts, path)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d: %.300s", path, resp.StatusCode, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// allPractices reads every published practice from the JSON export.
func allPractices(t *testing.T, ts *httptest.Server) []facetPractice {
	t.Helper()
	var doc struct {
		Items []facetPractice `json:"items"`
	}
	getJSON(t, ts, "/practices.json", &doc)
	return doc.Items
}

var newFacets = []string{"role", "evidence", "instrument", "sdg"}

// TestNewFacetsFilter: each value of the role, evidence, instrument and SDG
// facets selects, in the API, the CSV export and the feed, exactly the
// practices that carry it, as many as its count said; the API labels each
// value.
func TestNewFacetsFilter(t *testing.T) {
	ts, _ := newTestServer(t)
	all := allPractices(t, ts)
	var list facetList
	getJSON(t, ts, "/api/v1/practices", &list)
	labels := map[string]string{"role": "Origin", "evidence": "Documented", "instrument": "Domestic Workers Convention, 2011 (No. 189)",
		"sdg": "10.7 Facilitate orderly, safe, regular and responsible migration"}
	for _, facet := range newFacets {
		counts := list.Facets[facet]
		if len(counts) == 0 {
			t.Errorf("the API has no counts of facet %s", facet)
			continue
		}
		if !slices.ContainsFunc(counts, func(c struct {
			Value string `json:"value"`
			Label string `json:"label"`
			Count int    `json:"count"`
		}) bool {
			return strings.HasPrefix(c.Label, labels[facet])
		}) {
			t.Errorf("facet %s: no value labelled %q: %+v", facet, labels[facet], counts)
		}
		for _, c := range counts {
			var want []string
			for _, p := range all {
				if p.has(facet, c.Value) {
					want = append(want, p.Slug)
				}
			}
			if c.Count != len(want) {
				t.Errorf("%s=%s counts %d, want %d", facet, c.Value, c.Count, len(want))
			}
			query := facet + "=" + url.QueryEscape(c.Value) + "&sort=title"
			var got facetList
			getJSON(t, ts, "/api/v1/practices?per_page=100&"+query, &got)
			if slugs := listSlugs(got); got.Total != len(want) || !sameSet(slugs, want) {
				t.Errorf("API %s: %d practices %v, want %v", query, got.Total, slugs, want)
			}
			if rows := csvSlugs(t, ts, "/practices.csv?"+query); !sameSet(rows, want) {
				t.Errorf("CSV %s: %v, want %v", query, rows, want)
			}
		}
	}
	// The feed of a filtered search takes the same parameters.
	var got facetList
	getJSON(t, ts, "/api/v1/practices?instrument=C189&per_page=100", &got)
	if n := feedEntries(t, ts, "/practices/feed.atom?instrument=C189"); n != got.Total || n == 0 {
		t.Errorf("the feed of instrument=C189 has %d entries, want %d", n, got.Total)
	}
}

// TestCountryRoleFilter: country and role combine per country, in the
// counts too: country=X&role=R selects the practices in which X itself has
// role R.
func TestCountryRoleFilter(t *testing.T) {
	ts, _ := newTestServer(t)
	all := allPractices(t, ts)
	// A country in two roles across the practices, so that per country and
	// independently differ.
	roles := map[string]map[string]bool{}
	for _, p := range all {
		for _, c := range p.Countries {
			if roles[c.Code] == nil {
				roles[c.Code] = map[string]bool{}
			}
			roles[c.Code][c.Role] = true
		}
	}
	checked := 0
	for code, rs := range roles {
		if len(rs) < 2 {
			continue
		}
		for role := range rs {
			var want []string
			countWith := map[string]int{} // countries with the role, for the country counts
			for _, p := range all {
				seen := map[string]bool{}
				for _, c := range p.Countries {
					if c.Code == code && c.Role == role && !slices.Contains(want, p.Slug) {
						want = append(want, p.Slug)
					}
					if c.Role == role && !seen[c.Code] {
						seen[c.Code] = true
						countWith[c.Code]++
					}
				}
			}
			query := "country=" + code + "&role=" + role
			var got facetList
			getJSON(t, ts, "/api/v1/practices?per_page=100&"+query, &got)
			if slugs := listSlugs(got); !sameSet(slugs, want) {
				t.Errorf("%s: %v, want %v", query, slugs, want)
			}
			for _, c := range got.Facets["country"] {
				if c.Count != countWith[c.Value] {
					t.Errorf("%s: country %s counts %d, want %d (the practices where it is %s)", query, c.Value, c.Count, countWith[c.Value], role)
				}
			}
			if rows := csvSlugs(t, ts, "/practices.csv?"+query); !sameSet(rows, want) {
				t.Errorf("CSV %s: %v, want %v", query, rows, want)
			}
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no country of the starter data takes part in two roles")
	}
	_, page := get(t, ts, "/practices?country=PH&role=origin")
	if !strings.Contains(page, `<p id="facet-role-hint" class="hint">With countries chosen`) {
		t.Errorf("the search page does not say how role combines with country")
	}
}

// TestNewFacetsOnThePage: the search page offers the four facets with
// counts, and a selection shows as chips with remove buttons, counted in
// the filters' summary.
func TestNewFacetsOnThePage(t *testing.T) {
	ts, _ := newTestServer(t)
	resp, page := get(t, ts, "/practices")
	checkPage(t, "/practices", resp, page)
	for _, want := range []string{
		`<fieldset class="facet" id="facet-role" aria-describedby="facet-role-hint">`, "<legend>Country role</legend>",
		`<fieldset class="facet" id="facet-evidence">`, "<legend>Evidence level</legend>",
		`<fieldset class="facet" id="facet-instrument">`, "<legend>Instrument</legend>",
		`<fieldset class="facet" id="facet-sdg">`, "<legend>SDG target</legend>",
		`name="role" value="origin">`, `name="instrument" value="C189">`, `name="sdg" value="10.7">`, `name="evidence" value="documented">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the search page lacks %s", want)
		}
	}
	// Roles in the order of their vocabulary.
	if o, d := strings.Index(page, `name="role" value="origin"`), strings.Index(page, `name="role" value="destination"`); o < 0 || d < o {
		t.Errorf("roles are not in vocabulary order (origin at %d, destination at %d)", o, d)
	}
	path := "/practices?role=origin&evidence=documented&instrument=C189&sdg=10.7"
	resp, page = get(t, ts, path)
	checkPage(t, path, resp, page)
	for _, want := range []string{
		"Filters (4 active)",
		`value="role:origin" aria-label="Remove filter: Country role: Origin"`,
		`value="evidence:documented" aria-label="Remove filter: Evidence level: Documented"`,
		`value="instrument:C189" aria-label="Remove filter: Instrument: Domestic Workers Convention, 2011 (No. 189)"`,
		`value="sdg:10.7" aria-label="Remove filter: SDG target: 10.7 Facilitate`,
		`name="instrument" value="C189" checked>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("GET %s: the page lacks %s", path, want)
		}
	}
	resp, loc := noRedirect(t, ts, path+"&remove=instrument%3AC189")
	if want := "/practices?evidence=documented&role=origin&sdg=10.7"; resp.StatusCode != http.StatusSeeOther || loc != want {
		t.Errorf("remove instrument: %d to %s, want 303 to %s", resp.StatusCode, loc, want)
	}
}

// TestNewFacetsErrors: too many values of one of the new facets is a 400
// that says so: beside the facet on the search page, which keeps the rest
// of the search, and as a problem in the API and the exports.
func TestNewFacetsErrors(t *testing.T) {
	ts, _ := newTestServer(t)
	for _, facet := range newFacets {
		query := "q=workers&" + repeated(facet, "v", 51)
		want := facet + " may have at most 50 values."
		path := "/practices?" + query
		resp, page := get(t, ts, path)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400", path[:40], resp.StatusCode)
		}
		for _, w := range []string{`<a href="#facet-` + facet + `">` + want, `<p id="facet-` + facet + `-error" class="field-error">` + want,
			`<details class="filters" id="filters" open>`, `value="workers"`, "practices found"} {
			if !strings.Contains(page, w) {
				t.Errorf("GET %s: the page lacks %s", path[:40], w)
			}
		}
		checkPage(t, path, resp, page)
		for _, base := range []string{"/api/v1/practices", "/practices.csv", "/practices/feed.atom"} {
			resp, body := get(t, ts, base+"?"+query)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, want) {
				t.Errorf("GET %s?%.40s: %d, want 400 saying %q", base, query, resp.StatusCode, want)
			}
		}
	}
}

func listSlugs(l facetList) []string {
	var out []string
	for _, it := range l.Items {
		out = append(out, it.Slug)
	}
	return out
}

// csvSlugs returns the slugs of a CSV export's rows.
func csvSlugs(t *testing.T, ts *httptest.Server, path string) []string {
	t.Helper()
	resp, body := get(t, ts, path)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil || len(rows) == 0 || rows[0][1] != "slug" {
		t.Fatalf("GET %s: the CSV does not parse (%v)", path, err)
	}
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[1])
	}
	return out
}

// feedEntries returns the number of entries of a feed.
func feedEntries(t *testing.T, ts *httptest.Server, path string) int {
	t.Helper()
	resp, body := get(t, ts, path)
	var feed struct {
		Entries []struct{} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(body), &feed); resp.StatusCode != 200 || err != nil {
		t.Fatalf("GET %s: %d, %v", path, resp.StatusCode, err)
	}
	return len(feed.Entries)
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
