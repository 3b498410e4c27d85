package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

// apiAgreement is an agreement in the API and the JSON download: every
// field of lmo.Agreement, its parties' names, whether it is in force today,
// and its addresses.
type apiAgreement struct {
	*lmo.Agreement
	PartyNames []string  `json:"party_names"`
	InForceNow lmo.Truth `json:"in_force_today"`
	URL        string    `json:"url"`
	Page       string    `json:"page"`
}

func (s *Server) apiAgreementOf(a *lmo.Agreement, l *labels, base string) apiAgreement {
	item := apiAgreement{Agreement: a, PartyNames: []string{}, InForceNow: a.InForceOn(today()),
		URL: base + "/api/v1/agreements/" + a.Slug, Page: base + "/agreements/" + a.Slug}
	for _, c := range a.Parties {
		item.PartyNames = append(item.PartyNames, l.Country(c))
	}
	return item
}

// agreementsRequested finds the agreements the filters of r select, with
// the labels that name their parties.
func (s *Server) agreementsRequested(r *http.Request) (lmo.AgreementFilter, []*lmo.Agreement, *labels, error) {
	f, err := agreementFilter(r)
	if err != nil {
		return f, nil, nil, err
	}
	found, err := s.cfg.Agreements.FindAgreements(publicCtx(r.Context()), f) // cached: the same for everyone
	if err != nil {
		return f, nil, nil, err
	}
	l, err := s.loadLabels(r.Context())
	return f, found, l, err
}

func (s *Server) apiAgreements(w http.ResponseWriter, r *http.Request) error {
	_, found, l, err := s.agreementsRequested(r)
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	items := make([]apiAgreement, 0, len(found))
	for _, a := range found {
		items = append(items, s.apiAgreementOf(a, l, base))
	}
	return writeJSON(w, r, map[string]any{"total": len(items), "items": items}, time.Time{})
}

// exportAgreements serves the agreements that /agreements shows, with the
// same filters, as a download in format: CSV and XLSX in the import layout
// of lmo import agreements (so an export imports back), JSON as the API's
// items.
func (s *Server) exportAgreements(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		f, found, l, err := s.agreementsRequested(r)
		if err != nil {
			return err
		}
		version, err := s.cfg.Agreements.AgreementsVersion(r.Context())
		if err != nil {
			return err
		}
		sources := 1
		for _, a := range found {
			sources = max(sources, len(a.Sources))
		}
		base := s.baseURL(r)
		permalink := base + "/agreements" + agreementQuery(f)
		items := make([]apiAgreement, 0, len(found))
		for _, a := range found {
			items = append(items, s.apiAgreementOf(a, l, base))
		}
		t := &table{
			Name: "lmo-agreements" + agreementsNameSuffix(f), Sheet: "Agreements", Columns: ingest.AgreementHeader(sources),
			Version: permalink + "\x00" + agreementsVersionText(version, l),
			Rows: func(yield func([]string, error) bool) {
				for _, a := range found {
					if !yield(ingest.AgreementRecord(a, sources), nil) {
						return
					}
				}
			},
			JSON: &jsonList{Head: struct {
				Source string `json:"source"`
				Page   string `json:"page"`
				Total  int    `json:"total"`
			}{translate(langOf(r), "site.name"), permalink, len(items)}, List: "items", Items: itemsOf(items)},
			About: []aboutItem{
				{"Source", translate(langOf(r), "site.name")},
				{"Page", permalink},
				{"Agreements", len(found)},
				{"Note", "Each agreement carries its own sources (source_title, source_url...); cite them and this observatory. The file is in the layout of lmo import agreements."},
			},
		}
		return s.serveTable(w, r, t, format)
	}
}

// agreementsNameSuffix names a filtered download by its filters.
func agreementsNameSuffix(f lmo.AgreementFilter) string {
	var parts []string
	for _, v := range []string{f.Country, f.Partner, f.Type, f.Branch, dayText(f.InForceOn), f.Regional} {
		if v != "" {
			parts = append(parts, strings.Map(func(r rune) rune {
				if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
					return r
				}
				return '-'
			}, strings.ToLower(v)))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "-" + strings.Join(parts, "-")
}
