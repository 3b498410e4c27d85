package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
	"github.com/lmo-observatory/lmo/internal/shareddata"
	"github.com/lmo-observatory/lmo/postgres/pgtest"
	"github.com/lmo-observatory/lmo/starter"
	"github.com/lmo-observatory/lmo/storetest"
	"github.com/lmo-observatory/lmo/web"
)

// BenchmarkPlaces measures the server time of the place pages (the
// response cache off, the handler called without a network) on the
// starter data, and reports its median and 99th percentile and the CPU
// time of a page, after a first request (reported apart) that fills what
// the server keeps per data version:
//
//	go test ./web -run XXX -bench Places -benchtime 300x
//
// LMO_BENCH_REAL=1 imports the publishers' whole UN DESA table by origin
// and destination first (157,090 observations; the starter holds each
// destination's ten largest corridors). LMO_BENCH_OBSERVATIONS=10000000
// adds that many synthetic observations (storetest.SyntheticStatistics,
// over every country). LMO_TEST_POSTGRES runs the same on PostgreSQL.
// scripts/bench-places.sh runs them all.
func BenchmarkPlaces(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchPlaces(b, seededDB(b)) })
	if os.Getenv("LMO_TEST_POSTGRES") != "" {
		b.Run("postgres", func(b *testing.B) {
			db := pgtest.Open(b)
			data, err := starter.Load()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := starter.Seed(context.Background(), db, data); err != nil {
				b.Fatal(err)
			}
			benchPlaces(b, db)
		})
	}
}

func benchPlaces(b *testing.B, db stores) {
	loadBenchStatistics(b, db)
	srv, err := web.NewServer(web.Config{Practices: db, Countries: db, Vocabularies: db, Standards: db, Statistics: db, DB: db, Versions: db, Agreements: db, Projects: db,
		CacheBytes: -1, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	for _, page := range []struct{ name, path string }{
		{"country-PH", "/countries/PH"},
		{"country-DE", "/countries/DE"},
		{"country-BV", "/countries/BV"},
		{"corridor-PH-SA", "/corridors/PH-SA"},
		{"region-arab-states", "/regions/arab-states"},
		{"region-world", "/regions/001"},
		{"country-profile-api", "/api/v1/countries/PH/profile"},
	} {
		b.Run(page.name, func(b *testing.B) {
			serve := func() time.Duration {
				w := httptest.NewRecorder()
				start := time.Now()
				srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8080"+page.path, nil))
				elapsed := time.Since(start)
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", page.path, w.Code)
				}
				return elapsed
			}
			// The first request of a page after a write reads what the
			// server keeps per data version: reported apart (after the
			// loop, which resets the metrics).
			first := serve()
			var times []time.Duration
			cpuStart := storetest.CPUTime() // 0 where not measured
			for b.Loop() {
				times = append(times, serve())
			}
			if cpu := storetest.CPUTime() - cpuStart; cpuStart > 0 {
				// This process's CPU time per page, which other work on a
				// shared machine does not inflate (on PostgreSQL, the
				// client's share only).
				b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(times)), "cpu-ms/op")
			}
			b.ReportMetric(float64(first.Microseconds())/1000, "first-ms")
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}

// loadBenchStatistics adds the real files and the synthetic observations
// the environment asks for.
func loadBenchStatistics(b *testing.B, db stores) {
	ctx := storetest.Admin()
	if os.Getenv("LMO_BENCH_REAL") != "" {
		countries, err := db.FindCountries(ctx)
		if err != nil {
			b.Fatal(err)
		}
		regions, err := db.FindRegions(ctx)
		if err != nil {
			b.Fatal(err)
		}
		f, err := os.Open(shareddata.Path(b, "undesa/UN_MigrantStockFemale_2019.csv"))
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		sf, err := ingest.UNDESAOrigin(f, lmo.NewAreaIndex(countries, regions))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.ImportStatistics(ctx, sf.Import, "benchmark: the whole table"); err != nil {
			b.Fatal(err)
		}
	}
	if v := os.Getenv("LMO_BENCH_OBSERVATIONS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			b.Fatalf("LMO_BENCH_OBSERVATIONS=%q is not a positive number", v)
		}
		countries, err := db.FindCountries(ctx)
		if err != nil {
			b.Fatal(err)
		}
		var areas []string
		for _, c := range countries {
			areas = append(areas, c.Code)
		}
		slices.Sort(areas)
		start := time.Now()
		if _, err := db.ImportStatistics(ctx, storetest.SyntheticStatistics(n, areas, "2025"), "benchmark corpus (synthetic)"); err != nil {
			b.Fatal(err)
		}
		b.Logf("loaded %d synthetic observations in %v", n, time.Since(start).Round(time.Second))
	}
}
