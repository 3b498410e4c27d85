package textdiff

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkWords measures a revision-like edit (a few words changed in a
// 20 KB description) and the worst case (two unrelated 100 KB texts,
// which run to MaxEdits and fall back).
func BenchmarkWords(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	doc := largeText(r, 20_000)
	edited := doc[:5_000] + " a new sentence. " + doc[5_020:15_000] + doc[15_100:]
	b.Run("edit20k", func(b *testing.B) {
		for b.Loop() {
			Words(doc, edited)
		}
	})
	x, y := largeText(r, 100_000), largeText(r, 100_000)
	b.Run("unrelated100k", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Words(x, y)
		}
	})
}
