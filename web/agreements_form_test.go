package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestAgreementFormErrors: an agreement's form that fails comes back (400)
// with what was typed, an error summary whose items link to the fields
// that validation names, and each message beside its field.
func TestAgreementFormErrors(t *testing.T) {
	ts := newWorkflowServer(t)
	form := validAgreement("", "submit")
	form.Del("type")
	form["party"] = []string{"", "NP", ""}
	form.Set("signed", "2010-13")
	form.Set("workers", "Typed <workers> kept")
	form["source_url"] = []string{"javascript:alert(1)", ""}
	resp, body := as(t, ts, ann).post("/agreements/new", form)
	mustStatus(t, "an invalid agreement", resp, body, http.StatusBadRequest)
	for _, want := range []string{
		`role="alert"`, `autofocus`,
		`href="#f-title"`, `href="#c-type-0"`, `href="#party-0"`, `href="#f-signed"`, `href="#source-title-0"`,
		`id="err-title"`, `id="err-type"`, `id="err-parties"`, `id="err-signed"`, `id="err-sources-0"`,
		`value="2010-13" aria-describedby="f-signed-hint err-signed" aria-invalid="true"`,
		`Typed &lt;workers&gt; kept`,
		`value="javascript:alert(1)"`,
		`<option value="NP" selected>`,
		`value="old-age" checked`, `value="yes" checked`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the form that failed lacks %s", want)
		}
	}
	if t.Failed() {
		t.Logf("%.3000s", textOf(body))
	}
}

// TestAgreementFormRegional: a regional agreement takes more than two
// parties once its organisation is named, and a slug taken is a problem
// beside the slug field.
func TestAgreementFormRegional(t *testing.T) {
	ts := newWorkflowServer(t)
	contributor := as(t, ts, ann)
	form := validAgreement("Test regional agreement", "submit")
	form["party"] = []string{"BJ", "GH", "SN", ""}
	resp, body := contributor.post("/agreements/new", form)
	mustStatus(t, "three parties, no organisation", resp, body, http.StatusBadRequest)
	if !strings.Contains(body, `href="#party-0"`) || !strings.Contains(body, `id="party-3"`) {
		t.Errorf("the parties' problem is not linked, or the rows lost: %.500s", textOf(body))
	}
	form.Set("regional", "ECOWAS")
	resp, body = contributor.post("/agreements/new", form)
	review := mustRedirect(t, "a regional agreement", resp, body, "/review/agreement/")
	if _, body = contributor.get(review); !strings.Contains(body, "Senegal (SN)") || !strings.Contains(body, "ECOWAS") {
		t.Errorf("the review page lacks the third party or the organisation: %.500s", textOf(body))
	}
	resp, body = contributor.post("/agreements/new", form)
	mustStatus(t, "a slug taken", resp, body, http.StatusBadRequest)
	if !strings.Contains(body, `href="#f-slug"`) || !strings.Contains(body, `id="err-slug"`) {
		t.Errorf("the taken slug is not shown at the slug field: %.500s", textOf(body))
	}
}
