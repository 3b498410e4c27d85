package web_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo/web"
	"github.com/xuri/excelize/v2"
)

// obsList is the body of /api/v1/observations as a client reads it.
type obsList struct {
	Count    int `json:"count"`
	Datasets []struct {
		Code, Edition, Licence, Citation string
	} `json:"datasets"`
	Items []map[string]any `json:"items"`
	Links map[string]string
}

func fetchJSON(t *testing.T, ts interface{ Client() *http.Client }, url string, v any) *http.Response {
	t.Helper()
	resp, err := ts.Client().Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %d: %v", url, resp.StatusCode, err)
	}
	return resp
}

// allPages follows links.next from path and returns every item.
func allPages(t *testing.T, tsURL string, client interface{ Client() *http.Client }, path string) ([]map[string]any, int) {
	t.Helper()
	items := []map[string]any{}
	next, pages := tsURL+path, 0
	for next != "" {
		var l obsList
		if resp := fetchJSON(t, client, next, &l); resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", next, resp.StatusCode)
		}
		if l.Count != len(l.Items) {
			t.Fatalf("count %d, %d items", l.Count, len(l.Items))
		}
		items = append(items, l.Items...)
		next = l.Links["next"]
		if pages++; pages > 1000 {
			t.Fatal("more than 1000 pages")
		}
	}
	return items, pages
}

func TestStatisticsAPI(t *testing.T) {
	ts, _ := newStatsServer(t)

	var datasets struct {
		Total int
		Items []struct {
			Code     string
			Licence  string
			Editions []struct{ Edition, Citation, LicenceURL string }
		}
	}
	fetchJSON(t, ts, ts.URL+"/api/v1/datasets", &datasets)
	codes := []string{}
	for _, d := range datasets.Items {
		codes = append(codes, d.Code)
	}
	// The fixture's and the starter's (the ILO global estimates), by code.
	if !slices.Equal(codes, []string{"ilo-global-estimates", "lmo-synthetic", "rpw", "undesa-ims", "wdi"}) || datasets.Total != len(codes) {
		t.Fatalf("datasets: %v", codes)
	}
	un := datasets.Items[3]
	if len(un.Editions) != 2 || un.Editions[0].Edition != "2020" || un.Editions[1].Edition != "2019" || un.Licence != "CC BY 3.0 IGO" ||
		!strings.Contains(un.Editions[0].Citation, "International Migrant Stock 2020") {
		t.Errorf("UN DESA: %+v", un)
	}

	var indicators struct {
		Total int
		Items []struct {
			Code, Dataset, Unit string
			CurrentEdition      string `json:"current_edition"`
			Editions            []string
		}
	}
	fetchJSON(t, ts, ts.URL+"/api/v1/indicators", &indicators)
	var icodes []string
	for _, in := range indicators.Items {
		icodes = append(icodes, in.Code)
	}
	for _, want := range []string{"ATCR.CORR", "BM.TRF.PWKR.CD.DT", "ILO_GE_MIGRANT_WORKERS", "IMS_STOCK", "IMS_STOCK_PCT_POP", "LMO_TEST_SYNTHETIC"} {
		if !slices.Contains(icodes, want) {
			t.Errorf("no indicator %s in %v", want, icodes)
		}
	}
	if !slices.IsSorted(icodes) || indicators.Total != len(icodes) {
		t.Errorf("indicators not by code, or total %d for %d: %v", indicators.Total, len(icodes), icodes)
	}
	var ind struct {
		Code, Dataset, Unit string
		Current             string   `json:"current_edition"`
		Editions            []string `json:"editions"`
		HTML                string   `json:"html"`
	}
	fetchJSON(t, ts, ts.URL+"/api/v1/indicators/IMS_STOCK", &ind)
	if ind.Dataset != "undesa-ims" || ind.Current != "2020" || !slices.Equal(ind.Editions, []string{"2019", "2020"}) || !strings.HasSuffix(ind.HTML, "/statistics/IMS_STOCK") {
		t.Errorf("IMS_STOCK: %+v", ind)
	}
	if resp, body := get(t, ts, "/api/v1/indicators/NOPE"); resp.StatusCode != 404 || !strings.Contains(resp.Header.Get("Content-Type"), "problem+json") {
		t.Errorf("unknown indicator: %d %s", resp.StatusCode, body)
	}
	var aggs struct {
		Items []struct{ Code, Name string }
	}
	fetchJSON(t, ts, ts.URL+"/api/v1/aggregates", &aggs)
	if !slices.ContainsFunc(aggs.Items, func(a struct{ Code, Name string }) bool {
		return a.Code == "TEST:AGG" && a.Name == "A synthetic aggregate"
	}) {
		t.Errorf("aggregates: %+v", aggs)
	}

	// Values, with their provenance.
	value := func(path string) (float64, obsList) {
		t.Helper()
		var l obsList
		if resp := fetchJSON(t, ts, ts.URL+path, &l); resp.StatusCode != 200 || len(l.Items) != 1 {
			t.Fatalf("GET %s: %d, %d items", path, resp.StatusCode, len(l.Items))
		}
		return l.Items[0]["value"].(float64), l
	}
	for path, want := range map[string]float64{
		"/api/v1/observations?indicator=IMS_STOCK&area=001&sex=total&time=2020":                                 280598105,
		"/api/v1/observations?indicator=IMS_STOCK&area=001&sex=male&time=2020":                                  145655844,
		"/api/v1/observations?indicator=IMS_STOCK&area=001&sex=female&time=2020..2020":                          134942261,
		"/api/v1/observations?indicator=IMS_STOCK&area=001&sex=total&time=..1990":                               152986157,
		"/api/v1/observations?indicator=IMS_STOCK&area=001&sex=female&time=2019&edition=2019":                   130154101,
		"/api/v1/observations?indicator=BM.TRF.PWKR.CD.DT&area=ph&time=2020":                                    211194462.415954,
		"/api/v1/observations?indicator=LMO_TEST_SYNTHETIC&area=PH&time=2021Q1":                                 3.5,
		"/api/v1/observations?indicator=LMO_TEST_SYNTHETIC&area=PH&time=2021-Q1..2021-Q2":                       3.5,
		"/api/v1/observations?indicator=LMO_TEST_SYNTHETIC&area=QA&origin=NP":                                   7,
		"/api/v1/observations?indicator=ATCR.CORR&area=US&origin=PH&time=2020-Q3":                               3.63761901855469,
		"/api/v1/observations?indicator=LMO_TEST_SYNTHETIC&area=TEST:AGG":                                       30,
		"/api/v1/observations?indicator=IMS_STOCK_PCT_POP&area=DE&sex=total&time=2020&changed_since=2000-01-01": 18.81321892875777,
	} {
		got, l := value(path)
		if got != want {
			t.Errorf("%s: %v, want %v", path, got, want)
		}
		it := l.Items[0]
		if it["dataset"] == "" || it["edition"] == "" || len(l.Datasets) != 1 || l.Datasets[0].Code != it["dataset"] || l.Datasets[0].Edition != it["edition"] ||
			l.Datasets[0].Licence == "" {
			t.Errorf("%s: provenance missing: %+v, datasets %+v", path, it, l.Datasets)
		}
	}
	// The current edition by default; every edition with all.
	var cur, all obsList
	fetchJSON(t, ts, ts.URL+"/api/v1/observations?indicator=IMS_STOCK&area=001&sex=female", &cur)
	fetchJSON(t, ts, ts.URL+"/api/v1/observations?indicator=IMS_STOCK&area=001&sex=female&edition=all", &all)
	if cur.Count != 7 || all.Count != 14 || len(all.Datasets) != 2 {
		t.Errorf("female world stock: %d in the current edition, %d in all (%d datasets); want 7 and 14 (2)", cur.Count, all.Count, len(all.Datasets))
	}
	// An unavailable value is null with its status; changed_since in the
	// future selects nothing.
	var syn obsList
	fetchJSON(t, ts, ts.URL+"/api/v1/observations?indicator=LMO_TEST_SYNTHETIC&area=PH&time=2020", &syn)
	if len(syn.Items) != 1 || syn.Items[0]["value"] != nil || syn.Items[0]["status"] != "unavailable" {
		t.Errorf("unavailable: %+v", syn.Items)
	}
	var none obsList
	fetchJSON(t, ts, ts.URL+"/api/v1/observations?changed_since=2999-01-01T00:00:00Z", &none)
	if none.Count != 0 || none.Links["next"] != "" {
		t.Errorf("changed_since in the future: %+v", none)
	}
}

func TestStatisticsBadParameters(t *testing.T) {
	ts, _ := newStatsServer(t)
	for query, param := range map[string]string{
		"indicator=NOPE":                   "indicator",
		"area=zz1":                         "area",
		"area=PH&origin=n%C3%A9":           "origin",
		"sex=x":                            "sex",
		"time=abc":                         "time",
		"time=2020..2010":                  "time",
		"time=..":                          "time",
		"time=2020-13":                     "time",
		"indicator=IMS_STOCK&edition=1999": "edition",
		"edition=a%20b":                    "edition",
		"limit=0":                          "limit",
		"limit=10001":                      "limit",
		"limit=x":                          "limit",
		"changed_since=yesterday":          "changed_since",
		"cursor=not-a-cursor":              "cursor",
		"area=" + strings.Repeat("&area=PH", 0) + strings.Join(manyAreas(51), "&area="): "area",
	} {
		for _, path := range []string{"/api/v1/observations?", "/observations.csv?"} {
			if path == "/observations.csv?" && param == "cursor" {
				continue // downloads read everything: no cursor
			}
			resp, body := get(t, ts, path+query)
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("%s%s: %d, want 400", path, query, resp.StatusCode)
				continue
			}
			if !strings.Contains(body, param) {
				t.Errorf("%s%s: the error does not name %s: %.300s", path, query, param, body)
			}
		}
	}
}

func manyAreas(n int) []string {
	var out []string
	for i := range n {
		out = append(out, string(rune('A'+i/26))+string(rune('A'+i%26)))
	}
	return out
}

// TestStatisticsPaging pages through every observation of every edition,
// a few at a time, and finds exactly what one page of all holds, in the
// same order, with no repeat.
func TestStatisticsPaging(t *testing.T) {
	ts, _ := newStatsServer(t)
	whole, pages := allPages(t, ts.URL, ts, "/api/v1/observations?"+fixtureQuery+"&limit=10000")
	// The fixture, and what the starter holds beside it in the same
	// indicators (the sexes and areas the fixture does not replace).
	if pages != 1 || len(whole) < fixtureCount() {
		t.Fatalf("%d observations in %d pages, want at least %d in 1", len(whole), pages, fixtureCount())
	}
	for _, limit := range []string{"7", "50", "333"} {
		paged, pages := allPages(t, ts.URL, ts, "/api/v1/observations?"+fixtureQuery+"&limit="+limit)
		if !jsonEqual(t, paged, whole) {
			t.Errorf("limit %s: %d pages give %d observations, not the %d of one page", limit, pages, len(paged), len(whole))
		}
	}
	// One at a time, over the fixture's own indicators.
	small := "/api/v1/observations?indicator=LMO_TEST_SYNTHETIC&indicator=ATCR.CORR&edition=all"
	one, _ := allPages(t, ts.URL, ts, small+"&limit=10000")
	byOne, pages := allPages(t, ts.URL, ts, small+"&limit=1")
	if len(one) != 15 || pages != 15 || !jsonEqual(t, byOne, one) {
		t.Errorf("one at a time: %d observations in %d pages, %d in one page, want 15", len(byOne), pages, len(one))
	}
	// A filtered query pages the same way.
	q := "/api/v1/observations?indicator=IMS_STOCK&indicator=BM.TRF.PWKR.CD.DT&area=PH&area=001&time=2000..&edition=all"
	whole, _ = allPages(t, ts.URL, ts, q+"&limit=10000")
	paged, pages := allPages(t, ts.URL, ts, q+"&limit=4")
	if len(whole) == 0 || pages < 2 || !jsonEqual(t, paged, whole) {
		t.Errorf("filtered: %d observations by pages of 4 (%d pages), %d in one", len(paged), pages, len(whole))
	}
}

func jsonEqual(t *testing.T, a, b any) bool {
	t.Helper()
	x, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	y, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(x, y)
}

// TestStatisticsDownloads checks that each download of a query holds
// exactly what the API's pages of it hold, with the source and licence of
// every row.
func TestStatisticsDownloads(t *testing.T) {
	ts, _ := newStatsServer(t)
	for _, q := range []string{fixtureQuery, "indicator=ILO_GE_MIGRANT_WORKERS&edition=all", "indicator=IMS_STOCK&area=PH&area=DE&sex=total&time=2000..2020", "indicator=LMO_TEST_SYNTHETIC", "area=XX"} {
		items, _ := allPages(t, ts.URL, ts, "/api/v1/observations?limit=9&"+q)

		resp, body := get(t, ts, "/observations.json?"+q)
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("json %s: %d %s", q, resp.StatusCode, resp.Header.Get("Content-Disposition"))
		}
		var doc struct {
			Query    string
			Datasets []map[string]any
			Items    []map[string]any
		}
		if err := json.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatal(err)
		}
		if !jsonEqual(t, doc.Items, items) {
			t.Errorf("%s: the JSON download has %d items, the API %d, or they differ", q, len(doc.Items), len(items))
		}
		if len(items) > 0 && len(doc.Datasets) == 0 {
			t.Errorf("%s: the JSON download names no dataset", q)
		}

		resp, body = get(t, ts, "/observations.csv?"+q)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("csv %s: %d", q, resp.StatusCode)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows)-1 != len(items) {
			t.Fatalf("%s: %d CSV rows, %d in the API", q, len(rows)-1, len(items))
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		for i, it := range items {
			r := rows[i+1]
			if r[col["indicator"]] != it["indicator"] || r[col["area"]] != it["area"] || r[col["period"]] != it["period"] || r[col["edition"]] != it["edition"] {
				t.Errorf("%s: CSV row %d %v is not API item %v", q, i+1, r, it)
			}
			if v, ok := it["value"].(float64); ok && r[col["value"]] != jsonNumber(v) {
				t.Errorf("%s: CSV value %s, API %v", q, r[col["value"]], v)
			}
			if r[col["licence"]] == "" || r[col["citation"]] == "" || r[col["publisher"]] == "" {
				t.Errorf("%s: CSV row %d lacks its source and licence: %v", q, i+1, r)
			}
		}

		resp, body = get(t, ts, "/observations.xlsx?"+q)
		if resp.StatusCode != 200 {
			t.Fatalf("xlsx %s: %d", q, resp.StatusCode)
		}
		f, err := excelize.OpenReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		xrows, err := f.GetRows("Observations")
		if err != nil {
			t.Fatal(err)
		}
		if len(xrows)-1 != len(items) {
			t.Errorf("%s: %d XLSX rows, %d in the API", q, len(xrows)-1, len(items))
		}
	}
	// The download's validator answers 304.
	resp, _ := get(t, ts, "/observations.csv?indicator=IMS_STOCK")
	if resp2, _ := get(t, ts, "/observations.csv?indicator=IMS_STOCK", "If-None-Match", resp.Header.Get("ETag")); resp2.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", resp2.StatusCode)
	}
}

func jsonNumber(v float64) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestStatisticsPages(t *testing.T) {
	ts, _ := newStatsServer(t)
	check := func(path string, status int, want ...string) string {
		t.Helper()
		resp, body := get(t, ts, path)
		if resp.StatusCode != status {
			t.Fatalf("GET %s: %d, want %d: %.500s", path, resp.StatusCode, status, body)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s: no %q", path, w)
			}
		}
		return body
	}
	check("/statistics", 200, "International migrant stock", "/statistics/IMS_STOCK", "CC BY 3.0 IGO",
		"United Nations Department of Economic and Social Affairs, Population Division (2020). International Migrant Stock 2020.",
		"edition 2019", "World Development Indicators", "editions held: 2019, 2020")

	// The default: the world, the latest year, chart and table.
	body := check("/statistics/IMS_STOCK", 200, `<svg`, "World, 2020: 280\u202f598\u202f105", "<td class=\"num\">280\u202f598\u202f105</td>",
		`<option value="001" selected>World</option>`, "/observations.csv?indicator=IMS_STOCK&amp;area=001&amp;sex=total", "Cite:")
	if strings.Contains(body, `id="bar-chart"`) || strings.Contains(body, "bar-chart-t") {
		t.Error("a bar chart of one area")
	}
	// Areas compared, a year, a range: the permalink keeps them, the chart
	// has a line per area, the bar chart compares them in the year.
	body = check("/statistics/IMS_STOCK?area=PH&area=de&area=MX&from=2000&to=2015&year=2010", 200,
		`aria-label="Philippines"`, `aria-label="Germany"`, `aria-label="Mexico"`, "bar-chart-t", "Germany: 9\u202f812\u202f263",
		`<option value="2010" selected>2010</option>`, `value="2000"`, `value="2015"`,
		"/statistics/IMS_STOCK?area=PH&amp;area=DE&amp;area=MX&amp;from=2000&amp;to=2015&amp;year=2010",
		"/observations.csv?indicator=IMS_STOCK&amp;area=PH&amp;area=DE&amp;area=MX&amp;sex=total&amp;time=2000..2015")
	if strings.Contains(body, ">1995<") || strings.Contains(body, "2020: ") {
		t.Error("years outside the range are shown")
	}
	// The map view: every country of the year, a table of them.
	body = check("/statistics/IMS_STOCK?area=PH&view=map&year=2015", 200, `class="lmo-map"`, "By country, 2015",
		`<input type="hidden" name="view" value="map">`, `<input type="hidden" name="area" value="PH">`, `aria-current="page">Map`,
		`href="/statistics/IMS_STOCK?area=PH&amp;year=2015&amp;view=table#map-table-h"`)
	if strings.Contains(body, `<select id="area"`) {
		t.Error("the map view offers the areas to compare")
	}
	// The table view lists the compared areas over time and every area in
	// the year: the map's values.
	check("/statistics/IMS_STOCK?area=PH&view=table&year=2015", 200, `id="map-table-h"`, "Every area in 2015", "Germany", "10\u202f220\u202f418", "211\u202f862")
	check("/statistics/IMS_STOCK?view=sources", 200, "International Migrant Stock 2020.", "https://creativecommons.org/licenses/by/3.0/igo/", "Retrieved from the publisher")
	check("/statistics/IMS_STOCK?sex=female&edition=2019&view=table", 200, "130\u202f154\u202f101", "edition 2019")
	// Status marks and honest lines.
	check("/statistics/LMO_TEST_SYNTHETIC?area=PH&view=table", 200, "<sup>e</sup>", "<sup>i</sup>", "<sup>b</sup>", "break in series", "not available")
	check("/statistics/IMS_STOCK?area=FR", 200, "No data for France in edition 2020.")
	// Without data for the world, the largest countries of the latest year.
	check("/statistics/LMO_TEST_SYNTHETIC?view=table", 200, `<option value="NP" selected>Nepal</option>`, `<option value="PH" selected>Philippines</option>`,
		`<option value="TEST:AGG">A synthetic aggregate</option>`)
	// A bilateral indicator: by corridor, the other end chosen in the form.
	check("/statistics/ATCR.CORR", 200, "This indicator is given by corridor", `<select id="origin" name="origin">`, `<option value="PH">Philippines</option>`)
	check("/statistics/ATCR.CORR?area=US&area=CA&origin=PH&view=table", 200, "Other end of the corridor: Philippines.", "<th scope=\"row\">2020-Q3</th><td class=\"num\">3.6</td><td class=\"num\">4.8</td>",
		`<option value="PH" selected>Philippines</option>`, "/observations.csv?indicator=ATCR.CORR&amp;area=US&amp;area=CA&amp;origin=PH&amp;sex=total")
	check("/statistics/IMS_STOCK?from=1800&to=1801", 200, "No data for International migrant stock (Both sexes) in edition 2020 for these years.")
	// Bad input keeps the page, the message beside its field.
	body = check("/statistics/IMS_STOCK?area=PH&from=abc&to=1990&edition=1999&view=nope", 400,
		`id="from-error"`, `value="abc"`, "from must be a year such as 2020", `id="edition-error"`, "Edition &#34;1999&#34; is not an edition of IMS_STOCK",
		`id="view"`, `<option value="PH" selected>Philippines</option>`)
	if !strings.Contains(body, `aria-invalid="true"`) {
		t.Error("no field marked invalid")
	}
	check("/statistics/IMS_STOCK?area=A1&area=PH", 400, `id="area-error"`)
	check("/statistics/IMS_STOCK?"+strings.Repeat("area=PH&", 1)+"area=DE&area=MX&area=US&area=001&area=FR&area=IT", 400, "Choose at most 6 areas")
	check("/statistics/NOPE", 404)
	// A submitted form (empty and default fields included) goes on to the
	// permalink, which names only the choices.
	noFollow := *ts.Client()
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noFollow.Get(ts.URL + "/statistics/IMS_STOCK?area=de&area=MX&sex=total&from=&to=&year=2010&edition=&view=map")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || loc != "/statistics/IMS_STOCK?area=DE&area=MX&year=2010&view=map" {
		t.Errorf("form submission: %d to %q", resp.StatusCode, loc)
	}

	// The charts as files.
	resp, svgBody := get(t, ts, "/statistics/IMS_STOCK/chart.svg?area=PH&area=MX&chart=bar")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(svgBody, "<style>") ||
		!strings.Contains(svgBody, "Philippines: 225\u202f525") || !strings.Contains(resp.Header.Get("Content-Disposition"), "lmo-IMS_STOCK-bar.svg") {
		t.Errorf("bar chart file: %d %s %.300s", resp.StatusCode, resp.Header.Get("Content-Type"), svgBody)
	}
	for _, ch := range []string{"line", "map"} {
		if resp, body := get(t, ts, "/statistics/IMS_STOCK/chart.svg?chart="+ch); resp.StatusCode != 200 || !strings.HasPrefix(body, "<?xml") {
			t.Errorf("%s chart file: %d", ch, resp.StatusCode)
		}
	}
	if resp, _ := get(t, ts, "/statistics/IMS_STOCK/chart.svg?from=x"); resp.StatusCode != 400 {
		t.Errorf("chart file with a bad year: %d, want 400", resp.StatusCode)
	}
	if resp, _ := get(t, ts, "/statistics/IMS_STOCK/chart.svg?area=FR"); resp.StatusCode != 404 {
		t.Errorf("chart file without data: %d, want 404", resp.StatusCode)
	}
}

func TestStatisticsCountryAndHome(t *testing.T) {
	ts, _ := newStatsServer(t)
	_, body := get(t, ts, "/countries/PH")
	for _, want := range []string{`id="stats-h"`, "International migrant stock", "225\u202f525 persons in 2020", "Personal remittances, paid",
		"211\u202f194\u202f462 current US$ in 2020", "World Bank, World Development Indicators, edition 2021-09-15 (CC BY 4.0)",
		"/statistics/IMS_STOCK?area=PH", "0.21 percent in 2020",
		"Sending money to Philippines: the latest value of each corridor", "United States of America</a></th><td class=\"num\">3.6</td><td>2020-Q3</td>"} {
		if !strings.Contains(body, want) {
			t.Errorf("the Philippines' page has no %q", want)
		}
	}
	_, body = get(t, ts, "/countries/FR")
	if !strings.Contains(body, "No data on International migrant stock for France in edition 2020.") || strings.Contains(body, "country-stat-1") {
		t.Error("France's page does not say there are no data")
	}
	_, body = get(t, ts, "/")
	// The ILO's estimate is the starter's (4th edition, 2024: 167.7 million in 2022).
	for _, want := range []string{`id="headline-h"`, "280\u202f598\u202f105", "international migrants in the world", "2020. Source: United Nations",
		"167\u202f700\u202f000", "international migrant workers in the world", "2022. Source: International Labour Organization", "/statistics/IMS_STOCK?area=001"} {
		if !strings.Contains(body, want) {
			t.Errorf("the home page has no %q", want)
		}
	}

	// Without statistics: no block, no box, and the statistics routes are
	// honest about it.
	plain := serveWithoutStatistics(t)
	_, body = get(t, plain, "/")
	if strings.Contains(body, "headline-h") {
		t.Error("the home page shows an empty statistics box")
	}
	_, body = get(t, plain, "/countries/PH")
	if strings.Contains(body, `id="stats-h"`) {
		t.Error("a country page shows an empty statistics block")
	}
	resp, body := get(t, plain, "/statistics")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "This observatory does not hold statistics.") {
		t.Errorf("/statistics without statistics: %d", resp.StatusCode)
	}
}

// TestOpenAPIStatistics validates the statistics answers against the
// document.
func TestOpenAPIStatistics(t *testing.T) {
	ts, _ := newStatsServer(t)
	_, v := openAPIDoc(t, ts)
	var first obsList
	fetchJSON(t, ts, ts.URL+"/api/v1/observations?limit=3", &first)
	next, err := url.Parse(first.Links["next"])
	if err != nil || next.RawQuery == "" {
		t.Fatalf("next link %q", first.Links["next"])
	}
	for _, tc := range []struct {
		path       string
		status     int
		outsideDoc bool
	}{
		{"/api/v1/datasets", 200, false},
		{"/api/v1/indicators", 200, false},
		{"/api/v1/indicators/IMS_STOCK", 200, false},
		{"/api/v1/indicators/BM.TRF.PWKR.CD.DT", 200, false},
		{"/api/v1/indicators/NOPE", 404, false},
		{"/api/v1/aggregates", 200, false},
		{"/api/v1/observations", 200, false},
		{"/api/v1/observations?indicator=IMS_STOCK&indicator=BM.TRF.PWKR.CD.DT&area=PH&area=001&sex=total&time=2000..2020&edition=all&limit=5", 200, false},
		{"/api/v1/observations?indicator=LMO_TEST_SYNTHETIC&time=2021Q1", 200, false},
		{"/api/v1/observations?indicator=LMO_TEST_SYNTHETIC&area=QA&origin=NP&time=..2021", 200, false},
		{"/api/v1/observations?changed_since=2000-01-01T00:00:00Z", 200, false},
		{next.RequestURI(), 200, false},
		{"/api/v1/observations?limit=0", 400, true},
		{"/api/v1/observations?sex=x", 400, true},
		{"/api/v1/observations?indicator=NOPE", 400, false},
		{"/api/v1/observations?cursor=zzz", 400, false},
		{"/observations.csv?indicator=IMS_STOCK", 200, false},
		{"/observations.json?area=PH&edition=all", 200, false},
		{"/observations.xlsx?indicator=BM.TRF.PWKR.CD.DT", 200, false},
		{"/observations.csv?time=soon", 400, true},
	} {
		req, resp, body := fetch(t, ts, tc.path)
		if resp.StatusCode != tc.status {
			t.Errorf("GET %s: %d, want %d: %.300s", tc.path, resp.StatusCode, tc.status, body)
			continue
		}
		if ok, errs := v.ValidateHttpRequest(req); ok == tc.outsideDoc {
			t.Errorf("GET %s: the document accepts it: %v, want %v:%s", tc.path, ok, !tc.outsideDoc, describe(errs))
		}
		validateResponse(t, v, req, resp, body)
	}
	// Conditional requests on a cached route.
	_, resp, _ := fetch(t, ts, "/api/v1/observations?indicator=IMS_STOCK")
	req, resp, body := fetch(t, ts, "/api/v1/observations?indicator=IMS_STOCK", "If-None-Match", resp.Header.Get("ETag"))
	if resp.StatusCode != http.StatusNotModified {
		t.Fatalf("If-None-Match: %d", resp.StatusCode)
	}
	validateResponse(t, v, req, resp, body)
}

// serveWithoutStatistics returns a test server over a seeded database
// whose Config has no statistics service.
func serveWithoutStatistics(t *testing.T) *httptest.Server {
	t.Helper()
	db := seededDB(t)
	srv, err := web.NewServer(web.Config{Practices: db, Countries: db, Vocabularies: db, Standards: db, DB: db, Versions: db,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

// TestStatisticsPageWeight: the statistics pages over the starter
// statistics (every country), with their assets, stay under 100 KB.
func TestStatisticsPageWeight(t *testing.T) {
	ts, _ := newTestServer(t) // the starter statistics, as seeded
	for _, path := range []string{"/statistics", "/statistics/IMS_STOCK", "/statistics/IMS_STOCK?view=map", "/statistics/IMS_STOCK?view=table",
		"/statistics/BM.TRF.PWKR.CD.DT?view=map", "/statistics/ATCR.CORR?area=US&origin=PH", "/countries/PH", "/countries/US", "/"} {
		resp, page := get(t, ts, path)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		total := len(page)
		for _, asset := range regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(page, -1) {
			_, body := get(t, ts, asset[1])
			total += len(body)
		}
		t.Logf("%s with its assets: %d bytes", path, total)
		if total > 100<<10 {
			t.Errorf("%s and its assets weigh %d bytes, more than 100 KB", path, total)
		}
	}
}
