package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/lmo-observatory/lmo"
)

// importStatisticsFixture writes a few real values into m's store through the
// store's own import: UN DESA, International Migrant Stock 2020 (Table 1,
// both sexes; Table 3, share of the population), from the workbook in
// ../shared/data/undesa.
func importStatisticsFixture(t *testing.T, m *Main) {
	t.Helper()
	years := []int{1990, 1995, 2000, 2005, 2010, 2015, 2020}
	stock := map[string][7]float64{
		"001": {152986157, 161289976, 173230585, 191446828, 220983187, 247958644, 280598105},
		"PH":  {154071, 207345, 318095, 257468, 208599, 211862, 225525},
		"DE":  {5936181, 7464406, 8992631, 9402447, 9812263, 10220418, 15762457},
		"MX":  {695674, 458549, 538051, 712648, 969710, 1013691, 1197624},
		"US":  {23251026, 28451053, 34814053, 39258293, 44183643, 48178877, 50632836},
	}
	share := map[string][7]float64{
		"PH": {0.24892249668144537, 0.29712361214957211, 0.40785720470433823, 0.29824994948523825, 0.22199227335480587, 0.2074775715101923, 0.20580650392355579},
	}
	var obs []lmo.Observation
	for _, area := range []string{"001", "DE", "MX", "PH", "US"} {
		for i, y := range years {
			obs = append(obs, lmo.Observation{Indicator: "IMS_STOCK", Area: area, Sex: lmo.SexTotal, Period: lmo.Period{Year: y}, Value: stock[area][i], Status: lmo.StatusReported})
		}
	}
	for i, y := range years {
		obs = append(obs, lmo.Observation{Indicator: "IMS_STOCK_PCT_POP", Area: "PH", Sex: lmo.SexTotal, Period: lmo.Period{Year: y}, Value: share["PH"][i], Status: lmo.StatusReported})
	}
	in := lmo.StatisticsImport{
		Dataset: lmo.Dataset{Code: "undesa-ims", Edition: "2020", Publisher: "United Nations, Department of Economic and Social Affairs, Population Division",
			Title: "International Migrant Stock 2020", URL: "https://www.un.org/development/desa/pd/content/international-migrant-stock",
			Licence: "CC BY 3.0 IGO", LicenceURL: "https://creativecommons.org/licenses/by/3.0/igo/",
			Citation: "United Nations Department of Economic and Social Affairs, Population Division (2020). International Migrant Stock 2020."},
		Indicators: []*lmo.Indicator{
			{Code: "IMS_STOCK", Title: "International migrant stock", Unit: "persons"},
			{Code: "IMS_STOCK_PCT_POP", Title: "International migrants as a share of the population", Unit: "percent"}},
		Observations: func(yield func(lmo.Observation, error) bool) {
			for _, o := range obs {
				if !yield(o, nil) {
					return
				}
			}
		},
	}
	if _, err := m.DB.ImportStatistics(lmo.NewContextWithUser(t.Context(), lmo.SystemUser), in, "browser test"); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserStatisticsExplorer drives the indicator explorer with the
// keyboard only, with and without JavaScript: choose two areas in the
// list and a year, submit, and find the permalink, the chart's lines, the
// bar chart and the table changed to match; then switch to the map view
// and back by keyboard, the choices kept.
func TestBrowserStatisticsExplorer(t *testing.T) {
	for _, js := range []bool{true, false} {
		m := startMain(t)
		importStatisticsFixture(t, m)
		ctx := browser(t)
		if !js {
			noScript(t, ctx)
		}
		navigate(t, ctx, chromedp.Navigate(m.URL()+"/statistics/IMS_STOCK"))
		if got := value(t, ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("#area option:checked")].map(o => o.value).join(",")`)); got != "001" {
			t.Fatalf("JavaScript %v: the areas chosen by default are %q, want the world", js, got)
		}
		// The list of areas reads: World, Germany, Mexico, Philippines,
		// United States. Down moves the choice to Germany; Shift+Down adds
		// Mexico.
		do(t, ctx, chromedp.Focus(chromedp.CSS("#area")),
			chromedp.KeyEvent(kb.ArrowDown),
			chromedp.KeyEvent(kb.ArrowDown, chromedp.KeyModifiers(kb.ModifierShift)))
		if got := value(t, ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("#area option:checked")].map(o => o.value).join(",")`)); got != "DE,MX" {
			t.Fatalf("JavaScript %v: after the keys the areas chosen are %q, want DE,MX", js, got)
		}
		// Tab to the year, type 2010, Tab on to the button and press Enter.
		for range 4 { // sex, from, to, year
			do(t, ctx, chromedp.KeyEvent(kb.Tab))
		}
		if id := value(t, ctx, chromedp.Evaluate[string](`document.activeElement.id`)); id != "year" {
			t.Fatalf("JavaScript %v: four Tabs from the areas land on %q, not the year", js, id)
		}
		do(t, ctx, chromedp.KeyEvent("2010"))
		do(t, ctx, chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Tab))
		if tag := value(t, ctx, chromedp.Evaluate[string](`document.activeElement.tagName + " " + document.activeElement.type`)); tag != "BUTTON submit" {
			t.Fatalf("JavaScript %v: focus is on %s, not the Show button", js, tag)
		}
		navigate(t, ctx, chromedp.KeyEvent(kb.Enter))
		url := value(t, ctx, chromedp.Location())
		if !strings.HasSuffix(url, "/statistics/IMS_STOCK?area=DE&area=MX&year=2010") {
			t.Fatalf("JavaScript %v: the permalink is %s", js, url)
		}
		lines := value(t, ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("#line-chart-t ~ g[role=graphics-object]")].map(g => g.getAttribute("aria-label")).join(",")`))
		if lines != "Germany,Mexico" {
			t.Errorf("JavaScript %v: the chart's lines are %q", js, lines)
		}
		bars := value(t, ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("svg[aria-labelledby^=bar-chart] title")].slice(1).map(t => t.textContent).join("; ")`))
		if bars != "Germany: 9\u202f812\u202f263; Mexico: 969\u202f710" {
			t.Errorf("JavaScript %v: the bars read %q", js, bars)
		}
		head := value(t, ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("#table-h ~ .table-wrap thead th")].map(th => th.textContent).join(",")`))
		row := value(t, ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("#table-h ~ .table-wrap tbody tr")].find(tr => tr.querySelector("th").textContent === "2010").textContent`))
		if head != "Period,Germany,Mexico" || row != "20109\u202f812\u202f263969\u202f710" {
			t.Errorf("JavaScript %v: the table reads %q / %q", js, head, row)
		}
		// The map tab by keyboard: focus its link and press Enter.
		do(t, ctx, chromedp.Focus(chromedp.CSS(`nav.tabs a[href*="view=map"]`)))
		navigate(t, ctx, chromedp.KeyEvent(kb.Enter))
		url = value(t, ctx, chromedp.Location())
		if !strings.HasSuffix(url, "/statistics/IMS_STOCK?area=DE&area=MX&year=2010&view=map") {
			t.Errorf("JavaScript %v: the map view's address is %s", js, url)
		}
		if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("svg.lmo-map a").length`)); n < 100 {
			t.Errorf("JavaScript %v: the map links %d countries", js, n)
		}
		if title := value(t, ctx, chromedp.Evaluate[string](`document.getElementById("value-map-t").textContent`)); title != "International migrant stock, 2010, by country" {
			t.Errorf("JavaScript %v: the map is titled %q", js, title)
		}
	}
}

// TestBrowserStatisticsPhone: at 390 px the country page's statistics
// block fits the screen (no sideways scroll), its chart is drawn at the
// width of the column and its table opens from the keyboard; the header
// menu stays on one line on the statistics pages.
func TestBrowserStatisticsPhone(t *testing.T) {
	m := startMain(t)
	importStatisticsFixture(t, m)
	ctx := browser(t)
	do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
	navigate(t, ctx, chromedp.Navigate(m.URL()+"/countries/PH"))
	if w := value(t, ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("the country page is %.0f px wide at 390 px", w)
	}
	chart := value(t, ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector(".country-stats svg.lmo-chart").getBoundingClientRect(); return [r.left, r.right, r.width]; })()`))
	if chart[0] < 0 || chart[1] > 390 || chart[2] < 300 {
		t.Errorf("the stock chart spans %v at 390 px", chart)
	}
	if got := value(t, ctx, chromedp.Text(chromedp.CSS(".country-stats p.count"))); got != "225\u202f525 persons in 2020" {
		t.Errorf("the block's figure reads %q", got)
	}
	do(t, ctx, chromedp.Focus(chromedp.CSS(".country-stats details summary")), chromedp.KeyEvent(kb.Enter))
	if !value(t, ctx, chromedp.Evaluate[bool](`document.querySelector(".country-stats details").open`)) {
		t.Error("Enter on the summary does not open the table")
	}
	if w := value(t, ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("with its table open the country page is %.0f px wide", w)
	}
	for _, path := range []string{"/statistics", "/statistics/IMS_STOCK", "/statistics/IMS_STOCK?view=map"} {
		navigate(t, ctx, chromedp.Navigate(m.URL()+path))
		if !value(t, ctx, chromedp.Evaluate[bool](menuOnOneLine)) {
			t.Errorf("%s: the header menu wraps at 390 px", path)
		}
		if w := value(t, ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`)); w > 390 {
			t.Errorf("%s is %.0f px wide at 390 px", path, w)
		}
	}
}
