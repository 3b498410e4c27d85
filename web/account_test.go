package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
)

// TestTokens: a token is made with a name and a scope that the role
// allows, its secret shown once; the list shows scope, creation, last use
// and revocation; a revoked token stops working.
func TestTokens(t *testing.T) {
	db := seededDB(t)
	addAccount(t, db, "ada@example.org", "Ada", lmo.RoleContributor)
	ts := authServer(t, db)
	b := newBrowser(t, ts)
	b.signIn("ada@example.org")
	_, page := b.get("/account")
	if !strings.Contains(page, `value="read"`) || !strings.Contains(page, `value="write"`) || strings.Contains(page, `value="admin"`) {
		t.Errorf("a contributor's scopes are not read and write")
	}
	resp, body := b.post("/account/tokens", url.Values{"name": {"too wide"}, "scope": {lmo.ScopeAdmin}})
	wantStatus(t, "admin token for a contributor", resp, body, http.StatusBadRequest)
	if !strings.Contains(body, `href="#scope-read"`) || !strings.Contains(body, `value="too wide"`) {
		t.Errorf("the refused scope is not explained, or the name not kept:\n%s", body)
	}
	resp, body = b.post("/account/tokens", url.Values{"name": {""}, "scope": {lmo.ScopeRead}})
	wantStatus(t, "token without a name", resp, body, http.StatusBadRequest)
	if !strings.Contains(body, `href="#name"`) {
		t.Error("the missing name is not in the summary")
	}

	secret := b.createToken("harvester", lmo.ScopeRead)
	resp, body = newBrowser(t, ts).get("/api/v1/countries", "Authorization", "Bearer "+secret)
	wantStatus(t, "API with the token", resp, body, http.StatusOK)
	resp, page = b.get("/account")
	wantPrivate(t, "account", resp)
	if strings.Contains(page, secret) {
		t.Error("the account page shows the secret again")
	}
	for _, want := range []string{"<th scope=\"row\">harvester</th>", "<td>read</td>", " UTC</td>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the token list lacks %q", want)
		}
	}
	if strings.Contains(page, "never</td>") {
		t.Error("the token used once shows as never used")
	}
	m := revokeRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no revoke button")
	}
	resp, _ = b.post("/account/tokens/"+m[1]+"/revoke", url.Values{})
	wantRedirect(t, "revoke", resp, "/account?done=revoked")
	_, page = b.get("/account?done=revoked")
	if !strings.Contains(page, "revoked 20") || revokeRE.MatchString(page) || !strings.Contains(page, "no longer works") {
		t.Errorf("the revoked token is not shown as revoked:\n%s", page)
	}
	resp, body = newBrowser(t, ts).get("/api/v1/countries", "Authorization", "Bearer "+secret)
	wantStatus(t, "API with the revoked token", resp, body, http.StatusUnauthorized)

	other := newBrowser(t, ts)
	addAccount(t, db, "bea@example.org", "Bea", lmo.RoleContributor)
	other.signIn("bea@example.org")
	resp, body = other.post("/account/tokens/"+m[1]+"/revoke", url.Values{})
	wantStatus(t, "revoke another's token", resp, body, http.StatusNotFound)
}

// TestChangePassword: the current password is checked; the new one then
// signs in and the old one no longer does.
func TestChangePassword(t *testing.T) {
	db := seededDB(t)
	addAccount(t, db, "ada@example.org", "Ada", lmo.RoleContributor)
	ts := authServer(t, db)
	b := newBrowser(t, ts)
	b.signIn("ada@example.org")
	resp, body := b.post("/account/password", url.Values{"current": {"not my password"}, "password": {"a brand new password"}})
	wantStatus(t, "wrong current password", resp, body, http.StatusBadRequest)
	if !strings.Contains(body, `href="#current"`) || !strings.Contains(body, `aria-describedby="current-error"`) ||
		strings.Contains(body, "not my password") || strings.Contains(body, "a brand new password") {
		t.Errorf("the wrong current password is not explained, or a password is shown again:\n%s", body)
	}
	resp, body = b.post("/account/password", url.Values{"current": {testPassword}, "password": {"short"}})
	wantStatus(t, "short new password", resp, body, http.StatusBadRequest)
	resp, _ = b.post("/account/password", url.Values{"current": {testPassword}, "password": {"a brand new password"}})
	wantRedirect(t, "change password", resp, "/account?done=password")
	resp, body = b.get("/account?done=password")
	wantStatus(t, "account after the change", resp, body, http.StatusOK)
	resp, _ = newBrowser(t, ts).post("/signin", url.Values{"email": {"ada@example.org"}, "password": {testPassword}})
	wantStatus(t, "old password", resp, "", http.StatusBadRequest)
	resp, _ = newBrowser(t, ts).post("/signin", url.Values{"email": {"ada@example.org"}, "password": {"a brand new password"}})
	wantRedirect(t, "new password", resp, "/")
}

// TestAdminPagesRefused: the admin pages send anyone not signed in to sign
// in, and refuse (403) a contributor or an editor.
func TestAdminPagesRefused(t *testing.T) {
	db := seededDB(t)
	addAccount(t, db, "ada@example.org", "Ada", lmo.RoleContributor)
	addAccount(t, db, "ed@example.org", "Ed", lmo.RoleEditor)
	ts := authServer(t, db)
	anon := newBrowser(t, ts)
	resp, _ := anon.get("/admin/audit?action=sign-in")
	wantRedirect(t, "admin page, signed out", resp, "/signin?next=%2Fadmin%2Faudit%3Faction%3Dsign-in")
	for _, email := range []string{"ada@example.org", "ed@example.org"} {
		b := newBrowser(t, ts)
		b.signIn(email)
		for _, path := range []string{"/admin/audit", "/admin/audit.csv", "/admin/users"} {
			resp, body := b.get(path)
			wantStatus(t, email+" "+path, resp, body, http.StatusForbidden)
			checkPage(t, path, resp, body)
		}
		resp, body := b.post("/admin/users", url.Values{"email": {"x@example.org"}, "name": {"X"}, "role": {lmo.RoleAdmin}})
		wantStatus(t, email+" adds an account", resp, body, http.StatusForbidden)
	}
}

// TestAdminUsers: an administrator lists accounts, adds one (and gets its
// sign-in link), changes a role, and disables an account, whose session
// then ends.
func TestAdminUsers(t *testing.T) {
	db := seededDB(t)
	addAccount(t, db, "root@example.org", "Root", lmo.RoleAdmin)
	ada := addAccount(t, db, "ada@example.org", "Ada Lovelace", lmo.RoleContributor)
	ts := authServer(t, db)
	admin, user := newBrowser(t, ts), newBrowser(t, ts)
	admin.signIn("root@example.org")
	user.signIn("ada@example.org")
	resp, body := admin.get("/admin/users")
	wantStatus(t, "users", resp, body, http.StatusOK)
	wantPrivate(t, "users", resp)
	checkPage(t, "/admin/users", resp, body)
	if !strings.Contains(body, "Ada Lovelace") || !strings.Contains(body, "root@example.org") {
		t.Errorf("the list lacks an account")
	}
	resp, body = admin.post("/admin/users", url.Values{"email": {"ada@example.org"}, "name": {"Ada again"}, "role": {lmo.RoleEditor}})
	wantStatus(t, "add a taken email", resp, body, http.StatusBadRequest)
	if !strings.Contains(body, `aria-describedby="email-error"`) || !strings.Contains(body, `value="Ada again"`) {
		t.Errorf("the taken email is not explained, or what was typed not kept:\n%s", body)
	}
	userPath := "/admin/users/" + strconv.FormatInt(ada.ID, 10)
	resp, _ = admin.post(userPath+"/role", url.Values{"role": {lmo.RoleEditor}})
	wantRedirect(t, "change role", resp, "/admin/users?done=role")
	_, body = user.get("/account")
	if !strings.Contains(body, "Editor") {
		t.Error("the new role does not show on the account page")
	}
	resp, _ = admin.post(userPath+"/disabled", url.Values{"disabled": {"true"}})
	wantRedirect(t, "disable", resp, "/admin/users?done=disabled")
	resp, _ = user.get("/account")
	wantRedirect(t, "the disabled account's session", resp, "/signin?next=%2Faccount")
	resp, _ = newBrowser(t, ts).post("/signin", url.Values{"email": {"ada@example.org"}, "password": {testPassword}})
	wantStatus(t, "sign in, disabled", resp, "", http.StatusBadRequest)
	resp, _ = admin.post(userPath+"/disabled", url.Values{"disabled": {"false"}})
	wantRedirect(t, "enable", resp, "/admin/users?done=enabled")
	user.signIn("ada@example.org")
	resp, body = admin.post(userPath+"/link", url.Values{})
	wantStatus(t, "new link", resp, body, http.StatusOK)
	if !linkRE.MatchString(body) {
		t.Error("no new sign-in link")
	}
	resp, body = admin.post("/admin/users/999999/role", url.Values{"role": {lmo.RoleEditor}})
	wantStatus(t, "role of no account", resp, body, http.StatusNotFound)
}
