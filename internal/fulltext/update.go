package fulltext

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// delta is the inverted index of the records written since the base was
// built: small, and copied on write term by term.
type delta struct {
	lists map[string]*postings
	pairs map[string]*postings // of adjacent common words
	slot  map[int64]int32      // overlay of Index.slot: -1 for removed
	docs  int                  // records added to it
}

// lookup returns the postings of term, or nil.
func (d *delta) lookup(term string) *postings { return d.lists[term] }

// prefixed returns the postings of the terms that start with prefix, in
// term order.
func (d *delta) prefixed(prefix string) []*postings {
	var terms []string
	for t := range d.lists {
		if strings.HasPrefix(t, prefix) {
			terms = append(terms, t)
		}
	}
	slices.Sort(terms)
	out := make([]*postings, len(terms))
	for i, t := range terms {
		out[i] = d.lists[t]
	}
	return out
}

// slotOf returns the slot of a live record.
func (ix *Index) slotOf(id int64) (int32, bool) {
	if s, ok := ix.delta.slot[id]; ok {
		return s, s >= 0
	}
	s, ok := ix.slot[id]
	return s, ok
}

// fork returns a copy of ix whose per-slot state and delta can be changed.
func (ix *Index) fork(extra int) *Index {
	nx := *ix
	nx.ids = append(make([]int64, 0, len(ix.ids)+extra), ix.ids...)
	nx.dl = append(make([]int32, 0, len(ix.dl)+extra), ix.dl...)
	nx.live = append(make(Set, 0, (len(ix.ids)+extra+63)/64), ix.live...)
	nx.dead = slices.Clone(ix.dead)
	nx.delta = &delta{lists: maps.Clone(ix.delta.lists), pairs: maps.Clone(ix.delta.pairs), slot: maps.Clone(ix.delta.slot), docs: ix.delta.docs}
	if nx.delta.lists == nil {
		nx.delta.lists = map[string]*postings{}
	}
	if nx.delta.pairs == nil {
		nx.delta.pairs = map[string]*postings{}
	}
	if nx.delta.slot == nil {
		nx.delta.slot = map[int64]int32{}
	}
	return &nx
}

// Add returns an Index with d added in a new slot. It fails when d's id is
// already live or d has too many fields.
func (ix *Index) Add(d Doc) (*Index, error) {
	if _, ok := ix.slotOf(d.ID); ok {
		return nil, fmt.Errorf("fulltext: doc %d twice", d.ID)
	}
	nx := ix.fork(1)
	if err := nx.add(d); err != nil {
		return nil, err
	}
	return nx, nil
}

// add puts d in a new slot of a forked index.
func (nx *Index) add(d Doc) error {
	if len(d.Fields) > len(nx.weights) {
		return fmt.Errorf("fulltext: doc %d has %d fields, weights for %d", d.ID, len(d.Fields), len(nx.weights))
	}
	slot := int32(len(nx.ids))
	nx.ids = append(nx.ids, d.ID)
	if len(nx.live)*64 <= int(slot) {
		nx.live = append(nx.live, 0)
	}
	nx.live.Add(int(slot))
	nx.delta.slot[d.ID] = slot
	nx.delta.docs++
	bd := newBuilder(true)
	n := bd.add(d, slot, nx.weights)
	pb := bd.pairs(func(t string) bool { return nx.common[t] }, slot, nx.weights)
	for i, key := range pb.terms {
		nx.delta.pairs[key] = appendPosting(nx.delta.pairs[key], pb.lists[i])
	}
	nx.dl = append(nx.dl, n)
	nx.nLive++
	nx.totalLen += int64(n)
	for i, term := range bd.terms {
		nx.delta.lists[term] = appendPosting(nx.delta.lists[term], bd.lists[i])
	}
	return nil
}

// appendPosting returns a new postings of old's followed by one's.
func appendPosting(old, one *postings) *postings {
	if old == nil {
		return one
	}
	off := uint32(len(old.pos))
	p := &postings{
		slots:  append(slices.Clip(old.slots), one.slots...),
		tfw:    append(slices.Clip(old.tfw), one.tfw...),
		pos:    append(slices.Clip(old.pos), one.pos...),
		posOff: append(slices.Clip(old.posOff), off+one.posOff[1]),
	}
	return p
}

// Remove returns an Index without the record id; removing an unknown id
// returns ix.
func (ix *Index) Remove(id int64) *Index {
	if _, ok := ix.slotOf(id); !ok {
		return ix
	}
	nx := ix.fork(0)
	nx.remove(id)
	return nx
}

// remove takes record id out of a forked index.
func (nx *Index) remove(id int64) {
	slot, _ := nx.slotOf(id)
	nx.delta.slot[id] = -1
	nx.live.Remove(int(slot))
	i, _ := slices.BinarySearch(nx.dead, slot)
	nx.dead = slices.Insert(nx.dead, i, slot)
	nx.nLive--
	nx.totalLen -= int64(nx.dl[slot])
}

// Replace returns an Index where d replaces the record of the same id (or
// is added): the old slot is removed and d gets a new one.
func (ix *Index) Replace(d Doc) (*Index, error) {
	nx := ix.fork(1)
	if _, ok := nx.slotOf(d.ID); ok {
		nx.remove(d.ID)
	}
	if err := nx.add(d); err != nil {
		return nil, err
	}
	return nx, nil
}

// Update returns an Index with the records of ids removed, then docs
// added in new slots in their order (a record in both is replaced): one
// copy of the per-slot state for the whole batch, where Replace makes one
// per record. Unknown ids are ignored. It fails when a doc's id is live
// after the removals or a doc has too many fields.
func (ix *Index) Update(remove []int64, docs []Doc) (*Index, error) {
	nx := ix.fork(len(docs))
	for _, id := range remove {
		if _, ok := nx.slotOf(id); ok {
			nx.remove(id)
		}
	}
	for _, d := range docs {
		if _, ok := nx.slotOf(d.ID); ok {
			return nil, fmt.Errorf("fulltext: doc %d twice", d.ID)
		}
		if err := nx.add(d); err != nil {
			return nil, err
		}
	}
	return nx, nil
}

// NeedsCompact reports whether the records written since the last build
// or Compact are enough that searches would gain from Compact: more than
// 1/64 of the records (at least 256) added or removed.
func (ix *Index) NeedsCompact() bool {
	n := max(256, len(ix.ids)/64)
	return ix.delta.docs > n || len(ix.dead) > n
}

// Compact returns an Index with the same slots and records whose postings
// are merged into one base segment. It takes time in proportion to the
// whole index (run it in the background); ix stays usable meanwhile.
func (ix *Index) Compact() *Index {
	nx := *ix
	nx.slot = make(map[int64]int32, ix.nLive)
	for s, id := range ix.ids {
		if ix.live.Has(s) {
			nx.slot[id] = int32(s)
		}
	}
	nx.dead = nil
	nx.delta = &delta{}
	avgdl := ix.avgdl()
	nx.base = ix.merge(ix.base, ix.delta.lists, avgdl)
	nx.base.addHeavy(len(ix.ids), ix.dl)
	nx.basePairs = ix.merge(ix.basePairs, ix.delta.pairs, avgdl)
	return &nx
}

// merge returns a segment of the live postings of base and delta.
func (ix *Index) merge(base *segment, delta map[string]*postings, avgdl float64) *segment {
	terms := slices.Clone(base.terms)
	for t := range delta {
		if _, ok := slices.BinarySearch(base.terms, t); !ok {
			terms = append(terms, t)
		}
	}
	slices.Sort(terms)
	seg := &segment{avgdl: avgdl}
	for _, t := range terms {
		p := mergeLive(ix.live, base.lookup(t), delta[t])
		if p == nil {
			continue
		}
		if len(p.slots) >= rangeMinDF {
			p.bounds = rangeBounds(p, avgdl, ix.dl)
		}
		seg.terms = append(seg.terms, t)
		seg.lists = append(seg.lists, p)
	}
	return seg
}

// mergeLive returns the postings of the live slots of a then b, or nil.
func mergeLive(live Set, a, b *postings) *postings {
	out := &postings{posOff: []uint32{0}}
	for _, p := range []*postings{a, b} {
		if p == nil {
			continue
		}
		for i, s := range p.slots {
			if !live.Has(int(s)) {
				continue
			}
			out.slots = append(out.slots, s)
			out.tfw = append(out.tfw, p.tfw[i])
			out.pos = append(out.pos, p.pos[p.posOff[i]:p.posOff[i+1]]...)
			out.posOff = append(out.posOff, uint32(len(out.pos)))
		}
	}
	if len(out.slots) == 0 {
		return nil
	}
	return out
}
