package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/web"
)

// BenchmarkStatistics measures the statistics pages, API and download
// over a SYNTHETIC indicator the size of a WDI series (every reference
// country, 1960-2020, three sexes: about 45,000 observations), beside the
// real fixture. The values are made up and stand for nothing.
func BenchmarkStatistics(b *testing.B) {
	db := seededDB(b)
	importFixture(b, db)
	countries, err := db.FindCountries(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	in := lmo.StatisticsImport{
		Dataset: lmo.Dataset{Code: "lmo-bench-synthetic", Edition: "2026", Publisher: "LMO benchmarks", Title: "Synthetic benchmark data (not real values)",
			URL: "https://example.org/synthetic", Licence: "CC0 1.0"},
		Indicators: []*lmo.Indicator{{Code: "LMO_BENCH_SYNTHETIC", Title: "A synthetic benchmark indicator", Unit: "persons"}},
		Observations: func(yield func(lmo.Observation, error) bool) {
			for i, c := range countries {
				for y := 1960; y <= 2020; y++ {
					for s, sex := range []string{lmo.SexTotal, lmo.SexMale, lmo.SexFemale} {
						n++
						if !yield(lmo.Observation{Indicator: "LMO_BENCH_SYNTHETIC", Area: c.Code, Sex: sex, Period: lmo.Period{Year: y},
							Value: float64((i+1)*1000 + (y-1960)*10 + s), Status: lmo.StatusEstimated}, nil) {
							return
						}
					}
				}
			}
		},
	}
	if _, err := db.ImportStatistics(lmo.NewContextWithUser(b.Context(), lmo.SystemUser), in, "benchmark"); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d synthetic observations of %d countries", n, len(countries))
	// No response cache: every request renders.
	ts, _ := serveStoresUncached(b, db)
	for _, bc := range []struct{ name, path string }{
		{"explorer", "/statistics/LMO_BENCH_SYNTHETIC?area=PH&area=DE&area=MX&year=2010"},
		{"explorer-map", "/statistics/LMO_BENCH_SYNTHETIC?view=map"},
		{"country", "/countries/PH"},
		{"home", "/"},
		{"api-page-1000", "/api/v1/observations?indicator=LMO_BENCH_SYNTHETIC"},
		{"csv-all-45k", "/observations.csv?indicator=LMO_BENCH_SYNTHETIC"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				resp, err := ts.Client().Get(ts.URL + bc.path)
				if err != nil {
					b.Fatal(err)
				}
				nb, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d", bc.path, resp.StatusCode)
				}
				b.SetBytes(nb)
			}
		})
	}
}

// serveStoresUncached is serveStores without the response cache.
func serveStoresUncached(tb testing.TB, db stores) (*httptest.Server, *web.Server) {
	tb.Helper()
	srv, err := web.NewServer(web.Config{Practices: db, Countries: db, Vocabularies: db, Standards: db, Statistics: db, DB: db,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "bench"})
	if err != nil {
		tb.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	tb.Cleanup(ts.Close)
	return ts, srv
}

// BenchmarkStatisticsStarter measures the statistics pages over the
// starter statistics as seeded (real extracts of UN DESA 2020, WDI
// remittances, RPW corridor costs and the ILO global estimates).
func BenchmarkStatisticsStarter(b *testing.B) {
	db := seededDB(b)
	ts, _ := serveStoresUncached(b, db)
	for _, bc := range []struct{ name, path string }{
		{"explorer-world", "/statistics/IMS_STOCK"},
		{"explorer-compare", "/statistics/IMS_STOCK?area=PH&area=DE&area=MX&area=US&year=2010"},
		{"explorer-map", "/statistics/IMS_STOCK?view=map"},
		{"explorer-remittances-map", "/statistics/BM.TRF.PWKR.CD.DT?view=map"},
		{"explorer-corridors", "/statistics/ATCR.CORR?area=US&area=GB&origin=PH"},
		{"country-PH", "/countries/PH"},
		{"home", "/"},
		{"csv-ims-stock", "/observations.csv?indicator=IMS_STOCK"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				resp, err := ts.Client().Get(ts.URL + bc.path)
				if err != nil {
					b.Fatal(err)
				}
				nb, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d", bc.path, resp.StatusCode)
				}
				b.SetBytes(nb)
			}
		})
	}
}
