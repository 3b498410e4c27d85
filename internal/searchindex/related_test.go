package searchindex

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRelated checks Related against counting shared values by hand: only
// the named facets count, the record itself is left out, ties follow the
// tie order and records sharing nothing never appear.
func TestRelated(t *testing.T) {
	docs := []Doc{{ID: 10}, {ID: 20}, {ID: 30}, {ID: 40}, {ID: 50}}
	postings := []Posting{
		{"country", "PH", []int64{10, 20, 30}},
		{"country", "SA", []int64{10, 30}},
		{"theme", "fees", []int64{10, 40, 20}},
		{"theme", "other", []int64{50, 20}},
		{"status", "ongoing", []int64{10, 20, 30, 40, 50}}, // not a related facet
	}
	ix := Build(1, docs, []string{"country", "theme", "status"}, postings, map[string]Compare{
		"latest": func(a, b int) int { return cmp.Compare(docs[b].ID, docs[a].ID) },
	})
	got := ix.Related(10, []string{"country", "theme"}, "latest", 5)
	want := []Related{{ID: 20, Shared: 2}, {ID: 30, Shared: 2}, {ID: 40, Shared: 1}}
	// 20 and 30 tie at two; "latest" puts 30 first.
	want[0], want[1] = want[1], want[0]
	if !slices.Equal(got, want) {
		t.Errorf("Related(10) = %v, want %v", got, want)
	}
	if got := ix.Related(10, []string{"country", "theme"}, "latest", 1); !slices.Equal(got, want[:1]) {
		t.Errorf("Related(10, limit 1) = %v, want %v", got, want[:1])
	}
	if got := ix.Related(99, []string{"country"}, "latest", 5); got != nil {
		t.Errorf("Related(unknown) = %v, want none", got)
	}
	if got := ix.Related(50, []string{"country"}, "latest", 5); len(got) != 0 {
		t.Errorf("Related(50) by country = %v, want none", got)
	}
}

// BenchmarkRelated100k finds the related records of records in a synthetic
// index of 100,000 (250 countries, 20 themes, 23 objectives; each record has
// two countries, two themes and two objectives).
func BenchmarkRelated100k(b *testing.B) {
	const n = 100000
	docs := make([]Doc, n)
	values := map[[2]string][]int64{}
	for i := range docs {
		id := int64(i + 1)
		docs[i].ID = id
		for j, facet := range []struct {
			name string
			of   int
		}{{"country", 250}, {"theme", 20}, {"gcm", 23}} {
			for k := range 2 {
				v := (i*(7+j) + k*13 + i/(k+3)) % facet.of
				key := [2]string{facet.name, string(rune('a'+v/26)) + string(rune('a'+v%26))}
				if ids := values[key]; len(ids) == 0 || ids[len(ids)-1] != id {
					values[key] = append(ids, id)
				}
			}
		}
	}
	var postings []Posting
	for k, ids := range values {
		postings = append(postings, Posting{Facet: k[0], Value: k[1], IDs: ids})
	}
	ix := Build(1, docs, []string{"country", "theme", "gcm"}, postings, map[string]Compare{
		"latest": func(a, c int) int { return cmp.Compare(docs[c].ID, docs[a].ID) },
	})
	b.ResetTimer()
	for i := range b.N {
		if r := ix.Related(int64(1+(i*7919)%n), []string{"country", "theme", "gcm"}, "latest", 5); len(r) == 0 {
			b.Fatal("nothing related")
		}
	}
}

// TestRelatedAgainstBruteForce compares Related with counting and sorting
// every record, on random indexes and limits.
func TestRelatedAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for round := range 300 {
		n := 1 + r.IntN(300)
		docs := make([]Doc, n)
		for i := range docs {
			docs[i].ID = int64(i*3 + 1)
		}
		has := map[[2]string]map[int64]bool{}
		var postings []Posting
		for _, facet := range []string{"country", "theme", "other"} {
			for v := range 1 + r.IntN(8) {
				key := [2]string{facet, string(rune('a' + v))}
				has[key] = map[int64]bool{}
				var ids []int64
				for _, d := range docs {
					if r.IntN(4) == 0 {
						ids = append(ids, d.ID)
						has[key][d.ID] = true
					}
				}
				postings = append(postings, Posting{Facet: facet, Value: key[1], IDs: ids})
			}
		}
		tieRank := r.Perm(n) // a random tie order
		ix := Build(1, docs, []string{"country", "theme", "other"}, postings, map[string]Compare{
			"tie": func(a, b int) int { return cmp.Compare(tieRank[a], tieRank[b]) },
		})
		self := docs[r.IntN(n)].ID
		limit := 1 + r.IntN(8)
		var want []Related
		order := make([]int, n)
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(tieRank[a], tieRank[b]) })
		for _, i := range order {
			shared := 0
			for key, ids := range has {
				if key[0] != "other" && ids[self] && ids[docs[i].ID] {
					shared++
				}
			}
			if docs[i].ID != self && shared > 0 {
				want = append(want, Related{ID: docs[i].ID, Shared: shared})
			}
		}
		slices.SortStableFunc(want, func(a, b Related) int { return cmp.Compare(b.Shared, a.Shared) })
		want = want[:min(limit, len(want))]
		got := ix.Related(self, []string{"country", "theme"}, "tie", limit)
		if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("round %d: Related(%d, limit %d) = %v, want %v", round, self, limit, got, want)
		}
	}
}
