package lmo

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAgreementInForceOn(t *testing.T) {
	d := MustParseDate
	for _, tt := range []struct {
		inForce, ended, day string
		want                Truth
	}{
		{"", "", "2020-01-01", No},                      // no entry into force recorded
		{"2005-06-14", "", "2005-06-13", No},            // not yet
		{"2005-06-14", "", "2005-06-14", Yes},           // from its first day
		{"2005-06-14", "", "2030-01-01", Yes},           // not ended
		{"2005-06", "", "2005-06-15", Unknown},          // some day of June
		{"2005-06", "", "2005-07-01", Yes},              // June is over
		{"2005-06", "", "2005-05-31", No},               // June has not begun
		{"2005", "", "2005-12-30", Unknown},             // some day of 2005
		{"2005", "", "2005-12-31", Yes},                 // by its last day
		{"2005", "", "2006-01-01", Yes},                 //
		{"2005-06-14", "2010-03-01", "2010-02-28", Yes}, // the day before it ended
		{"2005-06-14", "2010-03-01", "2010-03-01", No},  // ended that day
		{"2005-06-14", "2010", "2010-06-01", Unknown},   // ended some day of 2010
		{"2005-06-14", "2010", "2011-01-01", No},        //
		{"2005", "2005", "2005-06-01", Unknown},         // both in the year
	} {
		a := &Agreement{}
		if tt.inForce != "" {
			a.InForce = d(tt.inForce)
		}
		if tt.ended != "" {
			a.Ended = d(tt.ended)
		}
		if got := a.InForceOn(d(tt.day)); got != tt.want {
			t.Errorf("in force %q, ended %q, on %s: %s, want %s", tt.inForce, tt.ended, tt.day, got, tt.want)
		}
	}
}

func TestAgreementNormalize(t *testing.T) {
	for _, tt := range []struct {
		name    string
		in, out Agreement
	}{
		{"empty", Agreement{},
			Agreement{Parties: []string{}, Branches: []string{}, Sources: []Source{}, BenefitsAbroad: Unknown, Totalisation: Unknown, DomesticWorkers: Unknown}},
		{"sorted, upper-cased, deduplicated",
			Agreement{Parties: []string{" ph", "ES", "PH"}, Branches: []string{BranchSurvivors, BranchOldAge, BranchSickness, BranchOldAge},
				BenefitsAbroad: Yes, Totalisation: No},
			Agreement{Parties: []string{"ES", "PH"}, Branches: []string{BranchSickness, BranchOldAge, BranchSurvivors}, Sources: []Source{},
				BenefitsAbroad: Yes, Totalisation: No, DomesticWorkers: Unknown}},
	} {
		got := tt.in
		got.Normalize()
		if diff := cmp.Diff(tt.out, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestAgreementValidate(t *testing.T) {
	valid := func() *Agreement {
		return &Agreement{Slug: "es-ph-social-security-1988", Title: "Convenio", Type: AgreementSocialSecurity, Parties: []string{"ES", "PH"},
			Signed: MustParseDate("1988-05-20"), InForce: MustParseDate("1989"), Branches: []string{BranchOldAge},
			Sources: []Source{{Title: "A source", URL: "https://example.org"}}, FactsChecked: "2025-01-31"}
	}
	countries := func(c string) bool { return c == "ES" || c == "PH" || c == "PE" }
	if err := valid().Validate(countries); err != nil {
		t.Fatalf("a valid agreement: %v", err)
	}
	for _, tt := range []struct {
		field string
		spoil func(*Agreement)
	}{
		{"slug", func(a *Agreement) { a.Slug = "Bad Slug" }},
		{"slug", func(a *Agreement) { a.Slug = "matrix" }},
		{"slug", func(a *Agreement) { a.Slug = "new" }},
		{"title", func(a *Agreement) { a.Title = " " }},
		{"type", func(a *Agreement) { a.Type = "treaty" }},
		{"parties", func(a *Agreement) { a.Parties = []string{"ES"} }},
		{"parties", func(a *Agreement) { a.Parties = []string{"ES", "PH", "PE"} }},
		{"parties", func(a *Agreement) { a.Parties = []string{"ES", "XX"} }},
		{"branches", func(a *Agreement) { a.Branches = []string{"pensions"} }},
		{"totalisation", func(a *Agreement) { a.Totalisation = "maybe" }},
		{"in_force", func(a *Agreement) { a.InForce = MustParseDate("1987") }},
		{"ended", func(a *Agreement) { a.Ended = MustParseDate("1988-12") }},
		{"sources", func(a *Agreement) { a.Sources = nil }},
		{"sources.0", func(a *Agreement) { a.Sources[0].URL = "ftp://example.org" }},
		{"facts_checked", func(a *Agreement) { a.FactsChecked = "2025-01" }},
	} {
		a := valid()
		tt.spoil(a)
		err := a.Validate(countries)
		if ErrorCode(err) != EINVALID || !hasField(err, tt.field) {
			t.Errorf("%s: %v", tt.field, err)
		}
	}
	regional := valid()
	regional.Regional, regional.Parties = "IBERO", []string{"ES", "PH", "PE"}
	if err := regional.Validate(countries); err != nil {
		t.Errorf("a regional agreement of three: %v", err)
	}
	// Entering into force in the year it was signed is fine, to any
	// precision.
	sameYear := valid()
	sameYear.InForce = MustParseDate("1988")
	if err := sameYear.Validate(countries); err != nil {
		t.Errorf("in force in the year of signature: %v", err)
	}
}

// hasField reports whether err names field among its FieldProblems.
func hasField(err error, field string) bool {
	for _, p := range FieldProblems(err) {
		if p.Field == field {
			return true
		}
	}
	return false
}
