package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/postgres/pgtest"
	"github.com/lmo-observatory/lmo/sqlite"
	"github.com/lmo-observatory/lmo/web"
)

// TestSessionCookie: the cookie of a sign-in is HttpOnly, SameSite=Lax,
// for the whole site and this host only, and Secure with the __Host-
// prefix when the public address is https; each sign-in brings a new
// secret.
func TestSessionCookie(t *testing.T) {
	db := seededDB(t)
	addAccount(t, db, "ada@example.org", "Ada", lmo.RoleContributor)
	for _, tc := range []struct {
		base, name string
		secure     bool
	}{{"", "lmo_session", false}, {"https://lmo.example.org", "__Host-lmo_session", true}} {
		ts := authServer(t, db, func(c *web.Config) { c.BaseURL = tc.base })
		b := newBrowser(t, ts)
		var secrets []string
		for range 2 {
			resp, body := b.post("/signin", url.Values{"email": {"ada@example.org"}, "password": {testPassword}})
			wantStatus(t, "sign in", resp, body, http.StatusSeeOther)
			c := setCookie(resp, tc.name)
			if c == nil {
				t.Fatalf("base %q: no cookie %s in %v", tc.base, tc.name, resp.Header.Values("Set-Cookie"))
			}
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" || c.Secure != tc.secure || c.MaxAge <= 0 {
				t.Errorf("base %q: cookie %+v", tc.base, c)
			}
			secrets = append(secrets, c.Value)
			// The jar does not send a Secure cookie over plain HTTP: send it.
			resp, body = b.get("/account", "Cookie", tc.name+"="+c.Value)
			wantStatus(t, "account with the new cookie", resp, body, http.StatusOK)
		}
		if secrets[0] == secrets[1] {
			t.Errorf("base %q: two sign-ins gave the same secret", tc.base)
		}
	}
}

// TestBearerToken: a token acts for its account on any route, an admin's
// token of admin scope reaches the audit log's download and one of read
// scope does not; an unknown or revoked token is 401 with
// WWW-Authenticate and a problem document, whatever the route.
func TestBearerToken(t *testing.T) {
	db := seededDB(t)
	addAccount(t, db, "root@example.org", "Root", lmo.RoleAdmin)
	ts := authServer(t, db)
	b := newBrowser(t, ts)
	b.signIn("root@example.org")
	read, admin := b.createToken("reader", lmo.ScopeRead), b.createToken("auditor", lmo.ScopeAdmin)
	if !strings.HasPrefix(read, "lmo_") {
		t.Errorf("token %q does not begin with lmo_", read)
	}
	anon := newBrowser(t, ts)
	resp, body := anon.get("/api/v1/practices", "Authorization", "Bearer "+read)
	wantStatus(t, "API with a read token", resp, body, http.StatusOK)
	resp, body = anon.get("/admin/audit.csv", "Authorization", "Bearer "+admin)
	wantStatus(t, "audit download with an admin token", resp, body, http.StatusOK)
	if !strings.Contains(body, "token-create") {
		t.Errorf("audit download lacks the token's creation:\n%s", body)
	}
	resp, body = anon.get("/admin/audit.csv", "Authorization", "Bearer "+read)
	wantStatus(t, "audit download with a read token", resp, body, http.StatusForbidden)
	resp, body = anon.get("/account", "Authorization", "Bearer "+admin)
	wantStatus(t, "account page with a token", resp, body, http.StatusForbidden)

	_, page := b.get("/account")
	for _, m := range revokeRE.FindAllStringSubmatch(page, -1) {
		resp, _ := b.post("/account/tokens/"+m[1]+"/revoke", url.Values{})
		wantRedirect(t, "revoke", resp, "/account?done=revoked")
	}
	for _, tc := range []struct{ path, token string }{
		{"/api/v1/practices", read}, {"/practices", admin}, {"/api/v1/practices", "lmo_unknown"}, {"/", "nonsense"},
	} {
		resp, body := anon.get(tc.path, "Authorization", "Bearer "+tc.token)
		wantStatus(t, tc.path+" with a bad token", resp, body, http.StatusUnauthorized)
		if got := resp.Header.Get("WWW-Authenticate"); got != `Bearer error="invalid_token"` {
			t.Errorf("%s: WWW-Authenticate %q", tc.path, got)
		}
		var p struct{ Status int }
		if resp.Header.Get("Content-Type") != "application/problem+json" || json.Unmarshal([]byte(body), &p) != nil || p.Status != 401 {
			t.Errorf("%s: not a problem document: %s %s", tc.path, resp.Header.Get("Content-Type"), body)
		}
	}
}

// TestCrossOrigin: a cross-site form post is refused (403) on the sign-in
// and account forms, with or without a session; a cross-site request that
// authenticates by bearer token and carries no cookie passes, one with a
// cookie does not.
func TestCrossOrigin(t *testing.T) {
	db := seededDB(t)
	addAccount(t, db, "root@example.org", "Root", lmo.RoleAdmin)
	ts := authServer(t, db)
	b := newBrowser(t, ts)
	b.signIn("root@example.org")
	token := b.createToken("script", lmo.ScopeAdmin)
	cross := []string{"Sec-Fetch-Site", "cross-site"}
	for _, path := range []string{"/signin", "/signout", "/account/tokens", "/account/password", "/account/signout-everywhere", "/admin/users"} {
		resp, body := b.post(path, url.Values{"email": {"root@example.org"}, "password": {testPassword}, "name": {"x"}, "scope": {"read"}}, cross...)
		wantStatus(t, "cross-site POST "+path, resp, body, http.StatusForbidden)
		if !strings.Contains(body, "another site") {
			t.Errorf("cross-site POST %s: not the cross-origin page:\n%.500s", path, body)
		}
	}
	anon := newBrowser(t, ts)
	add := url.Values{"email": {"bea@example.org"}, "name": {"Bea"}, "role": {lmo.RoleEditor}}
	resp, body := anon.post("/admin/users", add, append(cross, "Authorization", "Bearer "+token)...)
	wantStatus(t, "cross-site bearer POST without cookie", resp, body, http.StatusOK)
	add.Set("email", "cy@example.org")
	resp, body = anon.post("/admin/users", add, append(cross, "Authorization", "Bearer "+token, "Cookie", "theme=dark")...)
	wantStatus(t, "cross-site bearer POST with a cookie", resp, body, http.StatusForbidden)
	if _, err := db.FindAccountByEmail(lmo.NewContextWithUser(context.Background(), lmo.SystemUser), "cy@example.org"); lmo.ErrorCode(err) != lmo.ENOTFOUND {
		t.Errorf("the refused request made an account: %v", err)
	}
}

// TestContextUserKept: a request without credentials keeps the user that
// a wrapping handler put into its context (the workflow pages' tests do);
// an ended session's cookie makes it anonymous and is cleared.
func TestContextUserKept(t *testing.T) {
	db := seededDB(t)
	a := addAccount(t, db, "ada@example.org", "Ada Lovelace", lmo.RoleContributor)
	srv, err := web.NewServer(web.Config{Practices: db, Countries: db, Vocabularies: db, Standards: db, Statistics: db, DB: db,
		Accounts: db, Audit: db, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		srv.ServeHTTP(w, r.WithContext(lmo.NewContextWithUser(r.Context(), a.User())))
	}))
	defer ts.Close()
	b := newBrowser(t, ts)
	resp, body := b.get("/account")
	wantStatus(t, "account with a user in the context", resp, body, http.StatusOK)
	if !strings.Contains(body, "Ada Lovelace") {
		t.Errorf("the account page does not show the context's user")
	}
	resp, _ = b.get("/account", "Cookie", "lmo_session=ended")
	wantRedirect(t, "account with an unknown session", resp, "/signin?next=%2Faccount")
	if c := setCookie(resp, "lmo_session"); c == nil || c.MaxAge >= 0 {
		t.Errorf("the unknown session's cookie is not cleared: %v", resp.Header.Values("Set-Cookie"))
	}
}

// TestClientAddress: the audit log records the connection's address, or,
// with ClientIPHeader, the last address of that header (the one the
// trusted proxy added).
func TestClientAddress(t *testing.T) {
	db := seededDB(t)
	addAccount(t, db, "root@example.org", "Root", lmo.RoleAdmin)
	ts := authServer(t, db, func(c *web.Config) { c.ClientIPHeader = "X-Forwarded-For" })
	b := newBrowser(t, ts)
	resp, body := b.post("/signin", url.Values{"email": {"root@example.org"}, "password": {testPassword}},
		"X-Forwarded-For", "203.0.113.9, 198.51.100.7")
	wantStatus(t, "sign in behind a proxy", resp, body, http.StatusSeeOther)
	resp, body = b.get("/admin/audit?action=sign-in&address=198.51.100.7")
	wantStatus(t, "audit", resp, body, http.StatusOK)
	if !strings.Contains(body, "<td>198.51.100.7</td>") || strings.Contains(body, "203.0.113.9") {
		t.Errorf("the sign-in is not recorded from the proxy's last address:\n%s", body)
	}
}

// TestAccountsOff: without an AccountService the account routes answer
// 404 and no page links to them.
func TestAccountsOff(t *testing.T) {
	ts, _ := newTestServer(t)
	for _, path := range []string{"/signin", "/account", "/admin/users", "/admin/audit", "/signin/link/x"} {
		resp, body := get(t, ts, path)
		wantStatus(t, path, resp, body, http.StatusNotFound)
	}
	resp, body := request(t, ts, http.MethodPost, "/signin")
	wantStatus(t, "POST /signin", resp, body, http.StatusNotFound)
	_, home := get(t, ts, "/")
	if strings.Contains(home, `href="/account"`) {
		t.Error("the home page links to /account without accounts")
	}
}

// TestPublicPagesSame: a public page is the same for everyone (the
// response cache serves it to all), signed in or not, and links to the
// account page.
func TestPublicPagesSame(t *testing.T) {
	db := seededDB(t)
	addAccount(t, db, "ada@example.org", "Ada Lovelace", lmo.RoleContributor)
	ts := authServer(t, db)
	b := newBrowser(t, ts)
	b.signIn("ada@example.org")
	anon := newBrowser(t, ts)
	for _, path := range []string{"/", "/practices", "/about"} {
		_, mine := b.get(path)
		_, theirs := anon.get(path)
		if mine != theirs {
			t.Errorf("%s differs for a signed-in person", path)
		}
		if !strings.Contains(mine, `href="/account"`) || strings.Contains(mine, "Ada Lovelace") {
			t.Errorf("%s: no account link, or personal content", path)
		}
	}
}

// TestTwoNodes: two servers on one database are one site: a session
// opened on one works on the other, and signing out on one ends it on
// both.
func TestTwoNodes(t *testing.T) {
	seededDB(t) // the template
	path := filepath.Join(t.TempDir(), "shared.db")
	if err := copyFile(filepath.Join(seedDir, "template.db"), path); err != nil {
		t.Fatal(err)
	}
	var nodes []*httptest.Server
	for range 2 {
		db, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		nodes = append(nodes, authServer(t, db))
		if len(nodes) == 1 {
			addAccount(t, db, "ada@example.org", "Ada Lovelace", lmo.RoleContributor)
		}
	}
	one := newBrowser(t, nodes[0])
	resp, body := one.post("/signin", url.Values{"email": {"ada@example.org"}, "password": {testPassword}})
	wantStatus(t, "sign in on node 1", resp, body, http.StatusSeeOther)
	cookie := setCookie(resp, "lmo_session")
	two := newBrowser(t, nodes[1])
	resp, body = two.get("/account", "Cookie", "lmo_session="+cookie.Value)
	wantStatus(t, "account on node 2", resp, body, http.StatusOK)
	if !strings.Contains(body, "Ada Lovelace") {
		t.Error("node 2 does not know the session of node 1")
	}
	resp, _ = two.post("/signout", url.Values{}, "Cookie", "lmo_session="+cookie.Value)
	wantRedirect(t, "sign out on node 2", resp, "/signin?out=1")
	resp, _ = one.get("/account")
	wantRedirect(t, "account on node 1 after signing out on node 2", resp, "/signin?next=%2Faccount")
}

// TestAccountsBothDatabases runs one person's round on each database:
// sign in, a token used on the API, the audit log with the address, two
// nodes sharing the session, sign out.
func TestAccountsBothDatabases(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { accountRound(t, seededDB(t)) })
	t.Run("postgres", func(t *testing.T) { accountRound(t, pgtest.Open(t)) })
}

func accountRound(t *testing.T, db accountStores) {
	addAccount(t, db, "root@example.org", "Root", lmo.RoleAdmin)
	ts, other := authServer(t, db), authServer(t, db)
	b := newBrowser(t, ts)
	resp, _ := b.post("/signin", url.Values{"email": {"ROOT@example.org"}, "password": {testPassword}, "next": {"/admin/audit"}})
	wantRedirect(t, "sign in", resp, "/admin/audit")
	secret := setCookie(resp, "lmo_session").Value
	token := b.createToken("script", lmo.ScopeRead)
	resp, body := newBrowser(t, other).get("/api/v1/countries", "Authorization", "Bearer "+token)
	wantStatus(t, "API with the token on the other node", resp, body, http.StatusOK)
	resp, body = newBrowser(t, other).get("/admin/audit?action=sign-in", "Cookie", "lmo_session="+secret)
	wantStatus(t, "audit on the other node", resp, body, http.StatusOK)
	if !strings.Contains(body, "<td>Root</td><td>sign-in</td><td>account") || !strings.Contains(body, "<td>127.0.0.1</td>") {
		t.Errorf("the audit log lacks the sign-in and its address:\n%s", body)
	}
	resp, _ = b.post("/signout", url.Values{})
	wantRedirect(t, "sign out", resp, "/signin?out=1")
	resp, _ = newBrowser(t, other).get("/account", "Cookie", "lmo_session="+secret)
	wantRedirect(t, "the ended session on the other node", resp, "/signin?next=%2Faccount")
}

// TestAuthRoutesEdge: the account routes pass the edge checks like every
// other route: bad path and query values are 400, never a store's error.
func TestAuthRoutesEdge(t *testing.T) {
	db := seededDB(t)
	ts, srv := authServerWith(t, db)
	n := 0
	for _, pattern := range web.RoutePatterns(srv) {
		if !strings.Contains(pattern, "/signin") && !strings.Contains(pattern, "/account") && !strings.Contains(pattern, "/admin") {
			continue
		}
		n++
		for _, bad := range badPathValues {
			paths, _ := routePaths(pattern, bad)
			for _, p := range paths {
				checkRejected(t, ts, p)
			}
		}
		for _, bad := range badQueryValues {
			_, plain := routePaths(pattern, "")
			checkRejected(t, ts, plain+"?next="+bad)
		}
	}
	if n < 15 {
		t.Errorf("only %d account routes", n)
	}
}
