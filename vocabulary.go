package lmo

import "context"

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

// Term is one entry of a vocabulary.
type Term struct {
	Code        string `json:"code"`
	Label       string `json:"label"`
	Description string `json:"description,omitempty"`
}

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
