package fulltext

import (
	"cmp"
	"slices"
	"sync/atomic"

	"github.com/lmo-observatory/lmo"
)

// Matches is a query evaluated on an Index: the set of records it matches
// and what ranking them needs. Top is safe for concurrent use.
type Matches struct {
	ix *Index
	// Set holds the slots of the matching records; callers must not
	// change it (Clone it to filter).
	Set     Set
	scorers []scorer
	scored  atomic.Int64 // records scored by Top, for the benchmarks
}

// scorer is one positive query term: its postings and IDF.
type scorer struct {
	e   evaluated
	idf float64
}

// Query evaluates q: every clause must match (any of its alternatives),
// no excluded term may. A query without clauses matches every record.
func (ix *Index) Query(q lmo.Query) *Matches {
	m := &Matches{ix: ix}
	if len(q.Clauses) == 0 {
		m.Set = ix.live.Clone()
	}
	for i, c := range q.Clauses {
		s := ix.clause(c, m)
		if i == 0 {
			m.Set = s
		} else {
			m.Set.And(s)
		}
	}
	for _, t := range q.Excluded {
		m.Set.AndNot(ix.set(ix.eval(t)))
	}
	return m
}

// clause returns the union of the alternatives' sets and adds their
// scorers to m.
func (ix *Index) clause(c lmo.Clause, m *Matches) Set {
	var s Set
	for _, t := range c {
		e := ix.eval(t)
		m.scorers = append(m.scorers, scorer{e: e, idf: idf(ix.nLive, ix.df(e))})
		ts := ix.set(e)
		if s == nil {
			s = ts
		} else {
			s.Or(ts)
		}
	}
	return s
}

// Total returns the number of matching records.
func (m *Matches) Total() int { return m.Set.Count() }

// Search evaluates q and returns the best k records of those it matches
// within allowed (nil for all; otherwise a Set over ix.Len() slots) and
// the number of such records.
func (ix *Index) Search(q lmo.Query, k int, allowed Set) ([]Hit, int) {
	m := ix.Query(q)
	s := m.Set
	if allowed != nil {
		s = s.Clone()
		s.And(allowed)
	}
	return m.Top(k, s), s.Count()
}

// Top returns the best k records of within, which must be a subset of
// m.Set of the same length (such as m.Set filtered by facets), by BM25
// descending and id
// descending. It does not score every record: it ranks slot ranges by an
// upper bound of their scores and stops at the first range whose bound is
// below the k-th best score found.
func (m *Matches) Top(k int, within Set) []Hit { return m.top(k, within, true) }

// top is Top, scoring every record of within unless prune.
func (m *Matches) top(k int, within Set, prune bool) []Hit {
	if k <= 0 {
		return nil
	}
	ix := m.ix
	avgdl := ix.avgdl()
	bounds := m.rangeBounds(avgdl)
	order := candidateRanges(within, bounds)
	h := &topK{k: k}
	curs := make([]cursor, len(m.scorers))
	scored := 0
	defer func() { m.scored.Add(int64(scored)) }()
	for _, r := range order {
		if prune && h.full() && bounds[r] < h.worst().Score {
			break
		}
		for t := range curs {
			curs[t] = cursor{parts: m.scorers[t].e.parts}
		}
		lo := r << rangeShift
		forEach(within, lo, lo+rangeSize, func(slot int) {
			scored++
			h.offer(Hit{ID: ix.ids[slot], Slot: slot, Score: m.score(curs, int32(slot), avgdl)})
		})
	}
	return h.sorted()
}

// score is the BM25 of the record at slot: the sum over the scorers, in
// query order.
func (m *Matches) score(curs []cursor, slot int32, avgdl float64) float64 {
	sc := 0.0
	dl := m.ix.dl[slot]
	for t := range curs {
		if tfw := curs[t].at(slot); tfw != 0 {
			sc += score(m.scorers[t].idf, tfw, dl, avgdl)
		}
	}
	return sc
}

// rangeBounds returns for each slot range an upper bound of the scores of
// its records.
func (m *Matches) rangeBounds(avgdl float64) []float64 {
	ix := m.ix
	out := make([]float64, (len(ix.ids)+rangeSize-1)>>rangeShift)
	per := make([]float64, len(out))
	for _, sc := range m.scorers {
		clear(per)
		for _, p := range sc.e.parts {
			ix.partBounds(p, avgdl, per)
		}
		for r, v := range per {
			out[r] += sc.idf * v
		}
	}
	for r := range out {
		out[r] = out[r]*(1+1e-9) + 1e-12 // over any rounding
	}
	return out
}

// partBounds raises per[r] to the largest term-frequency part of BM25 of
// p's postings in range r. Bounds computed at build hold for another avgdl
// times max(1, avgdl/built): (c + x/a0) / (c + x/a) is at most that.
func (ix *Index) partBounds(p *postings, avgdl float64, per []float64) {
	if p.bounds != nil {
		f := max(1, avgdl/ix.base.avgdl)
		for r, v := range p.bounds {
			per[r] = max(per[r], float64(v)*f)
		}
		return
	}
	for i, s := range p.slots {
		r := s >> rangeShift
		per[r] = max(per[r], tfPart(float32(p.tfw[i]), ix.dl[s], avgdl))
	}
}

// candidateRanges returns the slot ranges that have records in within,
// best bound first.
func candidateRanges(within Set, bounds []float64) []int {
	var out []int
	const words = rangeSize / 64
	for r := range bounds {
		for w := r * words; w < min((r+1)*words, len(within)); w++ {
			if within[w] != 0 {
				out = append(out, r)
				break
			}
		}
	}
	slices.SortFunc(out, func(a, b int) int { return cmp.Or(cmp.Compare(bounds[b], bounds[a]), cmp.Compare(a, b)) })
	return out
}

// topK keeps the k best hits in a heap whose root is the worst.
type topK struct {
	k    int
	hits []Hit
}

// better orders hits: higher score, then lower id (as FTS5 listed ties).
func better(a, b Hit) bool { return a.Score > b.Score || a.Score == b.Score && a.ID < b.ID }

func (h *topK) full() bool         { return len(h.hits) >= h.k }
func (h *topK) worst() Hit         { return h.hits[0] }
func (h *topK) less(i, j int) bool { return better(h.hits[j], h.hits[i]) }

// offer keeps x if it is among the k best so far.
func (h *topK) offer(x Hit) {
	if !h.full() {
		h.hits = append(h.hits, x)
		for i := len(h.hits) - 1; i > 0; {
			p := (i - 1) / 2
			if !h.less(i, p) {
				break
			}
			h.hits[i], h.hits[p] = h.hits[p], h.hits[i]
			i = p
		}
		return
	}
	if !better(x, h.hits[0]) {
		return
	}
	h.hits[0] = x
	for i := 0; ; {
		l, small := 2*i+1, i
		if l < len(h.hits) && h.less(l, small) {
			small = l
		}
		if l+1 < len(h.hits) && h.less(l+1, small) {
			small = l + 1
		}
		if small == i {
			return
		}
		h.hits[i], h.hits[small] = h.hits[small], h.hits[i]
		i = small
	}
}

// sorted returns the hits best first.
func (h *topK) sorted() []Hit {
	slices.SortFunc(h.hits, func(a, b Hit) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	return h.hits
}
