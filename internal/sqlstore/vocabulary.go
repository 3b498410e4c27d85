package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/lmo-observatory/lmo"
)

// Vocabularies is the service of controlled vocabularies and the reference
// version.
type Vocabularies struct{ db *DB }

var _ lmo.VocabularyService = (*Vocabularies)(nil)

// FindVocabularies returns every vocabulary with its terms in display order.
func (s *Vocabularies) FindVocabularies(ctx context.Context) (out []*lmo.Vocabulary, err error) {
	err = s.db.readIn(ctx, func(tx *Tx) error {
		out, err = findVocabularies(ctx, tx)
		return err
	})
	return out, err
}

func findVocabularies(ctx context.Context, tx *Tx) ([]*lmo.Vocabulary, error) {
	out := []*lmo.Vocabulary{}
	byID := map[string]*lmo.Vocabulary{}
	err := tx.Each(ctx, `SELECT id, name, description, source FROM vocabularies ORDER BY position`, nil, func(rows *sql.Rows) error {
		v := &lmo.Vocabulary{Terms: []*lmo.Term{}}
		var source string
		if err := rows.Scan(&v.ID, &v.Name, &v.Description, &source); err != nil {
			return err
		}
		if source != "" {
			if err := json.Unmarshal([]byte(source), &v.Source); err != nil {
				return fmt.Errorf("vocabulary %s source: %w", v.ID, err)
			}
		}
		out = append(out, v)
		byID[v.ID] = v
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find vocabularies: %w", err)
	}
	err = tx.Each(ctx, `SELECT vocabulary_id, code, label, description FROM terms ORDER BY vocabulary_id, position`, nil,
		func(rows *sql.Rows) error {
			var id string
			var t lmo.Term
			if err := rows.Scan(&id, &t.Code, &t.Label, &t.Description); err != nil {
				return err
			}
			if v := byID[id]; v != nil {
				v.Terms = append(v.Terms, &t)
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("find terms: %w", err)
	}
	if err := findTermTranslations(ctx, tx, byID); err != nil {
		return nil, err
	}
	return out, nil
}

// findTermTranslations adds the terms' labels in other languages.
func findTermTranslations(ctx context.Context, tx *Tx, byID map[string]*lmo.Vocabulary) error {
	err := tx.Each(ctx, `SELECT vocabulary_id, code, lang, label, source_url, official FROM term_translations`, nil,
		func(rows *sql.Rows) error {
			var id, code, lang string
			var tr lmo.Translation
			if err := rows.Scan(&id, &code, &lang, &tr.Label, &tr.SourceURL, &tr.Official); err != nil {
				return err
			}
			if t := byID[id].Term(code); t != nil {
				if t.Translations == nil {
					t.Translations = map[string]lmo.Translation{}
				}
				t.Translations[lang] = tr
			}
			return nil
		})
	if err != nil {
		return fmt.Errorf("find term translations: %w", err)
	}
	return nil
}

// loadVocabularies returns the vocabularies indexed by ID, for validation.
func loadVocabularies(ctx context.Context, tx *Tx) (lmo.Vocabularies, error) {
	list, err := findVocabularies(ctx, tx)
	if err != nil {
		return nil, err
	}
	vs := lmo.Vocabularies{}
	for _, v := range list {
		vs[v.ID] = v
	}
	return vs, nil
}

// ReplaceVocabularies replaces the given vocabularies' names, sources and
// terms in one transaction, keeping the others. A term that a practice still
// uses cannot be dropped: ECONFLICT. Admin only.
func (s *Vocabularies) ReplaceVocabularies(ctx context.Context, vocabs []*lmo.Vocabulary) error {
	if err := lmo.RequireRole(ctx, lmo.RoleAdmin); err != nil {
		return err
	}
	return s.db.writeIn(ctx, func(tx *Tx) error {
		if err := s.db.dialect.Lock(ctx, tx, "vocabularies", "terms", "term_translations"); err != nil {
			return err
		}
		for i, v := range vocabs {
			if err := replaceVocabulary(ctx, tx, v, i); err != nil {
				return err
			}
		}
		if err := tx.audit(ctx, "replace", "vocabularies", "", fmt.Sprintf("%d vocabularies", len(vocabs))); err != nil {
			return err
		}
		return tx.bumpVersion(ctx, "reference_version")
	})
}

func replaceVocabulary(ctx context.Context, tx *Tx, v *lmo.Vocabulary, position int) error {
	if v.ID == "" || v.Name == "" {
		return lmo.Errorf(lmo.EINVALID, "Vocabulary %q needs an id and a name.", v.ID)
	}
	source := ""
	if v.Source != nil {
		b, err := json.Marshal(v.Source)
		if err != nil {
			return fmt.Errorf("vocabulary %s source: %w", v.ID, err)
		}
		source = string(b)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO vocabularies (id, name, description, source, position) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, source = excluded.source, position = excluded.position`,
		v.ID, v.Name, v.Description, source, position); err != nil {
		return fmt.Errorf("vocabulary %s: %w", v.ID, err)
	}
	codes := make([]any, 0, len(v.Terms)+1)
	codes = append(codes, v.ID)
	for i, t := range v.Terms {
		if t.Code == "" || t.Label == "" {
			return lmo.Errorf(lmo.EINVALID, "Vocabulary %s: term %d needs a code and a label.", v.ID, i+1)
		}
		if err := lmo.ValidateTranslations("Vocabulary "+v.ID+" term "+t.Code, t.Translations); err != nil {
			return err
		}
		codes = append(codes, t.Code)
		if _, err := tx.Exec(ctx, `INSERT INTO terms (vocabulary_id, code, label, description, position) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (vocabulary_id, code) DO UPDATE SET label = excluded.label, description = excluded.description, position = excluded.position`,
			v.ID, t.Code, t.Label, t.Description, i); err != nil {
			return fmt.Errorf("vocabulary %s term %s: %w", v.ID, t.Code, err)
		}
	}
	notListed := `vocabulary_id = ?`
	if len(codes) > 1 {
		notListed += ` AND code NOT IN (` + placeholders(len(codes)-1) + `)`
	}
	var used string
	err := tx.QueryRow(ctx, `SELECT code FROM practice_terms WHERE `+notListed+` LIMIT 1`, codes, &used)
	if err == nil {
		return lmo.Errorf(lmo.ECONFLICT, "Term %s of vocabulary %s is used by a practice and cannot be removed.", used, v.ID)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("vocabulary %s terms in use: %w", v.ID, err)
	}
	if _, err = tx.Exec(ctx, `DELETE FROM terms WHERE `+notListed, codes...); err != nil {
		return fmt.Errorf("vocabulary %s: delete terms: %w", v.ID, err)
	}
	return replaceTermTranslations(ctx, tx, v)
}

// replaceTermTranslations replaces the labels in other languages of v's
// terms with those v gives.
func replaceTermTranslations(ctx context.Context, tx *Tx, v *lmo.Vocabulary) error {
	if _, err := tx.Exec(ctx, `DELETE FROM term_translations WHERE vocabulary_id = ?`, v.ID); err != nil {
		return fmt.Errorf("vocabulary %s: delete translations: %w", v.ID, err)
	}
	for _, t := range v.Terms {
		for _, lang := range slices.Sorted(maps.Keys(t.Translations)) {
			tr := t.Translations[lang]
			if _, err := tx.Exec(ctx, `INSERT INTO term_translations (vocabulary_id, code, lang, label, source_url, official) VALUES (?, ?, ?, ?, ?, ?)`,
				v.ID, t.Code, lang, tr.Label, tr.SourceURL, tr.Official); err != nil {
				return fmt.Errorf("vocabulary %s term %s in %s: %w", v.ID, t.Code, lang, err)
			}
		}
	}
	return nil
}

// ReferenceVersion returns the number of changes to reference data and
// vocabularies so far.
func (s *Vocabularies) ReferenceVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.db.queryRow(ctx, fmt.Sprintf(versionSQL, "reference_version"), nil, &v); err != nil {
		return 0, fmt.Errorf("reference version: %w", err)
	}
	return v, nil
}
