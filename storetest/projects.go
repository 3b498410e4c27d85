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

// RunProjects is the conformance suite of the projects and organisations
// module.
func RunProjects(t *testing.T, open Opener) {
	runTests(t, open, []test{
		{"ImportAndFind", testProjectsImportAndFind},
		{"Filters", testProjectsFilters},
		{"ImportIsIdempotent", testProjectsImportIdempotent},
		{"ImportUpdates", testProjectsImportUpdates},
		{"ImportRejectsAndWritesNothing", testProjectsImportRejects},
		{"Roles", testProjectsRoles},
		{"Contribute", testProjectsContribute},
		{"Workflow", testProjectsWorkflow},
		{"Copy", func(t *testing.T, s Store) { testProjectsCopy(t, s, open(t)) }},
	})
}

// fixtureDirectory returns test organisations and projects (made up for the
// tests, on the fixture countries, practices and vocabularies).
func fixtureDirectory() lmo.Directory {
	d := lmo.MustParseDate
	src := []lmo.Source{{Title: "storetest fixture source", URL: "https://example.org/fixture", Year: 2020}}
	return lmo.Directory{
		Organisations: []*lmo.Organisation{
			{Slug: "ilo", Name: "International Labour Organization", Acronym: "ILO", Type: "international-organisation",
				Website: "https://example.org/ilo", Summary: "A fixture agency.", Sources: src,
				Memberships: []lmo.Membership{{Of: "gmg", Joined: d("2006"), Source: &lmo.Source{Title: "Members", URL: "https://example.org/gmg"}}}},
			{Slug: "eu", Name: "European Union", Acronym: "EU", Type: "international-organisation", Sources: src},
			{Slug: "gmg", Name: "Global Migration Group", Acronym: "GMG", Type: "international-organisation", Sources: src},
			{Slug: "msn", Name: "Migrant Support Network", Type: "ngo", Country: "PE", Sources: src,
				Memberships: []lmo.Membership{{Of: "gmg", Joined: d("2008-03"), Left: d("2012")}}},
		},
		Projects: []*lmo.Project{
			{Slug: "gap-mdw", Title: "Global action for domestic workers", Acronym: "GAP-MDW", Summary: "Fixture.",
				Countries: []string{"PH", "NP"}, Donors: []string{"eu"}, Implementers: []string{"ilo"},
				Start: d("2013-01"), End: d("2016-12"), Budget: &lmo.Budget{Amount: 3500000, Currency: "EUR"},
				Themes: []string{"fair-recruitment"}, Practices: []string{"np-fee-free"}, Instruments: []string{"C189"}, Sources: src},
			{Slug: "global-fair", Title: "Fair recruitment everywhere", Global: true, Implementers: []string{"ilo", "gmg"},
				Start: d("2019"), Themes: []string{"fair-recruitment", "regular-pathways"}, Sources: src},
			{Slug: "pe-return", Title: "Return support", Countries: []string{"PE"}, Donors: []string{"ilo"}, Implementers: []string{"msn"},
				Start: d("2010-05-01"), End: d("2012"), Themes: []string{"social-protection"}, Practices: []string{"pe-return"},
				Sources: src, FactsChecked: "2024-02-29"},
		},
	}
}

func importDirectory(t *testing.T, s Store, d lmo.Directory) lmo.DirectoryImportCounts {
	t.Helper()
	counts, err := s.ImportDirectory(Admin(), d, "fixture")
	if err != nil {
		t.Fatalf("ImportDirectory: %v", err)
	}
	return counts
}

// ignoreStoredProject ignores what the store sets.
var ignoreStoredProject = cmpopts.IgnoreFields(lmo.Project{}, "ID", "Version", "CreatedAt", "UpdatedAt", "ReviewStatus")

func slugsOf(ps []*lmo.Project) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Slug)
	}
	return strings.Join(out, " ")
}

func testProjectsImportAndFind(t *testing.T, s Store) {
	ctx := context.Background()
	seedPractices(t, s)
	counts := importDirectory(t, s, fixtureDirectory())
	if counts.Organisations.Created != 4 || counts.Projects.Created != 3 {
		t.Errorf("counts %+v", counts)
	}
	orgs, err := s.FindOrganisations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range orgs {
		names = append(names, o.Slug)
	}
	if strings.Join(names, " ") != "eu gmg ilo msn" {
		t.Errorf("organisations %v, want by name", names)
	}
	ilo, err := s.FindOrganisation(ctx, "ilo")
	if err != nil {
		t.Fatal(err)
	}
	want := fixtureDirectory().Organisations[0]
	if diff := cmp.Diff(want, ilo, cmpopts.IgnoreFields(lmo.Organisation{}, "ID", "Version", "CreatedAt", "UpdatedAt")); diff != "" {
		t.Errorf("organisation (-want +got):\n%s", diff)
	}
	if ilo.Version != 1 || ilo.CreatedAt.IsZero() {
		t.Errorf("stored organisation %+v", ilo)
	}
	msn, _ := s.FindOrganisation(ctx, "msn")
	if m := msn.Memberships; len(m) != 1 || m[0].Left.String() != "2012" || m[0].Source != nil {
		t.Errorf("membership read back as %+v", m)
	}
	_, err = s.FindOrganisation(ctx, "who")
	wantCode(t, err, lmo.ENOTFOUND)

	p, err := s.FindProject(ctx, "gap-mdw")
	if err != nil {
		t.Fatal(err)
	}
	wantP := fixtureDirectory().Projects[0]
	wantP.Normalize()
	if diff := cmp.Diff(wantP, p, ignoreStoredProject); diff != "" {
		t.Errorf("project (-want +got):\n%s", diff)
	}
	if p.ReviewStatus != lmo.ReviewPublished || p.Version != 1 {
		t.Errorf("imported project is %s version %d", p.ReviewStatus, p.Version)
	}
	_, err = s.FindProject(ctx, "nope")
	wantCode(t, err, lmo.ENOTFOUND)
	all, err := s.FindProjects(ctx, lmo.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := slugsOf(all); got != "global-fair gap-mdw pe-return" {
		t.Errorf("projects %q, want the newest start first", got)
	}
	revs, err := s.Revisions(Admin(), lmo.KindProject, p.ID)
	if err != nil || len(revs) != 1 || revs[0].Note != "fixture" {
		t.Errorf("revisions %v, %v", revs, err)
	}
}

func testProjectsFilters(t *testing.T, s Store) {
	seedPractices(t, s)
	importDirectory(t, s, fixtureDirectory())
	d := lmo.MustParseDate
	tests := []struct {
		name string
		f    lmo.ProjectFilter
		want string
	}{
		{"country", lmo.ProjectFilter{Country: "PH"}, "gap-mdw"},
		{"country in lower case", lmo.ProjectFilter{Country: "pe"}, "pe-return"},
		{"country none works in", lmo.ProjectFilter{Country: "CA"}, ""},
		{"donor", lmo.ProjectFilter{Organisation: "eu"}, "gap-mdw"},
		{"donor or implementer", lmo.ProjectFilter{Organisation: "ilo"}, "global-fair gap-mdw pe-return"},
		{"a member is not a party", lmo.ProjectFilter{Organisation: "gmg"}, "global-fair"},
		{"theme", lmo.ProjectFilter{Theme: "fair-recruitment"}, "global-fair gap-mdw"},
		{"practice", lmo.ProjectFilter{Practice: "pe-return"}, "pe-return"},
		{"instrument in any case", lmo.ProjectFilter{Instrument: "c189"}, "gap-mdw"},
		{"active on a day", lmo.ProjectFilter{ActiveOn: d("2015-06-01")}, "gap-mdw"},
		{"active on its last day", lmo.ProjectFilter{ActiveOn: d("2016-12-31")}, "gap-mdw"},
		{"active the day after", lmo.ProjectFilter{ActiveOn: d("2017-01-01")}, ""},
		{"active with no end", lmo.ProjectFilter{ActiveOn: d("2030-01-01")}, "global-fair"},
		{"active in a year", lmo.ProjectFilter{ActiveOn: d("2012")}, "pe-return"},
		{"before it started", lmo.ProjectFilter{ActiveOn: d("2010-04-30")}, ""},
		{"two filters", lmo.ProjectFilter{Organisation: "ilo", Theme: "social-protection"}, "pe-return"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 2 { // the second read comes from the cache
				got, err := s.FindProjects(context.Background(), tt.f)
				if err != nil {
					t.Fatal(err)
				}
				if slugsOf(got) != tt.want {
					t.Errorf("FindProjects(%+v) = %q, want %q", tt.f, slugsOf(got), tt.want)
				}
			}
		})
	}
}

func testProjectsImportIdempotent(t *testing.T, s Store) {
	ctx := context.Background()
	seedPractices(t, s)
	importDirectory(t, s, fixtureDirectory())
	v1, _ := s.ProjectsVersion(ctx)
	counts := importDirectory(t, s, fixtureDirectory())
	if counts.Organisations.Unchanged != 4 || counts.Projects.Unchanged != 3 || changed(counts) {
		t.Errorf("second import %+v", counts)
	}
	if v2, _ := s.ProjectsVersion(ctx); v2 != v1 || v1 == 0 {
		t.Errorf("an import that changed nothing moved the version from %d to %d", v1, v2)
	}
	p, _ := s.FindProject(ctx, "gap-mdw")
	if revs, _ := s.Revisions(Admin(), lmo.KindProject, p.ID); len(revs) != 1 {
		t.Errorf("%d revisions after an unchanged import", len(revs))
	}
}

func changed(c lmo.DirectoryImportCounts) bool {
	return c.Organisations.Created+c.Organisations.Updated+c.Projects.Created+c.Projects.Updated > 0
}

func testProjectsImportUpdates(t *testing.T, s Store) {
	ctx := context.Background()
	seedPractices(t, s)
	importDirectory(t, s, fixtureDirectory())
	before, _ := s.Database().DataVersions(ctx)
	d := fixtureDirectory()
	d.Projects[0].Title = "Global action, renamed"
	d.Projects[0].Budget = nil
	d.Organisations[1].Summary = "Changed."
	d.Organisations[0].Memberships = nil
	counts := importDirectory(t, s, d)
	if counts.Projects.Updated != 1 || counts.Projects.Unchanged != 2 || counts.Organisations.Updated != 2 {
		t.Errorf("counts %+v", counts)
	}
	after, _ := s.Database().DataVersions(ctx)
	if after.Projects <= before.Projects || after.Practices != before.Practices {
		t.Errorf("an import moved the versions %+v to %+v", before, after)
	}
	p, _ := s.FindProject(ctx, "gap-mdw")
	if p.Title != "Global action, renamed" || p.Budget != nil || p.Version != 2 {
		t.Errorf("updated project %+v", p)
	}
	if revs, _ := s.Revisions(Admin(), lmo.KindProject, p.ID); len(revs) != 2 || revs[0].Version != 2 {
		t.Errorf("revisions %+v", revs)
	}
	ilo, _ := s.FindOrganisation(ctx, "ilo")
	if len(ilo.Memberships) != 0 || ilo.Version != 2 {
		t.Errorf("updated organisation %+v", ilo)
	}
	if got, _ := s.FindProjects(ctx, lmo.ProjectFilter{Organisation: "eu"}); len(got) != 1 || got[0].Title != p.Title {
		t.Errorf("a cached list kept the old project: %+v", got)
	}
}

func testProjectsImportRejects(t *testing.T, s Store) {
	ctx := context.Background()
	seedPractices(t, s)
	tests := []struct {
		name  string
		spoil func(*lmo.Directory)
		want  string
	}{
		{"unknown organisation in a project", func(d *lmo.Directory) { d.Projects[1].Implementers = []string{"who"} },
			`project 2 (global-fair): Project "global-fair": No organisation has the slug "who".`},
		{"unknown membership", func(d *lmo.Directory) { d.Organisations[0].Memberships[0].Of = "un" },
			`organisation 1 (ilo)`},
		{"unknown practice", func(d *lmo.Directory) { d.Projects[2].Practices = []string{"none"} }, `project 3 (pe-return)`},
		{"unknown country", func(d *lmo.Directory) { d.Projects[0].Countries = []string{"XX"} }, `project 1 (gap-mdw)`},
		{"slug twice", func(d *lmo.Directory) { d.Projects[2].Slug = "gap-mdw" }, `project 3 (gap-mdw): the slug is also project 1's`},
		{"organisation twice", func(d *lmo.Directory) { d.Organisations[3].Slug = "eu" }, `organisation 4 (eu)`},
		{"unknown review status", func(d *lmo.Directory) { d.Projects[0].ReviewStatus = "lost" }, `project 1 (gap-mdw): unknown review status`},
		{"null project", func(d *lmo.Directory) { d.Projects[1] = nil }, `project 2: null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := fixtureDirectory()
			tt.spoil(&d)
			_, err := s.ImportDirectory(Admin(), d, "bad")
			wantCode(t, err, lmo.EINVALID)
			if !strings.Contains(lmo.ErrorMessage(err), tt.want) {
				t.Errorf("error %q does not say %q", lmo.ErrorMessage(err), tt.want)
			}
			orgs, _ := s.FindOrganisations(ctx)
			ps, _ := s.FindProjects(ctx, lmo.ProjectFilter{})
			if v, _ := s.ProjectsVersion(ctx); len(orgs)+len(ps) != 0 || v != 0 {
				t.Errorf("a failed import wrote %d organisations, %d projects, version %d", len(orgs), len(ps), v)
			}
		})
	}
}

func testProjectsRoles(t *testing.T, s Store) {
	seedPractices(t, s)
	_, err := s.ImportDirectory(context.Background(), fixtureDirectory(), "")
	wantCode(t, err, lmo.EUNAUTHORIZED)
	contributor := lmo.NewContextWithUser(context.Background(), &lmo.User{ID: 2, Name: "c", Role: lmo.RoleContributor})
	_, err = s.ImportDirectory(contributor, fixtureDirectory(), "")
	wantCode(t, err, lmo.EFORBIDDEN)
}

// testProjectsWorkflow checks that a project in review is hidden from the
// public as a practice is, and goes through the workflow's actions.
func testProjectsWorkflow(t *testing.T, s Store) {
	ctx := context.Background()
	seedPractices(t, s)
	d := fixtureDirectory()
	d.Projects[0].ReviewStatus = lmo.ReviewSubmitted
	importDirectory(t, s, d)
	if got, _ := s.FindProjects(ctx, lmo.ProjectFilter{}); slugsOf(got) != "global-fair pe-return" {
		t.Errorf("the public sees %q", slugsOf(got))
	}
	if got, _ := s.FindProjects(Admin(), lmo.ProjectFilter{}); slugsOf(got) != "global-fair gap-mdw pe-return" {
		t.Errorf("an editor sees %q", slugsOf(got))
	}
	_, err := s.FindProject(ctx, "gap-mdw")
	wantCode(t, err, lmo.ENOTFOUND)
	p, err := s.FindProject(Admin(), "gap-mdw")
	if err != nil {
		t.Fatal(err)
	}
	queue, err := s.ReviewQueue(Admin())
	if err != nil || len(queue) != 1 || queue[0].Kind != lmo.KindProject || queue[0].Slug != "gap-mdw" {
		t.Fatalf("review queue %+v, %v", queue, err)
	}
	before, _ := s.ProjectsVersion(ctx)
	if _, err := s.Act(Admin(), lmo.KindProject, p.ID, p.Version, lmo.ActionPublish, ""); err != nil {
		t.Fatal(err)
	}
	if after, _ := s.ProjectsVersion(ctx); after <= before {
		t.Errorf("publishing left the version at %d", after)
	}
	if got, _ := s.FindProject(ctx, "gap-mdw"); got == nil || got.Version != 2 {
		t.Errorf("published project %+v", got)
	}
	if err := s.Restore(Admin(), lmo.KindProject, p.ID, 2, 1, "back"); err != nil {
		t.Fatal(err)
	}
	got, _ := s.FindProject(ctx, "gap-mdw")
	if got == nil || got.Version != 3 || got.ReviewStatus != lmo.ReviewPublished {
		t.Errorf("restored project %+v", got)
	}
	if revs, _ := s.Revisions(Admin(), lmo.KindProject, p.ID); len(revs) != 3 {
		t.Errorf("%d revisions after import, publish and restore", len(revs))
	}
	// An import does not change a stored project's review status.
	importDirectory(t, s, d)
	if got, _ := s.FindProject(ctx, "gap-mdw"); got == nil || got.ReviewStatus != lmo.ReviewPublished {
		t.Errorf("a re-import changed the status: %+v", got)
	}
}

// testProjectsCopy copies a store with projects into an empty one.
func testProjectsCopy(t *testing.T, src, dst Store) {
	ctx := context.Background()
	seedPractices(t, src)
	importDirectory(t, src, fixtureDirectory())
	if _, err := sqlstore.Copy(ctx, src.Database(), dst.Database(), false); err != nil {
		t.Fatal(err)
	}
	want, _ := src.FindProjects(ctx, lmo.ProjectFilter{})
	got, err := dst.FindProjects(ctx, lmo.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" || len(got) != 3 {
		t.Errorf("projects of the copy (-want +got):\n%s", diff)
	}
	wantOrgs, _ := src.FindOrganisations(ctx)
	gotOrgs, _ := dst.FindOrganisations(ctx)
	if diff := cmp.Diff(wantOrgs, gotOrgs); diff != "" {
		t.Errorf("organisations of the copy (-want +got):\n%s", diff)
	}
	if v, _ := dst.Database().DataVersions(ctx); v.Projects == 0 {
		t.Error("a copy did not move the target's projects version")
	}
}
