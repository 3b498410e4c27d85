package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/lmo-observatory/lmo"
)

// newPractice serves the empty form of a new practice.
func (s *Server) newPractice(w http.ResponseWriter, r *http.Request) error {
	l, err := s.loadLabels(r.Context())
	if err != nil {
		return err
	}
	f := &practiceForm{Language: "en", Terms: map[string][]string{}}
	return s.renderPersonal(w, r, http.StatusOK, "practice_form", s.newFormPage(r, l, f, nil, ""))
}

// newFormPage lays out the form of a new practice.
func (s *Server) newFormPage(r *http.Request, l *labels, f *practiceForm, problems []lmo.FieldProblem, added string) *practiceFormPage {
	lang := langOf(r)
	p := s.newPracticeFormPage(s.newWorkflowPage(r, translate(lang, "form.new.title")), l, f, problems, added)
	p.Action, p.CancelURL = "/practices/new", "/contributions"
	return p
}

// createPractice reads the form of a new practice: "Add a row" shows it
// again with more rows; otherwise the practice is saved as a draft or
// submitted for review and the person goes to its review page. A form
// that fails comes back with what was typed and every problem (400).
func (s *Server) createPractice(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	ctx := r.Context()
	l, err := s.loadLabels(ctx)
	if err != nil {
		return err
	}
	f := readPracticeForm(r)
	if list := r.PostForm.Get("add"); list != "" {
		return s.renderPersonal(w, r, http.StatusOK, "practice_form", s.newFormPage(r, l, f, nil, list))
	}
	p, problems := f.practice(lang, &lmo.Practice{})
	p.ReviewStatus = lmo.ReviewSubmitted
	if r.PostForm.Get("save") == "draft" {
		p.ReviewStatus = lmo.ReviewDraft
	}
	if problems = append(problems, checkPractice(p, l)...); len(problems) == 0 {
		err = s.cfg.Practices.CreatePractice(ctx, p, f.Note)
		problems, err = formProblems(err)
	}
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return s.renderPersonal(w, r, http.StatusBadRequest, "practice_form", s.newFormPage(r, l, f, problems, ""))
	}
	http.Redirect(w, r, reviewURL(lmo.KindPractice, p.ID), http.StatusSeeOther)
	return nil
}

// checkPractice validates a copy of p as the store will, against the
// vocabularies and countries of l, and returns every problem, so that a
// form shows them all at once.
func checkPractice(p *lmo.Practice, l *labels) []lmo.FieldProblem {
	q := *p
	return lmo.FieldProblems(q.Validate(l.vocabs, func(code string) bool { return l.countries[code] != nil }))
}

// formProblems sorts the error of a save: the problems a person can fix in
// the form (validation, a slug taken), or the error to answer.
func formProblems(err error) ([]lmo.FieldProblem, error) {
	switch {
	case err == nil:
		return nil, nil
	case lmo.FieldProblems(err) != nil:
		return lmo.FieldProblems(err), nil
	case lmo.ErrorCode(err) == lmo.EINVALID:
		return []lmo.FieldProblem{{Field: "", Message: lmo.ErrorMessage(err)}}, nil
	case lmo.ErrorCode(err) == lmo.ECONFLICT:
		return []lmo.FieldProblem{{Field: "slug", Message: lmo.ErrorMessage(err)}}, nil
	}
	return nil, err
}

// editTarget reads a practice's edit's item and checks that the signed-in
// person may edit it (EFORBIDDEN otherwise), with its content as it stands.
func (s *Server) editTarget(r *http.Request) (*lmo.ReviewItem, *lmo.Practice, error) {
	item, err := s.editableItem(r)
	if err != nil {
		return nil, nil, err
	}
	if item.Kind != lmo.KindPractice {
		return nil, nil, lmo.Errorf(lmo.ENOTFOUND, "There is no page at this address.")
	}
	p, err := s.itemPractice(r.Context(), item, item.Version)
	return item, p, err
}

// isOwner reports whether u owns item (items imported or seeded have none).
func isOwner(item *lmo.ReviewItem, u *lmo.User) bool {
	return u != nil && item.OwnerID != 0 && item.OwnerID == u.ID
}

// itemPractice returns the practice of item as it stood at version, from
// that revision's snapshot.
func (s *Server) itemPractice(ctx context.Context, item *lmo.ReviewItem, version int) (*lmo.Practice, error) {
	rev, err := s.cfg.Workflow.Revision(ctx, item.Kind, item.ID, version)
	if err != nil {
		return nil, err
	}
	p, err := snapshotPractice(rev)
	if err != nil {
		return nil, err
	}
	p.ID, p.Version = item.ID, version
	return p, nil
}

// editPractice serves the form of an item's edit, filled in.
func (s *Server) editPractice(w http.ResponseWriter, r *http.Request) error {
	item, p, err := s.editTarget(r)
	if err != nil {
		return err
	}
	l, err := s.loadLabels(r.Context())
	if err != nil {
		return err
	}
	return s.renderPersonal(w, r, http.StatusOK, "practice_form", s.editFormPage(r, l, item, formOf(p), nil, ""))
}

// editFormPage lays out the form of an edit.
func (s *Server) editFormPage(r *http.Request, l *labels, item *lmo.ReviewItem, f *practiceForm, problems []lmo.FieldProblem, added string) *practiceFormPage {
	lang := langOf(r)
	p := s.newPracticeFormPage(s.newWorkflowPage(r, translate(lang, "form.edit.title", item.Title)), l, f, problems, added)
	p.Edit, p.Action, p.CancelURL = true, reviewURL(item.Kind, item.ID)+"/edit", reviewURL(item.Kind, item.ID)
	return p
}

// updatePractice saves an edit. An edit begun at a version that is no
// longer the item's comes back (409) with what was typed, a message that
// someone else changed it and a link to their changes; saving again then
// replaces them.
func (s *Server) updatePractice(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	ctx := r.Context()
	item, stored, err := s.editTarget(r)
	if err != nil {
		return err
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return err
	}
	f := readPracticeForm(r)
	if list := r.PostForm.Get("add"); list != "" {
		return s.renderPersonal(w, r, http.StatusOK, "practice_form", s.editFormPage(r, l, item, f, nil, list))
	}
	from, err := strconv.Atoi(f.Version)
	if err != nil {
		return lmo.Errorf(lmo.EINVALID, "The form has no version: open the edit again.")
	}
	if from != item.Version {
		return s.editConflict(w, r, l, item, f, from)
	}
	p, problems := f.practice(lang, stored)
	p.Version = from
	if problems = append(problems, checkPractice(p, l)...); len(problems) == 0 {
		err = s.cfg.Practices.UpdatePractice(ctx, p, f.Note)
		if lmo.ErrorCode(err) == lmo.ECONFLICT {
			if now, ferr := s.cfg.Workflow.FindReviewItem(ctx, item.Kind, item.ID); ferr == nil && now.Version != from {
				return s.editConflict(w, r, l, now, f, from)
			}
		}
		problems, err = formProblems(err)
	}
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return s.renderPersonal(w, r, http.StatusBadRequest, "practice_form", s.editFormPage(r, l, item, f, problems, ""))
	}
	http.Redirect(w, r, reviewURL(item.Kind, item.ID), http.StatusSeeOther)
	return nil
}

// editConflict shows the edit again (409): someone else saved the item
// after version from, which the edit began at. The form now carries the
// item's version, so that saving again replaces their changes.
func (s *Server) editConflict(w http.ResponseWriter, r *http.Request, l *labels, item *lmo.ReviewItem, f *practiceForm, from int) error {
	lang := langOf(r)
	f.Version = strconv.Itoa(item.Version)
	p := s.editFormPage(r, l, item, f, nil, "")
	p.Conflict = translate(lang, "workflow.conflict", item.Version)
	p.ConflictURL = fmt.Sprintf("%s/diff?from=%d&to=%d", reviewURL(item.Kind, item.ID), from, item.Version)
	return s.renderPersonal(w, r, http.StatusConflict, "practice_form", p)
}
