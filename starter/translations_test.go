package starter

import (
	"slices"
	"testing"
)

// officialVocabularies are the vocabularies whose wording is the UN's: only
// their labels may be official, and only with a source.
var officialVocabularies = []string{"gcm-objective", "guiding-principle", "sdg-target"}

// TestTranslations loads translations/ (every row checked against the
// vocabularies and instruments) and checks that only the UN's own
// vocabularies carry official labels and that LMO's are all translated.
func TestTranslations(t *testing.T) {
	tr, err := LoadTranslations()
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Labels) == 0 || len(tr.Instruments) == 0 {
		t.Fatalf("%d labels and %d instrument titles", len(tr.Labels), len(tr.Instruments))
	}
	count := map[string]int{}
	for _, l := range tr.Labels {
		if l.Official != slices.Contains(officialVocabularies, l.Vocabulary) {
			t.Errorf("%s %s in %s: official is %v for the vocabulary %s", l.Vocabulary, l.Code, l.Lang, l.Official, l.Vocabulary)
		}
		count[l.Vocabulary+" "+l.Lang]++
	}
	vocabs, err := loadVocabularies()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vocabs {
		if slices.Contains(officialVocabularies, v.ID) || v.ID == "instrument" {
			continue // official wording is taken where a source gives it, and only there
		}
		for _, lang := range TranslationLanguages {
			if n := count[v.ID+" "+lang]; n != len(v.Terms) {
				t.Errorf("LMO's vocabulary %s has %d of its %d terms in %s", v.ID, n, len(v.Terms), lang)
			}
		}
	}
}
