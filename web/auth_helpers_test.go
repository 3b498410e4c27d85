package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/web"
)

// accountStores is what a test server with accounts needs of a database.
type accountStores interface {
	stores
	lmo.AccountService
	lmo.AuditService
}

// testPassword is the password of the accounts the tests make.
const testPassword = "correct horse battery staple"

// authServer returns a test server over db with accounts and the audit
// log; cfg adjusts its configuration (base URL, client address header).
func authServer(t testing.TB, db accountStores, cfg ...func(*web.Config)) *httptest.Server {
	t.Helper()
	ts, _ := authServerWith(t, db, cfg...)
	return ts
}

// authServerWith is authServer that returns the web server too.
func authServerWith(t testing.TB, db accountStores, cfg ...func(*web.Config)) (*httptest.Server, *web.Server) {
	t.Helper()
	c := web.Config{Practices: db, Countries: db, Vocabularies: db, Standards: db, Statistics: db, DB: db, Versions: db,
		Accounts: db, Audit: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"}
	for _, f := range cfg {
		f(&c)
	}
	srv, err := web.NewServer(c)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, srv
}

// addAccount makes an account with testPassword, as the command line
// does.
func addAccount(t testing.TB, db lmo.AccountService, email, name, role string) *lmo.Account {
	t.Helper()
	ctx := lmo.NewContextWithUser(context.Background(), lmo.SystemUser)
	a := &lmo.Account{Email: email, Name: name, Role: role}
	if err := db.CreateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPassword(ctx, a.ID, testPassword); err != nil {
		t.Fatal(err)
	}
	return a
}

// browser is a client with a cookie jar that does not follow redirects,
// so that a test sees each 303 and where it goes.
type browser struct {
	t  testing.TB
	ts *httptest.Server
	c  *http.Client
}

func newBrowser(t testing.TB, ts *httptest.Server) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &browser{t: t, ts: ts, c: c}
}

// do sends a request (a form when form is not nil) with header pairs and
// returns the response with its body read.
func (b *browser) do(method, path string, form url.Values, header ...string) (*http.Response, string) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.ts.URL+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return resp, string(out)
}

func (b *browser) get(path string, header ...string) (*http.Response, string) {
	b.t.Helper()
	return b.do(http.MethodGet, path, nil, header...)
}

func (b *browser) post(path string, form url.Values, header ...string) (*http.Response, string) {
	b.t.Helper()
	return b.do(http.MethodPost, path, form, header...)
}

// signIn signs b in and fails the test unless it worked.
func (b *browser) signIn(email string) {
	b.t.Helper()
	resp, body := b.post("/signin", url.Values{"email": {email}, "password": {testPassword}})
	if resp.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("sign in as %s: %d %s", email, resp.StatusCode, body)
	}
}

// wantStatus fails the test unless resp has status.
func wantStatus(t testing.TB, what string, resp *http.Response, body string, status int) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("%s: status %d, want %d; body:\n%.2000s", what, resp.StatusCode, status, body)
	}
}

// wantRedirect fails the test unless resp is a 303 to location.
func wantRedirect(t testing.TB, what string, resp *http.Response, location string) {
	t.Helper()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != location {
		t.Fatalf("%s: %d to %q, want 303 to %q", what, resp.StatusCode, resp.Header.Get("Location"), location)
	}
}

// wantPrivate fails the test unless resp may be kept by no cache.
func wantPrivate(t testing.TB, what string, resp *http.Response) {
	t.Helper()
	if cc := resp.Header.Get("Cache-Control"); cc != "private, no-store" {
		t.Errorf("%s: Cache-Control %q, want private, no-store", what, cc)
	}
}

// setCookie returns the Set-Cookie of resp named name, or nil.
func setCookie(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

var (
	newTokenRE = regexp.MustCompile(`id="new-token"[^>]* value="([^"]+)"`)
	revokeRE   = regexp.MustCompile(`action="/account/tokens/(\d+)/revoke"`)
	linkRE     = regexp.MustCompile(`id="link"[^>]* value="[^"]*(/signin/link/[^"]+)"`)
)

// createToken makes a token on the account page of b and returns its
// secret.
func (b *browser) createToken(name, scope string) string {
	b.t.Helper()
	resp, body := b.post("/account/tokens", url.Values{"name": {name}, "scope": {scope}})
	wantStatus(b.t, "create token", resp, body, http.StatusOK)
	m := newTokenRE.FindStringSubmatch(body)
	if m == nil {
		b.t.Fatalf("create token: no secret on the page:\n%s", body)
	}
	return m[1]
}
