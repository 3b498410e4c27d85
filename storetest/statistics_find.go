package storetest

import (
	"context"
	"encoding/base64"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/sqlstore"
)

// keep is the oracle of an ObservationFilter (but Edition and cursors):
// whether it selects o.
func keep(f lmo.ObservationFilter, o lmo.Observation) bool {
	in := func(values []string, v string) bool { return len(values) == 0 || slices.Contains(values, v) }
	return in(f.Indicators, o.Indicator) && in(f.Areas, o.Area) && in(f.Origins, o.Origin) && in(f.Sexes, o.Sex) &&
		(f.From.IsZero() || o.Period.Start() >= f.From.Start()) && (f.To.IsZero() || o.Period.End() <= f.To.End()) &&
		(f.ChangedSince.IsZero() || o.Changed.After(f.ChangedSince))
}

func testStatisticsFilters(t *testing.T, s Store) {
	statClock(s)
	Seed(t, s)
	obs := fixtureObservations("2020")
	importStatistics(t, s, fixtureStatistics("2020", obs))
	all := stored(obs, "2020", statT1)
	y := func(s string) lmo.Period { p, _ := lmo.ParsePeriod(s); return p }
	filters := map[string]lmo.ObservationFilter{
		"indicator":         {Indicators: []string{"IMS_SHARE"}},
		"indicators":        {Indicators: []string{"IMS_SHARE", "IMS_STOCK"}},
		"area":              {Areas: []string{"PE"}},
		"time series":       {Indicators: []string{"IMS_STOCK"}, Areas: []string{"PE"}, Sexes: []string{lmo.SexTotal}},
		"aggregate":         {Areas: []string{"UNDESA:902", "001"}},
		"origin":            {Origins: []string{"NP"}},
		"sex":               {Sexes: []string{lmo.SexMale, lmo.SexFemale}},
		"year range":        {From: y("2020"), To: y("2020")},
		"world map":         {Indicators: []string{"IMS_STOCK"}, From: y("2020"), To: y("2020"), Sexes: []string{lmo.SexTotal}},
		"from a quarter":    {From: y("2020-Q2")},
		"to a month":        {To: y("2020-03")},
		"from a year":       {From: y("2010")},
		"changed since":     {ChangedSince: statT1.Add(-1)},
		"changed since now": {ChangedSince: statT1},
		"nothing":           {Areas: []string{"CA"}, Indicators: []string{"IMS_STOCK"}},
	}
	for name, f := range filters {
		t.Run(name, func(t *testing.T) {
			want := []lmo.Observation{}
			for _, o := range all {
				if keep(f, o) {
					want = append(want, o)
				}
			}
			page, err := s.FindObservations(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, page.Observations); diff != "" || page.Next != "" {
				t.Errorf("%+v (-want +got), next %q:\n%s", f, page.Next, diff)
			}
		})
	}
	if got := findAll(t, s, filters["year range"], 0); len(got) != 12 {
		t.Errorf("the year 2020 kept %d observations, want 12 with its quarter and month", len(got))
	}
}

func testStatisticsPaging(t *testing.T, s Store) {
	Seed(t, s)
	importStatistics(t, s, fixtureStatistics("2020", fixtureObservations("2020")))
	whole := findAll(t, s, lmo.ObservationFilter{}, 0)
	for _, limit := range []int{1, 3, 5, len(whole)} {
		if diff := cmp.Diff(whole, findAll(t, s, lmo.ObservationFilter{}, limit)); diff != "" {
			t.Errorf("pages of %d differ from one page (-want +got):\n%s", limit, diff)
		}
	}
	f := lmo.ObservationFilter{Sexes: []string{lmo.SexTotal}}
	if diff := cmp.Diff(findAll(t, s, f, 0), findAll(t, s, f, 2)); diff != "" {
		t.Errorf("filtered pages differ (-want +got):\n%s", diff)
	}
	page, err := s.FindObservations(context.Background(), lmo.ObservationFilter{Limit: lmo.MaxObservationPage + 1})
	if err != nil || len(page.Observations) != len(whole) {
		t.Errorf("a limit above the most: %d, %v", len(page.Observations), err)
	}
	bad := []string{"not a cursor!", base64.RawURLEncoding.EncodeToString([]byte(`{"x":1}`)),
		base64.RawURLEncoding.EncodeToString([]byte(`[1,2]`)), base64.RawURLEncoding.EncodeToString([]byte(`{"i":"IMS_STOCK"}`))}
	for _, after := range bad {
		_, err := s.FindObservations(context.Background(), lmo.ObservationFilter{After: after})
		wantCode(t, err, lmo.EINVALID)
	}
}

// testStatisticsCopy copies a store with statistics into an empty one:
// every table carried and verified, the observations read back the same.
func testStatisticsCopy(t *testing.T, src, dst Store) {
	ctx := context.Background()
	Seed(t, src)
	importStatistics(t, src, fixtureStatistics("2020", fixtureObservations("2020")))
	sums, err := sqlstore.Copy(ctx, src.Database(), dst.Database(), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, sum := range sums {
		if sum.Table == "observations" && sum.Rows != int64(len(fixtureObservations("2020"))) {
			t.Errorf("copied %d observations", sum.Rows)
		}
	}
	if diff := cmp.Diff(findAll(t, src, lmo.ObservationFilter{}, 0), findAll(t, dst, lmo.ObservationFilter{}, 0)); diff != "" {
		t.Errorf("observations of the copy (-want +got):\n%s", diff)
	}
	inds, _ := src.FindIndicators(ctx)
	copied, _ := dst.FindIndicators(ctx)
	if diff := cmp.Diff(inds, copied); diff != "" {
		t.Errorf("indicators of the copy (-want +got):\n%s", diff)
	}
	if v, _ := dst.Database().DataVersions(ctx); v.Statistics == 0 {
		t.Error("a copy did not move the target's statistics version")
	}
}
