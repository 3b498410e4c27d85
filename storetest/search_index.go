package storetest

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/sqlstore"
)

// RunSearchIndex runs the tests of the nodes' in-memory search indexes: the
// relevance order against a brute-force BM25, searches after every kind of
// write on the writing node and on another, the incremental update against a
// full build, and the fall back to a full build.
func RunSearchIndex(t *testing.T, open Opener) {
	runTests(t, open, []test{
		{"RelevanceOracle", testRelevanceOracle},
		{"AfterWrites", testSearchAfterWrites},
		{"IncrementalAsBuild", testIncrementalAsBuild},
		{"SearchesDuringWrites", testSearchesDuringWrites},
	})
}

// indexStats is what a store's practice service says of its index
// updates.
type indexStats interface {
	IndexUpdates() (builds, incremental int)
}

// seedCorpus loads the fixture and n synthetic practices.
func seedCorpus(t *testing.T, s Store, n int) {
	t.Helper()
	seedPractices(t, s)
	ps := SyntheticPractices(n, 7, fixtureCountries(), fixtureVocabularies())
	if _, err := s.ImportPractices(Admin(), lmo.PracticesOf(ps), "synthetic"); err != nil {
		t.Fatal(err)
	}
}

// textWeights are the full-text fields' weights: title, summary, body,
// organisations, countries, topics.
var textWeights = []float64{10, 5, 1, 3, 3, 2}

// oracleFields composes a practice's six full-text fields from the
// practice itself, as the documentation of sqlstore.PracticeTextSQL says:
// the oracle's text does not come from the SQL under test.
func oracleFields(p *lmo.Practice, countries map[string]*lmo.Country, vocabs lmo.Vocabularies) [][]string {
	var orgs, names, topics []string
	for _, o := range p.Organisations {
		orgs = append(orgs, o.Name, o.Acronym)
	}
	var codes []string
	for _, c := range p.Countries {
		if !slices.Contains(codes, c.Code) {
			codes = append(codes, c.Code)
		}
	}
	slices.Sort(codes)
	for _, code := range codes {
		c := countries[code]
		names = append(names, c.NameEN, c.NameFR, c.NameES)
	}
	for _, v := range []struct {
		id    string
		codes []string
	}{{lmo.VocabInstrument, p.Instruments}, {lmo.VocabMigrationStage, p.Stages}, {lmo.VocabTargetGroup, p.TargetGroups}, {lmo.VocabTheme, p.Themes}} {
		for _, code := range v.codes {
			if v.id == lmo.VocabInstrument {
				topics = append(topics, code)
			}
			topics = append(topics, vocabs[v.id].Term(code).Label)
		}
	}
	fields := []string{p.Title, p.Summary, p.Description + " " + p.Results + " " + p.Lessons,
		strings.Join(orgs, " "), strings.Join(names, " "), strings.Join(topics, " ")}
	out := make([][]string, len(fields))
	for i, f := range fields {
		out[i] = oracleTokens(f)
	}
	return out
}

// oracleTokens folds and splits text as FTS5's unicode61 with
// remove_diacritics does.
func oracleTokens(s string) []string {
	return strings.FieldsFunc(lmo.Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	})
}

// oracleTF is the weighted frequency of query term t in a document: each
// occurrence of the word, of a word it prefixes, or of the phrase in one
// field counts the field's weight.
func oracleTF(fields [][]string, t lmo.QueryTerm) float64 {
	var toks []string
	for _, tok := range t.Tokens {
		toks = append(toks, oracleTokens(tok)...)
	}
	tf := 0.0
	for f, words := range fields {
		for i := range words {
			ok := len(toks) > 0 && i+len(toks) <= len(words)
			for k := 0; ok && k < len(toks); k++ {
				if len(toks) == 1 && t.Prefix {
					ok = strings.HasPrefix(words[i], toks[0])
				} else {
					ok = words[i+k] == toks[k]
				}
			}
			if ok {
				tf += textWeights[f]
			}
		}
	}
	return tf
}

// oracleRank scores every published practice for q with FTS5's BM25 (k1
// 1.2, b 0.75, IDF at least 1e-6, one length over all fields) and returns
// the matches best first (ties: lower id first) with their scores.
func oracleRank(q lmo.Query, docs map[int64][][]string) ([]int64, map[int64]float64) {
	n := len(docs)
	total := 0
	for _, fs := range docs {
		for _, f := range fs {
			total += len(f)
		}
	}
	avgdl := float64(total) / float64(n)
	var terms []lmo.QueryTerm
	for _, c := range q.Clauses {
		terms = append(terms, c...)
	}
	idf := make([]float64, len(terms))
	for i, t := range terms {
		df := 0
		for _, fs := range docs {
			if oracleTF(fs, t) > 0 {
				df++
			}
		}
		idf[i] = math.Log((float64(n) - float64(df) + 0.5) / (float64(df) + 0.5))
		if idf[i] <= 0 {
			idf[i] = 1e-6
		}
	}
	scores := map[int64]float64{}
	var ids []int64
	for id, fs := range docs {
		match := true
		for _, c := range q.Clauses {
			match = match && slices.ContainsFunc(c, func(t lmo.QueryTerm) bool { return oracleTF(fs, t) > 0 })
		}
		for _, t := range q.Excluded {
			match = match && oracleTF(fs, t) == 0
		}
		if !match {
			continue
		}
		dl := 0
		for _, f := range fs {
			dl += len(f)
		}
		sc := 0.0
		for i, t := range terms {
			if tf := oracleTF(fs, t); tf > 0 {
				sc += idf[i] * tf * 2.2 / (tf + 1.2*(0.25+0.75*float64(dl)/avgdl))
			}
		}
		scores[id] = sc
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b int64) int {
		if scores[a] != scores[b] {
			if scores[a] > scores[b] {
				return -1
			}
			return 1
		}
		return int(a - b)
	})
	return ids, scores
}

// testRelevanceOracle: the relevance order of a search is a brute-force
// BM25's over the texts composed from the practices themselves, on the
// fixture and 120 synthetic practices, for words, phrases, prefixes, OR and
// exclusions, on every page.
func testRelevanceOracle(t *testing.T, s Store) {
	ctx := context.Background()
	seedCorpus(t, s, 120)
	countries := map[string]*lmo.Country{}
	for _, c := range fixtureCountries() {
		countries[c.Code] = c
	}
	vocabs := lmo.Vocabularies{}
	for _, v := range fixtureVocabularies() {
		vocabs[v.ID] = v
	}
	all, err := s.SearchPractices(ctx, lmo.PracticeFilter{Limit: lmo.MaxLimit, NoFacets: true})
	if err != nil {
		t.Fatal(err)
	}
	docs := map[int64][][]string{}
	for off := 0; off < all.Total; off += lmo.MaxLimit {
		page, err := s.SearchPractices(ctx, lmo.PracticeFilter{Offset: off, Limit: lmo.MaxLimit, NoFacets: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range page.Hits {
			docs[h.ID] = oracleFields(h.Practice, countries, vocabs)
		}
	}
	for _, query := range []string{
		"workers", "migrant workers", "domestic", `"domestic workers"`, "recruit*", "dom*", "fees -domestic",
		"seasonal OR diaspora", "wage OR protection women", `"social protection" women`, "Philippines", "peru",
		"ministry labour", "rights", "w*", `"fair recruitment" OR fees`, "-workers",
	} {
		q, err := lmo.ParseQuery(query)
		if err != nil {
			t.Fatal(err)
		}
		want, scores := oracleRank(q, docs)
		var got []int64
		for off := 0; off <= len(want); off += 7 { // pages of 7: Top of offset+limit, skipping offset
			res, err := s.SearchPractices(ctx, lmo.PracticeFilter{Query: query, Offset: off, Limit: 7, NoFacets: true})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != len(want) {
				t.Fatalf("%q: total %d, want %d", query, res.Total, len(want))
			}
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
		}
		if len(q.Clauses) == 0 {
			slices.Sort(got) // not ranked: compare the sets
			slices.Sort(want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%q (-want +got):\n%s", query, diff)
			}
			continue
		}
		if len(got) != len(want) {
			t.Fatalf("%q: %d hits over the pages, want %d", query, len(got), len(want))
		}
		for i := range got {
			// Equal up to float32 frequencies and the order of sums.
			if got[i] != want[i] && math.Abs(scores[got[i]]-scores[want[i]]) > 1e-6*math.Abs(scores[want[i]]) {
				t.Errorf("%q: hit %d is %d (score %g), want %d (score %g)", query, i, got[i], scores[got[i]], want[i], scores[want[i]])
				break
			}
		}
	}
}

// afterWriteQueries are searches whose answers every write below changes.
var afterWriteQueries = []lmo.PracticeFilter{
	{Query: "zanzibarite"}, {Query: "zanzi*"}, {Query: `"zanzibarite cloves"`}, {Query: "quokka"},
	{Query: "workers"}, {}, {Sort: lmo.SortTitle}, {Sort: lmo.SortNewest},
	{Facets: map[string][]string{lmo.FacetCountry: {"PH"}}},
	{Query: "workers", Facets: map[string][]string{lmo.FacetStatus: {"ongoing"}}, Sort: lmo.SortTitle},
}

// searchAll runs afterWriteQueries on a practice service.
func searchAll(t *testing.T, s lmo.PracticeService) []*lmo.PracticeResults {
	t.Helper()
	var out []*lmo.PracticeResults
	for _, f := range afterWriteQueries {
		f.Limit = lmo.MaxLimit
		res, err := s.SearchPractices(context.Background(), f)
		if err != nil {
			t.Fatalf("%+v: %v", f, err)
		}
		out = append(out, res)
	}
	return out
}

// resultIDs reduces results to what is compared: ids in order, totals and
// facet counts.
func resultIDs(rs []*lmo.PracticeResults) []any {
	var out []any
	for _, r := range rs {
		var ids []int64
		for _, h := range r.Hits {
			ids = append(ids, h.ID)
		}
		for _, counts := range r.Facets {
			slices.SortFunc(counts, func(a, b lmo.FacetCount) int { return strings.Compare(a.Value, b.Value) })
		}
		out = append(out, ids, r.Total, r.Facets)
	}
	return out
}

// testSearchAfterWrites: after each kind of write (create, update, publish,
// unpublish, import, reference data), searches on the node that wrote, on
// another node that held an index of the version before, and on a new node
// all see the change, and agree.
func testSearchAfterWrites(t *testing.T, s Store) {
	ctx := context.Background()
	seedCorpus(t, s, 60)
	other := sqlstore.NewPractices(s.Database()) // a second node on the same database
	searchAll(t, s)
	searchAll(t, other)
	find := func(query string) []string {
		t.Helper()
		var out [2][]string
		for i, node := range []lmo.PracticeService{s, other} {
			res, err := node.SearchPractices(ctx, lmo.PracticeFilter{Query: query})
			if err != nil {
				t.Fatal(err)
			}
			out[i] = slugs(res)
		}
		if diff := cmp.Diff(out[0], out[1]); diff != "" {
			t.Fatalf("%q: the nodes disagree (-writer +other):\n%s", query, diff)
		}
		return out[0]
	}
	agree := func(step string) {
		t.Helper()
		fresh := sqlstore.NewPractices(s.Database())
		want := resultIDs(searchAll(t, fresh))
		for name, node := range map[string]lmo.PracticeService{"writer": s, "other": other} {
			if diff := cmp.Diff(want, resultIDs(searchAll(t, node))); diff != "" {
				t.Fatalf("after %s, the %s node and a full build disagree (-build +node):\n%s", step, name, diff)
			}
		}
	}
	p := rolesPractice()
	p.Slug, p.Title, p.Summary = "zanzibar", "Zanzibarite cloves workers", "A practice about zanzibarite cloves."
	if err := s.CreatePractice(Admin(), p, "create"); err != nil {
		t.Fatal(err)
	}
	if got := find("zanzibarite"); !slices.Equal(got, []string{"zanzibar"}) {
		t.Fatalf("after create: %v", got)
	}
	agree("create")

	p.Title = "Quokka workers"
	if err := s.UpdatePractice(Admin(), p, "update"); err != nil {
		t.Fatal(err)
	}
	if got := find("quokka"); !slices.Equal(got, []string{"zanzibar"}) {
		t.Fatalf("after update: quokka finds %v", got)
	}
	if got := find(`"zanzibarite cloves workers"`); len(got) != 0 {
		t.Fatalf("after update: the old title still found: %v", got)
	}
	agree("update")

	act := func(action, comment string) {
		t.Helper()
		it, err := s.Act(Admin(), lmo.KindPractice, p.ID, p.Version, action, comment)
		if err != nil {
			t.Fatalf("%s: %v", action, err)
		}
		p.Version = it.Version
	}
	act(lmo.ActionUnpublish, "withdrawn for a check")
	if got := find("quokka"); len(got) != 0 {
		t.Fatalf("after unpublish: %v", got)
	}
	agree("unpublish")

	act(lmo.ActionSubmit, "")
	act(lmo.ActionPublish, "")
	if got := find("zanzi*"); !slices.Equal(got, []string{"zanzibar"}) {
		t.Fatalf("after publish: %v", got)
	}
	agree("publish")

	imported := SyntheticPractices(5, 99, fixtureCountries(), fixtureVocabularies())
	for i, x := range imported {
		x.Slug = "imported-" + string(rune('a'+i))
		x.Title = "Quokka import " + x.Title
	}
	changed := *p
	changed.Title = "Zanzibarite again"
	imported = append(imported, &changed)
	if _, err := s.ImportPractices(Admin(), lmo.PracticesOf(imported), "import"); err != nil {
		t.Fatal(err)
	}
	if got := find("quokka"); len(got) != 5 {
		t.Fatalf("after import: quokka finds %v, want the 5 imported", got)
	}
	agree("import")

	if err := s.ReplaceReferenceData(Admin(), fixtureRegions(), fixtureCountries()); err != nil {
		t.Fatal(err)
	}
	agree("reference data")
	if err := s.RebuildIndexes(Admin()); err != nil {
		t.Fatal(err)
	}
	agree("rebuild")
}

// testIncrementalAsBuild: a node that follows many writes incrementally
// (some of them saving the same practices again, so positions go empty)
// answers every search as a node that builds its index from scratch; the
// first updates are incremental, and writes that change every practice or
// a gap in the change log make it build.
func testIncrementalAsBuild(t *testing.T, s Store) {
	stats, ok := s.(indexStats)
	if !ok {
		t.Skip("the store does not report its index updates")
	}
	seedCorpus(t, s, 80)
	searchAll(t, s)
	builds, incremental := stats.IndexUpdates()
	ps := SyntheticPractices(30, 11, fixtureCountries(), fixtureVocabularies())
	for i, p := range ps {
		p.Slug = "incremental-" + p.Slug
		if err := s.CreatePractice(Admin(), p, "create"); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			p.Title += " Quokka"
			if err := s.UpdatePractice(Admin(), p, "update"); err != nil {
				t.Fatal(err)
			}
			if i%2 == 1 {
				if _, err := s.Act(Admin(), lmo.KindPractice, p.ID, p.Version, lmo.ActionUnpublish, "withdrawn"); err != nil {
					t.Fatal(err)
				}
			}
		}
		if i%4 == 0 {
			if diff := cmp.Diff(resultIDs(searchAll(t, sqlstore.NewPractices(s.Database()))), resultIDs(searchAll(t, s))); diff != "" {
				t.Fatalf("after write %d, incremental and full build disagree (-build +incremental):\n%s", i, diff)
			}
		}
	}
	b, inc := stats.IndexUpdates()
	if b != builds || inc <= incremental {
		t.Errorf("%d full builds and %d incremental updates during the writes, want 0 and some", b-builds, inc-incremental)
	}
	// A gap in the log: the node builds.
	if err := s.Database().Write(Admin(), func(tx *sqlstore.Tx) error {
		_, err := tx.Exec(context.Background(), `DELETE FROM practice_changes`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdatePractice(Admin(), ps[1], "after the gap"); err != nil {
		t.Fatal(err)
	}
	searchAll(t, s)
	if b2, _ := stats.IndexUpdates(); b2 != b+1 {
		t.Errorf("%d builds after a gap in the log, want 1", b2-b)
	}
	if diff := cmp.Diff(resultIDs(searchAll(t, sqlstore.NewPractices(s.Database()))), resultIDs(searchAll(t, s))); diff != "" {
		t.Fatalf("after the gap (-build +node):\n%s", diff)
	}
}

// testSearchesDuringWrites: searches on two nodes while another goroutine
// writes, so that indexes are derived while others read them (run with
// -race); every search answers without error and each write is seen by the
// searches that follow it.
func testSearchesDuringWrites(t *testing.T, s Store) {
	ctx := context.Background()
	seedCorpus(t, s, 40)
	other := sqlstore.NewPractices(s.Database())
	done := make(chan struct{})
	errs := make(chan error, 4)
	for i := range 4 {
		node := []lmo.PracticeService{s, other}[i%2]
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				for _, f := range afterWriteQueries {
					if _, err := node.SearchPractices(ctx, f); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	ps := SyntheticPractices(10, 13, fixtureCountries(), fixtureVocabularies())
	for i, p := range ps {
		p.Slug = "concurrent-" + p.Slug
		p.Title = "Wombat " + p.Title
		if err := s.CreatePractice(Admin(), p, "create"); err != nil {
			t.Fatal(err)
		}
		for _, node := range []lmo.PracticeService{s, other} {
			res, err := node.SearchPractices(ctx, lmo.PracticeFilter{Query: "wombat", NoFacets: true})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != i+1 {
				t.Fatalf("after %d writes, wombat finds %d", i+1, res.Total)
			}
		}
	}
	close(done)
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
