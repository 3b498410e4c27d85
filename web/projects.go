package web

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// The projects and organisations module on the web: the list of projects
// with its filters (projects_pages.go), a project's page, the directory of
// organisations and an organisation's page, their downloads
// (projects_export.go) and API (projects_api.go). Every read is public:
// the handlers read as nobody, so that a cached answer never holds a
// project in review that an editor's request brought in.

// publicCtx is ctx without its user: what anyone may read.
func publicCtx(ctx context.Context) context.Context { return lmo.NewContextWithUser(ctx, nil) }

// projectFilterOf reads the filters of a list of projects from the query:
// country (alpha-2, any case), organisation (a slug), theme (a term),
// active (YYYY-MM-DD). EINVALID names a value that is not one.
func (s *Server) projectFilterOf(r *http.Request, l *labels, orgs []*lmo.Organisation) (lmo.ProjectFilter, error) {
	q := r.URL.Query()
	f := lmo.ProjectFilter{Country: strings.ToUpper(q.Get("country")), Organisation: q.Get("organisation"), Theme: q.Get("theme")}
	if f.Country != "" && l.countries[f.Country] == nil {
		return f, lmo.Errorf(lmo.EINVALID, "country must be an ISO 3166-1 alpha-2 code, such as PH, not %q.", q.Get("country"))
	}
	if f.Organisation != "" && organisationOf(orgs, f.Organisation) == nil {
		return f, lmo.Errorf(lmo.EINVALID, "There is no organisation %q.", f.Organisation)
	}
	if f.Theme != "" && l.vocabs[lmo.VocabTheme].Term(f.Theme) == nil {
		return f, lmo.Errorf(lmo.EINVALID, "Unknown theme %q.", f.Theme)
	}
	var err error
	f.ActiveOn, err = parseDay(r, "active", lmo.Date{})
	return f, err
}

// projectsQuery is the query string of f, as the list's permalink and
// downloads write it.
func projectsQuery(f lmo.ProjectFilter) string {
	var parts []string
	for _, kv := range [][2]string{{"country", f.Country}, {"organisation", f.Organisation}, {"theme", f.Theme}, {"active", f.ActiveOn.String()}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+"="+kv[1])
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "?" + strings.Join(parts, "&")
}

// organisationOf returns the organisation slug in orgs, or nil.
func organisationOf(orgs []*lmo.Organisation, slug string) *lmo.Organisation {
	i := slices.IndexFunc(orgs, func(o *lmo.Organisation) bool { return o.Slug == slug })
	if i < 0 {
		return nil
	}
	return orgs[i]
}

// organisationsNamed returns the organisation of orgs that a practice's
// organisation o names: by name or acronym, either against the other's name
// or acronym, case and accents folded; nil when none does.
func organisationsNamed(orgs []*lmo.Organisation, o lmo.PracticeOrganisation) *lmo.Organisation {
	names := []string{lmo.Fold(strings.TrimSpace(o.Name))}
	if o.Acronym != "" {
		names = append(names, lmo.Fold(strings.TrimSpace(o.Acronym)))
	}
	for _, org := range orgs {
		for _, n := range org.Names() {
			if slices.Contains(names, lmo.Fold(strings.TrimSpace(n))) {
				return org
			}
		}
	}
	return nil
}

// directoryOrganisations returns every organisation of the directory, or
// none when the server has no projects module.
func (s *Server) directoryOrganisations(ctx context.Context) ([]*lmo.Organisation, error) {
	if s.cfg.Projects == nil {
		return nil, nil
	}
	return s.cfg.Projects.FindOrganisations(ctx)
}

// organisationURL is the page of the organisation that a practice's
// organisation o names, or "".
func organisationURL(orgs []*lmo.Organisation, o lmo.PracticeOrganisation) string {
	if org := organisationsNamed(orgs, o); org != nil {
		return "/organisations/" + org.Slug
	}
	return ""
}

// practicesNaming returns the published practices whose organisations name
// org: found by its names in the full text, then matched exactly
// (organisationsNamed).
func (s *Server) practicesNaming(ctx context.Context, org *lmo.Organisation) ([]*lmo.Practice, error) {
	var terms []string
	for _, n := range org.Names() {
		if w := strings.Join(strings.Fields(quoteless.ReplaceAllString(n, " ")), " "); w != "" {
			terms = append(terms, `"`+w+`"`)
		}
	}
	f := lmo.PracticeFilter{Query: strings.Join(terms, " OR "), Sort: lmo.SortTitle, Limit: 1000, NoFacets: true}
	res, err := s.cfg.Practices.SearchPractices(ctx, f)
	if err != nil {
		return nil, err
	}
	var out []*lmo.Practice
	for _, h := range res.Hits {
		for _, o := range h.Organisations {
			if organisationsNamed([]*lmo.Organisation{org}, o) != nil {
				out = append(out, h.Practice)
				break
			}
		}
	}
	return out, nil
}

// quoteless matches what a phrase of the query language cannot hold.
var quoteless = regexp.MustCompile(`["()*:^-]`)
