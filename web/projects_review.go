package web

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// The review page of a project (/review/project/{id}) is the workflow's
// own: its actions, comments, revisions and suggestions are those of every
// kind. What is the project's own is its preview, here, and its form
// (projects_form*.go).

// projectRevisionFields lays out the project a revision keeps, for the
// review page's preview and the comparison of two versions.
func (s *Server) projectRevisionFields(ctx context.Context, l *labels, rev *lmo.Revision) ([]fieldText, error) {
	lang := langFrom(ctx)
	var p lmo.Project
	if err := json.Unmarshal(rev.Snapshot, &p); err != nil {
		return nil, fmt.Errorf("read snapshot of project %d version %d: %w", rev.EntityID, rev.Version, err)
	}
	var orgs []*lmo.Organisation
	if s.cfg.Projects != nil {
		var err error
		if orgs, err = s.cfg.Projects.FindOrganisations(ctx); err != nil {
			return nil, err
		}
	}
	return projectFields(lang, &p, projectDirectory{l: l, orgs: orgs}), nil
}

// projectFields lays out a project as labelled fields.
func projectFields(lang string, p *lmo.Project, d projectDirectory) []fieldText {
	tr := func(key string) string { return translate(lang, key) }
	text := func(label, v string) fieldText { return fieldText{Label: label, Text: v} }
	list := func(label string, items []string) fieldText {
		return fieldText{Label: label, Text: strings.Join(items, "\n"), List: true}
	}
	labelsOf := func(links []link) []string {
		var out []string
		for _, l := range links {
			out = append(out, l.Label)
		}
		return out
	}
	row := d.row(lang, p)
	countries := labelsOf(row.Countries)
	if p.Global {
		countries = append([]string{tr("projects.global")}, countries...)
	}
	var sources []string
	for _, s := range p.Sources {
		sources = append(sources, strings.TrimSpace(s.Title+" "+s.URL))
	}
	return []fieldText{
		text(tr("form.title"), p.Title), text(tr("form.slug"), p.Slug), text(tr("projects.acronym"), p.Acronym), text(tr("practice.summary"), p.Summary),
		list(tr("projects.col.countries"), countries), list(tr("projects.col.donors"), labelsOf(row.Donors)),
		list(tr("projects.col.implementers"), labelsOf(row.Implementers)), text(tr("projects.col.period"), row.Period),
		text(tr("projects.col.budget"), row.Budget), list(tr("projects.col.themes"), d.l.termList(lmo.VocabTheme, p.Themes)),
		list(tr("projects.col.practices"), p.Practices), list(tr("projects.col.instruments"), p.Instruments),
		text(tr("projects.col.website"), p.Website), list(tr("projects.sources"), sources),
	}
}
