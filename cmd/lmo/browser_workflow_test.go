package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/lmo-observatory/lmo"
)

// workflowPeople creates a contributor's and an editor's accounts with
// passwords, as an administrator would, and returns their emails.
func workflowPeople(t *testing.T, m *Main) (contributor, editor string) {
	t.Helper()
	ctx := lmo.NewContextWithUser(context.Background(), lmo.SystemUser)
	for _, a := range []*lmo.Account{
		{Email: "ann@example.org", Name: "Ann Contributor", Role: lmo.RoleContributor},
		{Email: "ed@example.org", Name: "Ed Editor", Role: lmo.RoleEditor},
	} {
		if err := m.DB.CreateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := m.DB.SetPassword(ctx, a.ID, workflowPassword); err != nil {
			t.Fatal(err)
		}
	}
	return "ann@example.org", "ed@example.org"
}

const workflowPassword = "correct horse battery staple"

// keys types text into the focused element, key by key.
func keys(text string) chromedp.Action[chromedp.Void] { return chromedp.KeyEvent(text) }

// tabTo presses Tab until the element matching selector has the focus,
// failing after limit presses: the way a keyboard user reaches a field.
func tabTo(t *testing.T, ctx context.Context, selector string, limit int) {
	t.Helper()
	for range limit {
		if value(t, ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.activeElement && document.activeElement.matches(%q)`, selector))) {
			return
		}
		do(t, ctx, chromedp.KeyEvent(kb.Tab))
	}
	t.Fatalf("%s not reached in %d presses of Tab (focus on %s)", selector, limit,
		value(t, ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : ""`)))
}

// press reaches selector by Tab and presses Enter on it, waiting for the
// page it loads, and returns that page's status.
func press(t *testing.T, ctx context.Context, selector string, limit int) int64 {
	t.Helper()
	tabTo(t, ctx, selector, limit)
	resp, err := chromedp.RunResponse(ctx, chromedp.KeyEvent(kb.Enter))
	if err != nil {
		t.Fatalf("Enter on %s: %v", selector, err)
	}
	return resp.Status
}

// pressOK is press for a step that must load a page that is not an error.
func pressOK(t *testing.T, ctx context.Context, selector string, limit int) {
	t.Helper()
	if status := press(t, ctx, selector, limit); status != 200 {
		t.Fatalf("Enter on %s: status %d at %s: %.300s", selector, status, pathOf(t, ctx), mainText(t, ctx))
	}
}

// mainText is the text of the current page's main element.
func mainText(t *testing.T, ctx context.Context) string {
	t.Helper()
	return value(t, ctx, chromedp.Evaluate[string](`document.querySelector("main").innerText`))
}

// signIn goes to path as a person who is not signed in, is sent to sign
// in, signs in with the keyboard and comes back to path.
func signIn(t *testing.T, ctx context.Context, base, email, path string) {
	t.Helper()
	navigate(t, ctx, chromedp.Navigate(base+path))
	if got := pathOf(t, ctx); got != "/signin" {
		t.Fatalf("%s without signing in: at %s, want /signin", path, got)
	}
	tabTo(t, ctx, "#email", 40)
	do(t, ctx, keys(email))
	tabTo(t, ctx, "#password", 5)
	do(t, ctx, keys(workflowPassword))
	navigate(t, ctx, chromedp.KeyEvent(kb.Enter))
	if got := pathOf(t, ctx); got != strings.SplitN(path, "?", 2)[0] {
		t.Fatalf("signed in at %s, want back at %s", got, path)
	}
}

// signOut signs out with the keyboard.
func signOut(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	navigate(t, ctx, chromedp.Navigate(base+"/signout"))
	pressOK(t, ctx, `form[action="/signout"] button`, 40)
}

func pathOf(t *testing.T, ctx context.Context) string {
	t.Helper()
	return value(t, ctx, chromedp.Evaluate[string](`location.pathname`))
}

// checkAxe runs axe-core on the current page at a desktop's and a phone's
// width.
func checkAxe(t *testing.T, ctx context.Context, axe, what string) {
	t.Helper()
	for _, v := range views[:2] {
		do(t, ctx, chromedp.EmulateViewport(v.width, v.height))
		for _, problem := range axeRun(t, ctx, axe) {
			t.Errorf("%s (%s): %s", what, v.name, problem)
		}
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 900))
}

// act types a comment (if any) on an item's review page and presses an
// action's button.
func act(t *testing.T, ctx context.Context, action, comment string) {
	t.Helper()
	if comment != "" {
		tabTo(t, ctx, "#action-comment", 40)
		do(t, ctx, keys(comment))
	}
	pressOK(t, ctx, fmt.Sprintf(`button[name="action"][value=%q]`, action), 60)
}

// TestBrowserWorkflow drives the editorial workflow in Chromium with the
// keyboard alone (Tab, Space, Enter and typing; no clicks): a contributor
// signs in and submits a practice through the form, an editor asks for
// changes, the contributor edits and resubmits, the editor approves and
// publishes, and the practice is on the public search. axe-core checks
// every page of the way at a desktop's and a phone's width.
func TestBrowserWorkflow(t *testing.T) {
	axe := axeSource(t)
	m := startMain(t)
	contributor, editor := workflowPeople(t, m)
	ctx := browserFor(t, 8*time.Minute)
	do(t, ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	}))
	base := m.URL()

	signIn(t, ctx, base, contributor, "/practices/new")
	checkAxe(t, ctx, axe, "the empty form")
	tabTo(t, ctx, "#f-title", 40)
	do(t, ctx, keys("Keyboard-made practice"))
	tabTo(t, ctx, "#f-summary", 5)
	do(t, ctx, keys("Typed with the keyboard alone."))
	if status := press(t, ctx, `button[value="submit"]`, 400); status != 400 {
		t.Errorf("an incomplete practice submitted: status %d", status)
	}
	// Required fields left empty: the error summary has the focus.
	if got := value(t, ctx, chromedp.Evaluate[string](`document.activeElement.id`)); got != "error-summary" {
		t.Errorf("after a failed submission the focus is on %q, want the error summary", got)
	}
	checkAxe(t, ctx, axe, "the form with errors")
	if v := value(t, ctx, chromedp.Evaluate[string](`document.getElementById("f-title").value`)); v != "Keyboard-made practice" {
		t.Errorf("the title typed was not kept: %q", v)
	}
	tabTo(t, ctx, "#country-code-0", 60)
	do(t, ctx, keys("Philippines"))
	tabTo(t, ctx, "#country-role-0", 3)
	do(t, ctx, keys("origin"))
	tabTo(t, ctx, "#term-theme-0", 40)
	do(t, ctx, chromedp.KeyEvent(" "))
	tabTo(t, ctx, "#source-title-0", 300)
	do(t, ctx, keys("Annual report of the ministry"))
	tabTo(t, ctx, "#f-status", 40)
	do(t, ctx, keys("ongoing"))
	pressOK(t, ctx, `button[value="submit"]`, 300)
	review := pathOf(t, ctx)
	if !strings.HasPrefix(review, "/review/practice/") || !strings.Contains(mainText(t, ctx), "Submitted for review") {
		t.Fatalf("after submitting: at %s: %.500s", review, mainText(t, ctx))
	}
	checkAxe(t, ctx, axe, "the contributor's review page")
	navigate(t, ctx, chromedp.Navigate(base+"/contributions"))
	checkAxe(t, ctx, axe, "contributions")
	signOut(t, ctx, base)

	signIn(t, ctx, base, editor, "/review")
	checkAxe(t, ctx, axe, "the review queue")
	pressOK(t, ctx, fmt.Sprintf(`a[href=%q]`, review), 60)
	checkAxe(t, ctx, axe, "the editor's review page")
	act(t, ctx, "request_changes", "Please name the law.")
	if !strings.Contains(mainText(t, ctx), "Changes requested") {
		t.Fatalf("changes not requested: %.500s", mainText(t, ctx))
	}
	signOut(t, ctx, base)

	signIn(t, ctx, base, contributor, review)
	pressOK(t, ctx, fmt.Sprintf(`a[href=%q]`, review+"/edit"), 40)
	tabTo(t, ctx, "#f-summary", 40)
	do(t, ctx, chromedp.KeyEvent(kb.End), keys(" Under the Migrant Workers Act."))
	pressOK(t, ctx, `button[value="save"]:not([tabindex])`, 400)
	act(t, ctx, "submit", "")
	signOut(t, ctx, base)

	signIn(t, ctx, base, editor, review)
	act(t, ctx, "approve", "")
	act(t, ctx, "publish", "")
	if !strings.Contains(mainText(t, ctx), "Published") {
		t.Fatalf("not published: %.500s", mainText(t, ctx))
	}
	// Version 1 as submitted, 3 as edited (2 is the request for changes).
	navigate(t, ctx, chromedp.Navigate(base+review+"/diff?from=1&to=3"))
	checkAxe(t, ctx, axe, "the diff")
	if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("table.diff ins").length`)); n == 0 {
		t.Errorf("the diff marks no insertion")
	}
	navigate(t, ctx, chromedp.Navigate(base+"/practices?q="+url.QueryEscape(`"Keyboard-made practice"`)))
	if !strings.Contains(mainText(t, ctx), "Keyboard-made practice") {
		t.Errorf("the published practice is not found on /practices")
	}
	navigate(t, ctx, chromedp.Navigate(base+"/practices/keyboard-made-practice"))
	pressOK(t, ctx, `a[href$="/suggest"]`, 100)
	checkAxe(t, ctx, axe, "the suggestion form")
	tabTo(t, ctx, "#s-body", 40)
	do(t, ctx, keys("The law is the Migrant Workers Act of 1995."))
	tabTo(t, ctx, "#s-source-title", 5)
	do(t, ctx, keys("Republic Act No. 8042"))
	pressOK(t, ctx, `form[action$="/suggest"] button[type="submit"]`, 10)
	if !strings.Contains(mainText(t, ctx), "Thank you") {
		t.Errorf("no confirmation after suggesting: %.300s", mainText(t, ctx))
	}
	checkAxe(t, ctx, axe, "the suggestion's confirmation")
}

// TestBrowserWorkflowFormWithoutJavaScript: with scripts off, "Add a row"
// brings the form back with what was typed and more rows, and the form
// saves.
func TestBrowserWorkflowFormWithoutJavaScript(t *testing.T) {
	m := startMain(t)
	contributor, _ := workflowPeople(t, m)
	ctx := browser(t)
	do(t, ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	signIn(t, ctx, m.URL(), contributor, "/practices/new")
	tabTo(t, ctx, "#f-title", 40)
	do(t, ctx, keys("Practice without scripts"))
	rows := `document.querySelectorAll("select[name=country_code]").length`
	before := value(t, ctx, chromedp.Evaluate[int](rows))
	pressOK(t, ctx, `button[name="add"][value="countries"]`, 60)
	if after := value(t, ctx, chromedp.Evaluate[int](rows)); after <= before {
		t.Errorf("Add a row: %d country rows, was %d", after, before)
	}
	if v := value(t, ctx, chromedp.Evaluate[string](`document.getElementById("f-title").value`)); v != "Practice without scripts" {
		t.Errorf("Add a row lost the title: %q", v)
	}
	if status := press(t, ctx, `button[value="draft"]:not([tabindex])`, 400); status != 400 {
		t.Errorf("an incomplete draft: status %d", status)
	}
	if !strings.Contains(mainText(t, ctx), "There is a problem") {
		t.Errorf("an incomplete draft was not refused with its problems")
	}
}
