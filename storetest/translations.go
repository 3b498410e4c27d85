package storetest

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lmo-observatory/lmo"
)

// RunTranslations tests the labels in other languages (issue 14) that
// vocabularies, regions and instruments carry: stored and read back with
// their sources, replaced with the English data in one transaction, and
// checked before anything is written.
func RunTranslations(t *testing.T, open Opener) {
	runTests(t, open, []test{
		{"Terms", testTermTranslations},
		{"Regions", testRegionTranslations},
		{"Instruments", testInstrumentTitles},
		{"Invalid", testInvalidTranslations},
	})
}

// The fixture translations are made up for the tests; their addresses are
// example.org's.
func translatedVocabularies() []*lmo.Vocabulary {
	vocabs := fixtureVocabularies()
	gcm := vocabs[0]
	gcm.Terms[0].Translations = map[string]lmo.Translation{
		"fr": {Label: "Objectif un", SourceURL: "https://example.org/fr/1", Official: true},
		"es": {Label: "Objetivo uno", SourceURL: "https://example.org/es/1", Official: true},
	}
	gcm.Terms[1].Translations = map[string]lmo.Translation{"fr": {Label: "Objectif deux", SourceURL: "https://example.org/fr/2", Official: true}}
	theme := vocabs[2]
	theme.Terms[0].Translations = map[string]lmo.Translation{"fr": {Label: "Recrutement équitable"}, "es": {Label: "Contratación equitativa"}}
	return vocabs
}

func testTermTranslations(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	v1, _ := s.ReferenceVersion(ctx)
	want := translatedVocabularies()
	if err := s.ReplaceVocabularies(Admin(), want); err != nil {
		t.Fatalf("ReplaceVocabularies: %v", err)
	}
	if v2, _ := s.ReferenceVersion(ctx); v2 <= v1 {
		t.Errorf("reference version %d after new translations, %d before: want it to move", v2, v1)
	}
	got, err := s.FindVocabularies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FindVocabularies (-want +got):\n%s", diff)
	}
	vs := lmo.Vocabularies{}
	for _, v := range got {
		vs[v.ID] = v
	}
	for _, c := range []struct{ lang, vocab, code, want string }{
		{"fr", lmo.VocabGCMObjective, "1", "Objectif un"},
		{"es", lmo.VocabGCMObjective, "1", "Objetivo uno"},
		{"es", lmo.VocabGCMObjective, "2", "Label of 2"}, // no Spanish: English
		{"en", lmo.VocabTheme, "fair-recruitment", "Label of fair-recruitment"},
		{"es", lmo.VocabTheme, "fair-recruitment", "Contratación equitativa"},
		{"fr", lmo.VocabTheme, "no-such-term", "no-such-term"},
	} {
		if got := vs.LabelIn(c.lang, c.vocab, c.code); got != c.want {
			t.Errorf("LabelIn(%s, %s, %s) = %q, want %q", c.lang, c.vocab, c.code, got, c.want)
		}
	}

	// Replacing a vocabulary replaces its translations: a language no
	// longer given goes, and so do the translations of a dropped term.
	again := translatedVocabularies()
	gcm := again[0]
	delete(gcm.Terms[0].Translations, "es")
	gcm.Terms = append(gcm.Terms[:1], gcm.Terms[2:]...) // drops objective 2
	if err := s.ReplaceVocabularies(Admin(), []*lmo.Vocabulary{gcm}); err != nil {
		t.Fatalf("ReplaceVocabularies: %v", err)
	}
	got, _ = s.FindVocabularies(ctx)
	if diff := cmp.Diff(gcm, got[0]); diff != "" {
		t.Errorf("after replacing (-want +got):\n%s", diff)
	}
	if err := s.ReplaceVocabularies(Admin(), fixtureVocabularies()); err != nil {
		t.Fatalf("ReplaceVocabularies without translations: %v", err)
	}
	got, _ = s.FindVocabularies(ctx)
	if diff := cmp.Diff(fixtureVocabularies(), got); diff != "" {
		t.Errorf("without translations (-want +got):\n%s", diff)
	}
}

func testRegionTranslations(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	v1, _ := s.ReferenceVersion(ctx)
	regions := fixtureRegions()
	for _, r := range regions {
		if r.Code == "arab-states" {
			r.Translations = map[string]lmo.Translation{"fr": {Label: "États arabes"}, "es": {Label: "Estados Árabes", SourceURL: "https://example.org/es", Official: true}}
		}
	}
	if err := s.ReplaceReferenceData(Admin(), regions, fixtureCountries()); err != nil {
		t.Fatalf("ReplaceReferenceData: %v", err)
	}
	if v2, _ := s.ReferenceVersion(ctx); v2 <= v1 {
		t.Errorf("reference version %d after new region names, %d before: want it to move", v2, v1)
	}
	got, err := s.FindRegions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]*lmo.Region{}
	for _, r := range got {
		byCode[r.Code] = r
	}
	for _, r := range regions {
		if diff := cmp.Diff(r, byCode[r.Code]); diff != "" {
			t.Errorf("region %s (-want +got):\n%s", r.Code, diff)
		}
	}
	if got := byCode["arab-states"].NameIn("es"); got != "Estados Árabes" {
		t.Errorf("NameIn(es) = %q", got)
	}
	if got := byCode["asia-pacific"].NameIn("fr"); got != "Asia and the Pacific" {
		t.Errorf("NameIn(fr) without a translation = %q, want the English name", got)
	}
	// Seeding again without the names removes them.
	Seed(t, s)
	got, _ = s.FindRegions(ctx)
	for _, r := range got {
		if r.Translations != nil {
			t.Errorf("region %s keeps %v after a replacement without translations", r.Code, r.Translations)
		}
	}
}

func testInstrumentTitles(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	in := fixtureStandards()
	in.Instruments[0].Translations = map[string]lmo.InstrumentTitle{
		"fr": {Title: "Convention (n° 189) sur les travailleuses et travailleurs domestiques, 2011", SourceURL: "https://example.org/fr/c189", Official: true},
	}
	counts := importStandards(t, s, in)
	if counts.Instruments.Created != 3 {
		t.Errorf("created %+v, want 3", counts.Instruments)
	}
	got, err := s.FindInstrument(ctx, "C189")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in.Instruments[0], got); diff != "" {
		t.Errorf("FindInstrument (-want +got):\n%s", diff)
	}
	if got.TitleIn("fr") != in.Instruments[0].Translations["fr"].Title || got.TitleIn("es") != in.Instruments[0].Title {
		t.Errorf("TitleIn: fr %q, es %q", got.TitleIn("fr"), got.TitleIn("es"))
	}
	if got.ShortTitleIn("fr") != got.TitleIn("fr") || got.ShortTitleIn("es") != "Domestic Workers Convention" {
		t.Errorf("ShortTitleIn: fr %q, es %q", got.ShortTitleIn("fr"), got.ShortTitleIn("es"))
	}
	// The same file again changes nothing; one without the titles deletes
	// none (an import deletes nothing); one with a new language adds it.
	if counts := importStandards(t, s, in); counts.Instruments.Unchanged != 3 {
		t.Errorf("second import %+v, want 3 unchanged", counts.Instruments)
	}
	if counts := importStandards(t, s, fixtureStandards()); counts.Instruments.Unchanged != 3 {
		t.Errorf("import without titles %+v, want 3 unchanged", counts.Instruments)
	}
	es := fixtureStandards()
	es.Instruments[0].Translations = map[string]lmo.InstrumentTitle{
		"es": {Title: "Convenio sobre las trabajadoras y los trabajadores domésticos, 2011 (núm. 189)", SourceURL: "https://example.org/es/c189", Official: true},
	}
	if counts := importStandards(t, s, es); counts.Instruments.Updated != 1 {
		t.Errorf("import with a Spanish title %+v, want 1 updated", counts.Instruments)
	}
	all, err := s.FindInstruments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range all {
		switch {
		case got.Code == "C189" && (len(got.Translations) != 2 || got.TitleIn("es") != es.Instruments[0].Translations["es"].Title):
			t.Errorf("C189 translations = %v, want fr and es", got.Translations)
		case got.Code != "C189" && got.Translations != nil:
			t.Errorf("%s translations = %v, want none", got.Code, got.Translations)
		}
	}
}

func testInvalidTranslations(t *testing.T, s Store) {
	Seed(t, s)
	for name, tr := range map[string]map[string]lmo.Translation{
		"unknown language":        {"de": {Label: "Ziel eins"}},
		"official without source": {"fr": {Label: "Objectif un", Official: true}},
		"own with a source":       {"fr": {Label: "Objectif un", SourceURL: "https://example.org"}},
		"empty":                   {"es": {Label: ""}},
	} {
		vocabs := fixtureVocabularies()
		vocabs[0].Terms[0].Translations = tr
		wantCode(t, s.ReplaceVocabularies(Admin(), vocabs), lmo.EINVALID)
		regions := fixtureRegions()
		regions[0].Translations = tr
		wantCode(t, s.ReplaceReferenceData(Admin(), regions, fixtureCountries()), lmo.EINVALID)
		in := fixtureStandards()
		for lang, l := range tr {
			in.Instruments[0].Translations = map[string]lmo.InstrumentTitle{lang: {Title: l.Label, SourceURL: l.SourceURL, Official: l.Official}}
		}
		if _, err := s.ImportStandards(Admin(), in, "fixture"); lmo.ErrorCode(err) != lmo.EINVALID {
			t.Errorf("%s: ImportStandards error %v, want EINVALID", name, err)
		}
	}
	got, err := s.FindVocabularies(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fixtureVocabularies(), got); diff != "" {
		t.Errorf("a failed replacement wrote (-want +got):\n%s", diff)
	}
}
