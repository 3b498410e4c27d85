package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// apiAgreementsTotal asks the API how many agreements a query selects.
func apiAgreementsTotal(t *testing.T, base, query string) int {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/agreements?" + query)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc struct {
		Total int `json:"total"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	return doc.Total
}

// TestBrowserAgreements walks the agreements at a desktop and a phone
// width, with and without JavaScript: filter the list by a country through
// its GET form (the address becomes the permalink, the count is the
// API's), open an agreement, then the matrix; every page is axe-clean (with
// JavaScript, which axe-core needs) and none is wider than the screen (the
// matrix scrolls in its own region).
func TestBrowserAgreements(t *testing.T) {
	axe := axeSource(t)
	m := startMain(t)
	for _, vp := range []struct{ width, height int64 }{{1280, 900}, {390, 844}} {
		for _, js := range []bool{true, false} {
			ctx := browserFor(t, 5*time.Minute)
			do(t, ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
				_, err := cdp.Call(ctx, target, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
				return err
			}))
			if !js {
				noScript(t, ctx)
			}
			do(t, ctx, chromedp.EmulateViewport(vp.width, vp.height))
			at := func(what string) string {
				return strconv.FormatInt(vp.width, 10) + " px, JavaScript " + strconv.FormatBool(js) + ", " + what
			}
			check := func(what string) {
				t.Helper()
				if js { // axe-core runs as a script: without JavaScript only the page's own behaviour is checked
					for _, problem := range axeRun(t, ctx, axe) {
						t.Errorf("%s: %s", at(what), problem)
					}
				}
				if wide := value(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); wide {
					t.Errorf("%s: the page is wider than the screen", at(what))
				}
			}
			navigate(t, ctx, chromedp.Navigate(m.URL()+"/agreements"))
			check("the list")
			country := value(t, ctx, chromedp.Evaluate[string](`document.querySelector("#f-country option:nth-child(2)").value`))
			do(t, ctx, chromedp.SetValue(chromedp.CSS("#f-country"), country))
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)))
			loc := value(t, ctx, chromedp.Location())
			if !strings.Contains(loc, "/agreements?") || !strings.Contains(loc, "country="+country) {
				t.Fatalf("%s: after the form the address is %s", at("filter"), loc)
			}
			heading := value(t, ctx, chromedp.Text(chromedp.CSS("#results-h")))
			if want := apiAgreementsTotal(t, m.URL(), "country="+country); !strings.HasPrefix(heading, strconv.Itoa(want)+" agreements") {
				t.Errorf("%s: the page says %q, the API %d agreements of %s", at("filter"), heading, want, country)
			}
			check("the filtered list")
			navigate(t, ctx, chromedp.Click(chromedp.CSS(`table.agreements tbody th a`)))
			if loc := value(t, ctx, chromedp.Location()); !strings.Contains(loc, "/agreements/") {
				t.Fatalf("%s: the first agreement's link led to %s", at("detail"), loc)
			}
			if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("table.branches tbody tr").length`)); n != 8 {
				t.Errorf("%s: the branches table has %d rows, want the 8 branches", at("detail"), n)
			}
			check("an agreement")
			navigate(t, ctx, chromedp.Navigate(m.URL()+"/agreements/matrix"))
			if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("table.matrix th[scope=row]").length`)); n == 0 {
				t.Errorf("%s: the matrix has no rows", at("matrix"))
			}
			check("the matrix")
		}
	}
}
