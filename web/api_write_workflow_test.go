package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/postgres/pgtest"
	"github.com/lmo-observatory/lmo/starter"
)

// The workflow through the API, on the real store's WorkflowService: a
// contributor's practice is private until an editor publishes it.

// signedInHeader marks a request as carrying a token, for the validator's
// security check (the user itself rides in the context).
var signedInHeader = []string{"Authorization", "Bearer for-the-validator"}

func hdr(pairs ...string) []string { return append(append([]string{}, signedInHeader...), pairs...) }

func TestAPIWorkflow(t *testing.T) { apiWorkflow(t, newWriteEnv(t, nil)) }

// TestAPIWritesPostgres runs the workflows (of practices, agreements and
// projects) and the race on PostgreSQL.
func TestAPIWritesPostgres(t *testing.T) {
	seeded := func(t *testing.T) stores {
		db := pgtest.Open(t)
		data, err := starter.Load()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := starter.Seed(context.Background(), db, data); err != nil {
			t.Fatal(err)
		}
		return db
	}
	t.Run("workflow", func(t *testing.T) { apiWorkflow(t, newWriteEnvOn(t, seeded(t), nil)) })
	t.Run("race", func(t *testing.T) { apiRace(t, newWriteEnvOn(t, seeded(t), racingPractices)) })
	for _, k := range slugKinds {
		t.Run(k.name+" workflow", func(t *testing.T) { apiSlugWorkflow(t, newWriteEnvOn(t, seeded(t), nil), k) })
	}
}

// apiWorkflow takes a contributor's practice through review on e.
func apiWorkflow(t *testing.T, e *writeEnv) {
	v := writeValidator(t, e)
	call := func(u *lmo.User, method, path, body string, status int, header ...string) map[string]any {
		t.Helper()
		if u != nil {
			header = hdr(header...)
		}
		rec := e.do(u, method, path, body, header...)
		want(t, rec, status)
		checkAgainstDoc(t, v, method, path, body, header, rec, false)
		if rec.Body.Len() == 0 || !strings.Contains(rec.Header().Get("Content-Type"), "json") {
			return nil
		}
		m := doc(t, rec)
		if etag := rec.Header().Get("ETag"); etag != "" {
			m["_etag"] = etag
		}
		return m
	}

	// A contributor creates: submitted, theirs to see, no one else's.
	created := call(contributor, "POST", "/api/v1/practices", e.newPracticeBody("api-workflow", nil), 201, "Content-Type", jsonCT)
	if created["review_status"] != lmo.ReviewSubmitted {
		t.Fatalf("created %v, want submitted", created["review_status"])
	}
	path := fmt.Sprintf("/api/v1/practices/%v", created["id"])
	call(nil, "GET", path, "", 404)
	call(contributor2, "GET", path, "", 404)
	mine := call(contributor, "GET", path, "", 200)
	if mine["_etag"] != created["_etag"] {
		t.Errorf("the owner's ETag %v, the create's %v", mine["_etag"], created["_etag"])
	}
	rec := e.do(contributor, "GET", path, "")
	if cc := rec.Header().Get("Cache-Control"); cc != "private, no-store" {
		t.Errorf("the owner's copy is %q", cc)
	}
	// An editor's read token reads it, and may not change it.
	readToken := &lmo.User{ID: editor.ID, Name: editor.Name, Role: lmo.RoleEditor, Scope: lmo.ScopeRead}
	call(readToken, "GET", path, "", 200)
	call(readToken, "PATCH", path, `{"summary": "By a read token."}`, 403, "Content-Type", jsonCT, "If-Match", created["_etag"].(string))
	tag := created["_etag"].(string)

	// The owner may still edit it; a forged publish is refused and
	// changes nothing.
	edited := call(contributor, "PATCH", path, `{"summary": "Edited by its owner."}`, 200, "Content-Type", jsonCT, "If-Match", tag)
	tag = edited["_etag"].(string)
	call(contributor, "POST", path+"/publish", "", 403, "If-Match", tag)
	if again := call(contributor, "GET", path, "", 200); again["_etag"] != tag || again["review_status"] != lmo.ReviewSubmitted {
		t.Fatalf("a refused publish changed the practice: %v %v", again["_etag"], again["review_status"])
	}

	// The editor's actions: If-Match required and checked, a comment
	// where one is needed.
	call(editor, "POST", path+"/request-changes", `{"comment": ""}`, 400, "Content-Type", jsonCT, "If-Match", tag)
	rec = e.do(editor, "POST", path+"/publish", "", hdr()...)
	want(t, rec, http.StatusPreconditionRequired)
	rec = e.do(editor, "POST", path+"/publish", "", hdr("If-Match", created["_etag"].(string))...)
	want(t, rec, http.StatusPreconditionFailed)
	published := call(editor, "POST", path+"/publish", `{"comment": "Sources checked."}`, 200, "Content-Type", jsonCT, "If-Match", tag)
	if published["review_status"] != lmo.ReviewPublished || published["_etag"] == tag {
		t.Fatalf("after publish: %v, ETag %v", published["review_status"], published["_etag"])
	}
	if public := call(nil, "GET", path, "", 200); public["summary"] != "Edited by its owner." {
		t.Errorf("the public copy: %v", public["summary"])
	}

	// Revisions: every version, newest first, each with its snapshot.
	revs := call(nil, "GET", path+"/revisions", "", 200)["items"].([]any)
	if len(revs) < 3 || revs[0].(map[string]any)["version"].(float64) <= revs[1].(map[string]any)["version"].(float64) {
		t.Fatalf("revisions %v", revs)
	}
	first := call(nil, "GET", path+"/revisions/1", "", 200)
	if snap, _ := first["snapshot"].(map[string]any); snap["slug"] != "api-workflow" || snap["summary"] == "Edited by its owner." {
		t.Errorf("revision 1's snapshot: %v", first["snapshot"])
	}
	call(nil, "GET", path+"/revisions/999", "", 404)

	// Anyone signed in suggests a correction; editors see it queued.
	sg := call(contributor2, "POST", path+"/suggestions", `{"body": "The start year is wrong.", "source_title": "The ministry's annual report"}`, 201, "Content-Type", jsonCT)
	if sg["status"] != lmo.SuggestionOpen || sg["practice_id"] != created["id"] {
		t.Errorf("suggestion %v", sg)
	}
	call(contributor, "GET", "/api/v1/review-queue", "", 403)
	queue := call(editor, "GET", "/api/v1/review-queue", "", 200)["items"].([]any)
	found := false
	for _, it := range queue {
		found = found || it.(map[string]any)["id"] == created["id"]
	}
	if !found {
		t.Errorf("the practice with an open suggestion is not in the queue: %v", queue)
	}
}

func TestAPIDraftThenSubmit(t *testing.T) {
	e := newWriteEnv(t, nil)
	rec := e.do(contributor, "POST", "/api/v1/practices", e.newPracticeBody("api-draft", map[string]any{"review_status": "draft"}), "Content-Type", jsonCT)
	want(t, rec, http.StatusCreated)
	created := doc(t, rec)
	if created["review_status"] != lmo.ReviewDraft {
		t.Fatalf("created %v, want draft", created["review_status"])
	}
	path := fmt.Sprintf("/api/v1/practices/%v/submit", created["id"])
	rec = e.do(contributor, "POST", path, "", "If-Match", rec.Header().Get("ETag"))
	want(t, rec, http.StatusOK)
	if s := doc(t, rec)["review_status"]; s != lmo.ReviewSubmitted {
		t.Errorf("after submit: %v", s)
	}
}
