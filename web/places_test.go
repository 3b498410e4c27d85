package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// brokenMarks are what a page must never show: a value that is not a
// number, an unfilled template, an empty chart.
var brokenMarks = []string{"??", "<no value>", `<svg role="graphics-document"></svg>`, "%!"}

// notANumber finds a value written from NaN or an infinity.
var notANumber = regexp.MustCompile(`\b(NaN|[+-]?Inf)\b`)

func checkNotBroken(t *testing.T, path, page string) {
	t.Helper()
	if m := notANumber.FindString(page); m != "" {
		t.Errorf("%s shows %q", path, m)
	}
	for _, m := range brokenMarks {
		if strings.Contains(page, m) {
			i := strings.Index(page, m)
			t.Errorf("%s shows %q: …%s…", path, m, page[max(0, i-120):min(len(page), i+120)])
		}
	}
}

func TestCountryPagesRichAndEmpty(t *testing.T) {
	ts, _ := newTestServer(t)
	for _, c := range []struct {
		path string
		want []string
	}{
		{"/countries/PH", []string{`class="figures"`, "Migrant stock 2020", `href="/corridors/PH-SA"`, `href="/regions/asia-pacific"`, `href="/countries/PH/data.zip"`, "Cite this page", "places.css",
			// The ILO's global estimates are the world's only: the
			// page says it has no count of the country's migrant workers.
			"No data on International migrant workers for Philippines"}},
		{"/countries/DE", []string{`class="figures"`, "Migrant stock 2020", "Largest corridors", `href="/regions/155"`}},
		{"/countries/BV", []string{"LMO holds no data on this country&#39;s migration corridors.", "No good practice involving this country", "Cite this page"}},
		{"/countries/AQ", []string{"LMO holds no data on this country&#39;s migration corridors."}},
	} {
		resp, page := get(t, ts, c.path)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", c.path, resp.StatusCode)
		}
		checkNotBroken(t, c.path, page)
		for _, w := range c.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %q", c.path, w)
			}
		}
	}
	_, page := get(t, ts, "/countries/BV")
	if strings.Contains(page, `class="figures"`) || strings.Contains(page, "<svg") {
		t.Errorf("/countries/BV, with no statistics, shows figures or a chart")
	}
}

func TestCorridorPage(t *testing.T) {
	ts, _ := newTestServer(t)
	resp, page := get(t, ts, "/corridors/PH-SA")
	if resp.StatusCode != 200 {
		t.Fatalf("/corridors/PH-SA: %d", resp.StatusCode)
	}
	checkNotBroken(t, "/corridors/PH-SA", page)
	for _, w := range []string{"<h1>Philippines to Saudi Arabia</h1>", "<svg", "Female migrants only", "Ratifications, side by side",
		`href="/corridors/SA-PH"`, `href="/countries/PH"`, `href="/countries/SA"`, "Cite this page"} {
		if !strings.Contains(page, w) {
			t.Errorf("/corridors/PH-SA lacks %q", w)
		}
	}
	// The page shows what the API gives.
	var api struct {
		Stock struct {
			Values []struct {
				Period string  `json:"period"`
				Value  float64 `json:"value"`
			} `json:"values"`
		} `json:"migrant_stock"`
	}
	apiJSON(t, ts, "/api/v1/corridors/PH-SA", &api)
	if len(api.Stock.Values) == 0 {
		t.Fatal("the API gives no migrant stock from PH in SA")
	}
	last := api.Stock.Values[len(api.Stock.Values)-1]
	var obs struct {
		Items []struct {
			Value float64 `json:"value"`
		} `json:"items"`
	}
	apiJSON(t, ts, "/api/v1/observations?indicator=IMS_STOCK_BY_ORIGIN&area=SA&origin=PH&time="+last.Period, &obs)
	if len(obs.Items) != 1 || obs.Items[0].Value != last.Value {
		t.Errorf("corridor %s = %v; observations %+v", last.Period, last.Value, obs.Items)
	}

	// No data: an honest line in each section, no chart.
	_, page = get(t, ts, "/corridors/BV-AQ")
	checkNotBroken(t, "/corridors/BV-AQ", page)
	if strings.Contains(page, "<svg") || !strings.Contains(page, "LMO holds no migrant stock from Bouvet Island in Antarctica") ||
		!strings.Contains(page, "LMO holds no remittance costs") || !strings.Contains(page, "No practice in LMO names the corridor") {
		t.Errorf("/corridors/BV-AQ does not say what it lacks")
	}

	for path, status := range map[string]int{"/corridors/ZZ-SA": 404, "/corridors/PH-PH": 400, "/corridors/PHSA": 404, "/corridors/PH-S1": 404} {
		if resp, _ := get(t, ts, path); resp.StatusCode != status {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, status)
		}
	}
	resp, _ = noRedirect(t, ts, "/corridors/ph-sa")
	if resp.StatusCode != 301 || resp.Header.Get("Location") != "/corridors/PH-SA" {
		t.Errorf("/corridors/ph-sa: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestCorridorSearch(t *testing.T) {
	ts, _ := newTestServer(t)
	for q, want := range map[string]string{
		"Philippines to Saudi Arabia":   "/corridors/PH-SA",
		"from PH to SA":                 "/corridors/PH-SA",
		"Filipinas a Arabia Saudí":      "/corridors/PH-SA",
		"Indonésie vers Malaisie":       "/corridors/ID-MY",
		"domestic workers to employers": "",
		"PH to PH":                      "",
	} {
		_, page := get(t, ts, "/practices?q="+url.QueryEscape(q))
		got := regexp.MustCompile(`class="notice corridor-suggestion"><a href="([^"]+)"`).FindStringSubmatch(page)
		switch {
		case want == "" && got != nil:
			t.Errorf("%q suggests %s", q, got[1])
		case want != "" && (got == nil || got[1] != want):
			t.Errorf("%q suggests %v, want %s", q, got, want)
		}
	}
}

func TestRegionPage(t *testing.T) {
	ts, _ := newTestServer(t)
	resp, page := get(t, ts, "/regions/arab-states")
	if resp.StatusCode != 200 {
		t.Fatalf("/regions/arab-states: %d", resp.StatusCode)
	}
	checkNotBroken(t, "/regions/arab-states", page)
	for _, w := range []string{"<h1>Arab States</h1>", "<svg", `href="/countries/SA"`, "Parties among the members today", "Cite this page"} {
		if !strings.Contains(page, w) {
			t.Errorf("/regions/arab-states lacks %q", w)
		}
	}
	if resp, _ := get(t, ts, "/regions/nowhere"); resp.StatusCode != 404 {
		t.Errorf("/regions/nowhere: %d", resp.StatusCode)
	}
	// Northern America (BM, CA, GL, PM, US): every member has a migrant
	// stock in 2020, so the page sums them; not every member has
	// remittances paid in 2020, so it says how many lack them.
	var api struct {
		Members    []struct{ Code string } `json:"members"`
		Statistics []struct {
			Indicator string `json:"indicator"`
			Years     []struct {
				Year    int      `json:"year"`
				Sum     *float64 `json:"sum"`
				With    int      `json:"members_with_data"`
				Missing int      `json:"members_missing"`
			} `json:"years"`
		} `json:"statistics"`
	}
	apiJSON(t, ts, "/api/v1/regions/021/profile", &api)
	sums := map[string]*float64{}
	missing := map[string]int{}
	for _, st := range api.Statistics {
		for _, y := range st.Years {
			if (y.Sum != nil) != (y.Missing == 0) || (y.With > 0 && y.With+y.Missing != len(api.Members)) {
				t.Errorf("%s %d: sum %v with %d missing of %d", st.Indicator, y.Year, y.Sum, y.Missing, len(api.Members))
			}
			key := fmt.Sprintf("%s %d", st.Indicator, y.Year)
			sums[key], missing[key] = y.Sum, y.Missing
		}
	}
	var obs struct {
		Items []struct {
			Area   string  `json:"area"`
			Value  float64 `json:"value"`
			Origin string  `json:"origin"`
		} `json:"items"`
	}
	apiJSON(t, ts, "/api/v1/observations?indicator=IMS_STOCK&sex=total&time=2020&area=BM&area=CA&area=GL&area=PM&area=US", &obs)
	want := 0.0
	for _, o := range obs.Items {
		want += o.Value
	}
	if len(obs.Items) != 5 || sums["IMS_STOCK 2020"] == nil || *sums["IMS_STOCK 2020"] != want {
		t.Errorf("Northern America's 2020 stock: sum %v, want %v of %d members", sums["IMS_STOCK 2020"], want, len(obs.Items))
	}
	n := missing["BM.TRF.PWKR.CD.DT 2020"]
	if n == 0 || sums["BM.TRF.PWKR.CD.DT 2020"] != nil {
		t.Fatalf("Northern America's 2020 remittances paid: %d members missing, sum %v", n, sums["BM.TRF.PWKR.CD.DT 2020"])
	}
	_, page = get(t, ts, "/regions/021")
	if w := fmt.Sprintf("no sum: %d of 5 members without data", n); !strings.Contains(page, w) {
		t.Errorf("/regions/021 does not say %q", w)
	}
	if strings.Contains(page, "International migrant workers") {
		t.Error("/regions/021 shows migrant workers, which LMO holds for the world only")
	}
}

// TestWorldMigrantWorkers: the world's page gives the ILO's global
// estimate of migrant workers as the publisher's own figure, and says that
// no member has one to sum.
func TestWorldMigrantWorkers(t *testing.T) {
	ts, _ := newTestServer(t)
	var obs struct {
		Items []struct {
			Value  float64 `json:"value"`
			Period string  `json:"period"`
		} `json:"items"`
	}
	apiJSON(t, ts, "/api/v1/observations?indicator=ILO_GE_MIGRANT_WORKERS&area=001&sex=total", &obs)
	if len(obs.Items) == 0 {
		t.Fatal("the starter data hold no world estimate of migrant workers")
	}
	latest := obs.Items[0]
	for _, o := range obs.Items {
		if o.Period > latest.Period {
			latest = o
		}
	}
	_, page := get(t, ts, "/regions/001")
	checkNotBroken(t, "/regions/001", page)
	i := strings.Index(page, "International migrant workers")
	if i < 0 {
		t.Fatal("/regions/001 lacks the migrant workers")
	}
	block := page[i:min(len(page), i+2000)]
	for _, w := range []string{latest.Period, fmt.Sprintf("%.1f million", latest.Value/1e6), "members without data"} {
		if !strings.Contains(block, w) {
			t.Errorf("the world's migrant workers lack %q:\n%s", w, block)
		}
	}
}
