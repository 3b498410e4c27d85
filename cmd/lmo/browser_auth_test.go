package main

import (
	"context"
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

// browserPassword is the password of the accounts the browser tests make.
const browserPassword = "correct horse battery staple"

// addBrowserAccount makes an account with browserPassword, as `lmo user`
// does.
func addBrowserAccount(t *testing.T, m *Main, email, name, role string) {
	t.Helper()
	ctx := lmo.NewContextWithUser(context.Background(), lmo.SystemUser)
	a := &lmo.Account{Email: email, Name: name, Role: role}
	if err := m.DB.CreateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := m.DB.SetPassword(ctx, a.ID, browserPassword); err != nil {
		t.Fatal(err)
	}
}

// activeID returns the id of the focused element.
func activeID(t *testing.T, ctx context.Context) string {
	t.Helper()
	return value(t, ctx, chromedp.Evaluate[string](`(document.activeElement || {}).id || (document.activeElement || {}).className || ""`))
}

// TestBrowserSignInKeyboard signs in with the keyboard alone: Tab to each
// field, type, Enter. A wrong password first: the page comes back with the
// error summary focused (and role="alert", so it is announced), the email
// kept and the password empty.
func TestBrowserSignInKeyboard(t *testing.T) {
	m := startMain(t)
	addBrowserAccount(t, m, "ada@example.org", "Ada Lovelace", lmo.RoleContributor)
	ctx := browser(t)
	navigate(t, ctx, chromedp.Navigate(m.URL()+"/account"))
	if loc := value(t, ctx, chromedp.Location()); loc != m.URL()+"/signin?next=%2Faccount" {
		t.Fatalf("the account page, signed out, went to %s", loc)
	}
	tabTo(t, ctx, "#email", 40)
	do(t, ctx, chromedp.KeyEvent("ada@example.org"))
	tabTo(t, ctx, "#password", 40)
	do(t, ctx, chromedp.KeyEvent("not the password"))
	do(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	if id := activeID(t, ctx); id != "error-summary" && !strings.Contains(id, "error-summary") {
		t.Errorf("after a failed sign-in the focus is on %q, not the error summary", id)
	}
	if role := value(t, ctx, chromedp.Evaluate[string](`document.querySelector(".error-summary").getAttribute("role")`)); role != "alert" {
		t.Errorf("the error summary's role is %q", role)
	}
	if title := value(t, ctx, chromedp.Evaluate[string](`document.title`)); !strings.HasPrefix(title, "Error: ") {
		t.Errorf("the title %q does not say there is an error", title)
	}
	if v := value(t, ctx, chromedp.Evaluate[string](`document.getElementById("email").value + "|" + document.getElementById("password").value`)); v != "ada@example.org|" {
		t.Errorf("the fields came back as %q", v)
	}
	// From the summary, Tab reaches its link to the field.
	do(t, ctx, chromedp.KeyEvent(kb.Tab))
	if href := value(t, ctx, chromedp.Evaluate[string](`(function (a) { return a && a.getAttribute ? a.getAttribute("href") || "" : "" })(document.activeElement)`)); href != "#email" {
		t.Errorf("Tab from the error summary reaches %q, not its link to the field", href)
	}
	tabTo(t, ctx, "#password", 40)
	do(t, ctx, chromedp.KeyEvent(browserPassword))
	navigate(t, ctx, chromedp.KeyEvent(kb.Enter))
	if loc := value(t, ctx, chromedp.Location()); loc != m.URL()+"/account" {
		t.Fatalf("signed in, the browser is at %s", loc)
	}
	if h := value(t, ctx, chromedp.Text(chromedp.CSS("main"))); !strings.Contains(h, "Ada Lovelace") {
		t.Errorf("the account page does not show who signed in")
	}
}

// TestBrowserSignInWithoutJavaScript: signing in and out works with
// scripts disabled.
func TestBrowserSignInWithoutJavaScript(t *testing.T) {
	m := startMain(t)
	addBrowserAccount(t, m, "ada@example.org", "Ada Lovelace", lmo.RoleContributor)
	ctx := browser(t)
	do(t, ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	navigate(t, ctx, chromedp.Navigate(m.URL()+"/signin?next=%2Fpractices"))
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#email"), "ada@example.org"), chromedp.SendKeys(chromedp.CSS("#password"), browserPassword))
	navigate(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/signin"] button`)))
	if loc := value(t, ctx, chromedp.Location()); loc != m.URL()+"/practices" {
		t.Fatalf("without JavaScript, signing in went to %s", loc)
	}
	navigate(t, ctx, chromedp.Navigate(m.URL()+"/account"))
	navigate(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/signout"] button`)))
	if loc := value(t, ctx, chromedp.Location()); loc != m.URL()+"/signin?out=1" {
		t.Errorf("without JavaScript, signing out went to %s", loc)
	}
}

// browserSignIn signs the browser in through the form.
func browserSignIn(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	navigate(t, ctx, chromedp.Navigate(base+"/signin"))
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), browserPassword))
	navigate(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/signin"] button`)))
}

// tooWide lists the elements that reach past the viewport's right edge
// (outside a scrolling table).
const tooWide = `(function () {
	var out = [];
	document.querySelectorAll("body *").forEach(function (e) {
		var r = e.getBoundingClientRect();
		if (r.right > window.innerWidth + 1 && !e.closest(".table-wrap")) out.push(e.tagName + "." + e.className + "#" + e.id + ":" + Math.round(r.right));
	});
	return out.slice(0, 10).join(" ");
})()`

// TestBrowserAccessibilityAccounts runs axe-core on the account pages, at a
// desktop and a phone width and in dark mode: the sign-in page (and with
// its errors), the account page (and with a new token's secret), the audit
// log and the accounts page; and checks that no page, the header included,
// is wider than a 390 px phone.
func TestBrowserAccessibilityAccounts(t *testing.T) {
	axe := axeSource(t)
	m := startMain(t)
	addBrowserAccount(t, m, "root@example.org", "Root Admin", lmo.RoleAdmin)
	ctx := browserFor(t, 5*time.Minute)
	do(t, ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	}))
	// The failed sign-in and the new token are answers to forms: check them
	// as they come.
	type step struct {
		name string
		load func()
	}
	steps := []step{
		{"/signin?out=1", func() {
			navigate(t, ctx, chromedp.Navigate(m.URL()+"/signout"))
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/signout"] button`)))
		}},
		{"/", func() { navigate(t, ctx, chromedp.Navigate(m.URL()+"/")) }},
		{"/signin", func() { navigate(t, ctx, chromedp.Navigate(m.URL()+"/signin")) }},
		{"/signin (errors)", func() {
			navigate(t, ctx, chromedp.Navigate(m.URL()+"/signin"))
			do(t, ctx, chromedp.SendKeys(chromedp.CSS("#email"), "root@example.org"))
			do(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/signin"] button`)), chromedp.WaitVisible(chromedp.CSS(".error-summary")))
		}},
		{"/account", func() {
			browserSignIn(t, ctx, m.URL(), "root@example.org")
			navigate(t, ctx, chromedp.Navigate(m.URL()+"/account"))
		}},
		{"/account (new token)", func() {
			do(t, ctx, chromedp.SendKeys(chromedp.CSS("#name"), "harvester"))
			do(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/account/tokens"] button`)), chromedp.WaitVisible(chromedp.CSS("#new-token")))
		}},
		{"/admin/users", func() { navigate(t, ctx, chromedp.Navigate(m.URL()+"/admin/users")) }},
		{"/admin/audit", func() { navigate(t, ctx, chromedp.Navigate(m.URL()+"/admin/audit")) }},
		{"/admin/audit (errors)", func() {
			do(t, ctx, chromedp.Navigate(m.URL()+"/admin/audit?from=yesterday"))
		}},
	}
	for _, v := range views {
		do(t, ctx, chromedp.EmulateViewport(v.width, v.height), colourScheme(v.dark))
		for _, s := range steps {
			s.load()
			for _, problem := range axeRun(t, ctx, axe) {
				t.Errorf("%s (%s): %s", s.name, v.name, problem)
			}
			if w := value(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > int(v.width) {
				t.Errorf("%s (%s): the page is %d px wide: %s", s.name, v.name, w, value(t, ctx, chromedp.Evaluate[string](tooWide)))
			}
			// The header's menu shows all its links without scrolling, and
			// the account link is on the screen.
			if fits := value(t, ctx, chromedp.Evaluate[bool](`(function () {
				var ul = document.querySelector("header nav ul"), a = document.querySelector(".account-link");
				return ul.scrollWidth <= ul.clientWidth && a.getBoundingClientRect().right <= window.innerWidth;
			})()`)); !fits {
				t.Errorf("%s (%s): the header does not fit", s.name, v.name)
			}
		}
	}
}
