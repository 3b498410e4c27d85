package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/lmo-observatory/lmo"
)

// Agreements and projects are contributed and edited through the workflow
// as practices are: these tests hold both kinds to the same rules.

// record is what the contribution tests need of an agreement or a project.
type record interface {
	*lmo.Agreement | *lmo.Project
}

// editing is one kind's write and read methods, for the shared tests.
type editing[T record] struct {
	kind      string
	create    func(context.Context, T) error
	update    func(context.Context, T) error
	forReview func(context.Context, int64) (T, error)
	public    func(context.Context, string) (T, error)
	version   func(context.Context) (int64, error)
	fresh     func(slug string) T                               // a valid new record
	invalid   func() (T, string)                                // an invalid one and the field at fault
	existing  string                                            // the slug of a stored, published record
	fields    func(T) (id *int64, version *int, status *string) // its bookkeeping fields
	retitle   func(T, string)
}

func testAgreementsContribute(t *testing.T, s Store) {
	Seed(t, s)
	importAgreements(t, s, fixtureAgreements())
	runEditing(t, s, editing[*lmo.Agreement]{
		kind: lmo.KindAgreement,
		create: func(ctx context.Context, a *lmo.Agreement) error {
			return s.CreateAgreement(ctx, a, "proposed")
		},
		update: func(ctx context.Context, a *lmo.Agreement) error {
			return s.UpdateAgreement(ctx, a, "edited")
		},
		forReview: s.FindAgreementForReview,
		public:    s.FindAgreement,
		version:   s.AgreementsVersion,
		fresh: func(slug string) *lmo.Agreement {
			a := fixtureAgreements()[0]
			a.Slug = slug
			return a
		},
		invalid: func() (*lmo.Agreement, string) {
			a := fixtureAgreements()[0]
			a.Slug, a.Parties = "one-party", []string{"PH"}
			return a, "parties"
		},
		existing: "np-qa-labour",
		fields:   func(a *lmo.Agreement) (*int64, *int, *string) { return &a.ID, &a.Version, &a.ReviewStatus },
		retitle:  func(a *lmo.Agreement, title string) { a.Title = title },
	})
}

func testProjectsContribute(t *testing.T, s Store) {
	seedPractices(t, s)
	importDirectory(t, s, fixtureDirectory())
	runEditing(t, s, editing[*lmo.Project]{
		kind: lmo.KindProject,
		create: func(ctx context.Context, p *lmo.Project) error {
			return s.CreateProject(ctx, p, "proposed")
		},
		update: func(ctx context.Context, p *lmo.Project) error {
			return s.UpdateProject(ctx, p, "edited")
		},
		forReview: s.FindProjectForReview,
		public:    s.FindProject,
		version:   s.ProjectsVersion,
		fresh: func(slug string) *lmo.Project {
			p := fixtureDirectory().Projects[0]
			p.Slug, p.ReviewStatus = slug, ""
			return p
		},
		invalid: func() (*lmo.Project, string) {
			p := fixtureDirectory().Projects[0]
			p.Slug, p.Implementers = "no-implementer", nil
			return p, "implementers"
		},
		existing: "pe-return",
		fields:   func(p *lmo.Project) (*int64, *int, *string) { return &p.ID, &p.Version, &p.ReviewStatus },
		retitle:  func(p *lmo.Project, title string) { p.Title = title },
	})
}

// runEditing checks the rules of contributing and editing a record of e's
// kind: who may create and edit, the status a new record gets, what the
// public sees, stale versions and taken slugs.
func runEditing[T record](t *testing.T, s Store, e editing[T]) {
	ctx := context.Background()
	wantCode(t, e.create(ctx, e.fresh("anonymous")), lmo.EUNAUTHORIZED)
	bad, field := e.invalid()
	err := e.create(as(contributorC), bad)
	wantCode(t, err, lmo.EINVALID)
	if !slices.ContainsFunc(lmo.FieldProblems(err), func(p lmo.FieldProblem) bool { return p.Field == field }) {
		t.Errorf("the invalid %s's problems %+v do not name %s", e.kind, lmo.FieldProblems(err), field)
	}
	wantCode(t, e.create(as(contributorC), e.fresh(e.existing)), lmo.ECONFLICT)

	// A contributor's record waits for review, whatever status it asks
	// for; only its owner and editors see it.
	before, _ := e.version(ctx)
	mine := e.fresh("contributed")
	if err := e.create(as(contributorC), mine); err != nil {
		t.Fatalf("create by a contributor: %v", err)
	}
	id, version, status := e.state(mine)
	if id == 0 || version != 1 || status != lmo.ReviewSubmitted {
		t.Errorf("a contributor's new %s: id %d, version %d, %s", e.kind, id, version, status)
	}
	if after, _ := e.version(ctx); after <= before {
		t.Errorf("creating a %s did not move its data version", e.kind)
	}
	_, err = e.public(ctx, "contributed")
	wantCode(t, err, lmo.ENOTFOUND)
	_, err = e.forReview(as(contributorD), id)
	wantCode(t, err, lmo.ENOTFOUND)
	for _, u := range []*lmo.User{contributorC, editorE} {
		if _, err := e.forReview(as(u), id); err != nil {
			t.Errorf("%s cannot read the submitted %s: %v", u.Name, e.kind, err)
		}
	}
	draft := e.fresh("asked-published")
	_, _, asked := e.fields(draft)
	*asked = lmo.ReviewPublished
	if err := e.create(as(contributorC), draft); err != nil {
		t.Fatal(err)
	}
	if _, _, status := e.state(draft); status != lmo.ReviewSubmitted {
		t.Errorf("a contributor asking to publish got %s", status)
	}

	// Its owner edits it; a stale version and another contributor are
	// refused, and the status stays as the workflow left it.
	edit, _ := e.forReview(as(contributorC), id)
	e.retitle(edit, "Edited by its owner")
	if err := e.update(as(contributorC), edit); err != nil {
		t.Fatalf("the owner's edit: %v", err)
	}
	if _, v, st := e.state(edit); v != 2 || st != lmo.ReviewSubmitted {
		t.Errorf("after the edit: version %d, %s", v, st)
	}
	stale, _ := e.forReview(as(editorE), id)
	_, staleVersion, _ := e.fields(stale)
	*staleVersion = 1
	wantCode(t, e.update(as(editorE), stale), lmo.ECONFLICT)
	other, _ := e.forReview(as(editorE), id)
	wantCode(t, e.update(as(contributorD), other), lmo.ENOTFOUND)
	published, err := e.public(ctx, e.existing)
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, e.update(as(contributorC), published), lmo.EFORBIDDEN)
	taken := e.fresh(e.existing)
	takenID, takenVersion, _ := e.fields(taken)
	*takenID, *takenVersion = id, 2
	wantCode(t, e.update(as(editorE), taken), lmo.ECONFLICT)

	// An editor's record is published at once unless they ask otherwise.
	theirs := e.fresh("by-an-editor")
	if err := e.create(as(editorE), theirs); err != nil {
		t.Fatal(err)
	}
	if got, err := e.public(ctx, "by-an-editor"); err != nil {
		t.Errorf("the editor's %s is not public: %v", e.kind, err)
	} else if _, _, st := e.state(got); st != lmo.ReviewPublished {
		t.Errorf("the editor's %s is %s", e.kind, st)
	}
	revs, err := s.Revisions(as(editorE), e.kind, id)
	if err != nil || len(revs) != 2 {
		t.Errorf("%d revisions after a create and an edit (%v)", len(revs), err)
	}
}

// state reads r's id, version and review status.
func (e editing[T]) state(r T) (int64, int, string) {
	id, version, status := e.fields(r)
	return *id, *version, *status
}
