package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/lmo-observatory/lmo"
)

// TestBrowserFactsChecked: on the page of a practice whose facts were last
// checked long ago, a person sees when ("Facts checked as of June 2015")
// and the note that they may be out of date, beside the lessons learned,
// the evaluation (a link) and the contact's organisation.
func TestBrowserFactsChecked(t *testing.T) {
	m := startMain(t)
	ctx := lmo.NewContextWithUser(context.Background(), lmo.SystemUser)
	p, err := m.DB.FindPracticeBySlug(ctx, "ae-wage-protection-system")
	if err != nil {
		t.Fatal(err)
	}
	p.FactsChecked, p.Lessons = "2015-06-01", "Employers complied once payments were monitored."
	p.Evaluations = []lmo.Source{{Title: "An evaluation", URL: "https://example.org/evaluation"}}
	p.Contact = &lmo.Contact{Organisation: "A ministry"}
	if err := m.DB.UpdatePractice(ctx, p, "browser test"); err != nil {
		t.Fatal(err)
	}
	bctx := browser(t)
	navigate(t, bctx, chromedp.Navigate(m.URL()+"/practices/"+p.Slug))
	visible := func(selector string) string {
		return value(t, bctx, chromedp.Evaluate[string](`(() => { const e = document.querySelector(`+jsString(selector)+`);
			return e && e.getClientRects().length > 0 && getComputedStyle(e).visibility === "visible" ? e.textContent.trim() : ""; })()`))
	}
	if got := visible(".checked time"); got != "Facts checked as of June 2015" {
		t.Errorf("the facts-checked line reads %q", got)
	}
	if got := visible(".stale"); !strings.HasPrefix(got, "These facts were last checked over two years ago") {
		t.Errorf("the out-of-date note reads %q, or is hidden", got)
	}
	if got := visible(`#evaluations-h + ul a[href="https://example.org/evaluation"]`); got != "An evaluation" {
		t.Errorf("the evaluation link reads %q", got)
	}
	for _, want := range []string{"Lessons learned", "Employers complied once payments were monitored.", "A ministry"} {
		if body := visible("article"); !strings.Contains(body, want) {
			t.Errorf("the page does not show %q", want)
		}
	}
}
