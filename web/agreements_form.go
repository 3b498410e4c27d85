package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// agreementForm is the form of an agreement as it was typed: every value
// kept as text, so that a form that fails comes back with what the person
// wrote. Blank rows are dropped when the form is read.
type agreementForm struct {
	Title, Slug, Type                             string
	Parties                                       []string // alpha-2 codes
	Regional, Signed, InForce, Ended              string
	Branches                                      []string
	BenefitsAbroad, Totalisation, DomesticWorkers string
	Workers, Summary                              string
	Sources                                       []formSource
	FactsChecked, Note, Version                   string
}

// readAgreementForm reads the form of r (already parsed).
func readAgreementForm(r *http.Request) *agreementForm {
	get := r.PostForm.Get
	return &agreementForm{Title: get("title"), Slug: get("slug"), Type: get("type"), Parties: readList(r, "party"),
		Regional: get("regional"), Signed: get("signed"), InForce: get("in_force"), Ended: get("ended"),
		Branches: r.PostForm["branches"], BenefitsAbroad: get("benefits_abroad"), Totalisation: get("totalisation"),
		DomesticWorkers: get("domestic_workers"), Workers: get("workers"), Summary: get("summary"),
		Sources: readSources(r), FactsChecked: get("facts_checked"), Note: get("note"), Version: get("version")}
}

// agreement binds the form to an agreement over base (the stored one of
// an edit, so that what the form does not show is kept). Dates and years
// that cannot be read are returned as problems keyed as validation keys
// them; the rest is for validation.
func (f *agreementForm) agreement(lang string, base *lmo.Agreement) (*lmo.Agreement, []lmo.FieldProblem) {
	a := *base
	var problems []lmo.FieldProblem
	a.Title, a.Slug, a.Type = strings.TrimSpace(f.Title), checkedSlug(f.Slug, f.Title), f.Type
	a.Parties = append([]string{}, f.Parties...)
	a.Regional = strings.TrimSpace(f.Regional)
	a.Signed = bindDate(lang, "signed", "agreements.col.signed", f.Signed, &problems)
	a.InForce = bindDate(lang, "in_force", "agreements.col.inforce", f.InForce, &problems)
	a.Ended = bindDate(lang, "ended", "agreement.ended", f.Ended, &problems)
	a.Branches = append([]string{}, f.Branches...)
	a.BenefitsAbroad, a.Totalisation, a.DomesticWorkers = lmo.Truth(f.BenefitsAbroad), lmo.Truth(f.Totalisation), lmo.Truth(f.DomesticWorkers)
	a.Workers, a.Summary = strings.TrimSpace(f.Workers), strings.TrimSpace(f.Summary)
	a.Sources = bindSources(lang, f.Sources, &problems)
	a.FactsChecked = strings.TrimSpace(f.FactsChecked)
	return &a, problems
}

// agreementFormOf fills the form from a stored agreement, for an edit.
func agreementFormOf(a *lmo.Agreement) *agreementForm {
	return &agreementForm{Title: a.Title, Slug: a.Slug, Type: a.Type, Parties: a.Parties, Regional: a.Regional,
		Signed: a.Signed.String(), InForce: a.InForce.String(), Ended: a.Ended.String(), Branches: a.Branches,
		BenefitsAbroad: string(a.BenefitsAbroad), Totalisation: string(a.Totalisation), DomesticWorkers: string(a.DomesticWorkers),
		Workers: a.Workers, Summary: a.Summary, Sources: formSources(a.Sources), FactsChecked: a.FactsChecked,
		Version: strconv.Itoa(a.Version)}
}

// checkAgreement validates a copy of a as the store will, against the
// countries of l, and returns every problem, so that a form shows them all
// at once.
func checkAgreement(a *lmo.Agreement, l *labels) []lmo.FieldProblem {
	c := *a
	c.Parties, c.Branches = append([]string{}, a.Parties...), append([]string{}, a.Branches...)
	c.Normalize()
	return lmo.FieldProblems(c.Validate(func(code string) bool { return l.countries[code] != nil }))
}
