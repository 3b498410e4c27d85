package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/lmo-observatory/lmo"
)

// projectsOnly answers 404 when the server has no projects module.
func (s *Server) projectsOnly(fn handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.cfg.Projects == nil {
			return lmo.Errorf(lmo.ENOTFOUND, "There is no page at this address.")
		}
		return fn(w, r)
	}
}

// projectsPage is the list of projects with its filters.
type projectsPage struct {
	Page
	Rows          []projectRow
	Filtered      bool
	Countries     []option
	Organisations []option
	Themes        []option
	Active        string
	Exports       []link
	Citation      string
}

// projectSelection is a filtered list of projects with what its views need.
type projectSelection struct {
	dir      projectDirectory
	filter   lmo.ProjectFilter
	projects []*lmo.Project
	version  int64
}

// selectProjects reads the filters of r and the projects they select.
func (s *Server) selectProjects(r *http.Request) (*projectSelection, error) {
	ctx := publicCtx(r.Context())
	dir, err := s.loadProjectDirectory(ctx)
	if err != nil {
		return nil, err
	}
	f, err := s.projectFilterOf(r, dir.l, dir.orgs)
	if err != nil {
		return nil, err
	}
	ps, err := s.cfg.Projects.FindProjects(ctx, f)
	if err != nil {
		return nil, err
	}
	v, err := s.cfg.Projects.ProjectsVersion(ctx)
	if err != nil {
		return nil, err
	}
	return &projectSelection{dir: dir, filter: f, projects: ps, version: v}, nil
}

func (s *Server) projects(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	sel, err := s.selectProjects(r)
	if err != nil {
		return err
	}
	all, err := s.cfg.Projects.FindProjects(publicCtx(r.Context()), lmo.ProjectFilter{})
	if err != nil {
		return err
	}
	f, l := sel.filter, sel.dir.l
	p := &projectsPage{Page: s.page(r, translate(lang, "projects.title")), Rows: sel.dir.rows(lang, sel.projects),
		Filtered: f != (lmo.ProjectFilter{}), Active: f.ActiveOn.String()}
	p.Page.Description = translate(lang, "projects.description")
	q := projectsQuery(f)
	p.Page.Canonical = s.localURL(r, "/projects"+q)
	countries := map[string]bool{f.Country: f.Country != ""}
	for _, pr := range all {
		for _, c := range pr.Countries {
			countries[c] = true
		}
	}
	for c, ok := range countries {
		if ok {
			p.Countries = append(p.Countries, option{c, l.Country(c), c == f.Country})
		}
	}
	slices.SortFunc(p.Countries, func(a, b option) int { return cmp.Compare(lmo.Fold(a.Label), lmo.Fold(b.Label)) })
	for _, o := range sel.dir.orgs {
		p.Organisations = append(p.Organisations, option{o.Slug, orgName(o), o.Slug == f.Organisation})
	}
	if v := l.vocabs[lmo.VocabTheme]; v != nil {
		for _, t := range v.Terms {
			p.Themes = append(p.Themes, option{t.Code, t.Label, t.Code == f.Theme})
		}
	}
	for _, format := range []string{formatCSV, formatXLSX, formatJSON} {
		p.Exports = append(p.Exports, link{translate(lang, "projects.download."+format), "/projects." + format + q})
	}
	p.Citation = fmt.Sprintf("%s. %s, version %d. %s", translate(lang, "site.name"), translate(lang, "projects.title"), sel.version, p.Page.Canonical)
	return s.render(w, r, "projects", p, time.Time{})
}

// projectPage is one project with every fact LMO holds of it.
type projectPage struct {
	Page
	projectRow
	Themes      []string
	Practices   []link
	Instruments []link
	Citation    string
	JSONURL     string
}

func (s *Server) project(w http.ResponseWriter, r *http.Request) error {
	ctx := publicCtx(r.Context())
	p, err := s.cfg.Projects.FindProject(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	dir, err := s.loadProjectDirectory(ctx)
	if err != nil {
		return err
	}
	page, err := s.projectView(r, p, dir)
	if err != nil {
		return err
	}
	return s.render(w, r, "project", page, p.UpdatedAt)
}

// projectView builds the page of p; a review page shows it too.
func (s *Server) projectView(r *http.Request, p *lmo.Project, dir projectDirectory) (*projectPage, error) {
	lang := langOf(r)
	ctx := publicCtx(r.Context())
	page := &projectPage{Page: s.page(r, p.Title), projectRow: dir.row(lang, p), Themes: dir.l.termList(lmo.VocabTheme, p.Themes),
		Citation: s.projectCitation(lang, s.baseURL(r), p), JSONURL: "/api/v1/projects/" + p.Slug}
	page.Page.Description = p.Summary
	for _, slug := range p.Practices {
		pr, err := s.cfg.Practices.FindPracticeBySlug(ctx, slug)
		if lmo.ErrorCode(err) == lmo.ENOTFOUND {
			continue // not published (now): not linked
		} else if err != nil {
			return nil, err
		}
		page.Practices = append(page.Practices, link{pr.Title, "/practices/" + pr.Slug})
	}
	for _, code := range p.Instruments {
		label := code
		if s.cfg.Standards != nil {
			if in, err := s.cfg.Standards.FindInstrument(ctx, code); err == nil {
				label = in.Title
			} else if lmo.ErrorCode(err) != lmo.ENOTFOUND {
				return nil, err
			}
		}
		page.Instruments = append(page.Instruments, link{label, "/instruments/" + code})
	}
	return page, nil
}

// organisationsPage is the directory of organisations, by type.
type organisationsPage struct {
	Page
	Groups   []orgGroup
	Exports  []link
	Citation string
}

// orgGroup is the organisations of one type.
type orgGroup struct {
	Type string
	Orgs []link
}

func (s *Server) organisations(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	dir, err := s.loadProjectDirectory(publicCtx(r.Context()))
	if err != nil {
		return err
	}
	p := &organisationsPage{Page: s.page(r, translate(lang, "organisations.title"))}
	p.Page.Description = translate(lang, "organisations.description")
	var types []string
	if v := dir.l.vocabs[lmo.VocabOrganisationType]; v != nil {
		for _, t := range v.Terms {
			types = append(types, t.Code)
		}
	}
	for _, o := range dir.orgs {
		if !slices.Contains(types, o.Type) {
			types = append(types, o.Type)
		}
	}
	for _, t := range types {
		g := orgGroup{Type: dir.l.Term(lmo.VocabOrganisationType, t)}
		for _, o := range dir.orgs {
			if o.Type == t {
				g.Orgs = append(g.Orgs, link{orgName(o), "/organisations/" + o.Slug})
			}
		}
		if len(g.Orgs) > 0 {
			p.Groups = append(p.Groups, g)
		}
	}
	for _, format := range []string{formatCSV, formatXLSX, formatJSON} {
		p.Exports = append(p.Exports, link{translate(lang, "organisations.download."+format), "/organisations." + format})
	}
	p.Citation = translate(lang, "organisations.cite", translate(lang, "site.name"), p.Page.Canonical, today())
	return s.render(w, r, "organisations", p, time.Time{})
}

// organisationPage is an organisation with its memberships, members,
// projects and the practices that name it.
type organisationPage struct {
	Page
	O             *lmo.Organisation
	Name          string
	Type          string
	Country       *link
	Memberships   []membershipView
	Members       []membershipView
	AsDonor       []projectRow
	AsImplementer []projectRow
	Practices     []link
	Citation      string
	JSONURL       string
}

// membershipView is a membership as a page shows it: the other
// organisation, when, and the source.
type membershipView struct {
	Org    link
	Period string
	Source *lmo.Source
}

func (s *Server) organisation(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	ctx := publicCtx(r.Context())
	dir, err := s.loadProjectDirectory(ctx)
	if err != nil {
		return err
	}
	o := organisationOf(dir.orgs, r.PathValue("slug"))
	if o == nil {
		return lmo.Errorf(lmo.ENOTFOUND, "There is no organisation %q.", r.PathValue("slug"))
	}
	p := &organisationPage{Page: s.page(r, orgName(o)), O: o, Name: orgName(o), Type: dir.l.Term(lmo.VocabOrganisationType, o.Type),
		JSONURL: "/api/v1/organisations/" + o.Slug}
	p.Page.Description = o.Summary
	p.Citation = fmt.Sprintf("%s. %s, organisations, version %d. %s/organisations/%s", orgName(o), translate(lang, "site.name"), o.Version, s.baseURL(r), o.Slug)
	if o.Country != "" {
		p.Country = &link{dir.l.Country(o.Country), "/countries/" + o.Country}
	}
	for _, m := range o.Memberships {
		p.Memberships = append(p.Memberships, membershipView{dir.orgLinks([]string{m.Of})[0], period(lang, m.Joined, m.Left), m.Source})
	}
	for _, other := range dir.orgs {
		for _, m := range other.Memberships {
			if m.Of == o.Slug {
				p.Members = append(p.Members, membershipView{link{orgName(other), "/organisations/" + other.Slug}, period(lang, m.Joined, m.Left), m.Source})
			}
		}
	}
	projects, err := s.cfg.Projects.FindProjects(ctx, lmo.ProjectFilter{Organisation: o.Slug})
	if err != nil {
		return err
	}
	for _, pr := range projects {
		if slices.Contains(pr.Donors, o.Slug) {
			p.AsDonor = append(p.AsDonor, dir.row(lang, pr))
		}
		if slices.Contains(pr.Implementers, o.Slug) {
			p.AsImplementer = append(p.AsImplementer, dir.row(lang, pr))
		}
	}
	practices, err := s.practicesNaming(ctx, o)
	if err != nil {
		return err
	}
	for _, pr := range practices {
		p.Practices = append(p.Practices, link{pr.Title, "/practices/" + pr.Slug})
	}
	return s.render(w, r, "organisation", p, time.Time{})
}
