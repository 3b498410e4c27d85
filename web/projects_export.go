package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// projectColumns are the columns of the projects download.
var projectColumns = []string{"slug", "title", "acronym", "countries", "global", "donors", "implementers", "start", "end",
	"budget_amount", "budget_currency", "budget_note", "themes", "practices", "instruments", "website", "sources", "url"}

// projectsDocument is the JSON of a list of projects, in the API and the
// download alike: the organisations they name (and those these are members
// of), then the projects. It is the import format of lmo import projects,
// so a download can be imported into another observatory.
type projectsDocument struct {
	Organisations []*lmo.Organisation `json:"organisations"`
	Projects      []*lmo.Project      `json:"projects"`
}

// projectsDocumentOf returns the document of sel.
func projectsDocumentOf(sel *projectSelection) projectsDocument {
	return projectsDocument{Organisations: organisationsNamedBy(sel.dir.orgs, sel.projects), Projects: sel.projects}
}

// organisationsNamedBy returns the organisations of orgs that ps name as
// donors or implementers, with those they are members of, in the order of
// orgs: all the references of ps, closed.
func organisationsNamedBy(orgs []*lmo.Organisation, ps []*lmo.Project) []*lmo.Organisation {
	need := map[string]bool{}
	var queue []string
	add := func(slug string) {
		if !need[slug] {
			need[slug] = true
			queue = append(queue, slug)
		}
	}
	for _, p := range ps {
		for _, s := range append(append([]string{}, p.Donors...), p.Implementers...) {
			add(s)
		}
	}
	for len(queue) > 0 {
		slug := queue[0]
		queue = queue[1:]
		if o := organisationOf(orgs, slug); o != nil {
			for _, m := range o.Memberships {
				add(m.Of)
			}
		}
	}
	out := []*lmo.Organisation{}
	for _, o := range orgs {
		if need[o.Slug] {
			out = append(out, o)
		}
	}
	return out
}

// exportProjects serves exactly the list that /projects shows with the
// same filters, as CSV, XLSX or JSON.
func (s *Server) exportProjects(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		sel, err := s.selectProjects(r)
		if err != nil {
			return err
		}
		base := s.baseURL(r)
		doc := projectsDocumentOf(sel)
		t := &table{
			Name: "lmo-projects" + strings.ReplaceAll(strings.TrimPrefix(projectsQuery(sel.filter), "?"), "&", "-"), Sheet: "Projects",
			Columns: projectColumns, Dates: nil,
			Version: fmt.Sprintf("%s\x00%d\x00%d", r.URL.RawQuery, sel.version, sel.dir.l.version),
			Rows: func(yield func([]string, error) bool) {
				for _, p := range sel.projects {
					if !yield(projectRecord(p, base), nil) {
						return
					}
				}
			},
			JSON: &jsonList{Head: struct {
				Organisations []*lmo.Organisation `json:"organisations"`
			}{doc.Organisations}, List: "projects", Items: itemsOf(doc.Projects)},
			About: []aboutItem{
				{"Source", translate(langOf(r), "site.name")},
				{"Selection", base + "/projects" + projectsQuery(sel.filter)},
				{"Projects", len(sel.projects)},
				{"Note", "Each project carries its own sources. Donors and implementers are organisations' slugs: see /organisations."},
			},
		}
		return s.serveTable(w, r, t, format)
	}
}

// projectRecord is one row of the projects download.
func projectRecord(p *lmo.Project, base string) []string {
	b := budgetOf(p)
	amount := ""
	if b.Amount != 0 {
		amount = fmt.Sprint(b.Amount)
	}
	var sources []string
	for _, src := range p.Sources {
		sources = append(sources, src.URL)
	}
	join := func(l []string) string { return strings.Join(l, "; ") }
	return []string{p.Slug, p.Title, p.Acronym, join(p.Countries), fmt.Sprint(p.Global), join(p.Donors), join(p.Implementers),
		p.Start.String(), p.End.String(), amount, b.Currency, b.Note, join(p.Themes), join(p.Practices), join(p.Instruments),
		p.Website, join(sources), base + "/projects/" + p.Slug}
}

// budgetOf returns p's budget, or the zero budget for none.
func budgetOf(p *lmo.Project) lmo.Budget {
	if p.Budget == nil {
		return lmo.Budget{}
	}
	return *p.Budget
}

// organisationColumns are the columns of the organisations download.
var organisationColumns = []string{"slug", "name", "acronym", "type", "country", "website", "member_of", "sources", "url"}

// exportOrganisations serves every organisation, as /organisations lists
// them, as CSV, XLSX or JSON; the JSON is an import file of lmo import
// projects with no projects.
func (s *Server) exportOrganisations(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := publicCtx(r.Context())
		version, err := s.cfg.Projects.ProjectsVersion(ctx)
		if err != nil {
			return err
		}
		dir, err := s.loadProjectDirectory(ctx)
		if err != nil {
			return err
		}
		base := s.baseURL(r)
		t := &table{
			Name: "lmo-organisations", Sheet: "Organisations", Columns: organisationColumns,
			Version: fmt.Sprintf("%d\x00%d", version, dir.l.version),
			Rows: func(yield func([]string, error) bool) {
				for _, o := range dir.orgs {
					if !yield(organisationRecord(o, base), nil) {
						return
					}
				}
			},
			JSON: &jsonList{Head: struct {
				Projects []*lmo.Project `json:"projects"`
			}{[]*lmo.Project{}}, List: "organisations", Items: itemsOf(dir.orgs)},
			About: []aboutItem{
				{"Source", translate(langOf(r), "site.name")},
				{"Selection", base + "/organisations"},
				{"Organisations", len(dir.orgs)},
				{"Note", "Each organisation carries its own sources; member_of names the organisations it belongs to by slug, with the date it joined where sourced."},
			},
		}
		return s.serveTable(w, r, t, format)
	}
}

// organisationRecord is one row of the organisations download.
func organisationRecord(o *lmo.Organisation, base string) []string {
	var memberOf, sources []string
	for _, m := range o.Memberships {
		if m.Joined.IsZero() {
			memberOf = append(memberOf, m.Of)
		} else {
			memberOf = append(memberOf, m.Of+" since "+m.Joined.String())
		}
	}
	for _, src := range o.Sources {
		sources = append(sources, src.URL)
	}
	return []string{o.Slug, o.Name, o.Acronym, o.Type, o.Country, o.Website, strings.Join(memberOf, "; "), strings.Join(sources, "; "),
		base + "/organisations/" + o.Slug}
}
