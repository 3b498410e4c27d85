package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/lmo-observatory/lmo"
)

// createProject inserts p as version 1 owned by the account owner (0:
// imported), with its lists and first revision.
func (s *Projects) createProject(ctx context.Context, tx *Tx, p *lmo.Project, owner int64, note string) error {
	if err := projectSlugTaken(ctx, tx, p.Slug, 0); err != nil {
		return err
	}
	now := s.db.now()
	p.Version, p.CreatedAt, p.UpdatedAt = 1, now, now
	t := s.db.dialect.Time(now)
	b := budgetOf(p)
	err := tx.QueryRow(ctx, `INSERT INTO projects (slug, title, acronym, summary, global, start_date, start_first, end_date, end_last,
		budget_amount, budget_currency, budget_note, website, facts_checked, review_status, version, owner_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		[]any{p.Slug, p.Title, p.Acronym, p.Summary, p.Global, p.Start.String(), firstDay(p.Start), p.End.String(), lastDay(p.End),
			b.Amount, b.Currency, b.Note, p.Website, p.FactsChecked, p.ReviewStatus, p.Version, owner, t, t}, &p.ID)
	if err != nil {
		return fmt.Errorf("insert project %s: %w", p.Slug, err)
	}
	return writeProjectLists(ctx, tx, p, note)
}

// updateProject writes p (with the review status it carries) as the next
// version of the stored project; ECONFLICT unless p.Version is the stored
// one or when another project has its slug.
func (s *Projects) updateProject(ctx context.Context, tx *Tx, p *lmo.Project, note string) error {
	var version int
	err := tx.QueryRow(ctx, `SELECT version, created_at FROM projects WHERE id = ?`+s.db.dialect.ForUpdate(), []any{p.ID},
		&version, scanTime(&p.CreatedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(projectKind, p.ID)
	} else if err != nil {
		return fmt.Errorf("read project %d: %w", p.ID, err)
	}
	if version != p.Version {
		return lmo.Errorf(lmo.ECONFLICT, "The project was changed by someone else (version %d, yours %d). Reload it and apply your change again.", version, p.Version)
	}
	if err := projectSlugTaken(ctx, tx, p.Slug, p.ID); err != nil {
		return err
	}
	p.Version, p.UpdatedAt = version+1, s.db.now()
	b := budgetOf(p)
	_, err = tx.Exec(ctx, `UPDATE projects SET slug = ?, title = ?, acronym = ?, summary = ?, global = ?, start_date = ?, start_first = ?,
		end_date = ?, end_last = ?, budget_amount = ?, budget_currency = ?, budget_note = ?, website = ?, facts_checked = ?,
		review_status = ?, version = ?, updated_at = ? WHERE id = ?`,
		p.Slug, p.Title, p.Acronym, p.Summary, p.Global, p.Start.String(), firstDay(p.Start), p.End.String(), lastDay(p.End),
		b.Amount, b.Currency, b.Note, p.Website, p.FactsChecked, p.ReviewStatus, p.Version, s.db.dialect.Time(p.UpdatedAt), p.ID)
	if err != nil {
		return fmt.Errorf("update project %d: %w", p.ID, err)
	}
	for _, table := range []string{"project_countries", "project_partners", "project_themes", "project_practices", "project_instruments", "project_sources"} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE project_id = ?`, p.ID); err != nil {
			return fmt.Errorf("update project %d: %w", p.ID, err)
		}
	}
	return writeProjectLists(ctx, tx, p, note)
}

// budgetOf returns p's budget, or the zero budget that stands for none.
func budgetOf(p *lmo.Project) lmo.Budget {
	if p.Budget == nil {
		return lmo.Budget{}
	}
	return *p.Budget
}

// firstDay and lastDay are the first and last days a date may mean, "" for
// none.
func firstDay(d lmo.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.First().String()
}

func lastDay(d lmo.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Last().String()
}

// projectSlugTaken fails with ECONFLICT when another project than id has
// slug.
func projectSlugTaken(ctx context.Context, tx *Tx, slug string, id int64) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM projects WHERE slug = ? AND id <> ?`, []any{slug, id}, &n); err != nil {
		return fmt.Errorf("check slug %s: %w", slug, err)
	}
	if n > 0 {
		return lmo.Errorf(lmo.ECONFLICT, "A project with the slug %q already exists.", slug)
	}
	return nil
}

// writeProjectLists inserts the lists of p and its revision.
func writeProjectLists(ctx context.Context, tx *Tx, p *lmo.Project, note string) error {
	for _, c := range p.Countries {
		if _, err := tx.Exec(ctx, `INSERT INTO project_countries (project_id, country) VALUES (?, ?)`, p.ID, c); err != nil {
			return fmt.Errorf("countries of project %s: %w", p.Slug, err)
		}
	}
	for role, slugs := range map[string][]string{"donor": p.Donors, "implementer": p.Implementers} {
		for i, slug := range slugs {
			if _, err := tx.Exec(ctx, `INSERT INTO project_partners (project_id, role, position, partner_id)
				SELECT ?, ?, ?, id FROM partners WHERE slug = ?`, p.ID, role, i, slug); err != nil {
				return fmt.Errorf("%ss of project %s: %w", role, p.Slug, err)
			}
		}
	}
	for table, list := range map[string][]string{"project_themes (project_id, position, theme)": p.Themes,
		"project_practices (project_id, position, practice)": p.Practices, "project_instruments (project_id, position, instrument)": p.Instruments} {
		for i, v := range list {
			if _, err := tx.Exec(ctx, `INSERT INTO `+table+` VALUES (?, ?, ?)`, p.ID, i, v); err != nil {
				return fmt.Errorf("lists of project %s: %w", p.Slug, err)
			}
		}
	}
	for i, src := range p.Sources {
		if _, err := tx.Exec(ctx, `INSERT INTO project_sources (project_id, position, title, publisher, url, year) VALUES (?, ?, ?, ?, ?, ?)`,
			p.ID, i, src.Title, src.Publisher, src.URL, src.Year); err != nil {
			return fmt.Errorf("source %d of project %s: %w", i+1, p.Slug, err)
		}
	}
	snapshot, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("revision of project %d: %w", p.ID, err)
	}
	return writeRevision(ctx, tx, lmo.KindProject, p.ID, p.Version, note, p.UpdatedAt, snapshot)
}
