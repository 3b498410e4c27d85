package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// ImportDirectory validates every organisation and project of d (their
// references to one another and to what is stored included), then writes
// them in one transaction: organisations first, then projects, matched by
// slug, created, updated as a new version or left alone; nothing is deleted.
// Each project written gets a revision. A new project takes the review
// status it gives (published when it gives none); an updated one keeps the
// stored status. EINVALID names each failing item and writes nothing.
// Editor or above.
func (s *Projects) ImportDirectory(ctx context.Context, d lmo.Directory, note string) (counts lmo.DirectoryImportCounts, err error) {
	if err := lmo.RequireRole(ctx, lmo.RoleEditor); err != nil {
		return counts, err
	}
	err = s.db.writeIn(ctx, func(tx *Tx) error {
		if err := s.db.dialect.Lock(ctx, tx, "partners", "projects"); err != nil {
			return err
		}
		refs, err := newProjectRefs(ctx, tx, d.Organisations)
		if err != nil {
			return err
		}
		if err := validateDirectory(d, refs.ProjectRefs); err != nil {
			return err
		}
		if counts.Organisations, err = s.writeOrganisations(ctx, tx, d.Organisations); err != nil {
			return err
		}
		if counts.Projects, err = s.writeProjects(ctx, tx, d.Projects, note); err != nil {
			return err
		}
		if changed(counts.Organisations) == 0 && changed(counts.Projects) == 0 {
			return nil
		}
		if err := tx.bumpVersion(ctx, "projects_version"); err != nil {
			return err
		}
		return tx.audit(ctx, "import", "projects", "", fmt.Sprintf("%s; organisations %+v, projects %+v", note, counts.Organisations, counts.Projects))
	})
	if err != nil {
		return lmo.DirectoryImportCounts{}, err
	}
	return counts, nil
}

// changed counts what an import created or updated.
func changed(c lmo.ImportCounts) int { return c.Created + c.Updated }

// projectRefs are the codes and slugs that exist in one transaction, with
// the organisations of an import.
type projectRefs struct {
	lmo.ProjectRefs
	partners map[string]int64 // the stored organisations' ids by slug
}

// newProjectRefs reads what projects and organisations may refer to:
// countries, organisations (stored or among imported), practices,
// instruments (the standards' or the instrument vocabulary's) and the
// vocabularies.
func newProjectRefs(ctx context.Context, tx *Tx, imported []*lmo.Organisation) (*projectRefs, error) {
	vocabs, err := loadVocabularies(ctx, tx)
	if err != nil {
		return nil, err
	}
	sets := map[string]map[string]bool{}
	for name, query := range map[string]string{
		"countries":   `SELECT code FROM countries`,
		"practices":   `SELECT slug FROM practices`,
		"instruments": `SELECT code FROM instruments`,
	} {
		if sets[name], err = readSet(ctx, tx, query); err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
	}
	if v := vocabs[lmo.VocabInstrument]; v != nil {
		for _, t := range v.Terms {
			sets["instruments"][t.Code] = true
		}
	}
	r := &projectRefs{partners: map[string]int64{}}
	err = tx.Each(ctx, `SELECT slug, id FROM partners`, nil, func(rows *sql.Rows) error {
		var slug string
		var id int64
		err := rows.Scan(&slug, &id)
		r.partners[slug] = id
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read organisations: %w", err)
	}
	orgs := map[string]bool{}
	for slug := range r.partners {
		orgs[slug] = true
	}
	for _, o := range imported {
		if o != nil {
			orgs[o.Slug] = true
		}
	}
	r.ProjectRefs = lmo.ProjectRefs{
		Country:      func(c string) bool { return sets["countries"][c] },
		Organisation: func(s string) bool { return orgs[s] },
		Practice:     func(s string) bool { return sets["practices"][s] },
		Instrument:   func(c string) bool { return sets["instruments"][c] },
		Vocabularies: vocabs,
	}
	return r, nil
}

// readSet reads the one text column of query as a set.
func readSet(ctx context.Context, tx *Tx, query string) (map[string]bool, error) {
	set := map[string]bool{}
	err := tx.Each(ctx, query, nil, func(rows *sql.Rows) error {
		var v string
		err := rows.Scan(&v)
		set[v] = true
		return err
	})
	return set, err
}

// validateDirectory checks every item of d, naming each failing one by its
// place and slug ("project 3 (gap-mdw): ...").
func validateDirectory(d lmo.Directory, refs lmo.ProjectRefs) error {
	var problems []string
	seen := map[string]int{}
	for i, o := range d.Organisations {
		if o == nil {
			problems = append(problems, fmt.Sprintf("organisation %d: null is not an organisation", i+1))
			continue
		}
		if err := o.Validate(refs); err != nil {
			problems = append(problems, fmt.Sprintf("organisation %d (%s): %s", i+1, o.Slug, lmo.ErrorMessage(err)))
		} else if first, dup := seen[o.Slug]; dup {
			problems = append(problems, fmt.Sprintf("organisation %d (%s): the slug is also organisation %d's", i+1, o.Slug, first))
		}
		seen[o.Slug] = i + 1
	}
	seen = map[string]int{}
	for i, p := range d.Projects {
		if p == nil {
			problems = append(problems, fmt.Sprintf("project %d: null is not a project", i+1))
			continue
		}
		err := p.Validate(refs)
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("project %d (%s): %s", i+1, p.Slug, lmo.ErrorMessage(err)))
		case p.ReviewStatus != "" && !slices.Contains(lmo.ReviewStatuses, p.ReviewStatus):
			problems = append(problems, fmt.Sprintf("project %d (%s): unknown review status %q", i+1, p.Slug, p.ReviewStatus))
		case seen[p.Slug] > 0:
			problems = append(problems, fmt.Sprintf("project %d (%s): the slug is also project %d's", i+1, p.Slug, seen[p.Slug]))
		}
		seen[p.Slug] = i + 1
	}
	if len(problems) > 0 {
		return lmo.Errorf(lmo.EINVALID, "Nothing was imported. %s", strings.Join(problems, "; "))
	}
	return nil
}

// sameJSON reports whether a and b encode alike once fix has cleared what
// an import does not compare (ids, versions, times).
func sameJSON[T any](a, b T, fix func(*T)) bool {
	fix(&a)
	fix(&b)
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}

// writeOrganisations creates, updates or leaves alone each organisation,
// then writes the memberships of those it created or updated (which may
// name organisations further down the list).
func (s *Projects) writeOrganisations(ctx context.Context, tx *Tx, orgs []*lmo.Organisation) (counts lmo.ImportCounts, err error) {
	stored, err := loadOrganisations(ctx, tx)
	if err != nil {
		return counts, err
	}
	bySlug := map[string]*lmo.Organisation{}
	ids := map[string]int64{}
	for _, o := range stored {
		bySlug[o.Slug], ids[o.Slug] = o, o.ID
	}
	var written []*lmo.Organisation
	now := s.db.now()
	for _, o := range orgs {
		o.Normalize()
		old := bySlug[o.Slug]
		if old != nil && sameJSON(*old, *o, clearOrganisation) {
			*o = *old
			counts.Unchanged++
			continue
		}
		if err := writeOrganisationRow(ctx, tx, o, old, now); err != nil {
			return counts, err
		}
		if old == nil {
			counts.Created++
		} else {
			counts.Updated++
		}
		ids[o.Slug] = o.ID
		written = append(written, o)
	}
	for _, o := range written {
		if err := writeOrganisationLists(ctx, tx, o, ids); err != nil {
			return counts, err
		}
	}
	return counts, nil
}

// clearOrganisation clears what an import does not compare.
func clearOrganisation(o *lmo.Organisation) {
	o.ID, o.Version, o.CreatedAt, o.UpdatedAt = 0, 0, time.Time{}, time.Time{}
}

// writeOrganisationRow inserts o, or updates old's row with it as the next
// version.
func writeOrganisationRow(ctx context.Context, tx *Tx, o, old *lmo.Organisation, now time.Time) error {
	t := tx.db.dialect.Time(now)
	if old == nil {
		o.Version, o.CreatedAt, o.UpdatedAt = 1, now, now
		err := tx.QueryRow(ctx, `INSERT INTO partners (slug, name, acronym, type, website, country, summary, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			[]any{o.Slug, o.Name, o.Acronym, o.Type, o.Website, o.Country, o.Summary, o.Version, t, t}, &o.ID)
		if err != nil {
			return fmt.Errorf("insert organisation %s: %w", o.Slug, err)
		}
		return nil
	}
	o.ID, o.Version, o.CreatedAt, o.UpdatedAt = old.ID, old.Version+1, old.CreatedAt, now
	if _, err := tx.Exec(ctx, `UPDATE partners SET name = ?, acronym = ?, type = ?, website = ?, country = ?, summary = ?,
		version = ?, updated_at = ? WHERE id = ?`, o.Name, o.Acronym, o.Type, o.Website, o.Country, o.Summary, o.Version, t, o.ID); err != nil {
		return fmt.Errorf("update organisation %s: %w", o.Slug, err)
	}
	for _, table := range []string{"partner_memberships", "partner_sources"} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE partner_id = ?`, o.ID); err != nil {
			return fmt.Errorf("update organisation %s: %w", o.Slug, err)
		}
	}
	return nil
}

// writeOrganisationLists inserts the memberships and sources of o; ids has
// every organisation's id by slug.
func writeOrganisationLists(ctx context.Context, tx *Tx, o *lmo.Organisation, ids map[string]int64) error {
	for i, m := range o.Memberships {
		var src lmo.Source
		if m.Source != nil {
			src = *m.Source
		}
		if _, err := tx.Exec(ctx, `INSERT INTO partner_memberships (partner_id, position, of_id, joined, left_on,
			source_title, source_publisher, source_url, source_year) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			o.ID, i, ids[m.Of], m.Joined.String(), m.Left.String(), src.Title, src.Publisher, src.URL, src.Year); err != nil {
			return fmt.Errorf("membership %d of organisation %s: %w", i+1, o.Slug, err)
		}
	}
	for i, src := range o.Sources {
		if _, err := tx.Exec(ctx, `INSERT INTO partner_sources (partner_id, position, title, publisher, url, year) VALUES (?, ?, ?, ?, ?, ?)`,
			o.ID, i, src.Title, src.Publisher, src.URL, src.Year); err != nil {
			return fmt.Errorf("source %d of organisation %s: %w", i+1, o.Slug, err)
		}
	}
	return nil
}

// writeProjects creates, updates as a new version or leaves alone each
// project.
func (s *Projects) writeProjects(ctx context.Context, tx *Tx, projects []*lmo.Project, note string) (counts lmo.ImportCounts, err error) {
	for _, p := range projects {
		p.Normalize()
		found, err := loadProjects(ctx, tx, `p.slug = ?`, []any{p.Slug})
		if err != nil {
			return counts, err
		}
		switch {
		case len(found) == 0:
			if p.ReviewStatus == "" {
				p.ReviewStatus = lmo.ReviewPublished
			}
			err = s.createProject(ctx, tx, p, 0, note)
			counts.Created++
		case sameJSON(*found[0], *p, clearProject):
			*p = *found[0]
			counts.Unchanged++
		default:
			p.ID, p.Version, p.ReviewStatus = found[0].ID, found[0].Version, found[0].ReviewStatus
			err = s.updateProject(ctx, tx, p, note)
			counts.Updated++
		}
		if err != nil {
			return counts, err
		}
	}
	return counts, nil
}

// clearProject clears what an import does not compare.
func clearProject(p *lmo.Project) {
	p.ID, p.Version, p.CreatedAt, p.UpdatedAt, p.ReviewStatus = 0, 0, time.Time{}, time.Time{}, ""
}
