package postgres_test

import (
	"testing"
	"time"

	"github.com/lmo-observatory/lmo/postgres"
	"github.com/lmo-observatory/lmo/postgres/pgtest"
	"github.com/lmo-observatory/lmo/storetest"
)

// clockDB lets the suite set the store's clock.
type clockDB struct{ *postgres.DB }

func (c clockDB) SetClock(now func() time.Time) { c.DB.Now = now }

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return clockDB{pgtest.Open(t)} })
}
