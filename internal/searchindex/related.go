package searchindex

import (
	"cmp"
	"math/bits"
	"slices"
)

// Related is a record that shares facet values with another, and how many.
type Related struct {
	ID     int64
	Shared int
}

// Related returns at most limit other records that share the most values of
// the named facets with record id, most shared first; ties go to the later
// record in the order named tie. It reads only the postings of the record's
// own values, so it costs a few passes over those bitsets, whatever the
// size of the index. An unknown id has no related records.
func (ix *Index) Related(id int64, facets []string, tie string, limit int) []Related {
	self, ok := ix.pos[id]
	if !ok || limit <= 0 {
		return nil
	}
	score := make([]uint16, len(ix.docs))
	var seen []int32
	for _, name := range facets {
		for _, p := range ix.postings[name] {
			if !p.Has(self) {
				continue
			}
			for w, word := range p {
				for word != 0 {
					i := w<<6 + bits.TrailingZeros64(word)
					word &= word - 1
					if i == self {
						continue
					}
					if score[i] == 0 {
						seen = append(seen, int32(i))
					}
					score[i]++
				}
			}
		}
	}
	rank := ix.rank(tie)
	slices.SortFunc(seen, func(a, b int32) int {
		return cmp.Or(cmp.Compare(score[b], score[a]), cmp.Compare(rank(a), rank(b)))
	})
	out := make([]Related, 0, min(limit, len(seen)))
	for _, i := range seen[:min(limit, len(seen))] {
		out = append(out, Related{ID: ix.ids[i], Shared: int(score[i])})
	}
	return out
}

// rank returns a record's position in the named order (by dense position
// when there is no such order).
func (ix *Index) rank(order string) func(int32) int {
	o, ok := ix.orders[order]
	if !ok {
		return func(i int32) int { return int(i) }
	}
	pos := make([]int32, len(o))
	for r, i := range o {
		pos[i] = int32(r)
	}
	return func(i int32) int { return int(pos[i]) }
}
