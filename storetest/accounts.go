package storetest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/password"
	"github.com/lmo-observatory/lmo/internal/sqlstore"
)

// RunAccounts tests the service of accounts: roles, sign-in without
// enumeration, throttling (on one node and across two), sessions, sign-in
// links and API tokens, and the audit entries each writes.
func RunAccounts(t *testing.T, open Opener) {
	t.Cleanup(password.SetParamsForTesting(password.Cheap))
	runTests(t, open, []test{
		{"Roles", testAccountRoles},
		{"Enumeration", testSignInEnumeration},
		{"ThrottlePerAccount", testThrottlePerAccount},
		{"ThrottlePerAddress", testThrottlePerAddress},
		{"AcrossNodes", testAccountsAcrossNodes},
		{"Sessions", testSessions},
		{"SessionExpiry", testSessionExpiry},
		{"Passwords", testPasswords},
		{"SignInLinks", testSignInLinks},
		{"Tokens", testTokens},
		{"TokenScopes", testTokenScopes},
	})
}

// testClock is a clock that tests move by hand, shared by the stores
// (nodes) of one test.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// useClock gives the stores one clock that moves only by Advance.
func useClock(t *testing.T, stores ...Store) *testClock {
	t.Helper()
	c := &testClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	c.use(t, stores...)
	return c
}

// use makes the stores read c.
func (c *testClock) use(t *testing.T, stores ...Store) {
	t.Helper()
	for _, s := range stores {
		cs, ok := s.(interface{ SetClock(func() time.Time) })
		if !ok {
			t.Fatalf("the store %T cannot set its clock", s)
		}
		cs.SetClock(c.Now)
	}
}

// reopen opens a second store on s's database.
func reopen(t *testing.T, s Store) Store {
	t.Helper()
	r, ok := s.(Reopener)
	if !ok {
		t.Fatalf("the store %T cannot open another store on its database", s)
	}
	return r.Reopen(t)
}

// from is a context of a request from address, signed in as no one.
func from(address string) context.Context {
	return lmo.NewContextWithOrigin(context.Background(), lmo.Origin{Address: address, Agent: "storetest"})
}

// as is a context of a request of u from address.
func as(u *lmo.User, address string) context.Context {
	return lmo.NewContextWithUser(from(address), u)
}

// newAccount creates an account (with a password unless pw is "").
func newAccount(t *testing.T, s Store, email, role, pw string) *lmo.Account {
	t.Helper()
	a := &lmo.Account{Email: email, Name: strings.Split(email, "@")[0], Role: role}
	if err := s.CreateAccount(Admin(), a); err != nil {
		t.Fatalf("CreateAccount(%s): %v", email, err)
	}
	if pw != "" {
		if err := s.SetPassword(Admin(), a.ID, pw); err != nil {
			t.Fatalf("SetPassword(%s): %v", email, err)
		}
	}
	return a
}

const goodPassword = "correct horse battery staple"

// signIn signs in and fails the test on an error.
func signIn(t *testing.T, s Store, email, pw, address string) (string, *lmo.User) {
	t.Helper()
	session, u, err := s.SignIn(from(address), email, pw)
	if err != nil {
		t.Fatalf("SignIn(%s) from %s: %v", email, address, err)
	}
	return session, u
}

// auditLog reads the audit entries that f selects, as an administrator.
func auditLog(t *testing.T, s Store, f lmo.AuditFilter) []*lmo.AuditEntry {
	t.Helper()
	es, err := s.AuditLog(Admin(), f)
	if err != nil {
		t.Fatalf("AuditLog(%+v): %v", f, err)
	}
	return es
}

// wantAudit fails unless the newest entry of action is about entityID,
// from address, by actor.
func wantAudit(t *testing.T, s Store, action, actor, address, detail string) {
	t.Helper()
	es := auditLog(t, s, lmo.AuditFilter{Action: action, Limit: 1})
	if len(es) == 0 {
		t.Fatalf("no audit entry %q", action)
	}
	e := es[0]
	if e.Actor != actor || e.Address != address || detail != "" && e.Detail != detail {
		t.Errorf("audit %s: actor %q, address %q, detail %q; want %q, %q, %q", action, e.Actor, e.Address, e.Detail, actor, address, detail)
	}
}

func testAccountRoles(t *testing.T, s Store) {
	a := &lmo.Account{Email: "Ana@Example.org", Name: "Ana", Role: lmo.RoleEditor}
	wantCode(t, s.CreateAccount(context.Background(), a), lmo.EUNAUTHORIZED)
	editor := &lmo.User{ID: 5, Name: "ed", Role: lmo.RoleEditor}
	wantCode(t, s.CreateAccount(as(editor, "10.0.0.1"), a), lmo.EFORBIDDEN)
	_, err := s.Accounts(as(editor, "10.0.0.1"))
	wantCode(t, err, lmo.EFORBIDDEN)
	adminToken := &lmo.User{ID: 6, Name: "tok", Role: lmo.RoleAdmin, Scope: lmo.ScopeWrite}
	wantCode(t, s.CreateAccount(as(adminToken, "10.0.0.1"), a), lmo.EFORBIDDEN)
	wantCode(t, s.CreateAccount(lmo.NewContextWithUser(context.Background(), lmo.SystemUser), a), "")
	wantCode(t, s.CreateAccount(Admin(), &lmo.Account{Email: "ana@example.ORG", Role: lmo.RoleEditor}), lmo.ECONFLICT)
	wantCode(t, s.CreateAccount(Admin(), &lmo.Account{Email: "not an email", Role: lmo.RoleEditor}), lmo.EINVALID)
	wantCode(t, s.CreateAccount(Admin(), &lmo.Account{Email: "Bo <bo@example.org>", Role: lmo.RoleEditor}), lmo.EINVALID)
	wantCode(t, s.CreateAccount(Admin(), &lmo.Account{Email: "bo@example.org", Role: "owner"}), lmo.EINVALID)
	got, err := s.FindAccountByEmail(Admin(), "ANA@example.org")
	if err != nil || got.ID != a.ID || got.Email != "Ana@Example.org" || got.Role != lmo.RoleEditor || !got.LastSignIn.IsZero() {
		t.Fatalf("FindAccountByEmail = %+v, %v", got, err)
	}
	_, err = s.FindAccountByEmail(Admin(), "nobody@example.org")
	wantCode(t, err, lmo.ENOTFOUND)
	wantCode(t, s.SetAccountRole(Admin(), a.ID, "owner"), lmo.EINVALID)
	wantCode(t, s.SetAccountRole(Admin(), 9999, lmo.RoleAdmin), lmo.ENOTFOUND)
	wantCode(t, s.SetAccountRole(as(editor, "10.0.0.1"), a.ID, lmo.RoleAdmin), lmo.EFORBIDDEN)
	if err := s.SetAccountRole(Admin(), a.ID, lmo.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	newAccount(t, s, "bo@example.org", lmo.RoleContributor, "")
	all, err := s.Accounts(Admin())
	if err != nil || len(all) != 2 || all[0].Email != "Ana@Example.org" || all[0].Role != lmo.RoleAdmin || all[1].Email != "bo@example.org" {
		t.Fatalf("Accounts = %v, %v", all, err)
	}
	wantAudit(t, s, "role", "test-admin", "local", lmo.RoleAdmin)
	wantAudit(t, s, "create", "test-admin", "local", "bo@example.org (contributor)")
}

// testSignInEnumeration: an unknown email, a wrong password, a disabled
// account and one without a password fail alike.
func testSignInEnumeration(t *testing.T, s Store) {
	newAccount(t, s, "ana@example.org", lmo.RoleEditor, goodPassword)
	bo := newAccount(t, s, "bo@example.org", lmo.RoleEditor, goodPassword)
	newAccount(t, s, "cy@example.org", lmo.RoleEditor, "")
	if err := s.SetAccountDisabled(Admin(), bo.ID, true); err != nil {
		t.Fatal(err)
	}
	for i, c := range []struct{ email, pw string }{
		{"nobody@example.org", goodPassword},
		{"ana@example.org", "wrong horse battery staple"},
		{"bo@example.org", goodPassword},
		{"cy@example.org", ""},
		{"ana@example.org", strings.Repeat("x", 10000)},
	} {
		_, _, err := s.SignIn(from("192.0.2.1"), c.email, c.pw)
		wantCode(t, err, lmo.EINVALID)
		if msg := lmo.ErrorMessage(err); msg != "The email or password is wrong." {
			t.Errorf("case %d (%s): message %q", i, c.email, msg)
		}
	}
	wantAudit(t, s, lmo.AuditSignInFailed, "anonymous", "192.0.2.1", "ana@example.org")
	if n := len(auditLog(t, s, lmo.AuditFilter{Action: lmo.AuditSignInFailed})); n != 5 {
		t.Errorf("%d sign-in-failed entries, want 5", n)
	}
	session, u := signIn(t, s, " ANA@example.org", goodPassword, "192.0.2.1")
	if session == "" || u.Email != "ana@example.org" || u.Role != lmo.RoleEditor {
		t.Errorf("SignIn = %q, %+v", session, u)
	}
	wantAudit(t, s, lmo.AuditSignIn, "ana", "192.0.2.1", "password")
}

// failSignIns makes n failed sign-ins of email from address.
func failSignIns(t *testing.T, s Store, n int, email, address string) {
	t.Helper()
	for range n {
		_, _, err := s.SignIn(from(address), email, "wrong horse battery staple")
		wantCode(t, err, lmo.EINVALID)
	}
}

func testThrottlePerAccount(t *testing.T, s Store) {
	clock := useClock(t, s)
	newAccount(t, s, "ana@example.org", lmo.RoleEditor, goodPassword)
	for i := range lmo.MaxFailuresPerAccount { // from as many addresses: only the account's count applies
		failSignIns(t, s, 1, "ana@example.org", "198.51.100."+string(rune('1'+i)))
		clock.Advance(time.Minute)
	}
	_, _, err := s.SignIn(from("203.0.113.9"), "Ana@example.org", goodPassword) // the right password, too late
	wantCode(t, err, lmo.ETOOMANY)
	// The first failure leaves the window 15 minutes after it, 10 from now.
	if msg := lmo.ErrorMessage(err); msg != "Too many failed sign-ins. Try again in 10 minutes." {
		t.Errorf("message %q", msg)
	}
	wantAudit(t, s, lmo.AuditSignInRefused, "anonymous", "203.0.113.9", "ana@example.org")
	// An unknown email is throttled alike.
	failSignIns(t, s, lmo.MaxFailuresPerAccount, "nobody@example.org", "203.0.113.7")
	_, _, err = s.SignIn(from("203.0.113.8"), "nobody@example.org", goodPassword)
	wantCode(t, err, lmo.ETOOMANY)

	clock.Advance(lmo.SignInWindow - 4*time.Minute) // the first failure has left the window
	signIn(t, s, "ana@example.org", goodPassword, "203.0.113.9")
	// A success clears the account's failures: four more do not throttle.
	failSignIns(t, s, lmo.MaxFailuresPerAccount-1, "ana@example.org", "203.0.113.9")
	signIn(t, s, "ana@example.org", goodPassword, "203.0.113.9")
}

func testThrottlePerAddress(t *testing.T, s Store) {
	useClock(t, s)
	newAccount(t, s, "ana@example.org", lmo.RoleEditor, goodPassword)
	for i := range lmo.MaxFailuresPerAddress {
		failSignIns(t, s, 1, "user"+string(rune('a'+i))+"@example.org", "198.51.100.1")
	}
	_, _, err := s.SignIn(from("198.51.100.1"), "ana@example.org", goodPassword)
	wantCode(t, err, lmo.ETOOMANY)
	signIn(t, s, "ana@example.org", goodPassword, "198.51.100.2")
	wantAudit(t, s, lmo.AuditSignInRefused, "anonymous", "198.51.100.1", "ana@example.org")
}

// testAccountsAcrossNodes: two stores on one database (two nodes) share
// the throttling and the sessions, and sessions survive a restart.
func testAccountsAcrossNodes(t *testing.T, a Store) {
	b := reopen(t, a)
	clock := useClock(t, a, b)
	newAccount(t, a, "ana@example.org", lmo.RoleEditor, goodPassword)
	failSignIns(t, a, lmo.MaxFailuresPerAccount, "ana@example.org", "198.51.100.1")
	_, _, err := b.SignIn(from("198.51.100.2"), "ana@example.org", goodPassword)
	wantCode(t, err, lmo.ETOOMANY)
	clock.Advance(lmo.SignInWindow)

	session, _ := signIn(t, a, "ana@example.org", goodPassword, "198.51.100.1")
	if u, err := b.SessionUser(from("198.51.100.1"), session); err != nil || u.Email != "ana@example.org" {
		t.Fatalf("node B: SessionUser of node A's session = %+v, %v", u, err)
	}
	restarted := reopen(t, a)
	clock.use(t, restarted)
	if u, err := restarted.SessionUser(from("198.51.100.1"), session); err != nil || u.Email != "ana@example.org" {
		t.Fatalf("after a restart: SessionUser = %+v, %v", u, err)
	}
	if err := b.SignOut(from("198.51.100.1"), session); err != nil {
		t.Fatal(err)
	}
	_, err = a.SessionUser(from("198.51.100.1"), session)
	wantCode(t, err, lmo.EUNAUTHORIZED)
}

func testSessions(t *testing.T, s Store) {
	newAccount(t, s, "ana@example.org", lmo.RoleEditor, goodPassword)
	one, _ := signIn(t, s, "ana@example.org", goodPassword, "198.51.100.1")
	two, _ := signIn(t, s, "ana@example.org", goodPassword, "198.51.100.2")
	if one == two || len(one) < 43 {
		t.Fatalf("sessions %q and %q: want a new 32-byte secret at every sign-in", one, two)
	}
	u, err := s.SessionUser(from("198.51.100.1"), one)
	if err != nil || u.Email != "ana@example.org" || u.Role != lmo.RoleEditor || u.Scope != "" {
		t.Fatalf("SessionUser = %+v, %v", u, err)
	}
	_, err = s.SessionUser(from("198.51.100.1"), "no such session")
	wantCode(t, err, lmo.EUNAUTHORIZED)
	if err := s.SignOut(from("198.51.100.1"), one); err != nil {
		t.Fatal(err)
	}
	wantAudit(t, s, lmo.AuditSignOut, "ana", "198.51.100.1", "")
	_, err = s.SessionUser(from("198.51.100.1"), one)
	wantCode(t, err, lmo.EUNAUTHORIZED)
	if _, err := s.SessionUser(from("198.51.100.2"), two); err != nil {
		t.Fatalf("the other session ended with one: %v", err)
	}
	three, u := signIn(t, s, "ana@example.org", goodPassword, "198.51.100.3")
	if err := s.SignOutEverywhere(as(u, "198.51.100.3")); err != nil {
		t.Fatal(err)
	}
	wantAudit(t, s, lmo.AuditSignOut, "ana", "198.51.100.3", "everywhere")
	for _, session := range []string{two, three} {
		_, err = s.SessionUser(from("198.51.100.2"), session)
		wantCode(t, err, lmo.EUNAUTHORIZED)
	}
	wantCode(t, s.SignOutEverywhere(context.Background()), lmo.EUNAUTHORIZED)

	// Disabling an account ends its sessions.
	four, u := signIn(t, s, "ana@example.org", goodPassword, "198.51.100.3")
	if err := s.SetAccountDisabled(Admin(), u.ID, true); err != nil {
		t.Fatal(err)
	}
	_, err = s.SessionUser(from("198.51.100.3"), four)
	wantCode(t, err, lmo.EUNAUTHORIZED)
	wantAudit(t, s, "disable", "test-admin", "local", "")
}

// testSessionExpiry: a session ends after SessionIdle unused and after
// SessionMax in any case; its use is recorded at most once a minute.
func testSessionExpiry(t *testing.T, s Store) {
	clock := useClock(t, s)
	newAccount(t, s, "ana@example.org", lmo.RoleEditor, goodPassword)
	session, _ := signIn(t, s, "ana@example.org", goodPassword, "198.51.100.1")
	use := func() error {
		_, err := s.SessionUser(from("198.51.100.1"), session)
		return err
	}
	// A use within the minute is not recorded: the session goes idle
	// counting from sign-in.
	clock.Advance(30 * time.Second)
	wantCode(t, use(), "")
	clock.Advance(lmo.SessionIdle - 30*time.Second)
	wantCode(t, use(), lmo.EUNAUTHORIZED)

	session, _ = signIn(t, s, "ana@example.org", goodPassword, "198.51.100.1")
	used := time.Duration(0)
	for used+lmo.SessionIdle-time.Hour < lmo.SessionMax { // used every 13 days, never idle
		clock.Advance(lmo.SessionIdle - time.Hour)
		used += lmo.SessionIdle - time.Hour
		wantCode(t, use(), "")
	}
	clock.Advance(lmo.SessionMax - used)
	wantCode(t, use(), lmo.EUNAUTHORIZED)
}

// testPasswords: SetPassword ends every session, ChangePassword the other
// ones, and a sign-in rehashes a password hashed with older parameters.
func testPasswords(t *testing.T, s Store) {
	useClock(t, s)
	a := newAccount(t, s, "ana@example.org", lmo.RoleEditor, goodPassword)
	wantCode(t, s.SetPassword(Admin(), a.ID, "short"), lmo.EINVALID)
	wantCode(t, s.SetPassword(Admin(), 9999, goodPassword), lmo.ENOTFOUND)
	one, _ := signIn(t, s, "ana@example.org", goodPassword, "198.51.100.1")
	two, _ := signIn(t, s, "ana@example.org", goodPassword, "198.51.100.2")
	u, err := s.SessionUser(from("198.51.100.2"), two)
	if err != nil {
		t.Fatal(err)
	}
	ctx := as(u, "198.51.100.2")
	wantCode(t, s.ChangePassword(ctx, "wrong horse battery staple", "new horse battery staple"), lmo.EINVALID)
	wantCode(t, s.ChangePassword(ctx, goodPassword, "short"), lmo.EINVALID)
	if err := s.ChangePassword(ctx, goodPassword, "new horse battery staple"); err != nil {
		t.Fatal(err)
	}
	_, err = s.SessionUser(from("198.51.100.1"), one)
	wantCode(t, err, lmo.EUNAUTHORIZED)
	if _, err := s.SessionUser(from("198.51.100.2"), two); err != nil {
		t.Errorf("ChangePassword ended the session that changed it: %v", err)
	}
	_, _, err = s.SignIn(from("198.51.100.3"), "ana@example.org", goodPassword)
	wantCode(t, err, lmo.EINVALID)
	if err := s.SetPassword(Admin(), a.ID, goodPassword); err != nil {
		t.Fatal(err)
	}
	_, err = s.SessionUser(from("198.51.100.2"), two)
	wantCode(t, err, lmo.EUNAUTHORIZED)

	hash := func() string {
		var h string
		if err := s.Database().Write(Admin(), func(tx *sqlstore.Tx) error {
			return tx.QueryRow(Admin(), `SELECT password_hash FROM accounts WHERE id = ?`, []any{a.ID}, &h)
		}); err != nil {
			t.Fatal(err)
		}
		return h
	}
	before := hash()
	p := password.Cheap
	p.Memory *= 2
	defer password.SetParamsForTesting(p)()
	signIn(t, s, "ana@example.org", goodPassword, "198.51.100.1")
	if after := hash(); after == before || password.NeedsRehash(after) {
		t.Errorf("the hash %q was not rehashed with the new parameters (%q before)", after, before)
	}
	signIn(t, s, "ana@example.org", goodPassword, "198.51.100.1")
}

func testSignInLinks(t *testing.T, s Store) {
	clock := useClock(t, s)
	a := newAccount(t, s, "ana@example.org", lmo.RoleEditor, "")
	editor := &lmo.User{ID: a.ID, Name: "ana", Role: lmo.RoleEditor}
	_, err := s.CreateSignInLink(as(editor, "198.51.100.1"), a.ID)
	wantCode(t, err, lmo.EFORBIDDEN)
	_, err = s.CreateSignInLink(Admin(), 9999)
	wantCode(t, err, lmo.ENOTFOUND)
	old, err := s.CreateSignInLink(Admin(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	link, err := s.CreateSignInLink(Admin(), a.ID)
	if err != nil || link == old {
		t.Fatalf("second link %q (first %q): %v", link, old, err)
	}
	wantAudit(t, s, "sign-in-link", "test-admin", "local", "")
	_, _, err = s.RedeemSignInLink(from("198.51.100.1"), old, goodPassword)
	wantCode(t, err, lmo.EINVALID) // replaced by the new one
	_, _, err = s.RedeemSignInLink(from("198.51.100.1"), link, "short")
	wantCode(t, err, lmo.EINVALID)
	session, u, err := s.RedeemSignInLink(from("198.51.100.1"), link, goodPassword)
	if err != nil || u.ID != a.ID {
		t.Fatalf("RedeemSignInLink = %+v, %v", u, err)
	}
	if _, err := s.SessionUser(from("198.51.100.1"), session); err != nil {
		t.Errorf("the link's session: %v", err)
	}
	wantAudit(t, s, lmo.AuditSignIn, "ana", "198.51.100.1", "link")
	_, _, err = s.RedeemSignInLink(from("198.51.100.1"), link, goodPassword)
	wantCode(t, err, lmo.EINVALID) // spent
	signIn(t, s, "ana@example.org", goodPassword, "198.51.100.1")

	expiring, err := s.CreateSignInLink(Admin(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(lmo.SignInLinkTTL)
	_, _, err = s.RedeemSignInLink(from("198.51.100.1"), expiring, goodPassword)
	wantCode(t, err, lmo.EINVALID)
}

// userOf signs in email and returns the session's user.
func userOf(t *testing.T, s Store, email string) *lmo.User {
	t.Helper()
	session, _ := signIn(t, s, email, goodPassword, "198.51.100.1")
	u, err := s.SessionUser(from("198.51.100.1"), session)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func testTokens(t *testing.T, s Store) {
	clock := useClock(t, s)
	newAccount(t, s, "ana@example.org", lmo.RoleEditor, goodPassword)
	newAccount(t, s, "bo@example.org", lmo.RoleEditor, goodPassword)
	ana, bo := userOf(t, s, "ana@example.org"), userOf(t, s, "bo@example.org")
	_, _, err := s.CreateToken(context.Background(), "x", lmo.ScopeRead)
	wantCode(t, err, lmo.EUNAUTHORIZED)
	_, _, err = s.CreateToken(as(ana, "198.51.100.1"), "", lmo.ScopeRead)
	wantCode(t, err, lmo.EINVALID)
	_, _, err = s.CreateToken(as(ana, "198.51.100.1"), "x", "everything")
	wantCode(t, err, lmo.EINVALID)
	first, t1, err := s.CreateToken(as(ana, "198.51.100.1"), "harvester", lmo.ScopeRead)
	if err != nil {
		t.Fatal(err)
	}
	secret, t2, err := s.CreateToken(as(ana, "198.51.100.1"), "importer", lmo.ScopeWrite)
	if err != nil || !strings.HasPrefix(secret, "lmo_") || secret == first || t2.AccountID != ana.ID {
		t.Fatalf("CreateToken = %q, %+v, %v", secret, t2, err)
	}
	wantAudit(t, s, lmo.AuditTokenCreate, "ana", "198.51.100.1", "importer (write)")
	got, err := s.Tokens(as(ana, "198.51.100.1"))
	if err != nil || len(got) != 2 || got[0].ID != t2.ID || got[1].ID != t1.ID || !got[0].LastUsed.IsZero() {
		t.Fatalf("Tokens = %v, %v", got, err)
	}

	u, err := s.TokenUser(from("198.51.100.9"), secret)
	if err != nil || u.ID != ana.ID || u.Scope != lmo.ScopeWrite || u.Role != lmo.RoleEditor {
		t.Fatalf("TokenUser = %+v, %v", u, err)
	}
	wantAudit(t, s, lmo.AuditTokenUse, "ana", "198.51.100.9", lmo.ScopeWrite)
	uses := func() int { return len(auditLog(t, s, lmo.AuditFilter{Action: lmo.AuditTokenUse})) }
	clock.Advance(59 * time.Second)
	if _, err := s.TokenUser(from("198.51.100.9"), secret); err != nil || uses() != 1 {
		t.Errorf("a use within the minute: %v, %d use entries, want 1", err, uses())
	}
	clock.Advance(time.Second)
	if _, err := s.TokenUser(from("198.51.100.9"), secret); err != nil || uses() != 2 {
		t.Errorf("a use a minute later: %v, %d use entries, want 2", err, uses())
	}
	if got, _ := s.Tokens(as(ana, "198.51.100.1")); got[0].LastUsed.IsZero() {
		t.Error("the token's last use was not recorded")
	}

	wantCode(t, s.RevokeToken(as(bo, "198.51.100.2"), t2.ID), lmo.ENOTFOUND) // not Bo's
	wantCode(t, s.RevokeToken(as(ana, "198.51.100.1"), 9999), lmo.ENOTFOUND)
	if err := s.RevokeToken(as(ana, "198.51.100.1"), t2.ID); err != nil {
		t.Fatal(err)
	}
	wantAudit(t, s, lmo.AuditTokenRevoke, "ana", "198.51.100.1", "")
	_, err = s.TokenUser(from("198.51.100.9"), secret)
	wantCode(t, err, lmo.EUNAUTHORIZED)
	_, err = s.TokenUser(from("198.51.100.9"), "lmo_unknown")
	wantCode(t, err, lmo.EUNAUTHORIZED)
	if got, _ := s.Tokens(as(ana, "198.51.100.1")); got[0].RevokedAt.IsZero() {
		t.Error("the revoked token is not listed as revoked")
	}
	if err := s.RevokeToken(Admin(), t1.ID); err != nil { // an administrator may revoke anyone's
		t.Fatal(err)
	}
	_, err = s.TokenUser(from("198.51.100.9"), first)
	wantCode(t, err, lmo.EUNAUTHORIZED)

	// A disabled account's tokens stop working.
	bos, _, err := s.CreateToken(as(bo, "198.51.100.2"), "bo", lmo.ScopeRead)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetAccountDisabled(Admin(), bo.ID, true); err != nil {
		t.Fatal(err)
	}
	_, err = s.TokenUser(from("198.51.100.9"), bos)
	wantCode(t, err, lmo.EUNAUTHORIZED)
	if err := s.SetAccountDisabled(Admin(), bo.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenUser(from("198.51.100.9"), bos); err != nil {
		t.Errorf("the token of an enabled account: %v", err)
	}
}

// testTokenScopes: a token's scope caps its account's role, and no token
// may be wider than its account's role.
func testTokenScopes(t *testing.T, s Store) {
	newAccount(t, s, "co@example.org", lmo.RoleContributor, goodPassword)
	newAccount(t, s, "ed@example.org", lmo.RoleEditor, goodPassword)
	newAccount(t, s, "ad@example.org", lmo.RoleAdmin, goodPassword)
	token := func(email, scope string) *lmo.User {
		t.Helper()
		secret, _, err := s.CreateToken(as(userOf(t, s, email), "198.51.100.1"), email, scope)
		if err != nil {
			t.Fatalf("CreateToken(%s, %s): %v", email, scope, err)
		}
		u, err := s.TokenUser(from("198.51.100.1"), secret)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	_, _, err := s.CreateToken(as(userOf(t, s, "co@example.org"), "198.51.100.1"), "x", lmo.ScopeAdmin)
	wantCode(t, err, lmo.EINVALID)
	_, _, err = s.CreateToken(as(userOf(t, s, "ed@example.org"), "198.51.100.1"), "x", lmo.ScopeAdmin)
	wantCode(t, err, lmo.EINVALID)
	for _, c := range []struct {
		email, scope, role string
		may                bool
	}{
		{"co@example.org", lmo.ScopeWrite, lmo.RoleContributor, true},
		{"co@example.org", lmo.ScopeWrite, lmo.RoleEditor, false}, // a contributor's write token cannot publish
		{"ed@example.org", lmo.ScopeWrite, lmo.RoleEditor, true},
		{"ed@example.org", lmo.ScopeRead, lmo.RoleContributor, false},
		{"ad@example.org", lmo.ScopeWrite, lmo.RoleAdmin, false},
		{"ad@example.org", lmo.ScopeAdmin, lmo.RoleAdmin, true},
	} {
		u := token(c.email, c.scope)
		err := lmo.RequireRole(as(u, "198.51.100.1"), c.role)
		if (err == nil) != c.may {
			t.Errorf("%s with a %s token acting as %s: %v, want allowed %v", c.email, c.scope, c.role, err, c.may)
		}
	}
	// Through a service: a write token of an administrator cannot manage accounts.
	wantCode(t, s.CreateAccount(as(token("ad@example.org", lmo.ScopeWrite), "198.51.100.1"), &lmo.Account{Email: "x@example.org", Role: lmo.RoleEditor}), lmo.EFORBIDDEN)
	// A token cannot make a token wider than itself.
	_, _, err = s.CreateToken(as(token("ad@example.org", lmo.ScopeWrite), "198.51.100.1"), "wider", lmo.ScopeAdmin)
	wantCode(t, err, lmo.EINVALID)
}
