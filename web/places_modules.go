package web

import (
	"context"
	"slices"

	"github.com/lmo-observatory/lmo"
)

// The sections of the place pages that come from the agreements and the
// projects modules: the agreements and projects that concern a country, a
// corridor's two countries, or a region's members. Each section ends with
// where its facts come from and a link to the full list, and says so when
// there is nothing; a module the server runs without leaves no section.

// placeModules are a place page's agreements and projects.
type placeModules struct {
	Agreements     *placeAgreements `json:"-"`
	Projects       *placeProjects   `json:"-"`
	AgreementSlugs []string         `json:"agreements,omitempty"`
	ProjectSlugs   []string         `json:"projects,omitempty"`
}

// placeAgreements is a place page's section of agreements.
type placeAgreements struct {
	Items []agreementView
	Foot  placeFoot
}

// placeProjects is a place page's section of projects.
type placeProjects struct {
	Items []projectRow
	Foot  placeFoot
}

// placeScope says which agreements and projects a place page lists.
type placeScope struct {
	agreements                     lmo.AgreementFilter
	projects                       lmo.ProjectFilter
	keep                           func(countries []string) bool // nil: all the filters select
	agreementsQuery, projectsQuery string                        // the query of the full lists ("country=PH")
	none                           string                        // the place's name in the lines shown when there is nothing
}

// loadPlaceModules reads the sections of scope, as the public sees them
// (the pages are cached for everyone).
func (s *Server) loadPlaceModules(ctx context.Context, l *labels, scope placeScope) (placeModules, error) {
	lang := langFrom(ctx)
	ctx = publicCtx(ctx)
	var m placeModules
	if s.cfg.Agreements != nil {
		found, err := s.cfg.Agreements.FindAgreements(ctx, scope.agreements)
		if err != nil {
			return m, err
		}
		m.Agreements = &placeAgreements{Foot: fullList(lang, translate(lang, "place.agreements.source"), "/agreements", scope.agreementsQuery, "place.agreements")}
		for _, a := range found {
			if scope.keep == nil || scope.keep(a.Parties) {
				m.Agreements.Items = append(m.Agreements.Items, viewAgreement(a, l))
				m.AgreementSlugs = append(m.AgreementSlugs, a.Slug)
			}
		}
		if len(m.Agreements.Items) == 0 {
			m.Agreements.Foot.Empty = translate(lang, "place.agreements.none", scope.none)
		}
	}
	if s.cfg.Projects != nil {
		found, err := s.cfg.Projects.FindProjects(ctx, scope.projects)
		if err != nil {
			return m, err
		}
		d, err := s.loadProjectDirectory(ctx)
		if err != nil {
			return m, err
		}
		var kept []*lmo.Project // a new slice: found may be the store's cache
		for _, p := range found {
			if scope.keep == nil || scope.keep(p.Countries) {
				kept = append(kept, p)
			}
		}
		m.Projects = &placeProjects{Items: d.rows(lang, kept), Foot: fullList(lang, translate(lang, "place.projects.source"), "/projects", scope.projectsQuery, "place.projects")}
		for _, p := range kept {
			m.ProjectSlugs = append(m.ProjectSlugs, p.Slug)
		}
		if len(kept) == 0 {
			m.Projects.Foot.Empty = translate(lang, "place.projects.none", scope.none)
		}
	}
	return m, nil
}

// fullList is the foot of a section that links to the full list at path
// with query; a region's sections, which the lists cannot filter, link to
// the whole list and say so. key prefixes the messages.
func fullList(lang string, source, path, query, key string) placeFoot {
	if query == "" {
		return placeFoot{Source: source, Data: path, DataLabel: translate(lang, key+".every")}
	}
	return placeFoot{Source: source, Data: path + "?" + query, DataLabel: translate(lang, key+".all")}
}

// countryScope lists what concerns one country.
func countryScope(lang string, c *lmo.Country) placeScope {
	return placeScope{agreements: lmo.AgreementFilter{Country: c.Code}, projects: lmo.ProjectFilter{Country: c.Code},
		agreementsQuery: "country=" + c.Code, projectsQuery: "country=" + c.Code, none: c.Name(lang)}
}

// corridorScope lists what concerns both ends of a corridor: the
// agreements between them, the projects that work in both.
func corridorScope(lang string, o, d *lmo.Country) placeScope {
	return placeScope{agreements: lmo.AgreementFilter{Country: o.Code, Partner: d.Code}, projects: lmo.ProjectFilter{Country: o.Code},
		keep:            func(countries []string) bool { return slices.Contains(countries, d.Code) },
		agreementsQuery: "country=" + o.Code + "&partner=" + d.Code, projectsQuery: "country=" + o.Code,
		none: o.Name(lang) + " – " + d.Name(lang)}
}

// regionScope lists what concerns any member of a region.
func regionScope(reg *lmo.Region, members []string) placeScope {
	return placeScope{keep: func(countries []string) bool {
		return slices.ContainsFunc(countries, func(c string) bool { return slices.Contains(members, c) })
	}, none: reg.Name}
}
