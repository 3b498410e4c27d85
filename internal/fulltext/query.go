package fulltext

import (
	"math/bits"
	"slices"
	"sort"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/searchindex"
)

// cursor walks the postings of one term across parts, in slot order.
type cursor struct {
	parts []*postings
	pi, i int
}

// seek moves to the first posting at or after slot and returns it.
func (c *cursor) seek(slot int32) (p *postings, i int, ok bool) {
	for c.pi < len(c.parts) {
		p = c.parts[c.pi]
		n := len(p.slots)
		if c.i < n && p.slots[c.i] < slot {
			// Gallop, then binary search the last step.
			step := 1
			for c.i+step < n && p.slots[c.i+step] < slot {
				c.i += step
				step *= 2
			}
			hi := min(c.i+step, n)
			c.i += sort.Search(hi-c.i, func(k int) bool { return p.slots[c.i+k] >= slot })
		}
		if c.i < n {
			return p, c.i, true
		}
		c.pi, c.i = c.pi+1, 0
	}
	return nil, 0, false
}

// at returns the weighted term frequency at slot, 0 when absent.
func (c *cursor) at(slot int32) float32 {
	p, i, ok := c.seek(slot)
	if !ok || p.slots[i] != slot {
		return 0
	}
	return float32(p.tfw[i])
}

// evaluated is one query term's postings: the parts of one word, or one
// materialized list for a prefix or a phrase.
type evaluated struct {
	parts []*postings
}

// set returns the live slots the term occurs in.
func (ix *Index) set(e evaluated) Set {
	s := searchindex.NewSet(len(ix.ids))
	for _, p := range e.parts {
		for _, slot := range p.slots {
			s.Add(int(slot))
		}
	}
	s.And(ix.live)
	return s
}

// df returns the number of live records the term occurs in.
func (ix *Index) df(e evaluated) int {
	n := 0
	for _, p := range e.parts {
		n += len(p.slots) - ix.deadIn(p.slots)
	}
	return n
}

// deadIn counts the removed slots among slots.
func (ix *Index) deadIn(slots []int32) int {
	n := 0
	if len(ix.dead)*16 < len(slots) {
		for _, d := range ix.dead {
			if _, ok := slices.BinarySearch(slots, d); ok {
				n++
			}
		}
		return n
	}
	for _, s := range slots {
		if !ix.live.Has(int(s)) {
			n++
		}
	}
	return n
}

// tokens folds a query term's tokens as the documents were folded.
func tokens(t lmo.QueryTerm) []string {
	var out []string
	for _, tok := range t.Tokens {
		out = append(out, Tokenize(tok)...)
	}
	return out
}

// eval finds a query term's postings. A prefix term of one token expands
// to the words it starts; a term of several tokens is a phrase.
func (ix *Index) eval(t lmo.QueryTerm) evaluated {
	toks := tokens(t)
	switch {
	case len(toks) == 0:
		return evaluated{}
	case len(toks) == 1 && t.Prefix:
		return ix.prefix(toks[0])
	case len(toks) == 1:
		return evaluated{parts: ix.word(toks[0])}
	}
	return ix.phrase(toks)
}

// word returns the parts of a word's postings, base then delta.
func (ix *Index) word(tok string) []*postings {
	var parts []*postings
	if p := ix.base.lookup(tok); p != nil {
		parts = append(parts, p)
	}
	if p := ix.delta.lookup(tok); p != nil {
		parts = append(parts, p)
	}
	return parts
}

// prefix merges the postings of the words that start with tok, summing
// their frequencies per record in word order.
func (ix *Index) prefix(tok string) evaluated {
	var e evaluated
	base := ix.base.heavy[tok]
	if base == nil {
		base = mergeSum(ix.base.prefixed(tok), len(ix.ids))
	}
	for _, p := range []*postings{base, mergeSum(ix.delta.prefixed(tok), len(ix.ids))} {
		if p != nil {
			e.parts = append(e.parts, p)
		}
	}
	return e
}

// mergeSum merges lists into one, summing the frequencies per slot in list
// order; slots are below n. It returns nil for no lists.
func mergeSum(lists []*postings, n int) *postings {
	switch len(lists) {
	case 0:
		return nil
	case 1:
		return lists[0]
	}
	acc := make([]float32, n)
	seen := searchindex.NewSet(n)
	for _, p := range lists {
		for i, s := range p.slots {
			acc[s] += float32(p.tfw[i])
			seen.Add(int(s))
		}
	}
	out := &postings{}
	forEach(seen, 0, n, func(s int) {
		out.slots = append(out.slots, int32(s))
		out.tfw = append(out.tfw, toFreq(float64(acc[s])))
	})
	return out
}

// unit is a word or a pair of adjacent common words of a phrase, at an
// offset from the phrase's start.
type unit struct {
	cursor
	off int
}

// pair returns the parts of the postings of the pair a b.
func (ix *Index) pair(a, b string) []*postings {
	key := a + "\x00" + b
	var parts []*postings
	if p := ix.basePairs.lookup(key); p != nil {
		parts = append(parts, p)
	}
	if p := ix.delta.pairs[key]; p != nil {
		parts = append(parts, p)
	}
	return parts
}

// units covers a phrase with pairs of adjacent common words where it can
// (the last word overlapping the pair before it) and words elsewhere.
func (ix *Index) units(toks []string) []unit {
	var out []unit
	paired := func(i int) bool { return i+1 < len(toks) && ix.common[toks[i]] && ix.common[toks[i+1]] }
	for i := 0; i < len(toks); {
		switch {
		case paired(i):
			out = append(out, unit{cursor{parts: ix.pair(toks[i], toks[i+1])}, i})
			i += 2
			continue
		case i == len(toks)-1 && i > 0 && paired(i-1):
			out = append(out, unit{cursor{parts: ix.pair(toks[i-1], toks[i])}, i - 1})
		default:
			out = append(out, unit{cursor{parts: ix.word(toks[i])}, i})
		}
		i++
	}
	return out
}

// phrase finds the records where toks occur in a row in one field, with
// the weighted number of times they do. A phrase of two common words is
// their pair's postings; otherwise it walks the postings of the rarest
// unit and checks the others at the same slot.
func (ix *Index) phrase(toks []string) evaluated {
	units := ix.units(toks)
	driver, least := 0, -1
	for i, u := range units {
		n := 0
		for _, p := range u.parts {
			n += len(p.slots)
		}
		if n == 0 {
			return evaluated{}
		}
		if least < 0 || n < least {
			driver, least = i, n
		}
	}
	if len(units) == 1 && len(toks) == 2 {
		return evaluated{parts: units[0].parts}
	}
	out := &postings{}
	counts := make([]int, len(ix.weights))
	at := make([][]uint32, len(units))
	for _, first := range units[driver].parts {
		for i, s := range first.slots {
			if !ix.allAt(units, driver, s, at) {
				continue
			}
			at[driver] = first.positions(i, at[driver])
			if !countPhrase(units, at, driver, counts) {
				continue
			}
			out.slots = append(out.slots, s)
			out.tfw = append(out.tfw, weightedCounts(counts, ix.weights))
		}
	}
	if len(out.slots) == 0 {
		return evaluated{}
	}
	return evaluated{parts: []*postings{out}}
}

// allAt reports whether every cursor but the driver's has a posting at
// slot, and decodes their positions into at.
func (ix *Index) allAt(curs []unit, driver int, slot int32, at [][]uint32) bool {
	for k := range curs {
		if k == driver {
			continue
		}
		p, i, ok := curs[k].seek(slot)
		if !ok || p.slots[i] != slot {
			return false
		}
	}
	for k := range curs {
		if k != driver {
			p, i, _ := curs[k].seek(slot)
			at[k] = p.positions(i, at[k])
		}
	}
	return true
}

// countPhrase counts per field the starts p where each unit is at p plus
// its offset, and reports whether there is any. It tries the driver's
// positions.
func countPhrase(units []unit, at [][]uint32, driver int, counts []int) bool {
	clear(counts)
	any := false
	off := uint32(units[driver].off)
	for _, p := range at[driver] {
		if p&maxOffset < off {
			continue // the phrase would start in the previous field
		}
		start := p - off
		ok := true
		for k := 0; k < len(at) && ok; k++ {
			want := start + uint32(units[k].off)
			_, found := slices.BinarySearch(at[k], want)
			ok = found && want>>posBits == start>>posBits
		}
		if ok {
			counts[start>>posBits]++
			any = true
		}
	}
	return any
}

// forEach calls fn for each slot of s in [lo, hi), ascending.
func forEach(s Set, lo, hi int, fn func(int)) {
	for w := lo >> 6; w < len(s) && w<<6 < hi; w++ {
		word := s[w]
		for word != 0 {
			bit := bits.TrailingZeros64(word)
			slot := w<<6 | bit
			if slot >= lo && slot < hi {
				fn(slot)
			}
			word &= word - 1
		}
	}
}
