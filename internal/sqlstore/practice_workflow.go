package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/lmo-observatory/lmo"
)

// Practices take part in the editorial workflow (workflow.go) as the kind
// lmo.KindPractice: the methods here are its kindWriter.

var _ kindWriter = (*Practices)(nil)

// FindPracticeForReview returns practice id in any review status to its
// owner or an editor, a published one to anyone; ENOTFOUND to everyone
// else, as if it did not exist.
func (s *Practices) FindPracticeForReview(ctx context.Context, id int64) (p *lmo.Practice, err error) {
	err = s.db.readIn(ctx, func(tx *Tx) error {
		it, err := readItem(ctx, tx, practiceKind, id, false)
		if err != nil {
			return err
		}
		if !visible(lmo.UserFromContext(ctx), it) {
			return notFound(practiceKind, id)
		}
		p, err = loadPractice(ctx, tx, id)
		return err
	})
	return p, err
}

// loadPractice reads one practice in any review status.
func loadPractice(ctx context.Context, tx *Tx, id int64) (*lmo.Practice, error) {
	ps, err := loadPractices(ctx, tx, []int64{id})
	if err != nil {
		return nil, err
	}
	return ps[0], nil
}

// snapshot returns practice id as JSON, as its revisions keep it.
func (s *Practices) snapshot(ctx context.Context, tx *Tx, id int64) ([]byte, error) {
	p, err := loadPractice(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("snapshot of practice %d: %w", id, err)
	}
	return b, nil
}

// statusChanged refreshes the facets and full text of practice id, which
// hold published practices only, and tells every node's search index.
func (s *Practices) statusChanged(ctx context.Context, tx *Tx, id int64) error {
	return s.refreshDerived(ctx, tx, id)
}

// restore writes the practice of snapshot, validated, as the next version
// of practice id in status.
func (s *Practices) restore(ctx context.Context, tx *Tx, id int64, version int, status string, snapshot []byte, note string) error {
	p := newPractice()
	if err := json.Unmarshal(snapshot, p); err != nil {
		return fmt.Errorf("read the snapshot of practice %d: %w", id, err)
	}
	p.ID, p.Version, p.ReviewStatus = id, version, status
	if err := s.validate(ctx, tx, p); err != nil {
		return err
	}
	return s.updatePractice(ctx, tx, p, note, "restore")
}

// factsChecked sets the facts-checked date of practice id as a new
// version.
func (s *Practices) factsChecked(ctx context.Context, tx *Tx, id int64, date, note string) error {
	p, err := loadPractice(ctx, tx, id)
	if err != nil {
		return err
	}
	p.FactsChecked = date
	if err := s.validate(ctx, tx, p); err != nil {
		return err
	}
	return s.updatePractice(ctx, tx, p, note, "update")
}

// validate checks p against the vocabularies and countries of tx.
func (s *Practices) validate(ctx context.Context, tx *Tx, p *lmo.Practice) error {
	v, err := newValidator(ctx, tx)
	if err != nil {
		return err
	}
	return v.validate(p)
}
