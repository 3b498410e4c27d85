package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/web"
)

// The write API, against a real seeded SQLite store. Requests act as a
// user by carrying it in their context, as the sign-in middleware does.

var (
	contributor  = &lmo.User{ID: 101, Name: "Ana Contributor", Role: lmo.RoleContributor}
	contributor2 = &lmo.User{ID: 102, Name: "Ben Contributor", Role: lmo.RoleContributor}
	editor       = &lmo.User{ID: 201, Name: "Eda Editor", Role: lmo.RoleEditor}
)

// writeEnv is a server over a seeded store, called in process.
type writeEnv struct {
	t   *testing.T
	srv http.Handler
	db  stores
}

// newWriteEnv returns a server over a fresh seeded store; practices, when
// not nil, stands in front of the store's practice service.
func newWriteEnv(t *testing.T, practices func(stores) lmo.PracticeService) *writeEnv {
	t.Helper()
	return newWriteEnvOn(t, seededDB(t), practices)
}

// newWriteEnvOn is newWriteEnv over a seeded database of either kind.
func newWriteEnvOn(t *testing.T, db stores, practices func(stores) lmo.PracticeService) *writeEnv {
	t.Helper()
	var ps lmo.PracticeService = db
	if practices != nil {
		ps = practices(db)
	}
	wf, _ := any(db).(lmo.WorkflowService)
	srv, err := web.NewServer(web.Config{Practices: ps, Countries: db, Vocabularies: db, Standards: db, Statistics: db, DB: db, Versions: db,
		Agreements: db, Projects: db,
		Workflow: wf, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return &writeEnv{t: t, srv: srv, db: db}
}

// do sends a request as u (nil: anonymous) with a body and header pairs.
func (e *writeEnv) do(u *lmo.User, method, path, body string, header ...string) *httptest.ResponseRecorder {
	e.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	if u != nil {
		req = req.WithContext(lmo.NewContextWithUser(req.Context(), u))
	}
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	return rec
}

// want fails unless rec has status.
func want(t *testing.T, rec *httptest.ResponseRecorder, status int) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d: %.500s", rec.Code, status, rec.Body.String())
	}
}

// doc decodes a JSON answer.
func doc(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("decoding %q: %v", rec.Body.String(), err)
	}
	return m
}

// firstID is the id of the first published practice in the list.
func (e *writeEnv) firstID() int64 {
	e.t.Helper()
	rec := e.do(nil, "GET", "/api/v1/practices?per_page=2&sort=title", "")
	want(e.t, rec, 200)
	return int64(doc(e.t, rec)["items"].([]any)[0].(map[string]any)["id"].(float64))
}

// newPracticeBody is a valid practice to create: an existing one's
// writable fields under a new slug and title.
func (e *writeEnv) newPracticeBody(slug string, extra map[string]any) string {
	e.t.Helper()
	rec := e.do(nil, "GET", fmt.Sprintf("/api/v1/practices/%d", e.firstID()), "")
	want(e.t, rec, 200)
	m := doc(e.t, rec)
	for _, k := range []string{"id", "version", "created_at", "updated_at", "url", "review_status"} {
		delete(m, k)
	}
	m["slug"], m["title"] = slug, "Practice "+slug
	for k, v := range extra {
		m[k] = v
	}
	b, err := json.Marshal(m)
	if err != nil {
		e.t.Fatal(err)
	}
	return string(b)
}

// get returns the practice document and its ETag as u sees it.
func (e *writeEnv) get(u *lmo.User, id int64) (map[string]any, string) {
	e.t.Helper()
	rec := e.do(u, "GET", fmt.Sprintf("/api/v1/practices/%d", id), "")
	want(e.t, rec, 200)
	return doc(e.t, rec), rec.Header().Get("ETag")
}

const jsonCT = "application/json"

func TestAPIWriteNeedsUser(t *testing.T) {
	e := newWriteEnv(t, nil)
	id := e.firstID()
	for _, tc := range []struct{ method, path string }{
		{"POST", "/api/v1/practices"},
		{"PUT", fmt.Sprintf("/api/v1/practices/%d", id)},
		{"PATCH", fmt.Sprintf("/api/v1/practices/%d", id)},
		{"POST", fmt.Sprintf("/api/v1/practices/%d/publish", id)},
		{"POST", fmt.Sprintf("/api/v1/practices/%d/suggestions", id)},
		{"GET", "/api/v1/review-queue"},
	} {
		rec := e.do(nil, tc.method, tc.path, `{}`, "Content-Type", jsonCT, "If-Match", "*")
		want(t, rec, http.StatusUnauthorized)
		if got := rec.Header().Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
			t.Errorf("%s %s: WWW-Authenticate %q, want a Bearer challenge", tc.method, tc.path, got)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("%s %s: Content-Type %q", tc.method, tc.path, ct)
		}
	}
}

func TestAPICreateAsEditor(t *testing.T) {
	e := newWriteEnv(t, nil)
	rec := e.do(editor, "POST", "/api/v1/practices", e.newPracticeBody("api-editor-made", map[string]any{"review_status": "published"}), "Content-Type", jsonCT)
	want(t, rec, http.StatusCreated)
	created := doc(t, rec)
	id := int64(created["id"].(float64))
	if loc := rec.Header().Get("Location"); loc != fmt.Sprintf("http://example.com/api/v1/practices/%d", id) {
		t.Errorf("Location %q", loc)
	}
	if created["review_status"] != "published" || created["version"] != 1.0 || created["slug"] != "api-editor-made" {
		t.Errorf("created %v", created)
	}
	// Published: anyone reads it, under the ETag the write gave.
	got, tag := e.get(nil, id)
	if tag != rec.Header().Get("ETag") || got["title"] != "Practice api-editor-made" {
		t.Errorf("GET: ETag %s (create gave %s), title %v", tag, rec.Header().Get("ETag"), got["title"])
	}
}

func TestAPICreateAsContributorIsNotPublic(t *testing.T) {
	e := newWriteEnv(t, nil)
	// Asking for "published" does not publish a contributor's practice.
	rec := e.do(contributor, "POST", "/api/v1/practices", e.newPracticeBody("api-contributed", map[string]any{"review_status": "published"}), "Content-Type", jsonCT)
	if rec.Code != http.StatusCreated {
		// The store refuses a contributor's "published": either answer
		// is fine, as long as nothing is public.
		want(t, rec, http.StatusBadRequest)
	} else if s := doc(t, rec)["review_status"]; s != lmo.ReviewSubmitted && s != lmo.ReviewDraft {
		t.Fatalf("a contributor's practice is %v", s)
	}
	if _, err := e.db.FindPracticeBySlug(lmoCtx(editor), "api-contributed"); lmo.ErrorCode(err) != lmo.ENOTFOUND {
		t.Fatalf("the contributor's practice is public (%v)", err)
	}
	rows := e.do(nil, "GET", "/api/v1/practices?q=api-contributed", "")
	if doc(t, rows)["total"] != 0.0 {
		t.Errorf("the contributor's practice is listed: %s", rows.Body)
	}
}

// lmoCtx is a context acting as u.
func lmoCtx(u *lmo.User) context.Context { return lmo.NewContextWithUser(context.Background(), u) }

func TestAPIPreconditions(t *testing.T) {
	e := newWriteEnv(t, nil)
	id := e.firstID()
	path := fmt.Sprintf("/api/v1/practices/%d", id)
	before, tag := e.get(nil, id)
	patch := `{"title": "Changed"}`

	rec := e.do(editor, "PATCH", path, patch, "Content-Type", "application/merge-patch+json")
	want(t, rec, http.StatusPreconditionRequired)

	for _, stale := range []string{`"p1-v1-0000000000000000"`, "W/" + tag, strings.Replace(tag, fmt.Sprintf("-v%v-", before["version"]), "-v999-", 1)} {
		rec = e.do(editor, "PATCH", path, patch, "Content-Type", "application/merge-patch+json", "If-Match", stale)
		want(t, rec, http.StatusPreconditionFailed)
	}
	after, tag2 := e.get(nil, id)
	if after["title"] != before["title"] || after["version"] != before["version"] || tag2 != tag {
		t.Errorf("a refused write changed the practice: %v -> %v", before["title"], after["title"])
	}

	// The current tag, among others, matches.
	rec = e.do(editor, "PATCH", path, patch, "Content-Type", "application/merge-patch+json", "If-Match", `"other", `+tag)
	want(t, rec, http.StatusOK)
	if got := doc(t, rec); got["title"] != "Changed" || got["version"] != before["version"].(float64)+1 {
		t.Errorf("after PATCH: %v v%v", got["title"], got["version"])
	}
	if rec.Header().Get("ETag") == tag {
		t.Error("the ETag did not change with the practice")
	}
	// The old tag is now stale.
	rec = e.do(editor, "PATCH", path, `{"title": "Again"}`, "Content-Type", jsonCT, "If-Match", tag)
	want(t, rec, http.StatusPreconditionFailed)
}

func TestAPIMergePatchChangesOnlyItsFields(t *testing.T) {
	e := newWriteEnv(t, nil)
	id := e.firstID()
	before, tag := e.get(nil, id)
	rec := e.do(editor, "PATCH", fmt.Sprintf("/api/v1/practices/%d", id),
		`{"summary": "A new summary.", "lessons": null}`, "Content-Type", "application/merge-patch+json", "If-Match", tag)
	want(t, rec, http.StatusOK)
	after, _ := e.get(nil, id)
	for k, v := range before {
		switch k {
		case "summary":
			if after[k] != "A new summary." {
				t.Errorf("summary %v", after[k])
			}
		case "lessons":
			if _, ok := after[k]; ok {
				t.Errorf("lessons not removed: %v", after[k])
			}
		case "version", "updated_at":
		default:
			if fmt.Sprint(after[k]) != fmt.Sprint(v) {
				t.Errorf("%s changed: %v -> %v", k, v, after[k])
			}
		}
	}
}

func TestAPIPutReplaces(t *testing.T) {
	e := newWriteEnv(t, nil)
	id := e.firstID()
	before, tag := e.get(nil, id)
	body := e.newPracticeBody(before["slug"].(string), map[string]any{"title": "Replaced", "results": nil})
	rec := e.do(editor, "PUT", fmt.Sprintf("/api/v1/practices/%d", id), body, "Content-Type", jsonCT, "If-Match", tag)
	want(t, rec, http.StatusOK)
	got := doc(t, rec)
	if got["title"] != "Replaced" || got["id"] != before["id"] || got["review_status"] != before["review_status"] {
		t.Errorf("after PUT: %v", got)
	}
	if _, ok := got["results"]; ok {
		t.Errorf("PUT kept results it was not given")
	}
}

func TestAPIBodyErrors(t *testing.T) {
	e := newWriteEnv(t, nil)
	id := e.firstID()
	path := fmt.Sprintf("/api/v1/practices/%d", id)
	_, tag := e.get(nil, id)
	good := e.newPracticeBody("api-errors", nil)
	for _, tc := range []struct {
		name, method, body, ct string
		status                 int
		detail                 string
	}{
		{"bad vocabulary code", "PUT", e.newPracticeBody("api-errors", map[string]any{"themes": []string{"no-such-theme"}}), jsonCT, 400, "no-such-theme"},
		{"unknown field", "PUT", strings.Replace(good, `{`, `{"colour":"red",`, 1), jsonCT, 400, `"colour"`},
		{"unknown field in a patch", "PATCH", `{"colour": "red"}`, "application/merge-patch+json", 400, `"colour"`},
		{"read-only field", "PATCH", `{"version": 7}`, "application/merge-patch+json", 400, `"version"`},
		{"wrong type", "PATCH", `{"themes": "labour-rights"}`, "application/merge-patch+json", 400, `"themes" must be an array`},
		{"not JSON", "PUT", `{"title": `, jsonCT, 400, "ends before"},
		{"two values", "PUT", good + good, jsonCT, 400, "more than one"},
		{"patch not an object", "PATCH", `["title"]`, "application/merge-patch+json", 400, "JSON object"},
		{"review status", "PATCH", `{"review_status": "draft"}`, jsonCT, 400, "workflow actions"},
		{"text/plain", "PUT", good, "text/plain", 415, "application/json"},
		{"no content type", "PATCH", `{}`, "", 415, "merge-patch"},
		{"too large", "PUT", `{"description": "` + strings.Repeat("x", 1<<20) + `"}`, jsonCT, 413, "larger"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := e.do(editor, tc.method, path, tc.body, "Content-Type", tc.ct, "If-Match", tag)
			want(t, rec, tc.status)
			if d, _ := doc(t, rec)["detail"].(string); !strings.Contains(d, tc.detail) {
				t.Errorf("detail %q does not mention %q", d, tc.detail)
			}
		})
	}
	rec := e.do(editor, "PATCH", path, `{}`, "Content-Type", "text/plain", "If-Match", tag)
	if got := rec.Header().Get("Accept-Patch"); got != "application/merge-patch+json, application/json" {
		t.Errorf("Accept-Patch %q", got)
	}
	if _, tag2 := e.get(nil, id); tag2 != tag {
		t.Error("a refused write changed the practice")
	}
}

func TestAPIWriteRoles(t *testing.T) {
	e := newWriteEnv(t, nil)
	id := e.firstID()
	_, tag := e.get(nil, id)
	for _, u := range []*lmo.User{contributor, contributor2} { // neither owns it
		rec := e.do(u, "PATCH", fmt.Sprintf("/api/v1/practices/%d", id), `{"title": "Mine now"}`, "Content-Type", jsonCT, "If-Match", tag)
		want(t, rec, http.StatusForbidden)
	}
	read := &lmo.User{ID: 202, Name: "Read Token", Role: lmo.RoleEditor, Scope: lmo.ScopeRead}
	rec := e.do(read, "PATCH", fmt.Sprintf("/api/v1/practices/%d", id), `{"title": "Mine now"}`, "Content-Type", jsonCT, "If-Match", tag)
	want(t, rec, http.StatusForbidden)
	if d := doc(t, rec)["detail"]; !strings.Contains(fmt.Sprint(d), "scope") {
		t.Errorf("detail %v", d)
	}
}

func TestAPISlugConflict(t *testing.T) {
	e := newWriteEnv(t, nil)
	rec := e.do(nil, "GET", "/api/v1/practices?per_page=2&sort=title", "")
	items := doc(t, rec)["items"].([]any)
	first, second := items[0].(map[string]any), items[1].(map[string]any)
	_, tag := e.get(nil, int64(first["id"].(float64)))
	rec = e.do(editor, "PATCH", fmt.Sprintf("/api/v1/practices/%v", first["id"]), fmt.Sprintf(`{"slug": %q}`, second["slug"]),
		"Content-Type", jsonCT, "If-Match", tag)
	want(t, rec, http.StatusConflict)
}

// racing is the real practice service, but someone else edits the
// practice right after the API's If-Match check read it: the store
// must still refuse the API's write.
type racing struct {
	lmo.PracticeService
	raced bool
}

// FindPracticeForReview is the read of a signed-in user: the one the
// If-Match check makes.
func (r *racing) FindPracticeForReview(ctx context.Context, id int64) (*lmo.Practice, error) {
	p, err := r.PracticeService.FindPracticeForReview(ctx, id)
	if err != nil || r.raced {
		return p, err
	}
	r.raced = true
	other := *p
	other.Summary = "Someone else's summary."
	if err := r.PracticeService.UpdatePractice(lmoCtx(editor), &other, "the other edit"); err != nil {
		return nil, err
	}
	return p, nil
}

func TestAPIRaceIsPreconditionFailed(t *testing.T) {
	apiRace(t, newWriteEnv(t, racingPractices))
}

// racingPractices puts racing in front of db's practices.
func racingPractices(db stores) lmo.PracticeService { return &racing{PracticeService: db} }

// apiRace writes through e, whose practices race (racing).
func apiRace(t *testing.T, e *writeEnv) {
	id := e.firstID()
	_, tag := e.get(nil, id)
	rec := e.do(editor, "PATCH", fmt.Sprintf("/api/v1/practices/%d", id), `{"title": "Lost"}`, "Content-Type", jsonCT, "If-Match", tag)
	want(t, rec, http.StatusPreconditionFailed)
	got, _ := e.get(nil, id)
	if got["title"] == "Lost" || got["summary"] != "Someone else's summary." {
		t.Errorf("after the race: title %v, summary %v", got["title"], got["summary"])
	}
}

func TestAPIPracticeETagPerRecord(t *testing.T) {
	e := newWriteEnv(t, nil)
	rec := e.do(nil, "GET", "/api/v1/practices?per_page=2&sort=title", "")
	items := doc(t, rec)["items"].([]any)
	a, b := int64(items[0].(map[string]any)["id"].(float64)), int64(items[1].(map[string]any)["id"].(float64))
	_, tagA := e.get(nil, a)
	if !strings.HasPrefix(tagA, fmt.Sprintf(`"p%d-v`, a)) {
		t.Errorf("ETag %s", tagA)
	}
	rec = e.do(nil, "GET", fmt.Sprintf("/api/v1/practices/%d", a), "", "If-None-Match", tagA)
	want(t, rec, http.StatusNotModified)
	if rec.Header().Get("ETag") != tagA {
		t.Errorf("304 ETag %q", rec.Header().Get("ETag"))
	}
	// Another practice changes: a's tag holds.
	_, tagB := e.get(nil, b)
	want(t, e.do(editor, "PATCH", fmt.Sprintf("/api/v1/practices/%d", b), `{"summary": "B changed."}`, "Content-Type", jsonCT, "If-Match", tagB), 200)
	if _, again := e.get(nil, a); again != tagA {
		t.Errorf("a's ETag moved from %s to %s when b changed", tagA, again)
	}
	// Public answers may be kept by anyone; a signed-in user's are private.
	if cc := e.do(nil, "GET", fmt.Sprintf("/api/v1/practices/%d", a), "").Header().Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("anonymous Cache-Control %q", cc)
	}
	if cc := e.do(editor, "GET", fmt.Sprintf("/api/v1/practices/%d", a), "").Header().Get("Cache-Control"); cc != "private, no-store" {
		t.Errorf("signed-in Cache-Control %q", cc)
	}
}

func TestAPIWriteCORS(t *testing.T) {
	e := newWriteEnv(t, nil)
	rec := e.do(nil, "OPTIONS", "/api/v1/practices/1", "", "Origin", "https://elsewhere.example",
		"Access-Control-Request-Method", "PATCH", "Access-Control-Request-Headers", "authorization, if-match, content-type")
	want(t, rec, http.StatusNoContent)
	for h, wantIn := range map[string][]string{
		"Access-Control-Allow-Methods":  {"PUT", "PATCH", "POST"},
		"Access-Control-Allow-Headers":  {"Authorization", "If-Match", "Content-Type"},
		"Access-Control-Expose-Headers": {"ETag", "Location"},
	} {
		for _, w := range wantIn {
			if !strings.Contains(rec.Header().Get(h), w) {
				t.Errorf("%s %q lacks %s", h, rec.Header().Get(h), w)
			}
		}
	}
	if rec.Header().Get("Access-Control-Allow-Credentials") != "" {
		t.Error("credentials allowed")
	}
	// A cross-site write with a token (and no cookie) reaches the API;
	// with a cookie, cross-origin protection refuses it.
	rec = e.do(nil, "POST", "/api/v1/practices", `{}`, "Content-Type", jsonCT, "Sec-Fetch-Site", "cross-site", "Authorization", "Bearer x")
	want(t, rec, http.StatusUnauthorized)
	rec = e.do(nil, "POST", "/api/v1/practices", `{}`, "Content-Type", jsonCT, "Sec-Fetch-Site", "cross-site", "Authorization", "Bearer x", "Cookie", "s=1")
	want(t, rec, http.StatusForbidden)
	rec = e.do(nil, "POST", "/api/v1/practices", `{}`, "Content-Type", jsonCT, "Sec-Fetch-Site", "cross-site")
	want(t, rec, http.StatusForbidden)
}
