package web

import (
	"net/http"

	"github.com/lmo-observatory/lmo"
)

// agreementFormPage is the form of an agreement, new or for an edit, laid
// out with the problems of a failed submission.
type agreementFormPage struct {
	contribFormPage
	F                                             *agreementForm
	Type                                          choiceGroup
	Parties                                       rowList
	Branches                                      choiceGroup
	BenefitsAbroad, Totalisation, DomesticWorkers choiceGroup
	Sources                                       []sourceRowView
}

// agreementIDs are the ids of the agreement form's fields by problem key.
var agreementIDs = formIDs{
	lists:   map[string]string{"parties": "party", "sources": "source-title"},
	choices: []string{"type", "branches", "benefits_abroad", "totalisation", "domestic_workers"},
}

// newAgreementFormPage lays out the form f with the problems found (nil for
// none) and the list whose "Add a row" was pressed ("" for none).
func newAgreementFormPage(wp workflowPage, l *labels, f *agreementForm, problems []lmo.FieldProblem, added string) *agreementFormPage {
	lang := l.language()
	p := &agreementFormPage{contribFormPage: newContribFormPage(wp, agreementIDs, problems), F: f}
	p.Version = f.Version
	tr := func(key string) string { return translate(lang, key) }
	var types, branches, truths []option
	for _, t := range lmo.AgreementTypes {
		types = append(types, option{Value: t, Label: tr("agreements.type." + t)})
	}
	for _, b := range lmo.Branches {
		branches = append(branches, option{Value: b, Label: tr("agreements.branch." + b)})
	}
	for _, t := range []lmo.Truth{lmo.Yes, lmo.No, lmo.Unknown} {
		truths = append(truths, option{Value: string(t), Label: tr("agreement.truth." + string(t))})
	}
	p.Type = p.choices("type", "agreements.col.type", true, true, types, []string{f.Type})
	p.Parties = p.rowList("parties", "party", "party", "contrib.agreement.parties", "contrib.agreement.party.n", f.Parties, 2, added)
	p.Parties.Hint, p.Parties.Required = tr("contrib.agreement.parties.hint"), true
	var countries []option
	for _, c := range l.countryList {
		countries = append(countries, option{Value: c.Code, Label: c.Name(lang)})
	}
	p.Parties.offer(countries, tr("form.choose"))
	p.Branches = p.choices("branches", "agreement.branches", false, false, branches, f.Branches)
	p.BenefitsAbroad = p.choices("benefits_abroad", "agreement.benefits_abroad", true, false, truths, []string{truthOrUnknown(f.BenefitsAbroad)})
	p.Totalisation = p.choices("totalisation", "agreement.totalisation", true, false, truths, []string{truthOrUnknown(f.Totalisation)})
	p.DomesticWorkers = p.choices("domestic_workers", "agreement.domestic_workers", true, false, truths, []string{truthOrUnknown(f.DomesticWorkers)})
	p.Sources = p.sourceRows(f.Sources, added)
	return p
}

// truthOrUnknown is the choice a yes/no/unknown group shows: unknown when
// none was made.
func truthOrUnknown(s string) string {
	if s == "" {
		return string(lmo.Unknown)
	}
	return s
}

// newAgreement serves the empty form of a new agreement.
func (s *Server) newAgreement(w http.ResponseWriter, r *http.Request) error {
	l, err := s.loadLabels(r.Context())
	if err != nil {
		return err
	}
	return s.renderPersonal(w, r, http.StatusOK, "agreement_form", s.newAgreementPage(r, l, &agreementForm{}, nil, ""))
}

// newAgreementPage lays out the form of a new agreement.
func (s *Server) newAgreementPage(r *http.Request, l *labels, f *agreementForm, problems []lmo.FieldProblem, added string) *agreementFormPage {
	lang := langOf(r)
	p := newAgreementFormPage(s.newWorkflowPage(r, translate(lang, "contrib.agreement.new.title")), l, f, problems, added)
	p.Action, p.CancelURL = "/agreements/new", "/contributions"
	return p
}

// createAgreement reads the form of a new agreement: "Add a row" shows it
// again with more rows; otherwise the agreement is saved as a draft or
// submitted for review and the person goes to its review page. A form that
// fails comes back with what was typed and every problem (400).
func (s *Server) createAgreement(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	ctx := r.Context()
	l, err := s.loadLabels(ctx)
	if err != nil {
		return err
	}
	f := readAgreementForm(r)
	if list := r.PostForm.Get("add"); list != "" {
		return s.renderPersonal(w, r, http.StatusOK, "agreement_form", s.newAgreementPage(r, l, f, nil, list))
	}
	a, problems := f.agreement(lang, &lmo.Agreement{})
	a.ReviewStatus = saveStatus(r)
	if problems = append(problems, checkAgreement(a, l)...); len(problems) == 0 {
		problems, err = formProblems(s.cfg.Agreements.CreateAgreement(ctx, a, f.Note))
	}
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return s.renderPersonal(w, r, http.StatusBadRequest, "agreement_form", s.newAgreementPage(r, l, f, problems, ""))
	}
	http.Redirect(w, r, reviewURL(lmo.KindAgreement, a.ID), http.StatusSeeOther)
	return nil
}

// editAgreement serves the form of an agreement's edit, filled in.
func (s *Server) editAgreement(w http.ResponseWriter, r *http.Request) error {
	item, a, err := s.editableAgreement(r)
	if err != nil {
		return err
	}
	l, err := s.loadLabels(r.Context())
	if err != nil {
		return err
	}
	return s.renderPersonal(w, r, http.StatusOK, "agreement_form", s.editAgreementPage(r, l, item, agreementFormOf(a), nil, ""))
}

// editableAgreement reads the agreement of an edit as it stands, once the
// signed-in person may edit it.
func (s *Server) editableAgreement(r *http.Request) (*lmo.ReviewItem, *lmo.Agreement, error) {
	item, err := s.editableItem(r)
	if err != nil {
		return nil, nil, err
	}
	a, err := s.cfg.Agreements.FindAgreementForReview(r.Context(), item.ID)
	return item, a, err
}

// editAgreementPage lays out the form of an agreement's edit.
func (s *Server) editAgreementPage(r *http.Request, l *labels, item *lmo.ReviewItem, f *agreementForm, problems []lmo.FieldProblem, added string) *agreementFormPage {
	lang := langOf(r)
	p := newAgreementFormPage(s.newWorkflowPage(r, translate(lang, "form.edit.title", item.Title)), l, f, problems, added)
	p.Edit, p.Action, p.CancelURL = true, reviewURL(item.Kind, item.ID)+"/edit", reviewURL(item.Kind, item.ID)
	return p
}

// updateAgreement saves an agreement's edit. An edit begun at a version
// that is no longer the item's comes back (409) with what was typed, a
// message that someone else changed it and a link to their changes; saving
// again then replaces them.
func (s *Server) updateAgreement(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	ctx := r.Context()
	item, stored, err := s.editableAgreement(r)
	if err != nil {
		return err
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return err
	}
	f := readAgreementForm(r)
	if list := r.PostForm.Get("add"); list != "" {
		return s.renderPersonal(w, r, http.StatusOK, "agreement_form", s.editAgreementPage(r, l, item, f, nil, list))
	}
	from, err := editVersion(f.Version)
	if err != nil {
		return err
	}
	conflict := func(now *lmo.ReviewItem) error {
		p := s.editAgreementPage(r, l, now, f, nil, "")
		p.markConflict(now, from)
		return s.renderPersonal(w, r, http.StatusConflict, "agreement_form", p)
	}
	if from != item.Version {
		return conflict(item)
	}
	a, problems := f.agreement(lang, stored)
	a.Version = from
	if problems = append(problems, checkAgreement(a, l)...); len(problems) == 0 {
		err = s.cfg.Agreements.UpdateAgreement(ctx, a, f.Note)
		if now, stale := s.staleEdit(r, item, from, err); stale {
			return conflict(now)
		}
		problems, err = formProblems(err)
	}
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return s.renderPersonal(w, r, http.StatusBadRequest, "agreement_form", s.editAgreementPage(r, l, item, f, problems, ""))
	}
	http.Redirect(w, r, reviewURL(item.Kind, item.ID), http.StatusSeeOther)
	return nil
}
