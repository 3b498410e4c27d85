package searchindex

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// BenchmarkUpdate100k replaces one record of 100,000 (12 facets of 20 to
// 500 values, four orders, one of them by title) with Update, against
// building the index again:
//
//	go test ./internal/searchindex -run XXX -bench 100k
func BenchmarkUpdate100k(b *testing.B) {
	const n = 100_000
	r := rand.New(rand.NewPCG(5, 6))
	docs := make([]Doc, n)
	titles := make([]string, n+1)
	for i := range docs {
		docs[i] = Doc{ID: int64(i + 1), From: 1990 + r.IntN(35), Changed: time.Unix(int64(r.IntN(1e8)), 0)}
		titles[i] = fmt.Sprintf("%x practice", r.Uint64())
	}
	var facets []string
	var postings []Posting
	for f := range 12 {
		name := fmt.Sprint("facet", f)
		facets = append(facets, name)
		values := 20 + f*40
		byValue := make([][]int64, values)
		for i := range docs {
			for range 1 + r.IntN(3) {
				v := r.IntN(values)
				byValue[v] = append(byValue[v], docs[i].ID)
			}
		}
		for v, ids := range byValue {
			postings = append(postings, Posting{name, fmt.Sprint(v), ids})
		}
	}
	keys := append([]Doc(nil), docs...)
	orders := func() map[string]Compare {
		return map[string]Compare{
			"from":    func(a, c int) int { return cmp.Compare(keys[c].From, keys[a].From) },
			"changed": func(a, c int) int { return keys[c].Changed.Compare(keys[a].Changed) },
			"title":   func(a, c int) int { return strings.Compare(titles[a], titles[c]) },
			"id":      func(a, c int) int { return cmp.Compare(keys[c].ID, keys[a].ID) },
		}
	}
	ix := Build(1, docs, facets, postings, orders())
	b.Run("update", func(b *testing.B) {
		for i := range b.N {
			id := int64(1 + r.IntN(n))
			d := Doc{ID: id, From: 2000, Changed: time.Unix(int64(i), 0)}
			keys = append(keys, d)
			titles = append(titles, "replaced")
			next, err := ix.Update(int64(i+2), Change{Remove: []int64{id}, Add: []Doc{d},
				Postings: []Posting{{"facet3", "7", []int64{id}}, {"facet11", "400", []int64{id}}}}, orders())
			if err != nil {
				b.Fatal(err)
			}
			ix = next
		}
	})
	b.Run("build", func(b *testing.B) {
		keys = append([]Doc(nil), docs...)
		for range b.N {
			Build(1, docs, facets, postings, orders())
		}
	})
}
