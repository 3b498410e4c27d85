package lmo

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Identifiers of the controlled vocabularies that practices refer to.
const (
	VocabGCMObjective     = "gcm-objective"
	VocabGuidingPrinciple = "guiding-principle"
	VocabTheme            = "theme"
	VocabTargetGroup      = "target-group"
	VocabMigrationStage   = "migration-stage"
	VocabOrganisationType = "organisation-type"
	VocabEvidenceLevel    = "evidence-level"
	VocabInstrument       = "instrument"
	VocabSDGTarget        = "sdg-target"
	VocabPracticeStatus   = "practice-status"
	VocabCountryRole      = "country-role"
)

// Vocabulary is a controlled list of terms with the source of its canonical
// wording.
type Vocabulary struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Description string  `json:"description,omitempty"`
	Source      *Source `json:"source,omitempty"`
	Terms       []*Term `json:"terms"`
}

// Term returns the term with the given code, or nil (also when v is nil, a
// vocabulary that does not exist).
func (v *Vocabulary) Term(code string) *Term {
	if v == nil {
		return nil
	}
	for _, t := range v.Terms {
		if t.Code == code {
			return t
		}
	}
	return nil
}

// Term is one entry of a vocabulary. Label is English; Translations hold
// its labels in the other languages (issue 14), keyed by language ("fr",
// "es").
type Term struct {
	Code         string                 `json:"code"`
	Label        string                 `json:"label"`
	Description  string                 `json:"description,omitempty"`
	Translations map[string]Translation `json:"translations,omitempty"`
}

// Translation is a label in a language other than English with where it
// comes from: Official labels are the wording of their SourceURL (the UN's
// for the GCM and the SDGs); the others are LMO's own translation and have
// no source.
type Translation struct {
	Label     string `json:"label"`
	SourceURL string `json:"source_url,omitempty"`
	Official  bool   `json:"official"`
}

// LabelIn returns the term's label in lang, falling back to English.
func (t *Term) LabelIn(lang string) string {
	if tr, ok := t.Translations[lang]; ok && tr.Label != "" {
		return tr.Label
	}
	return t.Label
}

// OwnTranslation reports whether the term's label in lang is LMO's own
// translation rather than an official wording: false for English and for
// a missing translation (which falls back to English).
func (t *Term) OwnTranslation(lang string) bool {
	tr, ok := t.Translations[lang]
	return ok && tr.Label != "" && !tr.Official
}

// ValidateTranslations checks labels in other languages: a language of
// TranslationLanguages, a label with no spaces around it, and an official label
// with its http(s) source while LMO's own has none. what names the owner in
// the error (EINVALID).
func ValidateTranslations(what string, trs map[string]Translation) error {
	for lang, tr := range trs {
		if problem := checkTranslation(what, lang, tr.Label, tr.SourceURL, tr.Official); problem != "" {
			return Errorf(EINVALID, "%s", problem)
		}
	}
	return nil
}

// checkTranslation returns what is wrong with one translated text, or "".
func checkTranslation(what, lang, text, sourceURL string, official bool) string {
	switch {
	case !slices.Contains(TranslationLanguages, lang):
		return fmt.Sprintf("%s: language %q is not one of %s", what, lang, strings.Join(TranslationLanguages, ", "))
	case text == "" || text != strings.TrimSpace(text):
		return fmt.Sprintf("%s: the %s text %q is empty or has spaces around it", what, lang, text)
	case official && !strings.HasPrefix(sourceURL, "https://") && !strings.HasPrefix(sourceURL, "http://"):
		return fmt.Sprintf("%s: the official %s text needs its http(s) source", what, lang)
	case !official && sourceURL != "":
		return fmt.Sprintf("%s: LMO's own %s translation has no source to give", what, lang)
	}
	return ""
}

// TranslationLanguages are the languages a label may be translated into:
// the ILO's working languages other than English.
var TranslationLanguages = []string{"fr", "es"}

// Vocabularies indexes vocabularies by ID for lookups of labels.
type Vocabularies map[string]*Vocabulary

// Label returns the label of code in vocabulary id, or the code itself when
// either is unknown.
func (vs Vocabularies) Label(id, code string) string {
	if v := vs[id]; v != nil {
		if t := v.Term(code); t != nil {
			return t.Label
		}
	}
	return code
}

// LabelIn returns the label of code in vocabulary id in lang, falling back
// to English, or the code itself when either is unknown.
func (vs Vocabularies) LabelIn(lang, id, code string) string {
	if v := vs[id]; v != nil {
		if t := v.Term(code); t != nil {
			return t.LabelIn(lang)
		}
	}
	return code
}

// VocabularyService reads and writes the controlled vocabularies.
type VocabularyService interface {
	// FindVocabularies returns every vocabulary with its terms in display
	// order.
	FindVocabularies(ctx context.Context) ([]*Vocabulary, error)
	// ReplaceVocabularies replaces the given vocabularies in one transaction.
	// It fails with ECONFLICT when a term in use by a practice would be
	// dropped. Admin only.
	ReplaceVocabularies(ctx context.Context, vocabs []*Vocabulary) error
	// ReferenceVersion returns a number that changes whenever reference data
	// (countries, regions) or vocabularies change, so that a node may keep
	// them in memory and reload them only when it moves.
	ReferenceVersion(ctx context.Context) (int64, error)
}
