// Package storetest is the conformance suite that every lmo store must pass:
// the same tests, run on SQLite always and on PostgreSQL when the test
// environment provides one, so that the two backends behave as one.
package storetest

import (
	"context"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/lmo-observatory/lmo"
)

// Store is everything a backend implements.
type Store interface {
	lmo.CountryService
	lmo.VocabularyService
	lmo.PracticeService
	// RebuildIndexes re-derives facets and full text from the tables.
	RebuildIndexes(ctx context.Context) error
}

// Opener returns a new, empty, migrated store for one test, and cleans it
// up when the test ends.
type Opener func(t *testing.T) Store

// Run runs the whole conformance suite against stores from open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(*testing.T, Store)
	}{
		{"Countries", testCountries},
		{"Vocabularies", testVocabularies},
		{"CreateAndFind", testCreateAndFind},
		{"Validation", testValidation},
		{"Roles", testRoles},
		{"Update", testUpdate},
		{"Import", testImport},
		{"SearchText", testSearchText},
		{"SearchFacets", testSearchFacets},
		{"SearchPagingAndSort", testSearchPagingAndSort},
		{"SearchFilters", testSearchFilters},
		{"Stats", testStats},
		{"RebuildIndexes", testRebuildIndexes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, open(t))
		})
	}
}

// Admin is a context that acts as an administrator.
func Admin() context.Context {
	return lmo.NewContextWithUser(context.Background(), &lmo.User{ID: 1, Name: "test-admin", Role: lmo.RoleAdmin})
}

// Seed loads the fixture reference data into s.
func Seed(t testing.TB, s Store) {
	t.Helper()
	if err := s.ReplaceReferenceData(Admin(), fixtureRegions(), fixtureCountries()); err != nil {
		t.Fatalf("ReplaceReferenceData: %v", err)
	}
	if err := s.ReplaceVocabularies(Admin(), fixtureVocabularies()); err != nil {
		t.Fatalf("ReplaceVocabularies: %v", err)
	}
}

// seedPractices loads reference data and the fixture practices.
func seedPractices(t *testing.T, s Store) []*lmo.Practice {
	t.Helper()
	Seed(t, s)
	ps := fixturePractices()
	for _, p := range ps {
		if err := s.CreatePractice(Admin(), p, "fixture"); err != nil {
			t.Fatalf("CreatePractice(%s): %v", p.Slug, err)
		}
	}
	return ps
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := lmo.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

func testCountries(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	got, err := s.FindCountries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range got {
		names = append(names, c.NameEN)
	}
	if want := []string{"Antarctica", "Canada", "Nepal", "Peru", "Philippines", "Qatar", "Spain"}; !slices.Equal(names, want) {
		t.Errorf("countries = %v, want %v", names, want)
	}
	pe, err := s.FindCountryByCode(ctx, "pe")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fixtureCountries()[0], pe); diff != "" {
		t.Errorf("FindCountryByCode(pe) (-want +got):\n%s", diff)
	}
	_, err = s.FindCountryByCode(ctx, "XX")
	wantCode(t, err, lmo.ENOTFOUND)

	regions, err := s.FindRegions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(regions) != len(fixtureRegions()) || regions[0].Kind != lmo.RegionILO {
		t.Errorf("regions = %d, first %+v; want %d with ILO regions first", len(regions), regions[0], len(fixtureRegions()))
	}

	// Replacing again is idempotent; dropping a used country conflicts.
	if err := s.CreatePractice(Admin(), fixturePractices()[0], ""); err != nil {
		t.Fatal(err)
	}
	fewer := fixtureCountries()[1:] // without PE: unused, may go
	if err := s.ReplaceReferenceData(Admin(), fixtureRegions(), fewer); err != nil {
		t.Fatalf("dropping an unused country: %v", err)
	}
	noPH := slices.DeleteFunc(fixtureCountries(), func(c *lmo.Country) bool { return c.Code == "PH" })
	wantCode(t, s.ReplaceReferenceData(Admin(), fixtureRegions(), noPH), lmo.ECONFLICT)
	wantCode(t, s.ReplaceReferenceData(context.Background(), fixtureRegions(), noPH), lmo.EUNAUTHORIZED)
}

func testVocabularies(t *testing.T, s Store) {
	ctx := context.Background()
	v0, err := s.ReferenceVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	Seed(t, s)
	v1, err := s.ReferenceVersion(ctx)
	if err != nil || v1 <= v0 {
		t.Errorf("reference version %d after seeding, %d before (%v): want it to move", v1, v0, err)
	}
	got, err := s.FindVocabularies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fixtureVocabularies(), got); diff != "" {
		t.Errorf("FindVocabularies (-want +got):\n%s", diff)
	}
	if err := s.CreatePractice(Admin(), fixturePractices()[0], ""); err != nil {
		t.Fatal(err)
	}
	vocabs := fixtureVocabularies()
	theme := vocabs[2]
	theme.Terms = theme.Terms[1:] // drops fair-recruitment, which a practice uses
	wantCode(t, s.ReplaceVocabularies(Admin(), []*lmo.Vocabulary{theme}), lmo.ECONFLICT)
	theme.Terms = append(fixtureVocabularies()[2].Terms[:1], &lmo.Term{Code: "new-theme", Label: "New"})
	if err := s.ReplaceVocabularies(Admin(), []*lmo.Vocabulary{theme}); err != nil {
		t.Fatalf("dropping unused terms: %v", err)
	}
	if v2, _ := s.ReferenceVersion(ctx); v2 <= v1 {
		t.Errorf("reference version %d after a change, %d before: want it to move", v2, v1)
	}
	got, _ = s.FindVocabularies(ctx)
	for _, v := range got {
		if v.ID == lmo.VocabTheme && len(v.Terms) != 2 {
			t.Errorf("theme terms = %d, want 2", len(v.Terms))
		}
	}
}

var ignoreStored = cmpopts.IgnoreFields(lmo.Practice{}, "ID", "Version", "CreatedAt", "UpdatedAt", "ReviewStatus", "Language")

func testCreateAndFind(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	p := fixturePractices()[0]
	if err := s.CreatePractice(Admin(), p, "first"); err != nil {
		t.Fatal(err)
	}
	if p.ID == 0 || p.Version != 1 || p.CreatedAt.IsZero() {
		t.Fatalf("created practice has ID %d, version %d, created %v", p.ID, p.Version, p.CreatedAt)
	}
	got, err := s.FindPracticeByID(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := fixturePractices()[0]
	if diff := cmp.Diff(want, got, ignoreStored, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("FindPracticeByID (-want +got):\n%s", diff)
	}
	if !got.CreatedAt.Equal(p.CreatedAt) || got.Version != 1 || got.ReviewStatus != lmo.ReviewPublished {
		t.Errorf("stored bookkeeping = %v/%d/%s, want %v/1/published", got.CreatedAt, got.Version, got.ReviewStatus, p.CreatedAt)
	}
	bySlug, err := s.FindPracticeBySlug(ctx, "ph-contract")
	if err != nil || bySlug.ID != p.ID {
		t.Fatalf("FindPracticeBySlug = %v, %v", bySlug, err)
	}
	_, err = s.FindPracticeByID(ctx, p.ID+1000)
	wantCode(t, err, lmo.ENOTFOUND)
	wantCode(t, s.CreatePractice(Admin(), fixturePractices()[0], ""), lmo.ECONFLICT)

	revs, err := s.PracticeRevisions(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 1 || revs[0].Author != "test-admin" || revs[0].Note != "first" || len(revs[0].Snapshot) == 0 {
		t.Errorf("revisions = %+v", revs)
	}
}

func testValidation(t *testing.T, s Store) {
	Seed(t, s)
	bad := fixturePractices()[0]
	bad.Title = " "
	bad.Countries = append(bad.Countries, lmo.PracticeCountry{Code: "ZZ", Role: "origin"})
	bad.Themes = []string{"no-such-theme"}
	bad.Sources = nil
	err := s.CreatePractice(Admin(), bad, "")
	wantCode(t, err, lmo.EINVALID)
	for _, part := range []string{"title is required", `unknown country "ZZ"`, `themes: unknown value "no-such-theme"`, "at least one source"} {
		if !contains(lmo.ErrorMessage(err), part) {
			t.Errorf("message %q lacks %q", lmo.ErrorMessage(err), part)
		}
	}
	res, err := s.SearchPractices(context.Background(), lmo.PracticeFilter{})
	if err != nil || res.Total != 0 {
		t.Fatalf("after a failed create: total %v, %v; want nothing written", res, err)
	}
}

func testRoles(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	wantCode(t, s.CreatePractice(ctx, fixturePractices()[0], ""), lmo.EUNAUTHORIZED)
	contributor := lmo.NewContextWithUser(ctx, &lmo.User{ID: 2, Name: "c", Role: lmo.RoleContributor})
	p := fixturePractices()[0]
	if err := s.CreatePractice(contributor, p, "submitted"); err != nil {
		t.Fatal(err)
	}
	if p.ReviewStatus != lmo.ReviewSubmitted {
		t.Errorf("a contributor's practice is %q, want submitted", p.ReviewStatus)
	}
	_, err := s.FindPracticeByID(ctx, p.ID)
	wantCode(t, err, lmo.ENOTFOUND) // not public until reviewed
	if res, _ := s.SearchPractices(ctx, lmo.PracticeFilter{Query: "contract"}); res.Total != 0 {
		t.Errorf("a submitted practice is searchable")
	}
	wantCode(t, s.UpdatePractice(contributor, p, ""), lmo.EFORBIDDEN)
	_, err = s.ImportPractices(contributor, lmo.PracticesOf(fixturePractices()), "")
	wantCode(t, err, lmo.EFORBIDDEN)
}

func testUpdate(t *testing.T, s Store) {
	ctx := context.Background()
	ps := seedPractices(t, s)
	p := ps[1]
	stale := *p
	p.Title = "Wage protection system, revised"
	p.Themes = []string{"wage-protection", "fair-recruitment"}
	if err := s.UpdatePractice(Admin(), p, "retitled"); err != nil {
		t.Fatal(err)
	}
	if p.Version != 2 {
		t.Errorf("version = %d, want 2", p.Version)
	}
	wantCode(t, s.UpdatePractice(Admin(), &stale, ""), lmo.ECONFLICT)
	got, _ := s.FindPracticeByID(ctx, p.ID)
	if got.Title != p.Title || !slices.Equal(got.Themes, p.Themes) {
		t.Errorf("after update: %q %v", got.Title, got.Themes)
	}
	res, err := s.SearchPractices(ctx, lmo.PracticeFilter{Query: "revised"})
	if err != nil || res.Total != 1 {
		t.Errorf("search for the new title: %+v, %v", res, err)
	}
	res, _ = s.SearchPractices(ctx, lmo.PracticeFilter{Facets: map[string][]string{lmo.FacetTheme: {"fair-recruitment"}}})
	if res.Total != 3 {
		t.Errorf("facet after update: total %d, want 3", res.Total)
	}
	revs, _ := s.PracticeRevisions(ctx, p.ID)
	if len(revs) != 2 || revs[0].Version != 2 || revs[0].Note != "retitled" {
		t.Errorf("revisions = %+v", revs)
	}
	renamed := *got
	renamed.Slug = "ph-contract"
	wantCode(t, s.UpdatePractice(Admin(), &renamed, ""), lmo.ECONFLICT)
}

func testImport(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	counts, err := s.ImportPractices(Admin(), lmo.PracticesOf(fixturePractices()), "import")
	if err != nil {
		t.Fatal(err)
	}
	if counts != (lmo.ImportCounts{Created: 6}) {
		t.Errorf("first import: %+v", counts)
	}
	changedAt, _ := s.PracticesChangedAt(ctx)
	counts, err = s.ImportPractices(Admin(), lmo.PracticesOf(fixturePractices()), "import")
	if err != nil || counts != (lmo.ImportCounts{Unchanged: 6}) {
		t.Errorf("second import: %+v, %v", counts, err)
	}
	if again, _ := s.PracticesChangedAt(ctx); !again.Equal(changedAt) {
		t.Errorf("an identical import changed the data: %v -> %v", changedAt, again)
	}
	next := fixturePractices()
	next[0].Summary = "A revised summary."
	bad := fixturePractices()[1]
	bad.Slug, bad.Status = "new-but-bad", "paused"
	_, err = s.ImportPractices(Admin(), lmo.PracticesOf(append(next, bad)), "import")
	wantCode(t, err, lmo.EINVALID)
	if !contains(lmo.ErrorMessage(err), "item 7") {
		t.Errorf("message %q does not name item 7", lmo.ErrorMessage(err))
	}
	if p, _ := s.FindPracticeBySlug(ctx, next[0].Slug); p.Summary == "A revised summary." {
		t.Errorf("a failed import wrote a change")
	}
	counts, err = s.ImportPractices(Admin(), lmo.PracticesOf(next), "import")
	if err != nil || counts != (lmo.ImportCounts{Updated: 1, Unchanged: 5}) {
		t.Errorf("changed import: %+v, %v", counts, err)
	}
}

func contains(s, sub string) bool {
	return len(sub) == 0 || (len(s) >= len(sub) && indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func slugs(res *lmo.PracticeResults) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Slug)
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

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
// selected but skip.
func (o *facetOracle) matches(i int, selected map[string][]string, skip string) bool {
	for facet, want := range selected {
		if facet == skip || len(want) == 0 {
			continue
		}
		if !slices.ContainsFunc(o.values[i][facet], func(x string) bool { return slices.Contains(want, x) }) {
			return false
		}
	}
	return true
}

func (o *facetOracle) total(selected map[string][]string) int {
	n := 0
	for i := range o.values {
		if o.matches(i, selected, "") {
			n++
		}
	}
	return n
}

func (o *facetOracle) counts(selected map[string][]string) map[string][]lmo.FacetCount {
	out := map[string][]lmo.FacetCount{}
	for _, facet := range lmo.Facets {
		counts := map[string]int{}
		for i := range o.values {
			if o.matches(i, selected, facet) {
				for _, x := range o.values[i][facet] {
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

func testSearchFacets(t *testing.T, s Store) {
	ctx := context.Background()
	oracle := newFacetOracle(seedPractices(t, s), fixtureCountries())
	selections := []map[string][]string{
		nil,
		{lmo.FacetCountry: {"QA"}},
		{lmo.FacetCountry: {"QA", "CA"}},
		{lmo.FacetRegion: {"asia-pacific"}, lmo.FacetTheme: {"fair-recruitment"}},
		{lmo.FacetStage: {"employment"}, lmo.FacetStatus: {"ongoing"}, lmo.FacetTargetGroup: {"domestic-workers", "women"}},
		{lmo.FacetGCM: {"6", "5"}, lmo.FacetOrgType: {"government"}},
		{lmo.FacetOrgType: {"ngo"}, lmo.FacetCountry: {"QA"}}, // empty result
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
	_, err := s.SearchPractices(ctx, lmo.PracticeFilter{Sort: "random"})
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
