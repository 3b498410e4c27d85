package storetest

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/lmo-observatory/lmo"
)

// RunVocabularies tests the service of vocabularies and the reference version.
func RunVocabularies(t *testing.T, open Opener) {
	runTests(t, open, []test{
		{"Vocabularies", testVocabularies},
	})
}

func testVocabularies(t *testing.T, s Store) {
	ctx := context.Background()
	v0, err := s.ReferenceVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	Seed(t, s)
	v1, err := s.ReferenceVersion(ctx)
	if err != nil || v1 <= v0 {
		t.Errorf("reference version %d after seeding, %d before (%v): want it to move", v1, v0, err)
	}
	got, err := s.FindVocabularies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fixtureVocabularies(), got); diff != "" {
		t.Errorf("FindVocabularies (-want +got):\n%s", diff)
	}
	if err := s.CreatePractice(Admin(), fixturePractices()[0], ""); err != nil {
		t.Fatal(err)
	}
	vocabs := fixtureVocabularies()
	theme := vocabs[2]
	theme.Terms = theme.Terms[1:] // drops fair-recruitment, which a practice uses
	wantCode(t, s.ReplaceVocabularies(Admin(), []*lmo.Vocabulary{theme}), lmo.ECONFLICT)
	theme.Terms = append(fixtureVocabularies()[2].Terms[:1], &lmo.Term{Code: "new-theme", Label: "New"})
	if err := s.ReplaceVocabularies(Admin(), []*lmo.Vocabulary{theme}); err != nil {
		t.Fatalf("dropping unused terms: %v", err)
	}
	if v2, _ := s.ReferenceVersion(ctx); v2 <= v1 {
		t.Errorf("reference version %d after a change, %d before: want it to move", v2, v1)
	}
	got, _ = s.FindVocabularies(ctx)
	for _, v := range got {
		if v.ID == lmo.VocabTheme && len(v.Terms) != 2 {
			t.Errorf("theme terms = %d, want 2", len(v.Terms))
		}
	}
}

var ignoreStored = cmpopts.IgnoreFields(lmo.Practice{}, "ID", "Version", "CreatedAt", "UpdatedAt", "ReviewStatus", "Language")
