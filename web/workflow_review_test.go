package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// publishedItem creates a practice as Ann, publishes it as Ed, and returns
// its review page's path and its public slug.
func publishedItem(t *testing.T, contributor, editor person, title string) (string, string) {
	t.Helper()
	review := createItem(t, contributor, title, "submit")
	_, body := editor.get(review)
	resp, body := editor.post(review+"/act", url.Values{"version": {hiddenVersion(t, body)}, "action": {"publish"}})
	mustRedirect(t, "publish", resp, body, review)
	_, body = editor.get(review)
	m := regexp.MustCompile(`href="/practices/([a-z0-9-]+)">See the public page`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no public link on the review page of a published item")
	}
	return review, m[1]
}

// TestWorkflowDiffAndRestore: the diff of two revisions marks what was
// deleted and inserted, for the item's people and, once published, for
// everyone; an editor restores an earlier revision as a new one.
func TestWorkflowDiffAndRestore(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { workflowDiffAndRestore(t, newWorkflowServer(t)) })
	t.Run("postgres", func(t *testing.T) { workflowDiffAndRestore(t, workflowServerOn(t, seededPostgres(t))) })
}

func workflowDiffAndRestore(t *testing.T, ts *httptest.Server) {
	contributor, editor := as(t, ts, ann), as(t, ts, ed)
	review, slug := publishedItem(t, contributor, editor, "Diff test practice")
	_, body := editor.get(review + "/edit")
	form := validPractice("Diff test practice", "save")
	form.Set("summary", "A summary of the revised practice.")
	form.Set("version", hiddenVersion(t, body))
	resp, body := editor.post(review+"/edit", form)
	mustRedirect(t, "edit", resp, body, review)

	_, body = editor.get(review)
	now := hiddenVersion(t, body)
	resp, body = editor.get(review + "/diff?from=1&to=" + now)
	mustStatus(t, "the diff", resp, body, http.StatusOK)
	if !regexp.MustCompile(`<del><span class="visually-hidden">deleted: </span>[^<]*test`).MatchString(body) ||
		!regexp.MustCompile(`<ins><span class="visually-hidden">inserted: </span>[^<]*revised`).MatchString(body) {
		t.Errorf("the diff does not mark the summary's change: %.1500s", body[strings.Index(body, "<main"):])
	}
	if strings.Contains(body, ">Title<") {
		t.Errorf("an unchanged field is shown by default")
	}
	if _, all := editor.get(review + "/diff?from=1&to=" + now + "&all=1"); !strings.Contains(all, ">Title<") {
		t.Errorf("show all fields does not show the title")
	}
	resp, body = as(t, ts, nil).get("/practices/" + slug + "/history/diff?from=1&to=" + now)
	mustStatus(t, "the public diff", resp, body, http.StatusOK)
	if !strings.Contains(body, "<ins>") || strings.Contains(body, "workflow-nav") {
		t.Errorf("the public diff lacks the change or shows personal links")
	}
	if _, page := as(t, ts, nil).get("/practices/" + slug); !strings.Contains(page, "/practices/"+slug+"/history/diff?from=") ||
		!strings.Contains(page, "/practices/"+slug+"/suggest") {
		t.Errorf("the practice page does not link its history's diffs and suggestions")
	}

	resp, body = editor.post(review+"/restore", url.Values{"version": {now}, "from": {"1"}})
	mustRedirect(t, "restore", resp, body, review)
	_, body = editor.get(review)
	if hiddenVersion(t, body) == now || !strings.Contains(body, "A summary of the test practice.") ||
		!strings.Contains(body, "Restored version 1.") || strings.Contains(body, "Restored from version") {
		t.Errorf("the restore is not a new revision with the old content: %.1500s", textOf(body))
	}
	resp, body = contributor.post(review+"/restore", url.Values{"version": {hiddenVersion(t, body)}, "from": {"1"}})
	mustStatus(t, "a contributor's restore", resp, body, http.StatusForbidden)
}

// TestWorkflowSuggestions: anyone signed in suggests a correction to a
// published practice (a form that fails keeps what was typed); editors
// see it on the review page and confirm it, saying why.
func TestWorkflowSuggestions(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { workflowSuggestions(t, newWorkflowServer(t)) })
	t.Run("postgres", func(t *testing.T) { workflowSuggestions(t, workflowServerOn(t, seededPostgres(t))) })
}

func workflowSuggestions(t *testing.T, ts *httptest.Server) {
	contributor, editor, reader := as(t, ts, ann), as(t, ts, ed), as(t, ts, sue)
	review, slug := publishedItem(t, contributor, editor, "Suggestion test practice")
	suggest := "/practices/" + slug + "/suggest"

	resp, body := reader.get(suggest)
	mustStatus(t, "the suggestion form", resp, body, http.StatusOK)
	resp, body = reader.post(suggest, url.Values{"body": {"The start year is *wrong*."}})
	mustStatus(t, "a suggestion without a source", resp, body, http.StatusBadRequest)
	if !strings.Contains(body, `href="#s-source-title"`) || !strings.Contains(body, "The start year is *wrong*.</textarea>") {
		t.Errorf("the failed suggestion lost its text or its message: %.500s", textOf(body))
	}
	resp, body = reader.post(suggest, url.Values{"body": {"The start year is *wrong*."}, "source_title": {"Ministry report 2021"},
		"source_url": {"https://example.org/2021"}})
	sent := mustRedirect(t, "a suggestion", resp, body, suggest+"?sent=1")
	if _, body = reader.get(sent); !strings.Contains(body, "Thank you") {
		t.Errorf("no confirmation: %.300s", textOf(body))
	}

	_, body = editor.get(review)
	if !strings.Contains(body, "The start year is <em>wrong</em>.") || !strings.Contains(body, "Ministry report 2021") {
		t.Fatalf("the editor does not see the suggestion: %.1500s", textOf(body))
	}
	m := regexp.MustCompile(`action="(` + regexp.QuoteMeta(review) + `/suggestions/\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no form to resolve the suggestion")
	}
	resp, body = reader.post(m[1], url.Values{"decision": {"confirm"}, "resolution": {"Checked."}})
	mustStatus(t, "a contributor resolving", resp, body, http.StatusForbidden)
	resp, body = editor.post(m[1], url.Values{"decision": {"confirm"}, "resolution": {"Checked against the report."}})
	mustRedirect(t, "confirm", resp, body, review)
	if _, body = editor.get(review); strings.Contains(body, `action="`+m[1]+`"`) || !strings.Contains(body, "Checked against the report.") {
		t.Errorf("the confirmed suggestion is still open, or its resolution is not shown")
	}
}
