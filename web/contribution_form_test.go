package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo/web"
)

// contribKind is what the tests of the agreement's and the project's forms
// need to know of each: where a new one is made, a valid form, and a text
// field to change.
type contribKind struct {
	kind, newPath, listPath string
	valid                   func(title, save string) url.Values
	textField               string
}

var contribKinds = []contribKind{
	{"agreement", "/agreements/new", "/agreements", validAgreement, "summary"},
	{"project", "/projects/new", "/projects", validProject, "summary"},
}

// validAgreement is a form that makes a valid agreement of the starter
// data's countries (test data, not facts).
func validAgreement(title, save string) url.Values {
	return url.Values{
		"title": {title}, "type": {"social-security"}, "party": {"PT", "NP", ""}, "regional": {""},
		"signed": {"2010"}, "in_force": {"2011-02"}, "ended": {""}, "branches": {"old-age", "invalidity"},
		"benefits_abroad": {"yes"}, "totalisation": {"unknown"}, "domestic_workers": {"no"},
		"workers": {"Employed persons"}, "summary": {"A test agreement."},
		"source_title": {"Test treaty text", ""}, "source_publisher": {"", ""}, "source_url": {"https://example.org/treaty", ""},
		"source_year": {"2010", ""}, "note": {"first draft"}, "save": {save},
	}
}

// validProject is a form that makes a valid project of the starter data's
// countries, organisations and vocabularies (test data, not facts).
func validProject(title, save string) url.Values {
	return url.Values{
		"title": {title}, "acronym": {"TP"}, "summary": {"A test project."}, "country": {"NP", "", ""},
		"implementer": {"ilo", ""}, "donor": {"eu"}, "start": {"2020-01"}, "end": {""},
		"budget_amount": {"1,200,000"}, "budget_currency": {"usd"}, "budget_note": {""},
		"themes": {"fair-recruitment"}, "instruments": {"C189"}, "practice": {""}, "website": {"https://example.org/tp"},
		"source_title": {"Project page", ""}, "source_publisher": {"", ""}, "source_url": {"https://example.org/tp", ""},
		"source_year": {"", ""}, "note": {"first draft"}, "save": {save},
	}
}

// TestContributionForms walks an agreement and a project through their
// forms on each database: a contributor's lands submitted and is in the
// editors' queue; edited, published, it is on the public list.
func TestContributionForms(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { contributionForms(t, newWorkflowServer(t)) })
	t.Run("postgres", func(t *testing.T) { contributionForms(t, workflowServerOn(t, seededPostgres(t))) })
}

func contributionForms(t *testing.T, ts *httptest.Server) {
	for _, k := range contribKinds {
		t.Run(k.kind, func(t *testing.T) {
			contributor, editor, anon := as(t, ts, ann), as(t, ts, ed), as(t, ts, nil)
			resp, body := anon.get(k.newPath)
			if loc := mustRedirect(t, "anonymous at the form", resp, body, "/signin?next="); loc != "/signin?next="+url.QueryEscape(k.newPath) {
				t.Errorf("anonymous at %s: sent to %s", k.newPath, loc)
			}
			resp, body = contributor.get(k.newPath)
			mustStatus(t, "the form", resp, body, http.StatusOK)
			if cc := resp.Header.Get("Cache-Control"); cc != "private, no-store" {
				t.Errorf("the form's Cache-Control: %q", cc)
			}
			if m := regexp.MustCompile(`\?\?[a-z.]+\?\?`).FindString(body); m != "" {
				t.Errorf("the form shows a message missing from the catalog: %s", m)
			}
			title := "Form-made " + k.kind
			resp, body = contributor.post(k.newPath, k.valid(title, "submit"))
			review := mustRedirect(t, "submit", resp, body, "/review/"+k.kind+"/")
			_, body = contributor.get(review)
			if !strings.Contains(body, "Submitted for review") || !strings.Contains(body, title) {
				t.Errorf("the review page does not show the %s submitted: %.500s", k.kind, textOf(body))
			}
			if !strings.Contains(body, `href="`+review+`/edit"`) {
				t.Errorf("the contributor may not edit the %s they submitted", k.kind)
			}
			_, body = editor.get("/review")
			if !strings.Contains(body, `href="`+review+`"`) {
				t.Fatalf("the queue does not list %s", review)
			}
			_, body = editor.get(review)
			if !strings.Contains(body, `href="`+review+`/edit"`) {
				t.Errorf("the editor's review page does not link to the edit form")
			}
			resp, body = editor.get(review + "/edit")
			mustStatus(t, "the edit form", resp, body, http.StatusOK)
			if m := regexp.MustCompile(`\?\?[a-z.]+\?\?`).FindString(body); m != "" {
				t.Errorf("the editor's form shows a message missing from the catalog: %s", m)
			}
			if !strings.Contains(body, `value="`+title+`"`) || !strings.Contains(body, `value="https://example.org/`) {
				t.Errorf("the edit form is not filled in: %.500s", textOf(body))
			}
			form := k.valid(title, "save")
			form.Set(k.textField, "An editor's revised summary.")
			form.Set("version", hiddenVersion(t, body))
			resp, body = editor.post(review+"/edit", form)
			mustRedirect(t, "the edit", resp, body, review)
			_, body = editor.get(review)
			if !strings.Contains(body, "An editor&#39;s revised summary.") || !strings.Contains(body, "Submitted for review") {
				t.Errorf("the edit is not on the review page, or changed the status: %.800s", textOf(body))
			}
			resp, body = editor.post(review+"/act", url.Values{"version": {hiddenVersion(t, body)}, "action": {"publish"}})
			mustRedirect(t, "publish", resp, body, review)
			if _, body = anon.get(k.listPath); !strings.Contains(body, title) {
				t.Errorf("the published %s is not on %s", k.kind, k.listPath)
			}
		})
	}
}

// TestContributionFormsDraftsAndAccess: a draft stays its owner's (another
// contributor finds neither it nor its form: 404), a contributor edits
// their own draft, and posts from another site are refused (403).
func TestContributionFormsDraftsAndAccess(t *testing.T) {
	ts := newWorkflowServer(t)
	for _, k := range contribKinds {
		t.Run(k.kind, func(t *testing.T) {
			contributor, other := as(t, ts, ann), as(t, ts, sue)
			title := "Draft " + k.kind
			resp, body := contributor.post(k.newPath, k.valid(title, "draft"))
			review := mustRedirect(t, "a draft", resp, body, "/review/"+k.kind+"/")
			_, body = contributor.get(review)
			if !strings.Contains(body, "Draft") || !strings.Contains(body, `href="`+review+`/edit"`) {
				t.Errorf("the owner's draft is not a draft with an edit link: %.500s", textOf(body))
			}
			for _, path := range []string{review, review + "/edit"} {
				resp, body := other.get(path)
				mustStatus(t, "another contributor at "+path, resp, body, http.StatusNotFound)
			}
			form := k.valid("Taken over", "save")
			form.Set("version", "1")
			resp, body = other.post(review+"/edit", form)
			mustStatus(t, "another contributor's edit", resp, body, http.StatusNotFound)

			resp, body = contributor.get(review + "/edit")
			mustStatus(t, "the owner's edit form", resp, body, http.StatusOK)
			form = k.valid(title+" revised", "save")
			form.Set("version", hiddenVersion(t, body))
			resp, body = contributor.post(review+"/edit", form)
			mustRedirect(t, "the owner's edit", resp, body, review)
			if _, body = contributor.get(review); !strings.Contains(body, title+" revised") {
				t.Errorf("the owner's edit was not saved")
			}

			resp, body = contributor.post(k.newPath, k.valid("Cross-site "+k.kind, "submit"), "Sec-Fetch-Site", "cross-site")
			mustStatus(t, "a cross-site post", resp, body, http.StatusForbidden)
			resp, body = contributor.post(review+"/edit", form, "Sec-Fetch-Site", "cross-site")
			mustStatus(t, "a cross-site edit", resp, body, http.StatusForbidden)
			if _, body = contributor.get("/contributions"); strings.Contains(body, "Cross-site "+k.kind) {
				t.Errorf("a cross-site post saved a %s", k.kind)
			}
		})
	}
}

// TestContributionFormsStaleEdit: an edit begun before someone else saved
// comes back with what was typed and says so (409); saving again wins.
func TestContributionFormsStaleEdit(t *testing.T) {
	ts := newWorkflowServer(t)
	for _, k := range contribKinds {
		t.Run(k.kind, func(t *testing.T) {
			contributor, editor := as(t, ts, ann), as(t, ts, ed)
			title := "Stale " + k.kind
			resp, body := contributor.post(k.newPath, k.valid(title, "draft"))
			review := mustRedirect(t, "a draft", resp, body, "/review/"+k.kind+"/")
			_, body = contributor.get(review + "/edit")
			begun := hiddenVersion(t, body)

			form := k.valid(title, "save")
			form.Set("version", begun)
			form.Set(k.textField, "The editor's summary.")
			resp, body = editor.post(review+"/edit", form)
			mustRedirect(t, "the editor's edit", resp, body, review)

			form.Set(k.textField, "Ann's own careful summary.")
			resp, body = contributor.post(review+"/edit", form)
			mustStatus(t, "the stale edit", resp, body, http.StatusConflict)
			if !strings.Contains(body, "Ann&#39;s own careful summary.") || !strings.Contains(body, "Someone else changed this item") {
				t.Fatalf("the stale edit lost the text or the message: %.800s", textOf(body))
			}
			if !regexp.MustCompile(`href="` + regexp.QuoteMeta(review) + `/diff\?from=\d+&amp;to=\d+"`).MatchString(body) {
				t.Errorf("no link to the other person's changes")
			}
			form.Set("version", hiddenVersion(t, body))
			resp, body = contributor.post(review+"/edit", form)
			mustRedirect(t, "saved again", resp, body, review)
			if _, body = contributor.get(review); !strings.Contains(body, "Ann&#39;s own careful summary.") {
				t.Errorf("the second save did not replace the summary")
			}
		})
	}
}

// TestContributionFormsAddRow: "Add a row" shows the form again with what
// was typed and more rows, and saves nothing.
func TestContributionFormsAddRow(t *testing.T) {
	ts := newWorkflowServer(t)
	for _, k := range contribKinds {
		t.Run(k.kind, func(t *testing.T) {
			contributor := as(t, ts, ann)
			form := k.valid("Row adding "+k.kind, "")
			form.Set("add", "sources")
			resp, body := contributor.post(k.newPath, form)
			mustStatus(t, "add a row", resp, body, http.StatusOK)
			if !strings.Contains(body, `id="source-title-3"`) || !strings.Contains(body, `value="Row adding `+k.kind+`"`) {
				t.Errorf("no more rows, or the title lost: %.500s", textOf(body))
			}
			if _, body = contributor.get("/contributions"); strings.Contains(body, "Row adding "+k.kind) {
				t.Errorf("adding a row saved the %s", k.kind)
			}
		})
	}
}

// TestContributionFormsProposeLinks: where people can sign in, the lists
// of agreements and projects link everyone to their forms, which ask a
// person who is not signed in to sign in first.
func TestContributionFormsProposeLinks(t *testing.T) {
	db := seededDB(t)
	ts := authServer(t, db, func(c *web.Config) { c.Workflow, c.Agreements, c.Projects = db, db, db })
	anon := as(t, ts, nil)
	for _, k := range contribKinds {
		resp, body := anon.get(k.listPath)
		mustStatus(t, k.listPath, resp, body, http.StatusOK)
		if !strings.Contains(body, `href="`+k.newPath+`"`) {
			t.Errorf("%s does not link to %s", k.listPath, k.newPath)
		}
		resp, body = anon.get(k.newPath)
		if loc := mustRedirect(t, k.newPath, resp, body, "/signin"); loc != "/signin?next="+url.QueryEscape(k.newPath) {
			t.Errorf("%s signed out: sent to %s", k.newPath, loc)
		}
	}
}
