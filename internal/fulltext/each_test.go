package fulltext

import (
	"testing"
	"time"
)

// BenchmarkEachQuery100k logs, for each query of the benchmark mix, the
// best of five runs split into evaluation (matching set and total) and
// top-20 ranking: run it with -v -benchtime 1x to see where time goes.
func BenchmarkEachQuery100k(b *testing.B) {
	ix, _ := benchIndex(b)
	for _, kind := range queryKinds {
		for _, s := range kind.queries {
			q := parse(b, s)
			best := time.Hour
			var tq, tt time.Duration
			n := 0
			for range 5 {
				start := time.Now()
				m := ix.Query(q)
				n = m.Total()
				mid := time.Now()
				m.Top(20, m.Set)
				if d := time.Since(start); d < best {
					best, tq, tt = d, mid.Sub(start), time.Since(mid)
				}
			}
			b.Logf("%-10s %-28q %7d matches  query %6.2fms top %6.2fms", kind.name, s, n, float64(tq)/1e6, float64(tt)/1e6)
		}
	}
}
