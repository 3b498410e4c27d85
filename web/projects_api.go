package web

import (
	"net/http"
	"time"

	"github.com/lmo-observatory/lmo"
)

// apiProjects answers the projects the filters select, with the
// organisations they name: the document of /projects.json.
func (s *Server) apiProjects(w http.ResponseWriter, r *http.Request) error {
	sel, err := s.selectProjects(r)
	if err != nil {
		return err
	}
	return writeJSON(w, r, projectsDocumentOf(sel), time.Time{})
}

// apiOrganisations answers every organisation, by name.
func (s *Server) apiOrganisations(w http.ResponseWriter, r *http.Request) error {
	orgs, err := s.cfg.Projects.FindOrganisations(publicCtx(r.Context()))
	if err != nil {
		return err
	}
	return writeJSON(w, r, struct {
		Total int                 `json:"total"`
		Items []*lmo.Organisation `json:"items"`
	}{len(orgs), orgs}, time.Time{})
}

// apiOrganisation answers one organisation.
func (s *Server) apiOrganisation(w http.ResponseWriter, r *http.Request) error {
	o, err := s.cfg.Projects.FindOrganisation(publicCtx(r.Context()), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return writeJSON(w, r, o, o.UpdatedAt)
}
