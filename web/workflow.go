package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/lmo-observatory/lmo"
)

// The editorial workflow's pages: the contributor's form (workflow_form*.go),
// the review queue and contributions (here), an item's review page
// (workflow_review.go), the diff of two revisions (workflow_diff.go,
// diffview.go) and suggested corrections (workflow_suggest.go). Every page
// but the public diff is personal: it never goes through cached, and it is
// sent with Cache-Control: private, no-store.

// workflowPage is what every personal workflow page shares: the layout's
// data and the signed-in user's links.
type workflowPage struct {
	Page
	User     *lmo.User
	IsEditor bool
}

// personal wraps a workflow handler: 404 when the server has no workflow
// service; a person who is not signed in is sent to sign in (GET) or
// refused (other methods); the answer is never stored by any cache.
func (s *Server) personal(fn handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.cfg.Workflow == nil {
			return lmo.Errorf(lmo.ENOTFOUND, "There is no page at this address.")
		}
		w.Header().Set("Cache-Control", "private, no-store")
		if lmo.UserFromContext(r.Context()) == nil {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, signInURL(r), http.StatusSeeOther)
				return nil
			}
			return lmo.Errorf(lmo.EUNAUTHORIZED, "You must be signed in.")
		}
		if r.Method == http.MethodPost {
			if err := r.ParseForm(); err != nil {
				return lmo.Errorf(lmo.EINVALID, "The form could not be read: it may be too large.")
			}
		}
		return fn(w, r)
	}
}

// signInURL is the sign-in page's address that comes back to r's page.
func signInURL(r *http.Request) string {
	return "/signin?next=" + url.QueryEscape(r.URL.RequestURI())
}

// newWorkflowPage returns the layout's data of a personal page titled title.
func (s *Server) newWorkflowPage(r *http.Request, title string) workflowPage {
	u := lmo.UserFromContext(r.Context())
	p := workflowPage{Page: s.page(r, title), User: u, IsEditor: u.Can(lmo.RoleEditor)}
	p.Canonical = ""
	return p
}

// reviewURL is the address of an item's review page.
func reviewURL(kind string, id int64) string {
	return "/review/" + kind + "/" + strconv.FormatInt(id, 10)
}

// publicURL is the public address of a published item of kind.
func publicURL(kind, slug string) string {
	switch kind {
	case lmo.KindAgreement:
		return "/agreements/" + slug
	case lmo.KindProject:
		return "/projects/" + slug
	}
	return "/practices/" + slug
}

// reviewTarget reads the kind and id of a review route: ENOTFOUND for a kind
// that is not in the workflow or an id that is not a number.
func reviewTarget(r *http.Request) (string, int64, error) {
	kind := r.PathValue("kind")
	if kind != lmo.KindPractice && kind != lmo.KindAgreement && kind != lmo.KindProject {
		return "", 0, lmo.Errorf(lmo.ENOTFOUND, "There is no kind of content called %q.", kind)
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return "", 0, lmo.Errorf(lmo.ENOTFOUND, "There is no item %q.", r.PathValue("id"))
	}
	return kind, id, nil
}

// itemRow is one line of the review queue or of a person's contributions.
type itemRow struct {
	URL         string
	Title       string
	Kind        string
	Status      string
	Owner       string
	Since       string
	SinceISO    string
	Suggestions int
}

// itemRows lays out review items as table rows.
func itemRows(lang string, items []*lmo.ReviewItem) []itemRow {
	out := make([]itemRow, len(items))
	for i, it := range items {
		out[i] = itemRow{URL: reviewURL(it.Kind, it.ID), Title: it.Title, Kind: translate(lang, "workflow.kind."+it.Kind),
			Status: statusLabel(lang, it.Status), Owner: ownerName(lang, it), Since: longDateTime(lang, it.UpdatedAt),
			SinceISO: it.UpdatedAt.Format("2006-01-02T15:04:05Z07:00"), Suggestions: it.OpenSuggestions}
	}
	return out
}

// ownerName is the name of an item's owner; items imported or seeded are
// the LMO editors'.
func ownerName(lang string, it *lmo.ReviewItem) string {
	if it.OwnerID == 0 || it.Owner == "" {
		return translate(lang, "workflow.owner.none")
	}
	return it.Owner
}

// statusLabel is the words for a review status.
func statusLabel(lang, status string) string { return translate(lang, "workflow.status."+status) }

// itemsPage is the review queue or a person's contributions.
type itemsPage struct {
	workflowPage
	Items []itemRow
}

// reviewQueue serves the editors' queue: what waits for review, the longest
// waiting first (the store's order).
func (s *Server) reviewQueue(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	items, err := s.cfg.Workflow.ReviewQueue(r.Context())
	if err != nil {
		return err
	}
	p := &itemsPage{workflowPage: s.newWorkflowPage(r, translate(lang, "workflow.queue.title")), Items: itemRows(lang, items)}
	return s.renderPersonal(w, r, http.StatusOK, "review_queue", p)
}

// contributions serves the signed-in person's own items.
func (s *Server) contributions(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	items, err := s.cfg.Workflow.Contributions(r.Context())
	if err != nil {
		return err
	}
	p := &itemsPage{workflowPage: s.newWorkflowPage(r, translate(lang, "workflow.contrib.title")), Items: itemRows(lang, items)}
	return s.renderPersonal(w, r, http.StatusOK, "contributions", p)
}

// renderPersonal renders a personal page with status into a buffer and
// writes it, past handle's error catcher (a form that failed is a whole
// page, not the error page), never to be stored by a cache.
func (s *Server) renderPersonal(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	body, err := s.execute(r, name, data)
	if err != nil {
		return err
	}
	w = pastCatcher(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-store")
	w.WriteHeader(status)
	w.Write(body) // a client gone is the request log's to note (outcome.go)
	return nil
}
