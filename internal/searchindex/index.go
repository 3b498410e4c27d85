// Package searchindex keeps the facets, spans and sort orders of a list's
// records in memory as bitsets, so that a store can filter and count facets
// over 100,000 records in a fraction of a millisecond instead of grouping
// millions of rows in SQL for every search. It knows nothing of what the
// records are: a module gives it ids, facet postings, spans, change times
// and named orders, and gets ids, totals and facet counts back.
//
// An Index is a cache of the database, never the truth: a store builds it
// from the database, tags it with a version that every write moves, and
// rebuilds it whenever that version moves, so every app node answers from
// the current data.
package searchindex

import (
	"cmp"
	"math/bits"
	"slices"
	"strings"
	"sync/atomic"
	"time"
)

// Doc is what the index keeps of one record.
type Doc struct {
	ID int64
	// From and To are the span the record covers, such as the years a
	// programme ran: 0 for an unknown start or an open end.
	From, To int
	// Changed is when the record last changed.
	Changed time.Time
}

// Posting is one facet value and the records that have it.
type Posting struct {
	Facet, Value string
	IDs          []int64
}

// Link ties two facets whose values come in pairs on a record, such as the
// countries of a programme and the role each plays in it. The postings of
// facet Pairs hold the pairs, valued Value(a, b) for a value a of facet A
// and b of B. When both A and B have a selection, a record matches when one
// of its pairs joins a selected value of A with a selected value of B, and
// each value of A (or B) counts the records whose pairs join it with a
// selected value of the other. With one of them selected, each filters
// alone. Pairs is not counted unless facets names it.
type Link struct {
	A, B, Pairs string
	Value       func(a, b string) string
}

// Compare orders two records by their positions in the docs given to Build.
type Compare func(a, b int) int

// Index is an immutable in-memory index of a list's records.
type Index struct {
	Version  int64
	ids      []int64       // dense position -> record id
	pos      map[int64]int // record id -> dense position, at the last Build or flatten
	moved    map[int64]int // overlay of pos since: the new position, or -1 for removed
	docs     []Doc
	all      Set
	facets   []string                  // facet names in display order
	postings map[string]map[string]Set // facet -> value -> records
	orders   map[string][]int32        // order name -> dense positions in order
	links    map[string]Link           // facet -> its link, under A and B
	// extended is set once an Update has appended to docs and ids in place.
	extended *atomic.Bool
}

// Build makes an index of docs, their facet postings (facets names them in
// display order), the named orders and the links between facets; ties in
// an order fall back to id.
func Build(version int64, docs []Doc, facets []string, postings []Posting, orders map[string]Compare, links ...Link) *Index {
	ix := &Index{Version: version, docs: docs, pos: make(map[int64]int, len(docs)), facets: facets,
		postings: map[string]map[string]Set{}, orders: map[string][]int32{}, links: map[string]Link{}, extended: new(atomic.Bool)}
	for _, l := range links {
		ix.links[l.A], ix.links[l.B] = l, l
	}
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
	for name, compare := range orders {
		ix.orders[name] = ix.order(func(a, b int32) int {
			return cmp.Or(compare(int(a), int(b)), cmp.Compare(docs[a].ID, docs[b].ID))
		})
	}
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

// Len returns the number of positions, those of records removed by Update
// included: the size of a Set.
func (ix *Index) Len() int { return len(ix.docs) }

// Count returns the number of records.
func (ix *Index) Count() int { return ix.all.Count() }

// Position returns the dense position of record id.
func (ix *Index) Position(id int64) (int, bool) {
	if i, ok := ix.moved[id]; ok {
		return i, i >= 0
	}
	i, ok := ix.pos[id]
	return i, ok
}

// IDs returns the record id of each position (removed positions keep the
// id they had); callers must not change it.
func (ix *Index) IDs() []int64 { return ix.ids }

// SetOf returns the set of the given record ids (unknown ids are ignored).
func (ix *Index) SetOf(ids []int64) Set {
	s := NewSet(len(ix.docs))
	for _, id := range ids {
		if i, ok := ix.Position(id); ok {
			s.Add(i)
		}
	}
	return s
}

// All returns the set of every record; callers must not change it.
func (ix *Index) All() Set { return ix.all }

// Filter is what a list is filtered by, apart from its words.
type Filter struct {
	// Facets selects values per facet: OR within a facet, AND across.
	Facets map[string][]string
	// From and To keep the records whose span overlaps [From, To] (0: no
	// bound). An open end satisfies any From; an unknown start fails any To.
	From, To int
	// Since keeps the records changed at or after it (zero: no bound).
	Since time.Time
}

// Filter returns the records that satisfy f apart from the selection of the
// facet named skip, intersected with text (nil: no text condition).
func (ix *Index) Filter(f Filter, text Set, skip string) Set {
	s := ix.all.Clone()
	if text != nil {
		s.And(text)
	}
	for _, name := range ix.facets {
		values := f.Facets[name]
		if name == skip || len(values) == 0 {
			continue
		}
		if l, other, ok := ix.linked(name, f, skip); ok {
			if name == l.A { // B's selection is applied with A's, in pairs
				s.And(ix.pairs(l, values, f.Facets[other], nil))
			}
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
	if f.From != 0 || f.To != 0 || !f.Since.IsZero() {
		forEachIn(s, func(i int) {
			if !f.keeps(ix.docs[i]) {
				s.Remove(i)
			}
		})
	}
	return s
}

// linked returns the link of facet name and the facet at its other end when
// that facet has a selection and is not skipped: then the two filter in
// pairs.
func (ix *Index) linked(name string, f Filter, skip string) (Link, string, bool) {
	l, ok := ix.links[name]
	if !ok {
		return l, "", false
	}
	other := l.B
	if name == l.B {
		other = l.A
	}
	return l, other, other != skip && len(f.Facets[other]) > 0
}

// pairs returns, in into (a new set when nil, cleared otherwise), the
// records with a pair of l that joins one of as with one of bs.
func (ix *Index) pairs(l Link, as, bs []string, into Set) Set {
	if into == nil {
		into = NewSet(len(ix.docs))
	} else {
		clear(into)
	}
	for _, a := range as {
		for _, b := range bs {
			if p, ok := ix.postings[l.Pairs][l.Value(a, b)]; ok {
				into.Or(p)
			}
		}
	}
	return into
}

// keeps reports whether d's span and change time satisfy f.
func (f Filter) keeps(d Doc) bool {
	end := d.To
	if end == 0 {
		end = int(^uint(0) >> 1)
	}
	return (f.From == 0 || end >= f.From) &&
		(f.To == 0 || d.From != 0 && d.From <= f.To) &&
		(f.Since.IsZero() || !d.Changed.Before(f.Since))
}

// Count is one facet value and how many records have it.
type Count struct {
	Value string
	Count int
}

// Counts returns, for every facet, the counts of its values among the
// records of f: a facet without a selection is counted over the fully
// filtered set, a facet with one over the set filtered by the other facets
// (OR within a facet, AND across; linked facets in pairs, as Link says).
// Values are ordered by count, then value.
func (ix *Index) Counts(f Filter, text, filtered Set) map[string][]Count {
	out := map[string][]Count{}
	for _, name := range ix.facets {
		over := filtered
		if len(f.Facets[name]) > 0 {
			over = ix.Filter(f, text, name)
		}
		counts := []Count{}
		l, other, paired := ix.linked(name, f, name)
		var scratch Set
		for value, p := range ix.postings[name] {
			if paired { // only the records that have value paired with a selected value of other
				vs := []string{value}
				if name == l.A {
					scratch = ix.pairs(l, vs, f.Facets[other], scratch)
				} else {
					scratch = ix.pairs(l, f.Facets[other], vs, scratch)
				}
				p = scratch
			}
			if n := p.AndCount(over); n > 0 {
				counts = append(counts, Count{Value: value, Count: n})
			}
		}
		slices.SortFunc(counts, func(a, b Count) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value))
		})
		out[name] = counts
	}
	return out
}

// Page returns the ids of the records of s in the named order, skipping
// offset and taking at most limit.
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

// Has reports whether record id is in s.
func (ix *Index) Has(s Set, id int64) bool {
	i, ok := ix.Position(id)
	return ok && s.Has(i)
}

// Set is a bitset over the dense positions of an index. A set may be
// shorter than its index's Len (the postings of values no write touched
// since positions were appended): the missing words are empty. Sets made
// for a query (NewSet(ix.Len()), All().Clone()) have the full length, and
// the operations below take a shorter t.
type Set []uint64

// NewSet returns an empty set for n positions.
func NewSet(n int) Set { return make(Set, (n+63)/64) }

// Add puts position i in s, which must be long enough.
func (s Set) Add(i int) { s[i>>6] |= 1 << (uint(i) & 63) }

// Remove takes position i out of s.
func (s Set) Remove(i int) {
	if i>>6 < len(s) {
		s[i>>6] &^= 1 << (uint(i) & 63)
	}
}

// Has reports whether position i is in s.
func (s Set) Has(i int) bool { return i>>6 < len(s) && s[i>>6]&(1<<(uint(i)&63)) != 0 }

// Clone returns a copy of s.
func (s Set) Clone() Set { return slices.Clone(s) }

// grown returns a copy of s with room for n positions.
func (s Set) grown(n int) Set {
	out := NewSet(n)
	copy(out, s)
	return out
}

// And keeps in s only what is also in t.
func (s Set) And(t Set) {
	n := min(len(s), len(t))
	a, b := s[:n], t[:n]
	for i := range a {
		a[i] &= b[i]
	}
	clear(s[n:])
}

// AndNot removes from s what is in t.
func (s Set) AndNot(t Set) {
	n := min(len(s), len(t))
	a, b := s[:n], t[:n]
	for i := range a {
		a[i] &^= b[i]
	}
}

// Or adds to s what is in t, which must not be longer (beyond s's length
// it is ignored).
func (s Set) Or(t Set) {
	n := min(len(s), len(t))
	a, b := s[:n], t[:n]
	for i := range a {
		a[i] |= b[i]
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
	if len(t) < len(s) {
		s = s[:len(t)]
	}
	n := 0
	for i, w := range s {
		n += bits.OnesCount64(w & t[i])
	}
	return n
}
