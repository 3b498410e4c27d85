package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// projectForm is the form of a project as it was typed: every value kept
// as text, so that a form that fails comes back with what the person
// wrote. Blank rows are dropped when the form is read.
type projectForm struct {
	Title, Slug, Acronym, Summary            string
	Countries                                []string // alpha-2 codes
	Global                                   bool
	Donors, Implementers                     []string // organisation slugs
	Start, End                               string
	BudgetAmount, BudgetCurrency, BudgetNote string
	Themes, Instruments                      []string
	Practices                                []string // practice slugs (or addresses)
	Website                                  string
	Sources                                  []formSource
	FactsChecked, Note, Version              string
}

// readProjectForm reads the form of r (already parsed).
func readProjectForm(r *http.Request) *projectForm {
	get := r.PostForm.Get
	return &projectForm{Title: get("title"), Slug: get("slug"), Acronym: get("acronym"), Summary: get("summary"),
		Countries: readList(r, "country"), Global: get("global") != "", Donors: readList(r, "donor"),
		Implementers: readList(r, "implementer"), Start: get("start"), End: get("end"),
		BudgetAmount: get("budget_amount"), BudgetCurrency: get("budget_currency"), BudgetNote: get("budget_note"),
		Themes: r.PostForm["themes"], Instruments: r.PostForm["instruments"], Practices: readList(r, "practice"),
		Website: get("website"), Sources: readSources(r), FactsChecked: get("facts_checked"), Note: get("note"),
		Version: get("version")}
}

// project binds the form to a project over base (the stored one of an
// edit, so that what the form does not show is kept). Dates, a budget and
// years that cannot be read are returned as problems keyed as validation
// keys them; the rest is for validation.
func (f *projectForm) project(lang string, base *lmo.Project) (*lmo.Project, []lmo.FieldProblem) {
	p := *base
	var problems []lmo.FieldProblem
	p.Title, p.Slug, p.Acronym = strings.TrimSpace(f.Title), checkedSlug(f.Slug, f.Title), strings.TrimSpace(f.Acronym)
	p.Summary = strings.TrimSpace(f.Summary)
	p.Countries, p.Global = append([]string{}, f.Countries...), f.Global
	p.Donors, p.Implementers = append([]string{}, f.Donors...), append([]string{}, f.Implementers...)
	p.Start = bindDate(lang, "start", "contrib.project.start", f.Start, &problems)
	p.End = bindDate(lang, "end", "contrib.project.end", f.End, &problems)
	p.Budget = f.budget(lang, &problems)
	p.Themes, p.Instruments = append([]string{}, f.Themes...), append([]string{}, f.Instruments...)
	p.Practices = make([]string, len(f.Practices))
	for i, s := range f.Practices {
		p.Practices[i] = practiceSlug(s)
	}
	p.Website = strings.TrimSpace(f.Website)
	p.Sources = bindSources(lang, f.Sources, &problems)
	p.FactsChecked = strings.TrimSpace(f.FactsChecked)
	return &p, problems
}

// budget reads the budget typed: none when its three fields are blank; an
// amount in whole units, with or without separators of thousands
// ("1,200,000"); the currency code in capitals.
func (f *projectForm) budget(lang string, problems *[]lmo.FieldProblem) *lmo.Budget {
	amount, currency, note := strings.TrimSpace(f.BudgetAmount), strings.TrimSpace(f.BudgetCurrency), strings.TrimSpace(f.BudgetNote)
	if amount == "" && currency == "" && note == "" {
		return nil
	}
	b := &lmo.Budget{Currency: strings.ToUpper(currency), Note: note}
	digits := strings.NewReplacer(",", "", " ", "", "\u00a0", "", "_", "").Replace(amount)
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		*problems = append(*problems, lmo.FieldProblem{Field: "budget", Message: translate(lang, "contrib.error.amount", amount)})
	}
	b.Amount = n
	return b
}

// practiceSlug reads a practice named by its slug or by its address
// (https://…/practices/slug).
func practiceSlug(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, "/practices/"); i >= 0 {
		s = s[i+len("/practices/"):]
	}
	s, _, _ = strings.Cut(s, "?")
	return strings.Trim(s, "/")
}

// projectFormOf fills the form from a stored project, for an edit.
func projectFormOf(p *lmo.Project) *projectForm {
	f := &projectForm{Title: p.Title, Slug: p.Slug, Acronym: p.Acronym, Summary: p.Summary, Countries: p.Countries,
		Global: p.Global, Donors: p.Donors, Implementers: p.Implementers, Start: p.Start.String(), End: p.End.String(),
		Themes: p.Themes, Instruments: p.Instruments, Practices: p.Practices, Website: p.Website,
		Sources: formSources(p.Sources), FactsChecked: p.FactsChecked, Version: strconv.Itoa(p.Version)}
	if b := p.Budget; b != nil {
		f.BudgetAmount, f.BudgetCurrency, f.BudgetNote = strconv.FormatInt(b.Amount, 10), b.Currency, b.Note
	}
	return f
}

// checkProject validates a copy of p as the store will, against the
// countries and vocabularies of l and the organisations orgs, and returns
// every problem, so that a form shows them all at once. The practices and
// instruments it names are left to the store to check.
func checkProject(p *lmo.Project, l *labels, orgs []*lmo.Organisation) []lmo.FieldProblem {
	c := *p
	c.Countries = append([]string{}, p.Countries...)
	c.Normalize()
	known := map[string]bool{}
	for _, o := range orgs {
		known[o.Slug] = true
	}
	return lmo.FieldProblems(c.Validate(lmo.ProjectRefs{
		Country:      func(code string) bool { return l.countries[code] != nil },
		Organisation: func(slug string) bool { return known[slug] },
		Vocabularies: l.vocabs,
	}))
}
