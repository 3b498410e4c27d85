package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo/sqlite"
	"github.com/lmo-observatory/lmo/storetest"
)

func openTest(t *testing.T) storetest.Store {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return clockDB{db}
}

// clockDB lets the suite set the store's clock.
type clockDB struct{ *sqlite.DB }

func (c clockDB) SetClock(now func() time.Time) { c.DB.Now = now }

func TestConformance(t *testing.T) {
	storetest.Run(t, openTest)
}
