package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/lmo-observatory/lmo"
)

// Projects take part in the editorial workflow (workflow.go) as the kind
// lmo.KindProject: the methods here are its kindWriter.

var _ kindWriter = (*Projects)(nil)

// FindProjectForReview returns project id in any review status to its
// owner or an editor, a published one to anyone; ENOTFOUND to everyone
// else, as if it did not exist.
func (s *Projects) FindProjectForReview(ctx context.Context, id int64) (p *lmo.Project, err error) {
	err = s.db.readIn(ctx, func(tx *Tx) error {
		it, err := readItem(ctx, tx, projectKind, id, false)
		if err != nil {
			return err
		}
		if !visible(lmo.UserFromContext(ctx), it) {
			return notFound(projectKind, id)
		}
		p, err = loadProject(ctx, tx, id)
		return err
	})
	return p, err
}

// loadProject reads one project in any review status.
func loadProject(ctx context.Context, tx *Tx, id int64) (*lmo.Project, error) {
	found, err := loadProjects(ctx, tx, `p.id = ?`, []any{id})
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, notFound(projectKind, id)
	}
	return found[0], nil
}

// snapshot returns project id as JSON, as its revisions keep it.
func (s *Projects) snapshot(ctx context.Context, tx *Tx, id int64) ([]byte, error) {
	p, err := loadProject(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("snapshot of project %d: %w", id, err)
	}
	return b, nil
}

// statusChanged moves the projects version, so that every node's lists
// show or hide the project.
func (s *Projects) statusChanged(ctx context.Context, tx *Tx, id int64) error {
	return tx.bumpVersion(ctx, "projects_version")
}

// restore writes the project of snapshot, validated, as the next version
// of project id in status.
func (s *Projects) restore(ctx context.Context, tx *Tx, id int64, version int, status string, snapshot []byte, note string) error {
	p := &lmo.Project{}
	if err := json.Unmarshal(snapshot, p); err != nil {
		return fmt.Errorf("read the snapshot of project %d: %w", id, err)
	}
	p.ID, p.Version, p.ReviewStatus = id, version, status
	return s.validateAndUpdate(ctx, tx, p, note)
}

// factsChecked sets the facts-checked date of project id as a new version.
func (s *Projects) factsChecked(ctx context.Context, tx *Tx, id int64, date, note string) error {
	p, err := loadProject(ctx, tx, id)
	if err != nil {
		return err
	}
	p.FactsChecked = date
	return s.validateAndUpdate(ctx, tx, p, note)
}

// validateAndUpdate checks p against what tx holds and writes it as the
// next version, moving the projects version.
func (s *Projects) validateAndUpdate(ctx context.Context, tx *Tx, p *lmo.Project, note string) error {
	p.Normalize()
	refs, err := newProjectRefs(ctx, tx, nil)
	if err != nil {
		return err
	}
	if err := p.Validate(refs.ProjectRefs); err != nil {
		return err
	}
	if err := s.updateProject(ctx, tx, p, note); err != nil {
		return err
	}
	if err := tx.bumpVersion(ctx, "projects_version"); err != nil {
		return err
	}
	return tx.audit(ctx, "update", lmo.KindProject, fmt.Sprint(p.ID), p.Slug)
}
