package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo/postgres"
	"github.com/lmo-observatory/lmo/postgres/pgtest"
	"github.com/lmo-observatory/lmo/storetest"
)

// clockDB lets the suite set the store's clock and open a second store on
// the same database (another node, or a restart).
type clockDB struct {
	*postgres.DB
	url string
}

func (c clockDB) Reopen(t *testing.T) storetest.Store { return openURL(t, c.url) }

func openURL(t *testing.T, url string) clockDB {
	t.Helper()
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return clockDB{db, url}
}

func (c clockDB) SetClock(now func() time.Time) { c.DB.Now = now }

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return openURL(t, pgtest.NewDatabase(t)) })
}
