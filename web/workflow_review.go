package web

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// reviewPage is an item's review page: its status and content, the
// actions open to the signed-in person, the review's comments, the
// revisions to compare or restore, and the suggested corrections.
type reviewPage struct {
	workflowPage
	Item        *lmo.ReviewItem
	URL         string // the review page's own address
	Status      string
	Owner       string
	Updated     string
	PublicURL   string // "" unless published
	EditURL     string // "" unless the person may edit
	Preview     []previewField
	Actions     []actionView
	CommentHint string
	Comments    []commentView
	Revisions   []revisionRow
	Suggestions []suggestionView

	// What a failed post typed and why it failed, shown again.
	Errors                    []formError
	ActionComment, ActionErr  string
	NewComment, NewCommentErr string
	ResolveID                 int64
	Resolution, ResolveErr    string
	Notice                    string // the item moved on (409)
}

type actionView struct {
	Action, Label string
	Comment       bool // a comment is required
}

type commentView struct {
	Author, When, WhenISO string
	Action                string // what the author did, "" for a comment
	Version               int
	Body                  template.HTML
}

type revisionRow struct {
	Version                  int
	When, WhenISO, Who, Note string
	From, To, Current        bool
	ChangesURL               string // this version's changes, "" for the first
}

type suggestionView struct {
	ID                     int64
	Author, When, WhenISO  string
	Body                   template.HTML
	SourceTitle, SourceURL string
	Status                 string
	Open                   bool
	Resolution             string
	FormURL                string
}

// reviewItem serves an item's review page.
func (s *Server) reviewItem(w http.ResponseWriter, r *http.Request) error {
	p, err := s.newReviewPage(r)
	if err != nil {
		return err
	}
	return s.renderPersonal(w, r, http.StatusOK, "review_item", p)
}

// newReviewPage reads everything an item's review page shows.
func (s *Server) newReviewPage(r *http.Request) (*reviewPage, error) {
	lang := langOf(r)
	ctx := r.Context()
	kind, id, err := reviewTarget(r)
	if err != nil {
		return nil, err
	}
	wf := s.cfg.Workflow
	item, err := wf.FindReviewItem(ctx, kind, id)
	if err != nil {
		return nil, err
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return nil, err
	}
	u := lmo.UserFromContext(ctx)
	owner := isOwner(item, u)
	p := &reviewPage{workflowPage: s.newWorkflowPage(r, translate(lang, "workflow.review.title", item.Title)), Item: item,
		URL: reviewURL(kind, id), Status: statusLabel(lang, item.Status), Owner: ownerName(lang, item),
		Updated: longDateTime(lang, item.UpdatedAt)}
	if item.Status == lmo.ReviewPublished {
		p.PublicURL = publicURL(kind, item.Slug)
	}
	if lmo.MayEdit(item.Status, u, owner) {
		p.EditURL = p.URL + "/edit"
	}
	p.Actions, p.CommentHint = actionViews(lang, lmo.Actions(item.Status, u, owner))
	current, err := s.revisionFields(ctx, l, kind, id, item.Version)
	if err != nil {
		return nil, err
	}
	p.Preview = previewFields(current)
	if err := s.reviewHistory(ctx, p); err != nil {
		return nil, err
	}
	return p, nil
}

// reviewHistory reads an item's comments, revisions and suggestions into
// its review page.
func (s *Server) reviewHistory(ctx context.Context, p *reviewPage) error {
	lang := langFrom(ctx)
	wf, item := s.cfg.Workflow, p.Item
	comments, err := wf.Comments(ctx, item.Kind, item.ID)
	if err != nil {
		return err
	}
	for _, c := range comments {
		v := commentView{Author: c.Author, When: longDateTime(lang, c.CreatedAt),
			WhenISO: c.CreatedAt.Format(isoTime), Version: c.Version, Body: renderMarkdown(c.Body)}
		if c.Action != "" {
			v.Action = translate(lang, "workflow.action.done."+c.Action)
		}
		p.Comments = append(p.Comments, v)
	}
	revs, err := wf.Revisions(ctx, item.Kind, item.ID)
	if err != nil {
		return err
	}
	p.Revisions = revisionRows(lang, revs, item.Version, p.URL+"/diff")
	sugs, err := wf.Suggestions(ctx, item.Kind, item.ID)
	if err != nil {
		return err
	}
	for _, sg := range sugs {
		p.Suggestions = append(p.Suggestions, suggestionView{ID: sg.ID, Author: sg.Author,
			When: longDate(lang, sg.CreatedAt), WhenISO: sg.CreatedAt.Format(isoTime), Body: renderMarkdown(sg.Body),
			SourceTitle: sg.SourceTitle, SourceURL: sg.SourceURL, Status: translate(lang, "workflow.suggestion."+sg.Status),
			Open: sg.Status == lmo.SuggestionOpen, Resolution: sg.Resolution,
			FormURL: p.URL + "/suggestions/" + strconv.FormatInt(sg.ID, 10)})
	}
	return nil
}

// isoTime is the layout of <time datetime>.
const isoTime = "2006-01-02T15:04:05Z07:00"

// actionViews labels the actions open to a person, and says in one hint
// which of them need a comment.
func actionViews(lang string, actions []string) ([]actionView, string) {
	var out []actionView
	var need []string
	for _, a := range actions {
		v := actionView{Action: a, Label: translate(lang, "workflow.action."+a), Comment: lmo.CommentRequired(a)}
		if v.Comment {
			need = append(need, strings.ToLower(v.Label))
		}
		out = append(out, v)
	}
	if len(need) == 0 {
		return out, translate(lang, "workflow.review.comment.hint.none")
	}
	return out, translate(lang, "workflow.review.comment.hint", strings.Join(need, ", "))
}

// revisionRows lays out revisions (newest first) with the two the compare
// form starts with chosen (the latest change) and a link to each
// version's own changes.
func revisionRows(lang string, revs []*lmo.Revision, current int, diffURL string) []revisionRow {
	out := make([]revisionRow, len(revs))
	for i, rv := range revs {
		row := revisionRow{Version: rv.Version, When: longDateTime(lang, rv.CreatedAt), WhenISO: rv.CreatedAt.Format(isoTime),
			Who: rv.Author, Note: rv.Note, Current: rv.Version == current, To: i == 0, From: i == 1 || (i == 0 && len(revs) == 1)}
		if i+1 < len(revs) {
			row.ChangesURL = diffURL + "?from=" + strconv.Itoa(revs[i+1].Version) + "&to=" + strconv.Itoa(rv.Version)
		}
		out[i] = row
	}
	return out
}

// reviewFailed shows the review page again with what failed (status 400,
// or 409 when the item moved on).
func (s *Server) reviewFailed(w http.ResponseWriter, r *http.Request, status int, edit func(*reviewPage)) error {
	p, err := s.newReviewPage(r)
	if err != nil {
		return err
	}
	edit(p)
	return s.renderPersonal(w, r, status, "review_item", p)
}

// postedVersion reads the version a form was shown at.
func postedVersion(r *http.Request) (int, error) {
	v, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil {
		return 0, lmo.Errorf(lmo.EINVALID, "The form has no version: open the page again.")
	}
	return v, nil
}

// reviewAct takes a workflow action. A missing comment shows the page
// again with the message beside the comment box; an item that moved on
// shows it as it now is (409).
func (s *Server) reviewAct(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	kind, id, err := reviewTarget(r)
	if err != nil {
		return err
	}
	version, err := postedVersion(r)
	if err != nil {
		return err
	}
	action, comment := r.PostForm.Get("action"), strings.TrimSpace(r.PostForm.Get("comment"))
	if lmo.CommentRequired(action) && comment == "" {
		return s.reviewFailed(w, r, http.StatusBadRequest, func(p *reviewPage) {
			p.ActionErr = translate(lang, "workflow.error.comment")
			p.Errors = []formError{{Field: "action-comment", Message: p.ActionErr}}
		})
	}
	_, err = s.cfg.Workflow.Act(r.Context(), kind, id, version, action, comment)
	if code := lmo.ErrorCode(err); code == lmo.ECONFLICT || code == lmo.EINVALID {
		status := map[string]int{lmo.ECONFLICT: http.StatusConflict, lmo.EINVALID: http.StatusBadRequest}[code]
		return s.reviewFailed(w, r, status, func(p *reviewPage) {
			p.ActionComment, p.Notice = comment, lmo.ErrorMessage(err)
			p.Errors = []formError{{Field: "action-comment", Message: p.Notice}}
		})
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, reviewURL(kind, id), http.StatusSeeOther)
	return nil
}

// reviewComment adds a comment to an item's review.
func (s *Server) reviewComment(w http.ResponseWriter, r *http.Request) error {
	kind, id, err := reviewTarget(r)
	if err != nil {
		return err
	}
	body := r.PostForm.Get("body")
	_, err = s.cfg.Workflow.AddComment(r.Context(), kind, id, body)
	if lmo.ErrorCode(err) == lmo.EINVALID {
		return s.reviewFailed(w, r, http.StatusBadRequest, func(p *reviewPage) {
			p.NewComment, p.NewCommentErr = body, lmo.ErrorMessage(err)
			p.Errors = []formError{{Field: "new-comment", Message: p.NewCommentErr}}
		})
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, reviewURL(kind, id)+"#comments-h", http.StatusSeeOther)
	return nil
}

// reviewRestore makes an earlier revision's content the item's again, as a
// new revision. Editors.
func (s *Server) reviewRestore(w http.ResponseWriter, r *http.Request) error {
	kind, id, err := reviewTarget(r)
	if err != nil {
		return err
	}
	version, err := postedVersion(r)
	if err != nil {
		return err
	}
	from, err := strconv.Atoi(r.PostForm.Get("from"))
	if err != nil {
		return lmo.Errorf(lmo.EINVALID, "Say which version to restore.")
	}
	err = s.cfg.Workflow.Restore(r.Context(), kind, id, version, from, "") // the store notes "Restored version N."
	if lmo.ErrorCode(err) == lmo.ECONFLICT {
		return s.reviewFailed(w, r, http.StatusConflict, func(p *reviewPage) {
			p.Notice = lmo.ErrorMessage(err)
			p.Errors = []formError{{Field: "revisions-h", Message: p.Notice}}
		})
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, reviewURL(kind, id)+"#revisions-h", http.StatusSeeOther)
	return nil
}

// reviewResolve confirms or dismisses a suggestion. Editors; the
// resolution says why.
func (s *Server) reviewResolve(w http.ResponseWriter, r *http.Request) error {
	kind, id, err := reviewTarget(r)
	if err != nil {
		return err
	}
	sid, err := strconv.ParseInt(r.PathValue("sid"), 10, 64)
	if err != nil {
		return lmo.Errorf(lmo.ENOTFOUND, "There is no suggestion %q.", r.PathValue("sid"))
	}
	resolution := strings.TrimSpace(r.PostForm.Get("resolution"))
	confirm := r.PostForm.Get("decision") == "confirm"
	err = s.cfg.Workflow.ResolveSuggestion(r.Context(), sid, confirm, resolution)
	if lmo.ErrorCode(err) == lmo.EINVALID {
		return s.reviewFailed(w, r, http.StatusBadRequest, func(p *reviewPage) {
			p.ResolveID, p.Resolution, p.ResolveErr = sid, resolution, lmo.ErrorMessage(err)
			p.Errors = []formError{{Field: "resolution-" + strconv.FormatInt(sid, 10), Message: p.ResolveErr}}
		})
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, reviewURL(kind, id)+"#suggestions-h", http.StatusSeeOther)
	return nil
}
