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
	return openPath(t, filepath.Join(t.TempDir(), "test.db"))
}

func openPath(t *testing.T, path string) clockDB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return clockDB{db, path}
}

// clockDB lets the suite set the store's clock and open a second store on
// the same file (another node, or a restart).
type clockDB struct {
	*sqlite.DB
	path string
}

func (c clockDB) Reopen(t *testing.T) storetest.Store { return openPath(t, c.path) }

func (c clockDB) SetClock(now func() time.Time) { c.DB.Now = now }

func TestConformance(t *testing.T) {
	storetest.Run(t, openTest)
}
