package sqlstore

import (
	"context"

	"github.com/lmo-observatory/lmo"
)

// CreateAgreement validates a and stores it as version 1 owned by the
// signed-in user, in the review status creationStatus gives; see
// lmo.AgreementService.
func (s *Agreements) CreateAgreement(ctx context.Context, a *lmo.Agreement, note string) error {
	if err := lmo.RequireRole(ctx, lmo.RoleContributor); err != nil {
		return err
	}
	return s.db.writeIn(ctx, func(tx *Tx) error {
		status, err := creationStatus(ctx, tx, a.ReviewStatus)
		if err != nil {
			return err
		}
		if err := s.validate(ctx, tx, a); err != nil {
			return err
		}
		var taken int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM agreements WHERE slug = ?`, []any{a.Slug}, &taken); err != nil {
			return err
		}
		if taken > 0 {
			return lmo.Errorf(lmo.ECONFLICT, "An agreement with the slug %q already exists.", a.Slug)
		}
		a.ReviewStatus = status
		return s.create(ctx, tx, a, lmo.UserFromContext(ctx).ID, note)
	})
}

// UpdateAgreement writes a as the next version of the stored agreement,
// keeping its review status; an editor may edit any, its owner one that
// lmo.MayEdit allows, and to anyone else an unpublished agreement does not
// exist.
func (s *Agreements) UpdateAgreement(ctx context.Context, a *lmo.Agreement, note string) error {
	if err := lmo.RequireRole(ctx, lmo.RoleContributor); err != nil {
		return err
	}
	return s.db.writeIn(ctx, func(tx *Tx) error {
		it, err := readItem(ctx, tx, agreementKind, a.ID, true)
		if err != nil {
			return err
		}
		if err := mayEdit(ctx, it); err != nil {
			return err
		}
		a.ReviewStatus = it.Status
		return s.validateAndUpdate(ctx, tx, a, note, "update")
	})
}

// validate normalises a and checks it against the countries tx holds.
func (s *Agreements) validate(ctx context.Context, tx *Tx, a *lmo.Agreement) error {
	exists, err := countryCodes(ctx, tx)
	if err != nil {
		return err
	}
	a.Normalize()
	return a.Validate(exists)
}
