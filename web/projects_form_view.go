package web

import (
	"net/http"

	"github.com/lmo-observatory/lmo"
)

// projectFormPage is the form of a project, new or for an edit, laid out
// with the problems of a failed submission.
type projectFormPage struct {
	contribFormPage
	F                                         *projectForm
	Countries, Donors, Implementers, Practice rowList
	Themes, Instruments                       choiceGroup
	Sources                                   []sourceRowView
}

// projectIDs are the ids of the project form's fields by problem key.
var projectIDs = formIDs{
	lists: map[string]string{"countries": "country", "donors": "donor", "implementers": "implementer",
		"practices": "practice", "sources": "source-title"},
	choices: []string{"themes", "instruments"},
	special: map[string]string{"budget": "f-budget-amount"},
}

// newProjectFormPage lays out the form f with the problems found (nil for
// none) and the list whose "Add a row" was pressed ("" for none).
func newProjectFormPage(lang string, wp workflowPage, d projectDirectory, f *projectForm, problems []lmo.FieldProblem, added string) *projectFormPage {
	p := &projectFormPage{contribFormPage: newContribFormPage(wp, projectIDs, problems), F: f}
	p.Version = f.Version
	tr := func(key string) string { return translate(lang, key) }
	var countries, orgs []option
	for _, c := range d.l.countryList {
		countries = append(countries, option{Value: c.Code, Label: c.Name(lang)})
	}
	for _, o := range d.orgs {
		orgs = append(orgs, option{Value: o.Slug, Label: orgName(o)})
	}
	p.Countries = p.rowList("countries", "country", "country", "contrib.project.countries", "form.country.n", f.Countries, 2, added)
	p.Countries.Hint = tr("contrib.project.countries.hint")
	p.Countries.offer(countries, tr("form.choose"))
	p.Donors = p.rowList("donors", "donor", "donor", "projects.col.donors", "contrib.project.donor.n", f.Donors, 1, added)
	p.Donors.Hint = tr("contrib.project.orgs.hint")
	p.Donors.offer(orgs, tr("form.choose"))
	p.Implementers = p.rowList("implementers", "implementer", "implementer", "projects.col.implementers", "contrib.project.implementer.n", f.Implementers, 2, added)
	p.Implementers.Hint, p.Implementers.Required = tr("contrib.project.orgs.hint"), true
	p.Implementers.offer(orgs, tr("form.choose"))
	p.Practice = p.rowList("practices", "practice", "practice", "projects.col.practices", "contrib.project.practice.n", f.Practices, 1, added)
	p.Practice.Hint = tr("contrib.project.practices.hint")
	p.Themes = p.choices("themes", "projects.col.themes", false, false, termOptions(d.l, lmo.VocabTheme), f.Themes)
	p.Instruments = p.choices("instruments", "projects.col.instruments", false, false, termOptions(d.l, lmo.VocabInstrument), f.Instruments)
	p.Sources = p.sourceRows(f.Sources, added)
	return p
}

// termOptions are the terms of a vocabulary as options; an instrument's
// label starts with its code.
func termOptions(l *labels, vocab string) []option {
	v := l.vocabs[vocab]
	if v == nil {
		return nil
	}
	var out []option
	for _, t := range v.Terms {
		label := t.Label
		if vocab == lmo.VocabInstrument && t.Code != t.Label {
			label = t.Code + " " + t.Label
		}
		out = append(out, option{Value: t.Code, Label: label})
	}
	return out
}

// newProject serves the empty form of a new project.
func (s *Server) newProject(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadProjectDirectory(r.Context())
	if err != nil {
		return err
	}
	return s.renderPersonal(w, r, http.StatusOK, "project_form", s.newProjectPage(r, d, &projectForm{}, nil, ""))
}

// newProjectPage lays out the form of a new project.
func (s *Server) newProjectPage(r *http.Request, d projectDirectory, f *projectForm, problems []lmo.FieldProblem, added string) *projectFormPage {
	lang := langOf(r)
	p := newProjectFormPage(lang, s.newWorkflowPage(r, translate(lang, "contrib.project.new.title")), d, f, problems, added)
	p.Action, p.CancelURL = "/projects/new", "/contributions"
	return p
}

// createProject reads the form of a new project: "Add a row" shows it
// again with more rows; otherwise the project is saved as a draft or
// submitted for review and the person goes to its review page. A form that
// fails comes back with what was typed and every problem (400).
func (s *Server) createProject(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	ctx := r.Context()
	d, err := s.loadProjectDirectory(ctx)
	if err != nil {
		return err
	}
	f := readProjectForm(r)
	if list := r.PostForm.Get("add"); list != "" {
		return s.renderPersonal(w, r, http.StatusOK, "project_form", s.newProjectPage(r, d, f, nil, list))
	}
	p, problems := f.project(lang, &lmo.Project{})
	p.ReviewStatus = saveStatus(r)
	if problems = append(problems, checkProject(p, d.l, d.orgs)...); len(problems) == 0 {
		problems, err = formProblems(s.cfg.Projects.CreateProject(ctx, p, f.Note))
	}
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return s.renderPersonal(w, r, http.StatusBadRequest, "project_form", s.newProjectPage(r, d, f, problems, ""))
	}
	http.Redirect(w, r, reviewURL(lmo.KindProject, p.ID), http.StatusSeeOther)
	return nil
}

// editProject serves the form of a project's edit, filled in.
func (s *Server) editProject(w http.ResponseWriter, r *http.Request) error {
	item, p, err := s.editableProject(r)
	if err != nil {
		return err
	}
	d, err := s.loadProjectDirectory(r.Context())
	if err != nil {
		return err
	}
	return s.renderPersonal(w, r, http.StatusOK, "project_form", s.editProjectPage(r, d, item, projectFormOf(p), nil, ""))
}

// editableProject reads the project of an edit as it stands, once the
// signed-in person may edit it.
func (s *Server) editableProject(r *http.Request) (*lmo.ReviewItem, *lmo.Project, error) {
	item, err := s.editableItem(r)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.cfg.Projects.FindProjectForReview(r.Context(), item.ID)
	return item, p, err
}

// editProjectPage lays out the form of a project's edit.
func (s *Server) editProjectPage(r *http.Request, d projectDirectory, item *lmo.ReviewItem, f *projectForm, problems []lmo.FieldProblem, added string) *projectFormPage {
	lang := langOf(r)
	p := newProjectFormPage(lang, s.newWorkflowPage(r, translate(lang, "form.edit.title", item.Title)), d, f, problems, added)
	p.Edit, p.Action, p.CancelURL = true, reviewURL(item.Kind, item.ID)+"/edit", reviewURL(item.Kind, item.ID)
	return p
}

// updateProject saves a project's edit; a stale edit comes back (409) as
// updateAgreement's does.
func (s *Server) updateProject(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	ctx := r.Context()
	item, stored, err := s.editableProject(r)
	if err != nil {
		return err
	}
	d, err := s.loadProjectDirectory(ctx)
	if err != nil {
		return err
	}
	f := readProjectForm(r)
	if list := r.PostForm.Get("add"); list != "" {
		return s.renderPersonal(w, r, http.StatusOK, "project_form", s.editProjectPage(r, d, item, f, nil, list))
	}
	from, err := editVersion(f.Version)
	if err != nil {
		return err
	}
	conflict := func(now *lmo.ReviewItem) error {
		p := s.editProjectPage(r, d, now, f, nil, "")
		p.markConflict(now, from)
		return s.renderPersonal(w, r, http.StatusConflict, "project_form", p)
	}
	if from != item.Version {
		return conflict(item)
	}
	p, problems := f.project(lang, stored)
	p.Version = from
	if problems = append(problems, checkProject(p, d.l, d.orgs)...); len(problems) == 0 {
		err = s.cfg.Projects.UpdateProject(ctx, p, f.Note)
		if now, stale := s.staleEdit(r, item, from, err); stale {
			return conflict(now)
		}
		problems, err = formProblems(err)
	}
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return s.renderPersonal(w, r, http.StatusBadRequest, "project_form", s.editProjectPage(r, d, item, f, problems, ""))
	}
	http.Redirect(w, r, reviewURL(item.Kind, item.ID), http.StatusSeeOther)
	return nil
}
