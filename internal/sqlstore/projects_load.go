package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/lmo-observatory/lmo"
)

// projectColumns are the columns of a project row, as scanProject reads
// them.
const projectColumns = `p.id, p.slug, p.title, p.acronym, p.summary, p.global, p.start_date, p.end_date, p.budget_amount,
	p.budget_currency, p.budget_note, p.website, p.facts_checked, p.review_status, p.version, p.created_at, p.updated_at`

// loadProjects reads the projects p for which where holds, with their
// lists, newest start first, then title.
func loadProjects(ctx context.Context, tx *Tx, where string, args []any) ([]*lmo.Project, error) {
	out := []*lmo.Project{}
	byID := map[int64]*lmo.Project{}
	b := tx.db.dialect.BinaryOrder()
	query := `SELECT ` + projectColumns + ` FROM projects p WHERE ` + where +
		` ORDER BY p.start_first DESC, p.title` + b + `, p.id`
	err := tx.Each(ctx, query, args, func(rows *sql.Rows) error {
		p, err := scanProject(rows)
		if err != nil {
			return err
		}
		out = append(out, p)
		byID[p.ID] = p
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find projects: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	if err := loadProjectLists(ctx, tx, where, args, byID); err != nil {
		return nil, err
	}
	for _, p := range out {
		p.Normalize()
	}
	return out, nil
}

// scanProject reads one row of projectColumns.
func scanProject(rows *sql.Rows) (*lmo.Project, error) {
	p := &lmo.Project{}
	var start, end string
	var budget lmo.Budget
	err := rows.Scan(&p.ID, &p.Slug, &p.Title, &p.Acronym, &p.Summary, &p.Global, &start, &end, &budget.Amount,
		&budget.Currency, &budget.Note, &p.Website, &p.FactsChecked, &p.ReviewStatus, &p.Version,
		scanTime(&p.CreatedAt), scanTime(&p.UpdatedAt))
	if err != nil {
		return nil, err
	}
	if err := parseDates(map[string]*lmo.Date{start: &p.Start, end: &p.End}); err != nil {
		return nil, fmt.Errorf("project %s: %w", p.Slug, err)
	}
	if budget.Amount != 0 {
		p.Budget = &budget
	}
	return p, nil
}

// loadProjectLists reads the lists of the projects of where into byID, one
// query per child table.
func loadProjectLists(ctx context.Context, tx *Tx, where string, args []any, byID map[int64]*lmo.Project) error {
	of := ` WHERE c.project_id IN (SELECT p.id FROM projects p WHERE ` + where + `)`
	lists := []struct {
		query string
		add   func(p *lmo.Project, v string)
	}{
		{`SELECT c.project_id, c.country FROM project_countries c` + of + ` ORDER BY c.project_id, c.country`,
			func(p *lmo.Project, v string) { p.Countries = append(p.Countries, v) }},
		{`SELECT c.project_id, o.slug FROM project_partners c JOIN partners o ON o.id = c.partner_id` + of +
			` AND c.role = 'donor' ORDER BY c.project_id, c.position`,
			func(p *lmo.Project, v string) { p.Donors = append(p.Donors, v) }},
		{`SELECT c.project_id, o.slug FROM project_partners c JOIN partners o ON o.id = c.partner_id` + of +
			` AND c.role = 'implementer' ORDER BY c.project_id, c.position`,
			func(p *lmo.Project, v string) { p.Implementers = append(p.Implementers, v) }},
		{`SELECT c.project_id, c.theme FROM project_themes c` + of + ` ORDER BY c.project_id, c.position`,
			func(p *lmo.Project, v string) { p.Themes = append(p.Themes, v) }},
		{`SELECT c.project_id, c.practice FROM project_practices c` + of + ` ORDER BY c.project_id, c.position`,
			func(p *lmo.Project, v string) { p.Practices = append(p.Practices, v) }},
		{`SELECT c.project_id, c.instrument FROM project_instruments c` + of + ` ORDER BY c.project_id, c.position`,
			func(p *lmo.Project, v string) { p.Instruments = append(p.Instruments, v) }},
	}
	for _, l := range lists {
		err := tx.Each(ctx, l.query, args, func(rows *sql.Rows) error {
			var id int64
			var v string
			if err := rows.Scan(&id, &v); err != nil {
				return err
			}
			if p := byID[id]; p != nil {
				l.add(p, v)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("find the lists of projects: %w", err)
		}
	}
	err := tx.Each(ctx, `SELECT c.project_id, c.title, c.publisher, c.url, c.year FROM project_sources c`+of+
		` ORDER BY c.project_id, c.position`, args, func(rows *sql.Rows) error {
		var id int64
		var src lmo.Source
		if err := rows.Scan(&id, &src.Title, &src.Publisher, &src.URL, &src.Year); err != nil {
			return err
		}
		if p := byID[id]; p != nil {
			p.Sources = append(p.Sources, src)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("find the sources of projects: %w", err)
	}
	return nil
}

// loadOrganisations reads every organisation with its memberships and
// sources, by name.
func loadOrganisations(ctx context.Context, tx *Tx) ([]*lmo.Organisation, error) {
	out := []*lmo.Organisation{}
	byID := map[int64]*lmo.Organisation{}
	err := tx.Each(ctx, `SELECT id, slug, name, acronym, type, website, country, summary, version, created_at, updated_at
		FROM partners ORDER BY name`+tx.db.dialect.BinaryOrder()+`, id`, nil, func(rows *sql.Rows) error {
		o := &lmo.Organisation{}
		if err := rows.Scan(&o.ID, &o.Slug, &o.Name, &o.Acronym, &o.Type, &o.Website, &o.Country, &o.Summary, &o.Version,
			scanTime(&o.CreatedAt), scanTime(&o.UpdatedAt)); err != nil {
			return err
		}
		out = append(out, o)
		byID[o.ID] = o
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find organisations: %w", err)
	}
	err = tx.Each(ctx, `SELECT m.partner_id, o.slug, m.joined, m.left_on, m.source_title, m.source_publisher, m.source_url, m.source_year
		FROM partner_memberships m JOIN partners o ON o.id = m.of_id ORDER BY m.partner_id, m.position`, nil, func(rows *sql.Rows) error {
		var id int64
		var m lmo.Membership
		var joined, left string
		var src lmo.Source
		if err := rows.Scan(&id, &m.Of, &joined, &left, &src.Title, &src.Publisher, &src.URL, &src.Year); err != nil {
			return err
		}
		if err := parseDates(map[string]*lmo.Date{joined: &m.Joined, left: &m.Left}); err != nil {
			return fmt.Errorf("membership of %s: %w", m.Of, err)
		}
		if src.Title != "" || src.URL != "" {
			m.Source = &src
		}
		if o := byID[id]; o != nil {
			o.Memberships = append(o.Memberships, m)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find memberships: %w", err)
	}
	err = tx.Each(ctx, `SELECT partner_id, title, publisher, url, year FROM partner_sources ORDER BY partner_id, position`, nil,
		func(rows *sql.Rows) error {
			var id int64
			var src lmo.Source
			if err := rows.Scan(&id, &src.Title, &src.Publisher, &src.URL, &src.Year); err != nil {
				return err
			}
			if o := byID[id]; o != nil {
				o.Sources = append(o.Sources, src)
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("find the sources of organisations: %w", err)
	}
	for _, o := range out {
		o.Normalize()
	}
	return out, nil
}
