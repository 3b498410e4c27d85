package storetest

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/searchindex"
)

// BenchQuery is one search of the benchmark mix.
type BenchQuery struct {
	Name   string
	Filter lmo.PracticeFilter
}

func benchFacets(kv ...string) map[string][]string {
	m := map[string][]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = append(m[kv[i]], strings.Split(kv[i+1], ",")...)
	}
	return m
}

// BenchSearchMix is the fixed mix of searches that BenchSearch runs round
// robin: what the practice list and the API are asked, in the proportions of
// one of each. Unless NoFacets says otherwise each search also counts every
// facet, as the list page does. The document frequencies in the comments are
// those of the corpus of SyntheticPractices(100000, 1, ...) with the starter
// vocabularies and countries; BenchSearch logs the totals it finds.
var BenchSearchMix = []BenchQuery{
	// Single words, from everywhere in the frequency range.
	{"word common", lmo.PracticeFilter{Query: "workers"}},             // ~100%
	{"word common 2", lmo.PracticeFilter{Query: "migrant"}},           // ~98%
	{"word frequent", lmo.PracticeFilter{Query: "domestic"}},          // ~58%
	{"word mid", lmo.PracticeFilter{Query: "fees"}},                   // ~13%
	{"word rare", lmo.PracticeFilter{Query: "transaction"}},           // ~2.3%
	{"word pseudo rare", lmo.PracticeFilter{Query: PseudoWord(1500)}}, // ~0.7%
	{"word no hit", lmo.PracticeFilter{Query: "zyzzyva"}},             // 0
	{"word country name", lmo.PracticeFilter{Query: "Philippines"}},   // the countries column, ~14%

	// Several words, phrases, exclusions, prefixes, OR.
	{"two common words", lmo.PracticeFilter{Query: "migrant workers"}},
	{"three words", lmo.PracticeFilter{Query: "recruitment fees workers"}},
	{"phrase common", lmo.PracticeFilter{Query: `"domestic workers"`}},
	{"phrase", lmo.PracticeFilter{Query: `"fair recruitment"`}},
	{"phrase and word", lmo.PracticeFilter{Query: `"social protection" women`}},
	{"exclusion", lmo.PracticeFilter{Query: "recruitment -domestic"}},
	{"exclusion common", lmo.PracticeFilter{Query: "fees -migrant"}},
	{"prefix", lmo.PracticeFilter{Query: "recruit*"}},
	{"prefix short", lmo.PracticeFilter{Query: "dom*"}},
	{"or two", lmo.PracticeFilter{Query: "seasonal OR diaspora"}},
	{"or three and word", lmo.PracticeFilter{Query: "remittances OR diaspora OR trafficking women"}},

	// Facets only: the list page with no words.
	{"browse all", lmo.PracticeFilter{}},
	{"browse all by title", lmo.PracticeFilter{Sort: lmo.SortTitle}},
	{"browse all newest", lmo.PracticeFilter{Sort: lmo.SortNewest}},
	{"facet country", lmo.PracticeFilter{Facets: benchFacets(lmo.FacetCountry, "PH")}},
	{"facet country rare", lmo.PracticeFilter{Facets: benchFacets(lmo.FacetCountry, "FJ")}},
	{"facet region", lmo.PracticeFilter{Facets: benchFacets(lmo.FacetRegion, "asia-pacific")}},
	{"facet theme", lmo.PracticeFilter{Facets: benchFacets(lmo.FacetTheme, "fair-recruitment")}},
	{"facet target", lmo.PracticeFilter{Facets: benchFacets(lmo.FacetTargetGroup, "domestic-workers")}},
	{"facet status", lmo.PracticeFilter{Facets: benchFacets(lmo.FacetStatus, "completed")}},
	{"facet countries x3", lmo.PracticeFilter{Facets: benchFacets(lmo.FacetCountry, "PH,NP,ID")}},
	{"facets theme+stage", lmo.PracticeFilter{Facets: benchFacets(lmo.FacetTheme, "fair-recruitment", lmo.FacetStage, "recruitment")}},
	{"facets region+target+orgtype", lmo.PracticeFilter{Facets: benchFacets(lmo.FacetRegion, "arab-states", lmo.FacetTargetGroup, "domestic-workers", lmo.FacetOrgType, "ngo")}},
	{"facets gcm+themes x2+status", lmo.PracticeFilter{Facets: benchFacets(lmo.FacetGCM, "6", lmo.FacetTheme, "wage-protection,labour-rights", lmo.FacetStatus, "ongoing")}},
	{"years 2015-2020", lmo.PracticeFilter{YearFrom: 2015, YearTo: 2020}},
	{"facet country newest", lmo.PracticeFilter{Facets: benchFacets(lmo.FacetCountry, "QA"), Sort: lmo.SortNewest}},

	// Words and facets together, and sorts other than relevance.
	{"word + country", lmo.PracticeFilter{Query: "recruitment", Facets: benchFacets(lmo.FacetCountry, "NP")}},
	{"phrase + region", lmo.PracticeFilter{Query: `"domestic workers"`, Facets: benchFacets(lmo.FacetRegion, "arab-states")}},
	{"word + theme + status", lmo.PracticeFilter{Query: "wage", Facets: benchFacets(lmo.FacetTheme, "wage-protection", lmo.FacetStatus, "ongoing")}},
	{"rare word + region", lmo.PracticeFilter{Query: "transaction", Facets: benchFacets(lmo.FacetRegion, "africa")}},
	{"word by title", lmo.PracticeFilter{Query: "workers", Sort: lmo.SortTitle}},
	{"word newest", lmo.PracticeFilter{Query: "domestic", Sort: lmo.SortNewest}},

	// Deep and large pages.
	{"browse deep page", lmo.PracticeFilter{Offset: 4000}},
	{"word deep page", lmo.PracticeFilter{Query: "migrant", Offset: 2000}},
	{"word 100 per page", lmo.PracticeFilter{Query: "seasonal", Limit: lmo.MaxLimit}},
}

// BenchSearch runs BenchSearchMix round robin, b.N searches in all, one at a
// time, after one untimed pass to warm the caches. It reports the mean as
// ns/op and the p50, p99 and maximum latency of single searches in
// milliseconds. It logs the slowest queries and writes the figures of every
// query to lmo-<benchmark>-<store type>-queries.txt in os.TempDir().
func BenchSearch(b *testing.B, s Store) {
	ctx := context.Background()
	totals := make([]int, len(BenchSearchMix))
	for i, q := range BenchSearchMix {
		res, err := s.SearchPractices(ctx, q.Filter)
		if err != nil {
			b.Fatalf("%s: %v", q.Name, err)
		}
		totals[i] = res.Total
	}
	lat := make([]time.Duration, b.N)
	b.ResetTimer()
	for i := range b.N {
		q := &BenchSearchMix[i%len(BenchSearchMix)]
		start := time.Now()
		_, err := s.SearchPractices(ctx, q.Filter)
		lat[i] = time.Since(start)
		if err != nil {
			b.Fatalf("%s: %v", q.Name, err)
		}
	}
	b.StopTimer()
	benchReportLatencies(b, lat)
	if b.N < len(BenchSearchMix) {
		return
	}

	type row struct {
		name              string
		total             int
		p50, p99, max, mu time.Duration
	}
	rows := make([]row, len(BenchSearchMix))
	for qi, q := range BenchSearchMix {
		var ls []time.Duration
		for i := qi; i < len(lat); i += len(BenchSearchMix) {
			ls = append(ls, lat[i])
		}
		rows[qi] = row{q.Name, totals[qi], benchPercentile(ls, 0.50), benchPercentile(ls, 0.99), slices.Max(ls), benchMean(ls)}
	}
	slices.SortStableFunc(rows, func(a, b row) int { return int(b.p99 - a.p99) })
	var sb strings.Builder
	tw := tabwriter.NewWriter(&sb, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "query\ttotal\tmean-ms\tp50-ms\tp99-ms\tmax-ms\t\n")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t\n", r.name, r.total, benchMS(r.mu), benchMS(r.p50), benchMS(r.p99), benchMS(r.max))
	}
	tw.Flush()
	// testing keeps ten lines of a benchmark's log: the whole table goes to
	// a file, the slowest queries to the log.
	lines := strings.SplitAfter(sb.String(), "\n")
	store := strings.Trim(strings.NewReplacer("*", "", ".", "-").Replace(fmt.Sprintf("%T", s)), "-")
	file := filepath.Join(os.TempDir(), "lmo-"+strings.NewReplacer("/", "-", " ", "-").Replace(b.Name())+"-"+store+"-queries.txt")
	if err := os.WriteFile(file, []byte(sb.String()), 0o644); err != nil {
		b.Logf("writing the per-query table: %v", err)
	}
	b.Logf("per query (%d calls each; all in %s), slowest first:\n%s", b.N/len(BenchSearchMix), file,
		strings.TrimRight(strings.Join(lines[:min(len(lines), 7)], ""), "\n"))
}

// BenchSearchCache runs BenchSearch with the store's cache of recent
// searches' words set to size entries (0: off, every search as if first
// asked), and restores the default after.
func BenchSearchCache(b *testing.B, s interface {
	Store
	SetTextCacheSize(int)
}, size int) {
	s.SetTextCacheSize(size)
	defer s.SetTextCacheSize(searchindex.DefaultTextCacheSize)
	BenchSearch(b, s)
}

// BenchGet reads b.N practices by id, ids drawn at random (with a fixed
// seed) between 1 and the newest practice's id, and reports latencies as
// BenchSearch does. Ids that are not found (gaps) count as calls too.
func BenchGet(b *testing.B, s Store) {
	ctx := context.Background()
	res, err := s.SearchPractices(ctx, lmo.PracticeFilter{Limit: 1, NoFacets: true})
	if err != nil {
		b.Fatal(err)
	}
	if len(res.Hits) == 0 {
		b.Fatal("no practices to read")
	}
	maxID := res.Hits[0].ID
	r := rand.New(rand.NewPCG(1, 2))
	lat := make([]time.Duration, b.N)
	missing := 0
	b.ResetTimer()
	for i := range b.N {
		id := 1 + r.Int64N(maxID)
		start := time.Now()
		_, err := s.FindPracticeByID(ctx, id)
		lat[i] = time.Since(start)
		if lmo.ErrorCode(err) == lmo.ENOTFOUND {
			missing++
		} else if err != nil {
			b.Fatalf("FindPracticeByID(%d): %v", id, err)
		}
	}
	b.StopTimer()
	benchReportLatencies(b, lat)
	b.ReportMetric(float64(missing)/float64(b.N), "notfound/op")
}

func benchReportLatencies(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	b.ReportMetric(benchMS(benchPercentile(lat, 0.50)), "p50-ms")
	b.ReportMetric(benchMS(benchPercentile(lat, 0.99)), "p99-ms")
	b.ReportMetric(benchMS(slices.Max(lat)), "max-ms")
}

// benchPercentile returns the nearest-rank percentile p (0 < p <= 1) of ds.
func benchPercentile(ds []time.Duration, p float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

func benchMean(ds []time.Duration) time.Duration {
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return sum / time.Duration(len(ds))
}

func benchMS(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
