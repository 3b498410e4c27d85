package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/lmo-observatory/lmo"
)

var _ lmo.PracticeService = (*DB)(nil)

// FindPracticeByID returns a published practice, or ENOTFOUND.
func (db *DB) FindPracticeByID(ctx context.Context, id int64) (*lmo.Practice, error) {
	return db.findPractice(ctx, "id = $1", id)
}

// FindPracticeBySlug returns a published practice by slug, or ENOTFOUND.
func (db *DB) FindPracticeBySlug(ctx context.Context, slug string) (*lmo.Practice, error) {
	return db.findPractice(ctx, "slug = $1", slug)
}

func (db *DB) findPractice(ctx context.Context, where string, arg any) (*lmo.Practice, error) {
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	var id int64
	err = tx.QueryRow(ctx, `SELECT id FROM practices WHERE review_status = 'published' AND `+where, arg).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, lmo.Errorf(lmo.ENOTFOUND, "There is no practice %v.", arg)
	} else if err != nil {
		return nil, wrap(err)
	}
	ps, err := loadPractices(ctx, tx, []int64{id})
	if err != nil {
		return nil, err
	}
	return ps[0], nil
}

// CreatePractice validates and stores p as version 1 with its first revision.
// A contributor's practice is submitted for review, not published.
func (db *DB) CreatePractice(ctx context.Context, p *lmo.Practice, note string) error {
	return db.writeValidated(ctx, lmo.RoleContributor, p, func(tx pgx.Tx) error {
		if lmo.UserFromContext(ctx).Role == lmo.RoleContributor {
			p.ReviewStatus = lmo.ReviewSubmitted
		}
		return db.createPractice(ctx, tx, p, note)
	})
}

// UpdatePractice replaces p, bumping its version, or fails with ECONFLICT when
// p.Version is not the stored one.
func (db *DB) UpdatePractice(ctx context.Context, p *lmo.Practice, note string) error {
	return db.writeValidated(ctx, lmo.RoleEditor, p, func(tx pgx.Tx) error {
		return db.updatePractice(ctx, tx, p, note)
	})
}

// writeValidated checks the role, validates p and runs write, all in one
// transaction.
func (db *DB) writeValidated(ctx context.Context, role string, p *lmo.Practice, write func(pgx.Tx) error) error {
	if err := lmo.RequireRole(ctx, role); err != nil {
		return err
	}
	tx, err := db.writeTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	v, err := newValidator(ctx, tx)
	if err != nil {
		return err
	}
	if err := v.validate(p); err != nil {
		return err
	}
	if err := write(tx); err != nil {
		return err
	}
	return commit(ctx, tx)
}

// ImportPractices creates, updates or leaves alone each practice by slug, all
// in one transaction, after validating every one of them.
func (db *DB) ImportPractices(ctx context.Context, ps []*lmo.Practice, note string) (lmo.ImportCounts, error) {
	var counts lmo.ImportCounts
	if err := lmo.RequireRole(ctx, lmo.RoleEditor); err != nil {
		return counts, err
	}
	tx, err := db.writeTx(ctx)
	if err != nil {
		return counts, err
	}
	defer tx.Rollback(ctx)
	v, err := newValidator(ctx, tx)
	if err != nil {
		return counts, err
	}
	if err := lmo.CheckImport(ps, v.validate); err != nil {
		return counts, err
	}
	// Imports of the same slugs from two nodes queue here rather than both
	// creating.
	if _, err := tx.Exec(ctx, `LOCK TABLE practices IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return counts, wrap(err)
	}
	for _, p := range ps {
		var id int64
		err := tx.QueryRow(ctx, `SELECT id FROM practices WHERE slug = $1`, p.Slug).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			if err := db.createPractice(ctx, tx, p, note); err != nil {
				return counts, fmt.Errorf("create %s: %w", p.Slug, err)
			}
			counts.Created++
			continue
		} else if err != nil {
			return counts, wrap(err)
		}
		old, err := loadPractices(ctx, tx, []int64{id})
		if err != nil {
			return counts, err
		}
		if old[0].SameContent(p) {
			*p = *old[0]
			counts.Unchanged++
			continue
		}
		p.ID, p.Version = id, old[0].Version
		if err := db.updatePractice(ctx, tx, p, note); err != nil {
			return counts, fmt.Errorf("update %s: %w", p.Slug, err)
		}
		counts.Updated++
	}
	if err := commit(ctx, tx); err != nil {
		return lmo.ImportCounts{}, err
	}
	return counts, nil
}

// validator checks practices against the vocabularies and countries as they
// stand in one transaction, loaded once.
type validator struct {
	vocabs    lmo.Vocabularies
	countries map[string]bool
}

func newValidator(ctx context.Context, tx pgx.Tx) (*validator, error) {
	v := &validator{countries: map[string]bool{}}
	var err error
	if v.vocabs, err = loadVocabularies(ctx, tx); err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `SELECT code FROM countries`)
	if err != nil {
		return nil, wrap(err)
	}
	codes, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, wrap(err)
	}
	for _, c := range codes {
		v.countries[c] = true
	}
	return v, nil
}

func (v *validator) validate(p *lmo.Practice) error {
	return p.Validate(v.vocabs, func(code string) bool { return v.countries[code] })
}

func (db *DB) createPractice(ctx context.Context, tx pgx.Tx, p *lmo.Practice, note string) error {
	var taken bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM practices WHERE slug = $1)`, p.Slug).Scan(&taken); err != nil {
		return wrap(err)
	}
	if taken {
		return lmo.Errorf(lmo.ECONFLICT, "A practice with the slug %q already exists.", p.Slug)
	}
	now := db.now()
	p.Version, p.CreatedAt, p.UpdatedAt = 1, now, now
	err := tx.QueryRow(ctx, `INSERT INTO practices (slug, title, summary, description, global, start_year, end_year, status,
		results, evidence_level, language, contact, review_status, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
		p.Slug, p.Title, p.Summary, p.Description, p.Global, nullInt(p.StartYear), nullInt(p.EndYear), p.Status,
		p.Results, p.EvidenceLevel, p.Language, p.Contact, p.ReviewStatus, p.Version, now, now).Scan(&p.ID)
	if err != nil {
		return wrap(err)
	}
	return db.writeDerived(ctx, tx, p, note, "create")
}

func (db *DB) updatePractice(ctx context.Context, tx pgx.Tx, p *lmo.Practice, note string) error {
	var version int
	err := tx.QueryRow(ctx, `SELECT version, created_at FROM practices WHERE id = $1 FOR UPDATE`, p.ID).Scan(&version, &p.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return lmo.Errorf(lmo.ENOTFOUND, "There is no practice %d.", p.ID)
	} else if err != nil {
		return wrap(err)
	}
	if version != p.Version {
		return lmo.Errorf(lmo.ECONFLICT, "The practice was changed by someone else (version %d, yours %d). Reload it and apply your change again.", version, p.Version)
	}
	var taken bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM practices WHERE slug = $1 AND id <> $2)`, p.Slug, p.ID).Scan(&taken); err != nil {
		return wrap(err)
	}
	if taken {
		return lmo.Errorf(lmo.ECONFLICT, "A practice with the slug %q already exists.", p.Slug)
	}
	p.Version, p.UpdatedAt = version+1, db.now()
	p.CreatedAt = p.CreatedAt.UTC()
	_, err = tx.Exec(ctx, `UPDATE practices SET slug = $1, title = $2, summary = $3, description = $4, global = $5, start_year = $6,
		end_year = $7, status = $8, results = $9, evidence_level = $10, language = $11, contact = $12, review_status = $13, version = $14,
		updated_at = $15 WHERE id = $16`,
		p.Slug, p.Title, p.Summary, p.Description, p.Global, nullInt(p.StartYear), nullInt(p.EndYear), p.Status, p.Results,
		p.EvidenceLevel, p.Language, p.Contact, p.ReviewStatus, p.Version, p.UpdatedAt, p.ID)
	if err != nil {
		return wrap(err)
	}
	for _, table := range []string{"practice_countries", "practice_corridors", "practice_terms", "practice_organisations", "practice_sources"} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE practice_id = $1`, p.ID); err != nil {
			return wrap(err)
		}
	}
	return db.writeDerived(ctx, tx, p, note, "update")
}

// writeDerived writes everything that hangs off a practice row: its children,
// facets, full-text vector, revision and audit entry.
func (db *DB) writeDerived(ctx context.Context, tx pgx.Tx, p *lmo.Practice, note, action string) error {
	if err := insertChildren(ctx, tx, p); err != nil {
		return err
	}
	if err := rebuildFacets(ctx, tx, "p.id = $1", p.ID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, indexSQL+"p.id = $1", p.ID); err != nil {
		return wrap(err)
	}
	if err := bumpPracticesVersion(ctx, tx); err != nil {
		return err
	}
	snapshot, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO practice_revisions (practice_id, version, author, note, created_at, snapshot) VALUES ($1, $2, $3, $4, $5, $6)`,
		p.ID, p.Version, lmo.UserFromContext(ctx).Name, note, p.UpdatedAt, string(snapshot)); err != nil {
		return wrap(err)
	}
	return wrap(db.audit(ctx, tx, action, "practice", fmt.Sprint(p.ID), p.Slug))
}
