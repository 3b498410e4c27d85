// Package problemtest holds records that fail validation in every way the
// domain's validators know, for tests: those of the lmo package check that
// each problem has a message key, those of web that each key has its text in
// every interface language.
package problemtest

import (
	"strings"

	lmo "github.com/lmo-observatory/lmo"
)

// Problems returns the problems of validating bad practices, agreements,
// organisations and projects: between them, every message key that
// validation uses.
func Problems() []lmo.FieldProblem {
	var out []lmo.FieldProblem
	add := func(err error) { out = append(out, lmo.FieldProblems(err)...) }
	vocabs := lmo.Vocabularies{
		lmo.VocabCountryRole: {ID: lmo.VocabCountryRole, Terms: []*lmo.Term{{Code: lmo.RoleOrigin}}},
	}
	country := func(code string) bool { return code == "PH" || code == "ES" || code == "FR" }
	for _, p := range badPractices() {
		add(p.Validate(vocabs, country))
	}
	for _, a := range badAgreements() {
		add(a.Validate(country))
	}
	refs := lmo.ProjectRefs{
		Country:      country,
		Organisation: func(slug string) bool { return slug == "ilo" },
		Practice:     func(string) bool { return false },
		Instrument:   func(string) bool { return false },
		Vocabularies: lmo.Vocabularies{},
	}
	for _, o := range badOrganisations() {
		add(o.Validate(refs))
	}
	for _, p := range badProjects() {
		add(p.Validate(refs))
	}
	return out
}

func badPractices() []*lmo.Practice {
	nope := []string{"nope"}
	evals := []lmo.Source{{Title: "", URL: "ftp://example.org", Year: 1800}, {Title: "a\nb", Publisher: "a\tb"}}
	for len(evals) <= lmo.MaxEvaluations {
		evals = append(evals, lmo.Source{Title: "Evaluation"})
	}
	return []*lmo.Practice{
		{
			Slug:        "Not A Slug",
			Summary:     "Control \x01 character",
			Description: "Not UTF-8 \xff",
			Results:     strings.Repeat("a", lmo.MaxResults+1),
			Lessons:     "Lessons \x01",
			Language:    "e\nn",
			Countries: []lmo.PracticeCountry{{Code: "XX", Role: "nope"},
				{Code: "PH", Role: lmo.RoleOrigin}, {Code: "PH", Role: lmo.RoleOrigin}},
			Corridors: []lmo.Corridor{{Origin: "PH", Destination: "PH"}},
			Themes:    nope, GCMObjectives: nope, GuidingPrinciples: nope, TargetGroups: nope,
			Stages: nope, Instruments: nope, SDGTargets: nope, Status: "nope", EvidenceLevel: "no\npe",
			Organisations: []lmo.PracticeOrganisation{{Name: "", Type: "nope", Role: "nope", Country: "XX"},
				{Name: "a\nb", Acronym: strings.Repeat("A", lmo.MaxAcronym+1), Type: "nope", Role: lmo.OrgDonor}},
			StartYear:    1800,
			EndYear:      1700,
			Sources:      []lmo.Source{{Title: "", URL: "javascript:alert(1)"}, {Title: "a\nb", Publisher: "a\nb"}},
			Evaluations:  evals,
			FactsChecked: "yesterday",
			Contact:      &lmo.Contact{Name: "a\x01b", Organisation: "a\x01b", Email: "nope", URL: "nope"},
			ReviewStatus: "nope",
		},
		{Slug: "new", Title: "a\nb", Status: "nope", FactsChecked: "1989-12-31"},
		{Slug: "texts", Title: "T", Summary: "S", Global: true, Language: "en", Sources: []lmo.Source{{Title: "S"}},
			Translations: map[string]lmo.PracticeText{
				"e x": {Title: "T"}, "en-GB": {Title: "T"}, "fr": {Title: "T"}, "FR": {Title: "T"}, "es": {},
				"pt": {Title: "a\nb", Summary: "a\x01b", SourceURL: "javascript:alert(1)"},
			}},
		{Slug: "ok", Title: "T", Summary: "S", Global: true, Status: "nope", FactsChecked: "2999-01-01",
			Sources: []lmo.Source{{Title: "S"}}},
	}
}

func badAgreements() []*lmo.Agreement {
	return []*lmo.Agreement{
		{
			Slug: "Not A Slug", Type: "nope", Parties: []string{"XX"}, Branches: []string{"nope"},
			BenefitsAbroad: "maybe",
			Signed:         lmo.MustParseDate("2000-01-01"),
			InForce:        lmo.MustParseDate("1999-01-01"),
			Ended:          lmo.MustParseDate("1998-01-01"),
			Sources:        []lmo.Source{{Title: "", URL: "ftp://example.org"}},
			FactsChecked:   "2020",
		},
		{Slug: "new", Title: "T", Type: lmo.AgreementSocialSecurity, Parties: []string{"ES", "FR", "PH"}},
	}
}

func badOrganisations() []*lmo.Organisation {
	return []*lmo.Organisation{{
		Slug: "Not A Slug", Type: "nope", Website: "ftp://example.org", Country: "XX",
		Memberships: []lmo.Membership{{Of: "nope", Joined: lmo.MustParseDate("2000"), Left: lmo.MustParseDate("1999")}},
	}}
}

func badProjects() []*lmo.Project {
	return []*lmo.Project{
		{
			Slug: "Not A Slug", Countries: []string{"XX"}, Donors: []string{"nope"},
			Start: lmo.MustParseDate("2000"), End: lmo.MustParseDate("1999"),
			Budget: &lmo.Budget{Amount: -1, Currency: "usd"}, Themes: []string{"nope"},
			Practices: []string{"nope"}, Instruments: []string{"nope"}, Website: "ftp://example.org",
			FactsChecked: "2020",
		},
		{Slug: "new", Title: "T", Implementers: []string{"ilo"}, Sources: []lmo.Source{{Title: "S", URL: "https://example.org"}}},
	}
}
