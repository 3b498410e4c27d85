package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// waitFor waits until a JavaScript expression is true on the page.
func waitFor(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("waiting for %s: %v", expr, err)
	}
}

// noScript disables JavaScript in the browser.
func noScript(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
}

// TestBrowserSearchPhone: on a 390x844 phone, with and without
// JavaScript, the result count and the first result are on the first
// screen, and the filters wait behind a "Filters" control that opens
// without JavaScript and says how many are active.
func TestBrowserSearchPhone(t *testing.T) {
	for _, js := range []bool{true, false} {
		m := startMain(t)
		ctx := browser(t)
		if !js {
			noScript(t, ctx)
		}
		do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
		navigate(t, ctx, chromedp.Navigate(m.URL()+"/practices?region=africa&status=ongoing"))
		bottom := value(t, ctx, chromedp.Evaluate[float64](`document.getElementById("count").getBoundingClientRect().bottom`))
		if bottom <= 0 || bottom > 844 {
			t.Errorf("JavaScript %v: the result count ends %.0f px down, not on the first screen (844 px)", js, bottom)
		}
		first := value(t, ctx, chromedp.Evaluate[float64](`document.querySelector("ol.hits li").getBoundingClientRect().top`))
		if first > 844 {
			t.Errorf("JavaScript %v: the first result starts %.0f px down, below the first screen", js, first)
		}
		summary := value(t, ctx, chromedp.Text(chromedp.CSS("#filters > summary")))
		if summary != "Filters (2 active)" {
			t.Errorf("JavaScript %v: the filters control reads %q, want %q", js, summary, "Filters (2 active)")
		}
		if value(t, ctx, chromedp.Evaluate[bool](`document.getElementById("filters").open`)) {
			t.Errorf("JavaScript %v: the filters are open on a phone", js)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS("#filters > summary")))
		waitFor(t, ctx, `document.getElementById("filters").open && document.querySelector("button.apply").getBoundingClientRect().height > 0`)
		// Apply is not sticky: it covers no label.
		if pos := value(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("button.apply")).position`)); pos == "sticky" || pos == "fixed" {
			t.Errorf("JavaScript %v: the Apply button is %s and covers the labels under it", js, pos)
		}
		// Tick a box and apply: the person is back at the results, the
		// filters closed, with the new count on the screen.
		do(t, ctx, chromedp.Click(chromedp.CSS(`input[name="region"][value="arab-states"]`)))
		if js {
			do(t, ctx, chromedp.Click(chromedp.CSS(`button.apply`)))
			waitFor(t, ctx, `location.search.indexOf("region=arab-states") >= 0 && !document.getElementById("filters").open`)
			if id := value(t, ctx, chromedp.Evaluate[string](`document.activeElement.id`)); id != "results-h" {
				t.Errorf("after Apply on a phone, focus is on %q, want the Results heading", id)
			}
		} else {
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`button.apply`)))
		}
		count := value(t, ctx, chromedp.Text(chromedp.CSS("#count")))
		if want := apiTotal(t, m.URL(), "region=africa&region=arab-states&status=ongoing"); shownCount(t, count) != want {
			t.Errorf("JavaScript %v: after Apply the page shows %q, the API says %d", js, count, want)
		}
		if top := value(t, ctx, chromedp.Evaluate[float64](`document.getElementById("count").getBoundingClientRect().top`)); top < 0 || top > 844 {
			t.Errorf("JavaScript %v: after Apply the count is at %.0f px, not on the screen", js, top)
		}
	}
}

// TestBrowserSortKeyboard: WCAG 3.2.2 (On Input). Changing the sort order
// with the keyboard does not load another page: the results are sorted in
// place and the address follows.
func TestBrowserSortKeyboard(t *testing.T) {
	m := startMain(t)
	ctx := browser(t)
	navigate(t, ctx, chromedp.Navigate(m.URL()+"/practices"))
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.lmoSamePage = true`))
	do(t, ctx, chromedp.Focus(chromedp.CSS("#sort")), chromedp.KeyEvent(kb.ArrowDown))
	waitFor(t, ctx, `location.search.indexOf("sort=newest") >= 0`)
	if !value(t, ctx, chromedp.Evaluate[bool](`window.lmoSamePage === true`)) {
		t.Errorf("changing the sort with the keyboard loaded a new page")
	}
	if id := value(t, ctx, chromedp.Evaluate[string](`document.activeElement.id`)); id != "sort" {
		t.Errorf("after sorting, focus is on %q, want the sort control", id)
	}
	if v := value(t, ctx, chromedp.Evaluate[string](`document.getElementById("sort").value`)); v != "newest" {
		t.Errorf("the sort control reads %q", v)
	}
}

// TestBrowserFilterAnnounces: with JavaScript, ticking a filter keeps the
// focus on the box, puts the new count in an aria-live region, updates the
// filters control, the title and the head's feed link, and makes the
// address the search's permalink.
func TestBrowserFilterAnnounces(t *testing.T) {
	m := startMain(t)
	ctx := browser(t)
	navigate(t, ctx, chromedp.Navigate(m.URL()+"/practices"))
	before := value(t, ctx, chromedp.Text(chromedp.CSS("#count")))
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.lmoSamePage = true`))
	do(t, ctx, chromedp.Click(chromedp.CSS(`input[name="status"][value="completed"]`)))
	waitFor(t, ctx, `document.getElementById("count").textContent !== `+jsString(before))
	if !value(t, ctx, chromedp.Evaluate[bool](`window.lmoSamePage === true`)) {
		t.Errorf("ticking a filter loaded a new page")
	}
	count := value(t, ctx, chromedp.Text(chromedp.CSS("#count")))
	if want := apiTotal(t, m.URL(), "status=completed"); shownCount(t, count) != want {
		t.Errorf("the page shows %q, the API says %d", count, want)
	}
	live := value(t, ctx, chromedp.Evaluate[string](`(function () { var el = document.getElementById("count").closest("[aria-live]"); return el ? el.getAttribute("aria-live") : ""; })()`))
	if live != "polite" && live != "assertive" {
		t.Errorf("the count is not in an aria-live region (%q)", live)
	}
	if focused := value(t, ctx, chromedp.Evaluate[string](`document.activeElement.name + "=" + document.activeElement.value`)); focused != "status=completed" {
		t.Errorf("focus after filtering is on %q, want the box just ticked", focused)
	}
	if loc := value(t, ctx, chromedp.Location()); loc != m.URL()+"/practices?status=completed" {
		t.Errorf("the address is %s, want the search's permalink", loc)
	}
	if feed := value(t, ctx, chromedp.Evaluate[string](`document.querySelector("link[type='application/atom+xml']").getAttribute("href")`)); feed != "/practices/feed.atom?status=completed" {
		t.Errorf("the head's feed link is %q", feed)
	}
	if title := value(t, ctx, chromedp.Evaluate[string](`document.title`)); !strings.Contains(title, "Completed") {
		t.Errorf("the title %q does not name the filter", title)
	}
	// On a desktop the control is hidden and the filters shown: read its text.
	if summary := value(t, ctx, chromedp.Evaluate[string](`document.querySelector("#filters > summary").textContent`)); summary != "Filters (1 active)" {
		t.Errorf("the filters control reads %q", summary)
	}
}

// jsString quotes s as a JavaScript string.
func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// TestBrowserYearError: with JavaScript, a year that is not one gets its
// message beside the field, in place, and the person's words stay.
func TestBrowserYearError(t *testing.T) {
	m := startMain(t)
	ctx := browser(t)
	navigate(t, ctx, chromedp.Navigate(m.URL()+"/practices"))
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.lmoSamePage = true`))
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#year_from"), "abc"+kb.Tab))
	waitFor(t, ctx, `document.getElementById("years-error").textContent.indexOf("Enter a year") >= 0`)
	if !value(t, ctx, chromedp.Evaluate[bool](`window.lmoSamePage === true`)) {
		t.Errorf("a wrong year loaded a new page")
	}
	if v := value(t, ctx, chromedp.Evaluate[string](`document.getElementById("year_from").value`)); v != "abc" {
		t.Errorf("the year field reads %q, want the words typed", v)
	}
	if inv := value(t, ctx, chromedp.Evaluate[string](`document.getElementById("year_from").getAttribute("aria-invalid") || ""`)); inv != "true" {
		t.Errorf("the year field is not marked invalid")
	}
}
