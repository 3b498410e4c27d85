package main

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/password"
)

// TestUserCommands runs every lmo user subcommand on a temporary SQLite
// database and checks what each did through the store.
func TestUserCommands(t *testing.T) {
	defer password.SetParamsForTesting(password.Cheap)()
	db := filepath.Join(t.TempDir(), "users.db")
	t.Setenv("LMO_BASE_URL", "https://lmo.example.org/")
	out, _, err := runCmd(t, "user", "add", "--db", db, "--email", "Ana@Example.org", "--role", "editor", "--name", "Ana Lima")
	if err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`https://lmo\.example\.org/signin/link/([A-Za-z0-9_-]{43})\n`).FindStringSubmatch(out)
	if link == nil {
		t.Fatalf("user add printed no sign-in link:\n%s", out)
	}
	s := openUsers(t, db)
	if _, u, err := s.RedeemSignInLink(context.Background(), link[1], "correct horse battery staple"); err != nil || u.Email != "Ana@Example.org" || u.Name != "Ana Lima" {
		t.Fatalf("redeeming the printed link: %+v, %v", u, err)
	}
	s.Close()

	stdin = strings.NewReader("a password from stdin\n")
	t.Cleanup(func() { stdin = os.Stdin })
	if _, _, err := runCmd(t, "user", "add", "--db", db, "--email", "bo@example.org", "--role", "contributor", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "user", "role", "--db", db, "--email", "BO@example.org", "--role", "admin"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "user", "disable", "--db", db, "--email", "ana@example.org"); err != nil {
		t.Fatal(err)
	}
	s = openUsers(t, db)
	_, u, err := s.SignIn(context.Background(), "bo@example.org", "a password from stdin")
	if err != nil || u.Role != lmo.RoleAdmin {
		t.Errorf("signing in with the password from stdin after user role: %+v, %v", u, err)
	}
	_, _, err = s.SignIn(context.Background(), "ana@example.org", "correct horse battery staple")
	if lmo.ErrorCode(err) != lmo.EINVALID {
		t.Errorf("signing in to a disabled account: %v", err)
	}
	s.Close()

	out, _, err = runCmd(t, "user", "list", "--db", db)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if err != nil || len(lines) != 3 || !strings.HasPrefix(lines[0], "EMAIL") ||
		!regexp.MustCompile(`^Ana@Example\.org +Ana Lima +editor +yes +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$`).MatchString(lines[1]) ||
		!regexp.MustCompile(`^bo@example\.org +bo@example\.org +admin +no +\d{4}`).MatchString(lines[2]) {
		t.Errorf("user list: %v\n%s", err, out)
	}

	if _, _, err := runCmd(t, "user", "enable", "--db", db, "--email", "ana@example.org"); err != nil {
		t.Fatal(err)
	}
	stdin = strings.NewReader("a newer password, reset\r\n")
	if _, _, err := runCmd(t, "user", "reset-password", "--db", db, "--email", "ana@example.org", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCmd(t, "user", "reset-password", "--db", db, "--email", "bo@example.org", "--base-url", "http://127.0.0.1:9000")
	if err != nil || !regexp.MustCompile(`http://127\.0\.0\.1:9000/signin/link/[A-Za-z0-9_-]{43}\n`).MatchString(out) {
		t.Errorf("reset-password: %v\n%s", err, out)
	}
	s = openUsers(t, db)
	if _, _, err := s.SignIn(context.Background(), "ana@example.org", "a newer password, reset"); err != nil {
		t.Errorf("signing in with the reset password: %v", err)
	}
	entries, err := s.AuditLog(lmo.NewContextWithUser(context.Background(), lmo.SystemUser), lmo.AuditFilter{Actor: "system"})
	if err != nil || len(entries) < 8 || entries[0].Address != "local" {
		t.Errorf("audit entries of the commands: %d, %v", len(entries), err)
	}
	s.Close()
}

// TestUserCommandMistakes: usage, missing flags and the store's refusals
// come back as messages, never as internal errors.
func TestUserCommandMistakes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "users.db")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"user"}, "no user command"},
		{[]string{"user", "frob"}, "unknown user command"},
		{[]string{"user", "add", "--db", db, "--role", "editor"}, "--email is required"},
		{[]string{"user", "add", "--db", db, "--email", "x@example.org"}, "--role is required"},
		{[]string{"user", "add", "--db", db, "--email", "x@example.org", "--role", "owner"}, "The role must be one of"},
		{[]string{"user", "add", "--db", db, "--email", "not an email", "--role", "editor"}, "The email address is not valid."},
		{[]string{"user", "disable", "--db", db, "--email", "nobody@example.org"}, "There is no account with the email nobody@example.org."},
		{[]string{"user", "role", "--db", db, "--email", "x@example.org", "--role", "admin", "extra"}, "unexpected arguments"},
	} {
		if _, _, err := runCmd(t, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.args, err, c.want)
		}
	}
	if _, errOut, err := runCmd(t, "user", "-h"); !errors.Is(err, flag.ErrHelp) || !strings.Contains(errOut, "reset-password") {
		t.Errorf("user -h: %v %q", err, errOut)
	}
	if _, errOut, err := runCmd(t, "user", "add", "-h"); !errors.Is(err, flag.ErrHelp) || !strings.Contains(errOut, "-password-stdin") {
		t.Errorf("user add -h: %v %q", err, errOut)
	}
	stdin = strings.NewReader("")
	t.Cleanup(func() { stdin = os.Stdin })
	if _, _, err := runCmd(t, "user", "add", "--db", db, "--email", "y@example.org", "--role", "editor", "--password-stdin"); err == nil || !strings.Contains(err.Error(), "no password") {
		t.Errorf("an empty standard input: %v", err)
	}
	stdin = strings.NewReader("too short\n")
	if _, _, err := runCmd(t, "user", "add", "--db", db, "--email", "y@example.org", "--role", "editor", "--password-stdin"); err == nil || !strings.Contains(err.Error(), "12 to 256") {
		t.Errorf("a short password: %v", err)
	}
	if _, _, err := runCmd(t, "user", "disable", "--db", db, "--email", "y@example.org"); err == nil {
		t.Error("user add created the account although it had no password to set")
	}
}

func openUsers(t *testing.T, db string) store {
	t.Helper()
	s, err := openStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
