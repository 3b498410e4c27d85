package main

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/password"
)

// TestBrowserXSSWorkflow puts the XSS payloads where the accounts and the
// workflow show what people write (accounts' names, practices under
// review, review comments, the comments of actions, revisions that differ,
// suggested corrections with their sources) and walks, signed in as an
// editor, a contributor and an administrator, every page that shows them:
// the review queue, each item's review page and diff, the contributions,
// the public diff of a published practice's history, the accounts and the
// audit log, and the audit log's filters and a diff's versions echoed
// from the URL. Nothing runs, and every page shows the texts it must.
func TestBrowserXSSWorkflow(t *testing.T) {
	defer password.SetParamsForTesting(password.Cheap)()
	m := startMain(t)
	payloads := xssPayloads(t)
	w := xssWorkflowData(t, m, payloads)
	ctx := browserFor(t, 10*time.Minute)
	base := m.URL()
	start := time.Now()
	walked := 0
	walk := func(email string, pages []xssPage) {
		browserSignIn(t, ctx, base, email)
		for _, p := range xssProblems(t, ctx, base, pages) {
			t.Error(p)
		}
		signOut(t, ctx, base)
		walked += len(pages)
	}

	var editorPages []xssPage
	queue := xssPage{Path: "/review"}
	for _, p := range w.review {
		queue.Want = append(queue.Want, p.Title)
		editorPages = append(editorPages,
			xssPage{Path: fmt.Sprintf("/review/practice/%d", p.ID), Want: []string{p.Title, xssMark + " comment", xssMark + " asks", w.names["contributor"]}},
			xssPage{Path: fmt.Sprintf("/review/practice/%d/diff?from=1&to=%d", p.ID, p.Version), Want: []string{"inserted:", "edited"}})
	}
	editorPages = append(editorPages, queue,
		xssPage{Path: fmt.Sprintf("/review/practice/%d", w.published.ID), Want: []string{w.published.Title, xssMark + " wrong", xssMark + " source"}},
		xssPage{Path: "/practices/" + w.published.Slug + "/history/diff?from=1&to=" + fmt.Sprint(w.published.Version), Want: []string{"inserted:", "edited"}})
	walk(w.emails["editor"], editorPages)

	contributions := xssPage{Path: "/contributions", Want: []string{w.published.Title}}
	for _, p := range w.review {
		contributions.Want = append(contributions.Want, p.Title)
	}
	ownPages := []xssPage{contributions}
	for _, p := range w.review {
		ownPages = append(ownPages, xssPage{Path: fmt.Sprintf("/review/practice/%d", p.ID), Want: []string{p.Title, xssMark + " asks", xssMark + " own"}})
	}
	walk(w.emails["contributor"], ownPages)

	adminPages := []xssPage{
		{Path: "/admin/users", Want: []string{xssMark + " name", w.names["editor"]}},
		{Path: "/admin/audit", Want: []string{w.names["editor"], "suggest"}},
	}
	// The audit log's filters and the diff's versions, echoed from the URL.
	for i := 0; i < len(payloads); i += len(payloads)/12 + 1 {
		q := url.QueryEscape(payloads[i])
		adminPages = append(adminPages,
			xssPage{Path: "/admin/audit?actor=" + q + "&action=" + q + "&entity=" + q + "&address=" + q + "&from=" + q + "&to=" + q},
			xssPage{Path: "/admin/audit?actor=" + q + "&before=" + q},
			xssPage{Path: "/admin/users?done=" + q},
			xssPage{Path: fmt.Sprintf("/review/practice/%d/diff?from=%s&to=%s&all=%s", w.review[0].ID, q, q, q)})
	}
	walk(w.emails["admin"], adminPages)
	t.Logf("%d payloads, %d practices under review, %d pages walked in %s", len(payloads), len(w.review), walked, time.Since(start).Round(time.Second))
}

// xssWorkflow is what xssWorkflowData made: the practices under review,
// the published one, and the people's emails and names by role.
type xssWorkflow struct {
	review    []*lmo.Practice
	published *lmo.Practice
	emails    map[string]string
	names     map[string]string
}

// xssWorkflowData makes accounts whose names are payloads; a contributor's
// practices full of payloads, submitted, commented on, sent back for
// changes with a payload, edited with other payloads and resubmitted; and
// a published practice, edited, with suggestions whose text, source title
// and address carry payloads.
func xssWorkflowData(t *testing.T, m *Main, payloads []string) *xssWorkflow {
	t.Helper()
	w := &xssWorkflow{emails: map[string]string{}, names: map[string]string{}}
	users := map[string]*lmo.User{}
	for i, role := range []string{lmo.RoleContributor, lmo.RoleEditor, lmo.RoleAdmin} {
		email := role + "@example.org"
		name := payloads[(i*7+1)%len(payloads)] + " " + xssMark + " " + role
		users[role] = xssAccount(t, m, email, name, role, true)
		w.emails[role], w.names[role] = email, name
	}
	for i, p := range payloads {
		xssAccount(t, m, fmt.Sprintf("xss-%d@example.org", i), p+" "+xssMark+" name", lmo.RoleContributor, false)
	}
	ann := lmo.NewContextWithUser(context.Background(), users[lmo.RoleContributor])
	ed := lmo.NewContextWithUser(context.Background(), users[lmo.RoleEditor])
	base, err := m.DB.FindPracticeBySlug(ann, "ae-wage-protection-system")
	if err != nil {
		t.Fatal(err)
	}
	var short []string
	for _, p := range payloads {
		if len([]rune(p)) <= lmo.MaxAcronym {
			short = append(short, p)
		}
	}
	// Each payload goes into one comment and one request for changes.
	const items = 4
	for i := range items + 1 {
		p := xssPractice(t, base, 100+i, payloads[i*len(payloads)/(items+1)], short[i%len(short)])
		p.ReviewStatus = lmo.ReviewDraft
		if err := m.DB.CreatePractice(ann, p, "XSS test"); err != nil {
			t.Fatal(err)
		}
		xssAct(t, m, ann, p, lmo.ActionSubmit, "")
		if i == items {
			xssAct(t, m, ed, p, lmo.ActionPublish, "")
			xssEdit(t, m, ed, p, payloads[0])
			w.published = p
			break
		}
		for j := i; j < len(payloads); j += items {
			if _, err := m.DB.AddComment(ed, lmo.KindPractice, p.ID, xssMark+" comment "+payloads[j]); err != nil {
				t.Fatalf("comment %d: %v", j, err)
			}
			xssAct(t, m, ed, p, lmo.ActionRequestChanges, xssMark+" asks "+payloads[j])
			xssEdit(t, m, ann, p, payloads[(j+1)%len(payloads)])
			// Resubmitted by the editor: a contributor's submissions are
			// limited to MaxSubmissionsPerHour.
			xssAct(t, m, ed, p, lmo.ActionSubmit, "")
		}
		if _, err := m.DB.AddComment(ann, lmo.KindPractice, p.ID, xssMark+" own "+payloads[(i*5+3)%len(payloads)]); err != nil {
			t.Fatal(err)
		}
		w.review = append(w.review, p)
	}
	for i, payload := range payloads {
		by := ed
		if i%20 == 0 {
			by = ann // some of the contributor's own, within MaxSubmissionsPerHour
		}
		s := &lmo.Suggestion{Kind: lmo.KindPractice, EntityID: w.published.ID, Body: xssMark + " wrong " + payload,
			SourceTitle: payload + " " + xssMark + " source", SourceURL: "https://example.org/?s=" + url.QueryEscape(payload) + "#" + payload}
		if err := m.DB.Suggest(by, s); err != nil {
			t.Fatalf("suggestion %d: %v", i, err)
		}
	}
	return w
}

// xssAccount makes an account (with a password when signIn is set) and
// returns its user.
func xssAccount(t *testing.T, m *Main, email, name, role string, signIn bool) *lmo.User {
	t.Helper()
	ctx := lmo.NewContextWithUser(context.Background(), lmo.SystemUser)
	a := &lmo.Account{Email: email, Name: name, Role: role}
	if err := m.DB.CreateAccount(ctx, a); err != nil {
		t.Fatalf("account %q: %v", name, err)
	}
	if signIn {
		if err := m.DB.SetPassword(ctx, a.ID, browserPassword); err != nil {
			t.Fatal(err)
		}
	}
	return a.User()
}

// xssAct takes action on p and keeps its version.
func xssAct(t *testing.T, m *Main, ctx context.Context, p *lmo.Practice, action, comment string) {
	t.Helper()
	item, err := m.DB.Act(ctx, lmo.KindPractice, p.ID, p.Version, action, comment)
	if err != nil {
		t.Fatalf("%s %s: %v", action, p.Slug, err)
	}
	p.Version = item.Version
}

// xssEdit saves p with payload in its summary and results, so that its
// revisions differ by payloads.
func xssEdit(t *testing.T, m *Main, ctx context.Context, p *lmo.Practice, payload string) {
	t.Helper()
	p.Summary = xssMark + " edited " + payload
	p.Results = payload + " " + p.Results
	if err := m.DB.UpdatePractice(ctx, p, payload); err != nil {
		t.Fatalf("edit %s: %v", p.Slug, err)
	}
}
