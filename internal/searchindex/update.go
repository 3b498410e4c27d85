package searchindex

import (
	"cmp"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"sort"
	"sync/atomic"
)

// Change is what Update applies: the records to take out and the records
// to put in (a changed record is in both), with the facet postings of the
// records put in.
type Change struct {
	Remove   []int64
	Add      []Doc
	Postings []Posting // of the records of Add only
}

// Update returns an index of version that is ix with c applied, sharing
// what c does not touch: removed records leave their position empty
// (positions are never reused, so that another index numbering the same
// records, such as package fulltext's slots, keeps the same numbers), and
// each added record gets the next position, in the order of c.Add. The
// postings of the values c touches are copied, those of other values are
// shared (and stay shorter than the new Len: see Set). Each named order
// keeps its records in place and takes the added ones by binary search,
// with orders comparing positions of the new index (the positions of
// ix.Len() onwards are c.Add's); orders must name the same orders as
// Build's. It fails when an added record is already in ix and not removed.
func (ix *Index) Update(version int64, c Change, orders map[string]Compare) (*Index, error) {
	n := len(ix.docs) + len(c.Add)
	nx := *ix
	nx.Version = version
	nx.extended = new(atomic.Bool)
	if ix.extended.CompareAndSwap(false, true) {
		// The first index derived from ix appends to its arrays in place
		// (ix sees only its own length of them); any other copies them.
		nx.docs = append(ix.docs, c.Add...)
	} else {
		nx.docs = append(slices.Clip(ix.docs), c.Add...)
		nx.ids = slices.Clip(ix.ids)
	}
	nx.moved = maps.Clone(ix.moved)
	if nx.moved == nil {
		nx.moved = map[int64]int{}
	}
	nx.all = ix.all.grown(n)
	removed := NewSet(n)
	for _, id := range c.Remove {
		if i, ok := ix.Position(id); ok {
			removed.Add(i)
			nx.all.Remove(i)
			nx.moved[id] = -1
		}
	}
	added := make([]int32, len(c.Add))
	for k, d := range c.Add {
		if _, ok := nx.Position(d.ID); ok {
			return nil, fmt.Errorf("searchindex: record %d added twice", d.ID)
		}
		i := len(ix.docs) + k
		nx.ids = append(nx.ids, d.ID)
		nx.moved[d.ID] = i
		nx.all.Add(i)
		added[k] = int32(i)
	}
	var gone []int
	forEachIn(removed, func(i int) { gone = append(gone, i) })
	nx.postings = nx.updatePostings(ix, removed, gone, c.Postings, n)
	nx.orders = make(map[string][]int32, len(ix.orders))
	for name, o := range ix.orders {
		compare, ok := orders[name]
		if !ok {
			return nil, fmt.Errorf("searchindex: no comparison for order %s", name)
		}
		full := func(a, b int32) int { return cmp.Or(compare(int(a), int(b)), cmp.Compare(nx.ids[a], nx.ids[b])) }
		nx.orders[name] = merge(o, removed, gone, added, full)
	}
	if len(nx.moved) > max(4096, len(nx.pos)/8) {
		nx.flatten()
	}
	return &nx, nil
}

// updatePostings returns the postings of nx: ix's without the removed
// positions, plus the added records' postings; the sets of untouched
// values are shared.
func (nx *Index) updatePostings(ix *Index, removed Set, gone []int, postings []Posting, n int) map[string]map[string]Set {
	out := maps.Clone(ix.postings)
	touched := map[string]map[string]Set{} // the copies made so far
	set := func(facet, value string) Set {
		if s, ok := touched[facet][value]; ok {
			return s
		}
		if touched[facet] == nil {
			touched[facet] = map[string]Set{}
			out[facet] = maps.Clone(out[facet])
			if out[facet] == nil {
				out[facet] = map[string]Set{}
			}
		}
		s := out[facet][value].grown(n)
		touched[facet][value] = s
		out[facet][value] = s
		return s
	}
	for facet, values := range ix.postings {
		for value, p := range values {
			for _, i := range gone {
				if p.Has(i) {
					set(facet, value).AndNot(removed)
					break
				}
			}
		}
	}
	for _, p := range postings {
		s := set(p.Facet, p.Value)
		for _, id := range p.IDs {
			if i, ok := nx.Position(id); ok {
				s.Add(i)
			}
		}
	}
	return out
}

// merge returns order o without the removed positions and with the added
// ones in their places by compare, a total order under which o is sorted
// (removed positions included): each added and removed position is found
// by binary search, and the runs between are copied.
func merge(o []int32, removed Set, gone []int, added []int32, compare func(a, b int32) int) []int32 {
	add := slices.Clone(added)
	slices.SortFunc(add, compare)
	cuts := make([]cut, 0, len(add)+len(gone))
	for _, a := range add {
		cuts = append(cuts, cut{at: sort.Search(len(o), func(j int) bool { return compare(o[j], a) > 0 }), add: a})
	}
	for _, g := range gone {
		at := sort.Search(len(o), func(j int) bool { return compare(o[j], int32(g)) >= 0 })
		if at == len(o) || o[at] != int32(g) {
			return mergeScan(o, removed, add, cuts[:len(add)]) // not where compare says: o is not sorted by it
		}
		cuts = append(cuts, cut{at: at, remove: true})
	}
	slices.SortStableFunc(cuts, func(x, y cut) int { return cmp.Compare(x.at, y.at) }) // inserts before a removal at the same place
	out := make([]int32, 0, len(o)+len(add)-len(gone))
	prev := 0
	for _, c := range cuts {
		out = append(out, o[prev:c.at]...)
		prev = c.at
		if c.remove {
			prev++
		} else {
			out = append(out, c.add)
		}
	}
	return append(out, o[prev:]...)
}

// cut is where merge changes an order: it inserts add before o[at], or
// drops o[at].
type cut struct {
	at     int
	add    int32
	remove bool
}

// mergeScan is merge checking every position of o against removed.
func mergeScan(o []int32, removed Set, add []int32, inserts []cut) []int32 {
	out := make([]int32, 0, len(o)+len(add))
	k := 0
	for j, i := range o {
		for k < len(inserts) && inserts[k].at == j {
			out = append(out, inserts[k].add)
			k++
		}
		if !removed.Has(int(i)) {
			out = append(out, i)
		}
	}
	for ; k < len(inserts); k++ {
		out = append(out, inserts[k].add)
	}
	return out
}

// forEachIn calls fn with each position of s, ascending.
func forEachIn(s Set, fn func(int)) {
	for w, word := range s {
		for word != 0 {
			fn(w<<6 | bits.TrailingZeros64(word))
			word &= word - 1
		}
	}
}

// flatten folds the overlay of moved positions into a new map.
func (nx *Index) flatten() {
	pos := make(map[int64]int, len(nx.pos)+len(nx.moved))
	for i, id := range nx.ids {
		if nx.all.Has(i) {
			pos[id] = i
		}
	}
	nx.pos, nx.moved = pos, nil
}
