package storetest

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/starter"
)

// BenchCorpusVersion changes whenever the benchmark corpus is built
// differently from the same inputs; with SyntheticVersion it names the
// stores' cached corpora, so a stale one is never reused.
const BenchCorpusVersion = 1

const (
	benchSeed        = 1    // seeds the synthetic practices of every corpus
	benchImportBatch = 5000 // practices per ImportPractices call
)

// FillBenchCorpus writes the starter dataset d and n synthetic practices
// (generated from a fixed seed and labelled synthetic) into s, reporting
// progress on standard error for large corpora.
func FillBenchCorpus(ctx context.Context, s Store, d *starter.Data, n int) error {
	if _, err := starter.Seed(ctx, s, d); err != nil {
		return err
	}
	ps := SyntheticPractices(n, benchSeed, d.Countries, d.Vocabularies)
	start := time.Now()
	for i := 0; i < len(ps); i += benchImportBatch {
		batch := ps[i:min(i+benchImportBatch, len(ps))]
		counts, err := s.ImportPractices(Admin(), lmo.PracticesOf(batch), "synthetic benchmark corpus")
		if err != nil {
			return fmt.Errorf("import synthetic practices %d-%d: %w", i+1, i+len(batch), err)
		}
		if counts.Created != len(batch) {
			return fmt.Errorf("import synthetic practices %d-%d: %+v, want all created", i+1, i+len(batch), counts)
		}
		if done := i + len(batch); n >= 50000 && done%25000 == 0 {
			fmt.Fprintf(os.Stderr, "lmo bench: %d/%d synthetic practices imported in %v\n", done, n, time.Since(start).Round(time.Second))
		}
	}
	return nil
}

// BenchStores keeps one open store per corpus size for the life of a
// benchmark binary, so that later benchmarks and b.N rounds reuse it.
type BenchStores[S any] struct {
	mu sync.Mutex
	m  map[int]S
}

// Get returns the store of n practices, calling open the first time.
func (c *BenchStores[S]) Get(b *testing.B, n int, open func() S) S {
	b.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[n]; ok {
		return s
	}
	if c.m == nil {
		c.m = map[int]S{}
	}
	s := open()
	c.m[n] = s
	return s
}
