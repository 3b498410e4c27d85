package searchindex

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
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

func TestOrdersAndFilters(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 1, 1, h, 0, 0, 0, time.UTC) }
	docs := []Doc{
		{ID: 1, From: 2010, Changed: at(1)},
		{ID: 2, From: 0, Changed: at(3)},
		{ID: 3, From: 2020, To: 2021, Changed: at(2)},
		{ID: 4, From: 2010, To: 2012, Changed: at(4)},
	}
	ix := Build(7, docs, []string{"status", "empty"}, []Posting{{"status", "ongoing", []int64{1, 99}}, {"status", "completed", []int64{3}}},
		map[string]Compare{
			"changed": func(a, b int) int { return docs[b].Changed.Compare(docs[a].Changed) },
			"from":    func(a, b int) int { return docs[a].From - docs[b].From }, // ties (1 and 4) by id
		})
	all := ix.All()
	for sort, want := range map[string][]int64{"changed": {4, 2, 3, 1}, "from": {2, 1, 4, 3}} {
		if got := ix.Page(all, sort, 0, 10); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", sort, got, want)
		}
	}
	if got := ix.Page(all, "from", 1, 2); !slices.Equal(got, []int64{1, 4}) {
		t.Errorf("offset 1, limit 2: %v", got)
	}
	for _, tt := range []struct {
		f    Filter
		want []int64
	}{
		// An open end (1) is still running in 2015; 4 ended in 2012.
		{Filter{Facets: map[string][]string{"status": {"ongoing", "completed"}}, From: 2015}, []int64{1, 3}},
		// An unknown start (2) is not known to have begun by 2015.
		{Filter{To: 2015}, []int64{1, 4}},
		{Filter{From: 2011, To: 2011}, []int64{1, 4}},
		{Filter{Since: at(3)}, []int64{2, 4}},
		{Filter{Facets: map[string][]string{"status": {"no-such-value"}}}, nil},
	} {
		got := ix.Page(ix.Filter(tt.f, nil, ""), "from", 0, 10)
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%+v: %v, want %v", tt.f, got, tt.want)
		}
	}
	// A posting for a record not in the index (99) is ignored; a facet
	// without postings is counted as empty.
	counts := ix.Counts(Filter{}, nil, all)
	if c := counts["status"]; len(c) != 2 || c[0] != (Count{"completed", 1}) || c[1] != (Count{"ongoing", 1}) {
		t.Errorf("status counts %v", c)
	}
	if c, ok := counts["empty"]; !ok || len(c) != 0 {
		t.Errorf("empty facet counts %v, %v", c, ok)
	}
}

func TestCacheNeverGoesBack(t *testing.T) {
	var c Cache[*Index]
	builds, derived := 0, 0
	get := func(v int64) *Index {
		ix, err := c.Get(v, func(prev *Index, pv int64) (*Index, error) {
			if prev != nil {
				if pv >= v || prev.Version != pv {
					t.Errorf("Get(%d) derives from version %d", v, pv)
				}
				derived++
			}
			builds++
			return Build(v, nil, nil, nil, nil), nil
		})
		if err != nil || ix.Version != v {
			t.Fatalf("Get(%d) = %v, %v", v, ix, err)
		}
		return ix
	}
	get(2)
	get(2)
	get(1) // older than every kept version: its own index, not kept
	get(1)
	get(2)
	get(3) // derived from 2; 2 stays for the searches still on it
	get(2)
	get(3)
	for v := int64(4); v <= 7; v++ {
		get(v)
	}
	get(3) // fell out of the four kept: built again, not kept
	if builds != 9 || derived != 5 {
		t.Errorf("%d builds (%d derived), want 9 (5)", builds, derived)
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

// TestLinkedFacets: two facets tied by a Link filter and count in pairs
// when both are selected, and each alone otherwise.
func TestLinkedFacets(t *testing.T) {
	docs := []Doc{{ID: 1}, {ID: 2}, {ID: 3}}
	pair := func(a, b string) string { return a + ":" + b }
	// 1: A origin, B destination; 2: A destination; 3: B origin.
	postings := []Posting{
		{"country", "A", []int64{1, 2}}, {"country", "B", []int64{1, 3}},
		{"role", "origin", []int64{1, 3}}, {"role", "destination", []int64{1, 2}},
		{"pairs", "A:origin", []int64{1}}, {"pairs", "B:destination", []int64{1}},
		{"pairs", "A:destination", []int64{2}}, {"pairs", "B:origin", []int64{3}},
	}
	ix := Build(1, docs, []string{"country", "role"}, postings, nil, Link{A: "country", B: "role", Pairs: "pairs", Value: pair})
	matching := func(f Filter) []int64 {
		var out []int64
		for _, id := range []int64{1, 2, 3} {
			if ix.Has(ix.Filter(f, nil, ""), id) {
				out = append(out, id)
			}
		}
		return out
	}
	for _, tt := range []struct {
		facets map[string][]string
		want   []int64
		counts map[string][]Count
	}{
		{map[string][]string{"country": {"A"}, "role": {"origin"}}, []int64{1},
			map[string][]Count{"country": {{"A", 1}, {"B", 1}}, "role": {{"destination", 1}, {"origin", 1}}}},
		{map[string][]string{"country": {"B"}, "role": {"destination"}}, []int64{1},
			map[string][]Count{"country": {{"A", 1}, {"B", 1}}, "role": {{"destination", 1}, {"origin", 1}}}},
		{map[string][]string{"country": {"A"}, "role": {"origin", "destination"}}, []int64{1, 2},
			map[string][]Count{"country": {{"A", 2}, {"B", 2}}, "role": {{"destination", 1}, {"origin", 1}}}},
		{map[string][]string{"role": {"origin"}}, []int64{1, 3}, // alone: any country in the role
			map[string][]Count{"country": {{"A", 1}, {"B", 1}}, "role": {{"destination", 2}, {"origin", 2}}}},
	} {
		f := Filter{Facets: tt.facets}
		if got := matching(f); !slices.Equal(got, tt.want) {
			t.Errorf("%v: %v, want %v", tt.facets, got, tt.want)
		}
		got := ix.Counts(f, nil, ix.Filter(f, nil, ""))
		for facet, want := range tt.counts {
			if !slices.Equal(got[facet], want) {
				t.Errorf("%v: %s counts %v, want %v", tt.facets, facet, got[facet], want)
			}
		}
	}
}
