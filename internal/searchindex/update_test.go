package searchindex

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestUpdateAsBuild applies random changes with Update and checks that the
// index answers as one built from scratch over the same records: the same
// records in every order, the same postings, filters and counts.
func TestUpdateAsBuild(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	type rec struct {
		doc    Doc
		values []string
	}
	recs := map[int64]rec{}
	newRec := func(id int64) rec {
		d := Doc{ID: id, From: 2000 + r.IntN(20), Changed: time.Unix(int64(r.IntN(50)), 0)}
		var vs []string
		for range r.IntN(4) {
			vs = append(vs, fmt.Sprint("v", r.IntN(12)))
		}
		return rec{d, vs}
	}
	// keys per position, as a store keeps them
	var keys []Doc
	orders := func() map[string]Compare {
		return map[string]Compare{
			"from":    func(a, b int) int { return cmp.Compare(keys[b].From, keys[a].From) },
			"changed": func(a, b int) int { return keys[a].Changed.Compare(keys[b].Changed) },
		}
	}
	postingsOf := func(rs []rec) []Posting {
		var out []Posting
		for _, x := range rs {
			for _, v := range x.values {
				out = append(out, Posting{"f", v, []int64{x.doc.ID}})
			}
		}
		return out
	}
	var docs []Doc
	var rs []rec
	for id := int64(1); id <= 300; id++ {
		x := newRec(id)
		recs[id] = x
		docs, rs = append(docs, x.doc), append(rs, x)
	}
	keys = slices.Clone(docs)
	ix := Build(1, docs, []string{"f"}, postingsOf(rs), orders())
	next := int64(301)
	for round := range 40 {
		var c Change
		var added []rec
		first := next // ids from here on are new in this round
		for range r.IntN(20) {
			switch id := int64(1 + r.IntN(int(first-1))); {
			case r.IntN(3) == 0: // add a new one
				x := newRec(next)
				next++
				recs[x.doc.ID] = x
				added = append(added, x)
			default: // update or remove an existing one
				if _, ok := recs[id]; !ok || slices.Contains(c.Remove, id) {
					continue
				}
				c.Remove = append(c.Remove, id)
				delete(recs, id)
				if r.IntN(2) == 0 {
					x := newRec(id)
					recs[id] = x
					added = append(added, x)
				}
			}
		}
		for _, x := range added {
			c.Add = append(c.Add, x.doc)
			keys = append(keys, x.doc)
		}
		c.Postings = postingsOf(added)
		var err error
		if ix, err = ix.Update(int64(round+2), c, orders()); err != nil {
			t.Fatal(err)
		}
		// The same records built from scratch.
		var bdocs []Doc
		var brs []rec
		for _, x := range recs {
			bdocs, brs = append(bdocs, x.doc), append(brs, x)
		}
		saved := keys
		keys = bdocs
		want := Build(ix.Version, bdocs, []string{"f"}, postingsOf(brs), orders())
		keys = saved
		if ix.Count() != want.Count() {
			t.Fatalf("round %d: %d records, want %d", round, ix.Count(), want.Count())
		}
		for _, name := range []string{"from", "changed"} {
			if got, w := ix.Page(ix.All(), name, 0, 1000), want.Page(want.All(), name, 0, 1000); !slices.Equal(got, w) {
				t.Fatalf("round %d: order %s\n got %v\nwant %v", round, name, got, w)
			}
		}
		for _, f := range []Filter{{}, {Facets: map[string][]string{"f": {"v1", "v3"}}}, {From: 2010, To: 2012}} {
			got, w := ix.Page(ix.Filter(f, nil, ""), "from", 0, 1000), want.Page(want.Filter(f, nil, ""), "from", 0, 1000)
			if !slices.Equal(got, w) {
				t.Fatalf("round %d: filter %+v\n got %v\nwant %v", round, f, got, w)
			}
			gc, wc := ix.Counts(f, nil, ix.Filter(f, nil, "")), want.Counts(f, nil, want.Filter(f, nil, ""))
			if fmt.Sprint(gc) != fmt.Sprint(wc) {
				t.Fatalf("round %d: counts %v, want %v", round, gc, wc)
			}
		}
		for id := range recs {
			if !ix.Has(ix.All(), id) {
				t.Fatalf("round %d: %d missing", round, id)
			}
		}
	}
}

// TestUpdateTwiceFromOne: two indexes derived from the same one (the first
// appends in place, the second must copy) each see only their own records.
func TestUpdateTwiceFromOne(t *testing.T) {
	docs := []Doc{{ID: 1}, {ID: 2}}
	keys := []Doc{{ID: 1}, {ID: 2}, {ID: 0}} // position 2 differs per branch, set below
	orders := map[string]Compare{"id": func(a, b int) int { return cmp.Compare(keys[a].ID, keys[b].ID) }}
	base := Build(1, docs, []string{"f"}, nil, orders)
	keys[2] = Doc{ID: 3}
	a, err := base.Update(2, Change{Add: []Doc{{ID: 3}}, Postings: []Posting{{"f", "x", []int64{3}}}}, orders)
	if err != nil {
		t.Fatal(err)
	}
	keys[2] = Doc{ID: 4}
	b, err := base.Update(2, Change{Add: []Doc{{ID: 4}}}, orders)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Page(a.All(), "id", 0, 10); !slices.Equal(got, []int64{1, 2, 3}) {
		t.Errorf("first derived: %v", got)
	}
	if got := b.Page(b.All(), "id", 0, 10); !slices.Equal(got, []int64{1, 2, 4}) {
		t.Errorf("second derived: %v", got)
	}
	if got := base.Page(base.All(), "id", 0, 10); !slices.Equal(got, []int64{1, 2}) {
		t.Errorf("base: %v", got)
	}
	if b.Has(b.Filter(Filter{Facets: map[string][]string{"f": {"x"}}}, nil, ""), 4) || !a.Has(a.All(), 3) || a.Has(a.All(), 4) {
		t.Error("the derived indexes share records")
	}
}
