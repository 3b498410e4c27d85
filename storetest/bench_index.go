package storetest

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/sqlstore"
)

// BenchAfterWriteMix is what BenchSearchAfterWrite asks after each write:
// the hardest first-time searches of BenchSearchMix.
var BenchAfterWriteMix = []lmo.PracticeFilter{
	{Query: "workers"},
	{Query: `"domestic workers"`},
	{Query: "dom*"},
	{},
	{Facets: benchFacets(lmo.FacetRegion, "asia-pacific")},
}

// BenchSearchAfterWrite times the first search after a write: b.N times, it
// saves one published practice unchanged through the store (untimed: the
// write moves the practices version and logs the practice as changed, as
// any edit does), then times one search of BenchAfterWriteMix, which must
// bring the node's indexes to the new version first. It reports the p50,
// p99 and maximum of those searches. The corpus keeps the revisions the
// writes add.
func BenchSearchAfterWrite(b *testing.B, s Store) {
	ctx := context.Background()
	res, err := s.SearchPractices(ctx, lmo.PracticeFilter{Limit: 100, NoFacets: true})
	if err != nil {
		b.Fatal(err)
	}
	lat := make([]time.Duration, b.N)
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		p, err := s.FindPracticeByID(ctx, res.Hits[i%len(res.Hits)].ID)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.UpdatePractice(Admin(), p, "benchmark: saved unchanged"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		if _, err := s.SearchPractices(ctx, BenchAfterWriteMix[i%len(BenchAfterWriteMix)]); err != nil {
			b.Fatal(err)
		}
		lat[i] = time.Since(start)
	}
	b.StopTimer()
	benchReportLatencies(b, lat)
}

// BenchIndexBuild times what a node does when it holds no index: b.N
// times, a new practice service on the store's database (a new node) runs
// one search, which builds its facet and full-text indexes from one
// snapshot. It reports the build in ms and, after the last, the heap the
// new node's indexes hold (in use after a collection, MB).
func BenchIndexBuild(b *testing.B, s Store) {
	ctx := context.Background()
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	lat := make([]time.Duration, b.N)
	var node *sqlstore.Practices
	var before uint64
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		node = nil
		before = heap()
		node = sqlstore.NewPractices(s.Database())
		b.StartTimer()
		start := time.Now()
		if _, err := node.SearchPractices(ctx, lmo.PracticeFilter{Limit: 1, NoFacets: true}); err != nil {
			b.Fatal(err)
		}
		lat[i] = time.Since(start)
	}
	b.StopTimer()
	after := heap()
	runtime.KeepAlive(node)
	b.ReportMetric(benchMS(benchMean(lat)), "build-ms")
	b.ReportMetric(float64(after-before)/(1<<20), "heap-MB")
}

// SearchAfterWrite runs BenchSearchAfterWrite on n practices.
func (c *Bench[S]) SearchAfterWrite(b *testing.B, n int) { BenchSearchAfterWrite(b, c.Store(b, n)) }

// IndexBuild runs BenchIndexBuild on n practices.
func (c *Bench[S]) IndexBuild(b *testing.B, n int) { BenchIndexBuild(b, c.Store(b, n)) }
