package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestWorkflowThroughThePages walks one practice through the editorial
// workflow on the pages, as its contributor and an editor, on each
// database: submit, changes requested, edit, resubmit, approve, publish;
// the published practice is then on the public search page.
func TestWorkflowThroughThePages(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { workflowThroughThePages(t, newWorkflowServer(t)) })
	t.Run("postgres", func(t *testing.T) { workflowThroughThePages(t, workflowServerOn(t, seededPostgres(t))) })
}

func workflowThroughThePages(t *testing.T, ts *httptest.Server) {
	contributor, editor, anon := as(t, ts, ann), as(t, ts, ed), as(t, ts, nil)

	resp, body := contributor.get("/practices/new")
	mustStatus(t, "the form", resp, body, http.StatusOK)
	if cc := resp.Header.Get("Cache-Control"); cc != "private, no-store" {
		t.Errorf("the form's Cache-Control: %q", cc)
	}
	resp, body = contributor.post("/practices/new", validPractice("Pages workflow practice", "submit"))
	review := mustRedirect(t, "submit", resp, body, "/review/practice/")

	resp, body = contributor.get(review)
	mustStatus(t, "the contributor's review page", resp, body, http.StatusOK)
	if !strings.Contains(body, "Submitted for review") || !strings.Contains(body, "Pages workflow practice") {
		t.Errorf("the review page does not show the item submitted: %.500s", textOf(body))
	}
	for _, action := range []string{"approve", "publish", "request_changes", "reject"} {
		if strings.Contains(body, `value="`+action+`"`) {
			t.Errorf("a contributor is offered %s", action)
		}
	}
	if strings.Contains(body, `name="action"`) {
		t.Errorf("a contributor is offered an action on a submitted item")
	}
	resp, body = contributor.post(review+"/act", url.Values{"version": {"1"}, "action": {"publish"}})
	mustStatus(t, "a contributor's forged publish", resp, body, http.StatusForbidden)

	resp, body = editor.get("/review")
	mustStatus(t, "the queue", resp, body, http.StatusOK)
	if !strings.Contains(body, `href="`+review+`"`) {
		t.Errorf("the queue does not list %s: %.500s", review, textOf(body))
	}
	_, body = editor.get(review)
	for _, action := range []string{"approve", "publish", "request_changes", "reject"} {
		if !strings.Contains(body, `value="`+action+`"`) {
			t.Errorf("an editor is not offered %s", action)
		}
	}
	version := hiddenVersion(t, body)
	resp, body = editor.post(review+"/act", url.Values{"version": {version}, "action": {"request_changes"}})
	mustStatus(t, "changes asked for without a comment", resp, body, http.StatusBadRequest)
	if !strings.Contains(body, `role="alert"`) || !strings.Contains(body, `href="#action-comment"`) {
		t.Errorf("no error summary linking to the comment box: %.500s", textOf(body))
	}
	resp, body = editor.post(review+"/act", url.Values{"version": {version}, "action": {"request_changes"},
		"comment": {"Please cite the *law* itself. <script>alert(1)</script><img src=x onerror=alert(2)>"}})
	mustRedirect(t, "changes asked for", resp, body, review)

	_, body = contributor.get(review)
	if !strings.Contains(body, "Changes requested") || !strings.Contains(body, "<em>law</em>") {
		t.Errorf("the contributor does not see the request and its comment: %.800s", textOf(body))
	}
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
		t.Errorf("a comment's markup reached the page unescaped")
	}
	resp, body = contributor.get(review + "/edit")
	mustStatus(t, "the edit form", resp, body, http.StatusOK)
	if !strings.Contains(body, `value="Pages workflow practice"`) {
		t.Errorf("the edit form is not filled in")
	}
	form := validPractice("Pages workflow practice", "save")
	form.Set("summary", "A revised summary citing the law.")
	form.Set("version", hiddenVersion(t, body))
	resp, body = contributor.post(review+"/edit", form)
	mustRedirect(t, "the edit", resp, body, review)

	_, body = contributor.get(review)
	resp, body = contributor.post(review+"/act", url.Values{"version": {hiddenVersion(t, body)}, "action": {"submit"}})
	mustRedirect(t, "resubmitted", resp, body, review)
	for _, action := range []string{"approve", "publish"} {
		_, body = editor.get(review)
		resp, body = editor.post(review+"/act", url.Values{"version": {hiddenVersion(t, body)}, "action": {action}})
		mustRedirect(t, action, resp, body, review)
	}
	resp, body = anon.get("/practices?q=" + url.QueryEscape(`"Pages workflow practice"`))
	mustStatus(t, "the search page", resp, body, http.StatusOK)
	if !strings.Contains(body, "Pages workflow practice") {
		t.Fatalf("the published practice is not on /practices: %.500s", textOf(body))
	}
	_, body = editor.get(review)
	if !strings.Contains(body, "Published") || !strings.Contains(body, "asked for changes") || !strings.Contains(body, "published it") {
		t.Errorf("the review page does not tell the story: %.1500s", textOf(body))
	}
}

// createItem submits a practice as p and returns its review page's path.
func createItem(t *testing.T, p person, title, save string) string {
	t.Helper()
	resp, body := p.post("/practices/new", validPractice(title, save))
	return mustRedirect(t, "create "+title, resp, body, "/review/practice/")
}

// TestWorkflowAccess: pages of unpublished items do not exist for others
// (404); the queue is for editors (403); people who are not signed in are
// sent to sign in, and their posts refused; posts from another site are
// refused (403) before anything is read.
func TestWorkflowAccess(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { workflowAccess(t, newWorkflowServer(t)) })
	t.Run("postgres", func(t *testing.T) { workflowAccess(t, workflowServerOn(t, seededPostgres(t))) })
}

func workflowAccess(t *testing.T, ts *httptest.Server) {
	review := createItem(t, as(t, ts, ann), "Access test practice", "draft")
	other, anon := as(t, ts, sue), as(t, ts, nil)
	for _, path := range []string{review, review + "/edit", review + "/diff?from=1&to=1"} {
		resp, body := other.get(path)
		mustStatus(t, "another contributor at "+path, resp, body, http.StatusNotFound)
		resp, body = anon.get(path)
		if loc := mustRedirect(t, "anonymous at "+path, resp, body, "/signin?next="); loc != "/signin?next="+url.QueryEscape(path) {
			t.Errorf("anonymous at %s: sent to %s", path, loc)
		}
	}
	resp, body := other.get("/review")
	mustStatus(t, "a contributor at the queue", resp, body, http.StatusForbidden)
	resp, body = anon.post(review+"/act", url.Values{"version": {"1"}, "action": {"submit"}})
	mustStatus(t, "an anonymous action", resp, body, http.StatusUnauthorized)
	resp, body = as(t, ts, ann).post("/practices/new", validPractice("Cross-site practice", "submit"), "Sec-Fetch-Site", "cross-site")
	mustStatus(t, "a cross-site post", resp, body, http.StatusForbidden)
	resp, body = as(t, ts, ann).get("/review/no-such-kind/1")
	mustStatus(t, "an unknown kind", resp, body, http.StatusNotFound)
}

// TestWorkflowStaleEdit: an edit begun before someone else saved comes
// back with what was typed and says so (409); saving it again then wins.
func TestWorkflowStaleEdit(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { workflowStaleEdit(t, newWorkflowServer(t)) })
	t.Run("postgres", func(t *testing.T) { workflowStaleEdit(t, workflowServerOn(t, seededPostgres(t))) })
}

func workflowStaleEdit(t *testing.T, ts *httptest.Server) {
	contributor, editor := as(t, ts, ann), as(t, ts, ed)
	review := createItem(t, contributor, "Stale edit practice", "submit")
	_, body := contributor.get(review + "/edit")
	begun := hiddenVersion(t, body)

	form := validPractice("Stale edit practice", "save")
	form.Set("summary", "The editor's summary.")
	form.Set("version", begun)
	resp, body := editor.post(review+"/edit", form)
	mustRedirect(t, "the editor's edit", resp, body, review)

	form.Set("summary", "Ann's own careful summary.")
	resp, body = contributor.post(review+"/edit", form)
	mustStatus(t, "the stale edit", resp, body, http.StatusConflict)
	if !strings.Contains(body, "Ann&#39;s own careful summary.") || !strings.Contains(body, "Someone else changed this item") {
		t.Fatalf("the stale edit lost the text or the message: %.800s", textOf(body))
	}
	if m := regexp.MustCompile(`href="([^"]+/diff\?from=\d+&amp;to=\d+)"`).FindStringSubmatch(body); m == nil {
		t.Errorf("no link to the other person's changes")
	}
	form.Set("version", hiddenVersion(t, body))
	resp, body = contributor.post(review+"/edit", form)
	mustRedirect(t, "saved again", resp, body, review)
	if _, body = contributor.get(review); !strings.Contains(body, "Ann&#39;s own careful summary.") {
		t.Errorf("the second save did not replace the summary")
	}
}
