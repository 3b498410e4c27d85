package web_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/storetest"
)

// TestPlacePagesSeeChanges: what the place pages keep between requests
// (the statistics catalog, the standards, the corridors' latest costs, the
// regions' yearly totals) is kept per data version, so a change written
// through another node (here, the store itself) shows on this node's next
// page, never a stale one.
func TestPlacePagesSeeChanges(t *testing.T) {
	db := seededDB(t)
	ts, _ := serveStores(t, db)
	ctx := storetest.Admin()
	northAmerica := []string{"BM", "CA", "GL", "PM", "US"}
	const year = 2035 // a year no one has data of

	type snapshot struct {
		bouvet     string // Bouvet Island's page
		indicators []string
		sum2035    *float64 // Northern America's remittances paid in 2035
	}
	read := func() snapshot {
		var s snapshot
		_, s.bouvet = get(t, ts, "/countries/BV")
		var inds struct {
			Items []struct {
				Code string `json:"code"`
			} `json:"items"`
		}
		apiJSON(t, ts, "/api/v1/indicators", &inds)
		for _, in := range inds.Items {
			s.indicators = append(s.indicators, in.Code)
		}
		var region struct {
			Statistics []struct {
				Indicator string `json:"indicator"`
				Years     []struct {
					Year int      `json:"year"`
					Sum  *float64 `json:"sum"`
				} `json:"years"`
			} `json:"statistics"`
		}
		apiJSON(t, ts, "/api/v1/regions/021/profile", &region)
		for _, st := range region.Statistics {
			for _, y := range st.Years {
				if st.Indicator == "BM.TRF.PWKR.CD.DT" && y.Year == year {
					s.sum2035 = y.Sum
				}
			}
		}
		return s
	}
	const cost, party = `href="/corridors/AQ-BV"`, "Party, by ratification on 2014-01-02"
	before := read() // and the caches are full
	if strings.Contains(before.bouvet, cost) || strings.Contains(before.bouvet, party) ||
		slices.Contains(before.indicators, "LMO_TEST_CACHE") || before.sum2035 != nil {
		t.Fatalf("the starter data already hold what the test adds")
	}

	// Statistics: a cost on the corridor from Antarctica to Bouvet Island,
	// Northern America's remittances paid in a new year, a new indicator.
	reimport(t, db, "ATCR.CORR", lmo.Observation{Indicator: "ATCR.CORR", Area: "BV", Origin: "AQ", Sex: lmo.SexTotal,
		Period: lmo.Period{Year: 2020, Quarter: 4}, Value: 7.5, Status: lmo.StatusReported})
	var paid []lmo.Observation
	for i, c := range northAmerica {
		paid = append(paid, lmo.Observation{Indicator: "BM.TRF.PWKR.CD.DT", Area: c, Sex: lmo.SexTotal, Period: lmo.Period{Year: year},
			Value: float64(i + 1), Status: lmo.StatusReported})
	}
	reimport(t, db, "BM.TRF.PWKR.CD.DT", paid...)
	_, err := db.ImportStatistics(ctx, lmo.StatisticsImport{
		Dataset: lmo.Dataset{Code: "lmo-test-cache", Edition: "1", Publisher: "LMO tests", Title: "Synthetic test data (not real values)",
			URL: "https://example.org/synthetic", Licence: "CC0 1.0"},
		Indicators:   []*lmo.Indicator{{Code: "LMO_TEST_CACHE", Title: "A synthetic test indicator", Unit: "persons"}},
		Observations: func(func(lmo.Observation, error) bool) {},
	}, "cache test")
	if err != nil {
		t.Fatal(err)
	}
	// Standards: Bouvet Island ratifies C189 (not a fact: a test's).
	_, err = db.ImportStandards(ctx, lmo.StandardsImport{Events: []lmo.RatificationEvent{{Instrument: "C189", Country: "BV",
		Event: lmo.EventRatification, Date: lmo.MustParseDate("2014-01-02"), SourceURL: "https://example.org/test"}}}, "cache test")
	if err != nil {
		t.Fatal(err)
	}

	after := read()
	if !strings.Contains(after.bouvet, cost) {
		t.Errorf("/countries/BV does not list the new corridor's cost")
	}
	if !strings.Contains(after.bouvet, party) {
		t.Errorf("/countries/BV does not say Bouvet Island is now a party to C189")
	}
	if !slices.Contains(after.indicators, "LMO_TEST_CACHE") {
		t.Errorf("/api/v1/indicators lacks the new indicator: %v", after.indicators)
	}
	if after.sum2035 == nil || *after.sum2035 != 1+2+3+4+5 {
		t.Errorf("Northern America's remittances paid in %d: sum %v, want 15", year, after.sum2035)
	}
}

// reimport imports again the current edition of the dataset that holds
// indicator, with every observation it has and extra ones.
func reimport(t *testing.T, db stores, indicator string, extra ...lmo.Observation) {
	t.Helper()
	ctx := storetest.Admin()
	in, err := db.FindIndicator(ctx, indicator)
	if err != nil {
		t.Fatal(err)
	}
	datasets, err := db.FindDatasets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(datasets, func(d *lmo.Dataset) bool { return d.Code == in.Dataset && d.Edition == in.Current })
	if i < 0 {
		t.Fatalf("no dataset %s %s", in.Dataset, in.Current)
	}
	all, err := db.FindIndicators(ctx)
	if err != nil {
		t.Fatal(err)
	}
	imp := lmo.StatisticsImport{Dataset: *datasets[i]}
	var codes []string
	for _, x := range all {
		if x.Dataset == in.Dataset && slices.Contains(x.Editions, in.Current) {
			imp.Indicators = append(imp.Indicators, &lmo.Indicator{Code: x.Code, Title: x.Title, Unit: x.Unit, Definition: x.Definition})
			codes = append(codes, x.Code)
		}
	}
	var obs []lmo.Observation
	f := lmo.ObservationFilter{Indicators: codes, Edition: in.Current, Limit: lmo.MaxObservationPage}
	for {
		page, err := db.FindObservations(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		obs = append(obs, page.Observations...)
		if page.Next == "" {
			break
		}
		f.After = page.Next
	}
	for i := range extra {
		extra[i].Edition = in.Current
	}
	imp.Observations = func(yield func(lmo.Observation, error) bool) {
		for _, o := range append(obs, extra...) {
			if !yield(o, nil) {
				return
			}
		}
	}
	if _, err := db.ImportStatistics(ctx, imp, "cache test"); err != nil {
		t.Fatal(err)
	}
}
