package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/sqlstore"
)

// RunWorkflow tests the editorial workflow on practices: the path from a
// contributor's submission to publication, who may do what, reads that
// never leak unpublished records, restores and suggested corrections.
func RunWorkflow(t *testing.T, open Opener) {
	runTests(t, open, []test{
		{"Path", testWorkflowPath},
		{"Permissions", testWorkflowPermissions},
		{"Unpublished", testWorkflowUnpublished},
		{"Restore", testWorkflowRestore},
		{"Suggestions", testWorkflowSuggestions},
		{"RateLimit", testWorkflowRateLimit},
	})
}

// The people of the workflow tests.
var (
	contributorC = &lmo.User{ID: 2, Name: "c", Role: lmo.RoleContributor}
	contributorD = &lmo.User{ID: 3, Name: "d", Role: lmo.RoleContributor}
	editorE      = &lmo.User{ID: 10, Name: "e", Role: lmo.RoleEditor}
)

// as is a context that acts as u.
func as(u *lmo.User) context.Context { return lmo.NewContextWithUser(context.Background(), u) }

// act takes action on practice id at version as u, and fails the test when
// it is refused.
func act(t *testing.T, s Store, u *lmo.User, id int64, version int, action, comment string) *lmo.ReviewItem {
	t.Helper()
	it, err := s.Act(as(u), lmo.KindPractice, id, version, action, comment)
	if err != nil {
		t.Fatalf("%s by %s at version %d: %v", action, u.Name, version, err)
	}
	return it
}

// submitted creates the fixture practice i as a submission of u, its slug
// prefixed with u's name.
func submitted(t *testing.T, s Store, u *lmo.User, i int) *lmo.Practice {
	t.Helper()
	p := fixturePractices()[i]
	p.Slug = u.Name + "-" + p.Slug
	if err := s.CreatePractice(as(u), p, "proposed"); err != nil {
		t.Fatalf("CreatePractice by %s: %v", u.Name, err)
	}
	return p
}

// auditActions lists the actions of the audit log on an entity, oldest
// first.
func auditActions(t *testing.T, s Store, entity string, id int64) []string {
	t.Helper()
	var out []string
	err := s.Database().Write(Admin(), func(tx *sqlstore.Tx) error {
		return tx.Each(context.Background(), `SELECT action FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id`,
			[]any{entity, fmt.Sprint(id)}, func(rows *sql.Rows) error {
				var a string
				out = append(out, a)
				return rows.Scan(&out[len(out)-1])
			})
	})
	if err != nil {
		t.Fatalf("read the audit log: %v", err)
	}
	return out
}

// searchFinds reports whether a public search for query finds slug.
func searchFinds(t *testing.T, s Store, query, slug string) bool {
	t.Helper()
	res, err := s.SearchPractices(context.Background(), lmo.PracticeFilter{Query: query})
	if err != nil {
		t.Fatalf("search %q: %v", query, err)
	}
	return slices.Contains(slugs(res), slug)
}

// testWorkflowPath: a contributor's submission is sent back with a comment,
// edited by its owner, submitted again, approved and published, and only
// then found by the public; every step is a version with a revision, a
// review comment and an audit entry.
func testWorkflowPath(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	p := submitted(t, s, contributorC, 0)
	if p.ReviewStatus != lmo.ReviewSubmitted {
		t.Fatalf("a contributor's practice is %q, want submitted", p.ReviewStatus)
	}
	queue, err := s.ReviewQueue(as(editorE))
	if err != nil || len(queue) != 1 || queue[0].ID != p.ID || queue[0].OwnerID != 2 || queue[0].Owner != "c" {
		t.Fatalf("review queue = %+v, %v; want the submission, owned by c", queue, err)
	}
	_, err = s.Act(as(editorE), lmo.KindPractice, p.ID, 1, lmo.ActionRequestChanges, "")
	wantCode(t, err, lmo.EINVALID) // a comment is required
	it := act(t, s, editorE, p.ID, 1, lmo.ActionRequestChanges, "Cite the decree.")
	if it.Status != lmo.ReviewChangesRequested || it.Version != 2 {
		t.Fatalf("after request_changes: %s v%d", it.Status, it.Version)
	}
	p.Version = it.Version
	p.Sources = append(p.Sources, lmo.Source{Title: "Decree 12", Year: 2020})
	if err := s.UpdatePractice(as(contributorC), p, "cited the decree"); err != nil {
		t.Fatalf("the owner edits: %v", err)
	}
	if p.ReviewStatus != lmo.ReviewChangesRequested || p.Version != 3 {
		t.Fatalf("after the owner's edit: %s v%d", p.ReviewStatus, p.Version)
	}
	act(t, s, contributorC, p.ID, 3, lmo.ActionSubmit, "")
	for _, a := range []string{lmo.ActionApprove, lmo.ActionPublish} {
		_, err := s.Act(as(contributorC), lmo.KindPractice, p.ID, 4, a, "")
		wantCode(t, err, lmo.EFORBIDDEN)
	}
	act(t, s, editorE, p.ID, 4, lmo.ActionApprove, "")
	if searchFinds(t, s, "contract", p.Slug) {
		t.Fatal("an approved practice is found before it is published")
	}
	if it = act(t, s, editorE, p.ID, 5, lmo.ActionPublish, ""); it.Status != lmo.ReviewPublished || it.Version != 6 {
		t.Fatalf("after publish: %s v%d", it.Status, it.Version)
	}
	if !searchFinds(t, s, "contract", p.Slug) {
		t.Fatal("a published practice is not found")
	}
	if got, err := s.FindPracticeBySlug(ctx, p.Slug); err != nil || len(got.Sources) != 2 {
		t.Fatalf("FindPracticeBySlug after publish: %+v, %v", got, err)
	}
	checkPathRecords(t, s, p.ID)
}

// checkPathRecords checks the review comments, revisions and audit entries
// that testWorkflowPath leaves.
func checkPathRecords(t *testing.T, s Store, id int64) {
	t.Helper()
	if _, err := s.AddComment(as(contributorC), lmo.KindPractice, id, "Thank you."); err != nil {
		t.Fatal(err)
	}
	comments, err := s.Comments(as(contributorC), lmo.KindPractice, id)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range comments {
		got = append(got, fmt.Sprintf("%s/%s/%s/v%d", c.Author, c.Action, c.Body, c.Version))
	}
	want := []string{"e/request_changes/Cite the decree./v2", "c/submit//v4", "e/approve//v5", "e/publish//v6", "c//Thank you./v6"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("review comments (-want +got):\n%s", diff)
	}
	revs, err := s.Revisions(context.Background(), lmo.KindPractice, id)
	if err != nil || len(revs) != 6 {
		t.Fatalf("revisions = %d, %v; want 6", len(revs), err)
	}
	if revs[4].Note != "request_changes: Cite the decree." || revs[4].AuthorID != 10 || revs[5].AuthorID != 2 {
		t.Errorf("revision 2 = %+v, revision 1 by %d", revs[4], revs[5].AuthorID)
	}
	wantAudit := []string{"create", lmo.ActionRequestChanges, "update", lmo.ActionSubmit, lmo.ActionApprove, lmo.ActionPublish, "comment"}
	if diff := cmp.Diff(wantAudit, auditActions(t, s, lmo.KindPractice, id)); diff != "" {
		t.Errorf("audit log (-want +got):\n%s", diff)
	}
	if queue, err := s.ReviewQueue(as(editorE)); err != nil || len(queue) != 0 {
		t.Errorf("review queue after publishing = %+v, %v; want none", queue, err)
	}
}

// testWorkflowPermissions: what each person may not do, and a stale version.
func testWorkflowPermissions(t *testing.T, s Store) {
	ps := seedPractices(t, s) // published, by an administrator
	p := submitted(t, s, contributorC, 0)
	readEditor := &lmo.User{ID: 10, Name: "e", Role: lmo.RoleEditor, Scope: lmo.ScopeRead}
	_, err := s.Act(as(readEditor), lmo.KindPractice, p.ID, 1, lmo.ActionPublish, "")
	wantCode(t, err, lmo.EFORBIDDEN)
	_, err = s.ReviewQueue(as(readEditor))
	wantCode(t, err, lmo.EFORBIDDEN)
	_, err = s.Act(context.Background(), lmo.KindPractice, ps[1].ID, ps[1].Version, lmo.ActionUnpublish, "no")
	wantCode(t, err, lmo.EUNAUTHORIZED)
	_, err = s.Act(as(contributorC), lmo.KindPractice, ps[1].ID, ps[1].Version, lmo.ActionUnpublish, "no")
	wantCode(t, err, lmo.EFORBIDDEN)
	_, err = s.Act(as(editorE), lmo.KindPractice, p.ID, 1, "promote", "")
	wantCode(t, err, lmo.EINVALID)
	_, err = s.Act(as(editorE), "no-such-kind", p.ID, 1, lmo.ActionPublish, "")
	wantCode(t, err, lmo.EINVALID)

	// Someone else's published practice, and one's own once published.
	wantCode(t, s.UpdatePractice(as(contributorC), ps[1], ""), lmo.EFORBIDDEN)
	it := act(t, s, editorE, p.ID, 1, lmo.ActionPublish, "")
	p.Version = it.Version
	wantCode(t, s.UpdatePractice(as(contributorC), p, ""), lmo.EFORBIDDEN)
	_, err = s.AddComment(as(contributorD), lmo.KindPractice, p.ID, "Me too.")
	wantCode(t, err, lmo.EFORBIDDEN)
	_, err = s.Comments(as(contributorD), lmo.KindPractice, p.ID)
	wantCode(t, err, lmo.EFORBIDDEN)

	// A stale version.
	_, err = s.Act(as(editorE), lmo.KindPractice, p.ID, 1, lmo.ActionUnpublish, "outdated")
	wantCode(t, err, lmo.ECONFLICT)
	stale := *p
	p.Title = "Standard employment contract, revised"
	if err := s.UpdatePractice(as(editorE), p, ""); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.UpdatePractice(as(editorE), &stale, ""), lmo.ECONFLICT)

	draft := fixturePractices()[2]
	draft.ReviewStatus = lmo.ReviewDraft
	draft.Slug = "my-draft"
	if err := s.CreatePractice(as(contributorD), draft, ""); err != nil || draft.ReviewStatus != lmo.ReviewDraft {
		t.Fatalf("a contributor's draft: %q, %v", draft.ReviewStatus, err)
	}
	mine, err := s.Contributions(as(contributorD))
	if err != nil || len(mine) != 1 || mine[0].ID != draft.ID || mine[0].Status != lmo.ReviewDraft {
		t.Fatalf("contributions of d = %+v, %v", mine, err)
	}
}

// testWorkflowUnpublished: a record that is not published does not exist
// for anyone but its owner and editors, through every read.
func testWorkflowUnpublished(t *testing.T, s Store) {
	Seed(t, s)
	p := submitted(t, s, contributorC, 0)
	for name, ctx := range map[string]context.Context{"another contributor": as(contributorD), "anonymous": context.Background()} {
		t.Run(name, func(t *testing.T) {
			_, err := s.FindReviewItem(ctx, lmo.KindPractice, p.ID)
			wantCode(t, err, lmo.ENOTFOUND)
			_, err = s.FindPracticeForReview(ctx, p.ID)
			wantCode(t, err, lmo.ENOTFOUND)
			_, err = s.Revisions(ctx, lmo.KindPractice, p.ID)
			wantCode(t, err, lmo.ENOTFOUND)
			_, err = s.Revision(ctx, lmo.KindPractice, p.ID, 1)
			wantCode(t, err, lmo.ENOTFOUND)
			_, err = s.Comments(ctx, lmo.KindPractice, p.ID)
			wantCode(t, err, lmo.ENOTFOUND)
			_, err = s.Act(ctx, lmo.KindPractice, p.ID, 1, lmo.ActionSubmit, "")
			if code := lmo.ErrorCode(err); code != lmo.ENOTFOUND && code != lmo.EUNAUTHORIZED {
				t.Errorf("Act: %v, want not found (or unauthorized, anonymously)", err)
			}
			_, err = s.PracticeRevisions(ctx, p.ID)
			wantCode(t, err, lmo.ENOTFOUND)
		})
	}
	wantCode(t, s.UpdatePractice(as(contributorD), p, ""), lmo.ENOTFOUND)
	_, err := s.AddComment(as(contributorD), lmo.KindPractice, p.ID, "Hello?")
	wantCode(t, err, lmo.ENOTFOUND)
	readEditor := &lmo.User{ID: 10, Name: "e", Role: lmo.RoleEditor, Scope: lmo.ScopeRead} // a read token reads
	for _, u := range []*lmo.User{contributorC, editorE, readEditor} {
		if got, err := s.FindPracticeForReview(as(u), p.ID); err != nil || got.Slug != p.Slug || got.ReviewStatus != lmo.ReviewSubmitted {
			t.Errorf("FindPracticeForReview by %s = %+v, %v", u.Name, got, err)
		}
		if it, err := s.FindReviewItem(as(u), lmo.KindPractice, p.ID); err != nil || it.Status != lmo.ReviewSubmitted {
			t.Errorf("FindReviewItem by %s = %+v, %v", u.Name, it, err)
		}
		if r, err := s.Revision(as(u), lmo.KindPractice, p.ID, 1); err != nil || !strings.Contains(string(r.Snapshot), p.Slug) {
			t.Errorf("Revision by %s = %+v, %v", u.Name, r, err)
		}
	}
}

// testWorkflowRestore: restoring an old revision writes its content as a
// new revision, keeping the status; a stale version or a slug taken since
// is a conflict.
func testWorkflowRestore(t *testing.T, s Store) {
	ctx := context.Background()
	ps := seedPractices(t, s)
	p := ps[1]
	oldTitle := p.Title
	p.Title, p.Slug = "Quokka wage protection", "quokka-wages"
	if err := s.UpdatePractice(as(editorE), p, "retitled"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.Restore(as(contributorC), lmo.KindPractice, p.ID, 2, 1, ""), lmo.EFORBIDDEN)
	wantCode(t, s.Restore(as(editorE), lmo.KindPractice, p.ID, 1, 1, ""), lmo.ECONFLICT)
	wantCode(t, s.Restore(as(editorE), lmo.KindPractice, p.ID, 2, 7, ""), lmo.ENOTFOUND)
	if err := s.Restore(as(editorE), lmo.KindPractice, p.ID, 2, 1, "the retitling was wrong"); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindPracticeByID(ctx, p.ID)
	if err != nil || got.Title != oldTitle || got.Version != 3 || got.ReviewStatus != lmo.ReviewPublished {
		t.Fatalf("after restore: %+v, %v", got, err)
	}
	if searchFinds(t, s, "quokka", "quokka-wages") || !searchFinds(t, s, "wage", got.Slug) {
		t.Error("search does not follow the restore")
	}
	revs, err := s.Revisions(ctx, lmo.KindPractice, p.ID)
	if err != nil || len(revs) != 3 || !strings.Contains(revs[0].Note, "Restored version 1") || revs[0].AuthorID != 10 {
		t.Fatalf("revisions after restore = %+v, %v", revs, err)
	}
	// The slug of version 2 now belongs to another practice.
	other := ps[2]
	other.Slug = "quokka-wages"
	if err := s.UpdatePractice(as(editorE), other, ""); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.Restore(as(editorE), lmo.KindPractice, p.ID, 3, 2, ""), lmo.ECONFLICT)
	if diff := cmp.Diff([]string{"create", "update", "restore"}, auditActions(t, s, lmo.KindPractice, p.ID)); diff != "" {
		t.Errorf("audit log (-want +got):\n%s", diff)
	}
}

// testWorkflowSuggestions: a suggested correction to a published practice
// names what is wrong and a source; an editor sees it in the queue,
// dismisses one saying why and confirms another, which moves the
// practice's facts-checked date to the store's today.
func testWorkflowSuggestions(t *testing.T, s Store) {
	today := time.Date(2026, time.March, 4, 10, 0, 0, 0, time.UTC)
	c, ok := s.(interface{ SetClock(func() time.Time) })
	if ok {
		tick := today
		c.SetClock(func() time.Time { tick = tick.Add(time.Second); return tick })
	}
	ps := seedPractices(t, s)
	p := ps[0]
	draft := submitted(t, s, contributorD, 5)
	for _, tt := range []struct {
		s    lmo.Suggestion
		want string
	}{
		{lmo.Suggestion{SourceTitle: "Decree 12"}, "body"},
		{lmo.Suggestion{Body: "The date is wrong.", SourceTitle: " "}, "source title"},
		{lmo.Suggestion{Body: strings.Repeat("x", lmo.MaxCommentLength+1), SourceTitle: "Decree 12"}, "more than the 20000 allowed"},
		{lmo.Suggestion{Body: "Wrong.", SourceTitle: "Decree 12", SourceURL: "javascript:alert(1)"}, "source URL"},
	} {
		tt.s.Kind, tt.s.EntityID = lmo.KindPractice, p.ID
		err := s.Suggest(as(contributorC), &tt.s)
		wantCode(t, err, lmo.EINVALID)
		if !strings.Contains(lmo.ErrorMessage(err), tt.want) {
			t.Errorf("message %q lacks %q", lmo.ErrorMessage(err), tt.want)
		}
	}
	suggest := func(u *lmo.User, id int64) (*lmo.Suggestion, error) {
		x := &lmo.Suggestion{Kind: lmo.KindPractice, EntityID: id, Body: "The start year is 2019.", SourceTitle: "Annual report 2019",
			SourceURL: "https://labour.example/report"}
		return x, s.Suggest(as(u), x)
	}
	_, err := suggest(contributorC, draft.ID)
	wantCode(t, err, lmo.ENOTFOUND) // another's submission
	_, err = suggest(contributorD, draft.ID)
	wantCode(t, err, lmo.EINVALID) // one's own, but not published
	err = s.Suggest(context.Background(), &lmo.Suggestion{Kind: lmo.KindPractice, EntityID: p.ID, Body: "x", SourceTitle: "y"})
	wantCode(t, err, lmo.EUNAUTHORIZED)
	first, err := suggest(contributorC, p.ID)
	if err != nil || first.ID == 0 || first.Status != lmo.SuggestionOpen || first.EntitySlug != p.Slug {
		t.Fatalf("Suggest = %+v, %v", first, err)
	}
	second, _ := suggest(contributorD, p.ID)
	queue, err := s.ReviewQueue(as(editorE))
	if err != nil || len(queue) != 2 || queue[1].ID != p.ID || queue[1].OpenSuggestions != 2 {
		t.Fatalf("review queue = %+v, %v; want the submission, then the practice with 2 suggestions", queue, err)
	}
	checkSuggestionReads(t, s, p.ID, first.ID)
	checkResolve(t, s, p, first.ID, second.ID, ok, today)
}

// checkSuggestionReads: an editor reads every suggestion, anyone else
// their own.
func checkSuggestionReads(t *testing.T, s Store, id, firstID int64) {
	t.Helper()
	if all, err := s.Suggestions(as(editorE), lmo.KindPractice, id); err != nil || len(all) != 2 {
		t.Errorf("an editor reads %d suggestions, %v; want 2", len(all), err)
	}
	mine, err := s.Suggestions(as(contributorC), lmo.KindPractice, id)
	if err != nil || len(mine) != 1 || mine[0].ID != firstID || mine[0].Author != "c" || mine[0].SourceTitle != "Annual report 2019" {
		t.Errorf("c reads %+v, %v; want their own", mine, err)
	}
}

// checkResolve dismisses suggestion dismiss and confirms suggestion confirm
// of practice p.
func checkResolve(t *testing.T, s Store, p *lmo.Practice, dismiss, confirm int64, clocked bool, today time.Time) {
	t.Helper()
	wantCode(t, s.ResolveSuggestion(as(contributorC), dismiss, false, "no"), lmo.EFORBIDDEN)
	wantCode(t, s.ResolveSuggestion(as(editorE), dismiss, false, " "), lmo.EINVALID)
	wantCode(t, s.ResolveSuggestion(as(editorE), 9999, false, "no"), lmo.ENOTFOUND)
	if err := s.ResolveSuggestion(as(editorE), dismiss, false, "The report is about another programme."); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.ResolveSuggestion(as(editorE), dismiss, true, ""), lmo.EINVALID) // already resolved
	if err := s.ResolveSuggestion(as(editorE), confirm, true, ""); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindPracticeByID(context.Background(), p.ID)
	if err != nil || got.Version != p.Version+1 {
		t.Fatalf("after confirming: %+v, %v; want a new version", got, err)
	}
	if clocked && got.FactsChecked != today.Format(time.DateOnly) {
		t.Errorf("facts_checked = %q, want the store's today %s", got.FactsChecked, today.Format(time.DateOnly))
	}
	all, _ := s.Suggestions(as(editorE), lmo.KindPractice, p.ID)
	var states []string
	for _, x := range all {
		states = append(states, x.Status+"/"+x.Resolver+"/"+x.Resolution)
	}
	want := []string{"confirmed/e/", "dismissed/e/The report is about another programme."}
	if diff := cmp.Diff(want, states); diff != "" {
		t.Errorf("suggestions (-want +got):\n%s", diff)
	}
	if queue, _ := s.ReviewQueue(as(editorE)); len(queue) != 1 {
		t.Errorf("review queue after resolving = %+v; want the submission only", queue)
	}
	wantAudit := []string{"create", "suggest", "suggest", "suggestion-dismiss", "update", "suggestion-confirm"}
	if diff := cmp.Diff(wantAudit, auditActions(t, s, lmo.KindPractice, p.ID)); diff != "" {
		t.Errorf("audit log (-want +got):\n%s", diff)
	}
}

// testWorkflowRateLimit: a contributor's creations and suggestions together
// are limited per hour, counted in the database; editors are not limited.
func testWorkflowRateLimit(t *testing.T, s Store) {
	now := time.Date(2026, time.March, 4, 10, 0, 0, 0, time.UTC)
	c, clocked := s.(interface{ SetClock(func() time.Time) })
	if clocked {
		c.SetClock(func() time.Time { return now })
	}
	ps := seedPractices(t, s)
	submitted(t, s, contributorC, 0)
	suggestion := func(u *lmo.User) error {
		return s.Suggest(as(u), &lmo.Suggestion{Kind: lmo.KindPractice, EntityID: ps[1].ID, Body: "Wrong.", SourceTitle: "A source"})
	}
	for i := 1; i < lmo.MaxSubmissionsPerHour; i++ {
		if err := suggestion(contributorC); err != nil {
			t.Fatalf("suggestion %d: %v", i, err)
		}
	}
	wantCode(t, suggestion(contributorC), lmo.ETOOMANY)
	extra := fixturePractices()[1]
	extra.Slug = "one-too-many"
	wantCode(t, s.CreatePractice(as(contributorC), extra, ""), lmo.ETOOMANY)
	if err := suggestion(contributorD); err != nil {
		t.Errorf("another contributor is limited too: %v", err)
	}
	if err := suggestion(editorE); err != nil {
		t.Errorf("an editor is limited: %v", err)
	}
	if clocked {
		now = now.Add(61 * time.Minute)
		if err := suggestion(contributorC); err != nil {
			t.Errorf("an hour later: %v", err)
		}
	}
}
