package web

import (
	"context"
	"sync"

	"github.com/lmo-observatory/lmo"
)

// What every place page would otherwise read again on each request: the
// statistics catalog, the standards (instruments and every ratification
// event), the bilateral indicators' latest value on each corridor
// (statistics_country.go) and the yearly totals regions sum
// (places_region.go). Each is kept for one data version: a request reads
// the version (one row), and the cache reloads when it moved, so a change
// made through any node shows at once on every node. Each holds one
// version's worth, as large as what it derives and no more.

// versionedCache keeps one value derived from the data at one version.
type versionedCache[T any] struct {
	mu      sync.Mutex
	version int64
	held    bool
	value   T
}

// get returns the value of version v, reading it with load when the cache
// holds another version (or none). load must read after v was read, so
// that what it returns is at least as new as v says. Concurrent requests
// of a new version wait for one load rather than each making their own.
func (c *versionedCache[T]) get(v int64, load func() (T, error)) (T, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.held && c.version == v {
		return c.value, nil
	}
	value, err := load()
	if err != nil {
		var zero T
		return zero, err
	}
	c.version, c.held, c.value = v, true, value
	return value, nil
}

// standardsData is the instruments and every ratification event, as one
// standards version holds them. Shared by every request: read only.
type standardsData struct {
	version     int64
	instruments []*lmo.Instrument
	events      []lmo.RatificationEvent            // every event, in the store's order
	byCountry   map[string][]lmo.RatificationEvent // each country's, in the same order
	withData    map[string]bool                    // the instruments LMO holds any event of
}

// loadStandards returns the standards of the current version.
func (s *Server) loadStandards(ctx context.Context) (*standardsData, error) {
	v, err := s.cfg.Standards.StandardsVersion(ctx)
	if err != nil {
		return nil, err
	}
	return s.standardsCache.get(v, func() (*standardsData, error) {
		d := &standardsData{version: v, byCountry: map[string][]lmo.RatificationEvent{}, withData: map[string]bool{}}
		if d.instruments, err = s.cfg.Standards.FindInstruments(ctx); err != nil {
			return nil, err
		}
		if d.events, err = s.cfg.Standards.FindEvents(ctx, lmo.EventFilter{}); err != nil {
			return nil, err
		}
		for _, e := range d.events {
			d.byCountry[e.Country] = append(d.byCountry[e.Country], e)
			d.withData[e.Instrument] = true
		}
		return d, nil
	})
}
