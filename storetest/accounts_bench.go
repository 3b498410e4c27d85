package storetest

import (
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/password"
)

// BenchSessionUser times SessionUser, which every signed-in request
// makes: one indexed read, and no write while the session was marked used
// within the minute (the store's clock stands still here).
func BenchSessionUser(b *testing.B, s Store) {
	defer password.SetParamsForTesting(password.Cheap)()
	a := &lmo.Account{Email: "bench@example.org", Role: lmo.RoleEditor}
	if err := s.CreateAccount(Admin(), a); err != nil {
		b.Fatal(err)
	}
	if err := s.SetPassword(Admin(), a.ID, goodPassword); err != nil {
		b.Fatal(err)
	}
	session, _, err := s.SignIn(from("198.51.100.1"), a.Email, goodPassword)
	if err != nil {
		b.Fatal(err)
	}
	ctx := from("198.51.100.1")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.SessionUser(ctx, session); err != nil {
			b.Fatal(err)
		}
	}
}
