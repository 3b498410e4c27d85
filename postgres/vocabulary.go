package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/lmo-observatory/lmo"
)

var _ lmo.VocabularyService = (*DB)(nil)

// FindVocabularies returns every vocabulary with its terms in display order.
func (db *DB) FindVocabularies(ctx context.Context) ([]*lmo.Vocabulary, error) {
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	return findVocabularies(ctx, tx)
}

func findVocabularies(ctx context.Context, tx pgx.Tx) ([]*lmo.Vocabulary, error) {
	rows, err := tx.Query(ctx, `SELECT id, name, description, source FROM vocabularies ORDER BY position`)
	if err != nil {
		return nil, wrap(err)
	}
	out := []*lmo.Vocabulary{}
	byID := map[string]*lmo.Vocabulary{}
	for rows.Next() {
		v := &lmo.Vocabulary{Terms: []*lmo.Term{}}
		var source string
		if err := rows.Scan(&v.ID, &v.Name, &v.Description, &source); err != nil {
			rows.Close()
			return nil, err
		}
		if source != "" {
			if err := json.Unmarshal([]byte(source), &v.Source); err != nil {
				rows.Close()
				return nil, fmt.Errorf("vocabulary %s source: %w", v.ID, err)
			}
		}
		out = append(out, v)
		byID[v.ID] = v
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	trows, err := tx.Query(ctx, `SELECT vocabulary_id, code, label, description FROM terms ORDER BY vocabulary_id, position`)
	if err != nil {
		return nil, wrap(err)
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
	return out, wrap(trows.Err())
}

func loadVocabularies(ctx context.Context, tx pgx.Tx) (lmo.Vocabularies, error) {
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
// terms in one transaction. A term in use cannot be dropped: ECONFLICT.
func (db *DB) ReplaceVocabularies(ctx context.Context, vocabs []*lmo.Vocabulary) error {
	if err := lmo.RequireRole(ctx, lmo.RoleAdmin); err != nil {
		return err
	}
	tx, err := db.writeTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `LOCK TABLE vocabularies, terms IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return wrap(err)
	}
	for i, v := range vocabs {
		if err := replaceVocabulary(ctx, tx, v, i); err != nil {
			return err
		}
	}
	if err := db.audit(ctx, tx, "replace", "vocabularies", "", fmt.Sprintf("%d vocabularies", len(vocabs))); err != nil {
		return wrap(err)
	}
	if err := bumpReferenceVersion(ctx, tx); err != nil {
		return err
	}
	return commit(ctx, tx)
}

func replaceVocabulary(ctx context.Context, tx pgx.Tx, v *lmo.Vocabulary, position int) error {
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
	if _, err := tx.Exec(ctx, `INSERT INTO vocabularies (id, name, description, source, position) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, source = excluded.source, position = excluded.position`,
		v.ID, v.Name, v.Description, source, position); err != nil {
		return wrap(err)
	}
	codes := []string{}
	for i, t := range v.Terms {
		if t.Code == "" || t.Label == "" {
			return lmo.Errorf(lmo.EINVALID, "Vocabulary %s: term %d needs a code and a label.", v.ID, i+1)
		}
		codes = append(codes, t.Code)
		if _, err := tx.Exec(ctx, `INSERT INTO terms (vocabulary_id, code, label, description, position) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (vocabulary_id, code) DO UPDATE SET label = excluded.label, description = excluded.description, position = excluded.position`,
			v.ID, t.Code, t.Label, t.Description, i); err != nil {
			return wrap(err)
		}
	}
	var used string
	err := tx.QueryRow(ctx, `SELECT code FROM practice_terms WHERE vocabulary_id = $1 AND NOT (code = ANY($2)) LIMIT 1`, v.ID, codes).Scan(&used)
	if err == nil {
		return lmo.Errorf(lmo.ECONFLICT, "Term %s of vocabulary %s is used by a practice and cannot be removed.", used, v.ID)
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return wrap(err)
	}
	_, err = tx.Exec(ctx, `DELETE FROM terms WHERE vocabulary_id = $1 AND NOT (code = ANY($2))`, v.ID, codes)
	return wrap(err)
}

// bumpReferenceVersion increments the reference version inside tx.
func bumpReferenceVersion(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `INSERT INTO reference_version (id, version) VALUES (1, 1)
		ON CONFLICT (id) DO UPDATE SET version = reference_version.version + 1`)
	return wrap(err)
}

// ReferenceVersion returns the number of changes to reference data and
// vocabularies so far.
func (db *DB) ReferenceVersion(ctx context.Context) (int64, error) {
	var v int64
	err := db.pool.QueryRow(ctx, `SELECT coalesce((SELECT version FROM reference_version WHERE id = 1), 0)`).Scan(&v)
	return v, wrap(err)
}
