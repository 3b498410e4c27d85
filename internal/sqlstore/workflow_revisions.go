package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/lmo-observatory/lmo"
)

// writeRevision records version of record id of kind, written by the user
// of ctx at at, with note and the record as JSON after the change.
func writeRevision(ctx context.Context, tx *Tx, kind string, id int64, version int, note string, at time.Time, snapshot []byte) error {
	var authorID int64
	author := "anonymous"
	if u := lmo.UserFromContext(ctx); u != nil {
		authorID, author = u.ID, u.Name
	}
	if _, err := tx.Exec(ctx, `INSERT INTO revisions (kind, entity_id, version, author_id, author, note, created_at, snapshot)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, kind, id, version, authorID, author, note, tx.db.dialect.Time(at), string(snapshot)); err != nil {
		return fmt.Errorf("revision %d of %s %d: %w", version, kind, id, err)
	}
	return nil
}

// revisionSQL reads revisions, snapshots included.
const revisionSQL = `SELECT kind, entity_id, version, author_id, author, note, created_at, snapshot FROM revisions
	WHERE kind = ? AND entity_id = ?`

// scanRevision reads one row of revisionSQL.
func scanRevision(rows *sql.Rows) (*lmo.Revision, error) {
	var r lmo.Revision
	var snapshot string
	err := rows.Scan(&r.Kind, &r.EntityID, &r.Version, &r.AuthorID, &r.Author, &r.Note, scanTime(&r.CreatedAt), &snapshot)
	r.Snapshot = []byte(snapshot)
	return &r, err
}

// listRevisions reads the revisions of record id of kind, newest first.
func listRevisions(ctx context.Context, tx *Tx, kind string, id int64) ([]*lmo.Revision, error) {
	var out []*lmo.Revision
	err := tx.Each(ctx, revisionSQL+` ORDER BY version DESC`, []any{kind, id}, func(rows *sql.Rows) error {
		r, err := scanRevision(rows)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("revisions of %s %d: %w", kind, id, err)
	}
	return out, nil
}

// readRevision reads one revision; ENOTFOUND when there is none.
func readRevision(ctx context.Context, tx *Tx, k kindTable, id int64, version int) (*lmo.Revision, error) {
	var r *lmo.Revision
	err := tx.Each(ctx, revisionSQL+` AND version = ?`, []any{k.kind, id, version}, func(rows *sql.Rows) (err error) {
		r, err = scanRevision(rows)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("revision %d of %s %d: %w", version, k.noun, id, err)
	}
	if r == nil {
		return nil, lmo.Errorf(lmo.ENOTFOUND, "The %s %d has no version %d.", k.noun, id, version)
	}
	return r, nil
}

// Revisions lists the revisions of record id of kind, newest first: to
// anyone for a published record, to its owner or an editor otherwise
// (ENOTFOUND to others).
func (w *Workflow) Revisions(ctx context.Context, kind string, id int64) (out []*lmo.Revision, err error) {
	err = w.db.readIn(ctx, func(tx *Tx) error {
		k, _, err := w.findItem(ctx, tx, kind, id, false)
		if err != nil {
			return err
		}
		out, err = listRevisions(ctx, tx, k.kind, id)
		return err
	})
	return out, err
}

// Revision returns one revision of record id with its snapshot, to whom
// Revisions allows; ENOTFOUND when there is none.
func (w *Workflow) Revision(ctx context.Context, kind string, id int64, version int) (r *lmo.Revision, err error) {
	err = w.db.readIn(ctx, func(tx *Tx) error {
		k, _, err := w.findItem(ctx, tx, kind, id, false)
		if err != nil {
			return err
		}
		r, err = readRevision(ctx, tx, k, id, version)
		return err
	})
	return r, err
}
