package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/sqlstore"
	"github.com/lmo-observatory/lmo/web"
)

// signedInStores is a store with accounts, the audit log and the workflow:
// either database.
type signedInStores interface {
	accountStores
	lmo.WorkflowService
	Database() *sqlstore.DB
}

// TestSQLInjectionSignedIn sends every string of sqli-strings.txt in
// every query parameter of the pages that only signed-in people reach (the
// audit log and its CSV, the review queue, one's contributions, an item's
// diff, the API's review queue), as an administrator: each answer is a
// 200, 400, 404 or 303, never a 5xx, and every table is as it was.
func TestSQLInjectionSignedIn(t *testing.T) {
	walkSignedIn(t, seededDB(t))
}

// TestSQLInjectionSignedInPostgres is TestSQLInjectionSignedIn on
// PostgreSQL.
func TestSQLInjectionSignedInPostgres(t *testing.T) {
	walkSignedIn(t, seededPostgres(t).(signedInStores))
}

// signedInRoutes are the paths walked and the query parameters each reads
// (and some it does not, which it must ignore).
func signedInRoutes(item int64) map[string][]string {
	audit := []string{"actor", "action", "entity", "address", "from", "to", "before"}
	return map[string][]string{
		"/admin/audit":         audit,
		"/admin/audit.csv":     audit,
		"/review":              {"q", "page", "kind", "status"},
		"/contributions":       {"q", "page", "kind", "status"},
		"/api/v1/review-queue": {"q", "page", "kind", "status"},
		fmt.Sprintf("/review/practice/%d/diff", item): {"from", "to", "all"},
	}
}

func walkSignedIn(t *testing.T, db signedInStores) {
	admin := signedInAdmin(t, db)
	item := submittedPractice(t, db)
	ts := signedInServer(t, db, admin)
	ctx := context.Background()
	before, err := db.Database().Sums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	strs := sqliStrings(t)
	tried := 0
	for path, params := range signedInRoutes(item) {
		ordinary := url.Values{}
		if strings.HasSuffix(path, "/diff") {
			// Version 1 as written, 2 as submitted.
			ordinary = url.Values{"from": {"1"}, "to": {"2"}}
		}
		checkSignedIn(t, ts.URL, path+"?"+ordinary.Encode(), http.StatusOK)
		for _, s := range strs {
			for _, name := range params {
				q := maps.Clone(ordinary)
				q.Set(name, s)
				checkSignedIn(t, ts.URL, path+"?"+q.Encode(), 0)
				tried++
			}
		}
	}
	after, err := db.Database().Sums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlstore.CompareSums(before, after); err != nil {
		t.Errorf("the tables changed: %v", err)
	}
	t.Logf("%d injection strings, %d requests as an administrator", len(strs), tried)
}

// signedInAdmin makes an administrator's account and returns its user.
func signedInAdmin(t *testing.T, db signedInStores) *lmo.User {
	t.Helper()
	a := addAccount(t, db, "root@example.org", "Ada Admin", lmo.RoleAdmin)
	return &lmo.User{ID: a.ID, Name: a.Name, Role: lmo.RoleAdmin}
}

// submittedPractice makes a contributor, who writes a practice and submits
// it, so that the queue, the contributions and the audit log have rows to
// filter; it returns the practice's id.
func submittedPractice(t *testing.T, db signedInStores) int64 {
	t.Helper()
	a := addAccount(t, db, "cat@example.org", "Cat Contributor", lmo.RoleContributor)
	ctx := lmo.NewContextWithUser(context.Background(), &lmo.User{ID: a.ID, Name: a.Name, Role: lmo.RoleContributor})
	base, err := db.FindPracticeBySlug(lmo.NewContextWithUser(context.Background(), lmo.SystemUser), "ae-wage-protection-system")
	if err != nil {
		t.Fatal(err)
	}
	p := *base
	p.ID, p.Version, p.Slug, p.Title = 0, 0, "a-practice-under-review", "A practice under review"
	p.ReviewStatus = lmo.ReviewDraft
	if err := db.CreatePractice(ctx, &p, "for the injection walk"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Act(ctx, lmo.KindPractice, p.ID, p.Version, lmo.ActionSubmit, ""); err != nil {
		t.Fatal(err)
	}
	return p.ID
}

// signedInServer returns a server over db with accounts, the audit log and
// the workflow, whose every request acts as u (no cookie or token is
// sent, so the sign-in middleware leaves the context's user as it is).
func signedInServer(t *testing.T, db signedInStores, u *lmo.User) *httptest.Server {
	t.Helper()
	srv, err := web.NewServer(web.Config{Practices: db, Countries: db, Vocabularies: db, Standards: db, Statistics: db, DB: db,
		Versions: db, Workflow: db, Accounts: db, Audit: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		srv.ServeHTTP(w, r.WithContext(lmo.NewContextWithUser(r.Context(), u)))
	}))
	t.Cleanup(ts.Close)
	return ts
}

// checkSignedIn requests path and checks its status: want, or (want 0)
// any of 200, 400, 404 and a 303 on the site.
func checkSignedIn(t *testing.T, base, path string, want int) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	switch {
	case want != 0:
		if resp.StatusCode != want {
			t.Fatalf("GET %.120s: %d, want %d", path, resp.StatusCode, want)
		}
	case resp.StatusCode == http.StatusOK, resp.StatusCode == http.StatusBadRequest, resp.StatusCode == http.StatusNotFound:
	case resp.StatusCode == http.StatusSeeOther:
		if loc := resp.Header.Get("Location"); len(loc) < 2 || loc[0] != '/' || loc[1] == '/' {
			t.Errorf("GET %.120s: 303 to %q", path, loc)
		}
	default:
		t.Errorf("GET %.120s: %d", path, resp.StatusCode)
	}
}
