package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// projectPages are the pages of the projects module, one of each kind.
var projectPages = []string{"/projects", "/projects?country=NP&organisation=eu", "/projects/gap-mdw", "/organisations", "/organisations/ilo", "/organisations/eu"}

// TestBrowserProjects checks the projects and organisations pages at a
// desktop and a phone width: axe-core finds nothing, nothing is wider than
// the window and the header menu stays on one line. Then, without
// JavaScript, it filters the list with the form, follows a project to its
// page and a donor to the organisation's.
func TestBrowserProjects(t *testing.T) {
	axe := axeSource(t)
	m := startMain(t)
	ctx := browser(t)
	do(t, ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	}))
	for _, v := range views[:2] { // 1280 and 390 px
		do(t, ctx, chromedp.EmulateViewport(v.width, v.height))
		for _, path := range projectPages {
			navigate(t, ctx, chromedp.Navigate(m.URL()+path))
			for _, problem := range axeRun(t, ctx, axe) {
				t.Errorf("%s (%s): %s", path, v.name, problem)
			}
			if !value(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`)) {
				t.Errorf("%s (%s): the page is wider than the window", path, v.name)
			}
			if !value(t, ctx, chromedp.Evaluate[bool](menuOnOneLine)) {
				t.Errorf("%s (%s): the header menu wraps or is cut off: %s", path, v.name, value(t, ctx, chromedp.Evaluate[string](
					`JSON.stringify([document.querySelector("header.site nav ul").scrollWidth, document.querySelector("header.site nav ul").clientWidth, window.innerWidth])`)))
			}
		}
	}

	ctx = browser(t)
	noScript(t, ctx)
	do(t, ctx, chromedp.EmulateViewport(390, 844))
	navigate(t, ctx, chromedp.Navigate(m.URL()+"/projects"))
	do(t, ctx, chromedp.SetValue(chromedp.CSS("#pcountry"), "NP"), chromedp.SetValue(chromedp.CSS("#pactive"), "2014-06-30"))
	navigate(t, ctx, chromedp.Click(chromedp.CSS("form.country-filter button[type=submit]")))
	if url := value(t, ctx, chromedp.Location()); !strings.HasSuffix(url, "/projects?country=NP&organisation=&theme=&active=2014-06-30") {
		t.Fatalf("the filter form went to %s", url)
	}
	if got := value(t, ctx, chromedp.Text(chromedp.CSS("p.count"))); got != "1 projects" {
		t.Errorf("the filtered list says %q", got)
	}
	navigate(t, ctx, chromedp.Click(chromedp.CSS(`a[href="/projects/gap-mdw"]`)))
	if h1 := value(t, ctx, chromedp.Text(chromedp.CSS("h1"))); !strings.Contains(h1, "Migrant Domestic Workers") {
		t.Errorf("the project page's heading is %q", h1)
	}
	navigate(t, ctx, chromedp.Click(chromedp.CSS(`dd a[href="/organisations/eu"]`)))
	if h1 := value(t, ctx, chromedp.Text(chromedp.CSS("h1"))); h1 != "European Union (EU)" {
		t.Errorf("the donor's page heading is %q", h1)
	}
	if !value(t, ctx, chromedp.Evaluate[bool](`document.querySelector('a[href="/projects/gap-mdw"]') !== null`)) {
		t.Error("the donor's page does not list its project")
	}
}
