package web_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// countryItems returns the codes of the countries an index page lists, in
// order, by the section (ILO region code) they are in.
func countryItems(body string) map[string][]string {
	out := map[string][]string{}
	sections := regexp.MustCompile(`(?s)<section class="region-group" data-region="([a-z-]+)"[^>]*>(.*?)</section>`)
	links := regexp.MustCompile(`<li [^>]*><a href="/countries/([A-Z]{2})">`)
	for _, m := range sections.FindAllStringSubmatch(body, -1) {
		for _, l := range links.FindAllStringSubmatch(m[2], -1) {
			out[m[1]] = append(out[m[1]], l[1])
		}
	}
	return out
}

// codesIn returns every code of items, whatever the region.
func codesIn(items map[string][]string) map[string]string {
	out := map[string]string{}
	for region, codes := range items {
		for _, c := range codes {
			out[c] = region
		}
	}
	return out
}

// TestCountriesIndexGrouped: every country once, under its ILO region, in
// the order a reader expects, each with its count of practices or "none
// yet", and the sources of the regions with their addresses.
func TestCountriesIndexGrouped(t *testing.T) {
	ts, _ := newTestServer(t)
	_, body := get(t, ts, "/countries")
	items := codesIn(countryItems(body))
	if len(items) != 249 {
		t.Errorf("index lists %d countries, want 249", len(items))
	}
	for code, region := range map[string]string{"PH": "asia-pacific", "TW": "asia-pacific", "QA": "arab-states",
		"PE": "americas", "CD": "africa", "AX": "europe-central-asia", "AQ": "none"} {
		if items[code] != region {
			t.Errorf("%s is under %q, want %q", code, items[code], region)
		}
	}
	europe := strings.Join(countryItems(body)["europe-central-asia"], " ")
	if !strings.Contains(europe, "AX AL") { // Åland Islands, Albania: collated, not code point order
		t.Errorf("Europe and Central Asia does not list Åland Islands just before Albania: %s", europe[:40])
	}
	for _, want := range []string{
		`<h2 id="r-asia-pacific">Asia and the Pacific</h2>`,
		`<a href="/countries/TZ">United Republic of Tanzania</a>`,
		`<a href="/countries/TW">Taiwan, China</a>`,
		`<span class="practice-count none">none yet</span>`,
		`<a class="practice-count" href="/practices?country=PH">`,
		`<span id="countries-shown">249</span> of 249 countries and territories shown.`,
		`href="https://ilostat.ilo.org/methods/concepts-and-definitions/classification-country-groupings/"`,
		`(checked 2026-12-02)`,
		`href="https://unstats.un.org/unsd/methodology/m49/"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/countries lacks %s", want)
		}
	}
	if len(body) > 80_000 {
		t.Errorf("/countries weighs %d bytes; with its assets it must stay under 100 KB", len(body))
	}
	if strings.Contains(body, "Congo, The Democratic Republic of the</a>") {
		t.Error("/countries shows ISO's inverted name of the Democratic Republic of the Congo")
	}
}

// TestCountriesIndexFilter: the GET form filters by name (any of the
// names, without regard to case or accents), ILO region and having
// practices; values it does not offer are 400.
func TestCountriesIndexFilter(t *testing.T) {
	ts, _ := newTestServer(t)
	all := codesIn(countryItems(mustGet(t, ts, "/countries")))

	with := codesIn(countryItems(mustGet(t, ts, "/countries?with=practices")))
	if len(with) == 0 || len(with) >= len(all) || with["PH"] == "" {
		t.Errorf("with=practices lists %d of %d countries, Philippines %q", len(with), len(all), with["PH"])
	}
	if body := mustGet(t, ts, "/countries?with=practices"); strings.Contains(body, "none yet") ||
		!strings.Contains(body, `id="cwith" name="with" value="practices" checked`) {
		t.Error("with=practices shows a country without practices, or the box unticked")
	}

	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"q=tanzania", []string{"TZ"}},
		{"q=Congo%2C+The", []string{"CD"}},  // ISO's name
		{"q=PER%C3%9A", []string{"PE"}},     // "PERÚ": Spanish name, any case
		{"q=aland+islands", []string{"AX"}}, // without the accent
		{"q=taiwan&region=asia-pacific", []string{"TW"}},
		{"q=taiwan&region=africa", nil},
		{"q=philippines&with=practices", []string{"PH"}},
	} {
		got := codesIn(countryItems(mustGet(t, ts, "/countries?"+tc.query)))
		if len(got) != len(tc.want) {
			t.Errorf("%s lists %v, want %v", tc.query, got, tc.want)
			continue
		}
		for _, c := range tc.want {
			if got[c] == "" {
				t.Errorf("%s lists %v, want %v", tc.query, got, tc.want)
			}
		}
	}
	region := countryItems(mustGet(t, ts, "/countries?region=arab-states"))
	if len(region) != 1 || len(region["arab-states"]) == 0 {
		t.Errorf("region=arab-states lists regions %v", region)
	}
	if body := mustGet(t, ts, "/countries?q=atlantis"); !strings.Contains(body, `<span id="countries-shown">0</span>`) ||
		strings.Contains(body, `id="countries-nomatch" class="nomatch" hidden`) {
		t.Error("a filter that matches nothing does not say so")
	}

	for _, bad := range []string{"region=mars", "region=019", "with=all", "q=" + strings.Repeat("a", 101)} {
		resp, body := get(t, ts, "/countries?"+bad)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("/countries?%.30s = %d, want 400", bad, resp.StatusCode)
		}
		if !strings.Contains(body, "may") && !strings.Contains(body, "Unknown") {
			t.Errorf("/countries?%.30s: no message saying what is wrong", bad)
		}
	}
}

// TestCountryPageNamesAndSources: a country page shows the UN's name, keeps
// ISO's and the formal name, says where the name comes from, and names the
// source of its ILO and M49 regions.
func TestCountryPageNamesAndSources(t *testing.T) {
	ts, _ := newTestServer(t)
	body := mustGet(t, ts, "/countries/TZ")
	for _, want := range []string{
		"<h1>United Republic of Tanzania</h1>",
		"<dd>Tanzania, United Republic of</dd>",
		"UN DESA&#39;s International Migrant Stock 2020",
		`href="https://ilostat.ilo.org/methods/concepts-and-definitions/classification-country-groupings/"`,
		`href="https://unstats.un.org/unsd/methodology/m49/"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/countries/TZ lacks %s", want)
		}
	}
	body = mustGet(t, ts, "/countries/TW")
	for _, want := range []string{"<h1>Taiwan, China</h1>", "<dd>Asia and the Pacific</dd>", "Name used by ILOSTAT",
		"<dd>Taiwan, Province of China</dd>", "ilostat.ilo.org"} {
		if !strings.Contains(body, want) {
			t.Errorf("/countries/TW lacks %s", want)
		}
	}
	if strings.Contains(body, "unstats.un.org") {
		t.Error("/countries/TW cites M49 for regions it has none of")
	}
}

// mustGet fetches path and fails the test unless it answers 200.
func mustGet(t *testing.T, ts *httptest.Server, path string) string {
	t.Helper()
	resp, body := get(t, ts, path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d, want 200", path, resp.StatusCode)
	}
	return body
}
