package fulltext

import (
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/lmo-observatory/lmo/internal/searchindex"
)

// Set is a bitset over the slots of an Index: the same type as the facet
// index's, so that when both number the same records the same way a store
// combines them with And.
type Set = searchindex.Set

// Doc is one record to index: its id and the text of its fields, in the
// order of the weights given to Build.
type Doc struct {
	ID     int64
	Fields []string
}

// Hit is one ranked result.
type Hit struct {
	ID    int64
	Slot  int     // the record's slot in the Index
	Score float64 // BM25, higher is better
}

// BM25 parameters, FTS5's.
const (
	k1 = 1.2
	b  = 0.75
)

const (
	rangeShift = 7 // slots are ranked in ranges of 128 for the score bounds
	rangeSize  = 1 << rangeShift
	// rangeMinDF is the document frequency from which a term's bounds per
	// range are computed at build rather than at query time.
	rangeMinDF = 2048
	posBits    = 24 // a position is field<<posBits | offset in the field
	maxOffset  = 1<<posBits - 1
	// commonShare: a word in at least 1/commonShare of the records at
	// Build is common, and pairs of common words are indexed.
	commonShare = 8
)

// freq is a weighted term frequency: weights are whole numbers, so the
// sums are too, and 16 bits hold them (saturating at 65,535, a word
// thousands of times in one record) in half the room of a float32.
type freq = uint16

// toFreq rounds and saturates a weighted frequency.
func toFreq(v float64) freq { return freq(min(math.Round(v), math.MaxUint16)) }

// postings are one term's occurrences in one segment, ordered by slot.
type postings struct {
	slots  []int32
	tfw    []freq   // weighted term frequency: sum of field weight × count
	posOff []uint32 // positions of posting i are encoded in pos[posOff[i]:posOff[i+1]]
	pos    []byte   // positions ascending, each a uvarint of the gap from the previous
	// bounds[r] is an upper bound of the BM25 term-frequency part (without
	// IDF) of the postings in slot range r, at the segment's avgdl; only
	// for terms with at least rangeMinDF postings in a base segment.
	bounds []float32
}

// positions decodes the positions of posting i into buf.
func (p *postings) positions(i int, buf []uint32) []uint32 {
	buf = buf[:0]
	enc := p.pos[p.posOff[i]:p.posOff[i+1]]
	prev := uint32(0)
	for len(enc) > 0 {
		v, n := binary.Uvarint(enc)
		prev += uint32(v)
		buf = append(buf, prev)
		enc = enc[n:]
	}
	return buf
}

// appendPositions encodes ascending positions.
func appendPositions(enc []byte, occ []occurrence) []byte {
	prev := uint32(0)
	for _, o := range occ {
		enc = binary.AppendUvarint(enc, uint64(o.pos-prev))
		prev = o.pos
	}
	return enc
}

// segment is an immutable inverted index of some slots.
type segment struct {
	terms []string // sorted
	lists []*postings
	avgdl float64 // at build, for the bounds
	// heavy holds the merged postings of the prefixes (of up to
	// heavyRunes runes) whose words have heavyMin postings or more, which
	// would cost milliseconds to merge at query time.
	heavy map[string]*postings
}

const heavyRunes = 3

// heavyMin is a var for the tests.
var heavyMin = 1 << 18

// addHeavy computes s.heavy over n slots.
func (s *segment) addHeavy(n int, dl []int32) {
	s.heavy = map[string]*postings{}
	for runes := 1; runes <= heavyRunes; runes++ {
		for i := 0; i < len(s.terms); {
			p := runePrefix(s.terms[i], runes)
			if p == "" {
				i++
				continue
			}
			j, total := i, 0
			for ; j < len(s.terms) && strings.HasPrefix(s.terms[j], p); j++ {
				total += len(s.lists[j].slots)
			}
			if total >= heavyMin {
				m := exactPostings(mergeSum(s.lists[i:j], n))
				if len(m.slots) >= rangeMinDF {
					m.bounds = rangeBounds(m, s.avgdl, dl)
				}
				s.heavy[p] = m
			}
			i = j
		}
	}
}

// runePrefix returns the first n runes of s, or "" when s is shorter.
func runePrefix(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	if n == 0 {
		return s
	}
	return ""
}

// exactPostings copies the slots and frequencies of p into arrays of their
// length.
func exactPostings(p *postings) *postings {
	return &postings{slots: exact(p.slots), tfw: exact(p.tfw)}
}

// lookup returns the postings of term, or nil.
func (s *segment) lookup(term string) *postings {
	i, ok := slices.BinarySearch(s.terms, term)
	if !ok {
		return nil
	}
	return s.lists[i]
}

// prefixed returns the postings of the terms that start with prefix, in
// term order.
func (s *segment) prefixed(prefix string) []*postings {
	i := sort.SearchStrings(s.terms, prefix)
	var out []*postings
	for ; i < len(s.terms) && len(s.terms[i]) >= len(prefix) && s.terms[i][:len(prefix)] == prefix; i++ {
		out = append(out, s.lists[i])
	}
	return out
}

// Index is an immutable in-memory full-text index, safe for concurrent
// readers. Each record has a slot (its position in the Sets); Add, Remove
// and Replace return a new Index sharing everything they do not touch.
type Index struct {
	weights []float64
	base    *segment
	// basePairs indexes the pairs of adjacent common words, so that a
	// phrase of common words does not read all their positions.
	basePairs *segment
	common    map[string]bool // words with at least 1/commonShare of the records, fixed at Build
	delta     *delta          // the records written since base, small
	ids       []int64
	slot      map[int64]int32 // live records at the last build; delta.slot overlays it
	dl        []int32         // slot -> number of tokens
	live      Set
	dead      []int32 // slots removed, ascending
	nLive     int
	totalLen  int64
}

// Build indexes docs, whose fields are weighted by weights (a doc may have
// fewer fields than weights, not more). Doc i gets slot i. It fails on a
// duplicate id, too many fields or a weight that is not a whole number
// from 0 to 255. It splits the docs into consecutive
// parts, one per processor (of at least minPart docs), indexes the parts at
// once and joins their postings.
func Build(docs []Doc, weights []float64) (*Index, error) {
	for _, w := range weights {
		if w != math.Trunc(w) || w < 0 || w > 255 {
			return nil, fmt.Errorf("fulltext: weight %v is not a whole number from 0 to 255", w)
		}
	}
	ix := &Index{weights: slices.Clone(weights), slot: make(map[int64]int32, len(docs)),
		ids: make([]int64, len(docs)), dl: make([]int32, len(docs)), live: searchindex.NewSet(len(docs))}
	for i, d := range docs {
		if err := ix.admit(d, int32(i)); err != nil {
			return nil, err
		}
	}
	parts := max(1, min(runtime.GOMAXPROCS(0), len(docs)/minPart))
	bds := make([]*builder, parts)
	first := func(p int) int { return p * len(docs) / parts }
	var wg sync.WaitGroup
	for p := range parts {
		bds[p] = newBuilder(true)
		wg.Go(func() {
			for i := first(p); i < first(p+1); i++ {
				ix.dl[i] = bds[p].add(docs[i], int32(i), weights)
			}
		})
	}
	wg.Wait()
	for _, n := range ix.dl {
		ix.totalLen += int64(n)
	}
	ix.nLive = len(docs)
	words := join(bds)
	ix.common = map[string]bool{}
	limit := max(2, len(docs)/commonShare)
	for i, t := range words.terms {
		if len(words.lists[i].slots) >= limit {
			ix.common[t] = true
		}
	}
	pbs := make([]*builder, parts)
	for p := range parts {
		wg.Go(func() {
			pbs[p] = bds[p].pairs(func(t string) bool { return ix.common[t] }, int32(first(p)), weights)
			bds[p].seq, bds[p].docEnd = nil, nil
		})
	}
	wg.Wait()
	ix.base = words.segment(ix.avgdl(), ix.dl)
	ix.base.addHeavy(len(ix.ids), ix.dl)
	ix.basePairs = join(pbs).segment(ix.avgdl(), ix.dl)
	ix.delta = &delta{}
	return ix, nil
}

// minPart is the fewest docs Build gives a part; a var for the tests.
var minPart = 8192

// join returns one builder with the postings of bds, whose slots ascend
// from one to the next.
func join(bds []*builder) *builder {
	if len(bds) == 1 {
		return bds[0]
	}
	out := newBuilder(false)
	for _, bd := range bds {
		for i, t := range bd.terms {
			g := out.intern([]byte(t))
			out.lists[g] = joinPostings(out.lists[g], bd.lists[i])
		}
	}
	return out
}

// joinPostings returns the postings of a followed by b's.
func joinPostings(a, b *postings) *postings {
	if len(a.slots) == 0 {
		return b
	}
	off := uint32(len(a.pos))
	a.slots = append(a.slots, b.slots...)
	a.tfw = append(a.tfw, b.tfw...)
	a.pos = append(a.pos, b.pos...)
	for _, o := range b.posOff[1:] {
		a.posOff = append(a.posOff, off+o)
	}
	return a
}

// admit checks d and records its id at slot.
func (ix *Index) admit(d Doc, slot int32) error {
	if len(d.Fields) > len(ix.weights) {
		return fmt.Errorf("fulltext: doc %d has %d fields, weights for %d", d.ID, len(d.Fields), len(ix.weights))
	}
	if _, ok := ix.slot[d.ID]; ok {
		return fmt.Errorf("fulltext: doc %d twice", d.ID)
	}
	ix.slot[d.ID] = slot
	ix.ids[slot] = d.ID
	ix.live.Add(int(slot))
	return nil
}

func (ix *Index) avgdl() float64 {
	if ix.nLive == 0 {
		return 1
	}
	return float64(ix.totalLen) / float64(ix.nLive)
}

// Len returns the number of slots (live or removed): the size of a Set.
func (ix *Index) Len() int { return len(ix.ids) }

// Count returns the number of live records.
func (ix *Index) Count() int { return ix.nLive }

// Slots returns the record id of each slot (removed slots keep the id they
// had); callers must not change it.
func (ix *Index) Slots() []int64 { return ix.ids }

// Slot returns the slot of a live record.
func (ix *Index) Slot(id int64) (int, bool) {
	s, ok := ix.slotOf(id)
	return int(s), ok
}

// Live returns the set of live slots; callers must not change it.
func (ix *Index) Live() Set { return ix.live }

// builder accumulates postings.
type builder struct {
	dict   map[string]int32
	terms  []string
	lists  []*postings
	occ    []occurrence // reused per doc
	counts []int        // reused per posting
	// With record, seq keeps the term ids of every doc in text order, -1
	// after each field, and docEnd where each doc's ends, for the pairs.
	record bool
	seq    []int32
	docEnd []int
	key    []byte // reused
}

type occurrence struct {
	term int32
	pos  uint32
}

func newBuilder(record bool) *builder { return &builder{dict: map[string]int32{}, record: record} }

// intern returns the id of term, adding it.
func (bd *builder) intern(term []byte) int32 {
	if id, ok := bd.dict[string(term)]; ok {
		return id
	}
	id := int32(len(bd.terms))
	t := string(term)
	bd.dict[t] = id
	bd.terms = append(bd.terms, t)
	bd.lists = append(bd.lists, &postings{posOff: []uint32{0}})
	return id
}

// add indexes d at slot and returns its length in tokens.
func (bd *builder) add(d Doc, slot int32, weights []float64) int32 {
	bd.occ = bd.occ[:0]
	for f, text := range d.Fields {
		off := uint32(0)
		for _, tok := range Tokenize(text) {
			id := bd.intern([]byte(tok))
			bd.occ = append(bd.occ, occurrence{id, uint32(f)<<posBits | min(off, maxOffset)})
			if bd.record {
				bd.seq = append(bd.seq, id)
			}
			off++
		}
		if bd.record {
			bd.seq = append(bd.seq, -1)
		}
	}
	if bd.record {
		bd.docEnd = append(bd.docEnd, len(bd.seq))
	}
	n := int32(len(bd.occ))
	bd.post(slot, weights)
	return n
}

// post appends the postings of bd.occ, one doc's occurrences, at slot.
func (bd *builder) post(slot int32, weights []float64) {
	slices.SortFunc(bd.occ, func(a, b occurrence) int {
		if a.term != b.term {
			return int(a.term) - int(b.term)
		}
		return int(a.pos) - int(b.pos)
	})
	if len(bd.counts) != len(weights) {
		bd.counts = make([]int, len(weights))
	}
	for i := 0; i < len(bd.occ); {
		j := i
		for j < len(bd.occ) && bd.occ[j].term == bd.occ[i].term {
			j++
		}
		p := bd.lists[bd.occ[i].term]
		p.pos = appendPositions(p.pos, bd.occ[i:j])
		p.slots = append(p.slots, slot)
		p.tfw = append(p.tfw, weightedTF(bd.occ[i:j], weights, bd.counts))
		p.posOff = append(p.posOff, uint32(len(p.pos)))
		i = j
	}
}

// pairs indexes the recorded docs' pairs of adjacent common words, as
// terms "a\x00b" positioned at a; slots are firstSlot onwards.
func (bd *builder) pairs(common func(string) bool, firstSlot int32, weights []float64) *builder {
	isCommon := make([]bool, len(bd.terms))
	for i, t := range bd.terms {
		isCommon[i] = common(t)
	}
	pb := newBuilder(false)
	start := 0
	for d, end := range bd.docEnd {
		pb.occ = pb.occ[:0]
		f, off := uint32(0), uint32(0)
		for i := start; i < end; i++ {
			a := bd.seq[i]
			if a < 0 {
				f, off = f+1, 0
				continue
			}
			if b := bd.seq[i+1]; b >= 0 && isCommon[a] && isCommon[b] {
				pb.key = append(append(append(pb.key[:0], bd.terms[a]...), 0), bd.terms[b]...)
				pb.occ = append(pb.occ, occurrence{pb.intern(pb.key), f<<posBits | min(off, maxOffset)})
			}
			off++
		}
		if len(pb.occ) > 0 {
			pb.post(firstSlot+int32(d), weights)
		}
		start = end
	}
	return pb
}

// weightedTF is the sum over fields of weight × occurrences, in field order.
func weightedTF(occ []occurrence, weights []float64, counts []int) freq {
	clear(counts)
	for _, o := range occ {
		counts[o.pos>>posBits]++
	}
	return weightedCounts(counts, weights)
}

// weightedCounts is the sum over fields of weight × count, in field order.
func weightedCounts(counts []int, weights []float64) freq {
	s := 0.0
	for f, c := range counts {
		s += weights[f] * float64(c)
	}
	return toFreq(s)
}

// segment sorts the vocabulary, trims the postings and computes the bounds
// of the common terms.
func (bd *builder) segment(avgdl float64, dl []int32) *segment {
	order := make([]int32, len(bd.terms))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmpString(bd.terms[a], bd.terms[b]) })
	s := &segment{terms: make([]string, len(order)), lists: make([]*postings, len(order)), avgdl: avgdl}
	for i, o := range order {
		p := bd.lists[o]
		p.slots, p.tfw, p.pos, p.posOff = exact(p.slots), exact(p.tfw), exact(p.pos), exact(p.posOff)
		if len(p.slots) >= rangeMinDF {
			p.bounds = rangeBounds(p, avgdl, dl)
		}
		s.terms[i], s.lists[i] = bd.terms[o], p
	}
	return s
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// rangeBounds returns the largest term-frequency part of BM25 of p's
// postings in each slot range, rounded up.
func rangeBounds(p *postings, avgdl float64, dl []int32) []float32 {
	out := make([]float32, int(p.slots[len(p.slots)-1])>>rangeShift+1)
	for i, s := range p.slots {
		v := float32(tfPart(float32(p.tfw[i]), dl[s], avgdl))
		r := s >> rangeShift
		out[r] = max(out[r], math.Nextafter32(v, float32(math.Inf(1))))
	}
	return out
}

// tfPart is BM25's term-frequency part, which IDF multiplies.
func tfPart(tfw float32, dl int32, avgdl float64) float64 {
	tf := float64(tfw)
	return (tf * (k1 + 1)) / (tf + k1*(1-b+b*float64(dl)/avgdl))
}

// score is one term's BM25 contribution, computed as FTS5's bm25() does.
func score(idf float64, tfw float32, dl int32, avgdl float64) float64 {
	tf := float64(tfw)
	return idf * (tf * (k1 + 1)) / (tf + k1*(1-b+b*float64(dl)/avgdl))
}

// idf is FTS5's: log((N - n + 0.5) / (n + 0.5)), at least 1e-6.
func idf(n, df int) float64 {
	v := math.Log((0.5 + float64(n) - float64(df)) / (0.5 + float64(df)))
	if v <= 0 {
		return 1e-6
	}
	return v
}

// exact returns s in an array of its length, so that the slack of the
// appends is freed.
func exact[S ~[]E, E any](s S) S {
	out := make(S, len(s))
	copy(out, s)
	return out
}

// sizes returns the bytes of the index's arrays by part, for the
// benchmarks.
func (ix *Index) sizes() map[string]int {
	out := map[string]int{"perSlot": len(ix.ids)*12 + len(ix.live)*8}
	add := func(name string, p *postings) {
		out[name+"Postings"] += len(p.slots)*6 + len(p.posOff)*4
		out[name+"Positions"] += len(p.pos)
		out[name+"Bounds"] += len(p.bounds) * 4
	}
	for _, p := range ix.base.lists {
		add("word", p)
	}
	for _, p := range ix.basePairs.lists {
		add("pair", p)
	}
	for _, p := range ix.base.heavy {
		add("prefix", p)
	}
	return out
}
