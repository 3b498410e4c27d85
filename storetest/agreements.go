package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/sqlstore"
)

// RunAgreements is the conformance suite of the agreements module.
func RunAgreements(t *testing.T, open Opener) {
	runTests(t, open, []test{
		{"ImportAndFind", testAgreementsImportAndFind},
		{"ImportIsIdempotent", testAgreementsImportIdempotent},
		{"ImportUpdates", testAgreementsImportUpdates},
		{"ImportRejectsAndWritesNothing", testAgreementsImportRejects},
		{"Filters", testAgreementsFilters},
		{"BadFilters", testAgreementsBadFilters},
		{"Visibility", testAgreementsVisibility},
		{"Roles", testAgreementsRoles},
		{"Contribute", testAgreementsContribute},
		{"Copy", func(t *testing.T, s Store) { testAgreementsCopy(t, s, open(t)) }},
	})
}

// fixtureAgreements are made up for the tests, on the fixture countries:
// none is a real agreement.
func fixtureAgreements() []*lmo.Agreement {
	d := lmo.MustParseDate
	src := []lmo.Source{{Title: "Fixture source", Publisher: "LMO tests", URL: "https://example.org/fixture", Year: 2020}}
	return []*lmo.Agreement{
		{Slug: "es-ph-social-security", Title: "Fixture social security agreement of Spain and the Philippines", Type: lmo.AgreementSocialSecurity,
			Parties: []string{"PH", "ES"}, Signed: d("1988-05-20"), InForce: d("1989-05-01"),
			Branches: []string{lmo.BranchSurvivors, lmo.BranchOldAge, lmo.BranchInvalidity}, BenefitsAbroad: lmo.Yes, Totalisation: lmo.Yes,
			Summary: "A fixture.", Sources: src, FactsChecked: "2025-01-31"},
		{Slug: "ca-ph-social-security", Title: "Fixture social security agreement of Canada and the Philippines", Type: lmo.AgreementSocialSecurity,
			Parties: []string{"CA", "PH"}, Signed: d("1994-09-09"), InForce: d("1997-03-01"),
			Branches: []string{lmo.BranchOldAge, lmo.BranchEmploymentInjury}, Totalisation: lmo.Yes, Sources: src},
		{Slug: "np-qa-labour", Title: "Fixture labour agreement of Nepal and Qatar", Type: lmo.AgreementLabour,
			Parties: []string{"NP", "QA"}, Signed: d("2005-03-21"), InForce: d("2005"), DomesticWorkers: lmo.No,
			Workers: "Workers recruited in Nepal", Sources: src},
		{Slug: "fixture-regional", Title: "Fixture regional convention", Type: lmo.AgreementSocialSecurity, Regional: "IBERO",
			Parties: []string{"PE", "ES", "CA"}, Signed: d("1999-06"), InForce: d("2000-01-01"), Ended: d("2010"),
			Branches: []string{lmo.BranchOldAge}, Sources: src},
		{Slug: "ph-qa-mou", Title: "Fixture memorandum of Qatar and the Philippines", Type: lmo.AgreementMOU,
			Parties: []string{"QA", "PH"}, Signed: d("2012"), Sources: src},
	}
}

func importAgreements(t *testing.T, s Store, as []*lmo.Agreement) lmo.ImportCounts {
	t.Helper()
	counts, err := s.ImportAgreements(Admin(), as, "fixture")
	if err != nil {
		t.Fatalf("ImportAgreements: %v", err)
	}
	return counts
}

// findAgreements returns the slugs of the agreements f selects in ctx.
func findAgreements(t *testing.T, s Store, ctx context.Context, f lmo.AgreementFilter) string {
	t.Helper()
	found, err := s.FindAgreements(ctx, f)
	if err != nil {
		t.Fatalf("FindAgreements(%+v): %v", f, err)
	}
	var slugs []string
	for _, a := range found {
		slugs = append(slugs, a.Slug)
	}
	return strings.Join(slugs, " ")
}

// ignoreStored leaves out what the store sets.
var ignoreAgreementStored = cmpopts.IgnoreFields(lmo.Agreement{}, "ID", "Version", "CreatedAt", "UpdatedAt", "ReviewStatus")

func testAgreementsImportAndFind(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	if counts := importAgreements(t, s, fixtureAgreements()); counts != (lmo.ImportCounts{Created: 5}) {
		t.Errorf("counts %+v", counts)
	}
	if got, want := findAgreements(t, s, ctx, lmo.AgreementFilter{}),
		"ph-qa-mou np-qa-labour fixture-regional ca-ph-social-security es-ph-social-security"; got != want {
		t.Errorf("order %q, want %q (newest signature first)", got, want)
	}
	for _, want := range fixtureAgreements() {
		got, err := s.FindAgreement(ctx, want.Slug)
		if err != nil {
			t.Fatal(err)
		}
		want.Normalize()
		if diff := cmp.Diff(want, got, ignoreAgreementStored); diff != "" {
			t.Errorf("%s read back (-want +got):\n%s", want.Slug, diff)
		}
		if got.Version != 1 || got.ReviewStatus != lmo.ReviewPublished || got.ID == 0 || got.CreatedAt.IsZero() {
			t.Errorf("%s: version %d, status %q, id %d, created %v", got.Slug, got.Version, got.ReviewStatus, got.ID, got.CreatedAt)
		}
		revs, err := s.Revisions(ctx, lmo.KindAgreement, got.ID)
		if err != nil || len(revs) != 1 {
			t.Errorf("revisions of %s: %d, %v", got.Slug, len(revs), err)
		}
	}
	_, err := s.FindAgreement(ctx, "no-such-agreement")
	wantCode(t, err, lmo.ENOTFOUND)
	if v, err := s.AgreementsVersion(ctx); err != nil || v == 0 {
		t.Errorf("AgreementsVersion = %d, %v after an import", v, err)
	}
}

func testAgreementsImportIdempotent(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	importAgreements(t, s, fixtureAgreements())
	before, _ := s.Database().DataVersions(ctx)
	if counts := importAgreements(t, s, fixtureAgreements()); counts != (lmo.ImportCounts{Unchanged: 5}) {
		t.Errorf("second import: %+v", counts)
	}
	if after, _ := s.Database().DataVersions(ctx); after != before {
		t.Errorf("an import that changed nothing moved %+v to %+v", before, after)
	}
	a, err := s.FindAgreement(ctx, "es-ph-social-security")
	if err != nil {
		t.Fatal(err)
	}
	if revs, _ := s.Revisions(ctx, lmo.KindAgreement, a.ID); len(revs) != 1 || a.Version != 1 {
		t.Errorf("an unchanged import wrote: version %d, %d revisions", a.Version, len(revs))
	}
}

func testAgreementsImportUpdates(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	importAgreements(t, s, fixtureAgreements())
	before, _ := s.Database().DataVersions(ctx)
	changed := fixtureAgreements()
	changed[1].Branches = append(changed[1].Branches, lmo.BranchSurvivors)
	changed[1].Sources = append(changed[1].Sources, lmo.Source{Title: "Second", URL: "https://example.org/second"})
	if counts := importAgreements(t, s, changed); counts != (lmo.ImportCounts{Updated: 1, Unchanged: 4}) {
		t.Errorf("counts %+v", counts)
	}
	after, _ := s.Database().DataVersions(ctx)
	if after.Agreements <= before.Agreements || after.Practices != before.Practices || after.Standards != before.Standards {
		t.Errorf("an update moved %+v to %+v", before, after)
	}
	a, err := s.FindAgreement(ctx, "ca-ph-social-security")
	if err != nil {
		t.Fatal(err)
	}
	if a.Version != 2 || strings.Join(a.Branches, " ") != "old-age employment-injury survivors" || len(a.Sources) != 2 {
		t.Errorf("updated: version %d, branches %v, %d sources", a.Version, a.Branches, len(a.Sources))
	}
	revs, err := s.Revisions(ctx, lmo.KindAgreement, a.ID)
	if err != nil || len(revs) != 2 || revs[0].Version != 2 {
		t.Errorf("revisions: %d, %v", len(revs), err)
	}
}

func testAgreementsImportRejects(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	for name, spoil := range map[string]func([]*lmo.Agreement){
		"unknown party":  func(as []*lmo.Agreement) { as[2].Parties = []string{"NP", "ZZ"} },
		"twice the slug": func(as []*lmo.Agreement) { as[2].Slug = as[0].Slug },
		"no source":      func(as []*lmo.Agreement) { as[2].Sources = nil },
		"bad branch":     func(as []*lmo.Agreement) { as[2].Branches = []string{"pensions"} },
	} {
		as := fixtureAgreements()
		spoil(as)
		_, err := s.ImportAgreements(Admin(), as, "bad")
		wantCode(t, err, lmo.EINVALID)
		if msg := lmo.ErrorMessage(err); !strings.Contains(msg, "item 3") {
			t.Errorf("%s: the error does not name the item: %s", name, msg)
		}
		if got := findAgreements(t, s, ctx, lmo.AgreementFilter{}); got != "" {
			t.Errorf("%s: a failed import wrote %q", name, got)
		}
	}
	if v, _ := s.AgreementsVersion(ctx); v != 0 {
		t.Errorf("failed imports moved the version to %d", v)
	}
}

func testAgreementsFilters(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	importAgreements(t, s, fixtureAgreements())
	d := lmo.MustParseDate
	for _, tt := range []struct {
		f    lmo.AgreementFilter
		want string
	}{
		{lmo.AgreementFilter{Country: "PH"}, "ph-qa-mou ca-ph-social-security es-ph-social-security"},
		{lmo.AgreementFilter{Country: "ph"}, "ph-qa-mou ca-ph-social-security es-ph-social-security"},
		{lmo.AgreementFilter{Country: "PH", Partner: "QA"}, "ph-qa-mou"},
		{lmo.AgreementFilter{Country: "AQ"}, ""},
		{lmo.AgreementFilter{Type: lmo.AgreementLabour}, "np-qa-labour"},
		{lmo.AgreementFilter{Type: lmo.AgreementSocialSecurity, Country: "ES"}, "fixture-regional es-ph-social-security"},
		{lmo.AgreementFilter{Branch: lmo.BranchOldAge}, "fixture-regional ca-ph-social-security es-ph-social-security"},
		{lmo.AgreementFilter{Branch: lmo.BranchEmploymentInjury}, "ca-ph-social-security"},
		{lmo.AgreementFilter{Regional: "bilateral"}, "ph-qa-mou np-qa-labour ca-ph-social-security es-ph-social-security"},
		{lmo.AgreementFilter{Regional: "ibero"}, "fixture-regional"},
		// In force on a day: the labour agreement's entry into force is
		// known to its year only (Unknown in June 2005, kept); the regional
		// one ended in 2010 (Unknown in 2010, gone in 2011); the MOU never
		// entered into force.
		{lmo.AgreementFilter{InForceOn: d("2005-06-01")}, "np-qa-labour fixture-regional ca-ph-social-security es-ph-social-security"},
		{lmo.AgreementFilter{InForceOn: d("2004-12-31")}, "fixture-regional ca-ph-social-security es-ph-social-security"},
		{lmo.AgreementFilter{InForceOn: d("2010-06-01")}, "np-qa-labour fixture-regional ca-ph-social-security es-ph-social-security"},
		{lmo.AgreementFilter{InForceOn: d("2011-01-01")}, "np-qa-labour ca-ph-social-security es-ph-social-security"},
		{lmo.AgreementFilter{InForceOn: d("1989-04-30")}, ""},
		{lmo.AgreementFilter{InForceOn: d("1989-05-01"), Country: "PH"}, "es-ph-social-security"},
	} {
		if got := findAgreements(t, s, ctx, tt.f); got != tt.want {
			t.Errorf("%+v: got %q, want %q", tt.f, got, tt.want)
		}
	}
	// The store's answer agrees with lmo.Agreement.InForceOn.
	all, _ := s.FindAgreements(ctx, lmo.AgreementFilter{})
	for _, day := range []string{"1989-05-01", "2005-01-01", "2010-12-31", "2011-01-01"} {
		var want []string
		for _, a := range all {
			if a.InForceOn(d(day)) != lmo.No {
				want = append(want, a.Slug)
			}
		}
		if got := findAgreements(t, s, ctx, lmo.AgreementFilter{InForceOn: d(day)}); got != strings.Join(want, " ") {
			t.Errorf("in force on %s: store %q, InForceOn %q", day, got, strings.Join(want, " "))
		}
	}
}

func testAgreementsBadFilters(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	for _, f := range []lmo.AgreementFilter{
		{Country: "Philippines"}, {Partner: "P1"}, {Type: "treaty"}, {Branch: "pensions"}, {InForceOn: lmo.MustParseDate("2005")},
	} {
		_, err := s.FindAgreements(ctx, f)
		wantCode(t, err, lmo.EINVALID)
	}
}

func testAgreementsVisibility(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	importAgreements(t, s, fixtureAgreements())
	a, err := s.FindAgreement(ctx, "np-qa-labour")
	if err != nil {
		t.Fatal(err)
	}
	findAgreements(t, s, ctx, lmo.AgreementFilter{}) // fills the public cache
	before, _ := s.AgreementsVersion(ctx)
	it, err := s.Act(as(editorE), lmo.KindAgreement, a.ID, a.Version, lmo.ActionUnpublish, "to be checked")
	if err != nil {
		t.Fatal(err)
	}
	if it.Status != lmo.ReviewDraft || it.Version != 2 {
		t.Errorf("after unpublish: %+v", it)
	}
	if after, _ := s.AgreementsVersion(ctx); after <= before {
		t.Errorf("unpublishing did not move the version (%d, %d)", before, after)
	}
	if got := findAgreements(t, s, ctx, lmo.AgreementFilter{Country: "NP"}); got != "" {
		t.Errorf("the public still finds the unpublished agreement: %q", got)
	}
	if got := findAgreements(t, s, ctx, lmo.AgreementFilter{}); strings.Contains(got, "np-qa-labour") {
		t.Errorf("the public list still has the unpublished agreement: %q", got)
	}
	_, err = s.FindAgreement(ctx, "np-qa-labour")
	wantCode(t, err, lmo.ENOTFOUND)
	_, err = s.FindAgreement(as(contributorC), "np-qa-labour")
	wantCode(t, err, lmo.ENOTFOUND)
	if got := findAgreements(t, s, as(editorE), lmo.AgreementFilter{Country: "NP"}); got != "np-qa-labour" {
		t.Errorf("an editor finds %q", got)
	}
	if got, err := s.FindAgreement(as(editorE), "np-qa-labour"); err != nil || got.ReviewStatus != lmo.ReviewDraft || got.Version != 2 {
		t.Errorf("an editor reads %+v, %v", got, err)
	}
	if _, err := s.FindReviewItem(as(editorE), lmo.KindAgreement, a.ID); err != nil {
		t.Errorf("FindReviewItem: %v", err)
	}
	// Submitted, it waits in the review queue; published again, everyone
	// sees it.
	act := func(action string, version int) {
		t.Helper()
		if _, err := s.Act(as(editorE), lmo.KindAgreement, a.ID, version, action, ""); err != nil {
			t.Fatalf("%s: %v", action, err)
		}
	}
	act(lmo.ActionSubmit, 2)
	queue, err := s.ReviewQueue(as(editorE))
	if err != nil || len(queue) != 1 || queue[0].Kind != lmo.KindAgreement || queue[0].Slug != "np-qa-labour" {
		t.Errorf("review queue: %v, %v", queue, err)
	}
	act(lmo.ActionPublish, 3)
	if got := findAgreements(t, s, ctx, lmo.AgreementFilter{Country: "NP"}); got != "np-qa-labour" {
		t.Errorf("published again, the public finds %q", got)
	}
	revs, _ := s.Revisions(as(editorE), lmo.KindAgreement, a.ID)
	if len(revs) != 4 {
		t.Errorf("%d revisions after import, unpublish, submit and publish", len(revs))
	}
	// Restoring version 1 writes its content as version 5, published.
	if err := s.Restore(as(editorE), lmo.KindAgreement, a.ID, 4, 1, "back"); err != nil {
		t.Fatalf("Restore: %v", err)
	}
	got, err := s.FindAgreement(ctx, "np-qa-labour")
	if err != nil || got.Version != 5 || !got.SameContent(a) || got.ReviewStatus != lmo.ReviewPublished {
		t.Errorf("after restore: %+v, %v", got, err)
	}
}

func testAgreementsRoles(t *testing.T, s Store) {
	Seed(t, s)
	_, err := s.ImportAgreements(context.Background(), fixtureAgreements(), "anonymous")
	wantCode(t, err, lmo.EUNAUTHORIZED)
	_, err = s.ImportAgreements(as(contributorC), fixtureAgreements(), "contributor")
	wantCode(t, err, lmo.EFORBIDDEN)
}

// testAgreementsCopy copies a store with agreements into an empty one.
func testAgreementsCopy(t *testing.T, src, dst Store) {
	ctx := context.Background()
	Seed(t, src)
	importAgreements(t, src, fixtureAgreements())
	if _, err := sqlstore.Copy(ctx, src.Database(), dst.Database(), false); err != nil {
		t.Fatal(err)
	}
	want, _ := src.FindAgreements(ctx, lmo.AgreementFilter{})
	got, err := dst.FindAgreements(ctx, lmo.AgreementFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("agreements of the copy (-want +got):\n%s", diff)
	}
	if v, _ := dst.Database().DataVersions(ctx); v.Agreements == 0 {
		t.Error("a copy did not move the target's agreements version")
	}
}
