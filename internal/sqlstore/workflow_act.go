package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/lmo-observatory/lmo"
)

// Act takes a workflow action on record id of kind at version, as
// lmo.Transition allows: the new status is the next version with its
// revision, the action and comment join the record's review, the audit log
// records it, and what the public sees follows (search, pages on every
// node). ENOTFOUND for a record the user may not see, ECONFLICT when it is
// no longer at version.
func (w *Workflow) Act(ctx context.Context, kind string, id int64, version int, action, comment string) (*lmo.ReviewItem, error) {
	u := lmo.UserFromContext(ctx)
	if u == nil {
		return nil, lmo.Errorf(lmo.EUNAUTHORIZED, "You must be signed in.")
	}
	comment = strings.TrimSpace(comment)
	if err := checkBody("comment", comment, false); err != nil {
		return nil, err
	}
	var out *lmo.ReviewItem
	err := w.db.writeIn(ctx, func(tx *Tx) error {
		k, it, err := w.findItem(ctx, tx, kind, id, true)
		if err != nil {
			return err
		}
		if err := atVersion(k, it, version); err != nil {
			return err
		}
		to, err := lmo.Transition(it.Status, action, u, owns(u, it), comment)
		if err != nil {
			return err
		}
		if err := w.setStatus(ctx, tx, k, it, to, action, comment); err != nil {
			return err
		}
		out, err = readItem(ctx, tx, k, id, false)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// atVersion fails with ECONFLICT unless it is at version.
func atVersion(k kindTable, it *lmo.ReviewItem, version int) error {
	if it.Version != version {
		return lmo.Errorf(lmo.ECONFLICT, "The %s was changed by someone else (version %d, yours %d). Reload it and try again.",
			k.noun, it.Version, version)
	}
	return nil
}

// setStatus moves it to status to as its next version, with a revision, the
// action in its review comments and the audit log, and the kind's derived
// data refreshed.
func (w *Workflow) setStatus(ctx context.Context, tx *Tx, k kindTable, it *lmo.ReviewItem, to, action, comment string) error {
	now, version := w.db.now(), it.Version+1
	if _, err := tx.Exec(ctx, `UPDATE `+k.table+` SET review_status = ?, version = ?, updated_at = ? WHERE id = ?`,
		to, version, w.db.dialect.Time(now), it.ID); err != nil {
		return fmt.Errorf("%s %d to %s: %w", k.noun, it.ID, to, err)
	}
	kw := w.writers[k.kind]
	if err := kw.statusChanged(ctx, tx, it.ID); err != nil {
		return err
	}
	snapshot, err := kw.snapshot(ctx, tx, it.ID)
	if err != nil {
		return err
	}
	note := action
	if comment != "" {
		note += ": " + comment
	}
	if err := writeRevision(ctx, tx, k.kind, it.ID, version, note, now, snapshot); err != nil {
		return err
	}
	if _, err := insertComment(ctx, tx, k.kind, it.ID, version, action, comment); err != nil {
		return err
	}
	return tx.audit(ctx, action, k.kind, fmt.Sprint(it.ID), it.Status+" -> "+to)
}

// Restore makes the content of revision from the content of record id
// again, as its next version (its review status is kept), validated like
// any edit. Editor; ECONFLICT when the record is no longer at version or
// the old slug is now another's; ENOTFOUND when there is no revision from.
func (w *Workflow) Restore(ctx context.Context, kind string, id int64, version, from int, note string) error {
	if err := lmo.RequireRole(ctx, lmo.RoleEditor); err != nil {
		return err
	}
	return w.db.writeIn(ctx, func(tx *Tx) error {
		k, it, err := w.findItem(ctx, tx, kind, id, true)
		if err != nil {
			return err
		}
		if err := atVersion(k, it, version); err != nil {
			return err
		}
		r, err := readRevision(ctx, tx, k, id, from)
		if err != nil {
			return err
		}
		note = strings.TrimSpace(fmt.Sprintf("Restored version %d. %s", from, note))
		return w.writers[k.kind].restore(ctx, tx, id, version, it.Status, r.Snapshot, note)
	})
}

// AddComment adds body to the review of record id. Its owner or an editor;
// EINVALID for an empty or overlong body.
func (w *Workflow) AddComment(ctx context.Context, kind string, id int64, body string) (*lmo.ReviewComment, error) {
	u := lmo.UserFromContext(ctx)
	if u == nil {
		return nil, lmo.Errorf(lmo.EUNAUTHORIZED, "You must be signed in.")
	}
	body = strings.TrimSpace(body)
	if err := checkBody("comment", body, true); err != nil {
		return nil, err
	}
	var c *lmo.ReviewComment
	err := w.db.writeIn(ctx, func(tx *Tx) error {
		k, it, err := w.findItem(ctx, tx, kind, id, false)
		if err != nil {
			return err
		}
		if !u.Can(lmo.RoleEditor) && !(owns(u, it) && u.Can(lmo.RoleContributor)) {
			return lmo.Errorf(lmo.EFORBIDDEN, "Only its owner and editors may comment on the review of this %s.", k.noun)
		}
		if c, err = insertComment(ctx, tx, k.kind, id, it.Version, "", body); err != nil {
			return err
		}
		return tx.audit(ctx, "comment", k.kind, fmt.Sprint(id), fmt.Sprintf("comment %d", c.ID))
	})
	return c, err
}

// insertComment adds a comment, or the record of an action, to a review.
func insertComment(ctx context.Context, tx *Tx, kind string, id int64, version int, action, body string) (*lmo.ReviewComment, error) {
	u := lmo.UserFromContext(ctx)
	c := &lmo.ReviewComment{Kind: kind, EntityID: id, Version: version, AuthorID: u.ID, Author: u.Name, Action: action,
		Body: body, CreatedAt: tx.db.now()}
	err := tx.QueryRow(ctx, `INSERT INTO review_comments (kind, entity_id, version, author_id, author, action, body, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		[]any{kind, id, version, c.AuthorID, c.Author, action, body, tx.db.dialect.Time(c.CreatedAt)}, &c.ID)
	if err != nil {
		return nil, fmt.Errorf("comment on %s %d: %w", kind, id, err)
	}
	return c, nil
}

// Comments lists the review comments and actions of record id, oldest
// first. Its owner or an editor: the review of a published record is not
// public either (EFORBIDDEN), and an unpublished record does not exist for
// anyone else (ENOTFOUND).
func (w *Workflow) Comments(ctx context.Context, kind string, id int64) ([]*lmo.ReviewComment, error) {
	var out []*lmo.ReviewComment
	err := w.db.readIn(ctx, func(tx *Tx) error {
		k, it, err := w.findItem(ctx, tx, kind, id, false)
		if err != nil {
			return err
		}
		if u := lmo.UserFromContext(ctx); !owns(u, it) && !readsAsEditor(u) {
			return lmo.Errorf(lmo.EFORBIDDEN, "Only its owner and editors may read the review of this %s.", k.noun)
		}
		return tx.Each(ctx, `SELECT id, version, author_id, author, action, body, created_at FROM review_comments
			WHERE kind = ? AND entity_id = ? ORDER BY id`, []any{k.kind, id}, func(rows *sql.Rows) error {
			c := &lmo.ReviewComment{Kind: k.kind, EntityID: id}
			out = append(out, c)
			return rows.Scan(&c.ID, &c.Version, &c.AuthorID, &c.Author, &c.Action, &c.Body, scanTime(&c.CreatedAt))
		})
	})
	if err != nil {
		return nil, fmt.Errorf("comments on %s %d: %w", kind, id, err)
	}
	return out, nil
}

// checkBody returns EINVALID naming field when text is empty and required,
// is not UTF-8, holds NUL (which PostgreSQL cannot store) or is longer than
// lmo.MaxCommentLength bytes.
func checkBody(field, text string, required bool) error {
	switch {
	case required && text == "":
		return lmo.Errorf(lmo.EINVALID, "The %s is required.", field)
	case !utf8.ValidString(text):
		return lmo.Errorf(lmo.EINVALID, "The %s is not valid UTF-8 text.", field)
	case strings.ContainsRune(text, 0):
		return lmo.Errorf(lmo.EINVALID, "The %s holds the control character U+0000.", field)
	case len(text) > lmo.MaxCommentLength:
		return lmo.Errorf(lmo.EINVALID, "The %s is %d bytes long, more than the %d allowed.", field, len(text), lmo.MaxCommentLength)
	}
	return nil
}
