package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestPracticeFormErrors: a form that fails comes back (400) with what was
// typed, an error summary whose items link to their fields, and each
// message beside its field, marked invalid and described by it.
func TestPracticeFormErrors(t *testing.T) {
	ts := newWorkflowServer(t)
	form := validPractice("", "submit")
	form.Set("summary", "Typed <summary> kept")
	form.Set("start_year", "twenty")
	form["source_url"] = []string{"javascript:alert(1)", ""}
	form["country_role"] = []string{"", "", ""}
	resp, body := as(t, ts, ann).post("/practices/new", form)
	mustStatus(t, "an invalid form", resp, body, http.StatusBadRequest)
	for _, want := range []string{
		`role="alert"`, `autofocus`,
		`href="#f-title"`, `href="#f-start-year"`, `href="#source-title-0"`, `href="#country-code-0"`,
		`id="f-title" name="title" value="" aria-describedby="err-title" aria-invalid="true"`,
		`value="twenty" aria-describedby="err-start-year" aria-invalid="true"`,
		`id="err-sources-0"`, `id="err-countries-0"`,
		`Typed &lt;summary&gt; kept</textarea>`,
		`value="javascript:alert(1)"`,
		`<option value="PH" selected>`,
		`value="fair-recruitment" checked`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the form that failed lacks %s", want)
		}
	}
	if t.Failed() {
		t.Logf("%.3000s", textOf(body))
	}
}

// TestPracticeFormAddRow: "Add a row" shows the form again with what was
// typed and more rows, and saves nothing.
func TestPracticeFormAddRow(t *testing.T) {
	ts := newWorkflowServer(t)
	contributor := as(t, ts, ann)
	form := validPractice("Row adding practice", "")
	form.Set("add", "countries")
	resp, body := contributor.post("/practices/new", form)
	mustStatus(t, "add a row", resp, body, http.StatusOK)
	if !strings.Contains(body, `id="country-code-3"`) || !strings.Contains(body, `value="Row adding practice"`) {
		t.Errorf("no more rows, or the title lost: %.500s", textOf(body))
	}
	_, body = contributor.get("/contributions")
	if strings.Contains(body, "Row adding practice") {
		t.Errorf("adding a row saved the practice")
	}
}

// TestPracticeFormSlug: a practice without a slug takes one made from
// its title; a slug taken is a problem beside the slug field.
func TestPracticeFormSlug(t *testing.T) {
	ts := newWorkflowServer(t)
	contributor, editor := as(t, ts, ann), as(t, ts, ed)
	review := createItem(t, contributor, "Ça marche: Workers' rights 2024!", "submit")
	_, body := editor.get(review)
	version := hiddenVersion(t, body)
	resp, body := editor.post(review+"/act", url.Values{"version": {version}, "action": {"publish"}})
	mustRedirect(t, "publish", resp, body, review)
	resp, body = as(t, ts, nil).get("/practices/ca-marche-workers-rights-2024")
	mustStatus(t, "the practice at its derived slug", resp, body, http.StatusOK)

	resp, body = contributor.post("/practices/new", validPractice("Ça marche: Workers' rights 2024!", "submit"))
	mustStatus(t, "a slug taken", resp, body, http.StatusBadRequest)
	if !strings.Contains(body, `href="#f-slug"`) || !strings.Contains(body, `id="err-slug"`) {
		t.Errorf("the taken slug is not shown at the slug field: %.500s", textOf(body))
	}
}
