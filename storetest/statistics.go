package storetest

import (
	"cmp"
	"context"
	"errors"
	"iter"
	"slices"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
)

// RunStatistics is the conformance suite of the statistics module:
// datasets, indicators, aggregates and observations.
func RunStatistics(t *testing.T, open Opener) {
	runTests(t, open, []test{
		{"ImportAndRead", testStatisticsImportAndRead},
		{"Filters", testStatisticsFilters},
		{"Paging", testStatisticsPaging},
		{"ImportIsIdempotent", testStatisticsIdempotent},
		{"ImportUpdatesAndRemoves", testStatisticsUpdates},
		{"ImportReplacesItsSexesOnly", testStatisticsSexes},
		{"Editions", testStatisticsEditions},
		{"ImportRejectsAndWritesNothing", testStatisticsRejects},
		{"Duplicates", testStatisticsDuplicates},
		{"DuplicateFarApart", testStatisticsDuplicateFarApart},
		{"Roles", testStatisticsRoles},
		{"Copy", func(t *testing.T, s Store) { testStatisticsCopy(t, s, open(t)) }},
	})
}

// statClock sets the store's clock to fixed times, moved by the test, so
// that change times can be checked; it returns the setter.
func statClock(s Store) func(time.Time) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if c, ok := s.(interface{ SetClock(func() time.Time) }); ok {
		c.SetClock(func() time.Time { return now })
	}
	return func(t time.Time) { now = t }
}

var (
	statT1 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	statT2 = time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	statT3 = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
)

// The fixture is made up for the tests, in the shape of UN DESA's migrant
// stock: fixture countries and regions only, one aggregate.
func fixtureDataset(edition string) lmo.Dataset {
	return lmo.Dataset{Code: "undesa-ims", Edition: edition, Publisher: "UN DESA", Title: "International Migrant Stock " + edition,
		URL: "https://www.un.org/ims", Licence: "CC BY 3.0 IGO", LicenceURL: "https://creativecommons.org/licenses/by/3.0/igo/",
		Citation: "UN DESA (" + edition + "). International Migrant Stock.", Retrieved: lmo.MustParseDate("2025-06-01")}
}

func fixtureIndicators() []*lmo.Indicator {
	return []*lmo.Indicator{
		{Code: "IMS_STOCK", Dataset: "undesa-ims", Title: "International migrant stock", Unit: "persons", Definition: "Persons living outside their country of birth."},
		{Code: "IMS_SHARE", Title: "Migrants as a share of the population", Unit: "percent"},
	}
}

func fixtureObservations(edition string) []lmo.Observation {
	p := func(s string) lmo.Period { pp, _ := lmo.ParsePeriod(s); return pp }
	o := func(ind, area, origin, sex, period string, v float64) lmo.Observation {
		return lmo.Observation{Indicator: ind, Area: area, Origin: origin, Sex: sex, Period: p(period), Value: v, Status: lmo.StatusEstimated}
	}
	obs := []lmo.Observation{
		o("IMS_STOCK", "PE", "", lmo.SexTotal, "2000", 79000),
		o("IMS_STOCK", "PE", "", lmo.SexTotal, "2010", 104000),
		o("IMS_STOCK", "PE", "", lmo.SexTotal, "2020", 1224000.5),
		o("IMS_STOCK", "PE", "", lmo.SexFemale, "2020", 600000),
		o("IMS_STOCK", "QA", "PH", lmo.SexTotal, "2020", 236000),
		o("IMS_STOCK", "QA", "NP", lmo.SexTotal, "2020", 350000),
		o("IMS_STOCK", "QA", "NP", lmo.SexMale, "2020", 340000),
		o("IMS_STOCK", "001", "", lmo.SexTotal, "2020", 280598105),
		o("IMS_STOCK", "UNDESA:902", "", lmo.SexTotal, "2020", 193000000),
		o("IMS_STOCK", "arab-states", "", lmo.SexTotal, "2020", 41000000),
		o("IMS_STOCK", "ES", "", lmo.SexTotal, "2020-Q1", 6800000),
		o("IMS_STOCK", "ES", "", lmo.SexTotal, "2020-03", 6810000),
		o("IMS_STOCK", "ES", "", lmo.SexTotal, "2021", 6900000),
		o("IMS_SHARE", "PE", "", lmo.SexTotal, "2020", 3.7),
		o("IMS_SHARE", "QA", "", lmo.SexTotal, "2020", 0),
		o("IMS_SHARE", "CA", "", lmo.SexTotal, "2019-Q4", 21.3),
	}
	obs[2].Status, obs[2].Note, obs[2].Source = lmo.StatusReported, "Census.", "Census 2017"
	obs[3].Age, obs[3].Migrant, obs[3].Activity, obs[3].Occupation, obs[3].Other = "AGE_YGE15", "BIR_FOREIGN", "ECO_AGG_TOT", "OCU_SKILL_TOTAL", "X Y"
	obs[14].Status = lmo.StatusUnavailable
	obs[15].Status = lmo.StatusProvisional
	if edition == "2024" {
		obs = obs[:3]
		obs[2].Value = 1500000
	}
	return obs
}

func fixtureStatistics(edition string, obs []lmo.Observation) lmo.StatisticsImport {
	return lmo.StatisticsImport{Dataset: fixtureDataset(edition), Indicators: fixtureIndicators(),
		Aggregates:   []lmo.Aggregate{{Code: "UNDESA:902", Name: "Less developed regions"}},
		Observations: streamOf(obs, nil, 0)}
}

// streamOf streams obs, failing with err at position failAt (from 1).
func streamOf(obs []lmo.Observation, err error, failAt int) iter.Seq2[lmo.Observation, error] {
	return func(yield func(lmo.Observation, error) bool) {
		for i, o := range obs {
			if i+1 == failAt {
				yield(lmo.Observation{}, err)
				return
			}
			if !yield(o, nil) {
				return
			}
		}
	}
}

func importStatistics(t *testing.T, s Store, in lmo.StatisticsImport) lmo.StatisticsImportCounts {
	t.Helper()
	counts, err := s.ImportStatistics(Admin(), in, "fixture")
	if err != nil {
		t.Fatalf("ImportStatistics: %v", err)
	}
	return counts
}

// stored is what reading back obs of an edition written at changed gives,
// in the store's order.
func stored(obs []lmo.Observation, edition string, changed time.Time) []lmo.Observation {
	out := slices.Clone(obs)
	for i := range out {
		out[i].Edition, out[i].Changed = edition, changed
		if !out[i].HasValue() {
			out[i].Value = 0
		}
	}
	sortObservations(out)
	return out
}

func sortObservations(obs []lmo.Observation) {
	slices.SortStableFunc(obs, func(a, b lmo.Observation) int {
		return cmp.Or(cmp.Compare(a.Indicator, b.Indicator), cmp.Compare(a.Edition, b.Edition), cmp.Compare(a.Area, b.Area),
			cmp.Compare(a.Origin, b.Origin), cmp.Compare(a.Sex, b.Sex), cmp.Compare(a.Age, b.Age), cmp.Compare(a.Migrant, b.Migrant),
			cmp.Compare(a.Activity, b.Activity), cmp.Compare(a.Occupation, b.Occupation), cmp.Compare(a.Other, b.Other),
			cmp.Compare(a.Source, b.Source), cmp.Compare(a.Period.Start(), b.Period.Start()), cmp.Compare(a.Period.End(), b.Period.End()))
	})
}

// findAll pages through everything f selects, limit at a time.
func findAll(t *testing.T, s Store, f lmo.ObservationFilter, limit int) []lmo.Observation {
	t.Helper()
	var out []lmo.Observation
	f.Limit = limit
	for pages := 0; ; pages++ {
		page, err := s.FindObservations(context.Background(), f)
		if err != nil {
			t.Fatalf("FindObservations(%+v): %v", f, err)
		}
		out = append(out, page.Observations...)
		if page.Next == "" {
			return out
		}
		if pages > 1000 || len(page.Observations) != limit {
			t.Fatalf("page %d: %d observations and a next cursor", pages, len(page.Observations))
		}
		f.After = page.Next
	}
}

func statVersion(t *testing.T, s Store) int64 {
	t.Helper()
	v, err := s.StatisticsVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

var errReader = errors.New("line 7: not a number")
