package web

import (
	"net/http"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// suggestPage is the form of a suggested correction to a published
// practice, or its confirmation once sent.
type suggestPage struct {
	workflowPage
	Practice               *lmo.Practice
	Sent                   bool
	Body, SourceTitle, URL string
	Errors                 []formError
	BodyErr, SourceErr     string
	URLErr                 string
}

// suggestTarget reads the published practice of a suggestion's route.
func (s *Server) suggestTarget(r *http.Request) (*lmo.Practice, error) {
	return s.cfg.Practices.FindPracticeBySlug(r.Context(), r.PathValue("slug"))
}

// suggestForm serves the form, or the confirmation (?sent=1) after a
// suggestion was sent.
func (s *Server) suggestForm(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	pr, err := s.suggestTarget(r)
	if err != nil {
		return err
	}
	p := &suggestPage{workflowPage: s.newWorkflowPage(r, translate(lang, "workflow.suggest.title")), Practice: pr,
		Sent: r.URL.Query().Get("sent") != ""}
	if p.Sent {
		p.Title = translate(lang, "workflow.suggest.sent.title")
	}
	return s.renderPersonal(w, r, http.StatusOK, "suggest", p)
}

// suggest sends a suggested correction: what is wrong and the source that
// says so. A form that fails comes back with what was typed (400).
func (s *Server) suggest(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	pr, err := s.suggestTarget(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	p := &suggestPage{workflowPage: s.newWorkflowPage(r, translate(lang, "workflow.suggest.title")), Practice: pr,
		Body: f.Get("body"), SourceTitle: f.Get("source_title"), URL: strings.TrimSpace(f.Get("source_url"))}
	if strings.TrimSpace(p.Body) == "" {
		p.BodyErr = translate(lang, "workflow.suggest.required.body")
		p.Errors = append(p.Errors, formError{Field: "s-body", Message: p.BodyErr})
	}
	if strings.TrimSpace(p.SourceTitle) == "" {
		p.SourceErr = translate(lang, "workflow.suggest.required.source")
		p.Errors = append(p.Errors, formError{Field: "s-source-title", Message: p.SourceErr})
	}
	if len(p.Errors) == 0 {
		err = s.cfg.Workflow.Suggest(r.Context(), &lmo.Suggestion{Kind: lmo.KindPractice, EntityID: pr.ID,
			Body: p.Body, SourceTitle: strings.TrimSpace(p.SourceTitle), SourceURL: p.URL})
		if lmo.ErrorCode(err) != lmo.EINVALID {
			if err != nil {
				return err
			}
			http.Redirect(w, r, "/practices/"+pr.Slug+"/suggest?sent=1", http.StatusSeeOther)
			return nil
		}
		p.addStoreError(lmo.ErrorMessage(err))
	}
	return s.renderPersonal(w, r, http.StatusBadRequest, "suggest", p)
}

// addStoreError places the store's message of a refused suggestion beside
// the field it names: the address, the source, or what is wrong.
func (p *suggestPage) addStoreError(msg string) {
	lower := strings.ToLower(msg)
	switch {
	case strings.Contains(lower, "url") || strings.Contains(lower, "address"):
		p.URLErr = msg
		p.Errors = append(p.Errors, formError{Field: "s-source-url", Message: msg})
	case strings.Contains(lower, "source"):
		p.SourceErr = msg
		p.Errors = append(p.Errors, formError{Field: "s-source-title", Message: msg})
	default:
		p.BodyErr = msg
		p.Errors = append(p.Errors, formError{Field: "s-body", Message: msg})
	}
}
