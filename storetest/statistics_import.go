package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lmo-observatory/lmo"
)

func testStatisticsImportAndRead(t *testing.T, s Store) {
	ctx := context.Background()
	statClock(s)
	Seed(t, s)
	obs := fixtureObservations("2020")
	counts := importStatistics(t, s, fixtureStatistics("2020", obs))
	want := lmo.StatisticsImportCounts{Read: len(obs), Created: len(obs), Current: []string{"IMS_SHARE", "IMS_STOCK"}}
	if diff := cmp.Diff(want, counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	got := findAll(t, s, lmo.ObservationFilter{}, 0)
	if diff := cmp.Diff(stored(obs, "2020", statT1), got); diff != "" {
		t.Errorf("observations read back (-want +got):\n%s", diff)
	}
	datasets, err := s.FindDatasets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d := fixtureDataset("2020")
	d.Imported = statT1
	if diff := cmp.Diff([]*lmo.Dataset{&d}, datasets); diff != "" {
		t.Errorf("datasets (-want +got):\n%s", diff)
	}
	inds, err := s.FindIndicators(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantInds := fixtureIndicators()
	wantInds[0], wantInds[1] = wantInds[1], wantInds[0]
	for _, in := range wantInds {
		in.Dataset, in.Current, in.Editions = "undesa-ims", "2020", []string{"2020"}
	}
	if diff := cmp.Diff(wantInds, inds); diff != "" {
		t.Errorf("indicators (-want +got):\n%s", diff)
	}
	one, err := s.FindIndicator(ctx, "IMS_STOCK")
	if err != nil || one.Title != "International migrant stock" || one.Current != "2020" {
		t.Errorf("FindIndicator: %+v, %v", one, err)
	}
	if _, err := s.FindIndicator(ctx, "NOPE"); lmo.ErrorCode(err) != lmo.ENOTFOUND {
		t.Errorf("unknown indicator: %v", err)
	}
	aggs, err := s.FindAggregates(ctx)
	if err != nil || len(aggs) != 1 || aggs[0] != (lmo.Aggregate{Code: "UNDESA:902", Name: "Less developed regions"}) {
		t.Errorf("aggregates: %v, %v", aggs, err)
	}
	if statVersion(t, s) == 0 {
		t.Error("an import did not move the statistics version")
	}
}

func testStatisticsIdempotent(t *testing.T, s Store) {
	ctx := context.Background()
	setClock := statClock(s)
	Seed(t, s)
	obs := fixtureObservations("2020")
	importStatistics(t, s, fixtureStatistics("2020", obs))
	before := statVersion(t, s)
	setClock(statT2)
	counts := importStatistics(t, s, fixtureStatistics("2020", obs))
	want := lmo.StatisticsImportCounts{Read: len(obs), Unchanged: len(obs), Current: []string{"IMS_SHARE", "IMS_STOCK"}}
	if diff := cmp.Diff(want, counts); diff != "" {
		t.Errorf("the same import again (-want +got):\n%s", diff)
	}
	if after := statVersion(t, s); after != before {
		t.Errorf("an import that changed nothing moved the version from %d to %d", before, after)
	}
	if diff := cmp.Diff(stored(obs, "2020", statT1), findAll(t, s, lmo.ObservationFilter{}, 0)); diff != "" {
		t.Errorf("observations after the same import (-want +got):\n%s", diff)
	}
	if ds, _ := s.FindDatasets(ctx); len(ds) != 1 || !ds[0].Imported.Equal(statT1) {
		t.Errorf("the dataset after the same import: %+v", ds)
	}
	aggs, _ := s.FindAggregates(ctx)
	in := fixtureStatistics("2020", obs)
	in.Aggregates = nil
	importStatistics(t, s, in)
	if again, _ := s.FindAggregates(ctx); !cmp.Equal(aggs, again) {
		t.Errorf("an import without aggregates changed them: %v, then %v", aggs, again)
	}
}

func testStatisticsUpdates(t *testing.T, s Store) {
	setClock := statClock(s)
	Seed(t, s)
	obs := fixtureObservations("2020")
	importStatistics(t, s, fixtureStatistics("2020", obs))
	before := statVersion(t, s)
	setClock(statT3)
	next := append(obs[:0:0], obs[1:]...) // the first removed
	next[0].Value++                       // the second changed
	next[4].Note = "A note now."          // a note changed
	next[13].Status = lmo.StatusReported  // from unavailable to reported 0
	added := next[5]
	added.Sex = lmo.SexFemale
	next = append(next, added)
	counts := importStatistics(t, s, fixtureStatistics("2020", next))
	want := lmo.StatisticsImportCounts{Read: len(next), Created: 1, Updated: 3, Unchanged: len(next) - 4, Removed: 1, Current: []string{"IMS_SHARE", "IMS_STOCK"}}
	if diff := cmp.Diff(want, counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	wantObs := stored(next, "2020", statT1)
	for i := range wantObs {
		switch o := &wantObs[i]; {
		case o.Area == "PE" && o.Period.Year == 2010, o.Area == "QA" && o.Origin == "NP" && o.Sex == lmo.SexTotal, o.Indicator == "IMS_SHARE" && o.Area == "QA",
			o.Area == "QA" && o.Sex == lmo.SexFemale:
			o.Changed = statT3
		}
	}
	if diff := cmp.Diff(wantObs, findAll(t, s, lmo.ObservationFilter{}, 0)); diff != "" {
		t.Errorf("after the changes (-want +got):\n%s", diff)
	}
	if after := statVersion(t, s); after <= before {
		t.Errorf("changes did not move the version from %d", before)
	}
	got := findAll(t, s, lmo.ObservationFilter{ChangedSince: statT2}, 0)
	if len(got) != 4 {
		t.Errorf("changed since the first import: %d observations, want 4: %v", len(got), got)
	}
}

func testStatisticsEditions(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	importStatistics(t, s, fixtureStatistics("2020", fixtureObservations("2020")))
	newer := fixtureStatistics("2024", fixtureObservations("2024"))
	newer.Indicators = newer.Indicators[:1]
	if c := importStatistics(t, s, newer); !cmp.Equal(c.Current, []string{"IMS_STOCK"}) {
		t.Errorf("the newer edition is current for %v", c.Current)
	}
	older := fixtureStatistics("2015", fixtureObservations("2020")[:2])
	older.Indicators = older.Indicators[:1]
	if c := importStatistics(t, s, older); len(c.Current) != 0 || c.Created != 2 {
		t.Errorf("an older edition: %+v", c)
	}
	ind, err := s.FindIndicator(ctx, "IMS_STOCK")
	if err != nil || ind.Current != "2024" || !cmp.Equal(ind.Editions, []string{"2015", "2020", "2024"}) {
		t.Fatalf("IMS_STOCK after three editions: %+v, %v", ind, err)
	}
	if share, _ := s.FindIndicator(ctx, "IMS_SHARE"); share.Current != "2020" {
		t.Errorf("IMS_SHARE's current edition moved to %q", share.Current)
	}
	stock := lmo.ObservationFilter{Indicators: []string{"IMS_STOCK"}}
	for edition, want := range map[string]int{"": 3, "2024": 3, "2020": 13, "2015": 2, lmo.EditionAll: 18, "1999": 0} {
		f := stock
		f.Edition = edition
		got := findAll(t, s, f, 5)
		if len(got) != want {
			t.Errorf("edition %q: %d observations, want %d", edition, len(got), want)
		}
		for _, o := range got {
			if edition != "" && edition != lmo.EditionAll && o.Edition != edition || edition == "" && o.Edition != "2024" {
				t.Errorf("edition %q gave an observation of %s", edition, o.Edition)
			}
		}
	}
	all := findAll(t, s, lmo.ObservationFilter{Edition: lmo.EditionAll}, 4)
	if len(all) != 21 || all[0].Indicator != "IMS_SHARE" || all[3].Edition != "2015" || all[len(all)-1].Edition != "2024" {
		t.Errorf("every edition, in order: %d observations", len(all))
	}
	if ds, _ := s.FindDatasets(ctx); len(ds) != 3 || ds[0].Edition != "2024" || ds[2].Edition != "2015" {
		t.Errorf("datasets not newest edition first: %v", ds)
	}
}

func testStatisticsRejects(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	bad := func(mutate func([]lmo.Observation) []lmo.Observation) lmo.StatisticsImport {
		return fixtureStatistics("2020", mutate(fixtureObservations("2020")))
	}
	tests := []struct {
		name string
		in   lmo.StatisticsImport
		want string
	}{
		{"BadThird", bad(func(o []lmo.Observation) []lmo.Observation { o[2].Sex = "both"; return o }), "observation 3 (area PE): sex"},
		{"UnknownArea", bad(func(o []lmo.Observation) []lmo.Observation { o[4].Area = "FR"; return o }), "observation 5 (area FR): there is no"},
		{"UnknownOrigin", bad(func(o []lmo.Observation) []lmo.Observation { o[4].Origin = "WB:HIC"; return o }), "observation 5 (area QA): its origin WB:HIC"},
		{"UnlistedIndicator", bad(func(o []lmo.Observation) []lmo.Observation { o[6].Indicator = "IMS_OTHER"; return o }), "observation 7 (area QA): indicator IMS_OTHER"},
		{"NaN", bad(func(o []lmo.Observation) []lmo.Observation { o[0].Value = zero / zero; return o }), "observation 1 (area PE)"},
		{"OtherEdition", bad(func(o []lmo.Observation) []lmo.Observation { o[1].Edition = "2019"; return o }), "observation 2 (area PE): its edition 2019"},
		{"Reader", lmo.StatisticsImport{Dataset: fixtureDataset("2020"), Indicators: fixtureIndicators(),
			Observations: streamOf(fixtureObservations("2020"), errReader, 2)}, "observation 2: "},
		{"Dataset", func() lmo.StatisticsImport { in := bad(noChange); in.Dataset.Licence = ""; return in }(), "licence"},
		{"Indicator", func() lmo.StatisticsImport { in := bad(noChange); in.Indicators[1].Unit = ""; return in }(), "indicator 2"},
		{"Aggregate", func() lmo.StatisticsImport { in := bad(noChange); in.Aggregates[0].Code = "902"; return in }(), "aggregate 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.ImportStatistics(Admin(), tt.in, "bad")
			wantCode(t, err, lmo.EINVALID)
			if msg := lmo.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("message %q does not say %q", msg, tt.want)
			}
		})
	}
	panicking := fixtureStatistics("2020", nil)
	panicking.Observations = func(func(lmo.Observation, error) bool) { panic("a reader's bug") }
	_, err := s.ImportStatistics(Admin(), panicking, "panic")
	wantCode(t, err, lmo.EINTERNAL)
	if ds, _ := s.FindDatasets(ctx); len(ds) != 0 {
		t.Errorf("refused imports wrote datasets: %v", ds)
	}
	if inds, _ := s.FindIndicators(ctx); len(inds) != 0 {
		t.Errorf("refused imports wrote indicators: %v", inds)
	}
	if aggs, _ := s.FindAggregates(ctx); len(aggs) != 0 {
		t.Errorf("refused imports wrote aggregates: %v", aggs)
	}
	if v := statVersion(t, s); v != 0 {
		t.Errorf("refused imports moved the version to %d", v)
	}
}

var zero float64

func noChange(o []lmo.Observation) []lmo.Observation { return o }

func testStatisticsDuplicates(t *testing.T, s Store) {
	Seed(t, s)
	dup := func() []lmo.Observation {
		o := fixtureObservations("2020")
		return append(o[:9:9], append([]lmo.Observation{o[3]}, o[9:]...)...) // observation 10 repeats 4
	}
	for _, stage := range []string{"new series", "merged series"} {
		_, err := s.ImportStatistics(Admin(), fixtureStatistics("2020", dup()), "duplicate")
		wantCode(t, err, lmo.EINVALID)
		if msg := lmo.ErrorMessage(err); !strings.Contains(msg, "observation 10 (area PE): it repeats observation 4") {
			t.Errorf("%s: a duplicate: %q", stage, msg)
		}
		importStatistics(t, s, fixtureStatistics("2020", fixtureObservations("2020")))
	}
	if got := findAll(t, s, lmo.ObservationFilter{}, 0); len(got) != len(fixtureObservations("2020")) {
		t.Errorf("%d observations after refused duplicates", len(got))
	}
}

// testStatisticsDuplicateFarApart repeats the first observation after
// more than a batch of others (10,000 on PostgreSQL), so that the key
// index, not the batch, finds it.
func testStatisticsDuplicateFarApart(t *testing.T, s Store) {
	Seed(t, s)
	var areas []string
	for _, c := range fixtureCountries() {
		areas = append(areas, c.Code)
	}
	const n = 20500
	in := SyntheticStatistics(n, areas, "2020")
	obs := in.Observations
	in.Observations = func(yield func(lmo.Observation, error) bool) {
		for o, err := range obs {
			if !yield(o, err) {
				return
			}
		}
		yield(SyntheticObservation(0, areas), nil)
	}
	_, err := s.ImportStatistics(Admin(), in, "duplicate")
	wantCode(t, err, lmo.EINVALID)
	if msg := lmo.ErrorMessage(err); !strings.Contains(msg, "observation 20501 (area "+areas[0]+"): it repeats an earlier observation") {
		t.Errorf("a duplicate far apart: %q", msg)
	}
	if inds, _ := s.FindIndicators(context.Background()); len(inds) != 0 {
		t.Errorf("a refused import wrote %d indicators", len(inds))
	}
}

func testStatisticsRoles(t *testing.T, s Store) {
	Seed(t, s)
	contributor := lmo.NewContextWithUser(context.Background(), &lmo.User{ID: 2, Name: "c", Role: lmo.RoleContributor})
	_, err := s.ImportStatistics(contributor, fixtureStatistics("2020", fixtureObservations("2020")), "contributor")
	wantCode(t, err, lmo.EFORBIDDEN)
	_, err = s.ImportStatistics(context.Background(), fixtureStatistics("2020", fixtureObservations("2020")), "nobody")
	wantCode(t, err, lmo.EUNAUTHORIZED)
	editor := lmo.NewContextWithUser(context.Background(), &lmo.User{ID: 3, Name: "e", Role: lmo.RoleEditor})
	if _, err := s.ImportStatistics(editor, fixtureStatistics("2020", fixtureObservations("2020")), "editor"); err != nil {
		t.Errorf("an editor's import: %v", err)
	}
}

// testStatisticsSexes: a file of one sex's table replaces that sex's
// observations of an edition and leaves the others (UN DESA publishes the
// tables of origins by sex as separate files).
func testStatisticsSexes(t *testing.T, s Store) {
	Seed(t, s)
	obs := fixtureObservations("2020")
	for _, o := range obs {
		if o.Sex == lmo.SexFemale { // a second female observation
			o.Period = lmo.Period{Year: 2010}
			obs = append(obs, o)
			break
		}
	}
	importStatistics(t, s, fixtureStatistics("2020", obs))
	var female []lmo.Observation
	for _, o := range obs {
		if o.Sex == lmo.SexFemale {
			female = append(female, o)
		}
	}
	if len(female) < 2 {
		t.Fatal("the fixture has fewer than two female observations")
	}
	in := fixtureStatistics("2020", female)
	counts := importStatistics(t, s, in)
	if counts.Removed != 0 || counts.Unchanged != len(female) {
		t.Errorf("importing the female rows again: %+v, want all unchanged and none removed", counts)
	}
	if got := findAll(t, s, lmo.ObservationFilter{}, 0); len(got) != len(obs) {
		t.Errorf("%d observations after a file of one sex, want all %d", len(got), len(obs))
	}
	// A female file without one of them removes that one only.
	counts = importStatistics(t, s, fixtureStatistics("2020", female[1:]))
	if counts.Removed != 1 {
		t.Errorf("a female observation left out: %+v, want 1 removed", counts)
	}
	if got := findAll(t, s, lmo.ObservationFilter{}, 0); len(got) != len(obs)-1 {
		t.Errorf("%d observations, want %d", len(got), len(obs)-1)
	}
}
