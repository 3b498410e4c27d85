package storetest

import (
	"context"
	"fmt"
	"iter"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/starter"
)

// The statistics benchmarks' figures on the 2-core machine where the store
// was built are in docs/ARCHITECTURE.md ("Statistics") and in the sqlite
// and postgres bench_test.go files.

// BenchObservations is the size of the statistics benchmarks:
// LMO_BENCH_OBSERVATIONS, or 200,000 so that a run stays quick.
func BenchObservations(b *testing.B) int {
	if v := os.Getenv("LMO_BENCH_OBSERVATIONS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("LMO_BENCH_OBSERVATIONS=%q is not a positive number", v)
		}
		return n
	}
	return 200000
}

// Synthetic statistics have this shape: indicators SYNTHETIC_0001... of
// the dataset "synthetic", each with every area × 3 sexes × 35 years
// (1990-2024), generated in key order, as publishers' files mostly are.
const (
	syntheticFirstYear = 1990
	syntheticYears     = 35
)

var syntheticSexes = []string{lmo.SexTotal, lmo.SexMale, lmo.SexFemale}

// SyntheticStatistics is a synthetic dataset edition of n observations
// over areas (made up, labelled synthetic in its dataset and indicators),
// generated as a stream: nothing is held in memory. Every value is
// estimated but one in 50, unavailable.
func SyntheticStatistics(n int, areas []string, edition string) lmo.StatisticsImport {
	perIndicator := len(areas) * len(syntheticSexes) * syntheticYears
	in := lmo.StatisticsImport{Dataset: lmo.Dataset{Code: "synthetic", Edition: edition, Publisher: "LMO benchmarks (synthetic)",
		Title: "Synthetic observations for benchmarks", Licence: "CC0"}}
	for i := 0; i*perIndicator < n; i++ {
		in.Indicators = append(in.Indicators, &lmo.Indicator{Code: syntheticIndicator(i), Title: "Synthetic indicator " + strconv.Itoa(i+1), Unit: "persons"})
	}
	in.Observations = func(yield func(lmo.Observation, error) bool) {
		for i := range n {
			if !yield(SyntheticObservation(i, areas), nil) {
				return
			}
		}
	}
	return in
}

func syntheticIndicator(i int) string { return fmt.Sprintf("SYNTHETIC_%04d", i+1) }

// SyntheticObservation is the i-th observation of SyntheticStatistics.
func SyntheticObservation(i int, areas []string) lmo.Observation {
	year := i % syntheticYears
	sex := i / syntheticYears % len(syntheticSexes)
	area := i / syntheticYears / len(syntheticSexes) % len(areas)
	ind := i / syntheticYears / len(syntheticSexes) / len(areas)
	o := lmo.Observation{Indicator: syntheticIndicator(ind), Area: areas[area], Sex: syntheticSexes[sex],
		Period: lmo.Period{Year: syntheticFirstYear + year}, Value: float64(i%100000) * 1.5, Status: lmo.StatusEstimated}
	if i%50 == 49 {
		o.Value, o.Status = 0, lmo.StatusUnavailable
	}
	return o
}

// ReportRows reports rows written per second of wall time and, where it
// is measured, per second of this process's CPU time: the figure that
// holds on a shared machine for an embedded database (for PostgreSQL it
// counts the client only).
func ReportRows(b *testing.B, rows int, elapsed, cpu time.Duration) {
	b.ReportMetric(float64(rows)/elapsed.Seconds(), "rows/s")
	if cpu > 0 {
		b.ReportMetric(float64(rows)/cpu.Seconds(), "rows/cpu-s")
	}
}

// CPUTime is the CPU time this process has used (0 where not measured).
func CPUTime() time.Duration { return cpuTime() }

// StarterAreas seeds s with the starter reference data (regions and
// countries) and returns the countries' codes, sorted.
func StarterAreas(tb testing.TB, s Store) []string {
	tb.Helper()
	d, err := starter.Load()
	if err != nil {
		tb.Fatal(err)
	}
	if err := s.ReplaceReferenceData(Admin(), d.Regions, d.Countries); err != nil {
		tb.Fatal(err)
	}
	var areas []string
	for _, c := range d.Countries {
		areas = append(areas, c.Code)
	}
	slices.Sort(areas)
	return areas
}

// heapPeak samples the heap in use while a stream is read, every 64k
// observations, and keeps the largest.
type heapPeak struct{ peak uint64 }

func (h *heapPeak) watch(seq iter.Seq2[lmo.Observation, error]) iter.Seq2[lmo.Observation, error] {
	return func(yield func(lmo.Observation, error) bool) {
		i := 0
		for o, err := range seq {
			if i++; i%65536 == 0 {
				h.sample()
			}
			if !yield(o, err) {
				return
			}
		}
		h.sample()
	}
}

func (h *heapPeak) sample() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	h.peak = max(h.peak, m.HeapInuse)
}

// BenchImportObservations imports n synthetic observations into a fresh
// store from open for each round ("new": the bulk path), or the same n
// again into a store that has them ("again": the merge path, which finds
// every one unchanged), and reports rows/s and the peak heap in use.
func BenchImportObservations(b *testing.B, open func(testing.TB) Store, n int) {
	for _, again := range []bool{false, true} {
		name := map[bool]string{false: "new", true: "again"}[again]
		b.Run(fmt.Sprintf("%s/%d", name, n), func(b *testing.B) {
			var rows int
			var elapsed, cpu time.Duration
			var heap heapPeak
			for b.Loop() {
				b.StopTimer()
				s := open(b)
				areas := StarterAreas(b, s)
				if again {
					if _, err := s.ImportStatistics(Admin(), SyntheticStatistics(n, areas, "2025"), "benchmark"); err != nil {
						b.Fatal(err)
					}
				}
				in := SyntheticStatistics(n, areas, "2025")
				in.Observations = heap.watch(in.Observations)
				runtime.GC()
				b.StartTimer()
				start, cpuStart := time.Now(), cpuTime()
				counts, err := s.ImportStatistics(Admin(), in, "benchmark")
				elapsed, cpu = elapsed+time.Since(start), cpu+cpuTime()-cpuStart
				if err != nil || counts.Read != n {
					b.Fatalf("import: %+v, %v", counts, err)
				}
				rows += n
			}
			ReportRows(b, rows, elapsed, cpu)
			b.ReportMetric(float64(heap.peak)/(1<<20), "peak-heap-MB")
		})
	}
}

// BenchObservationQueries runs the two queries the observatory's pages
// make most on a store holding n synthetic observations: one country's
// time series of an indicator (every sex and year: 105 rows) and a
// one-year world map of an indicator (every country, sex total: about 250
// rows), each at random, and reports their p50 and p99.
func BenchObservationQueries(b *testing.B, s Store, areas []string, n int) {
	perIndicator := len(areas) * len(syntheticSexes) * syntheticYears
	indicators := max(1, n/perIndicator)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	queries := map[string]func() lmo.ObservationFilter{
		"time-series": func() lmo.ObservationFilter {
			return lmo.ObservationFilter{Indicators: []string{syntheticIndicator(rng.IntN(indicators))}, Areas: []string{areas[rng.IntN(len(areas))]}}
		},
		"world-map": func() lmo.ObservationFilter {
			year := lmo.Period{Year: syntheticFirstYear + rng.IntN(syntheticYears)}
			return lmo.ObservationFilter{Indicators: []string{syntheticIndicator(rng.IntN(indicators))}, From: year, To: year, Sexes: []string{lmo.SexTotal}}
		},
	}
	for _, name := range []string{"time-series", "world-map"} {
		b.Run(fmt.Sprintf("%s/%d", name, n), func(b *testing.B) {
			var times []time.Duration
			rows := 0
			for b.Loop() {
				f := queries[name]()
				start := time.Now()
				page, err := s.FindObservations(ctx, f)
				times = append(times, time.Since(start))
				if err != nil || len(page.Observations) == 0 {
					b.Fatalf("%+v: %d observations, %v", f, len(page.Observations), err)
				}
				rows += len(page.Observations)
			}
			slices.Sort(times)
			q := func(p float64) float64 { return float64(times[int(p*float64(len(times)-1))].Microseconds()) / 1000 }
			b.ReportMetric(q(0.5), "p50-ms")
			b.ReportMetric(q(0.99), "p99-ms")
			b.ReportMetric(float64(rows)/float64(len(times)), "rows/query")
		})
	}
}

// LoadSyntheticStatistics imports n synthetic observations into s (seeded
// with StarterAreas' areas) unless it holds them already, for
// BenchObservationQueries.
func LoadSyntheticStatistics(tb testing.TB, s Store, areas []string, n int) {
	tb.Helper()
	inds, err := s.FindIndicators(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	if len(inds) > 0 {
		return
	}
	start := time.Now()
	counts, err := s.ImportStatistics(Admin(), SyntheticStatistics(n, areas, "2025"), "benchmark corpus")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Logf("loaded %d synthetic observations in %v", counts.Created, time.Since(start).Round(time.Millisecond))
}
