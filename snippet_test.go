package lmo_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/lmo-observatory/lmo"
)

func TestSnippet(t *testing.T) {
	mark := func(s string) string {
		return strings.NewReplacer("[", lmo.HighlightStart, "]", lmo.HighlightEnd).Replace(s)
	}
	tests := []struct {
		query, text string
		words       int
		want        string
	}{
		{"harvest", "Seasonal workers come each year for the harvest.", 24, "Seasonal workers come each year for the [harvest]."},
		{"peru", "Support in Perú and Chile.", 24, "Support in [Perú] and Chile."},
		{"PERU", "Support in Perú.", 24, "Support in [Perú]."},
		{`"domestic workers" -qatar`, "Domestic workers in Qatar", 24, "[Domestic] [workers] in Qatar"},
		{"recruit*", "Fair recruitment, recruiters and re-cruit.", 24, "Fair [recruitment], [recruiters] and re-cruit."},
		{"wage", "one two three four five six seven eight wage nine ten eleven twelve", 6, "…eight [wage] nine ten eleven twelve"},
		{"wage", "wage one two three four five six seven", 4, "[wage] one two three…"},
		{"absent", "Nothing here.", 24, ""},
		{"-only", "only excluded", 24, ""},
	}
	for _, tt := range tests {
		q, err := lmo.ParseQuery(tt.query)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.Snippet(tt.text, tt.words); got != mark(tt.want) {
			t.Errorf("Snippet(%q, %q) = %q, want %q", tt.query, tt.text, got, mark(tt.want))
		}
	}
}

// TestSnippetConcurrent makes snippets of accented text from many goroutines,
// as the requests of a server do; go test -race checks that they share no
// state.
func TestSnippetConcurrent(t *testing.T) {
	q, _ := lmo.ParseQuery("peru")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				if q.Snippet("Apoyo en el Perú y Panamá", 10) == "" {
					t.Error("no snippet")
					return
				}
			}
		}()
	}
	wg.Wait()
}

func FuzzSnippet(f *testing.F) {
	f.Add("wage", "A wage protection system.")
	f.Add("é*", "Ééé ÉTÉ été")
	f.Fuzz(func(t *testing.T, query, text string) {
		q, err := lmo.ParseQuery(query)
		if err != nil {
			return
		}
		s := q.Snippet(text, 10)
		plain := strings.NewReplacer(lmo.HighlightStart, "", lmo.HighlightEnd, "", "…", "").Replace(s)
		source := strings.NewReplacer(lmo.HighlightStart, "", lmo.HighlightEnd, "").Replace(text)
		if s != "" && !strings.Contains(source, strings.TrimSpace(plain)) {
			t.Fatalf("snippet %q is not an extract of %q", s, text)
		}
		if strings.Count(s, lmo.HighlightStart) != strings.Count(s, lmo.HighlightEnd) {
			t.Fatalf("unbalanced marks in %q", s)
		}
	})
}
