package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"sync/atomic"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/searchindex"
)

// Practices is the service of good practices. It keeps this node's search
// caches: the facet index of the latest practices version seen and the
// matches of recent searches' words.
type Practices struct {
	db    *DB
	index searchindex.Cache[*practiceIndex]
	texts *searchindex.TextCache
	// compacting is set while a compaction of the full-text index runs in
	// the background.
	compacting atomic.Bool
	// builds and updates count the full builds and incremental updates of
	// the index, for the tests.
	builds, updates atomic.Int64
}

var _ lmo.PracticeService = (*Practices)(nil)

// NewPractices returns the practice service on db.
func NewPractices(db *DB) *Practices {
	s := &Practices{db: db, texts: searchindex.NewTextCache(searchindex.DefaultTextCacheSize)}
	s.index.Keep = sameRoot
	return s
}

// SetTextCacheSize changes how many searches' words the service remembers; 0
// turns the cache off (benchmarks of first-time searches).
func (s *Practices) SetTextCacheSize(n int) { s.texts = searchindex.NewTextCache(n) }

// FindPracticeByID returns a published practice, or ENOTFOUND.
func (s *Practices) FindPracticeByID(ctx context.Context, id int64) (*lmo.Practice, error) {
	return s.findPractice(ctx, "id = ?", id)
}

// FindPracticeBySlug returns a published practice by slug, or ENOTFOUND.
func (s *Practices) FindPracticeBySlug(ctx context.Context, slug string) (*lmo.Practice, error) {
	return s.findPractice(ctx, "slug = ?", slug)
}

func (s *Practices) findPractice(ctx context.Context, where string, arg any) (p *lmo.Practice, err error) {
	err = s.db.readIn(ctx, func(tx *Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `SELECT id FROM practices WHERE review_status = 'published' AND `+where, []any{arg}, &id)
		if errors.Is(err, sql.ErrNoRows) {
			return lmo.Errorf(lmo.ENOTFOUND, "There is no practice %v.", arg)
		} else if err != nil {
			return fmt.Errorf("find practice %v: %w", arg, err)
		}
		ps, err := loadPractices(ctx, tx, []int64{id})
		if err != nil {
			return err
		}
		p = ps[0]
		return nil
	})
	return p, err
}

// CreatePractice validates and stores p as version 1 with its first
// revision, owned by the signed-in user. A contributor's practice is
// submitted for review (or a draft, when p asks for one), never published,
// and counts towards lmo.MaxSubmissionsPerHour; an editor's takes the status
// p gives (published by default).
func (s *Practices) CreatePractice(ctx context.Context, p *lmo.Practice, note string) error {
	return s.writeValidated(ctx, lmo.RoleContributor, p, func(tx *Tx) error {
		status, err := creationStatus(ctx, tx, p.ReviewStatus)
		if err != nil {
			return err
		}
		p.ReviewStatus = status
		return s.createPractice(ctx, tx, p, lmo.UserFromContext(ctx).ID, note)
	})
}

// UpdatePractice replaces p, bumping its version, or fails with ECONFLICT when
// p.Version is not the stored one. An editor may edit any practice, its
// owner one that lmo.MayEdit allows; to anyone else an unpublished practice
// does not exist (ENOTFOUND). The stored review status is kept.
func (s *Practices) UpdatePractice(ctx context.Context, p *lmo.Practice, note string) error {
	return s.writeValidated(ctx, lmo.RoleContributor, p, func(tx *Tx) error {
		it, err := readItem(ctx, tx, practiceKind, p.ID, true)
		if err != nil {
			return err
		}
		if err := mayEdit(ctx, it); err != nil {
			return err
		}
		p.ReviewStatus = it.Status
		return s.updatePractice(ctx, tx, p, note, "update")
	})
}

// writeValidated checks the role, validates p and runs write, all in one
// transaction.
func (s *Practices) writeValidated(ctx context.Context, role string, p *lmo.Practice, write func(*Tx) error) error {
	if err := lmo.RequireRole(ctx, role); err != nil {
		return err
	}
	return s.db.writeIn(ctx, func(tx *Tx) error {
		v, err := newValidator(ctx, tx)
		if err != nil {
			return err
		}
		if err := v.validate(p); err != nil {
			return err
		}
		return write(tx)
	})
}

// ImportPractices creates, updates or leaves alone each practice of ps by
// slug, all in one transaction. The practices are read one at a time, so an
// import of any size holds one practice in memory; every one is validated,
// and when any fails (or ps yields an error) nothing is written and the
// error names each failing item.
func (s *Practices) ImportPractices(ctx context.Context, ps iter.Seq2[*lmo.Practice, error], note string) (lmo.ImportCounts, error) {
	var counts lmo.ImportCounts
	if err := lmo.RequireRole(ctx, lmo.RoleEditor); err != nil {
		return counts, err
	}
	err := s.db.writeIn(ctx, func(tx *Tx) error {
		// Imports of the same slugs from two nodes queue here rather than
		// both creating.
		if err := s.db.dialect.Lock(ctx, tx, "practices"); err != nil {
			return err
		}
		v, err := newValidator(ctx, tx)
		if err != nil {
			return err
		}
		check := lmo.NewImportCheck()
		for p, err := range ps {
			if err != nil {
				return err
			}
			if !check.Add(p, v.validate) {
				continue // keep validating, write nothing more
			}
			if err := s.importOne(ctx, tx, p, note, &counts); err != nil {
				return err
			}
		}
		return check.Err()
	})
	if err != nil {
		return lmo.ImportCounts{}, err
	}
	return counts, nil
}

// importOne creates p, updates it as a new version, or leaves it alone when
// its content is what is stored, and counts which.
func (s *Practices) importOne(ctx context.Context, tx *Tx, p *lmo.Practice, note string, counts *lmo.ImportCounts) error {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM practices WHERE slug = ?`, []any{p.Slug}, &id)
	if errors.Is(err, sql.ErrNoRows) {
		if err := s.createPractice(ctx, tx, p, 0, note); err != nil {
			return fmt.Errorf("create %s: %w", p.Slug, err)
		}
		counts.Created++
		return nil
	} else if err != nil {
		return fmt.Errorf("import %s: %w", p.Slug, err)
	}
	old, err := loadPractices(ctx, tx, []int64{id})
	if err != nil {
		return err
	}
	if old[0].SameContent(p) {
		*p = *old[0]
		counts.Unchanged++
		return nil
	}
	p.ID, p.Version = id, old[0].Version
	if err := s.updatePractice(ctx, tx, p, note, "update"); err != nil {
		return fmt.Errorf("update %s: %w", p.Slug, err)
	}
	counts.Updated++
	return nil
}

// validator checks practices against the vocabularies and countries as they
// stand in one transaction, loaded once.
type validator struct {
	vocabs    lmo.Vocabularies
	countries map[string]bool
}

func newValidator(ctx context.Context, tx *Tx) (*validator, error) {
	v := &validator{countries: map[string]bool{}}
	var err error
	if v.vocabs, err = loadVocabularies(ctx, tx); err != nil {
		return nil, err
	}
	err = tx.Each(ctx, `SELECT code FROM countries`, nil, func(rows *sql.Rows) error {
		var c string
		err := rows.Scan(&c)
		v.countries[c] = true
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load country codes: %w", err)
	}
	return v, nil
}

func (v *validator) validate(p *lmo.Practice) error {
	return p.Validate(v.vocabs, func(code string) bool { return v.countries[code] })
}

// slugTaken fails with ECONFLICT when another practice than id has slug.
func slugTaken(ctx context.Context, tx *Tx, slug string, id int64) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM practices WHERE slug = ? AND id <> ?`, []any{slug, id}, &n); err != nil {
		return fmt.Errorf("check slug %s: %w", slug, err)
	}
	if n > 0 {
		return lmo.Errorf(lmo.ECONFLICT, "A practice with the slug %q already exists.", slug)
	}
	return nil
}

// createPractice inserts p as version 1, owned by the account owner (0 for
// none: imported or seeded).
func (s *Practices) createPractice(ctx context.Context, tx *Tx, p *lmo.Practice, owner int64, note string) error {
	if err := slugTaken(ctx, tx, p.Slug, 0); err != nil {
		return err
	}
	now := s.db.now()
	p.Version, p.CreatedAt, p.UpdatedAt = 1, now, now
	t := s.db.dialect.Time(now)
	err := tx.QueryRow(ctx, `INSERT INTO practices (slug, title, summary, description, global, start_year, end_year, status,
		results, evidence_level, language, contact, review_status, version, created_at, updated_at, lessons, facts_checked, owner_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		[]any{p.Slug, p.Title, p.Summary, p.Description, p.Global, nullInt(p.StartYear), nullInt(p.EndYear), p.Status,
			p.Results, p.EvidenceLevel, p.Language, contactText(p.Contact), p.ReviewStatus, p.Version, t, t,
			p.Lessons, p.FactsChecked, owner}, &p.ID)
	if err != nil {
		return fmt.Errorf("insert practice %s: %w", p.Slug, err)
	}
	return s.writeDerived(ctx, tx, p, note, "create")
}

// updatePractice writes p (with the review status it carries) as the next
// version of the stored practice, ECONFLICT unless p.Version is the stored
// one; action names the write in the audit log.
func (s *Practices) updatePractice(ctx context.Context, tx *Tx, p *lmo.Practice, note, action string) error {
	var version int
	err := tx.QueryRow(ctx, `SELECT version, created_at FROM practices WHERE id = ?`+s.db.dialect.ForUpdate(), []any{p.ID},
		&version, scanTime(&p.CreatedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return lmo.Errorf(lmo.ENOTFOUND, "There is no practice %d.", p.ID)
	} else if err != nil {
		return fmt.Errorf("read practice %d: %w", p.ID, err)
	}
	if version != p.Version {
		return lmo.Errorf(lmo.ECONFLICT, "The practice was changed by someone else (version %d, yours %d). Reload it and apply your change again.", version, p.Version)
	}
	if err := slugTaken(ctx, tx, p.Slug, p.ID); err != nil {
		return err
	}
	p.Version, p.UpdatedAt = version+1, s.db.now()
	_, err = tx.Exec(ctx, `UPDATE practices SET slug = ?, title = ?, summary = ?, description = ?, global = ?, start_year = ?,
		end_year = ?, status = ?, results = ?, evidence_level = ?, language = ?, contact = ?, review_status = ?, version = ?, updated_at = ?,
		lessons = ?, facts_checked = ?
		WHERE id = ?`,
		p.Slug, p.Title, p.Summary, p.Description, p.Global, nullInt(p.StartYear), nullInt(p.EndYear), p.Status, p.Results,
		p.EvidenceLevel, p.Language, contactText(p.Contact), p.ReviewStatus, p.Version, s.db.dialect.Time(p.UpdatedAt),
		p.Lessons, p.FactsChecked, p.ID)
	if err != nil {
		return fmt.Errorf("update practice %d: %w", p.ID, err)
	}
	if err := deleteChildren(ctx, tx, p.ID); err != nil {
		return err
	}
	return s.writeDerived(ctx, tx, p, note, action)
}

// writeDerived writes everything that hangs off a practice row: its children,
// facets, full-text entry, revision and audit entry.
func (s *Practices) writeDerived(ctx context.Context, tx *Tx, p *lmo.Practice, note, action string) error {
	if err := insertChildren(ctx, tx, p); err != nil {
		return err
	}
	if err := s.refreshDerived(ctx, tx, p.ID); err != nil {
		return err
	}
	snapshot, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("revision of practice %d: %w", p.ID, err)
	}
	if err := writeRevision(ctx, tx, lmo.KindPractice, p.ID, p.Version, note, p.UpdatedAt, snapshot); err != nil {
		return err
	}
	return tx.audit(ctx, action, "practice", fmt.Sprint(p.ID), p.Slug)
}

// refreshDerived rewrites the facets and full-text entry of practice id
// (both hold published practices only), moves practices_version and logs
// the change, so that every node's search index and caches follow.
func (s *Practices) refreshDerived(ctx context.Context, tx *Tx, id int64) error {
	if err := rebuildFacets(ctx, tx, "p.id = ?", id); err != nil {
		return err
	}
	if err := s.db.dialect.ReindexPractices(ctx, tx, "p.id = ?", id); err != nil {
		return fmt.Errorf("full text of practice %d: %w", id, err)
	}
	if err := tx.bumpVersion(ctx, "practices_version"); err != nil {
		return err
	}
	return logPracticeChange(ctx, tx, id)
}

// contactText is how a contact is stored: its JSON, or "" for none.
func contactText(c *lmo.Contact) string {
	if c == nil {
		return ""
	}
	b, _ := json.Marshal(c) // a struct of strings always encodes
	return string(b)
}

// contactScanner reads a stored contact: JSON, or free text kept from
// before contacts had fields (read as the name), or "" for none.
type contactScanner struct{ c **lmo.Contact }

// Scan implements sql.Scanner.
func (s contactScanner) Scan(v any) error {
	var text string
	switch v := v.(type) {
	case string:
		text = v
	case []byte:
		text = string(v)
	case nil:
	default:
		return fmt.Errorf("contact: unexpected %T", v)
	}
	if text == "" {
		*s.c = nil
		return nil
	}
	c := &lmo.Contact{}
	if err := json.Unmarshal([]byte(text), c); err != nil {
		c = &lmo.Contact{Name: text}
	}
	*s.c = c
	return nil
}
