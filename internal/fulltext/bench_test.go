package fulltext

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
)

// The benchmarks run on a synthetic corpus of 100,000 practices with the
// practices store's six fields and weights. Words are drawn with a Zipf
// distribution from a vocabulary whose head is the real corpus's common
// words (so "migrant" and "workers" are in most records) and whose tail is
// made-up words, with a fixed seed.

var practiceWeights = []float64{10, 5, 3, 3, 2, 1} // title, summary, organisations, countries, tags, body

var head = strings.Fields(`the of and to in for migrant workers a on with labour by is their
	migration rights employment are as support domestic from women national protection
	recruitment social services access programme information training skills work at
	government countries return workers' organisations country migrants health fair
	wage wages security legal local project community employers union unions trade
	policy development reintegration agreement bilateral international standards
	centre centres private agencies agency ministry office data youth children family
	families remittances savings financial inclusion housing language integration
	seasonal agriculture construction care caregivers nurses seafarers fishers
	corridor origin destination pre-departure orientation complaints grievance
	inspection inspectors trafficking forced child platform digital e-mail hotline
	helpline Perú Philippines Indonesia Nepal Mexico Guatemala Jordan Lebanon Qatar
	migratory migrated migrating recruiters recruiting ILO IOM C181 C189 C143 C97`)

// vocabulary returns the head words then made-up words up to n.
func vocabulary(r *rand.Rand, n int) []string {
	syl := strings.Fields("ka mi ro ta ne lu sa po ri de ga mo chi ve la tu bo fe ni zo")
	seen := map[string]bool{}
	out := slices.Clone(head)
	for _, w := range out {
		seen[w] = true
	}
	for len(out) < n {
		var sb strings.Builder
		for range 2 + r.IntN(3) {
			sb.WriteString(syl[r.IntN(len(syl))])
		}
		if w := sb.String(); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// synthetic returns n practices.
func synthetic(n int) []Doc {
	r := rand.New(rand.NewPCG(2026, 9))
	vocab := vocabulary(r, 60000)
	z := rand.NewZipf(r, 1.05, 1, uint64(len(vocab)-1))
	text := func(lo, hi int) string {
		ws := make([]string, lo+r.IntN(hi-lo+1))
		for i := range ws {
			ws[i] = vocab[z.Uint64()]
		}
		return strings.Join(ws, " ")
	}
	docs := make([]Doc, n)
	for i := range docs {
		docs[i] = Doc{ID: int64(i + 1), Fields: []string{text(4, 12), text(15, 45), text(2, 8), text(2, 9), text(4, 16), text(60, 260)}}
	}
	return docs
}

var bench struct {
	once sync.Once
	docs []Doc
	ix   *Index
}

func benchIndex(b *testing.B) (*Index, []Doc) {
	bench.once.Do(func() {
		bench.docs = synthetic(100_000)
		ix, err := Build(bench.docs, practiceWeights)
		if err != nil {
			b.Fatal(err)
		}
		bench.ix = ix
	})
	return bench.ix, bench.docs
}

func heapBytes() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkBuild100k builds the index of 100,000 synthetic practices and
// reports the heap it holds.
func BenchmarkBuild100k(b *testing.B) {
	docs := synthetic(100_000)
	tokens := 0
	for b.Loop() {
		before := heapBytes()
		ix, err := Build(docs, practiceWeights)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		b.ReportMetric(float64(heapBytes()-before)/1e6, "heapMB")
		b.ReportMetric(float64(len(ix.base.terms)), "terms")
		b.ReportMetric(float64(len(ix.basePairs.terms)), "pairs")
		for name, n := range ix.sizes() {
			if n > 0 {
				b.ReportMetric(float64(n)/1e6, name+"MB")
			}
		}
		tokens = int(ix.totalLen)
		runtime.KeepAlive(ix)
		b.StartTimer()
	}
	b.ReportMetric(float64(tokens)/1e6, "Mtokens")
}

// queryKinds are a fixed mix of searches per kind.
var queryKinds = []struct {
	name    string
	queries []string
}{
	{"common", []string{"migrant", "workers", "migrant workers", "the", "labour rights", "domestic workers", "women", "employment support"}},
	{"rare", []string{"c143", "helpline", "kamiro", "seafarers fishers", "nurses", "tarochi", "hotline"}},
	{"phrase", []string{`"migrant workers"`, `"of the"`, `"labour rights"`, `"domestic workers"`, `"the migrant workers"`, "e-mail", `"social security"`}},
	{"prefix", []string{"migr*", "work*", "w*", "ka*", "recruit*", "t*", "labo*"}},
	{"exclusion", []string{"migrant -domestic", "workers -women -the", "-migrant", "labour -rights", "migr* -workers"}},
	{"or", []string{"migrant OR workers", "domestic OR care OR nurses", "women OR youth", "seafarers OR fishers migrant"}},
}

func parse(b *testing.B, s string) lmo.Query {
	q, err := lmo.ParseQuery(s)
	if err != nil {
		b.Fatal(err)
	}
	return q
}

// report adds the p50 and p99 of durations in ms.
func report(b *testing.B, d []time.Duration) {
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2])/1e6, "p50-ms")
	b.ReportMetric(float64(d[len(d)*99/100])/1e6, "p99-ms")
}

// BenchmarkSearch100k runs each kind's searches, each from scratch (there
// is no cache), with the total counted and the top 20 ranked; "exhaustive"
// scores every match instead of pruning, for comparison. scored% is the
// share of the matches that Top scored.
func BenchmarkSearch100k(b *testing.B) {
	ix, _ := benchIndex(b)
	for _, prune := range []bool{true, false} {
		for _, kind := range queryKinds {
			name := kind.name
			if !prune {
				name += "/exhaustive"
			}
			b.Run(name, func(b *testing.B) {
				qs := make([]lmo.Query, len(kind.queries))
				for i, s := range kind.queries {
					qs[i] = parse(b, s)
				}
				var times []time.Duration
				scored, matched := 0, 0
				i := 0
				for b.Loop() {
					start := time.Now()
					m := ix.Query(qs[i%len(qs)])
					total := m.Total()
					m.top(20, m.Set, prune)
					times = append(times, time.Since(start))
					scored, matched = scored+int(m.scored.Load()), matched+total
					i++
				}
				report(b, times)
				b.ReportMetric(100*float64(scored)/float64(max(matched, 1)), "scored%")
				b.ReportMetric(float64(matched)/float64(i), "matches")
			})
		}
	}
}

// BenchmarkUpdate100k replaces one practice at 100,000 (a new immutable
// Index, the old one untouched) and then runs the first search after the
// write, a common word; after 200 writes without Compact the delta holds
// 200 records.
func BenchmarkUpdate100k(b *testing.B) {
	ix, docs := benchIndex(b)
	r := rand.New(rand.NewPCG(7, 7))
	q := parse(b, "migrant workers")
	var writes, searches []time.Duration
	cur := ix
	for b.Loop() {
		d := docs[r.IntN(len(docs))]
		d.Fields = slices.Clone(d.Fields)
		d.Fields[0] = "revised " + d.Fields[0]
		start := time.Now()
		nx, err := cur.Replace(d)
		if err != nil {
			b.Fatal(err)
		}
		mid := time.Now()
		m := nx.Query(q)
		m.Total()
		m.Top(20, m.Set)
		searches = append(searches, time.Since(mid))
		writes = append(writes, mid.Sub(start))
		cur = nx
		if len(writes)%200 == 0 {
			cur = ix
		}
	}
	report(b, writes)
	slices.Sort(searches)
	b.ReportMetric(float64(searches[len(searches)/2])/1e6, "search-after-p50-ms")
	b.ReportMetric(float64(searches[len(searches)*99/100])/1e6, "search-after-p99-ms")
}

// BenchmarkCompact100k merges a delta of 1,000 replaced practices into the
// base, as a store would in the background.
func BenchmarkCompact100k(b *testing.B) {
	ix, docs := benchIndex(b)
	for i := range 1000 {
		d := docs[i*97%len(docs)]
		var err error
		if ix, err = ix.Replace(d); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		ix.Compact()
	}
}

var _ = fmt.Sprint
