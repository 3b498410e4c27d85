package web

import (
	"context"
	"net/http"

	"github.com/lmo-observatory/lmo"
)

// The projects' write API (api_write_kind.go): GET, POST, PUT, PATCH, the
// workflow actions and revisions, by slug.

// apiProjectInput is a project as a client writes it: every field of
// lmo.Project but those the server sets (id, version, created_at,
// updated_at).
type apiProjectInput struct {
	Slug         string       `json:"slug"`
	Title        string       `json:"title"`
	Acronym      string       `json:"acronym,omitempty"`
	Summary      string       `json:"summary"`
	Countries    []string     `json:"countries"`
	Global       bool         `json:"global,omitempty"`
	Donors       []string     `json:"donors"`
	Implementers []string     `json:"implementers"`
	Start        lmo.Date     `json:"start,omitzero"`
	End          lmo.Date     `json:"end,omitzero"`
	Budget       *lmo.Budget  `json:"budget,omitempty"`
	Themes       []string     `json:"themes"`
	Practices    []string     `json:"practices"`
	Instruments  []string     `json:"instruments"`
	Website      string       `json:"website,omitempty"`
	Sources      []lmo.Source `json:"sources"`
	FactsChecked string       `json:"facts_checked,omitempty"`
	ReviewStatus string       `json:"review_status,omitempty"`
}

// project returns the project that in describes.
func (in *apiProjectInput) project() *lmo.Project {
	p := &lmo.Project{Slug: in.Slug, Title: in.Title, Acronym: in.Acronym, Summary: in.Summary, Countries: in.Countries,
		Global: in.Global, Donors: in.Donors, Implementers: in.Implementers, Start: in.Start, End: in.End, Budget: in.Budget,
		Themes: in.Themes, Practices: in.Practices, Instruments: in.Instruments, Website: in.Website, Sources: in.Sources,
		FactsChecked: in.FactsChecked, ReviewStatus: in.ReviewStatus}
	p.Normalize()
	return p
}

// newAPIProjectInput is the writable part of p: the document a merge
// patch applies to.
func newAPIProjectInput(p *lmo.Project) apiProjectInput {
	return apiProjectInput{Slug: p.Slug, Title: p.Title, Acronym: p.Acronym, Summary: p.Summary, Countries: p.Countries,
		Global: p.Global, Donors: p.Donors, Implementers: p.Implementers, Start: p.Start, End: p.End, Budget: p.Budget,
		Themes: p.Themes, Practices: p.Practices, Instruments: p.Instruments, Website: p.Website, Sources: p.Sources,
		FactsChecked: p.FactsChecked, ReviewStatus: p.ReviewStatus}
}

// projectAPI is the API of projects. Their document is the project itself
// (codes and slugs, no labels), so its ETag depends on nothing else.
func (s *Server) projectAPI() *recordAPI[lmo.Project, apiProjectInput] {
	return &recordAPI[lmo.Project, apiProjectInput]{
		s: s, kindName: lmo.KindProject, tagPrefix: "pj",
		find: func(r *http.Request) (*lmo.Project, error) {
			return s.cfg.Projects.FindProject(r.Context(), r.PathValue("slug"))
		},
		address: func(p *lmo.Project) string { return "/api/v1/projects/" + p.Slug },
		findID: func(ctx context.Context, id int64) (*lmo.Project, error) {
			return s.cfg.Projects.FindProjectForReview(ctx, id)
		},
		create: func(ctx context.Context, p *lmo.Project, note string) error {
			return s.cfg.Projects.CreateProject(ctx, p, note)
		},
		update: func(ctx context.Context, p *lmo.Project, note string) error {
			return s.cfg.Projects.UpdateProject(ctx, p, note)
		},
		meta: func(p *lmo.Project) recordMeta {
			return recordMeta{ID: p.ID, Version: p.Version, Status: p.ReviewStatus, Modified: p.UpdatedAt}
		},
		identify: func(p *lmo.Project, id int64, version int, status string) {
			p.ID, p.Version, p.ReviewStatus = id, version, status
		},
		record: (*apiProjectInput).project,
		input:  newAPIProjectInput,
		document: func(_ *http.Request, p *lmo.Project) (any, string, error) {
			return p, "", nil
		},
	}
}
