package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/web"
)

// The write API of agreements and projects, addressed by slug, against a
// real seeded store: one engine (api_write_slug.go), so one set of tests
// run for each kind.

// slugKind is a kind of record the API addresses by slug.
type slugKind struct {
	name       string
	collection string   // "/api/v1/agreements"
	listKey    string   // the member of its list's document that holds the records
	serverSet  []string // fields of its document that a client does not write
	// invalid is a change that fails validation, and fields the fields
	// that the 400 must name.
	invalid map[string]any
	fields  []string
	// prefix starts its ETags.
	prefix string
}

var slugKinds = []slugKind{
	{name: "agreement", collection: "/api/v1/agreements", listKey: "items",
		serverSet: []string{"id", "version", "created_at", "updated_at", "review_status", "party_names", "in_force_today", "url", "page"},
		invalid:   map[string]any{"title": " ", "parties": []string{"PH", "ZZ"}, "branches": []string{"luck"}},
		fields:    []string{"title", "parties", "branches"}, prefix: `"a`},
	{name: "project", collection: "/api/v1/projects", listKey: "projects",
		serverSet: []string{"id", "version", "created_at", "updated_at", "review_status"},
		invalid:   map[string]any{"implementers": []string{}, "themes": []string{"no-such-theme"}, "website": "ftp://x"},
		fields:    []string{"implementers", "themes", "website"}, prefix: `"pj`},
}

// forEachSlugKind runs test for every slugKind on a fresh store.
func forEachSlugKind(t *testing.T, test func(t *testing.T, e *writeEnv, k slugKind)) {
	for _, k := range slugKinds {
		t.Run(k.name, func(t *testing.T) { test(t, newWriteEnv(t, nil), k) })
	}
}

// firstSlug is the slug of the first published record of k's list.
func (e *writeEnv) firstSlug(k slugKind) string {
	e.t.Helper()
	rec := e.do(nil, "GET", k.collection, "")
	want(e.t, rec, 200)
	items, _ := doc(e.t, rec)[k.listKey].([]any)
	if len(items) == 0 {
		e.t.Fatalf("no published %s to start from", k.name)
	}
	return items[0].(map[string]any)["slug"].(string)
}

// slugs lists the slugs of k's public list.
func (e *writeEnv) slugs(k slugKind) []string {
	e.t.Helper()
	rec := e.do(nil, "GET", k.collection, "")
	want(e.t, rec, 200)
	var out []string
	items, ok := doc(e.t, rec)[k.listKey].([]any)
	if !ok {
		e.t.Fatalf("%s: no list %q", k.collection, k.listKey)
	}
	for _, it := range items {
		out = append(out, it.(map[string]any)["slug"].(string))
	}
	return out
}

// newBody is a valid record of kind k to write: a published one's
// writable fields under slug, with extra set (nil removes a field).
func (e *writeEnv) newBody(k slugKind, slug string, extra map[string]any) string {
	e.t.Helper()
	rec := e.do(nil, "GET", k.collection+"/"+e.firstSlug(k), "")
	want(e.t, rec, 200)
	m := doc(e.t, rec)
	for _, f := range k.serverSet {
		delete(m, f)
	}
	m["slug"], m["title"] = slug, "Record "+slug
	for f, v := range extra {
		if v == nil {
			delete(m, f)
		} else {
			m[f] = v
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		e.t.Fatal(err)
	}
	return string(b)
}

// getAt returns the document at path and its ETag as u sees it.
func (e *writeEnv) getAt(u *lmo.User, path string) (map[string]any, string) {
	e.t.Helper()
	rec := e.do(u, "GET", path, "")
	want(e.t, rec, 200)
	return doc(e.t, rec), rec.Header().Get("ETag")
}

func TestAPISlugWorkflow(t *testing.T) {
	forEachSlugKind(t, func(t *testing.T, e *writeEnv, k slugKind) { apiSlugWorkflow(t, e, k) })
}

// apiSlugWorkflow takes a contributor's record of kind k through review
// on e, checking every request and answer against the OpenAPI document.
func apiSlugWorkflow(t *testing.T, e *writeEnv, k slugKind) {
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
		m["_etag"], m["_location"] = rec.Header().Get("ETag"), rec.Header().Get("Location")
		return m
	}
	before := e.slugs(k) // the public list, now in the response cache

	// A contributor creates: submitted, theirs to see, no one else's.
	slug := "api-" + k.name + "-flow"
	created := call(contributor, "POST", k.collection, e.newBody(k, slug, nil), 201, "Content-Type", jsonCT)
	path := k.collection + "/" + slug
	if created["review_status"] != lmo.ReviewSubmitted || created["_location"] != "http://example.com"+path {
		t.Fatalf("created %v at %v, want submitted at %s", created["review_status"], created["_location"], path)
	}
	tag := created["_etag"].(string)
	if !strings.HasPrefix(tag, k.prefix) {
		t.Errorf("ETag %s, want the %s's own", tag, k.name)
	}
	call(nil, "GET", path, "", 404)
	call(contributor2, "GET", path, "", 404)
	if mine := call(contributor, "GET", path, "", 200); mine["_etag"] != tag {
		t.Errorf("the owner reads ETag %v, the create gave %v", mine["_etag"], tag)
	}
	if cc := e.do(contributor, "GET", path, "").Header().Get("Cache-Control"); cc != "private, no-store" {
		t.Errorf("the owner's copy is %q", cc)
	}
	if slices.Contains(e.slugs(k), slug) {
		t.Fatalf("the submitted %s is public", k.name)
	}
	readToken := &lmo.User{ID: editor.ID, Name: editor.Name, Role: lmo.RoleEditor, Scope: lmo.ScopeRead}
	call(readToken, "GET", path, "", 200)
	call(readToken, "PATCH", path, `{"title": "By a read token."}`, 403, "Content-Type", jsonCT, "If-Match", tag)
	queue := call(editor, "GET", "/api/v1/review-queue", "", 200)["items"].([]any)
	if !slices.ContainsFunc(queue, func(it any) bool { return it.(map[string]any)["url"] == "http://example.com"+path }) {
		t.Errorf("the queue does not point at %s: %v", path, queue)
	}

	// Its owner edits it; a forged publish is refused and changes nothing.
	edited := call(contributor, "PATCH", path, `{"title": "Edited by its owner."}`, 200, "Content-Type", "application/merge-patch+json", "If-Match", tag)
	tag = edited["_etag"].(string)
	call(contributor, "POST", path+"/publish", "", 403, "If-Match", tag)
	if again := call(contributor, "GET", path, "", 200); again["_etag"] != tag || again["review_status"] != lmo.ReviewSubmitted {
		t.Fatalf("a refused publish changed the %s: %v %v", k.name, again["_etag"], again["review_status"])
	}

	// The editor: If-Match required and checked, a comment where needed.
	call(editor, "POST", path+"/request-changes", `{"comment": ""}`, 400, "Content-Type", jsonCT, "If-Match", tag)
	want(t, e.do(editor, "POST", path+"/publish", "", hdr()...), http.StatusPreconditionRequired)
	want(t, e.do(editor, "POST", path+"/publish", "", hdr("If-Match", created["_etag"].(string))...), http.StatusPreconditionFailed)
	published := call(editor, "POST", path+"/publish", `{"comment": "Sources checked."}`, 200, "Content-Type", jsonCT, "If-Match", tag)
	if published["review_status"] != lmo.ReviewPublished || published["_etag"] == tag {
		t.Fatalf("after publish: %v, ETag %v", published["review_status"], published["_etag"])
	}
	public := call(nil, "GET", path, "", 200)
	if public["title"] != "Edited by its owner." {
		t.Errorf("the public copy: %v", public["title"])
	}
	want(t, e.do(nil, "GET", path, "", "If-None-Match", public["_etag"].(string)), http.StatusNotModified)
	after := e.slugs(k)
	if !slices.Contains(after, slug) || len(after) != len(before)+1 {
		t.Errorf("the public list after publishing: %d records (%d before), %s listed: %v", len(after), len(before), slug, slices.Contains(after, slug))
	}

	// Revisions: every version, newest first, each with its snapshot.
	revs := call(nil, "GET", path+"/revisions", "", 200)["items"].([]any)
	if len(revs) < 3 || revs[0].(map[string]any)["version"].(float64) <= revs[1].(map[string]any)["version"].(float64) {
		t.Fatalf("revisions %v", revs)
	}
	first := call(nil, "GET", path+"/revisions/1", "", 200)
	if snap, _ := first["snapshot"].(map[string]any); snap["slug"] != slug || snap["title"] == "Edited by its owner." {
		t.Errorf("revision 1's snapshot: %v", first["snapshot"])
	}
	call(nil, "GET", path+"/revisions/999", "", 404)

	// A PUT that changes the slug moves the record, and says where.
	moved := k.collection + "/" + slug + "-moved"
	put := call(editor, "PUT", path, e.newBody(k, slug+"-moved", map[string]any{"title": "Moved"}), 200,
		"Content-Type", jsonCT, "If-Match", public["_etag"].(string))
	if put["_location"] != "http://example.com"+moved || put["slug"] != slug+"-moved" || put["review_status"] != lmo.ReviewPublished {
		t.Errorf("after the PUT: Location %v, slug %v, %v", put["_location"], put["slug"], put["review_status"])
	}
	call(nil, "GET", path, "", 404)
	if got := call(nil, "GET", moved, "", 200); got["title"] != "Moved" || got["id"] != created["id"] {
		t.Errorf("at %s: %v (id %v, created %v)", moved, got["title"], got["id"], created["id"])
	}
	// ... and a published change shows in the public list at once.
	if after := e.slugs(k); !slices.Contains(after, slug+"-moved") || slices.Contains(after, slug) {
		t.Errorf("the public list after the move: %v", after)
	}
}

func TestAPISlugPreconditions(t *testing.T) {
	forEachSlugKind(t, func(t *testing.T, e *writeEnv, k slugKind) {
		path := k.collection + "/" + e.firstSlug(k)
		before, tag := e.getAt(nil, path)
		patch := `{"title": "Changed"}`
		mp := "application/merge-patch+json"
		want(t, e.do(editor, "PATCH", path, patch, "Content-Type", mp), http.StatusPreconditionRequired)
		want(t, e.do(editor, "PUT", path, e.newBody(k, "x", nil), "Content-Type", jsonCT), http.StatusPreconditionRequired)
		for _, stale := range []string{`"a1-v1-0000000000000000"`, "W/" + tag, strings.Replace(tag, fmt.Sprintf("-v%v-", before["version"]), "-v999-", 1)} {
			want(t, e.do(editor, "PATCH", path, patch, "Content-Type", mp, "If-Match", stale), http.StatusPreconditionFailed)
		}
		if after, tag2 := e.getAt(nil, path); after["title"] != before["title"] || tag2 != tag {
			t.Fatalf("a refused write changed the %s: %v -> %v", k.name, before["title"], after["title"])
		}
		rec := e.do(editor, "PATCH", path, patch, "Content-Type", mp, "If-Match", `"other", `+tag)
		want(t, rec, http.StatusOK)
		if got := doc(t, rec); got["title"] != "Changed" || got["version"] != before["version"].(float64)+1 {
			t.Errorf("after PATCH: %v v%v", got["title"], got["version"])
		}
		if rec.Header().Get("ETag") == tag {
			t.Error("the ETag did not change with the record")
		}
		want(t, e.do(editor, "PATCH", path, `{"title": "Again"}`, "Content-Type", jsonCT, "If-Match", tag), http.StatusPreconditionFailed)
	})
}

func TestAPISlugMergePatchChangesOnlyItsFields(t *testing.T) {
	forEachSlugKind(t, func(t *testing.T, e *writeEnv, k slugKind) {
		path := k.collection + "/" + e.firstSlug(k)
		before, tag := e.getAt(nil, path)
		rec := e.do(editor, "PATCH", path, `{"title": "A new title.", "sources": [{"title": "A new source", "url": "https://example.org/s"}]}`,
			"Content-Type", "application/merge-patch+json", "If-Match", tag)
		want(t, rec, http.StatusOK)
		after, _ := e.getAt(nil, path)
		for f, v := range before {
			switch f {
			case "title", "sources", "version", "updated_at":
			default:
				if fmt.Sprint(after[f]) != fmt.Sprint(v) {
					t.Errorf("%s changed: %v -> %v", f, v, after[f])
				}
			}
		}
		if after["title"] != "A new title." || len(after["sources"].([]any)) != 1 {
			t.Errorf("after the patch: %v, %v", after["title"], after["sources"])
		}
	})
}

func TestAPISlugBodyErrors(t *testing.T) {
	forEachSlugKind(t, func(t *testing.T, e *writeEnv, k slugKind) {
		path := k.collection + "/" + e.firstSlug(k)
		_, tag := e.getAt(nil, path)
		good := e.newBody(k, "api-errors", nil)
		for _, tc := range []struct {
			name, method, body, ct string
			status                 int
			detail                 string
			fields                 []string
		}{
			{"invalid record", "PUT", e.newBody(k, "api-errors", k.invalid), jsonCT, 400, "", k.fields},
			{"invalid patch", "PATCH", mustJSON(t, k.invalid), "application/merge-patch+json", 400, "", k.fields},
			{"bad slug", "PATCH", `{"slug": "Not A Slug"}`, jsonCT, 400, "slug", []string{"slug"}},
			{"unknown field", "PUT", strings.Replace(good, `{`, `{"colour":"red",`, 1), jsonCT, 400, `"colour"`, nil},
			{"read-only field", "PATCH", `{"version": 7}`, "application/merge-patch+json", 400, `"version"`, nil},
			{"wrong type", "PATCH", `{"sources": "a book"}`, "application/merge-patch+json", 400, `"sources" must be an array`, nil},
			{"not a date", "PATCH", map[string]string{"agreement": `{"signed": "last spring"}`, "project": `{"start": "last spring"}`}[k.name], jsonCT, 400, "last spring", nil},
			{"not JSON", "PUT", `{"title": `, jsonCT, 400, "ends before", nil},
			{"patch not an object", "PATCH", `["title"]`, "application/merge-patch+json", 400, "JSON object", nil},
			{"review status", "PATCH", `{"review_status": "draft"}`, jsonCT, 400, "workflow actions", nil},
			{"text/plain", "PUT", good, "text/plain", 415, "application/json", nil},
			{"no content type", "PATCH", `{}`, "", 415, "merge-patch", nil},
			{"too large", "PUT", `{"summary": "` + strings.Repeat("x", 1<<20) + `"}`, jsonCT, 413, "larger", nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				rec := e.do(editor, tc.method, path, tc.body, "Content-Type", tc.ct, "If-Match", tag)
				want(t, rec, tc.status)
				var p struct {
					Detail string
					Errors []lmo.FieldProblem
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(p.Detail, tc.detail) {
					t.Errorf("detail %q does not mention %q", p.Detail, tc.detail)
				}
				for _, f := range tc.fields {
					if !slices.ContainsFunc(p.Errors, func(fp lmo.FieldProblem) bool { return fp.Field == f && fp.Message != "" }) {
						t.Errorf("errors %v do not name %s", p.Errors, f)
					}
				}
			})
		}
		if _, tag2 := e.getAt(nil, path); tag2 != tag {
			t.Error("a refused write changed the record")
		}
	})
}

// mustJSON encodes v.
func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestAPISlugRoles(t *testing.T) {
	forEachSlugKind(t, func(t *testing.T, e *writeEnv, k slugKind) {
		path := k.collection + "/" + e.firstSlug(k)
		_, tag := e.getAt(nil, path)
		for _, tc := range []struct {
			u      *lmo.User
			status int
		}{
			{nil, http.StatusUnauthorized},
			{contributor, http.StatusForbidden}, // not theirs
			{&lmo.User{ID: 202, Name: "Read Token", Role: lmo.RoleEditor, Scope: lmo.ScopeRead}, http.StatusForbidden},
		} {
			for _, w := range []struct{ method, path, body string }{
				{"PATCH", path, `{"title": "Mine now"}`},
				{"PUT", path, e.newBody(k, "mine-now", nil)},
				{"POST", path + "/unpublish", `{"comment": "Mine now."}`},
			} {
				rec := e.do(tc.u, w.method, w.path, w.body, "Content-Type", jsonCT, "If-Match", tag)
				want(t, rec, tc.status)
			}
		}
		// A read token may not create either; nor may anyone anonymous.
		read := &lmo.User{ID: 202, Name: "Read Token", Role: lmo.RoleEditor, Scope: lmo.ScopeRead}
		rec := e.do(read, "POST", k.collection, e.newBody(k, "by-a-read-token", nil), "Content-Type", jsonCT)
		want(t, rec, http.StatusForbidden)
		if d := doc(t, rec)["detail"]; !strings.Contains(fmt.Sprint(d), "scope") {
			t.Errorf("detail %v", d)
		}
		want(t, e.do(nil, "POST", k.collection, e.newBody(k, "by-no-one", nil), "Content-Type", jsonCT), http.StatusUnauthorized)
		if _, tag2 := e.getAt(nil, path); tag2 != tag {
			t.Error("a refused write changed the record")
		}
	})
}

func TestAPISlugTaken(t *testing.T) {
	forEachSlugKind(t, func(t *testing.T, e *writeEnv, k slugKind) {
		slugs := e.slugs(k)
		if len(slugs) < 2 {
			t.Fatalf("%d published %ss", len(slugs), k.name)
		}
		path := k.collection + "/" + slugs[0]
		_, tag := e.getAt(nil, path)
		want(t, e.do(editor, "PATCH", path, fmt.Sprintf(`{"slug": %q}`, slugs[1]), "Content-Type", jsonCT, "If-Match", tag), http.StatusConflict)
		want(t, e.do(editor, "POST", k.collection, e.newBody(k, slugs[1], nil), "Content-Type", jsonCT), http.StatusConflict)
	})
}

func TestAPISlugDraftThenSubmit(t *testing.T) {
	forEachSlugKind(t, func(t *testing.T, e *writeEnv, k slugKind) {
		rec := e.do(contributor, "POST", k.collection, e.newBody(k, "api-draft", map[string]any{"review_status": "draft"}), "Content-Type", jsonCT)
		want(t, rec, http.StatusCreated)
		if s := doc(t, rec)["review_status"]; s != lmo.ReviewDraft {
			t.Fatalf("created %v, want draft", s)
		}
		rec = e.do(contributor, "POST", k.collection+"/api-draft/submit", "", "If-Match", rec.Header().Get("ETag"))
		want(t, rec, http.StatusOK)
		if s := doc(t, rec)["review_status"]; s != lmo.ReviewSubmitted {
			t.Errorf("after submit: %v", s)
		}
	})
}

// racingAgreements is the real agreement service, but someone else edits
// the agreement right after the API's If-Match check read it for a
// signed-in user: the store must still refuse the API's write.
type racingAgreements struct {
	lmo.AgreementService
	raced bool
}

// FindAgreement is the read the If-Match check makes.
func (r *racingAgreements) FindAgreement(ctx context.Context, slug string) (*lmo.Agreement, error) {
	a, err := r.AgreementService.FindAgreement(ctx, slug)
	if err != nil || r.raced || lmo.UserFromContext(ctx) == nil {
		return a, err
	}
	r.raced = true
	other := *a
	other.Parties, other.Branches, other.Sources = slices.Clone(a.Parties), slices.Clone(a.Branches), slices.Clone(a.Sources)
	other.Summary = "Someone else's summary."
	if err := r.AgreementService.UpdateAgreement(lmoCtx(editor), &other, "the other edit"); err != nil {
		return nil, err
	}
	return a, nil
}

func TestAPISlugRaceIsPreconditionFailed(t *testing.T) {
	db := seededDB(t)
	wf, _ := any(db).(lmo.WorkflowService)
	srv, err := web.NewServer(web.Config{Practices: db, Countries: db, Vocabularies: db, Standards: db, Statistics: db, DB: db, Versions: db,
		Agreements: &racingAgreements{AgreementService: db}, Projects: db, Workflow: wf,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	e := &writeEnv{t: t, srv: srv, db: db}
	k := slugKinds[0]
	path := k.collection + "/" + e.firstSlug(k)
	_, tag := e.getAt(nil, path)
	want(t, e.do(editor, "PATCH", path, `{"title": "Lost"}`, "Content-Type", jsonCT, "If-Match", tag), http.StatusPreconditionFailed)
	if got, _ := e.getAt(nil, path); got["title"] == "Lost" || got["summary"] != "Someone else's summary." {
		t.Errorf("after the race: title %v, summary %v", got["title"], got["summary"])
	}
}

// TestOpenAPISlugWrites validates writes of agreements and projects, and
// their answers, against the served document, as TestOpenAPIWrites does
// for practices; the workflow test (apiSlugWorkflow) validates the rest.
func TestOpenAPISlugWrites(t *testing.T) {
	forEachSlugKind(t, func(t *testing.T, e *writeEnv, k slugKind) {
		v := writeValidator(t, e)
		path := k.collection + "/" + e.firstSlug(k)
		tag := func() string { _, tag := e.getAt(nil, path); return tag }
		mp := "application/merge-patch+json"
		// Invalid in a way the document cannot see: only the server knows.
		invalid := map[string]map[string]any{
			"agreement": {"signed": "2000-05-01", "in_force": "1990"},
			"project":   {"implementers": []string{}, "countries": []string{}, "global": false},
		}[k.name]
		tests := []struct {
			name         string
			user         *lmo.User
			method, path string
			body         string
			header       func() []string
			status       int
			outsideDoc   bool
		}{
			{name: "create", user: editor, method: "POST", path: k.collection, body: e.newBody(k, "openapi-made", map[string]any{"review_status": "published"}),
				header: func() []string { return []string{"Content-Type", jsonCT} }, status: 201},
			{name: "create unknown field", user: editor, method: "POST", path: k.collection, body: e.newBody(k, "openapi-colour", map[string]any{"colour": "red"}),
				header: func() []string { return []string{"Content-Type", jsonCT} }, status: 400, outsideDoc: true},
			{name: "create invalid", user: editor, method: "POST", path: k.collection, body: e.newBody(k, "openapi-invalid", invalid),
				header: func() []string { return []string{"Content-Type", jsonCT} }, status: 400},
			{name: "create anonymous", method: "POST", path: k.collection, body: e.newBody(k, "openapi-anon", nil),
				header: func() []string { return []string{"Content-Type", jsonCT} }, status: 401},
			{name: "get", method: "GET", path: path, status: 200},
			{name: "get signed in", user: editor, method: "GET", path: path, status: 200},
			{name: "get not modified", method: "GET", path: path, header: func() []string { return []string{"If-None-Match", tag()} }, status: 304},
			{name: "get unknown", method: "GET", path: k.collection + "/no-such-record", status: 404},
			{name: "patch", user: editor, method: "PATCH", path: path, body: `{"title": "Patched."}`,
				header: func() []string { return []string{"Content-Type", mp, "If-Match", tag()} }, status: 200},
			{name: "patch stale", user: editor, method: "PATCH", path: path, body: `{"title": "Patched."}`,
				header: func() []string { return []string{"Content-Type", mp, "If-Match", `"a1-v1-0000000000000000"`} }, status: 412},
			{name: "patch without If-Match", user: editor, method: "PATCH", path: path, body: `{"title": "Patched."}`,
				header: func() []string { return []string{"Content-Type", mp} }, status: 428, outsideDoc: true},
			{name: "patch as contributor", user: contributor, method: "PATCH", path: path, body: `{"title": "Patched."}`,
				header: func() []string { return []string{"Content-Type", jsonCT, "If-Match", tag()} }, status: 403},
			{name: "put invalid", user: editor, method: "PUT", path: path, body: e.newBody(k, "openapi-put", invalid),
				header: func() []string { return []string{"Content-Type", jsonCT, "If-Match", tag()} }, status: 400},
			{name: "put", user: editor, method: "PUT", path: path, body: e.newBody(k, "openapi-put", nil),
				header: func() []string { return []string{"Content-Type", jsonCT, "If-Match", tag()} }, status: 200},
			{name: "put unknown", user: editor, method: "PUT", path: k.collection + "/no-such-record", body: e.newBody(k, "openapi-put", nil),
				header: func() []string { return []string{"Content-Type", jsonCT, "If-Match", `"a1-v1-0000000000000000"`} }, status: 404},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				var header []string
				if tc.header != nil {
					header = tc.header()
				}
				if tc.user != nil {
					header = append(header, signedInHeader...)
				}
				rec := e.do(tc.user, tc.method, tc.path, tc.body, header...)
				want(t, rec, tc.status)
				checkAgainstDoc(t, v, tc.method, tc.path, tc.body, header, rec, tc.outsideDoc)
			})
			if tc.name == "put" {
				path = k.collection + "/openapi-put" // the PUT moved it
			}
		}
	})
}
