package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserRemoveFilter clicks a filter's remove button, with and
// without JavaScript: the button submits the search form with every other
// filter (changed_since included, from its hidden field), and the server
// redirects to the permalink without the one removed. Enter in the search
// box still searches: the form's default button is Search.
func TestBrowserRemoveFilter(t *testing.T) {
	const (
		search = "q=workers&region=arab-states&region=africa&stage=employment&changed_since=2000-01-01"
		after  = "/practices?changed_since=2000-01-01T00%3A00%3A00Z&q=workers&region=africa&stage=employment"
	)
	for _, js := range []bool{true, false} {
		m := startMain(t)
		ctx := browser(t)
		if !js {
			do(t, ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
				_, err := cdp.Call(ctx, target, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
				return err
			}))
		}
		navigate(t, ctx, chromedp.Navigate(m.URL()+"/practices?"+search))
		navigate(t, ctx, chromedp.Click(chromedp.CSS(`button[name="remove"][value="region:arab-states"]`)))
		if loc := value(t, ctx, chromedp.Location()); loc != m.URL()+after {
			t.Errorf("JavaScript %v: after removing the Arab States, at %s, want %s", js, loc, after)
		}
		count := value(t, ctx, chromedp.Text(chromedp.CSS("#count")))
		if want := apiTotal(t, m.URL(), "q=workers&region=africa&stage=employment&changed_since=2000-01-01"); shownCount(t, count) != want {
			t.Errorf("JavaScript %v: the page shows %q, the API says %d", js, count, want)
		}
		navigate(t, ctx, chromedp.SendKeys(chromedp.CSS("#q"), "domestic \n"))
		if loc := value(t, ctx, chromedp.Location()); !strings.Contains(loc, "region=africa") || strings.Contains(loc, "remove=") {
			t.Errorf("JavaScript %v: Enter in the search box went to %s", js, loc)
		}
	}
}
