package searchindex

import (
	"cmp"
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
