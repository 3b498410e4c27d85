package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lmo-observatory/lmo"
)

// RunCountries tests the service of countries and regions.
func RunCountries(t *testing.T, open Opener) {
	runTests(t, open, []test{
		{"Countries", testCountries},
		{"CountryNamesAndRegionSources", testCountryNamesAndRegionSources},
	})
}

// testCountryNamesAndRegionSources: the name fields of a country and the
// source of a region's grouping are stored, read back, and replaced.
func testCountryNamesAndRegionSources(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	regions, countries := fixtureRegions(), fixtureCountries()
	for _, r := range regions {
		r.Source, r.SourceURL, r.SourceChecked = "Groupings of "+r.Code, "https://example.org/"+r.Code, "2026-01-02"
	}
	tz := &lmo.Country{Code: "TZ", Alpha3: "TZA", Numeric: "834", NameEN: "United Republic of Tanzania", NameSource: "undesa-2020",
		NameISO: "Tanzania, United Republic of", NameOfficial: "United Republic of Tanzania", NameFR: "Tanzanie", NameES: "Tanzanía"}
	countries = append(countries, tz)
	if err := s.ReplaceReferenceData(Admin(), regions, countries); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindCountryByCode(ctx, "TZ")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(tz, got); diff != "" {
		t.Errorf("FindCountryByCode(TZ) (-want +got):\n%s", diff)
	}
	gotRegions, err := s.FindRegions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]*lmo.Region{}
	for _, r := range gotRegions {
		byCode[r.Code] = r
	}
	for _, want := range regions {
		if diff := cmp.Diff(want, byCode[want.Code]); diff != "" {
			t.Errorf("region %s (-want +got):\n%s", want.Code, diff)
		}
	}

	// Renaming a country renames it in the full-text index of practices.
	if err := s.CreatePractice(Admin(), fixturePractices()[0], ""); err != nil { // in PH and QA
		t.Fatal(err)
	}
	before, err := s.SearchPractices(ctx, lmo.PracticeFilter{Query: "Philippines", NoFacets: true})
	if err != nil {
		t.Fatal(err)
	}
	if before.Total == 0 {
		t.Fatal("no seeded practice involves the Philippines")
	}
	renamed := fixtureCountries()
	for _, c := range renamed {
		if c.Code == "PH" {
			c.NameEN = "Ruritania"
		}
	}
	if err := s.ReplaceReferenceData(Admin(), regions, append(renamed, tz)); err != nil {
		t.Fatal(err)
	}
	after, err := s.SearchPractices(ctx, lmo.PracticeFilter{Query: "Ruritania", NoFacets: true})
	if err != nil {
		t.Fatal(err)
	}
	if after.Total != before.Total {
		t.Errorf("after renaming the Philippines Ruritania, a search for Ruritania finds %d practices, want %d", after.Total, before.Total)
	}

	// A replacement changes the names and sources in place.
	tz.NameEN, tz.NameSource, tz.NameOfficial = "Tanzania", "iso-common", ""
	regions[0].SourceChecked = ""
	if err := s.ReplaceReferenceData(Admin(), regions, countries); err != nil {
		t.Fatal(err)
	}
	if got, err := s.FindCountryByCode(ctx, "tz"); err != nil || !cmp.Equal(tz, got) {
		t.Errorf("after replacing, TZ = %+v (%v), want %+v", got, err, tz)
	}
	if gotRegions, err = s.FindRegions(ctx); err != nil {
		t.Fatal(err)
	}
	for _, r := range gotRegions {
		if r.Code == regions[0].Code && r.SourceChecked != "" {
			t.Errorf("region %s source_checked = %q after replacing it with none", r.Code, r.SourceChecked)
		}
	}
}

func testCountries(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	got, err := s.FindCountries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range got {
		names = append(names, c.NameEN)
	}
	if want := []string{"Antarctica", "Canada", "Nepal", "Peru", "Philippines", "Qatar", "Spain"}; !slices.Equal(names, want) {
		t.Errorf("countries = %v, want %v", names, want)
	}
	pe, err := s.FindCountryByCode(ctx, "pe")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fixtureCountries()[0], pe); diff != "" {
		t.Errorf("FindCountryByCode(pe) (-want +got):\n%s", diff)
	}
	_, err = s.FindCountryByCode(ctx, "XX")
	wantCode(t, err, lmo.ENOTFOUND)

	regions, err := s.FindRegions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(regions) != len(fixtureRegions()) || regions[0].Kind != lmo.RegionILO {
		t.Errorf("regions = %d, first %+v; want %d with ILO regions first", len(regions), regions[0], len(fixtureRegions()))
	}

	// Replacing again is idempotent; dropping a used country conflicts.
	if err := s.CreatePractice(Admin(), fixturePractices()[0], ""); err != nil {
		t.Fatal(err)
	}
	fewer := fixtureCountries()[1:] // without PE: unused, may go
	if err := s.ReplaceReferenceData(Admin(), fixtureRegions(), fewer); err != nil {
		t.Fatalf("dropping an unused country: %v", err)
	}
	noPH := slices.DeleteFunc(fixtureCountries(), func(c *lmo.Country) bool { return c.Code == "PH" })
	wantCode(t, s.ReplaceReferenceData(Admin(), fixtureRegions(), noPH), lmo.ECONFLICT)
	wantCode(t, s.ReplaceReferenceData(context.Background(), fixtureRegions(), noPH), lmo.EUNAUTHORIZED)
}
