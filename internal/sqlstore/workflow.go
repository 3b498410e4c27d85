package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// The editorial workflow (lmo.WorkflowService) is written once for every
// kind of content. A kind joins it by registering in kinds: its table, whose
// rows have id, slug, title, review_status, version, owner_id, created_at
// and updated_at columns, and the service that writes its records
// (kindWriter). Revisions, review comments and suggestions of every kind
// share the tables revisions, review_comments and suggestions.

// kindTable is where the records of a kind of content are.
type kindTable struct {
	kind  string // lmo.KindPractice, ...
	table string // its table
	noun  string // how messages name one record
}

// practiceKind is the kind of good practices.
var practiceKind = kindTable{kind: lmo.KindPractice, table: "practices", noun: "practice"}

// agreementKind is the kind of agreements.
var agreementKind = kindTable{kind: lmo.KindAgreement, table: "agreements", noun: "agreement"}

// kinds lists every kind in the workflow.
var kinds = []kindTable{practiceKind, agreementKind, projectKind}

// kindWriter is what the workflow asks of the service of a kind, inside the
// transaction of a workflow write that holds the record's row.
type kindWriter interface {
	// snapshot returns the stored record id as JSON, for its revision.
	snapshot(ctx context.Context, tx *Tx, id int64) ([]byte, error)
	// statusChanged refreshes what derives from the record's review status
	// (search indexes, public caches on every node).
	statusChanged(ctx context.Context, tx *Tx, id int64) error
	// restore validates snapshot and writes it as the next version of
	// record id, now at version in status; ECONFLICT for a taken slug.
	restore(ctx context.Context, tx *Tx, id int64, version int, status string, snapshot []byte, note string) error
	// factsChecked records that the facts of record id were checked on date
	// (YYYY-MM-DD), as a new revision.
	factsChecked(ctx context.Context, tx *Tx, id int64, date, note string) error
}

// Workflow is the service of the editorial workflow, over every kind.
type Workflow struct {
	db      *DB
	writers map[string]kindWriter
}

var _ lmo.WorkflowService = (*Workflow)(nil)

// NewWorkflow returns the workflow on db, writing practices through
// practices and agreements through agreements.
func NewWorkflow(db *DB, practices *Practices, agreements *Agreements) *Workflow {
	return &Workflow{db: db, writers: map[string]kindWriter{lmo.KindPractice: practices, lmo.KindAgreement: agreements}}
}

// kindOf returns the registered kind named kind, or EINVALID.
func kindOf(kind string) (kindTable, error) {
	i := slices.IndexFunc(kinds, func(k kindTable) bool { return k.kind == kind })
	if i < 0 {
		return kindTable{}, lmo.Errorf(lmo.EINVALID, "Unknown kind of content %q.", kind)
	}
	return kinds[i], nil
}

// itemSQL reads the ReviewItem of a kind's records (%[1]s its table, one
// argument its kind): the owner's name is their account's, or the author
// of version 1 when the account is gone.
const itemSQL = `SELECT t.id, t.slug, t.title, t.review_status, t.version, t.owner_id, t.updated_at,
	CASE WHEN t.owner_id <> 0 THEN coalesce((SELECT a.name FROM accounts a WHERE a.id = t.owner_id),
		(SELECT r.author FROM revisions r WHERE r.kind = ? AND r.entity_id = t.id AND r.version = 1), '') ELSE '' END,
	(SELECT count(*) FROM suggestions s WHERE s.kind = ? AND s.entity_id = t.id AND s.status = 'open')
	FROM %[1]s t`

// scanItem reads one row of itemSQL.
func scanItem(k kindTable, rows interface{ Scan(...any) error }) (*lmo.ReviewItem, error) {
	it := &lmo.ReviewItem{Kind: k.kind}
	err := rows.Scan(&it.ID, &it.Slug, &it.Title, &it.Status, &it.Version, &it.OwnerID, scanTime(&it.UpdatedAt),
		&it.Owner, &it.OpenSuggestions)
	return it, err
}

// readItem reads record id of kind k, locking its row for the rest of a
// write transaction when lock is set; ENOTFOUND when there is none.
func readItem(ctx context.Context, tx *Tx, k kindTable, id int64, lock bool) (*lmo.ReviewItem, error) {
	query := fmt.Sprintf(itemSQL, k.table) + ` WHERE t.id = ?`
	if lock {
		query += tx.db.dialect.ForUpdate()
	}
	var it *lmo.ReviewItem
	err := tx.Each(ctx, query, []any{k.kind, k.kind, id}, func(rows *sql.Rows) (err error) {
		it, err = scanItem(k, rows)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read %s %d: %w", k.noun, id, err)
	}
	if it == nil {
		return nil, notFound(k, id)
	}
	return it, nil
}

// notFound is the error for a record that does not exist, or that the user
// may not know exists.
func notFound(k kindTable, id int64) error {
	return lmo.Errorf(lmo.ENOTFOUND, "There is no %s %d.", k.noun, id)
}

// owns reports whether u owns it (records without an owner have none).
func owns(u *lmo.User, it *lmo.ReviewItem) bool {
	return u != nil && it.OwnerID != 0 && u.ID == it.OwnerID
}

// visible reports whether u may read it: anyone a published record, its
// owner or an editor any other.
func visible(u *lmo.User, it *lmo.ReviewItem) bool {
	return it.Status == lmo.ReviewPublished || owns(u, it) || readsAsEditor(u)
}

// readsAsEditor reports whether u reads what editors read: an editor's
// role, whatever the scope of their token (a read token reads).
func readsAsEditor(u *lmo.User) bool {
	return u != nil && (&lmo.User{Role: u.Role}).Can(lmo.RoleEditor)
}

// mayEdit returns nil when the user of ctx may edit it (lmo.MayEdit),
// ENOTFOUND when they may not even see it, else EUNAUTHORIZED or
// EFORBIDDEN.
func mayEdit(ctx context.Context, it *lmo.ReviewItem) error {
	u := lmo.UserFromContext(ctx)
	k, _ := kindOf(it.Kind)
	switch {
	case !visible(u, it):
		return notFound(k, it.ID)
	case u == nil:
		return lmo.Errorf(lmo.EUNAUTHORIZED, "You must be signed in.")
	case !lmo.MayEdit(it.Status, u, owns(u, it)):
		return lmo.Errorf(lmo.EFORBIDDEN, "You may not edit this %s while it is %s.", k.noun, it.Status)
	}
	return nil
}

// findItem reads record id of kind and checks that the user of ctx may see
// it.
func (w *Workflow) findItem(ctx context.Context, tx *Tx, kind string, id int64, lock bool) (kindTable, *lmo.ReviewItem, error) {
	k, err := kindOf(kind)
	if err != nil {
		return k, nil, err
	}
	it, err := readItem(ctx, tx, k, id, lock)
	if err != nil {
		return k, nil, err
	}
	if !visible(lmo.UserFromContext(ctx), it) {
		return k, nil, notFound(k, id)
	}
	return k, it, nil
}

// FindReviewItem returns one record's place in the workflow; ENOTFOUND when
// there is none or the user may not see it.
func (w *Workflow) FindReviewItem(ctx context.Context, kind string, id int64) (it *lmo.ReviewItem, err error) {
	err = w.db.readIn(ctx, func(tx *Tx) error {
		_, it, err = w.findItem(ctx, tx, kind, id, false)
		return err
	})
	return it, err
}

// ReviewQueue lists the records submitted or approved, and the published
// ones with open suggestions, of every kind, the longest waiting first: since
// their last change, or since their oldest open suggestion. Editor.
func (w *Workflow) ReviewQueue(ctx context.Context) ([]*lmo.ReviewItem, error) {
	if err := lmo.RequireRole(ctx, lmo.RoleEditor); err != nil {
		return nil, err
	}
	type waiting struct {
		it    *lmo.ReviewItem
		since time.Time
	}
	var queue []waiting
	err := w.db.readIn(ctx, func(tx *Tx) error {
		for _, k := range kinds {
			query := fmt.Sprintf(`SELECT q.*, coalesce((SELECT min(s.created_at) FROM suggestions s
				WHERE s.kind = ? AND s.entity_id = q.id AND s.status = 'open'), q.updated_at) FROM (`+itemSQL+`
				WHERE t.review_status IN ('submitted', 'approved') OR (t.review_status = 'published' AND EXISTS
				(SELECT 1 FROM suggestions s WHERE s.kind = ? AND s.entity_id = t.id AND s.status = 'open'))) q ORDER BY q.id`, k.table)
			err := tx.Each(ctx, query, []any{k.kind, k.kind, k.kind, k.kind}, func(rows *sql.Rows) error {
				var x waiting
				var err error
				x.it, err = scanItem(k, scanPlus{rows, scanTime(&x.since)})
				queue = append(queue, x)
				return err
			})
			if err != nil {
				return fmt.Errorf("review queue of %s: %w", k.table, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(queue, func(a, b waiting) int { return a.since.Compare(b.since) })
	out := make([]*lmo.ReviewItem, len(queue))
	for i, x := range queue {
		out[i] = x.it
	}
	return out, nil
}

// scanPlus scans a row into what its caller asks for and the extra columns
// after them.
type scanPlus struct {
	rows  *sql.Rows
	extra sql.Scanner
}

// Scan implements the Scan of a row.
func (s scanPlus) Scan(dest ...any) error { return s.rows.Scan(append(dest, s.extra)...) }

// Contributions lists the signed-in user's own records of every kind in any
// status, the latest changed first. EUNAUTHORIZED without a user.
func (w *Workflow) Contributions(ctx context.Context) ([]*lmo.ReviewItem, error) {
	u := lmo.UserFromContext(ctx)
	if u == nil {
		return nil, lmo.Errorf(lmo.EUNAUTHORIZED, "You must be signed in.")
	}
	var out []*lmo.ReviewItem
	err := w.db.readIn(ctx, func(tx *Tx) error {
		for _, k := range kinds {
			query := fmt.Sprintf(itemSQL, k.table) + ` WHERE t.owner_id = ? AND t.owner_id <> 0 ORDER BY t.id`
			err := tx.Each(ctx, query, []any{k.kind, k.kind, u.ID}, func(rows *sql.Rows) error {
				it, err := scanItem(k, rows)
				out = append(out, it)
				return err
			})
			if err != nil {
				return fmt.Errorf("contributions to %s: %w", k.table, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b *lmo.ReviewItem) int { return b.UpdatedAt.Compare(a.UpdatedAt) })
	return out, nil
}

// errNoRows reports whether err says a query found nothing.
func errNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// creationStatus is the review status a new record asking for status gets
// from the user of ctx: a contributor's is a draft or submitted (counted
// against lmo.MaxSubmissionsPerHour), an editor's what they ask for,
// published when they ask for nothing.
func creationStatus(ctx context.Context, tx *Tx, status string) (string, error) {
	u := lmo.UserFromContext(ctx)
	if !u.Can(lmo.RoleEditor) {
		if status != lmo.ReviewDraft {
			status = lmo.ReviewSubmitted
		}
		return status, checkSubmissionRate(ctx, tx, u)
	}
	if status == "" {
		return lmo.ReviewPublished, nil
	}
	if !slices.Contains(lmo.ReviewStatuses, status) {
		return "", lmo.Errorf(lmo.EINVALID, "The review status %q is not one of %s.", status, strings.Join(lmo.ReviewStatuses, ", "))
	}
	return status, nil
}
