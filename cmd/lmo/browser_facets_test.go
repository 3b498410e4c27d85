package main

import (
	"net/url"
	"reflect"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserInstrumentFacet: the instrument facet filters like the others.
// With JavaScript, ticking an instrument updates the results in place and
// announces the new count; without it, the box waits for Apply, which
// loads the search's permalink.
func TestBrowserInstrumentFacet(t *testing.T) {
	for _, js := range []bool{true, false} {
		m := startMain(t)
		ctx := browser(t)
		if !js {
			noScript(t, ctx)
		}
		navigate(t, ctx, chromedp.Navigate(m.URL()+"/practices?region=arab-states"))
		before := value(t, ctx, chromedp.Text(chromedp.CSS("#count")))
		box := `#facet-instrument input[name="instrument"][value="C189"]`
		if js {
			do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.lmoSamePage = true`))
			do(t, ctx, chromedp.Click(chromedp.CSS(box)))
			waitFor(t, ctx, `document.getElementById("count").textContent !== `+jsString(before))
			if !value(t, ctx, chromedp.Evaluate[bool](`window.lmoSamePage === true`)) {
				t.Errorf("ticking an instrument loaded a new page")
			}
			if live := value(t, ctx, chromedp.Evaluate[string](`document.getElementById("count").getAttribute("aria-live") || ""`)); live != "polite" {
				t.Errorf("the count is not announced (aria-live %q)", live)
			}
			if focused := value(t, ctx, chromedp.Evaluate[string](`document.activeElement.name + "=" + document.activeElement.value`)); focused != "instrument=C189" {
				t.Errorf("focus after filtering is on %q, want the box just ticked", focused)
			}
		} else {
			do(t, ctx, chromedp.Click(chromedp.CSS(box)))
			if value(t, ctx, chromedp.Location()) != m.URL()+"/practices?region=arab-states" {
				t.Fatalf("ticking a box navigated without JavaScript")
			}
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`button.apply`)))
		}
		const query = "instrument=C189&region=arab-states"
		count := value(t, ctx, chromedp.Text(chromedp.CSS("#count")))
		if want := apiTotal(t, m.URL(), query); shownCount(t, count) != want || want == 0 {
			t.Errorf("JavaScript %v: the page shows %q, the API says %d", js, count, want)
		}
		// The address is the search's permalink (with JavaScript, its
		// parameters in the form's order).
		loc, err := url.Parse(value(t, ctx, chromedp.Location()))
		if want, _ := url.ParseQuery(query); err != nil || loc.Path != "/practices" || !reflect.DeepEqual(loc.Query(), want) {
			t.Errorf("JavaScript %v: the address is %v, want the search's permalink", js, loc)
		}
		chip := `button[name="remove"][value="instrument:C189"]`
		if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(chip)+`).length`)); n != 1 {
			t.Errorf("JavaScript %v: %d remove buttons for the instrument, want 1", js, n)
		}
	}
}
