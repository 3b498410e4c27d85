package fulltext

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/searchindex"
)

// brute is the oracle: it keeps the live documents and scores every one of
// them for every query, straight from their tokens.
type brute struct {
	weights []float64
	docs    map[int64][][]string // id -> tokens per field
}

func newBrute(weights []float64) *brute {
	return &brute{weights: weights, docs: map[int64][][]string{}}
}

func (br *brute) put(d Doc) {
	fields := make([][]string, len(d.Fields))
	for i, f := range d.Fields {
		fields[i] = Tokenize(f)
	}
	br.docs[d.ID] = fields
}

// tfw is the weighted frequency of a query term in a document.
func (br *brute) tfw(fields [][]string, t lmo.QueryTerm) float32 {
	toks := tokens(t)
	if len(toks) == 0 {
		return 0
	}
	if len(toks) == 1 && t.Prefix {
		byWord := map[string][]int{}
		for f, fts := range fields {
			for _, w := range fts {
				if strings.HasPrefix(w, toks[0]) {
					if byWord[w] == nil {
						byWord[w] = make([]int, len(br.weights))
					}
					byWord[w][f]++
				}
			}
		}
		var acc float32
		for _, w := range slices.Sorted(mapsKeys(byWord)) {
			acc += float32(weightedCounts(byWord[w], br.weights))
		}
		return acc
	}
	counts := make([]int, len(br.weights))
	for f, fts := range fields {
		for i := 0; i+len(toks) <= len(fts); i++ {
			if slices.Equal(fts[i:i+len(toks)], toks) {
				counts[f]++
			}
		}
	}
	return float32(weightedCounts(counts, br.weights))
}

func mapsKeys(m map[string][]int) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func docLen(fields [][]string) int32 {
	n := 0
	for _, f := range fields {
		n += len(f)
	}
	return int32(n)
}

// search returns every match within allowed, best first.
func (br *brute) search(q lmo.Query, allowed func(int64) bool) []Hit {
	var total int64
	for _, f := range br.docs {
		total += int64(docLen(f))
	}
	n := len(br.docs)
	avgdl := 1.0
	if n > 0 {
		avgdl = float64(total) / float64(n)
	}
	var terms []lmo.QueryTerm
	for _, c := range q.Clauses {
		terms = append(terms, c...)
	}
	idfs := make([]float64, len(terms))
	for i, t := range terms {
		df := 0
		for _, f := range br.docs {
			if br.tfw(f, t) != 0 {
				df++
			}
		}
		idfs[i] = idf(n, df)
	}
	var hits []Hit
	for id, f := range br.docs {
		if !br.matches(f, q) || !allowed(id) {
			continue
		}
		sc := 0.0
		for i, t := range terms {
			if tf := br.tfw(f, t); tf != 0 {
				sc += score(idfs[i], tf, docLen(f), avgdl)
			}
		}
		hits = append(hits, Hit{ID: id, Score: sc})
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	return hits
}

func (br *brute) matches(f [][]string, q lmo.Query) bool {
	for _, c := range q.Clauses {
		if !slices.ContainsFunc(c, func(t lmo.QueryTerm) bool { return br.tfw(f, t) != 0 }) {
			return false
		}
	}
	return !slices.ContainsFunc(q.Excluded, func(t lmo.QueryTerm) bool { return br.tfw(f, t) != 0 })
}

// words is a small vocabulary, common words first, with accents and
// hyphens for the tokenizer.
var words = strings.Fields(`migrant workers rights domestic recruitment fair labour wage protection
	social security Perú e-mail health skills training return reintegration women youth
	seafarers fishers agriculture construction corridor origin destination ILO C181 C189
	remittances dialogue unions employers inspection trafficking forced child platform`)

func randomText(r *rand.Rand, z *rand.Zipf, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[z.Uint64()]
	}
	return strings.Join(ws, " ")
}

func randomDoc(r *rand.Rand, z *rand.Zipf, id int64) Doc {
	return Doc{ID: id, Fields: []string{randomText(r, z, 1+r.IntN(4)), randomText(r, z, r.IntN(12)), randomText(r, z, r.IntN(40))}}
}

// randomQuery writes a query in the query language from the vocabulary.
func randomQuery(r *rand.Rand, z *rand.Zipf) string {
	var parts []string
	term := func() string {
		w := strings.ToLower(words[z.Uint64()])
		switch r.IntN(7) {
		case 0:
			return w[:1+r.IntN(len(w))] + "*"
		case 1:
			return `"` + w + " " + words[z.Uint64()] + `"`
		case 2:
			return `"` + w + " " + words[z.Uint64()] + " " + words[z.Uint64()] + `"`
		}
		return w
	}
	for range 1 + r.IntN(3) {
		alts := []string{term()}
		for r.IntN(3) == 0 {
			alts = append(alts, term())
		}
		parts = append(parts, strings.Join(alts, " OR "))
	}
	for r.IntN(3) == 0 {
		parts = append(parts, "-"+term())
	}
	if r.IntN(10) == 0 {
		parts = parts[len(parts)-1:] // sometimes only an exclusion
	}
	return strings.Join(parts, " ")
}

// compare checks ix against br for query s, for several k and filters.
func compare(t testing.TB, r *rand.Rand, ix *Index, br *brute, s string) {
	q, err := lmo.ParseQuery(s)
	if err != nil {
		t.Fatal(err)
	}
	allowed := searchindex.NewSet(ix.Len())
	keep := map[int64]bool{}
	every := 1 + r.IntN(3)
	for id := range br.docs {
		if int(id)%every == 0 {
			keep[id] = true
			slot, _ := ix.Slot(id)
			allowed.Add(slot)
		}
	}
	want := br.search(q, func(id int64) bool { return keep[id] })
	for _, k := range []int{1, 7, 20, 1000} {
		got, total := ix.Search(q, k, allowed)
		if total != len(want) {
			t.Fatalf("%q: total %d, want %d", s, total, len(want))
		}
		w := want[:min(k, len(want))]
		if diff := cmp.Diff(w, got, cmp.Comparer(func(a, b Hit) bool { return a.ID == b.ID && a.Score == b.Score })); diff != "" {
			t.Fatalf("%q k=%d (-brute +index):\n%s", s, k, diff)
		}
	}
}

// TestAgainstBruteForce builds a corpus large enough for several slot
// ranges and precomputed bounds, writes to it, and checks random queries
// against the oracle before and after Compact.
func TestAgainstBruteForce(t *testing.T) {
	defer func(n int) { heavyMin = n }(heavyMin)
	heavyMin = 3000 // merge the common prefixes at build
	defer func(n int) { minPart = n }(minPart)
	minPart = 700 // build in parts, joined (on two processors or more)
	r := rand.New(rand.NewPCG(1, 2))
	z := rand.NewZipf(r, 1.1, 2, uint64(len(words)-1))
	weights := []float64{10, 5, 1}
	br := newBrute(weights)
	var docs []Doc
	for id := int64(1); id <= 3000; id++ {
		d := randomDoc(r, z, id)
		docs = append(docs, d)
		br.put(d)
	}
	ix, err := Build(docs, weights)
	if err != nil {
		t.Fatal(err)
	}
	check := func(stage string) {
		t.Run(stage, func(t *testing.T) {
			for range 150 {
				compare(t, r, ix, br, randomQuery(r, z))
			}
		})
	}
	check("built")
	for i := range 400 {
		id := 1 + int64(r.IntN(3300))
		switch i % 3 {
		case 0:
			ix = ix.Remove(id)
			delete(br.docs, id)
		default:
			d := randomDoc(r, z, id)
			if ix, err = ix.Replace(d); err != nil {
				t.Fatal(err)
			}
			br.put(d)
		}
	}
	check("written")
	ix = ix.Compact()
	check("compacted")
}

// FuzzQuery checks any query text against the oracle on a small corpus.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{"migrant", `"migrant workers" -peru`, "wa* OR e-mail", "-x", `"a`} {
		f.Add(s)
	}
	r := rand.New(rand.NewPCG(3, 4))
	z := rand.NewZipf(r, 1.1, 2, uint64(len(words)-1))
	weights := []float64{10, 5, 1}
	br := newBrute(weights)
	var docs []Doc
	for id := int64(1); id <= 200; id++ {
		d := randomDoc(r, z, id)
		docs = append(docs, d)
		br.put(d)
	}
	ix, err := Build(docs, weights)
	if err != nil {
		f.Fatal(err)
	}
	ix = ix.Remove(5)
	delete(br.docs, 5)
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := lmo.ParseQuery(s); err != nil {
			return
		}
		compare(t, rand.New(rand.NewPCG(uint64(len(s)), 0)), ix, br, s)
	})
}
