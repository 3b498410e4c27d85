package searchindex

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
)

// TestSetAgainstMap checks the bitset operations against a map, across word
// boundaries.
func TestSetAgainstMap(t *testing.T) {
	const n = 200
	r := rand.New(rand.NewPCG(1, 2))
	random := func() (Set, map[int]bool) {
		s, m := NewSet(n), map[int]bool{}
		for range 80 {
			i := r.IntN(n)
			s.Add(i)
			m[i] = true
		}
		return s, m
	}
	for range 50 {
		a, am := random()
		b, bm := random()
		and, or, andNot := a.Clone(), a.Clone(), a.Clone()
		and.And(b)
		or.Or(b)
		andNot.AndNot(b)
		wantAnd, wantOr, wantAndNot := 0, 0, 0
		for i := range n {
			if am[i] && bm[i] {
				wantAnd++
			}
			if am[i] || bm[i] {
				wantOr++
			}
			if am[i] && !bm[i] {
				wantAndNot++
			}
			if a.Has(i) != am[i] || and.Has(i) != (am[i] && bm[i]) || or.Has(i) != (am[i] || bm[i]) {
				t.Fatalf("position %d: set and map disagree", i)
			}
		}
		if and.Count() != wantAnd || a.AndCount(b) != wantAnd || or.Count() != wantOr || andNot.Count() != wantAndNot {
			t.Fatalf("counts: and %d/%d/%d, or %d/%d, andnot %d/%d", and.Count(), a.AndCount(b), wantAnd, or.Count(), wantOr, andNot.Count(), wantAndNot)
		}
	}
}

func TestPageOrders(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 1, 1, h, 0, 0, 0, time.UTC) }
	docs := []Doc{
		{ID: 1, Title: "beta", StartYear: 2010, CreatedAt: at(1)},
		{ID: 2, Title: "Alpha", StartYear: 0, CreatedAt: at(3)},
		{ID: 3, Title: "gamma", StartYear: 2020, EndYear: 2021, CreatedAt: at(2)},
	}
	ix := Build(7, docs, []Posting{{"status", "ongoing", []int64{1, 99}}, {"status", "completed", []int64{3}}})
	all := ix.All()
	for sort, want := range map[string][]int64{
		lmo.SortRelevance: {2, 3, 1}, // latest added first
		lmo.SortNewest:    {3, 1, 2}, // unknown start year last
		lmo.SortTitle:     {2, 1, 3}, // ASCII case folded
	} {
		got := ix.Page(all, sort, 0, 10)
		if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			t.Errorf("%s: %v, want %v", sort, got, want)
		}
	}
	if got := ix.Page(all, lmo.SortTitle, 1, 1); len(got) != 1 || got[0] != 1 {
		t.Errorf("offset 1, limit 1: %v", got)
	}
	// Practice 1 has no end year: still active in 2015.
	f := lmo.PracticeFilter{Facets: map[string][]string{"status": {"ongoing"}}, YearFrom: 2015}
	if got := ix.Filter(f, nil, ""); got.Count() != 1 || !ix.Has(got, 1) {
		t.Errorf("ongoing and active since 2015: %d practices", got.Count())
	}
	// A practice with no start year is not known to be active by 2015.
	f = lmo.PracticeFilter{YearTo: 2015}
	if got := ix.Filter(f, nil, ""); got.Count() != 1 || !ix.Has(got, 1) {
		t.Errorf("active by 2015: %d practices", got.Count())
	}
	// A posting for an unpublished practice (99) is ignored.
	if counts := ix.Counts(lmo.PracticeFilter{}, nil, all)["status"]; len(counts) != 2 || counts[0].Count != 1 {
		t.Errorf("status counts %v", counts)
	}
}

func TestCacheNeverGoesBack(t *testing.T) {
	var c Cache
	builds := 0
	get := func(v int64) *Index {
		ix, err := c.Get(v, func() (*Index, error) { builds++; return Build(v, nil, nil), nil })
		if err != nil || ix.Version != v {
			t.Fatalf("Get(%d) = %v, %v", v, ix, err)
		}
		return ix
	}
	get(2)
	get(2)
	get(1) // an older snapshot: its own index, not kept
	get(2)
	get(3)
	get(3)
	if builds != 3 {
		t.Errorf("%d builds, want 3 (2, 1 and 3)", builds)
	}
}

func TestTextCache(t *testing.T) {
	c := NewTextCache(2)
	e := func() *TextEntry { return &TextEntry{} }
	a, b, d := e(), e(), e()
	c.Put(1, "a", a)
	c.Put(1, "b", b)
	if c.Get(1, "a") != a || c.Get(2, "a") != nil {
		t.Fatal("get by version")
	}
	c.Put(1, "d", d) // evicts b, the least recently used
	if c.Get(1, "b") != nil || c.Get(1, "a") != a || c.Get(1, "d") != d {
		t.Fatal("eviction")
	}
	c.Put(0, "old", e()) // an older version is not stored
	if c.Get(0, "old") != nil {
		t.Fatal("stored an older version")
	}
	c.Put(2, "a", b) // a newer version empties the cache
	if c.Get(1, "d") != nil || c.Get(2, "a") != b {
		t.Fatal("version change")
	}
	off := NewTextCache(0)
	off.Put(1, "a", a)
	if off.Get(1, "a") != nil {
		t.Fatal("a cache of size 0 kept an entry")
	}
}
