package ingest_test

import (
	"runtime"
	"strconv"
	"testing"

	"github.com/lmo-observatory/lmo/ingest"
)

// BenchmarkPracticesJSON reads generated import files (synthetic practices,
// see syntheticPractice) of growing size and reports time, bytes and
// allocations per practice: flat figures per item mean memory does not grow
// with the file.
func BenchmarkPracticesJSON(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(strconv.Itoa(n/1000)+"k", func(b *testing.B) {
			f := newSyntheticFile(n)
			b.SetBytes(f.size())
			b.ReportAllocs()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			b.ResetTimer()
			for range b.N {
				count := 0
				for _, err := range ingest.PracticesJSON(f.again()) {
					if err != nil {
						b.Fatal(err)
					}
					count++
				}
				if count != n {
					b.Fatalf("%d practices, want %d", count, n)
				}
			}
			b.StopTimer()
			runtime.ReadMemStats(&after)
			items := float64(b.N * n)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/items, "ns/item")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/items, "B/item")
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/items, "allocs/item")
		})
	}
}

// TestPracticesJSONFlatMemory reads 20,000 synthetic practices (about 80 MB)
// and checks that the live heap does not grow with them.
func TestPracticesJSONFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 80 MB")
	}
	const n = 20_000
	var base, peak uint64
	i := 0
	for _, err := range ingest.PracticesJSON(newSyntheticFile(n)) {
		if err != nil {
			t.Fatal(err)
		}
		if i++; i%2_000 == 0 {
			heap := liveHeap()
			if i == 2_000 {
				base = heap
			}
			peak = max(peak, heap)
		}
	}
	if i != n {
		t.Fatalf("%d practices, want %d", i, n)
	}
	if grew := int64(peak) - int64(base); grew > 1<<20 {
		t.Errorf("live heap grew by %d bytes over %d practices (from %d to a peak of %d)", grew, n, base, peak)
	}
	t.Logf("live heap after 2,000 practices %d B, peak %d B", base, peak)
}

func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
