package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// placePages are the place pages walked: a country with rich data, one
// with none, a corridor and a region; each with what it must show.
var placePages = []struct{ path, h1, shows string }{
	{"/countries/PH", "Philippines", `a[href="/corridors/PH-SA"]`},
	{"/countries/BV", "Bouvet Island", `section.corridors p.notice`},
	{"/corridors/PH-SA", "Philippines to Saudi Arabia", `section[aria-labelledby="stock-h"] svg`},
	{"/regions/arab-states", "Arab States", `ul.members a[href="/countries/SA"]`},
}

// TestBrowserPlaces walks the place pages at 1280 and 390 px: axe-core
// finds nothing, nothing overflows a phone's width, and each page shows
// its blocks; then again without JavaScript, where the same blocks are
// there (the pages are all server-rendered).
func TestBrowserPlaces(t *testing.T) {
	axe := axeSource(t)
	m := startMain(t)
	ctx := browserFor(t, 5*time.Minute)
	do(t, ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	}))
	for _, width := range []int64{1280, 390} {
		do(t, ctx, chromedp.EmulateViewport(width, 900))
		for _, p := range placePages {
			navigate(t, ctx, chromedp.Navigate(m.URL()+p.path))
			checkPlace(t, ctx, p.path, p.h1, p.shows)
			for _, problem := range axeRun(t, ctx, axe) {
				t.Errorf("%s (%d px): %s", p.path, width, problem)
			}
			if w := value(t, ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`)); w > float64(width) {
				t.Errorf("%s (%d px): the page is %v px wide", p.path, width, w)
			}
		}
	}

	plain := browser(t)
	noScript(t, plain)
	do(t, plain, chromedp.EmulateViewport(390, 844))
	for _, p := range placePages {
		navigate(t, plain, chromedp.Navigate(m.URL()+p.path))
		checkPlace(t, plain, p.path+" without JavaScript", p.h1, p.shows)
	}
}

// checkPlace checks a place page's heading, the element that shows its
// data, and that no block reads NaN or is an empty chart.
func checkPlace(t *testing.T, ctx context.Context, path, h1, shows string) {
	t.Helper()
	if got := value(t, ctx, chromedp.Text(chromedp.CSS("h1"))); strings.TrimSpace(got) != h1 {
		t.Errorf("%s: the heading is %q", path, got)
	}
	if !value(t, ctx, chromedp.Evaluate[bool](`document.querySelector(`+strconv.Quote(shows)+`) !== null`)) {
		t.Errorf("%s: nothing matches %s", path, shows)
	}
	body := value(t, ctx, chromedp.Text(chromedp.CSS("main")))
	if strings.Contains(body, "NaN") {
		t.Errorf("%s shows NaN", path)
	}
	if n := value(t, ctx, chromedp.Evaluate[int](`Array.prototype.filter.call(document.querySelectorAll("main svg"), s => !s.querySelector("path, circle, rect, line")).length`)); n != 0 {
		t.Errorf("%s: %d empty charts", path, n)
	}
}
