package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// ImportAgreements validates every agreement, then creates, updates or
// leaves alone each by slug in one transaction; see lmo.AgreementService.
// A new agreement is published; an updated one keeps the review status an
// editor gave it. When any item fails, nothing is written and EINVALID
// names each failing item by its position and slug.
func (s *Agreements) ImportAgreements(ctx context.Context, as []*lmo.Agreement, note string) (counts lmo.ImportCounts, err error) {
	if err := lmo.RequireRole(ctx, lmo.RoleEditor); err != nil {
		return counts, err
	}
	err = s.db.writeIn(ctx, func(tx *Tx) error {
		if err := s.db.dialect.Lock(ctx, tx, "agreements"); err != nil {
			return err
		}
		exists, err := countryCodes(ctx, tx)
		if err != nil {
			return err
		}
		if err := checkAgreements(as, exists); err != nil {
			return err
		}
		for _, a := range as {
			if err := s.importOne(ctx, tx, a, note, &counts); err != nil {
				return err
			}
		}
		if counts.Created+counts.Updated == 0 {
			return nil
		}
		return tx.audit(ctx, "import", "agreements", "", fmt.Sprintf("%s; %+v", note, counts))
	})
	if err != nil {
		return lmo.ImportCounts{}, err
	}
	return counts, nil
}

// checkAgreements normalises and validates each agreement and refuses a
// slug given twice, naming every failing item.
func checkAgreements(as []*lmo.Agreement, exists func(string) bool) error {
	var problems []string
	slugs := map[string]int{}
	for i, a := range as {
		if a == nil {
			problems = append(problems, fmt.Sprintf("item %d: null is not an agreement", i+1))
			continue
		}
		a.Normalize()
		if err := a.Validate(exists); err != nil {
			problems = append(problems, fmt.Sprintf("item %d: %s", i+1, lmo.ErrorMessage(err)))
		} else if first, dup := slugs[a.Slug]; dup {
			problems = append(problems, fmt.Sprintf("item %d: slug %q is also item %d", i+1, a.Slug, first))
		}
		slugs[a.Slug] = i + 1
	}
	if len(problems) > 0 {
		return lmo.Errorf(lmo.EINVALID, "Nothing was imported. %s", strings.Join(problems, " "))
	}
	return nil
}

// countryCodes returns whether an alpha-2 code is a country of tx.
func countryCodes(ctx context.Context, tx *Tx) (func(string) bool, error) {
	codes := map[string]bool{}
	err := tx.Each(ctx, `SELECT code FROM countries`, nil, func(rows *sql.Rows) error {
		var c string
		err := rows.Scan(&c)
		codes[c] = true
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load country codes: %w", err)
	}
	return func(code string) bool { return codes[code] }, nil
}

// importOne creates a, updates it as a new version, or leaves it alone when
// its content is what is stored, and counts which.
func (s *Agreements) importOne(ctx context.Context, tx *Tx, a *lmo.Agreement, note string, counts *lmo.ImportCounts) error {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM agreements WHERE slug = ?`, []any{a.Slug}, &id)
	if errNoRows(err) {
		a.ReviewStatus = lmo.ReviewPublished
		if err := s.create(ctx, tx, a, 0, note); err != nil {
			return fmt.Errorf("create agreement %s: %w", a.Slug, err)
		}
		counts.Created++
		return nil
	} else if err != nil {
		return fmt.Errorf("import agreement %s: %w", a.Slug, err)
	}
	old, err := loadAgreement(ctx, tx, id)
	if err != nil {
		return err
	}
	if old.SameContent(a) {
		*a = *old
		counts.Unchanged++
		return nil
	}
	a.ID, a.Version, a.ReviewStatus = id, old.Version, old.ReviewStatus
	if err := s.update(ctx, tx, a, note, "update"); err != nil {
		return fmt.Errorf("update agreement %s: %w", a.Slug, err)
	}
	counts.Updated++
	return nil
}

// agreementRow is the row of a in agreements' column order from slug to
// facts_checked.
func agreementRow(a *lmo.Agreement) []any {
	return []any{a.Slug, a.Title, a.Type, a.Regional, a.Signed.String(), dayOrEmpty(a.Signed.First()), a.InForce.String(),
		dayOrEmpty(a.InForce.First()), a.Ended.String(), dayOrEmpty(a.Ended.Last()), string(a.BenefitsAbroad), string(a.Totalisation),
		string(a.DomesticWorkers), a.Workers, a.Summary, a.FactsChecked}
}

// dayOrEmpty is the day d as text, or "" for the zero date.
func dayOrEmpty(d lmo.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

const agreementWriteColumns = `slug, title, type, regional, signed, signed_first, in_force, in_force_first, ended, ended_last,
	benefits_abroad, totalisation, domestic_workers, workers, summary, facts_checked`

// create inserts a, normalised and valid, as version 1 owned by the
// account owner (0: imported).
func (s *Agreements) create(ctx context.Context, tx *Tx, a *lmo.Agreement, owner int64, note string) error {
	now := s.db.now()
	a.Version, a.CreatedAt, a.UpdatedAt = 1, now, now
	t := s.db.dialect.Time(now)
	args := append(agreementRow(a), a.ReviewStatus, a.Version, owner, t, t)
	err := tx.QueryRow(ctx, `INSERT INTO agreements (`+agreementWriteColumns+`, review_status, version, owner_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, args, &a.ID)
	if err != nil {
		return fmt.Errorf("insert agreement %s: %w", a.Slug, err)
	}
	return s.writeDerived(ctx, tx, a, note, "create")
}

// update writes a (with the review status it carries) as the next version
// of the stored agreement: ECONFLICT unless a.Version is the stored one or
// when its slug is another's; action names the write in the audit log.
func (s *Agreements) update(ctx context.Context, tx *Tx, a *lmo.Agreement, note, action string) error {
	var version int
	err := tx.QueryRow(ctx, `SELECT version, created_at FROM agreements WHERE id = ?`+s.db.dialect.ForUpdate(), []any{a.ID},
		&version, scanTime(&a.CreatedAt))
	if errNoRows(err) {
		return notFound(agreementKind, a.ID)
	} else if err != nil {
		return fmt.Errorf("read agreement %d: %w", a.ID, err)
	}
	if version != a.Version {
		return lmo.Errorf(lmo.ECONFLICT, "The agreement was changed by someone else (version %d, yours %d). Reload it and apply your change again.", version, a.Version)
	}
	var taken int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM agreements WHERE slug = ? AND id <> ?`, []any{a.Slug, a.ID}, &taken); err != nil {
		return fmt.Errorf("check slug %s: %w", a.Slug, err)
	}
	if taken > 0 {
		return lmo.Errorf(lmo.ECONFLICT, "An agreement with the slug %q already exists.", a.Slug)
	}
	a.Version, a.UpdatedAt = version+1, s.db.now()
	args := append(agreementRow(a), a.ReviewStatus, a.Version, s.db.dialect.Time(a.UpdatedAt), a.ID)
	if _, err := tx.Exec(ctx, `UPDATE agreements SET slug = ?, title = ?, type = ?, regional = ?, signed = ?, signed_first = ?,
		in_force = ?, in_force_first = ?, ended = ?, ended_last = ?, benefits_abroad = ?, totalisation = ?, domestic_workers = ?,
		workers = ?, summary = ?, facts_checked = ?, review_status = ?, version = ?, updated_at = ? WHERE id = ?`, args...); err != nil {
		return fmt.Errorf("update agreement %d: %w", a.ID, err)
	}
	for _, child := range []string{"agreement_parties", "agreement_branches", "agreement_sources"} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+child+` WHERE agreement_id = ?`, a.ID); err != nil {
			return fmt.Errorf("update agreement %d: %w", a.ID, err)
		}
	}
	return s.writeDerived(ctx, tx, a, note, action)
}

// writeDerived writes the child rows of a, its revision and audit entry,
// and moves agreements_version.
func (s *Agreements) writeDerived(ctx context.Context, tx *Tx, a *lmo.Agreement, note, action string) error {
	for _, p := range a.Parties {
		if _, err := tx.Exec(ctx, `INSERT INTO agreement_parties (agreement_id, country) VALUES (?, ?)`, a.ID, p); err != nil {
			return fmt.Errorf("party %s of agreement %s: %w", p, a.Slug, err)
		}
	}
	for _, b := range a.Branches {
		if _, err := tx.Exec(ctx, `INSERT INTO agreement_branches (agreement_id, branch) VALUES (?, ?)`, a.ID, b); err != nil {
			return fmt.Errorf("branch %s of agreement %s: %w", b, a.Slug, err)
		}
	}
	for i, src := range a.Sources {
		if _, err := tx.Exec(ctx, `INSERT INTO agreement_sources (agreement_id, position, title, publisher, url, year) VALUES (?, ?, ?, ?, ?, ?)`,
			a.ID, i, src.Title, src.Publisher, src.URL, src.Year); err != nil {
			return fmt.Errorf("source %d of agreement %s: %w", i+1, a.Slug, err)
		}
	}
	if err := tx.bumpVersion(ctx, "agreements_version"); err != nil {
		return err
	}
	snapshot, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("revision of agreement %d: %w", a.ID, err)
	}
	if err := writeRevision(ctx, tx, lmo.KindAgreement, a.ID, a.Version, note, a.UpdatedAt, snapshot); err != nil {
		return err
	}
	return tx.audit(ctx, action, lmo.KindAgreement, fmt.Sprint(a.ID), a.Slug)
}
