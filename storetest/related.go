package storetest

import (
	"cmp"
	"context"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/lmo-observatory/lmo"
)

// RunRelated tests RelatedPractices against an oracle that counts shared
// countries, themes and GCM objectives in Go, and CitedSources against the
// fixtures' sources.
func RunRelated(t *testing.T, open Opener) {
	runTests(t, open, []test{
		{"RelatedPractices", testRelatedPractices},
		{"CitedSources", testCitedSources},
	})
}

// relatedOracle ranks the other practices of ps by how many values of
// lmo.RelatedFacets they share with p, the later created first on a tie.
func relatedOracle(p *lmo.Practice, ps []*lmo.Practice, limit int) []string {
	none := func(string) string { return "" }
	pv := p.FacetValues(none)
	type scored struct {
		p *lmo.Practice
		n int
	}
	var all []scored
	for _, q := range ps {
		if q.ID == p.ID {
			continue
		}
		qv, n := q.FacetValues(none), 0
		for _, f := range lmo.RelatedFacets {
			for _, v := range pv[f] {
				if slices.Contains(qv[f], v) {
					n++
				}
			}
		}
		if n > 0 {
			all = append(all, scored{q, n})
		}
	}
	slices.SortFunc(all, func(a, b scored) int {
		return cmp.Or(cmp.Compare(b.n, a.n), b.p.CreatedAt.Compare(a.p.CreatedAt), cmp.Compare(b.p.ID, a.p.ID))
	})
	var out []string
	for _, s := range all[:min(limit, len(all))] {
		out = append(out, s.p.Slug)
	}
	return out
}

func testRelatedPractices(t *testing.T, s Store) {
	ctx := context.Background()
	ps := seedPractices(t, s)
	// A submitted practice shares everything with the first, but is not
	// public, so it is never related.
	contributor := lmo.NewContextWithUser(ctx, &lmo.User{ID: 2, Name: "c", Role: lmo.RoleContributor})
	hidden := fixturePractices()[0]
	hidden.Slug = "ph-contract-draft"
	if err := s.CreatePractice(contributor, hidden, "submitted"); err != nil {
		t.Fatalf("CreatePractice: %v", err)
	}
	for _, limit := range []int{lmo.RelatedLimit, 1} {
		for _, p := range ps {
			got, err := s.RelatedPractices(ctx, p.ID, limit)
			if err != nil {
				t.Fatalf("RelatedPractices(%s): %v", p.Slug, err)
			}
			var slugs []string
			for _, r := range got {
				slugs = append(slugs, r.Slug)
				q := bySlug(ps, r.Slug)
				if q == nil || r.ID != q.ID || r.Title != q.Title || r.StartYear != q.StartYear || r.EndYear != q.EndYear {
					t.Fatalf("related %+v is not the practice %+v", r, q)
				}
				if want := oracleShared(p, q); !gocmp.Equal(r.Shared, want, cmpopts.EquateEmpty()) {
					t.Errorf("%s related to %s shares %v, want %v", r.Slug, p.Slug, r.Shared, want)
				}
			}
			if want := relatedOracle(p, ps, limit); !slices.Equal(slugs, want) {
				t.Errorf("RelatedPractices(%s, %d) = %v, want %v", p.Slug, limit, slugs, want)
			}
		}
	}
	if got, err := s.RelatedPractices(ctx, hidden.ID, lmo.RelatedLimit); err != nil || len(got) != 0 {
		t.Errorf("RelatedPractices(submitted) = %v, %v; want none", got, err)
	}
	// The first fixture shares Qatar, fair recruitment and objective 6 with
	// the fee-free practice: the oracle must not be trivially empty.
	if want := relatedOracle(ps[0], ps, lmo.RelatedLimit); len(want) == 0 {
		t.Fatal("the fixtures have no related practices")
	}
}

// bySlug returns the practice of ps with slug, or nil.
func bySlug(ps []*lmo.Practice, slug string) *lmo.Practice {
	for _, p := range ps {
		if p.Slug == slug {
			return p
		}
	}
	return nil
}

// oracleShared is what q shares with p, by facet, in code order.
func oracleShared(p, q *lmo.Practice) map[string][]string {
	none := func(string) string { return "" }
	pv, qv := p.FacetValues(none), q.FacetValues(none)
	out := map[string][]string{}
	for _, f := range lmo.RelatedFacets {
		for _, v := range pv[f] {
			if slices.Contains(qv[f], v) {
				out[f] = append(out[f], v)
			}
		}
		slices.Sort(out[f])
	}
	return out
}

func testCitedSources(t *testing.T, s Store) {
	ctx := context.Background()
	ps := seedPractices(t, s)
	second := lmo.Source{Title: "A second source", Publisher: "ILO", Year: 2021}
	p, err := s.FindPracticeBySlug(ctx, ps[1].Slug)
	if err != nil {
		t.Fatal(err)
	}
	p.Sources = append(p.Sources, second)
	if err := s.UpdatePractice(Admin(), p, "another source"); err != nil {
		t.Fatalf("UpdatePractice: %v", err)
	}
	got, err := s.CitedSources(ctx)
	if err != nil {
		t.Fatalf("CitedSources: %v", err)
	}
	var everyone []lmo.PracticeRef
	for _, p := range ps {
		everyone = append(everyone, lmo.PracticeRef{Slug: p.Slug, Title: p.Title})
	}
	slices.SortFunc(everyone, func(a, b lmo.PracticeRef) int { return cmp.Compare(a.Title, b.Title) })
	fixture := fixturePractices()[0].Sources[0]
	want := []*lmo.CitedSource{
		{Source: second, Practices: []lmo.PracticeRef{{Slug: p.Slug, Title: p.Title}}},
		{Source: fixture, Practices: everyone},
	}
	if d := gocmp.Diff(want, got); d != "" {
		t.Errorf("CitedSources (-want +got):\n%s", d)
	}
}
