package fulltext

import (
	"math"
	"reflect"
	"runtime"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lmo-observatory/lmo"
)

func TestTokenize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Migrant Workers", []string{"migrant", "workers"}},
		{"Perú, São Paulo", []string{"peru", "sao", "paulo"}},
		{"e-mail", []string{"e", "mail"}},
		{"ÉCOLE  d'été", []string{"ecole", "d", "ete"}},
		{"C181/2019 (ILO)", []string{"c181", "2019", "ilo"}},
		{"Ελλάδα", []string{"ελλαδα"}},
		{"", nil},
		{"-- !!", nil},
	} {
		if got := Tokenize(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// tiny is a corpus of two fields, title (weight 10) and body (1).
func tiny(t *testing.T) *Index {
	t.Helper()
	ix, err := Build([]Doc{
		{1, []string{"Migrant workers", "Rights of migrant workers abroad"}},
		{2, []string{"Domestic work", "Care"}},
		{3, []string{"Fishers", "At sea"}},
		{4, []string{"Farm", "Seasonal migrant"}},
		{5, []string{"Perú", "e-mail helpline"}},
		{6, []string{"Recruitment", "fair recruiters"}},
	}, []float64{10, 1})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func ids(hits []Hit) []int64 {
	var out []int64
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}

func TestQueryForms(t *testing.T) {
	ix := tiny(t)
	for _, tc := range []struct {
		q    string
		want []int64 // ranked
	}{
		{"migrant", []int64{1, 4}},
		{"MIGRANT workers", []int64{1}},
		{"migrant -seasonal", []int64{1}},
		{"fishers OR farm", []int64{3, 4}}, // a tie: the lower id first
		{"fishers OR farm OR nothing", []int64{3, 4}},
		{"recruit*", []int64{6}},
		{"w*", []int64{2, 1}}, // "work" in a short title beats "workers" twice in a long record
		{`"migrant workers"`, []int64{1}},
		{`"workers migrant"`, nil},
		{`"seasonal migrant"`, []int64{4}},
		{`"farm seasonal"`, nil}, // across fields: no phrase
		{"e-mail", []int64{5}},
		{`"e mail"`, []int64{5}},
		{"email", nil},
		{"peru", []int64{5}},
		{"Perú", []int64{5}},
		{"-migrant", []int64{2, 3, 5, 6}},
		{"nothing", nil},
		{"migrant nothing", nil},
	} {
		q, err := lmo.ParseQuery(tc.q)
		if err != nil {
			t.Fatal(err)
		}
		hits, total := ix.Search(q, 10, nil)
		if diff := cmp.Diff(tc.want, ids(hits)); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tc.q, diff)
		}
		if total != len(tc.want) {
			t.Errorf("%q: total %d, want %d", tc.q, total, len(tc.want))
		}
	}
}

func TestBM25ByHand(t *testing.T) {
	ix, err := Build([]Doc{
		{1, []string{"migrant workers", "rights of migrant workers abroad"}},
		{2, []string{"domestic work", "care"}},
		{3, []string{"fishers", "at sea"}},
		{4, []string{"farm", "seasonal migrant"}},
		{5, []string{"x", "y z"}},
		{6, []string{"a", "b c"}},
	}, []float64{10, 1})
	if err != nil {
		t.Fatal(err)
	}
	q, _ := lmo.ParseQuery("migrant")
	hits, _ := ix.Search(q, 10, nil)
	// N 6, 22 tokens, avgdl 22/6, df 2: idf ln(4.5/2.5). Doc 1: tf 10+1,
	// dl 7; doc 4: tf 1, dl 3. score = idf·tf·2.2 / (tf + 1.2·(0.25 + 0.75·dl/avgdl)).
	want := []Hit{{ID: 1, Slot: 0, Score: 1.0926592890848053}, {ID: 4, Slot: 3, Score: 0.6350195219031822}}
	if diff := cmp.Diff(want, hits, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-12 })); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestUpdates(t *testing.T) {
	ix := tiny(t)
	q, _ := lmo.ParseQuery("migrant")
	nx, err := ix.Replace(Doc{4, []string{"Migrant farm", "seasonal migrant"}})
	if err != nil {
		t.Fatal(err)
	}
	nx, err = nx.Add(Doc{7, []string{"migrant", ""}})
	if err != nil {
		t.Fatal(err)
	}
	nx = nx.Remove(1)
	hits, total := nx.Search(q, 10, nil)
	if diff := cmp.Diff([]int64{7, 4}, ids(hits)); diff != "" || total != 2 {
		t.Errorf("after writes: total %d (-want +got):\n%s", total, diff)
	}
	if hits, _ := ix.Search(q, 10, nil); !slices.Equal(ids(hits), []int64{1, 4}) {
		t.Errorf("the old index changed: %v", ids(hits))
	}
	if _, err := nx.Add(Doc{7, nil}); err == nil {
		t.Error("Add of a live id succeeded")
	}
	cx := nx.Compact()
	again, _ := cx.Search(q, 10, nil)
	if diff := cmp.Diff(hits, again); diff != "" {
		t.Errorf("Compact changed the results (-before +after):\n%s", diff)
	}
}

// TestConcurrentReaders searches one Index from several goroutines while
// another derives new versions from it (run with -race).
func TestConcurrentReaders(t *testing.T) {
	ix := tiny(t)
	q, _ := lmo.ParseQuery(`migr* OR "e mail" -fishers`)
	want, _ := ix.Search(q, 5, nil)
	done := make(chan bool)
	for range 4 {
		go func() {
			defer func() { done <- true }()
			for range 200 {
				if got, _ := ix.Search(q, 5, nil); !slices.Equal(ids(got), ids(want)) {
					t.Errorf("got %v, want %v", ids(got), ids(want))
					return
				}
			}
		}()
	}
	nx := ix
	for i := range 200 {
		var err error
		if nx, err = nx.Replace(Doc{int64(1 + i%6), []string{"migrant e-mail", "fishers"}}); err != nil {
			t.Fatal(err)
		}
	}
	for range 4 {
		<-done
	}
}

// TestBuildInParts: an index built in parts (one per processor) is the one
// built whole.
func TestBuildInParts(t *testing.T) {
	docs := synthetic(3000)
	whole, err := Build(docs, practiceWeights)
	if err != nil {
		t.Fatal(err)
	}
	defer func(n, p int) { minPart = n; runtime.GOMAXPROCS(p) }(minPart, runtime.GOMAXPROCS(3))
	minPart = 500
	parts, err := Build(docs, practiceWeights)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(whole, parts) {
		t.Error("the index built in parts differs from the one built whole")
	}
}
