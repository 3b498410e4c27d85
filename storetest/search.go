package storetest

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/lmo-observatory/lmo"
)

func testSearchText(t *testing.T, s Store) {
	ctx := context.Background()
	seedPractices(t, s)
	tests := []struct {
		query string
		want  []string
	}{
		{"domestic workers", []string{"ph-contract", "qa-wps"}},
		{"Peru", []string{"pe-return"}},        // diacritics folded
		{"PÉROU", []string{"pe-return"}},       // French country name
		{"Filipinas", []string{"ph-contract"}}, // Spanish country name
		{`"wage protection"`, []string{"ph-contract", "qa-wps"}},
		{`"protection wage"`, nil},
		{`domestic -qatar`, nil},
		{`"standard contract" OR harvest`, []string{"ca-seasonal", "ph-contract"}},
		{`regulari*`, []string{"es-regularisation"}},
		{`-domestic -seasonal`, []string{"es-regularisation", "np-fee-free", "pe-return"}},
		{`ILO`, []string{"np-fee-free"}}, // organisation acronym
		{`"Ministry of Labour"`, []string{"es-regularisation", "qa-wps"}},
		{`rest days`, []string{"ph-contract"}}, // description, Markdown
		{`nothingmatchesthis`, nil},
		{`"`, []string{"ca-seasonal", "es-regularisation", "np-fee-free", "pe-return", "ph-contract", "qa-wps"}},
	}
	for _, tt := range tests {
		res, err := s.SearchPractices(ctx, lmo.PracticeFilter{Query: tt.query})
		if err != nil {
			t.Errorf("SearchPractices(%q): %v", tt.query, err)
			continue
		}
		if diff := cmp.Diff(tt.want, sorted(slugs(res)), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("SearchPractices(%q) (-want +got):\n%s", tt.query, diff)
		}
		if res.Total != len(tt.want) {
			t.Errorf("SearchPractices(%q) total = %d, want %d", tt.query, res.Total, len(tt.want))
		}
	}
	res, _ := s.SearchPractices(ctx, lmo.PracticeFilter{Query: "harvest"})
	if len(res.Hits) != 1 || !contains(res.Hits[0].Snippet, lmo.HighlightStart+"harvest"+lmo.HighlightEnd) {
		t.Errorf("snippet = %q, want the match highlighted", res.Hits[0].Snippet)
	}
	// Relevance: a title match outranks a body match.
	res, _ = s.SearchPractices(ctx, lmo.PracticeFilter{Query: "wage"})
	if got := slugs(res); len(got) != 2 || got[0] != "qa-wps" {
		t.Errorf("ranking for wage = %v, want qa-wps first", got)
	}
	_, err := s.SearchPractices(ctx, lmo.PracticeFilter{Query: string(make([]byte, lmo.MaxQueryLength+1))})
	wantCode(t, err, lmo.EINVALID)
}

// facetOracle computes facet values from the practices themselves: the
// oracle that the stores' SQL must agree with.
type facetOracle struct {
	values []map[string][]string // per practice: facet -> values
}

func newFacetOracle(ps []*lmo.Practice, countries []*lmo.Country) *facetOracle {
	regionOf := map[string]string{}
	for _, c := range countries {
		regionOf[c.Code] = c.ILORegion
	}
	o := &facetOracle{}
	for _, p := range ps {
		o.values = append(o.values, p.FacetValues(func(code string) string { return regionOf[code] }))
	}
	return o
}

// matches reports whether practice i has a selected value in every facet of
// selected; with both countries and roles selected, one of the selected
// countries must take part in one of the selected roles.
func (o *facetOracle) matches(i int, selected map[string][]string) bool {
	countries, roles := selected[lmo.FacetCountry], selected[lmo.FacetRole]
	for facet, want := range selected {
		if len(want) == 0 || len(countries) > 0 && len(roles) > 0 && (facet == lmo.FacetCountry || facet == lmo.FacetRole) {
			continue
		}
		if !slices.ContainsFunc(o.values[i][facet], func(x string) bool { return slices.Contains(want, x) }) {
			return false
		}
	}
	if len(countries) > 0 && len(roles) > 0 {
		return slices.ContainsFunc(countries, func(c string) bool {
			return slices.ContainsFunc(roles, func(r string) bool {
				return slices.Contains(o.values[i][lmo.FacetCountryRole], lmo.CountryRoleValue(c, r))
			})
		})
	}
	return true
}

func (o *facetOracle) total(selected map[string][]string) int {
	n := 0
	for i := range o.values {
		if o.matches(i, selected) {
			n++
		}
	}
	return n
}

// counts counts each value of each facet as what it means: the practices
// that match the selection with that value, and only it, selected in its
// facet.
func (o *facetOracle) counts(selected map[string][]string) map[string][]lmo.FacetCount {
	out := map[string][]lmo.FacetCount{}
	for _, facet := range lmo.Facets {
		counts := map[string]int{}
		for i := range o.values {
			for _, x := range o.values[i][facet] {
				with := maps.Clone(selected)
				if with == nil {
					with = map[string][]string{}
				}
				with[facet] = []string{x}
				if o.matches(i, with) {
					counts[x]++
				}
			}
		}
		out[facet] = []lmo.FacetCount{}
		for value, n := range counts {
			out[facet] = append(out[facet], lmo.FacetCount{Value: value, Count: n})
		}
	}
	return out
}

var sortFacets = cmpopts.SortSlices(func(a, b lmo.FacetCount) bool { return a.Value < b.Value })

// rolesPractice is a practice added to the fixtures for the facets of
// country roles, evidence, instruments and SDG targets: the Philippines as a
// country of destination (ph-contract has it as origin), Spain as origin.
func rolesPractice() *lmo.Practice {
	return &lmo.Practice{Slug: "es-ph-skills", Title: "Skills partnership", Summary: "Training before departure, jobs on arrival.",
		Countries: []lmo.PracticeCountry{{Code: "ES", Role: "origin"}, {Code: "PH", Role: "destination"}},
		Themes:    []string{"regular-pathways"}, GCMObjectives: []string{"5"}, Stages: []string{"pre-departure"},
		Instruments: []string{"C097", "C189"}, SDGTargets: []string{"10.7"},
		Organisations: []lmo.PracticeOrganisation{{Name: "Skills Agency", Type: "government", Country: "ES", Role: lmo.OrgImplementing}},
		StartYear:     2021, Status: "ongoing", EvidenceLevel: "monitoring",
		Sources: []lmo.Source{{Title: "storetest fixture source", URL: "https://example.org/fixture", Year: 2021}}}
}

func testSearchFacets(t *testing.T, s Store) {
	ctx := context.Background()
	ps := append(seedPractices(t, s), rolesPractice())
	if err := s.CreatePractice(Admin(), ps[len(ps)-1], "fixture"); err != nil {
		t.Fatal(err)
	}
	oracle := newFacetOracle(ps, fixtureCountries())
	selections := []map[string][]string{
		nil,
		{lmo.FacetCountry: {"QA"}},
		{lmo.FacetCountry: {"QA", "CA"}},
		{lmo.FacetRegion: {"asia-pacific"}, lmo.FacetTheme: {"fair-recruitment"}},
		{lmo.FacetStage: {"employment"}, lmo.FacetStatus: {"ongoing"}, lmo.FacetTargetGroup: {"domestic-workers", "women"}},
		{lmo.FacetGCM: {"6", "5"}, lmo.FacetOrgType: {"government"}},
		{lmo.FacetOrgType: {"ngo"}, lmo.FacetCountry: {"QA"}}, // empty result
		{lmo.FacetRole: {"origin"}},
		{lmo.FacetRole: {"origin", "transit"}, lmo.FacetTheme: {"fair-recruitment"}},
		{lmo.FacetCountry: {"PH"}, lmo.FacetRole: {"origin"}},
		{lmo.FacetCountry: {"PH", "QA"}, lmo.FacetRole: {"destination"}},
		{lmo.FacetCountry: {"NP"}, lmo.FacetRole: {"destination"}}, // empty: Nepal is only a country of origin
		{lmo.FacetRegion: {"asia-pacific"}, lmo.FacetRole: {"destination"}},
		{lmo.FacetEvidence: {"documented"}},
		{lmo.FacetEvidence: {"documented", "monitoring"}, lmo.FacetCountry: {"PH"}},
		{lmo.FacetInstrument: {"C189"}},
		{lmo.FacetInstrument: {"C097", "C189"}, lmo.FacetSDG: {"10.7"}},
		{lmo.FacetSDG: {"8.8", "10.7"}, lmo.FacetRole: {"destination"}, lmo.FacetCountry: {"ES", "PH"}},
	}
	for _, sel := range selections {
		res, err := s.SearchPractices(ctx, lmo.PracticeFilter{Facets: sel})
		if err != nil {
			t.Fatalf("facets %v: %v", sel, err)
		}
		if diff := cmp.Diff(oracle.counts(sel), res.Facets, sortFacets); diff != "" {
			t.Errorf("facet counts for %v (-want +got):\n%s", sel, diff)
		}
		if want := oracle.total(sel); res.Total != want || len(res.Hits) != want {
			t.Errorf("total for %v = %d (%d hits), want %d", sel, res.Total, len(res.Hits), want)
		}
	}
	testCountryRoles(t, s)
	// Counts also follow the text query.
	res, err := s.SearchPractices(ctx, lmo.PracticeFilter{Query: "workers", Facets: map[string][]string{lmo.FacetCountry: {"QA"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := []lmo.FacetCount{{Value: "CA", Count: 1}, {Value: "ES", Count: 1}, {Value: "NP", Count: 1}, {Value: "PH", Count: 1}, {Value: "QA", Count: 3}}
	if diff := cmp.Diff(want, res.Facets[lmo.FacetCountry], sortFacets); diff != "" {
		t.Errorf("country counts for workers (-want +got):\n%s", diff)
	}
	if res.Total != 3 {
		t.Errorf("total = %d, want 3", res.Total)
	}
	_, err = s.SearchPractices(ctx, lmo.PracticeFilter{Facets: map[string][]string{"colour": {"red"}}})
	wantCode(t, err, lmo.EINVALID)
}

// testCountryRoles checks by hand what the oracle computes: with countries
// and roles selected, a practice matches when a selected country takes part
// in a selected role, and each side counts its values paired with the
// other's selection.
func testCountryRoles(t *testing.T, s Store) {
	t.Helper()
	ctx := context.Background()
	res, err := s.SearchPractices(ctx, lmo.PracticeFilter{Facets: map[string][]string{lmo.FacetCountry: {"PH"}, lmo.FacetRole: {"origin"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := slugs(res); len(got) != 1 || got[0] != "ph-contract" {
		t.Errorf("the Philippines as a country of origin = %v, want ph-contract (es-ph-skills has it as destination)", got)
	}
	wantCounts := map[string][]lmo.FacetCount{
		lmo.FacetCountry: {{Value: "ES", Count: 1}, {Value: "NP", Count: 1}, {Value: "PE", Count: 1}, {Value: "PH", Count: 1}},
		lmo.FacetRole:    {{Value: "destination", Count: 1}, {Value: "origin", Count: 1}},
	}
	for facet, want := range wantCounts {
		if diff := cmp.Diff(want, res.Facets[facet], sortFacets); diff != "" {
			t.Errorf("%s counts for country=PH&role=origin (-want +got):\n%s", facet, diff)
		}
	}
}

func testSearchPagingAndSort(t *testing.T, s Store) {
	ctx := context.Background()
	seedPractices(t, s)
	var all []string
	for offset := 0; offset < 10; offset += 4 {
		res, err := s.SearchPractices(ctx, lmo.PracticeFilter{Sort: lmo.SortTitle, Limit: 4, Offset: offset, NoFacets: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 6 || res.Facets != nil {
			t.Fatalf("page at %d: total %d, facets %v", offset, res.Total, res.Facets)
		}
		all = append(all, slugs(res)...)
	}
	want := []string{"np-fee-free", "es-regularisation", "pe-return", "ca-seasonal", "ph-contract", "qa-wps"}
	if diff := cmp.Diff(want, all); diff != "" {
		t.Errorf("title order across pages (-want +got):\n%s", diff)
	}
	res, _ := s.SearchPractices(ctx, lmo.PracticeFilter{Sort: lmo.SortNewest})
	if got := slugs(res); got[0] != "qa-wps" && got[0] != "np-fee-free" || got[len(got)-1] != "ca-seasonal" {
		t.Errorf("newest order = %v", got)
	}
	res, _ = s.SearchPractices(ctx, lmo.PracticeFilter{})
	if got := slugs(res); got[0] != "es-regularisation" {
		t.Errorf("default order without a query = %v, want the latest added first", got)
	}
	// Oldest check first, those never checked before them all (by id
	// among equals): pe-return and np-fee-free have no date; qa-wps and
	// es-regularisation were checked on the same day.
	res, err := s.SearchPractices(ctx, lmo.PracticeFilter{Sort: lmo.SortFactsChecked, NoFacets: true})
	if err != nil {
		t.Fatal(err)
	}
	wantOrder := []string{"pe-return", "np-fee-free", "qa-wps", "es-regularisation", "ca-seasonal", "ph-contract"}
	if diff := cmp.Diff(wantOrder, slugs(res)); diff != "" {
		t.Errorf("facts_checked order (-want +got):\n%s", diff)
	}
	_, err = s.SearchPractices(ctx, lmo.PracticeFilter{Sort: "random"})
	wantCode(t, err, lmo.EINVALID)
	_, err = s.SearchPractices(ctx, lmo.PracticeFilter{Offset: -1})
	wantCode(t, err, lmo.EINVALID)
}

func testSearchFilters(t *testing.T, s Store) {
	ctx := context.Background()
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if c, ok := s.(interface{ SetClock(func() time.Time) }); ok {
		c.SetClock(func() time.Time { clock = clock.Add(time.Hour); return clock })
	}
	seedPractices(t, s)
	tests := []struct {
		f    lmo.PracticeFilter
		want []string
	}{
		{lmo.PracticeFilter{YearFrom: 2014, YearTo: 2016}, []string{"ca-seasonal", "np-fee-free", "ph-contract", "pe-return", "qa-wps"}},
		{lmo.PracticeFilter{YearFrom: 2020}, []string{"ca-seasonal", "np-fee-free", "ph-contract", "qa-wps"}},
		{lmo.PracticeFilter{YearTo: 2005}, []string{"ca-seasonal", "es-regularisation"}},
		{lmo.PracticeFilter{YearFrom: 2005, YearTo: 2005, Query: "regularisation"}, []string{"es-regularisation"}},
	}
	for _, tt := range tests {
		res, err := s.SearchPractices(ctx, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(sorted(tt.want), sorted(slugs(res))); diff != "" {
			t.Errorf("filter %+v (-want +got):\n%s", tt.f, diff)
		}
	}
	_, err := s.SearchPractices(ctx, lmo.PracticeFilter{YearFrom: 2020, YearTo: 2010})
	wantCode(t, err, lmo.EINVALID)

	latest, err := s.PracticesChangedAt(ctx)
	if err != nil || latest.IsZero() {
		t.Fatalf("PracticesChangedAt = %v, %v", latest, err)
	}
	res, _ := s.SearchPractices(ctx, lmo.PracticeFilter{ChangedSince: latest})
	if got := slugs(res); len(got) != 1 || got[0] != "es-regularisation" {
		t.Errorf("changed_since the latest change = %v, want only the last created", got)
	}
	res, _ = s.SearchPractices(ctx, lmo.PracticeFilter{ChangedSince: latest.Add(time.Microsecond)})
	if res.Total != 0 {
		t.Errorf("changed_since after the latest change found %d", res.Total)
	}
}

func testStats(t *testing.T, s Store) {
	seedPractices(t, s)
	st, err := s.PracticeStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := &lmo.PracticeStats{Practices: 6, Countries: 6, Sources: 6,
		Regions: map[string]int{"americas": 2, "asia-pacific": 2, "arab-states": 3, "europe-central-asia": 1}}
	if diff := cmp.Diff(want, st); diff != "" {
		t.Errorf("PracticeStats (-want +got):\n%s", diff)
	}
}

func testRebuildIndexes(t *testing.T, s Store) {
	ctx := context.Background()
	seedPractices(t, s)
	filter := lmo.PracticeFilter{Query: "workers OR Perú", Sort: lmo.SortTitle}
	before, err := s.SearchPractices(ctx, filter)
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.RebuildIndexes(ctx), lmo.EUNAUTHORIZED)
	if err := s.RebuildIndexes(Admin()); err != nil {
		t.Fatal(err)
	}
	after, err := s.SearchPractices(ctx, filter)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, after); diff != "" || before.Total != 6 {
		t.Errorf("search after RebuildIndexes (total %d) (-before +after):\n%s", before.Total, diff)
	}
}
