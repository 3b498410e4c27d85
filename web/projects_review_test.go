package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
)

// TestProjectReviewPage checks that a project in review is hidden from the
// public and shown to an editor on its review page, with its preview and
// the workflow's actions, its edit form and the comparison of its
// versions.
func TestProjectReviewPage(t *testing.T) {
	db := seededDB(t)
	system := lmo.NewContextWithUser(context.Background(), lmo.SystemUser)
	// Test data, not facts: a project for this test only.
	d := lmo.Directory{Projects: []*lmo.Project{{Slug: "test-review", Title: "A project in review", Countries: []string{"NP"},
		Donors: []string{"eu"}, Implementers: []string{"ilo"}, Budget: &lmo.Budget{Amount: 12000, Currency: "USD"},
		Sources: []lmo.Source{{Title: "t", URL: "https://example.org/t"}}, ReviewStatus: lmo.ReviewSubmitted}}}
	if _, err := db.ImportDirectory(system, d, "test"); err != nil {
		t.Fatal(err)
	}
	p, err := db.FindProject(system, "test-review")
	if err != nil {
		t.Fatal(err)
	}
	ts := workflowServerOn(t, db)
	editor, anon := as(t, ts, ed), as(t, ts, nil)
	review := fmt.Sprintf("/review/project/%d", p.ID)
	resp, body := editor.get(review)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("review page: %d", resp.StatusCode)
	}
	for _, want := range []string{"A project in review", "European Union (EU)", "USD 12,000", `value="publish"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the review page lacks %q", want)
		}
	}
	if _, body := editor.get("/review"); !strings.Contains(body, review) {
		t.Error("the review queue does not list the project")
	}
	for _, path := range []string{"/projects/test-review", "/api/v1/projects/test-review"} {
		if resp, _ := anon.get(path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("anonymous %s: %d, want 404", path, resp.StatusCode)
		}
	}
	if _, body := anon.get("/projects"); strings.Contains(body, "test-review") {
		t.Error("the public list shows a project in review")
	}
	if resp, body := editor.get(review + "/edit"); resp.StatusCode != http.StatusOK || !strings.Contains(body, `value="A project in review"`) {
		t.Errorf("%s/edit: %d, want the project's form filled in", review, resp.StatusCode)
	}
	if resp, body := editor.get(review + "/diff?from=1&to=1"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "A project in review") {
		t.Errorf("%s/diff: %d, want the project's versions compared", review, resp.StatusCode)
	}
}
