package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// countriesShown reads the count of countries the index says it shows.
const countriesShown = `document.getElementById("countries-shown").textContent`

// visibleCountries counts the rows of the index a person can see.
const visibleCountries = `Array.prototype.filter.call(document.querySelectorAll("#country-groups li"),
	function (li) { return li.getBoundingClientRect().height > 0; }).length`

// listColumns counts the columns the first region's list is laid out in.
const listColumns = `(function () {
	var lefts = {};
	document.querySelectorAll(".region-group:not([hidden]) .country-list")[0].querySelectorAll("li").forEach(
		function (li) { lefts[Math.round(li.getBoundingClientRect().left)] = true; });
	return Object.keys(lefts).length;
})()`

// TestBrowserCountries: on a phone and on a desktop, the countries index
// is laid out in one column and in several; typing in the name filter
// filters the rows in place (nothing navigates), the count in the aria-live
// region follows, and the address stays the filter's permalink. Starting
// from a filtered address, typing still finds every country.
func TestBrowserCountries(t *testing.T) {
	m := startMain(t)
	for _, vp := range []struct {
		width, height int64
		columns       func(int) bool
	}{
		{390, 844, func(n int) bool { return n == 1 }},
		{1280, 900, func(n int) bool { return n >= 3 }},
	} {
		ctx := browser(t)
		do(t, ctx, chromedp.EmulateViewport(vp.width, vp.height))
		navigate(t, ctx, chromedp.Navigate(m.URL()+"/countries"))
		if n := value(t, ctx, chromedp.Evaluate[int](listColumns)); !vp.columns(n) {
			t.Errorf("%d px: the list of countries is in %d columns", vp.width, n)
		}
		if live := value(t, ctx, chromedp.Evaluate[string](`document.getElementById("countries-count").getAttribute("aria-live")`)); live != "polite" {
			t.Errorf("%d px: the count's aria-live is %q", vp.width, live)
		}
		do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.lmoSamePage = true`))
		do(t, ctx, chromedp.SendKeys(chromedp.CSS("#cq"), "tanzania"))
		waitFor(t, ctx, countriesShown+` === "1"`)
		if n := value(t, ctx, chromedp.Evaluate[int](visibleCountries)); n != 1 {
			t.Errorf("%d px: after typing, %d rows are visible, want 1", vp.width, n)
		}
		if !value(t, ctx, chromedp.Evaluate[bool](`window.lmoSamePage === true`)) {
			t.Errorf("%d px: typing in the filter loaded another page", vp.width)
		}
		if loc := value(t, ctx, chromedp.Location()); !strings.HasSuffix(loc, "/countries?q=tanzania") {
			t.Errorf("%d px: the address is %s, not the filter's permalink", vp.width, loc)
		}

		// From an address that the server filtered (only countries with
		// practices), widening the filter in place brings every row back.
		navigate(t, ctx, chromedp.Navigate(m.URL()+"/countries?with=practices"))
		withPractices := value(t, ctx, chromedp.Evaluate[string](countriesShown))
		do(t, ctx, chromedp.Click(chromedp.CSS("#cwith")))
		waitFor(t, ctx, countriesShown+` === "249"`)
		do(t, ctx, chromedp.SendKeys(chromedp.CSS("#cq"), "congo"))
		waitFor(t, ctx, countriesShown+` === "2"`) // Congo, and the Democratic Republic of the Congo
		if withPractices == "249" || withPractices == "0" {
			t.Errorf("%d px: with=practices shows %s countries", vp.width, withPractices)
		}
	}
}

// TestBrowserCountriesNoScript: without JavaScript the same form filters
// on the server: a name and Enter, then the box for countries with
// practices and the Filter button.
func TestBrowserCountriesNoScript(t *testing.T) {
	m := startMain(t)
	ctx := browser(t)
	noScript(t, ctx)
	do(t, ctx, chromedp.EmulateViewport(390, 844))
	navigate(t, ctx, chromedp.Navigate(m.URL()+"/countries"))
	navigate(t, ctx, chromedp.SendKeys(chromedp.CSS("#cq"), "republic\n"))
	shown := value(t, ctx, chromedp.Evaluate[string](countriesShown))
	if shown == "249" || shown == "0" {
		t.Errorf("after searching 'republic' the page shows %s countries", shown)
	}
	if n := value(t, ctx, chromedp.Evaluate[int](visibleCountries)); shown != strconv.Itoa(n) {
		t.Errorf("the page says %s countries and shows %d", shown, n)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("#cwith")))
	navigate(t, ctx, chromedp.Click(chromedp.CSS(`#country-filter button[type="submit"]`)))
	if loc := value(t, ctx, chromedp.Location()); !strings.Contains(loc, "q=republic") || !strings.Contains(loc, "with=practices") {
		t.Errorf("the form went to %s", loc)
	}
	if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#country-groups .practice-count.none").length`)); n != 0 {
		t.Errorf("with=practices still lists %d countries without practices", n)
	}
}
