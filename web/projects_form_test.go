package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestProjectFormErrors: a project's form that fails comes back (400) with
// what was typed, an error summary whose items link to the fields that
// validation names, and each message beside its field.
func TestProjectFormErrors(t *testing.T) {
	ts := newWorkflowServer(t)
	form := validProject("", "submit")
	form["country"] = []string{""}
	form["implementer"] = []string{""}
	form["donor"] = []string{"no-such-organisation"}
	form.Set("start", "2020")
	form.Set("end", "2019")
	form.Set("budget_amount", "a lot")
	form.Set("website", "ftp://example.org")
	form.Set("summary", "Typed <summary> kept")
	resp, body := as(t, ts, ann).post("/projects/new", form)
	mustStatus(t, "an invalid project", resp, body, http.StatusBadRequest)
	for _, want := range []string{
		`role="alert"`, `autofocus`,
		`href="#f-title"`, `href="#country-0"`, `href="#implementer-0"`, `href="#donor-0"`, `href="#f-end"`,
		`href="#f-budget-amount"`, `href="#f-website"`,
		`id="err-countries"`, `id="err-implementers"`, `id="err-budget"`, `id="err-end"`,
		`value="a lot" aria-describedby="f-budget-amount-hint err-budget" aria-invalid="true"`,
		`Typed &lt;summary&gt; kept`,
		`value="ftp://example.org"`,
		`value="fair-recruitment" checked`, `value="C189" checked`,
		`value="no-such-organisation"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the form that failed lacks %s", want)
		}
	}
	if t.Failed() {
		t.Logf("%.3000s", textOf(body))
	}
}

// TestProjectFormLinks: a project names a practice by its slug or its
// address, and a practice that does not exist is a problem at its field;
// the budget reads with separators of thousands; a global project needs
// no country.
func TestProjectFormLinks(t *testing.T) {
	ts := newWorkflowServer(t)
	contributor := as(t, ts, ann)
	slug := firstSlug(t, ts, ts.URL+"/api/v1/practices")
	form := validProject("Test linked project", "submit")
	form["country"] = []string{""}
	form.Set("global", "1")
	form["practice"] = []string{"no-such-practice", ""}
	resp, body := contributor.post("/projects/new", form)
	mustStatus(t, "an unknown practice", resp, body, http.StatusBadRequest)
	if !strings.Contains(body, `href="#practice-0"`) || !strings.Contains(body, `value="no-such-practice"`) {
		t.Errorf("the unknown practice is not linked or not kept: %.500s", textOf(body))
	}
	form["practice"] = []string{ts.URL + "/practices/" + slug, ""}
	resp, body = contributor.post("/projects/new", form)
	review := mustRedirect(t, "a linked project", resp, body, "/review/project/")
	_, body = contributor.get(review)
	for _, want := range []string{slug, "USD 1,200,000", "Global", "International Labour Organization"} {
		if !strings.Contains(body, want) {
			t.Errorf("the review page lacks %q", want)
		}
	}
}
