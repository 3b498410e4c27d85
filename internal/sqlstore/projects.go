package sqlstore

import (
	"context"
	"strings"
	"sync"

	"github.com/lmo-observatory/lmo"
)

// Projects is the service of projects and the directory of organisations
// (the tables projects and partners, 00012). Projects take part in the
// editorial workflow (projects_workflow.go). It keeps this node's caches of
// the organisations and of the public lists of projects, keyed by the
// projects version, so that they follow a change made on any node.
type Projects struct {
	db *DB

	mu      sync.Mutex
	version int64                                // the projects version the caches hold
	orgs    []*lmo.Organisation                  // every organisation, nil until read
	lists   map[lmo.ProjectFilter][]*lmo.Project // the published projects of recent filters
}

var _ lmo.ProjectService = (*Projects)(nil)

// maxCachedLists bounds how many filters' lists the cache keeps.
const maxCachedLists = 256

// projectKind is the kind of projects in the workflow.
var projectKind = kindTable{kind: lmo.KindProject, table: "projects", noun: "project"}

// FindProjects returns the published projects f selects, and to an editor
// those in review too, newest start first, then title. The lists are
// shared with other callers: do not modify them.
func (s *Projects) FindProjects(ctx context.Context, f lmo.ProjectFilter) (out []*lmo.Project, err error) {
	public := !readsAsEditor(lmo.UserFromContext(ctx))
	err = s.db.readIn(ctx, func(tx *Tx) error {
		v, err := tx.version(ctx, "projects_version")
		if err != nil {
			return err
		}
		if public {
			if out = s.cachedList(v, f); out != nil {
				return nil
			}
		}
		where, args := projectFilterSQL(f, public)
		if out, err = loadProjects(ctx, tx, where, args); err != nil {
			return err
		}
		if public {
			s.keepList(v, f, out)
		}
		return nil
	})
	return out, err
}

// projectFilterSQL returns the condition on projects p that f selects, and
// its arguments: published projects only when public, else those in review
// too.
func projectFilterSQL(f lmo.ProjectFilter, public bool) (string, []any) {
	where := []string{`p.review_status = 'published'`}
	if !public {
		where = []string{`p.review_status IN ('published', 'submitted', 'approved')`}
	}
	var args []any
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	if f.Country != "" {
		add(`p.id IN (SELECT project_id FROM project_countries WHERE country = ?)`, strings.ToUpper(f.Country))
	}
	if f.Organisation != "" {
		add(`p.id IN (SELECT pp.project_id FROM project_partners pp JOIN partners o ON o.id = pp.partner_id WHERE o.slug = ?)`, f.Organisation)
	}
	if f.Theme != "" {
		add(`p.id IN (SELECT project_id FROM project_themes WHERE theme = ?)`, f.Theme)
	}
	if f.Practice != "" {
		add(`p.id IN (SELECT project_id FROM project_practices WHERE practice = ?)`, f.Practice)
	}
	if f.Instrument != "" {
		add(`p.id IN (SELECT project_id FROM project_instruments WHERE instrument = ?)`, lmo.NormalizeInstrumentCode(f.Instrument))
	}
	if !f.ActiveOn.IsZero() {
		add(`p.start_first <> '' AND p.start_first <= ? AND (p.end_last = '' OR p.end_last >= ?)`,
			f.ActiveOn.Last().String(), f.ActiveOn.First().String())
	}
	return strings.Join(where, " AND "), args
}

// FindProject returns one project by slug: a published one to anyone, one
// in any other status to its owner or an editor; ENOTFOUND otherwise.
func (s *Projects) FindProject(ctx context.Context, slug string) (p *lmo.Project, err error) {
	err = s.db.readIn(ctx, func(tx *Tx) error {
		found, err := loadProjects(ctx, tx, `p.slug = ?`, []any{slug})
		if err != nil {
			return err
		}
		if len(found) == 0 || !projectVisible(ctx, tx, found[0]) {
			return lmo.Errorf(lmo.ENOTFOUND, "There is no project %q.", slug)
		}
		p = found[0]
		return nil
	})
	return p, err
}

// projectVisible reports whether the user of ctx may read p.
func projectVisible(ctx context.Context, tx *Tx, p *lmo.Project) bool {
	if p.ReviewStatus == lmo.ReviewPublished {
		return true
	}
	it, err := readItem(ctx, tx, projectKind, p.ID, false)
	return err == nil && visible(lmo.UserFromContext(ctx), it)
}

// FindOrganisations returns every organisation, by name. The list is
// shared with other callers: do not modify it.
func (s *Projects) FindOrganisations(ctx context.Context) (out []*lmo.Organisation, err error) {
	err = s.db.readIn(ctx, func(tx *Tx) error {
		out, err = s.organisations(ctx, tx)
		return err
	})
	return out, err
}

// FindOrganisation returns one organisation by slug, or ENOTFOUND.
func (s *Projects) FindOrganisation(ctx context.Context, slug string) (*lmo.Organisation, error) {
	orgs, err := s.FindOrganisations(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		if o.Slug == slug {
			return o, nil
		}
	}
	return nil, lmo.Errorf(lmo.ENOTFOUND, "There is no organisation %q.", slug)
}

// organisations returns every organisation as tx sees them, from the cache
// when it holds the version of tx.
func (s *Projects) organisations(ctx context.Context, tx *Tx) ([]*lmo.Organisation, error) {
	v, err := tx.version(ctx, "projects_version")
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.reset(v)
	orgs := s.orgs
	s.mu.Unlock()
	if orgs != nil {
		return orgs, nil
	}
	if orgs, err = loadOrganisations(ctx, tx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.version == v {
		s.orgs = orgs
	}
	s.mu.Unlock()
	return orgs, nil
}

// reset empties the caches when they hold another version than v; s.mu is
// held.
func (s *Projects) reset(v int64) {
	if s.version != v || s.lists == nil {
		s.version, s.orgs, s.lists = v, nil, map[lmo.ProjectFilter][]*lmo.Project{}
	}
}

// cachedList returns the public list of f at version v, or nil.
func (s *Projects) cachedList(v int64, f lmo.ProjectFilter) []*lmo.Project {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reset(v)
	return s.lists[f]
}

// keepList keeps the public list of f at version v.
func (s *Projects) keepList(v int64, f lmo.ProjectFilter, list []*lmo.Project) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reset(v)
	if len(s.lists) >= maxCachedLists {
		clear(s.lists)
	}
	s.lists[f] = list
}

// ProjectsVersion returns the counter of changes to projects and
// organisations.
func (s *Projects) ProjectsVersion(ctx context.Context) (v int64, err error) {
	err = s.db.readIn(ctx, func(tx *Tx) (err error) {
		v, err = tx.version(ctx, "projects_version")
		return err
	})
	return v, err
}
