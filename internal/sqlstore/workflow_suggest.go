package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// checkSubmissionRate fails with ETOOMANY when u, not an editor, has
// created lmo.MaxSubmissionsPerHour records and suggestions in the last
// hour, counted in the database so that the limit holds across nodes.
func checkSubmissionRate(ctx context.Context, tx *Tx, u *lmo.User) error {
	if u.Can(lmo.RoleEditor) {
		return nil
	}
	since := tx.db.dialect.Time(tx.db.now().Add(-time.Hour))
	query := `SELECT (SELECT count(*) FROM suggestions WHERE author_id = ? AND created_at >= ?)`
	args := []any{u.ID, since}
	for _, k := range kinds {
		query += ` + (SELECT count(*) FROM ` + k.table + ` WHERE owner_id = ? AND created_at >= ?)`
		args = append(args, u.ID, since)
	}
	var n int
	if err := tx.QueryRow(ctx, query, args, &n); err != nil {
		return fmt.Errorf("count the submissions of account %d: %w", u.ID, err)
	}
	if n >= lmo.MaxSubmissionsPerHour {
		return lmo.Errorf(lmo.ETOOMANY, "You have submitted %d items and suggestions in the last hour, the most allowed. Please try again later.", n)
	}
	return nil
}

// Suggest records s, a suggested correction to a published record, by the
// signed-in user. EINVALID without what is wrong and a source title (or
// with an address that is not http(s)), ENOTFOUND for a record the user
// may not see, ETOOMANY past lmo.MaxSubmissionsPerHour.
func (w *Workflow) Suggest(ctx context.Context, s *lmo.Suggestion) error {
	if err := lmo.RequireRole(ctx, lmo.RoleContributor); err != nil {
		return err
	}
	if err := checkSuggestion(s); err != nil {
		return err
	}
	u := lmo.UserFromContext(ctx)
	return w.db.writeIn(ctx, func(tx *Tx) error {
		k, it, err := w.findItem(ctx, tx, s.Kind, s.EntityID, false)
		if err != nil {
			return err
		}
		if it.Status != lmo.ReviewPublished {
			return lmo.Errorf(lmo.EINVALID, "Corrections can be suggested to published records only; this %s is %s.", k.noun, it.Status)
		}
		if err := checkSubmissionRate(ctx, tx, u); err != nil {
			return err
		}
		s.EntityTitle, s.EntitySlug, s.AuthorID, s.Author = it.Title, it.Slug, u.ID, u.Name
		s.Status, s.CreatedAt = lmo.SuggestionOpen, w.db.now()
		s.ResolverID, s.Resolver, s.ResolvedAt, s.Resolution = 0, "", time.Time{}, ""
		if err := tx.QueryRow(ctx, `INSERT INTO suggestions (kind, entity_id, author_id, author, body, source_title, source_url,
			status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			[]any{k.kind, s.EntityID, s.AuthorID, s.Author, s.Body, s.SourceTitle, s.SourceURL, s.Status,
				w.db.dialect.Time(s.CreatedAt)}, &s.ID); err != nil {
			return fmt.Errorf("suggest a correction to %s %d: %w", k.noun, s.EntityID, err)
		}
		return tx.audit(ctx, "suggest", k.kind, fmt.Sprint(s.EntityID), fmt.Sprintf("suggestion %d", s.ID))
	})
}

// checkSuggestion trims s and returns EINVALID naming what is missing or
// wrong in it.
func checkSuggestion(s *lmo.Suggestion) error {
	s.Body, s.SourceTitle, s.SourceURL = strings.TrimSpace(s.Body), strings.TrimSpace(s.SourceTitle), strings.TrimSpace(s.SourceURL)
	if err := checkBody("body (what is wrong)", s.Body, true); err != nil {
		return err
	}
	if err := checkBody("source title", s.SourceTitle, true); err != nil {
		return err
	}
	if strings.ContainsAny(s.SourceTitle, "\r\n") || len(s.SourceTitle) > lmo.MaxURL {
		return lmo.Errorf(lmo.EINVALID, "The source title must be one line of at most %d characters.", lmo.MaxURL)
	}
	if s.SourceURL == "" {
		return nil
	}
	a, err := url.Parse(s.SourceURL)
	if err != nil || (a.Scheme != "http" && a.Scheme != "https") || a.Host == "" || len(s.SourceURL) > lmo.MaxURL ||
		strings.ContainsFunc(s.SourceURL, func(r rune) bool { return r < ' ' }) {
		return lmo.Errorf(lmo.EINVALID, "The source URL must be an http:// or https:// address.")
	}
	return nil
}

// suggestionSQL reads suggestions with the title and slug of their record
// (%[1]s the kind's table).
const suggestionSQL = `SELECT s.id, s.kind, s.entity_id, t.title, t.slug, s.author_id, s.author, s.body, s.source_title,
	s.source_url, s.status, s.created_at, s.resolver_id, s.resolver, s.resolved_at, s.resolution
	FROM suggestions s JOIN %[1]s t ON t.id = s.entity_id`

// scanSuggestion reads one row of suggestionSQL.
func scanSuggestion(rows *sql.Rows) (*lmo.Suggestion, error) {
	s := &lmo.Suggestion{}
	var resolved nullTime
	err := rows.Scan(&s.ID, &s.Kind, &s.EntityID, &s.EntityTitle, &s.EntitySlug, &s.AuthorID, &s.Author, &s.Body, &s.SourceTitle,
		&s.SourceURL, &s.Status, scanTime(&s.CreatedAt), &s.ResolverID, &s.Resolver, &resolved, &s.Resolution)
	s.ResolvedAt = resolved.t
	return s, err
}

// nullTime scans a timestamp that may be NULL (the zero time).
type nullTime struct{ t time.Time }

// Scan implements sql.Scanner.
func (n *nullTime) Scan(v any) error {
	if v == nil {
		n.t = time.Time{}
		return nil
	}
	return scanTime(&n.t).Scan(v)
}

// Suggestions lists the suggestions made to record id, newest first: all of
// them to an editor, their own to anyone else. ENOTFOUND for a record the
// user may not see.
func (w *Workflow) Suggestions(ctx context.Context, kind string, id int64) ([]*lmo.Suggestion, error) {
	u := lmo.UserFromContext(ctx)
	if u == nil {
		return nil, lmo.Errorf(lmo.EUNAUTHORIZED, "You must be signed in.")
	}
	var out []*lmo.Suggestion
	err := w.db.readIn(ctx, func(tx *Tx) error {
		k, _, err := w.findItem(ctx, tx, kind, id, false)
		if err != nil {
			return err
		}
		query := fmt.Sprintf(suggestionSQL, k.table) + ` WHERE s.kind = ? AND s.entity_id = ?`
		args := []any{k.kind, id}
		if !readsAsEditor(u) {
			query += ` AND s.author_id = ?`
			args = append(args, u.ID)
		}
		return tx.Each(ctx, query+` ORDER BY s.id DESC`, args, func(rows *sql.Rows) error {
			s, err := scanSuggestion(rows)
			out = append(out, s)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("suggestions to %s %d: %w", kind, id, err)
	}
	return out, nil
}

// ResolveSuggestion confirms an open suggestion (the facts-checked date of
// its record becomes the store's today, as a new revision) or dismisses it,
// which needs a resolution saying why. Editor; ENOTFOUND for no such
// suggestion, EINVALID for one already resolved.
func (w *Workflow) ResolveSuggestion(ctx context.Context, id int64, confirm bool, resolution string) error {
	if err := lmo.RequireRole(ctx, lmo.RoleEditor); err != nil {
		return err
	}
	resolution = strings.TrimSpace(resolution)
	if err := checkBody("resolution", resolution, !confirm); err != nil {
		return err
	}
	u := lmo.UserFromContext(ctx)
	return w.db.writeIn(ctx, func(tx *Tx) error {
		var kind, status string
		var entity int64
		err := tx.QueryRow(ctx, `SELECT kind, entity_id, status FROM suggestions WHERE id = ?`+w.db.dialect.ForUpdate(),
			[]any{id}, &kind, &entity, &status)
		if errNoRows(err) {
			return lmo.Errorf(lmo.ENOTFOUND, "There is no suggestion %d.", id)
		} else if err != nil {
			return fmt.Errorf("read suggestion %d: %w", id, err)
		}
		if status != lmo.SuggestionOpen {
			return lmo.Errorf(lmo.EINVALID, "The suggestion %d was already %s.", id, status)
		}
		status, action := lmo.SuggestionDismissed, "suggestion-dismiss"
		if confirm {
			status, action = lmo.SuggestionConfirmed, "suggestion-confirm"
			if err := w.confirm(ctx, tx, kind, entity, id, resolution); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE suggestions SET status = ?, resolver_id = ?, resolver = ?, resolved_at = ?, resolution = ?
			WHERE id = ?`, status, u.ID, u.Name, w.db.dialect.Time(w.db.now()), resolution, id); err != nil {
			return fmt.Errorf("resolve suggestion %d: %w", id, err)
		}
		return tx.audit(ctx, action, kind, fmt.Sprint(entity), fmt.Sprintf("suggestion %d", id))
	})
}

// confirm moves the facts-checked date of the record that suggestion id
// was made to to the store's today.
func (w *Workflow) confirm(ctx context.Context, tx *Tx, kind string, entity, id int64, resolution string) error {
	k, err := kindOf(kind)
	if err != nil {
		return err
	}
	if _, err := readItem(ctx, tx, k, entity, true); err != nil {
		return err
	}
	note := strings.TrimSpace(fmt.Sprintf("Facts checked: suggestion %d confirmed. %s", id, resolution))
	return w.writers[k.kind].factsChecked(ctx, tx, entity, w.db.day(), note)
}

// day is the store's today, YYYY-MM-DD in UTC.
func (db *DB) day() string { return db.now().Format(time.DateOnly) }
