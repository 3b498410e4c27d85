package lmo

import (
	"strings"
	"testing"
)

// validTranslated is a practice that passes Validate, in English, with the
// translations given.
func validTranslated(tr map[string]PracticeText) (*Practice, Vocabularies) {
	vocabs := Vocabularies{
		VocabCountryRole:    {ID: VocabCountryRole, Terms: []*Term{{Code: RoleOrigin}}},
		VocabPracticeStatus: {ID: VocabPracticeStatus, Terms: []*Term{{Code: "ongoing"}}},
	}
	p := &Practice{Slug: "ok", Title: "Domestic workers", Summary: "S", Status: "ongoing", Language: "en",
		Countries: []PracticeCountry{{Code: "PH", Role: RoleOrigin}}, Sources: []Source{{Title: "A"}},
		Translations: tr}
	return p, vocabs
}

// TestValidateTranslations: translations are keyed by BCP 47 tags other
// than the original's language, need a title, keep the original's limits
// and are put in canonical form.
func TestValidateTranslations(t *testing.T) {
	p, vocabs := validTranslated(map[string]PracticeText{"FR": {Title: " Travailleurs domestiques ", SourceURL: "https://example.org/fr"}})
	if err := p.Validate(vocabs, func(string) bool { return true }); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if got := p.Translations["fr"]; got.Title != "Travailleurs domestiques" || len(p.Translations) != 1 {
		t.Errorf("translations %+v, want fr trimmed", p.Translations)
	}
	for _, c := range []struct {
		name string
		tr   map[string]PracticeText
		want string
	}{
		{"not a tag", map[string]PracticeText{"français": {Title: "T"}}, "not a BCP 47"},
		{"original language", map[string]PracticeText{"en-GB": {Title: "T"}}, "original language is en"},
		{"no title", map[string]PracticeText{"es": {Summary: "S"}}, "title is required"},
		{"too long", map[string]PracticeText{"es": {Title: "T", Summary: strings.Repeat("x", MaxSummary+1)}}, "summary"},
		{"bad URL", map[string]PracticeText{"es": {Title: "T", SourceURL: "javascript:x"}}, "source URL"},
		{"twice", map[string]PracticeText{"es": {Title: "T"}, "ES": {Title: "U"}}, "given twice"},
	} {
		p, vocabs := validTranslated(c.tr)
		err := p.Validate(vocabs, func(string) bool { return true })
		if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), c.want) {
			t.Errorf("%s: %v, want EINVALID with %q", c.name, err, c.want)
		}
	}
	p, vocabs = validTranslated(map[string]PracticeText{})
	if err := p.Validate(vocabs, func(string) bool { return true }); err != nil || p.Translations != nil {
		t.Errorf("no translations: %v, %v", p.Translations, err)
	}
}

// TestTextIn: a page shows the original in its language, a translation in
// the page's language (or one of the same language), else the original; a
// translation without a summary gives the original's, marked as such.
func TestTextIn(t *testing.T) {
	p, _ := validTranslated(map[string]PracticeText{
		"fr-CA": {Title: "Travailleurs", Summary: "Résumé"},
		"es":    {Title: "Trabajadores"},
	})
	for _, c := range []struct {
		lang string
		want ShownText
	}{
		{"en", ShownText{Title: "Domestic workers", TitleLang: "en", Summary: "S", SummaryLang: "en"}},
		{"fr", ShownText{Title: "Travailleurs", TitleLang: "fr-CA", Summary: "Résumé", SummaryLang: "fr-CA"}},
		{"es", ShownText{Title: "Trabajadores", TitleLang: "es", Summary: "S", SummaryLang: "en"}},
		{"pt", ShownText{Title: "Domestic workers", TitleLang: "en", Summary: "S", SummaryLang: "en"}},
	} {
		if got := p.TextIn(c.lang); got != c.want {
			t.Errorf("TextIn(%s) = %+v, want %+v", c.lang, got, c.want)
		}
	}
	if !p.TextIn("fr").Translated("fr") || p.TextIn("es").Translated("es") {
		t.Error("Translated: fr is whole, es lacks its summary")
	}
}
