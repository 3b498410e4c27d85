// Package searchindex keeps the facets, years and sort orders of the
// published practices in memory as bitsets, so that a store can filter and
// count facets over 100,000 practices in a fraction of a millisecond instead
// of grouping millions of rows in SQL for every search.
//
// An Index is a cache of the database, never the truth: a store builds it
// from the database, tags it with the database's practices version, and
// rebuilds it whenever that version moves, so every app node answers from
// the current data.
package searchindex

import (
	"cmp"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// Doc is what the index keeps of one published practice.
type Doc struct {
	ID        int64
	Title     string
	StartYear int // 0: unknown
	EndYear   int // 0: ongoing or unknown
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Posting is one facet value and the practices that have it.
type Posting struct {
	Facet, Value string
	IDs          []int64
}

// Index is an immutable in-memory index of the published practices.
type Index struct {
	Version  int64
	ids      []int64       // dense position -> practice id
	pos      map[int64]int // practice id -> dense position
	docs     []Doc
	all      Set
	postings map[string]map[string]Set // facet -> value -> practices
	orders   map[string][]int32        // sort -> dense positions in order
}

// Build makes an index of docs and their facet postings.
func Build(version int64, docs []Doc, postings []Posting) *Index {
	ix := &Index{Version: version, docs: docs, pos: make(map[int64]int, len(docs)),
		postings: map[string]map[string]Set{}, orders: map[string][]int32{}}
	ix.ids = make([]int64, len(docs))
	for i, d := range docs {
		ix.ids[i], ix.pos[d.ID] = d.ID, i
	}
	ix.all = NewSet(len(docs))
	for i := range docs {
		ix.all.Add(i)
	}
	for _, p := range postings {
		values := ix.postings[p.Facet]
		if values == nil {
			values = map[string]Set{}
			ix.postings[p.Facet] = values
		}
		s, ok := values[p.Value]
		if !ok {
			s = NewSet(len(docs))
			values[p.Value] = s
		}
		for _, id := range p.IDs {
			if i, ok := ix.pos[id]; ok {
				s.Add(i)
			}
		}
	}
	ix.orders[lmo.SortRelevance] = ix.order(func(a, b int32) int { // latest added first
		return cmp.Or(docs[b].CreatedAt.Compare(docs[a].CreatedAt), cmp.Compare(docs[b].ID, docs[a].ID))
	})
	ix.orders[lmo.SortNewest] = ix.order(func(a, b int32) int { // newest start year; 0 (unknown) sorts last
		return cmp.Or(cmp.Compare(docs[b].StartYear, docs[a].StartYear), cmp.Compare(docs[b].ID, docs[a].ID))
	})
	titles := make([]string, len(docs)) // folded once, not in every comparison
	for i, d := range docs {
		titles[i] = asciiLower(d.Title)
	}
	ix.orders[lmo.SortTitle] = ix.order(func(a, b int32) int {
		return cmp.Or(strings.Compare(titles[a], titles[b]), cmp.Compare(docs[a].ID, docs[b].ID))
	})
	return ix
}

// order returns the dense positions sorted by compare.
func (ix *Index) order(compare func(a, b int32) int) []int32 {
	out := make([]int32, len(ix.docs))
	for i := range out {
		out[i] = int32(i)
	}
	slices.SortFunc(out, compare)
	return out
}

// asciiLower folds ASCII letters only, as SQLite's NOCASE collation does.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// Len returns the number of published practices.
func (ix *Index) Len() int { return len(ix.docs) }

// SetOf returns the set of the given practice ids (unknown ids are ignored).
func (ix *Index) SetOf(ids []int64) Set {
	s := NewSet(len(ix.docs))
	for _, id := range ids {
		if i, ok := ix.pos[id]; ok {
			s.Add(i)
		}
	}
	return s
}

// All returns the set of every published practice; callers must not change
// it.
func (ix *Index) All() Set { return ix.all }

// Filter returns the practices that satisfy f apart from its text query and
// the selection of the facet named skip, intersected with text (nil: no text
// condition).
func (ix *Index) Filter(f lmo.PracticeFilter, text Set, skip string) Set {
	s := ix.all.Clone()
	if text != nil {
		s.And(text)
	}
	for _, name := range lmo.Facets {
		values := f.Facets[name]
		if name == skip || len(values) == 0 {
			continue
		}
		any := NewSet(len(ix.docs))
		for _, v := range values {
			if p, ok := ix.postings[name][v]; ok {
				any.Or(p)
			}
		}
		s.And(any)
	}
	if f.YearFrom != 0 || f.YearTo != 0 || !f.ChangedSince.IsZero() {
		for i, d := range ix.docs {
			if !s.Has(i) {
				continue
			}
			end := d.EndYear
			if end == 0 {
				end = 9999
			}
			if f.YearFrom != 0 && end < f.YearFrom ||
				f.YearTo != 0 && (d.StartYear == 0 || d.StartYear > f.YearTo) ||
				!f.ChangedSince.IsZero() && d.UpdatedAt.Before(f.ChangedSince) {
				s.Remove(i)
			}
		}
	}
	return s
}

// Counts returns, for every facet, the counts of its values among the
// practices of f: a facet without a selection is counted over the fully
// filtered set, a facet with one over the set filtered by the other facets
// (OR within a facet, AND across). Values are ordered by count, then value.
func (ix *Index) Counts(f lmo.PracticeFilter, text, filtered Set) map[string][]lmo.FacetCount {
	out := map[string][]lmo.FacetCount{}
	for _, name := range lmo.Facets {
		over := filtered
		if len(f.Facets[name]) > 0 {
			over = ix.Filter(f, text, name)
		}
		counts := []lmo.FacetCount{}
		for value, p := range ix.postings[name] {
			if n := p.AndCount(over); n > 0 {
				counts = append(counts, lmo.FacetCount{Value: value, Count: n})
			}
		}
		slices.SortFunc(counts, func(a, b lmo.FacetCount) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value))
		})
		out[name] = counts
	}
	return out
}

// Page returns the ids of the practices of s in the order sort (SortRelevance
// means latest added first here), skipping offset and taking at most limit.
func (ix *Index) Page(s Set, sort string, offset, limit int) []int64 {
	p := ix.NewPager(s, offset, limit)
	for _, i := range ix.orders[sort] {
		if p.Full() {
			break
		}
		p.Add(ix.ids[i])
	}
	return p.IDs
}

// PageOf returns one page of the ids of ranked (an order from elsewhere,
// such as relevance) that are in s.
func (ix *Index) PageOf(ranked []int64, s Set, offset, limit int) []int64 {
	p := ix.NewPager(s, offset, limit)
	for _, id := range ranked {
		if p.Full() {
			break
		}
		p.Add(id)
	}
	return p.IDs
}

// Pager collects one page of ids that arrive in order (from a ranked
// full-text query, say), keeping only those in a set.
type Pager struct {
	ix     *Index
	s      Set
	offset int
	limit  int
	IDs    []int64 // the page so far
}

// NewPager returns a pager over s that skips offset ids and keeps limit.
func (ix *Index) NewPager(s Set, offset, limit int) *Pager {
	return &Pager{ix: ix, s: s, offset: offset, limit: limit}
}

// Add offers the next id in order.
func (p *Pager) Add(id int64) {
	if !p.ix.Has(p.s, id) || p.Full() {
		return
	}
	if p.offset > 0 {
		p.offset--
		return
	}
	p.IDs = append(p.IDs, id)
}

// Full reports whether the page is complete.
func (p *Pager) Full() bool { return len(p.IDs) >= p.limit }

// Has reports whether practice id is in s.
func (ix *Index) Has(s Set, id int64) bool {
	i, ok := ix.pos[id]
	return ok && s.Has(i)
}

// Set is a bitset over the dense positions of an index.
type Set []uint64

// NewSet returns an empty set for n positions.
func NewSet(n int) Set { return make(Set, (n+63)/64) }

// Add puts position i in s.
func (s Set) Add(i int) { s[i>>6] |= 1 << (uint(i) & 63) }

// Remove takes position i out of s.
func (s Set) Remove(i int) { s[i>>6] &^= 1 << (uint(i) & 63) }

// Has reports whether position i is in s.
func (s Set) Has(i int) bool { return s[i>>6]&(1<<(uint(i)&63)) != 0 }

// Clone returns a copy of s.
func (s Set) Clone() Set { return slices.Clone(s) }

// And keeps in s only what is also in t.
func (s Set) And(t Set) {
	for i := range s {
		s[i] &= t[i]
	}
}

// AndNot removes from s what is in t.
func (s Set) AndNot(t Set) {
	for i := range s {
		s[i] &^= t[i]
	}
}

// Or adds to s what is in t.
func (s Set) Or(t Set) {
	for i := range s {
		s[i] |= t[i]
	}
}

// Count returns the number of positions in s.
func (s Set) Count() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// AndCount returns the size of the intersection of s and t.
func (s Set) AndCount(t Set) int {
	n := 0
	for i, w := range s {
		n += bits.OnesCount64(w & t[i])
	}
	return n
}
