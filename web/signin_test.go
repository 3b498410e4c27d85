package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
)

// TestSignIn: the sign-in page is private; signing in goes on to next
// (303) with a session with which the account page shows who one is; the
// sign-in page then sends one on.
func TestSignIn(t *testing.T) {
	db := seededDB(t)
	addAccount(t, db, "Ada@Example.org", "Ada Lovelace", lmo.RoleEditor)
	ts := authServer(t, db)
	b := newBrowser(t, ts)
	resp, _ := b.get("/account")
	wantRedirect(t, "account, signed out", resp, "/signin?next=%2Faccount")
	resp, body := b.get("/signin?next=%2Faccount")
	wantStatus(t, "sign-in page", resp, body, http.StatusOK)
	wantPrivate(t, "sign-in page", resp)
	checkPage(t, "/signin", resp, body)
	if !strings.Contains(body, `name="next" value="/account"`) || !strings.Contains(body, `autocomplete="current-password"`) {
		t.Errorf("the sign-in form lacks next or the password's autocomplete:\n%s", body)
	}
	resp, _ = b.post("/signin", url.Values{"email": {" ada@example.org "}, "password": {testPassword}, "next": {"/account"}})
	wantRedirect(t, "sign in", resp, "/account")
	wantPrivate(t, "sign in", resp)
	resp, body = b.get("/account")
	wantStatus(t, "account", resp, body, http.StatusOK)
	wantPrivate(t, "account", resp)
	checkPage(t, "/account", resp, body)
	for _, want := range []string{"Ada Lovelace", "Ada@Example.org", "Editor", `action="/account/password"`, `action="/account/signout-everywhere"`, `action="/account/tokens"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the account page lacks %q", want)
		}
	}
	if strings.Contains(body, `href="/admin/users"`) {
		t.Error("an editor's account page links to the admin pages")
	}
	resp, _ = b.get("/signin?next=/practices")
	wantRedirect(t, "sign-in page, signed in", resp, "/practices")
}

// TestSignInFails: a wrong password and an unknown email get the same
// page (400, the email typed again, never the password); missing fields
// are named beside each field and in the summary; too many failures are
// 429 with Retry-After and when to try again.
func TestSignInFails(t *testing.T) {
	db := seededDB(t)
	addAccount(t, db, "ada@example.org", "Ada", lmo.RoleContributor)
	ts := authServer(t, db)
	b := newBrowser(t, ts)
	pages := map[string]string{}
	for _, email := range []string{"ada@example.org", "nobody@example.org"} {
		resp, body := b.post("/signin", url.Values{"email": {email}, "password": {"wrong password 123"}})
		wantStatus(t, "sign in as "+email, resp, body, http.StatusBadRequest)
		wantPrivate(t, "failed sign-in", resp)
		if setCookie(resp, "lmo_session") != nil {
			t.Errorf("a failed sign-in set a cookie")
		}
		if strings.Contains(body, "wrong password 123") || !strings.Contains(body, `value="`+email+`"`) {
			t.Errorf("%s: the page shows the password, or not the email typed", email)
		}
		pages[email] = strings.ReplaceAll(body, email, "EMAIL")
	}
	if pages["ada@example.org"] != pages["nobody@example.org"] {
		t.Errorf("a wrong password and an unknown email get different pages:\n%s\n---\n%s", pages["ada@example.org"], pages["nobody@example.org"])
	}
	resp, body := b.post("/signin", url.Values{})
	wantStatus(t, "empty sign-in", resp, body, http.StatusBadRequest)
	for _, want := range []string{`role="alert"`, `href="#email"`, `href="#password"`, `id="email-error"`, `aria-describedby="email-error"`,
		`aria-describedby="password-error"`, `aria-invalid="true"`, "<title>Error: Sign in"} {
		if !strings.Contains(body, want) {
			t.Errorf("the failed form lacks %s", want)
		}
	}
	// One failure so far for ada; the store refuses after MaxFailuresPerAccount.
	for i := 1; i < lmo.MaxFailuresPerAccount; i++ {
		resp, body := b.post("/signin", url.Values{"email": {"ada@example.org"}, "password": {"wrong password 123"}})
		wantStatus(t, "failure "+strconv.Itoa(i+1), resp, body, http.StatusBadRequest)
	}
	resp, body = b.post("/signin", url.Values{"email": {"ada@example.org"}, "password": {testPassword}})
	wantStatus(t, "sign in after too many failures", resp, body, http.StatusTooManyRequests)
	if ra, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || ra <= 0 {
		t.Errorf("Retry-After %q", resp.Header.Get("Retry-After"))
	}
	if !strings.Contains(body, "Try again in") || !strings.Contains(body, `role="alert"`) || setCookie(resp, "lmo_session") != nil {
		t.Errorf("the 429 page does not say when to try again, or signed in:\n%s", body)
	}
}

// TestSignInNext: next is followed only to a path on this site.
func TestSignInNext(t *testing.T) {
	db := seededDB(t)
	addAccount(t, db, "ada@example.org", "Ada", lmo.RoleContributor)
	ts := authServer(t, db)
	for next, want := range map[string]string{
		"/practices?q=work": "/practices?q=work", "/account": "/account", "": "/",
		"//evil.example": "/", "/\\evil.example": "/", "https://evil.example/": "/", "http:/evil.example": "/",
		"javascript:alert(1)": "/", "evil.example": "/", "/\t/evil.example": "/", "\\\\evil.example": "/", "/%2F/evil.example": "/%2F/evil.example",
	} {
		b := newBrowser(t, ts)
		resp, body := b.post("/signin", url.Values{"email": {"ada@example.org"}, "password": {testPassword}, "next": {next}})
		if strings.ContainsAny(next, "\t") {
			wantStatus(t, "next with a tab", resp, body, http.StatusBadRequest)
			continue
		}
		wantRedirect(t, "sign in with next="+next, resp, want)
		resp, _ = b.get("/signin?next=" + url.QueryEscape(next))
		wantRedirect(t, "sign-in page with next="+next, resp, want)
	}
}

// TestSignOut: the sign-out page is a form; posting it ends the session and
// clears the cookie, and the old secret no longer works.
func TestSignOut(t *testing.T) {
	db := seededDB(t)
	addAccount(t, db, "ada@example.org", "Ada Lovelace", lmo.RoleContributor)
	ts := authServer(t, db)
	b := newBrowser(t, ts)
	resp, _ := b.post("/signin", url.Values{"email": {"ada@example.org"}, "password": {testPassword}})
	secret := setCookie(resp, "lmo_session").Value
	resp, body := b.get("/signout")
	wantStatus(t, "sign-out page", resp, body, http.StatusOK)
	if !strings.Contains(body, `action="/signout" method="post"`) || !strings.Contains(body, "Ada Lovelace") {
		t.Errorf("the sign-out page has no form:\n%s", body)
	}
	resp, _ = b.post("/signout", url.Values{})
	wantRedirect(t, "sign out", resp, "/signin?out=1")
	if c := setCookie(resp, "lmo_session"); c == nil || c.MaxAge >= 0 {
		t.Errorf("sign out does not clear the cookie: %v", resp.Header.Values("Set-Cookie"))
	}
	_, body = b.get("/signin?out=1")
	if !strings.Contains(body, "You have signed out.") {
		t.Error("the sign-in page does not say one has signed out")
	}
	resp, _ = newBrowser(t, ts).get("/account", "Cookie", "lmo_session="+secret)
	wantRedirect(t, "account with the ended session", resp, "/signin?next=%2Faccount")
}

// TestSignOutEverywhere ends every session of the account, on every
// device.
func TestSignOutEverywhere(t *testing.T) {
	db := seededDB(t)
	addAccount(t, db, "ada@example.org", "Ada", lmo.RoleContributor)
	addAccount(t, db, "bea@example.org", "Bea", lmo.RoleContributor)
	ts := authServer(t, db)
	laptop, phone, other := newBrowser(t, ts), newBrowser(t, ts), newBrowser(t, ts)
	laptop.signIn("ada@example.org")
	phone.signIn("ada@example.org")
	other.signIn("bea@example.org")
	resp, _ := laptop.post("/account/signout-everywhere", url.Values{})
	wantRedirect(t, "sign out everywhere", resp, "/signin?out=all")
	for name, b := range map[string]*browser{"laptop": laptop, "phone": phone} {
		resp, _ := b.get("/account")
		wantRedirect(t, name+" after signing out everywhere", resp, "/signin?next=%2Faccount")
	}
	resp, body := other.get("/account")
	wantStatus(t, "another account's session", resp, body, http.StatusOK)
}

// TestSignInLink: an account added by an administrator sets its password
// with the one-time link and is signed in; the link works once.
func TestSignInLink(t *testing.T) {
	db := seededDB(t)
	addAccount(t, db, "root@example.org", "Root", lmo.RoleAdmin)
	ts := authServer(t, db)
	admin := newBrowser(t, ts)
	admin.signIn("root@example.org")
	resp, body := admin.post("/admin/users", url.Values{"email": {"new@example.org"}, "name": {"Newcomer"}, "role": {lmo.RoleEditor}})
	wantStatus(t, "add account", resp, body, http.StatusOK)
	m := linkRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no sign-in link on the page:\n%s", body)
	}
	b := newBrowser(t, ts)
	resp, body = b.get(m[1])
	wantStatus(t, "link page", resp, body, http.StatusOK)
	checkPage(t, "/signin/link/…", resp, body)
	resp, body = b.post(m[1], url.Values{"password": {"short"}})
	wantStatus(t, "short password", resp, body, http.StatusBadRequest)
	if !strings.Contains(body, `href="#password"`) || !strings.Contains(body, "at least 12 characters") {
		t.Errorf("the short password is not explained:\n%s", body)
	}
	resp, _ = b.post(m[1], url.Values{"password": {"a new and long password"}})
	wantRedirect(t, "redeem", resp, "/account")
	_, body = b.get("/account")
	if !strings.Contains(body, "Newcomer") {
		t.Error("not signed in after the link")
	}
	resp, body = newBrowser(t, ts).post(m[1], url.Values{"password": {"another long password"}})
	wantStatus(t, "the link again", resp, body, http.StatusBadRequest)
	resp, _ = newBrowser(t, ts).post("/signin", url.Values{"email": {"new@example.org"}, "password": {"a new and long password"}})
	wantRedirect(t, "sign in with the password set", resp, "/")
}

// TestFormBodyLimit: an account form's body is bounded.
func TestFormBodyLimit(t *testing.T) {
	db := seededDB(t)
	ts := authServer(t, db)
	resp, body := newBrowser(t, ts).post("/signin", url.Values{"email": {"a@example.org"}, "password": {strings.Repeat("x", 64<<10)}})
	wantStatus(t, "huge sign-in form", resp, body, http.StatusRequestEntityTooLarge)
}
