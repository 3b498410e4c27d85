package storetest

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/searchindex"
	"github.com/lmo-observatory/lmo/starter"
)

// BenchCorpusVersion changes whenever the benchmark corpus is built
// differently from the same inputs; with SyntheticVersion it names the
// stores' cached corpora, so a stale one is never reused.
const BenchCorpusVersion = 2 // 2: facet rows for country roles (and their pairs with countries) and evidence levels

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

// BenchStore is a store the benchmarks can run on.
type BenchStore interface {
	Store
	SetTextCacheSize(int)
}

// Bench holds the benchmark corpora of one backend: one open store per
// corpus size, which open builds the first time or reuses from an earlier
// run, kept open for the life of the benchmark binary.
type Bench[S BenchStore] struct {
	open   func(b *testing.B, n int) S
	mu     sync.Mutex
	stores map[int]S
}

// NewBench returns the benchmarks of the stores that open returns.
func NewBench[S BenchStore](open func(b *testing.B, n int) S) *Bench[S] {
	return &Bench[S]{open: open, stores: map[int]S{}}
}

// Store returns the store of n synthetic practices (plus the starter ones).
func (c *Bench[S]) Store(b *testing.B, n int) S {
	b.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.stores[n]
	if !ok {
		s = c.open(b, n)
		c.stores[n] = s
	}
	return s
}

// Search runs the search mix on n practices, with the cache of recent
// searches' words at textCache entries (0: off).
func (c *Bench[S]) Search(b *testing.B, n, textCache int) {
	BenchSearchCache(b, c.Store(b, n), textCache)
}

// SearchCached runs the search mix on n practices with the cache of recent
// searches' words on, as a running node has it.
func (c *Bench[S]) SearchCached(b *testing.B, n int) {
	c.Search(b, n, searchindex.DefaultTextCacheSize)
}

// Get reads practices by id from n practices.
func (c *Bench[S]) Get(b *testing.B, n int) { BenchGet(b, c.Store(b, n)) }
