package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/lmo-observatory/lmo"
)

// The agreements' write API (api_write_kind.go): GET, POST, PUT, PATCH,
// the workflow actions and revisions, by slug.

// apiAgreementInput is an agreement as a client writes it: every field of
// apiAgreement but those the server sets (id, version, created_at,
// updated_at, party_names, in_force_today, url, page).
type apiAgreementInput struct {
	Slug            string       `json:"slug"`
	Title           string       `json:"title"`
	Type            string       `json:"type"`
	Parties         []string     `json:"parties"`
	Regional        string       `json:"regional,omitempty"`
	Signed          lmo.Date     `json:"signed,omitzero"`
	InForce         lmo.Date     `json:"in_force,omitzero"`
	Ended           lmo.Date     `json:"ended,omitzero"`
	Branches        []string     `json:"branches"`
	BenefitsAbroad  lmo.Truth    `json:"benefits_abroad,omitempty"`
	Totalisation    lmo.Truth    `json:"totalisation,omitempty"`
	DomesticWorkers lmo.Truth    `json:"domestic_workers,omitempty"`
	Workers         string       `json:"workers,omitempty"`
	Summary         string       `json:"summary,omitempty"`
	Sources         []lmo.Source `json:"sources"`
	FactsChecked    string       `json:"facts_checked,omitempty"`
	ReviewStatus    string       `json:"review_status,omitempty"`
}

// agreement returns the agreement that in describes.
func (in *apiAgreementInput) agreement() *lmo.Agreement {
	a := &lmo.Agreement{Slug: in.Slug, Title: in.Title, Type: in.Type, Parties: in.Parties, Regional: in.Regional,
		Signed: in.Signed, InForce: in.InForce, Ended: in.Ended, Branches: in.Branches,
		BenefitsAbroad: in.BenefitsAbroad, Totalisation: in.Totalisation, DomesticWorkers: in.DomesticWorkers,
		Workers: in.Workers, Summary: in.Summary, Sources: in.Sources, FactsChecked: in.FactsChecked, ReviewStatus: in.ReviewStatus}
	a.Normalize()
	return a
}

// newAPIAgreementInput is the writable part of a: the document a merge
// patch applies to.
func newAPIAgreementInput(a *lmo.Agreement) apiAgreementInput {
	return apiAgreementInput{Slug: a.Slug, Title: a.Title, Type: a.Type, Parties: a.Parties, Regional: a.Regional,
		Signed: a.Signed, InForce: a.InForce, Ended: a.Ended, Branches: a.Branches,
		BenefitsAbroad: a.BenefitsAbroad, Totalisation: a.Totalisation, DomesticWorkers: a.DomesticWorkers,
		Workers: a.Workers, Summary: a.Summary, Sources: a.Sources, FactsChecked: a.FactsChecked, ReviewStatus: a.ReviewStatus}
}

// agreementAPI is the API of agreements. Their document names the parties
// and says whether the agreement is in force today, so its ETag depends
// on the day and the reference data too, and it has no Last-Modified.
func (s *Server) agreementAPI() *recordAPI[lmo.Agreement, apiAgreementInput] {
	return &recordAPI[lmo.Agreement, apiAgreementInput]{
		s: s, kindName: lmo.KindAgreement, tagPrefix: "a",
		find: func(r *http.Request) (*lmo.Agreement, error) {
			return s.cfg.Agreements.FindAgreement(r.Context(), r.PathValue("slug"))
		},
		address: func(a *lmo.Agreement) string { return "/api/v1/agreements/" + a.Slug },
		findID: func(ctx context.Context, id int64) (*lmo.Agreement, error) {
			return s.cfg.Agreements.FindAgreementForReview(ctx, id)
		},
		create: func(ctx context.Context, a *lmo.Agreement, note string) error {
			return s.cfg.Agreements.CreateAgreement(ctx, a, note)
		},
		update: func(ctx context.Context, a *lmo.Agreement, note string) error {
			return s.cfg.Agreements.UpdateAgreement(ctx, a, note)
		},
		meta: func(a *lmo.Agreement) recordMeta {
			return recordMeta{ID: a.ID, Version: a.Version, Status: a.ReviewStatus}
		},
		identify: func(a *lmo.Agreement, id int64, version int, status string) {
			a.ID, a.Version, a.ReviewStatus = id, version, status
		},
		record: (*apiAgreementInput).agreement,
		input:  newAPIAgreementInput,
		document: func(r *http.Request, a *lmo.Agreement) (any, string, error) {
			l, err := s.loadLabels(r.Context())
			if err != nil {
				return nil, "", err
			}
			return s.apiAgreementOf(a, l, s.baseURL(r)), fmt.Sprintf("%s\x00%d", today(), l.version), nil
		},
	}
}
