package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/sqlstore"
)

// RunAudit tests reading the audit log, and that the databases keep it
// append-only.
func RunAudit(t *testing.T, open Opener) {
	runTests(t, open, []test{
		{"AuditLog", testAuditLog},
		{"AppendOnly", testAuditAppendOnly},
	})
}

// auditSome writes n audit entries as the administrator from address, one
// a minute, by creating accounts.
func auditSome(t *testing.T, s Store, clock *testClock, n int, address string) {
	t.Helper()
	ctx := lmo.NewContextWithOrigin(Admin(), lmo.Origin{Address: address})
	for i := range n {
		clock.Advance(time.Minute)
		a := &lmo.Account{Email: address + "-" + string(rune('a'+i)) + "@example.org", Role: lmo.RoleContributor}
		if err := s.CreateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
}

func testAuditLog(t *testing.T, s Store) {
	clock := useClock(t, s)
	start := clock.Now()
	auditSome(t, s, clock, 3, "198.51.100.1")
	mid := clock.Now()
	auditSome(t, s, clock, 4, "198.51.100.2")

	_, err := s.AuditLog(as(&lmo.User{ID: 9, Name: "ed", Role: lmo.RoleEditor}, "198.51.100.1"), lmo.AuditFilter{})
	wantCode(t, err, lmo.EFORBIDDEN)
	_, err = s.AuditLog(Admin(), lmo.AuditFilter{Limit: -1})
	wantCode(t, err, lmo.EINVALID)

	all := auditLog(t, s, lmo.AuditFilter{})
	if len(all) != 7 {
		t.Fatalf("%d entries, want 7", len(all))
	}
	for i, e := range all {
		if i > 0 && e.ID >= all[i-1].ID {
			t.Errorf("entry %d (id %d) after id %d: want newest first", i, e.ID, all[i-1].ID)
		}
		if e.Actor != "test-admin" || e.ActorID != 1 || e.Action != "create" || e.Entity != "account" {
			t.Errorf("entry %+v", e)
		}
	}
	if e := all[0]; e.Address != "198.51.100.2" || e.EntityID == "" || !e.At.Equal(clock.Now()) {
		t.Errorf("newest entry %+v: want the address, the account's id and the store's time %v", e, clock.Now())
	}
	count := func(f lmo.AuditFilter) int { return len(auditLog(t, s, f)) }
	for _, c := range []struct {
		f    lmo.AuditFilter
		want int
	}{
		{lmo.AuditFilter{Address: "198.51.100.1"}, 3},
		{lmo.AuditFilter{Actor: "test-admin", Action: "create"}, 7},
		{lmo.AuditFilter{Actor: "someone"}, 0},
		{lmo.AuditFilter{Action: lmo.AuditSignIn}, 0},
		{lmo.AuditFilter{Entity: "account", EntityID: all[0].EntityID}, 1},
		{lmo.AuditFilter{From: mid}, 5},            // From includes the entry at mid
		{lmo.AuditFilter{From: start, To: mid}, 2}, // To excludes the entry at mid
		{lmo.AuditFilter{Before: all[2].ID}, 4},
		{lmo.AuditFilter{Limit: 2}, 2},
	} {
		if got := count(c.f); got != c.want {
			t.Errorf("AuditLog(%+v): %d entries, want %d", c.f, got, c.want)
		}
	}
	// Pages by Before walk the whole log once.
	var seen int
	for f := (lmo.AuditFilter{Limit: 3}); ; {
		page := auditLog(t, s, f)
		if len(page) == 0 {
			break
		}
		seen += len(page)
		f.Before = page[len(page)-1].ID
	}
	if seen != 7 {
		t.Errorf("pages of 3 walked %d entries, want 7", seen)
	}
}

// testAuditAppendOnly: the database itself refuses to change or delete an
// audit entry, whatever goes around the services.
func testAuditAppendOnly(t *testing.T, s Store) {
	clock := useClock(t, s)
	auditSome(t, s, clock, 1, "198.51.100.1")
	for _, stmt := range []string{
		`UPDATE audit_log SET actor = 'someone else'`,
		`DELETE FROM audit_log`,
	} {
		err := s.Database().Write(Admin(), func(tx *sqlstore.Tx) error {
			_, err := tx.Exec(Admin(), stmt)
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want the append-only refusal", stmt, err)
		}
	}
	all := auditLog(t, s, lmo.AuditFilter{})
	if len(all) != 1 || all[0].Actor != "test-admin" {
		t.Errorf("after the refused statements: %+v", all)
	}
}
