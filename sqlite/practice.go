package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/lmo-observatory/lmo"
)

var _ lmo.PracticeService = (*DB)(nil)

// FindPracticeByID returns a published practice, or ENOTFOUND.
func (db *DB) FindPracticeByID(ctx context.Context, id int64) (*lmo.Practice, error) {
	return db.findPractice(ctx, "id = ?", id)
}

// FindPracticeBySlug returns a published practice by slug, or ENOTFOUND.
func (db *DB) FindPracticeBySlug(ctx context.Context, slug string) (*lmo.Practice, error) {
	return db.findPractice(ctx, "slug = ?", slug)
}

func (db *DB) findPractice(ctx context.Context, where string, arg any) (*lmo.Practice, error) {
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM practices WHERE review_status = 'published' AND `+where, arg).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lmo.Errorf(lmo.ENOTFOUND, "There is no practice %v.", arg)
	} else if err != nil {
		return nil, err
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
	return db.writeValidated(ctx, lmo.RoleContributor, p, func(tx *sql.Tx) error {
		if lmo.UserFromContext(ctx).Role == lmo.RoleContributor {
			p.ReviewStatus = lmo.ReviewSubmitted
		}
		return db.createPractice(ctx, tx, p, note)
	})
}

// UpdatePractice replaces p, bumping its version, or fails with ECONFLICT when
// p.Version is not the stored one.
func (db *DB) UpdatePractice(ctx context.Context, p *lmo.Practice, note string) error {
	return db.writeValidated(ctx, lmo.RoleEditor, p, func(tx *sql.Tx) error {
		return db.updatePractice(ctx, tx, p, note)
	})
}

// writeValidated checks the role, validates p and runs write, all in one
// transaction.
func (db *DB) writeValidated(ctx context.Context, role string, p *lmo.Practice, write func(*sql.Tx) error) error {
	if err := lmo.RequireRole(ctx, role); err != nil {
		return err
	}
	tx, err := db.writeTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
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
	return tx.Commit()
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
	defer tx.Rollback()
	v, err := newValidator(ctx, tx)
	if err != nil {
		return counts, err
	}
	if err := lmo.CheckImport(ps, v.validate); err != nil {
		return counts, err
	}
	for _, p := range ps {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM practices WHERE slug = ?`, p.Slug).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			if err := db.createPractice(ctx, tx, p, note); err != nil {
				return counts, fmt.Errorf("create %s: %w", p.Slug, err)
			}
			counts.Created++
			continue
		} else if err != nil {
			return counts, err
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
	if err := tx.Commit(); err != nil {
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

func newValidator(ctx context.Context, tx *sql.Tx) (*validator, error) {
	v := &validator{countries: map[string]bool{}}
	var err error
	if v.vocabs, err = loadVocabularies(ctx, tx); err != nil {
		return nil, err
	}
	err = scanAll(ctx, tx, `SELECT code FROM countries`, nil, func(rows *sql.Rows) error {
		var c string
		err := rows.Scan(&c)
		v.countries[c] = true
		return err
	})
	return v, err
}

func (v *validator) validate(p *lmo.Practice) error {
	return p.Validate(v.vocabs, func(code string) bool { return v.countries[code] })
}

func (db *DB) createPractice(ctx context.Context, tx *sql.Tx, p *lmo.Practice, note string) error {
	var taken int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM practices WHERE slug = ?`, p.Slug).Scan(&taken); err != nil {
		return err
	}
	if taken > 0 {
		return lmo.Errorf(lmo.ECONFLICT, "A practice with the slug %q already exists.", p.Slug)
	}
	now := db.Now().UTC().Truncate(time.Microsecond)
	p.Version, p.CreatedAt, p.UpdatedAt = 1, now, now
	err := tx.QueryRowContext(ctx, `INSERT INTO practices (slug, title, summary, description, global, start_year, end_year, status,
		results, evidence_level, language, contact, review_status, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.Slug, p.Title, p.Summary, p.Description, p.Global, nullInt(p.StartYear), nullInt(p.EndYear), p.Status,
		p.Results, p.EvidenceLevel, p.Language, p.Contact, p.ReviewStatus, p.Version, formatTime(now), formatTime(now)).Scan(&p.ID)
	if err != nil {
		return err
	}
	return db.writeDerived(ctx, tx, p, note, "create")
}

func (db *DB) updatePractice(ctx context.Context, tx *sql.Tx, p *lmo.Practice, note string) error {
	var version int
	var created string
	err := tx.QueryRowContext(ctx, `SELECT version, created_at FROM practices WHERE id = ?`, p.ID).Scan(&version, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return lmo.Errorf(lmo.ENOTFOUND, "There is no practice %d.", p.ID)
	} else if err != nil {
		return err
	}
	if version != p.Version {
		return lmo.Errorf(lmo.ECONFLICT, "The practice was changed by someone else (version %d, yours %d). Reload it and apply your change again.", version, p.Version)
	}
	var taken int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM practices WHERE slug = ? AND id <> ?`, p.Slug, p.ID).Scan(&taken); err != nil {
		return err
	}
	if taken > 0 {
		return lmo.Errorf(lmo.ECONFLICT, "A practice with the slug %q already exists.", p.Slug)
	}
	now := db.Now().UTC().Truncate(time.Microsecond)
	p.Version, p.CreatedAt, p.UpdatedAt = version+1, parseTime(created), now
	_, err = tx.ExecContext(ctx, `UPDATE practices SET slug = ?, title = ?, summary = ?, description = ?, global = ?, start_year = ?,
		end_year = ?, status = ?, results = ?, evidence_level = ?, language = ?, contact = ?, review_status = ?, version = ?, updated_at = ?
		WHERE id = ?`,
		p.Slug, p.Title, p.Summary, p.Description, p.Global, nullInt(p.StartYear), nullInt(p.EndYear), p.Status, p.Results,
		p.EvidenceLevel, p.Language, p.Contact, p.ReviewStatus, p.Version, formatTime(now), p.ID)
	if err != nil {
		return err
	}
	for _, table := range []string{"practice_countries", "practice_corridors", "practice_terms", "practice_organisations", "practice_sources"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE practice_id = ?`, p.ID); err != nil {
			return err
		}
	}
	return db.writeDerived(ctx, tx, p, note, "update")
}

// writeDerived writes everything that hangs off a practice row: its children,
// facets, full-text entry, revision and audit entry.
func (db *DB) writeDerived(ctx context.Context, tx *sql.Tx, p *lmo.Practice, note, action string) error {
	if err := insertChildren(ctx, tx, p); err != nil {
		return err
	}
	if err := rebuildFacets(ctx, tx, "p.id = ?", p.ID); err != nil {
		return err
	}
	if err := reindex(ctx, tx, "p.id = ?", p.ID); err != nil {
		return err
	}
	if err := bumpPracticesVersion(ctx, tx); err != nil {
		return err
	}
	snapshot, err := json.Marshal(p)
	if err != nil {
		return err
	}
	author := lmo.UserFromContext(ctx).Name
	if _, err := tx.ExecContext(ctx, `INSERT INTO practice_revisions (practice_id, version, author, note, created_at, snapshot) VALUES (?, ?, ?, ?, ?, ?)`,
		p.ID, p.Version, author, note, formatTime(p.UpdatedAt), string(snapshot)); err != nil {
		return err
	}
	return db.audit(ctx, tx, action, "practice", fmt.Sprint(p.ID), p.Slug)
}
