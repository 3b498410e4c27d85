package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/postgres/pgtest"
	"github.com/lmo-observatory/lmo/starter"
	"github.com/lmo-observatory/lmo/web"
)

// The people of the workflow tests: the store keeps their ids and names on
// what they write; the tests put them in the request's context as the
// sign-in middleware does.
var (
	ann = &lmo.User{ID: 101, Name: "Ann Contributor", Role: lmo.RoleContributor}
	sue = &lmo.User{ID: 102, Name: "Sue Contributor", Role: lmo.RoleContributor}
	ed  = &lmo.User{ID: 201, Name: "Ed Editor", Role: lmo.RoleEditor}
)

// testUserHeader names the person a test request acts as.
const testUserHeader = "X-Test-User"

// workflowStores is a store with the workflow: either database.
type workflowStores interface {
	stores
	lmo.WorkflowService
}

// newWorkflowServer returns a server over a seeded SQLite database with the
// workflow, whose requests act as the person their testUserHeader names
// (none: anonymous).
func newWorkflowServer(t *testing.T) *httptest.Server {
	t.Helper()
	return workflowServerOn(t, seededDB(t))
}

// seededPostgres returns a seeded PostgreSQL test database (the test is
// skipped when LMO_TEST_POSTGRES is not set).
func seededPostgres(t *testing.T) workflowStores {
	t.Helper()
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

// workflowServerOn is newWorkflowServer over db.
func workflowServerOn(t *testing.T, db workflowStores) *httptest.Server {
	t.Helper()
	srv, err := web.NewServer(web.Config{Practices: db, Countries: db, Vocabularies: db, Standards: db, Statistics: db, DB: db,
		Versions: db, Workflow: db, Agreements: db, Projects: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	people := map[string]*lmo.User{}
	for _, u := range []*lmo.User{ann, sue, ed} {
		people[u.Name] = u
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u := people[r.Header.Get(testUserHeader)]; u != nil {
			r = r.WithContext(lmo.NewContextWithUser(r.Context(), u))
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts
}

// person makes the requests of one person (nil: anonymous), without
// following redirects.
type person struct {
	t  *testing.T
	ts *httptest.Server
	u  *lmo.User
}

func as(t *testing.T, ts *httptest.Server, u *lmo.User) person { return person{t, ts, u} }

// get fetches path.
func (p person) get(path string) (*http.Response, string) {
	p.t.Helper()
	return p.do(http.MethodGet, path, nil)
}

// post sends form to path as a browser on the same site would.
func (p person) post(path string, form url.Values, header ...string) (*http.Response, string) {
	p.t.Helper()
	return p.do(http.MethodPost, path, form, header...)
}

func (p person) do(method, path string, form url.Values, header ...string) (*http.Response, string) {
	p.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, p.ts.URL+path, body)
	if err != nil {
		p.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if p.u != nil {
		req.Header.Set(testUserHeader, p.u.Name)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := *p.ts.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		p.t.Fatal(err)
	}
	return resp, string(b)
}

// mustStatus fails the test unless resp has status.
func mustStatus(t *testing.T, what string, resp *http.Response, body string, status int) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("%s: status %d, want %d: %.600s", what, resp.StatusCode, status, textOf(body))
	}
}

// mustRedirect fails the test unless resp is a 303 to a path starting with
// prefix, and returns the path.
func mustRedirect(t *testing.T, what string, resp *http.Response, body, prefix string) string {
	t.Helper()
	mustStatus(t, what, resp, body, http.StatusSeeOther)
	loc := resp.Header.Get("Location")
	if !strings.HasPrefix(loc, prefix) {
		t.Fatalf("%s: redirected to %q, want %s...", what, loc, prefix)
	}
	return loc
}

var tags = regexp.MustCompile(`<[^>]*>|\s+`)

// textOf is a page's text without its tags, for messages.
func textOf(body string) string {
	if i := strings.Index(body, `<main`); i >= 0 {
		body = body[i:]
	}
	return strings.TrimSpace(tags.ReplaceAllString(body, " "))
}

// validPractice is a form that makes a valid practice of the starter
// data's vocabularies and countries.
func validPractice(title, save string) url.Values {
	return url.Values{
		"title": {title}, "summary": {"A summary of the test practice."}, "description": {"It **works** well."},
		"country_code": {"PH", "", ""}, "country_role": {"origin", "", ""},
		"corridor_origin": {""}, "corridor_destination": {""},
		"theme": {"fair-recruitment"}, "status": {"ongoing"}, "language": {"en"},
		"source_title": {"Annual report", ""}, "source_publisher": {"Ministry", ""}, "source_url": {"https://example.org/report", ""},
		"source_year": {"2020", ""}, "start_year": {"2019"}, "note": {"first draft"}, "save": {save},
	}
}

// hiddenVersion reads the version a page's form carries.
func hiddenVersion(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no version in the form: %.300s", textOf(body))
	}
	return m[1]
}
