package storetest

import (
	"context"
	"testing"

	"github.com/lmo-observatory/lmo"
)

// RunVersions checks that every kind of write moves its own data version
// (what the web layer validates and caches responses by) and only its own,
// and that a write that changes nothing moves none.
func RunVersions(t *testing.T, open Opener) {
	runTests(t, open, []test{{"EveryWriteMovesItsVersion", testVersions}})
}

func testVersions(t *testing.T, s Store) {
	ctx := context.Background()
	read := func() lmo.DataVersions {
		t.Helper()
		v, err := s.Database().DataVersions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	zero := read()
	if zero != (lmo.DataVersions{}) {
		t.Errorf("a new store has versions %+v", zero)
	}
	Seed(t, s)
	afterSeed := read()
	if afterSeed.Reference == 0 {
		t.Errorf("reference data did not move its version: %+v", afterSeed)
	}
	p := fixturePractices()[0]
	if err := s.CreatePractice(Admin(), p, "versions"); err != nil {
		t.Fatal(err)
	}
	afterPractice := read()
	if afterPractice.Practices <= afterSeed.Practices || afterPractice.Reference != afterSeed.Reference || afterPractice.Standards != afterSeed.Standards {
		t.Errorf("a practice moved %+v to %+v", afterSeed, afterPractice)
	}
	importStandards(t, s, fixtureStandards())
	afterStandards := read()
	if afterStandards.Standards <= afterPractice.Standards || afterStandards.Practices != afterPractice.Practices {
		t.Errorf("an import of standards moved %+v to %+v", afterPractice, afterStandards)
	}
	importStandards(t, s, fixtureStandards())
	if again := read(); again != afterStandards {
		t.Errorf("an import that changed nothing moved %+v to %+v", afterStandards, again)
	}
	importStatistics(t, s, fixtureStatistics("2020", fixtureObservations("2020")))
	afterStatistics := read()
	if afterStatistics.Statistics <= afterStandards.Statistics || afterStatistics.Standards != afterStandards.Standards ||
		afterStatistics.Practices != afterStandards.Practices || afterStatistics.Reference != afterStandards.Reference {
		t.Errorf("an import of statistics moved %+v to %+v", afterStandards, afterStatistics)
	}
	importStatistics(t, s, fixtureStatistics("2020", fixtureObservations("2020")))
	if again := read(); again != afterStatistics {
		t.Errorf("an import of statistics that changed nothing moved %+v to %+v", afterStatistics, again)
	}
}
