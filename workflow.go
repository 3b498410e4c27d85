package lmo

import (
	"context"
	"slices"
	"time"
)

// The editorial workflow, built once for every kind of content: a
// contributor submits, an editor reviews (comments, asks for changes,
// approves or rejects) and publishes; every save is a revision; anyone
// signed in may suggest a correction to a published record. A kind of
// content joins the workflow by a review_status and owner on its records
// and revisions of its own (the store registers it); the rules below are
// the same for all.

// Kinds of content that go through the workflow. Instruments join as they
// arrive.
const (
	KindPractice  = "practice"
	KindAgreement = "agreement"
	KindProject   = "project"
)

// Review statuses beyond draft, submitted and published (practice.go).
const (
	ReviewChangesRequested = "changes_requested"
	ReviewApproved         = "approved"
	ReviewRejected         = "rejected"
)

// ReviewStatuses lists every review status in workflow order.
var ReviewStatuses = []string{ReviewDraft, ReviewSubmitted, ReviewChangesRequested, ReviewApproved, ReviewPublished, ReviewRejected}

// Workflow actions.
const (
	ActionSubmit         = "submit"          // draft, changes requested -> submitted: its owner or an editor
	ActionRequestChanges = "request_changes" // submitted, approved -> changes requested: an editor, with a comment
	ActionApprove        = "approve"         // submitted -> approved: an editor
	ActionReject         = "reject"          // draft, submitted, changes requested, approved -> rejected: an editor, with a comment
	ActionPublish        = "publish"         // submitted, approved -> published: an editor
	ActionUnpublish      = "unpublish"       // published -> draft: an editor, with a comment
	ActionReopen         = "reopen"          // rejected -> draft: an editor
)

// transition is one action of the workflow.
type transition struct {
	from     []string
	to       string
	owner    bool // the item's owner may take it (else editors only)
	comment  bool // a comment is required
	editorOK bool // editors may take it
}

var transitions = map[string]transition{
	ActionSubmit:         {from: []string{ReviewDraft, ReviewChangesRequested}, to: ReviewSubmitted, owner: true, editorOK: true},
	ActionRequestChanges: {from: []string{ReviewSubmitted, ReviewApproved}, to: ReviewChangesRequested, comment: true, editorOK: true},
	ActionApprove:        {from: []string{ReviewSubmitted}, to: ReviewApproved, editorOK: true},
	ActionReject:         {from: []string{ReviewDraft, ReviewSubmitted, ReviewChangesRequested, ReviewApproved}, to: ReviewRejected, comment: true, editorOK: true},
	ActionPublish:        {from: []string{ReviewSubmitted, ReviewApproved}, to: ReviewPublished, editorOK: true},
	ActionUnpublish:      {from: []string{ReviewPublished}, to: ReviewDraft, comment: true, editorOK: true},
	ActionReopen:         {from: []string{ReviewRejected}, to: ReviewDraft, editorOK: true},
}

// WorkflowActions lists the actions in the order pages show them.
var WorkflowActions = []string{ActionSubmit, ActionApprove, ActionPublish, ActionRequestChanges, ActionReject, ActionUnpublish, ActionReopen}

// Transition returns the status that an item in status from moves to when
// u (its owner when owner is true) takes action with comment: EINVALID for
// an unknown action, one that does not apply in from, or a missing
// comment; EUNAUTHORIZED or EFORBIDDEN when u may not take it.
func Transition(from, action string, u *User, owner bool, comment string) (string, error) {
	t, ok := transitions[action]
	if !ok {
		return "", Errorf(EINVALID, "Unknown workflow action %q.", action)
	}
	if u == nil {
		return "", Errorf(EUNAUTHORIZED, "You must be signed in.")
	}
	if !mayTake(t, u, owner) {
		return "", Errorf(EFORBIDDEN, "Your role does not allow this.")
	}
	if !slices.Contains(t.from, from) {
		return "", Errorf(EINVALID, "An item that is %s cannot be given the action %q.", from, action)
	}
	if t.comment && comment == "" {
		return "", Errorf(EINVALID, "Say why in a comment.")
	}
	return t.to, nil
}

func mayTake(t transition, u *User, owner bool) bool {
	return (t.editorOK && u.Can(RoleEditor)) || (t.owner && owner && u.Can(RoleContributor))
}

// Actions lists the actions u may take on an item in status, in the order
// of WorkflowActions.
func Actions(status string, u *User, owner bool) []string {
	var out []string
	for _, a := range WorkflowActions {
		t := transitions[a]
		if u != nil && mayTake(t, u, owner) && slices.Contains(t.from, status) {
			out = append(out, a)
		}
	}
	return out
}

// CommentRequired reports whether action needs a comment.
func CommentRequired(action string) bool { return transitions[action].comment }

// MayEdit reports whether u may edit an item in status: an editor always
// (an edit of a published record is published as it is saved), its owner
// while it is a draft, submitted or sent back for changes. An edit never
// changes the review status; actions do.
func MayEdit(status string, u *User, owner bool) bool {
	if u.Can(RoleEditor) {
		return true
	}
	return owner && u.Can(RoleContributor) &&
		slices.Contains([]string{ReviewDraft, ReviewSubmitted, ReviewChangesRequested}, status)
}

// ReviewItem is one record's place in the workflow.
type ReviewItem struct {
	Kind      string    `json:"kind"`
	ID        int64     `json:"id"`
	Slug      string    `json:"slug"`
	Title     string    `json:"title"`
	Status    string    `json:"status"`
	Version   int       `json:"version"`
	OwnerID   int64     `json:"owner_id,omitempty"` // 0: imported or seeded
	Owner     string    `json:"owner,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
	// OpenSuggestions counts the suggested corrections not yet resolved.
	OpenSuggestions int `json:"open_suggestions"`
}

// ReviewComment is a comment in an item's review, or the record of an
// action taken on it (Action set, Body the reason given).
type ReviewComment struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`
	EntityID  int64     `json:"entity_id"`
	Version   int       `json:"version"` // the item's version when it was written
	AuthorID  int64     `json:"author_id"`
	Author    string    `json:"author"`
	Action    string    `json:"action,omitempty"`
	Body      string    `json:"body"` // Markdown
	CreatedAt time.Time `json:"created_at"`
}

// Statuses of a suggested correction.
const (
	SuggestionOpen      = "open"
	SuggestionConfirmed = "confirmed"
	SuggestionDismissed = "dismissed"
)

// Suggestion is a correction to a published record suggested by anyone
// signed in: what is wrong and the source that says so. An editor confirms
// it (after changing the record as needed; the record's facts-checked date
// moves to the day) or dismisses it, saying why.
type Suggestion struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"`
	EntityID    int64     `json:"entity_id"`
	EntityTitle string    `json:"entity_title,omitempty"`
	EntitySlug  string    `json:"entity_slug,omitempty"`
	AuthorID    int64     `json:"author_id"`
	Author      string    `json:"author"`
	Body        string    `json:"body"` // what is wrong, Markdown
	SourceTitle string    `json:"source_title"`
	SourceURL   string    `json:"source_url,omitempty"`
	Status      string    `json:"status"`
	CreatedAt   time.Time `json:"created_at"`
	ResolverID  int64     `json:"resolver_id,omitempty"`
	Resolver    string    `json:"resolver,omitempty"`
	ResolvedAt  time.Time `json:"resolved_at,omitzero"`
	Resolution  string    `json:"resolution,omitempty"`
}

// Limits on what people submit.
const (
	// MaxSubmissionsPerHour bounds the items and suggestions one account may
	// submit in an hour (editors are not limited).
	MaxSubmissionsPerHour = 30
	// MaxCommentLength bounds a comment, suggestion or resolution, in bytes.
	MaxCommentLength = 20000
)

// WorkflowService moves records of every kind through review. Reads of
// unpublished records are for their owner and for editors; to anyone else
// they do not exist (ENOTFOUND).
type WorkflowService interface {
	// ReviewQueue lists what awaits editors: items submitted or approved,
	// and published ones with open suggestions, the longest waiting first.
	// Editor.
	ReviewQueue(ctx context.Context) ([]*ReviewItem, error)
	// Contributions lists the signed-in user's own items in any status,
	// the latest changed first.
	Contributions(ctx context.Context) ([]*ReviewItem, error)
	// FindReviewItem returns one item's place in the workflow.
	FindReviewItem(ctx context.Context, kind string, id int64) (*ReviewItem, error)
	// Act takes a workflow action on an item at version (ECONFLICT when
	// it has moved on), as Transition allows. The status change is a new
	// version with its revision; the action and its comment join the
	// item's review comments. Publishing and unpublishing change what the
	// public sees.
	Act(ctx context.Context, kind string, id int64, version int, action, comment string) (*ReviewItem, error)
	// AddComment adds a comment to an item's review. Its owner or an editor.
	AddComment(ctx context.Context, kind string, id int64, body string) (*ReviewComment, error)
	// Comments lists an item's review comments and actions, oldest first.
	Comments(ctx context.Context, kind string, id int64) ([]*ReviewComment, error)
	// Revisions lists an item's revisions, newest first. Anyone for a
	// published item; its owner or an editor otherwise.
	Revisions(ctx context.Context, kind string, id int64) ([]*Revision, error)
	// Revision returns one revision with its snapshot.
	Revision(ctx context.Context, kind string, id int64, version int) (*Revision, error)
	// Restore makes the content of revision from the item's content again,
	// as a new revision (its review status is kept). Editor; ECONFLICT when
	// the item is no longer at version.
	Restore(ctx context.Context, kind string, id int64, version, from int, note string) error
	// Suggest records a suggested correction to a published item. Anyone
	// signed in; EINVALID without what is wrong and a source; ETOOMANY past
	// MaxSubmissionsPerHour.
	Suggest(ctx context.Context, s *Suggestion) error
	// Suggestions lists an item's suggestions, newest first. Editor, or
	// their own for anyone else.
	Suggestions(ctx context.Context, kind string, id int64) ([]*Suggestion, error)
	// ResolveSuggestion confirms (the item's facts-checked date becomes
	// today, a new revision) or dismisses a suggestion, saying why. Editor.
	ResolveSuggestion(ctx context.Context, id int64, confirm bool, resolution string) error
}
