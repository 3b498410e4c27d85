package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/sqlite"
	"github.com/lmo-observatory/lmo/starter"
)

// TestServeAddsStarterAgreements: an observatory created before the
// agreements module (countries, no agreements) gets the starter's
// agreements when it is served, once.
func TestServeAddsStarterAgreements(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "lmo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	data, err := starter.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ReplaceReferenceData(lmo.NewContextWithUser(ctx, lmo.SystemUser), data.Regions, data.Countries); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var versions []int64
	for range 2 {
		if err := seedIfEmpty(ctx, db, log); err != nil {
			t.Fatal(err)
		}
		as, err := db.FindAgreements(ctx, lmo.AgreementFilter{})
		if err != nil || len(as) != len(data.Agreements) {
			t.Fatalf("%d agreements, the starter has %d (%v)", len(as), len(data.Agreements), err)
		}
		v, _ := db.AgreementsVersion(ctx)
		versions = append(versions, v)
	}
	if versions[1] != versions[0] {
		t.Errorf("a second start moved the agreements version from %d to %d", versions[0], versions[1])
	}
}
