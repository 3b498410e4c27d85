package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/lmo-observatory/lmo"
)

// Agreements take part in the editorial workflow (workflow.go) as the kind
// lmo.KindAgreement: the methods here are its kindWriter.

var _ kindWriter = (*Agreements)(nil)

// snapshot returns agreement id as JSON, as its revisions keep it.
func (s *Agreements) snapshot(ctx context.Context, tx *Tx, id int64) ([]byte, error) {
	a, err := loadAgreement(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("snapshot of agreement %d: %w", id, err)
	}
	return b, nil
}

// statusChanged moves agreements_version: what the public sees of
// agreement id changed, on every node.
func (s *Agreements) statusChanged(ctx context.Context, tx *Tx, id int64) error {
	return tx.bumpVersion(ctx, "agreements_version")
}

// restore writes the agreement of snapshot, validated, as the next version
// of agreement id in status.
func (s *Agreements) restore(ctx context.Context, tx *Tx, id int64, version int, status string, snapshot []byte, note string) error {
	a := &lmo.Agreement{}
	if err := json.Unmarshal(snapshot, a); err != nil {
		return fmt.Errorf("read the snapshot of agreement %d: %w", id, err)
	}
	a.ID, a.Version, a.ReviewStatus = id, version, status
	return s.validateAndUpdate(ctx, tx, a, note, "restore")
}

// factsChecked sets the facts-checked date of agreement id as a new
// version.
func (s *Agreements) factsChecked(ctx context.Context, tx *Tx, id int64, date, note string) error {
	a, err := loadAgreement(ctx, tx, id)
	if err != nil {
		return err
	}
	a.FactsChecked = date
	return s.validateAndUpdate(ctx, tx, a, note, "update")
}

// validateAndUpdate normalises and validates a against the countries of tx
// and writes it as the next version.
func (s *Agreements) validateAndUpdate(ctx context.Context, tx *Tx, a *lmo.Agreement, note, action string) error {
	if err := s.validate(ctx, tx, a); err != nil {
		return err
	}
	return s.update(ctx, tx, a, note, action)
}
