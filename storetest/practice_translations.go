package storetest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/lmo-observatory/lmo"
)

// RunPracticeTranslations tests practices' titles and summaries in other languages:
// stored, read back, revised, imported and searched.
func RunPracticeTranslations(t *testing.T, open Opener) {
	runTests(t, open, []test{
		{"StoreAndRevise", testTranslationsStored},
		{"Import", testTranslationsImport},
		{"Search", testTranslationsSearch},
	})
}

// translated returns the first fixture practice with a French and a
// Spanish title and summary.
func translated() *lmo.Practice {
	p := fixturePractices()[0]
	p.Translations = map[string]lmo.PracticeText{
		"fr": {Title: "Contrat type pour les travailleurs domestiques",
			Summary: "Un contrat type protège les travailleurs domestiques à l'étranger.", SourceURL: "https://example.org/fr"},
		"es": {Title: "Contrato estándar para trabajadoras del hogar"},
	}
	return p
}

func testTranslationsStored(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	p := translated()
	if err := s.CreatePractice(Admin(), p, "with translations"); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindPracticeByID(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(translated().Translations, got.Translations); diff != "" {
		t.Errorf("translations read back (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(translated(), got, ignoreStored, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("practice read back (-want +got):\n%s", diff)
	}

	got.Translations["fr"] = lmo.PracticeText{Title: "Contrat type des travailleurs domestiques"}
	delete(got.Translations, "es")
	if err := s.UpdatePractice(Admin(), got, "French retitled, Spanish dropped"); err != nil {
		t.Fatal(err)
	}
	again, err := s.FindPracticeByID(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]lmo.PracticeText{"fr": {Title: "Contrat type des travailleurs domestiques"}}
	if diff := cmp.Diff(want, again.Translations); diff != "" {
		t.Errorf("translations after update (-want +got):\n%s", diff)
	}
	again.Translations = nil
	if err := s.UpdatePractice(Admin(), again, "no translations"); err != nil {
		t.Fatal(err)
	}
	if last, _ := s.FindPracticeByID(ctx, p.ID); last.Translations != nil {
		t.Errorf("translations after removing them all: %v", last.Translations)
	}

	revs, err := s.PracticeRevisions(ctx, p.ID)
	if err != nil || len(revs) != 3 {
		t.Fatalf("revisions: %d, %v", len(revs), err)
	}
	for i, want := range []map[string]lmo.PracticeText{nil, want, translated().Translations} {
		var snap lmo.Practice
		if err := json.Unmarshal(revs[i].Snapshot, &snap); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, snap.Translations); diff != "" {
			t.Errorf("revision %d's translations (-want +got):\n%s", revs[i].Version, diff)
		}
	}

	bad := translated()
	bad.Slug = "bad-translation"
	bad.Translations = map[string]lmo.PracticeText{"en": {Title: "Same language as the original"}}
	wantCode(t, s.CreatePractice(Admin(), bad, ""), lmo.EINVALID)
}

func testTranslationsImport(t *testing.T, s Store) {
	Seed(t, s)
	set := func() []*lmo.Practice { return []*lmo.Practice{translated(), fixturePractices()[1]} }
	if _, err := s.ImportPractices(Admin(), lmo.PracticesOf(set()), "import"); err != nil {
		t.Fatal(err)
	}
	counts, err := s.ImportPractices(Admin(), lmo.PracticesOf(set()), "again")
	if err != nil || counts != (lmo.ImportCounts{Unchanged: 2}) {
		t.Errorf("the same import again: %+v, %v", counts, err)
	}
	changed := set()
	changed[0].Translations["es"] = lmo.PracticeText{Title: "Contrato tipo para trabajadoras del hogar"}
	counts, err = s.ImportPractices(Admin(), lmo.PracticesOf(changed), "Spanish retitled")
	if err != nil || counts != (lmo.ImportCounts{Updated: 1, Unchanged: 1}) {
		t.Errorf("an import that changes a translation: %+v, %v", counts, err)
	}
}

func testTranslationsSearch(t *testing.T, s Store) {
	ctx := context.Background()
	ps := seedPractices(t, s)
	p := ps[0]
	p.Translations = translated().Translations
	if err := s.UpdatePractice(Admin(), p, "translated"); err != nil {
		t.Fatal(err)
	}
	seasonal := ps[2]
	seasonal.Translations = map[string]lmo.PracticeText{"es": {Title: "Programa de trabajadores agrícolas temporales",
		Summary: "Los trabajadores temporeros llegan cada año para la cosecha."}}
	if err := s.UpdatePractice(Admin(), seasonal, "translated"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		query, slug, lang string
	}{
		{"travailleurs domestiques", "ph-contract", "fr"},
		{"protège étranger", "ph-contract", "fr"},
		{"protege", "ph-contract", "fr"}, // accents folded
		{"hogar", "ph-contract", "es"},
		{"cosecha temporeros", "ca-seasonal", "es"},
		{"agricolas", "ca-seasonal", "es"},
		{"harvest", "ca-seasonal", "en"}, // the original still found
	} {
		res, err := s.SearchPractices(ctx, lmo.PracticeFilter{Query: c.query})
		if err != nil {
			t.Fatalf("%q: %v", c.query, err)
		}
		if got := slugs(res); len(got) != 1 || got[0] != c.slug {
			t.Errorf("%q found %v, want [%s]", c.query, got, c.slug)
			continue
		}
		h := res.Hits[0]
		if h.SnippetLanguage != c.lang || h.Snippets[c.lang] == "" || !contains(h.Snippet, lmo.HighlightStart) {
			t.Errorf("%q: snippet %q in %q (all %q), want one in %s", c.query, h.Snippet, h.SnippetLanguage, h.Snippets, c.lang)
		}
	}
	// The translations leave with the practice's text: a search for them
	// no longer finds it.
	p.Translations = nil
	if err := s.UpdatePractice(Admin(), p, "untranslated"); err != nil {
		t.Fatal(err)
	}
	if res, _ := s.SearchPractices(ctx, lmo.PracticeFilter{Query: "travailleurs"}); res.Total != 0 {
		t.Errorf("after removing the French text, travailleurs finds %v", slugs(res))
	}
}
