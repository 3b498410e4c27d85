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

// TestBrowserLanguagesAccessibility runs axe-core on the pages of the
// French and the Spanish site (followed from their home pages, one of each
// kind, as TestBrowserAccessibility does for English) at a desktop and a
// phone width: lang attributes on content shown in its original language
// are among its rules (valid-lang, html-lang-valid).
func TestBrowserLanguagesAccessibility(t *testing.T) {
	axe := axeSource(t)
	m := startMain(t)
	ctx := browserFor(t, 10*time.Minute)
	do(t, ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	}))
	for _, lang := range []string{"fr", "es"} {
		pages := append(crawl(t, m.URL(), "/"+lang, 40), "/"+lang+"/no-such-page", "/"+lang+"/practices?year_from=abc")
		for _, v := range views[:2] {
			do(t, ctx, chromedp.EmulateViewport(v.width, v.height), colourScheme(v.dark))
			for _, path := range pages {
				if _, err := chromedp.Run(ctx, chromedp.Navigate(m.URL()+path)); err != nil {
					t.Fatalf("%s (%s): %v", path, v.name, err)
				}
				if got := value(t, ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); got != lang {
					t.Errorf("%s: <html lang=%q>", path, got)
				}
				for _, problem := range axeRun(t, ctx, axe) {
					t.Errorf("%s (%s): %s", path, v.name, problem)
				}
			}
		}
		t.Logf("%s: %d pages × 2 views: %s", lang, len(pages), strings.Join(pages, " "))
	}
}

// TestBrowserLanguageSwitch: a French-speaking person searches in French
// with the keyboard, narrows by a filter (the results change in place),
// then switches to Spanish from the keyboard and lands on the same search
// in Spanish.
func TestBrowserLanguageSwitch(t *testing.T) {
	m := startMain(t)
	ctx := browser(t)
	navigate(t, ctx, chromedp.Navigate(m.URL()+"/fr/practices"))
	do(t, ctx, chromedp.Focus(chromedp.CSS("#q")))
	navigate(t, ctx, chromedp.SendKeys(chromedp.CSS("#q"), "travailleurs"+kb.Enter))
	if p := value(t, ctx, chromedp.Evaluate[string](`location.pathname`)); p != "/fr/practices" {
		t.Fatalf("the French search went to %s", p)
	}
	count := value(t, ctx, chromedp.Evaluate[string](`document.getElementById("count").textContent`))
	if !strings.Contains(count, "pratique") || strings.HasPrefix(count, "0 ") {
		t.Errorf("the French search for travailleurs: %q", count)
	}
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.lmoSamePage = true`))
	do(t, ctx, chromedp.Click(chromedp.CSS(`#facet-region input[type=checkbox]`)))
	waitFor(t, ctx, `location.search.indexOf("region=") >= 0`)
	want := value(t, ctx, chromedp.Evaluate[string](`location.search`))
	if !value(t, ctx, chromedp.Evaluate[bool](`window.lmoSamePage === true`)) {
		t.Errorf("the filter loaded a new page instead of updating this one")
	}
	sw := value(t, ctx, chromedp.Evaluate[string](`document.querySelector('nav.languages a[hreflang="es"]').href`))
	if !strings.HasSuffix(sw, "/es/practices"+want) {
		t.Errorf("the switch leads to %s after the filter, want /es/practices%s", sw, want)
	}
	navigate(t, ctx, chromedp.Focus(chromedp.CSS(`nav.languages a[hreflang="es"]`)), chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, `location.pathname === "/es/practices"`)
	if got := value(t, ctx, chromedp.Evaluate[string](`location.search`)); got != want {
		t.Errorf("the switch to Spanish kept %q, want %q", got, want)
	}
	if lang := value(t, ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); lang != "es" {
		t.Errorf("after the switch: <html lang=%q>", lang)
	}
	if count := value(t, ctx, chromedp.Evaluate[string](`document.getElementById("count").textContent`)); !strings.Contains(count, "práctica") {
		t.Errorf("the Spanish count reads %q", count)
	}
}
