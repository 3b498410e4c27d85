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
	})
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
