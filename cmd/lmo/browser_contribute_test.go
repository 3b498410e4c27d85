package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// signInAtLink follows, by the keyboard, a link to a personal page as a
// person who is not signed in: it leads to sign in, and signing in comes
// back to the link's page.
func signInAtLink(t *testing.T, ctx context.Context, email, href string) {
	t.Helper()
	pressOK(t, ctx, `main a[href="`+href+`"]`, 40)
	if got := pathOf(t, ctx); got != "/signin" {
		t.Fatalf("%s without signing in: at %s, want /signin", href, got)
	}
	tabTo(t, ctx, "#email", 40)
	do(t, ctx, keys(email))
	tabTo(t, ctx, "#password", 5)
	do(t, ctx, keys(workflowPassword))
	navigate(t, ctx, chromedp.KeyEvent(kb.Enter))
	if got := pathOf(t, ctx); got != href {
		t.Fatalf("signed in at %s, want back at %s", got, href)
	}
}

// checkFormPage runs axe-core on a form's page at a desktop's and a
// phone's width, and checks that the page is no wider than the phone.
func checkFormPage(t *testing.T, ctx context.Context, axe, what string) {
	t.Helper()
	checkAxe(t, ctx, axe, what)
	do(t, ctx, chromedp.EmulateViewport(390, 844))
	if !value(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`)) {
		t.Errorf("%s: the page is wider than a phone", what)
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 900))
}

// typeInto reaches a field by Tab and types text into it (into a select:
// the first letters of the option to choose).
func typeInto(t *testing.T, ctx context.Context, selector, text string, limit int) {
	t.Helper()
	tabTo(t, ctx, selector, limit)
	do(t, ctx, keys(text))
}

// check reaches a check box or radio button by Tab and presses Space.
func check(t *testing.T, ctx context.Context, selector string, limit int) {
	t.Helper()
	tabTo(t, ctx, selector, limit)
	do(t, ctx, chromedp.KeyEvent(" "))
}

// focusedID is the id of the element that has the focus.
func focusedID(t *testing.T, ctx context.Context) string {
	t.Helper()
	return value(t, ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ""`))
}

// TestBrowserContributeAgreementAndProject: a contributor proposes an
// agreement and a project in Chromium with the keyboard alone, from the
// lists' "Propose" links (which lead to sign in first). A submission that
// fails puts the focus on the error summary and keeps what was typed.
// axe-core checks the forms, empty and with errors, and the review pages at
// a desktop's and a phone's width.
func TestBrowserContributeAgreementAndProject(t *testing.T) {
	axe := axeSource(t)
	m := startMain(t)
	contributor, _ := workflowPeople(t, m)
	ctx := browserFor(t, 6*time.Minute)
	do(t, ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	}))
	base := m.URL()

	navigate(t, ctx, chromedp.Navigate(base+"/agreements"))
	signInAtLink(t, ctx, contributor, "/agreements/new")
	checkFormPage(t, ctx, axe, "the empty agreement form")
	typeInto(t, ctx, "#f-title", "Keyboard-made agreement", 40)
	check(t, ctx, "#c-type-0", 10) // a social security agreement
	typeInto(t, ctx, "#party-0", "Nepal", 10)
	if status := press(t, ctx, `button[value="submit"]`, 200); status != 400 {
		t.Errorf("an agreement with one party and no source submitted: status %d", status)
	}
	if got := focusedID(t, ctx); got != "error-summary" {
		t.Errorf("after a failed submission the focus is on %q, want the error summary", got)
	}
	checkFormPage(t, ctx, axe, "the agreement form with errors")
	if v := value(t, ctx, chromedp.Evaluate[string](`document.getElementById("party-0").value`)); v != "NP" {
		t.Errorf("the party chosen was not kept: %q", v)
	}
	typeInto(t, ctx, "#party-1", "Portugal", 60)
	typeInto(t, ctx, "#f-signed", "2010", 20)
	typeInto(t, ctx, "#f-in-force", "2011-02", 5)
	check(t, ctx, "#c-branches-2", 20) // old age
	// The yes/no/unknown groups start at "Not known": the arrows choose.
	tabTo(t, ctx, `input[name="benefits_abroad"]:checked`, 20)
	do(t, ctx, chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowUp))
	typeInto(t, ctx, "#source-title-0", "Agreement on social security", 40)
	typeInto(t, ctx, "#source-url-0", "https://example.org/np-pt", 5)
	pressOK(t, ctx, `button[value="submit"]`, 100)
	review := pathOf(t, ctx)
	text := mainText(t, ctx)
	if !strings.HasPrefix(review, "/review/agreement/") || !strings.Contains(text, "Submitted for review") {
		t.Fatalf("after submitting: at %s: %.500s", review, text)
	}
	for _, want := range []string{"Nepal (NP)", "Portugal (PT)", "2011-02", "Old age", "Benefits paid abroad\nYes"} {
		if !strings.Contains(text, want) {
			t.Errorf("the agreement's review page lacks %q", want)
		}
	}
	checkAxe(t, ctx, axe, "the agreement's review page")

	navigate(t, ctx, chromedp.Navigate(base+"/projects"))
	pressOK(t, ctx, `main a[href="/projects/new"]`, 40)
	checkFormPage(t, ctx, axe, "the empty project form")
	typeInto(t, ctx, "#f-title", "Keyboard-made project", 40)
	typeInto(t, ctx, "#country-0", "Nepal", 20)
	if status := press(t, ctx, `button[value="submit"]`, 200); status != 400 {
		t.Errorf("a project with no implementer and no source submitted: status %d", status)
	}
	if got := focusedID(t, ctx); got != "error-summary" {
		t.Errorf("after a failed submission the focus is on %q, want the error summary", got)
	}
	checkFormPage(t, ctx, axe, "the project form with errors")
	tabTo(t, ctx, `#error-summary a[href="#implementer-0"]`, 10)
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	if got := focusedID(t, ctx); got != "implementer-0" {
		t.Errorf("the error summary's link put the focus on %q, want the first implementer", got)
	}
	do(t, ctx, keys("International Labour"))
	typeInto(t, ctx, "#f-start", "2020-01", 20)
	typeInto(t, ctx, "#f-budget-amount", "1,200,000", 10)
	typeInto(t, ctx, "#f-budget-currency", "USD", 5)
	check(t, ctx, "#c-themes-0", 20)
	typeInto(t, ctx, "#source-title-0", "Project page", 80)
	typeInto(t, ctx, "#source-url-0", "https://example.org/project", 5)
	pressOK(t, ctx, `button[value="submit"]`, 100)
	review = pathOf(t, ctx)
	text = mainText(t, ctx)
	if !strings.HasPrefix(review, "/review/project/") || !strings.Contains(text, "Submitted for review") {
		t.Fatalf("after submitting: at %s: %.500s", review, text)
	}
	for _, want := range []string{"Nepal", "International Labour Organization", "USD 1,200,000", "Fair recruitment"} {
		if !strings.Contains(text, want) {
			t.Errorf("the project's review page lacks %q", want)
		}
	}
	checkAxe(t, ctx, axe, "the project's review page")
	pressOK(t, ctx, `main a[href="`+review+`/edit"]`, 40)
	checkFormPage(t, ctx, axe, "the project's edit form")
}

// TestBrowserContributeWithoutJavaScript: with scripts off, "Add a row"
// brings each form back with what was typed and more rows, and both forms
// post and land on their review pages.
func TestBrowserContributeWithoutJavaScript(t *testing.T) {
	m := startMain(t)
	contributor, _ := workflowPeople(t, m)
	ctx := browserFor(t, 3*time.Minute)
	noScript(t, ctx)
	navigate(t, ctx, chromedp.Navigate(m.URL()+"/agreements"))
	signInAtLink(t, ctx, contributor, "/agreements/new")
	typeInto(t, ctx, "#f-title", "Agreement without scripts", 40)
	rows := `document.querySelectorAll("select[name=party]").length`
	before := value(t, ctx, chromedp.Evaluate[int](rows))
	pressOK(t, ctx, `button[name="add"][value="parties"]`, 60)
	if after := value(t, ctx, chromedp.Evaluate[int](rows)); after <= before {
		t.Errorf("Add a row: %d party rows, was %d", after, before)
	}
	if v := value(t, ctx, chromedp.Evaluate[string](`document.getElementById("f-title").value`)); v != "Agreement without scripts" {
		t.Errorf("Add a row lost the title: %q", v)
	}
	// A radio group is one stop of Tab; the arrows choose within it.
	tabTo(t, ctx, "#c-type-0", 20)
	do(t, ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown)) // a memorandum of understanding
	typeInto(t, ctx, "#party-0", "Philippines", 10)
	typeInto(t, ctx, "#party-1", "Saudi Arabia", 5)
	typeInto(t, ctx, "#source-title-0", "Memorandum", 80)
	typeInto(t, ctx, "#source-url-0", "https://example.org/mou", 5)
	pressOK(t, ctx, `button[value="draft"]:not([tabindex])`, 100)
	if got, text := pathOf(t, ctx), mainText(t, ctx); !strings.HasPrefix(got, "/review/agreement/") || !strings.Contains(text, "Draft") ||
		!strings.Contains(text, "Memorandum of understanding") {
		t.Errorf("the agreement's draft: at %s: %.300s", got, mainText(t, ctx))
	}

	navigate(t, ctx, chromedp.Navigate(m.URL()+"/projects/new"))
	typeInto(t, ctx, "#f-title", "Project without scripts", 40)
	rows = `document.querySelectorAll("select[name=implementer]").length`
	before = value(t, ctx, chromedp.Evaluate[int](rows))
	pressOK(t, ctx, `button[name="add"][value="implementers"]`, 60)
	if after := value(t, ctx, chromedp.Evaluate[int](rows)); after <= before {
		t.Errorf("Add a row: %d implementer rows, was %d", after, before)
	}
	check(t, ctx, "#f-global", 40)
	typeInto(t, ctx, "#implementer-0", "International Organization for", 10)
	typeInto(t, ctx, "#source-title-0", "Project page", 120)
	typeInto(t, ctx, "#source-url-0", "https://example.org/p", 5)
	pressOK(t, ctx, `button[value="submit"]`, 100)
	if got := pathOf(t, ctx); !strings.HasPrefix(got, "/review/project/") || !strings.Contains(mainText(t, ctx), "Submitted for review") {
		t.Errorf("the project: at %s: %.300s", got, mainText(t, ctx))
	}
}
