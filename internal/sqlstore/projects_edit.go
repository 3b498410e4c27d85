package sqlstore

import (
	"context"
	"fmt"

	"github.com/lmo-observatory/lmo"
)

// CreateProject validates p and stores it as version 1 owned by the
// signed-in user, in the review status creationStatus gives; see
// lmo.ProjectService.
func (s *Projects) CreateProject(ctx context.Context, p *lmo.Project, note string) error {
	if err := lmo.RequireRole(ctx, lmo.RoleContributor); err != nil {
		return err
	}
	return s.db.writeIn(ctx, func(tx *Tx) error {
		status, err := creationStatus(ctx, tx, p.ReviewStatus)
		if err != nil {
			return err
		}
		p.Normalize()
		refs, err := newProjectRefs(ctx, tx, nil)
		if err != nil {
			return err
		}
		if err := p.Validate(refs.ProjectRefs); err != nil {
			return err
		}
		p.ReviewStatus = status
		if err := s.createProject(ctx, tx, p, lmo.UserFromContext(ctx).ID, note); err != nil {
			return err
		}
		if err := tx.bumpVersion(ctx, "projects_version"); err != nil {
			return err
		}
		return tx.audit(ctx, "create", lmo.KindProject, fmt.Sprint(p.ID), p.Slug)
	})
}

// UpdateProject writes p as the next version of the stored project,
// keeping its review status, for an editor or its owner while lmo.MayEdit
// allows.
func (s *Projects) UpdateProject(ctx context.Context, p *lmo.Project, note string) error {
	if err := lmo.RequireRole(ctx, lmo.RoleContributor); err != nil {
		return err
	}
	return s.db.writeIn(ctx, func(tx *Tx) error {
		it, err := readItem(ctx, tx, projectKind, p.ID, true)
		if err != nil {
			return err
		}
		if err := mayEdit(ctx, it); err != nil {
			return err
		}
		p.ReviewStatus = it.Status
		return s.validateAndUpdate(ctx, tx, p, note)
	})
}
