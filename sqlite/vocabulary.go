package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/lmo-observatory/lmo"
)

var _ lmo.VocabularyService = (*DB)(nil)

// FindVocabularies returns every vocabulary with its terms in display order.
func (db *DB) FindVocabularies(ctx context.Context) ([]*lmo.Vocabulary, error) {
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findVocabularies(ctx, tx)
}

func findVocabularies(ctx context.Context, tx *sql.Tx) ([]*lmo.Vocabulary, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, name, description, source FROM vocabularies ORDER BY position`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*lmo.Vocabulary{}
	byID := map[string]*lmo.Vocabulary{}
	for rows.Next() {
		v := &lmo.Vocabulary{Terms: []*lmo.Term{}}
		var source string
		if err := rows.Scan(&v.ID, &v.Name, &v.Description, &source); err != nil {
			return nil, err
		}
		if source != "" {
			if err := json.Unmarshal([]byte(source), &v.Source); err != nil {
				return nil, fmt.Errorf("vocabulary %s source: %w", v.ID, err)
			}
		}
		out = append(out, v)
		byID[v.ID] = v
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	trows, err := tx.QueryContext(ctx, `SELECT vocabulary_id, code, label, description FROM terms ORDER BY vocabulary_id, position`)
	if err != nil {
		return nil, err
	}
	defer trows.Close()
	for trows.Next() {
		var id string
		var t lmo.Term
		if err := trows.Scan(&id, &t.Code, &t.Label, &t.Description); err != nil {
			return nil, err
		}
		if v := byID[id]; v != nil {
			v.Terms = append(v.Terms, &t)
		}
	}
	return out, trows.Err()
}

// loadVocabularies returns the vocabularies indexed by ID, for validation.
func loadVocabularies(ctx context.Context, tx *sql.Tx) (lmo.Vocabularies, error) {
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
// uses cannot be dropped: ECONFLICT.
func (db *DB) ReplaceVocabularies(ctx context.Context, vocabs []*lmo.Vocabulary) error {
	if err := lmo.RequireRole(ctx, lmo.RoleAdmin); err != nil {
		return err
	}
	tx, err := db.writeTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i, v := range vocabs {
		if err := replaceVocabulary(ctx, tx, v, i); err != nil {
			return err
		}
	}
	if err := db.audit(ctx, tx, "replace", "vocabularies", "", fmt.Sprintf("%d vocabularies", len(vocabs))); err != nil {
		return err
	}
	if err := bumpReferenceVersion(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

func replaceVocabulary(ctx context.Context, tx *sql.Tx, v *lmo.Vocabulary, position int) error {
	if v.ID == "" || v.Name == "" {
		return lmo.Errorf(lmo.EINVALID, "Vocabulary %q needs an id and a name.", v.ID)
	}
	source := ""
	if v.Source != nil {
		b, err := json.Marshal(v.Source)
		if err != nil {
			return err
		}
		source = string(b)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO vocabularies (id, name, description, source, position) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, source = excluded.source, position = excluded.position`,
		v.ID, v.Name, v.Description, source, position); err != nil {
		return err
	}
	codes := make([]any, 0, len(v.Terms)+1)
	codes = append(codes, v.ID)
	for i, t := range v.Terms {
		if t.Code == "" || t.Label == "" {
			return lmo.Errorf(lmo.EINVALID, "Vocabulary %s: term %d needs a code and a label.", v.ID, i+1)
		}
		codes = append(codes, t.Code)
		if _, err := tx.ExecContext(ctx, `INSERT INTO terms (vocabulary_id, code, label, description, position) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (vocabulary_id, code) DO UPDATE SET label = excluded.label, description = excluded.description, position = excluded.position`,
			v.ID, t.Code, t.Label, t.Description, i); err != nil {
			return err
		}
	}
	notListed := `vocabulary_id = ? AND code NOT IN (` + placeholders(len(codes)-1) + `)`
	if len(codes) == 1 {
		notListed = `vocabulary_id = ?`
	}
	var used string
	err := tx.QueryRowContext(ctx, `SELECT code FROM practice_terms WHERE `+notListed+` LIMIT 1`, codes...).Scan(&used)
	if err == nil {
		return lmo.Errorf(lmo.ECONFLICT, "Term %s of vocabulary %s is used by a practice and cannot be removed.", used, v.ID)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM terms WHERE `+notListed, codes...)
	return err
}

// bumpReferenceVersion increments the reference version inside tx.
func bumpReferenceVersion(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO reference_version (id, version) VALUES (1, 1)
		ON CONFLICT (id) DO UPDATE SET version = version + 1`)
	return err
}

// ReferenceVersion returns the number of changes to reference data and
// vocabularies so far.
func (db *DB) ReferenceVersion(ctx context.Context) (int64, error) {
	var v int64
	err := db.read.QueryRowContext(ctx, `SELECT coalesce((SELECT version FROM reference_version WHERE id = 1), 0)`).Scan(&v)
	return v, err
}
