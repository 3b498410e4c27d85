package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
)

// TestAgreementReview: an unpublished agreement is hidden from the public
// and shown to an editor on its review page, with a preview of its facts,
// its revisions and their diff; the editor submits and publishes it there,
// and the public sees it again. The review page links to its edit form.
func TestAgreementReview(t *testing.T) {
	db := seededDB(t)
	if _, err := db.ImportAgreements(lmo.NewContextWithUser(context.Background(), lmo.SystemUser), testAgreements(), "web tests"); err != nil {
		t.Fatal(err)
	}
	a, err := db.FindAgreement(context.Background(), "test-np-pt-social-security")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Act(lmo.NewContextWithUser(context.Background(), ed), lmo.KindAgreement, a.ID, a.Version, lmo.ActionUnpublish, "check the dates"); err != nil {
		t.Fatal(err)
	}
	ts := workflowServerOn(t, db)
	public, editor := as(t, ts, nil), as(t, ts, ed)
	if resp, _ := public.get("/agreements/" + a.Slug); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the public page of an unpublished agreement: %d", resp.StatusCode)
	}
	if _, body := public.get("/agreements?country=NP"); strings.Contains(body, a.Slug) {
		t.Error("the public list shows an unpublished agreement")
	}
	review := fmt.Sprintf("/review/agreement/%d", a.ID)
	if resp, _ := public.get(review); resp.StatusCode == http.StatusOK {
		t.Error("the public reads the review page")
	}
	resp, body := editor.get(review)
	mustStatus(t, "the review page", resp, body, http.StatusOK)
	for _, want := range []string{a.Title, "Nepal (NP)", "Portugal (PT)", "2011-02-01", "Old age", "Test source", "check the dates"} {
		if !strings.Contains(body, want) {
			t.Errorf("the review page lacks %q", want)
		}
	}
	if !strings.Contains(body, review+"/edit") {
		t.Error("the review page does not link to the agreement's edit form")
	}
	if resp, body := editor.get(review + "/edit"); resp.StatusCode != http.StatusOK || !strings.Contains(body, `value="`+a.Title+`"`) {
		t.Errorf("the edit form of an agreement: %d, filled in: %v", resp.StatusCode, strings.Contains(body, a.Title))
	}
	resp, body = editor.get(review + "/diff?from=1&to=2&all=1")
	mustStatus(t, "the diff", resp, body, http.StatusOK)
	if !strings.Contains(body, "Periods added up (totalisation)") {
		t.Error("the diff does not lay out the agreement's fields")
	}
	for _, action := range []string{"submit", "publish"} {
		_, body = editor.get(review)
		resp, body = editor.post(review+"/act", url.Values{"version": {hiddenVersion(t, body)}, "action": {action}})
		mustRedirect(t, action, resp, body, review)
	}
	_, body = editor.get(review)
	if !strings.Contains(body, `href="/agreements/`+a.Slug+`"`) {
		t.Error("the review page of a published agreement does not link to its public page")
	}
	if resp, body := public.get("/agreements/" + a.Slug); resp.StatusCode != http.StatusOK || !strings.Contains(body, "History") {
		t.Errorf("published again: %d, with its history: %v", resp.StatusCode, strings.Contains(body, "History"))
	}
}
