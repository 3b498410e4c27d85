package storetest

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/lmo-observatory/lmo"
)

// RunPractices tests the service of practices: writes, imports, revisions, search, facets and statistics.
func RunPractices(t *testing.T, open Opener) {
	runTests(t, open, []test{
		{"CreateAndFind", testCreateAndFind},
		{"Validation", testValidation},
		{"UnstorableText", testUnstorableText},
		{"Roles", testRoles},
		{"Update", testUpdate},
		{"Details", testDetails},
		{"Import", testImport},
		{"SearchText", testSearchText},
		{"SearchFacets", testSearchFacets},
		{"SearchPagingAndSort", testSearchPagingAndSort},
		{"SearchFilters", testSearchFilters},
		{"Stats", testStats},
		{"RebuildIndexes", testRebuildIndexes},
	})
}

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

// testUnstorableText: text that either database cannot store (NUL, invalid
// UTF-8) or that no page should carry (control characters, line breaks in a
// title, megabytes of summary), an unknown review status and a language that
// is not a BCP 47 tag are refused on both databases alike, naming the field,
// and nothing is written; a valid tag is stored in canonical form.
func testUnstorableText(t *testing.T, s Store) {
	Seed(t, s)
	for _, tt := range []struct {
		change func(p *lmo.Practice)
		want   string
	}{
		{func(p *lmo.Practice) { p.Title = "a\x00b" }, "title holds the control character U+0000 at character 2"},
		{func(p *lmo.Practice) { p.Summary = "caf\xe9" }, "summary is not valid UTF-8"},
		{func(p *lmo.Practice) { p.Title = "two\nlines" }, "title must be one line"},
		{func(p *lmo.Practice) { p.Description = "bell\a" }, "description holds the control character U+0007"},
		{func(p *lmo.Practice) { p.Summary = strings.Repeat("é", lmo.MaxSummary+1) }, "summary is 1001 characters long"},
		{func(p *lmo.Practice) { p.Organisations[0].Name = "x\x00" }, "organisation 1 name holds the control character"},
		{func(p *lmo.Practice) { p.Sources[0].Publisher = "\xff" }, "source 1 publisher is not valid UTF-8"},
		{func(p *lmo.Practice) { p.ReviewStatus = "bogus" }, `review_status "bogus"`},
		{func(p *lmo.Practice) { p.Language = "english please" }, `language "english please" is not a BCP 47`},
		{func(p *lmo.Practice) { p.Contact = &lmo.Contact{Email: "Desk <desk@x.example>"} }, `contact email "Desk <desk@x.example>" is not an email address`},
		{func(p *lmo.Practice) { p.Contact = &lmo.Contact{URL: "javascript:alert(1)"} }, "contact url must be an http:// or https:// address"},
		{func(p *lmo.Practice) { p.Sources[0].URL = "/relative" }, "source 1: URL must be an http:// or https:// address"},
		{func(p *lmo.Practice) { p.Lessons = strings.Repeat("x", lmo.MaxResults+1) }, "lessons is 20001 characters long"},
		{func(p *lmo.Practice) { p.Lessons = "nul\x00" }, "lessons holds the control character U+0000"},
		{func(p *lmo.Practice) { p.Evaluations = []lmo.Source{{Title: " "}} }, "evaluation 1 has no title"},
		{func(p *lmo.Practice) { p.Evaluations = []lmo.Source{{Title: "E", URL: "ftp://x.example/e"}} }, "evaluation 1: URL must be an http:// or https:// address"},
		{func(p *lmo.Practice) { p.Evaluations = []lmo.Source{{Title: "E", Year: 1066}} }, "evaluation 1: year 1066 is out of range"},
		{func(p *lmo.Practice) { p.Evaluations = []lmo.Source{{Title: "two\nlines"}} }, "evaluation 1 title must be one line"},
		{func(p *lmo.Practice) { p.Contact = &lmo.Contact{Organisation: "a\x07b"} }, "contact organisation holds the control character U+0007"},
		{func(p *lmo.Practice) { p.FactsChecked = "14/03/2025" }, `facts_checked "14/03/2025" is not a date written YYYY-MM-DD`},
		{func(p *lmo.Practice) { p.FactsChecked = "2025-02-30" }, `facts_checked "2025-02-30" is not a date`},
		{func(p *lmo.Practice) { p.FactsChecked = "1989-12-31" }, "facts_checked 1989-12-31 is before 1990"},
		{func(p *lmo.Practice) { p.FactsChecked = time.Now().AddDate(0, 0, 3).Format(time.DateOnly) }, "is in the future"},
	} {
		p := fixturePractices()[0]
		tt.change(p)
		err := s.CreatePractice(Admin(), p, "")
		wantCode(t, err, lmo.EINVALID)
		if !contains(lmo.ErrorMessage(err), tt.want) {
			t.Errorf("message %q lacks %q", lmo.ErrorMessage(err), tt.want)
		}
		_, err = s.ImportPractices(Admin(), lmo.PracticesOf([]*lmo.Practice{p}), "")
		if !contains(lmo.ErrorMessage(err), "item 1: ") || !contains(lmo.ErrorMessage(err), tt.want) {
			t.Errorf("import: message %q lacks the item and %q", lmo.ErrorMessage(err), tt.want)
		}
	}
	if res, err := s.SearchPractices(context.Background(), lmo.PracticeFilter{}); err != nil || res.Total != 0 {
		t.Fatalf("after refused writes: %v, %v; want nothing written", res, err)
	}
	p := fixturePractices()[0]
	p.Language = "PT-br"
	p.Contact = &lmo.Contact{Name: " Labour Migration Desk ", Email: "desk@labour.example", URL: "https://labour.example/desk"}
	if err := s.CreatePractice(Admin(), p, ""); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindPracticeByID(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Language != "pt-BR" {
		t.Errorf("language stored as %q, want pt-BR", got.Language)
	}
	if want := (lmo.Contact{Name: "Labour Migration Desk", Email: "desk@labour.example", URL: "https://labour.example/desk"}); got.Contact == nil || *got.Contact != want {
		t.Errorf("contact stored as %+v, want %+v", got.Contact, want)
	}
	// A contact of empty fields is no contact.
	got.Contact = &lmo.Contact{Name: " "}
	if err := s.UpdatePractice(Admin(), got, ""); err != nil || got.Contact != nil {
		t.Errorf("an empty contact: %+v, %v", got.Contact, err)
	}
}

// testDetails: lessons, evaluations, the contact's organisation and the
// date the facts were checked are stored, read back, carried by revisions,
// changed and cleared by updates, left alone by an identical import, and
// lessons are searchable.
func testDetails(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	p := fixturePractices()[0]
	if err := s.CreatePractice(Admin(), p, ""); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindPracticeByID(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := fixturePractices()[0]
	if got.Lessons != want.Lessons || got.FactsChecked != "2025-03-14" || got.Contact == nil || *got.Contact != *want.Contact ||
		!slices.Equal(got.Evaluations, want.Evaluations) {
		t.Errorf("stored details = %q, %q, %+v, %+v", got.Lessons, got.FactsChecked, got.Contact, got.Evaluations)
	}
	if d, ok := got.FactsCheckedDate(); !ok || d.Year() != 2025 || d.Month() != time.March {
		t.Errorf("FactsCheckedDate = %v, %v", d, ok)
	}
	revs, err := s.PracticeRevisions(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	var snap lmo.Practice
	if err := json.Unmarshal(revs[0].Snapshot, &snap); err != nil {
		t.Fatal(err)
	}
	if snap.Lessons != want.Lessons || snap.FactsChecked != want.FactsChecked || len(snap.Evaluations) != 2 ||
		snap.Contact == nil || snap.Contact.Organisation != want.Contact.Organisation {
		t.Errorf("revision snapshot lacks the details: %s", revs[0].Snapshot)
	}
	if res, err := s.SearchPractices(ctx, lmo.PracticeFilter{Query: "interpreters"}); err != nil || res.Total != 1 {
		t.Errorf("search for a word of the lessons: %+v, %v", res, err)
	}

	got.Lessons, got.Evaluations, got.FactsChecked = "", nil, ""
	got.Contact = &lmo.Contact{Organisation: "Ministry of Labour"}
	if err := s.UpdatePractice(Admin(), got, "cleared"); err != nil {
		t.Fatal(err)
	}
	after, _ := s.FindPracticeByID(ctx, p.ID)
	if after.Lessons != "" || after.Evaluations != nil || after.FactsChecked != "" ||
		after.Contact == nil || *after.Contact != (lmo.Contact{Organisation: "Ministry of Labour"}) {
		t.Errorf("after clearing: %q, %+v, %q, %+v", after.Lessons, after.Evaluations, after.FactsChecked, after.Contact)
	}

	counts, err := s.ImportPractices(Admin(), lmo.PracticesOf(fixturePractices()[:1]), "")
	if err != nil || counts != (lmo.ImportCounts{Updated: 1}) {
		t.Fatalf("import restoring the details: %+v, %v", counts, err)
	}
	counts, err = s.ImportPractices(Admin(), lmo.PracticesOf(fixturePractices()[:1]), "")
	if err != nil || counts != (lmo.ImportCounts{Unchanged: 1}) {
		t.Errorf("identical import: %+v, %v", counts, err)
	}
	changed := fixturePractices()[:1]
	changed[0].FactsChecked = "2025-04-01"
	if counts, err = s.ImportPractices(Admin(), lmo.PracticesOf(changed), ""); err != nil || counts != (lmo.ImportCounts{Updated: 1}) {
		t.Errorf("import with a new facts_checked date: %+v, %v", counts, err)
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
	other := lmo.NewContextWithUser(ctx, &lmo.User{ID: 3, Name: "d", Role: lmo.RoleContributor})
	wantCode(t, s.UpdatePractice(other, p, ""), lmo.ENOTFOUND) // another's submission does not exist for them
	p.ReviewStatus = lmo.ReviewPublished                       // an edit keeps the stored status
	if err := s.UpdatePractice(contributor, p, "owner's edit"); err != nil {
		t.Fatalf("the owner edits a submitted practice: %v", err)
	}
	if p.ReviewStatus != lmo.ReviewSubmitted {
		t.Errorf("after the owner's edit the practice is %q, want submitted", p.ReviewStatus)
	}
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
