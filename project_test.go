package lmo

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// projectRefs knows a few codes and slugs, enough for every rule.
func projectRefs() ProjectRefs {
	vocab := func(id string, codes ...string) *Vocabulary {
		v := &Vocabulary{ID: id}
		for _, c := range codes {
			v.Terms = append(v.Terms, &Term{Code: c})
		}
		return v
	}
	return ProjectRefs{
		Country:      func(c string) bool { return c == "PH" || c == "QA" },
		Organisation: func(s string) bool { return s == "ilo" || s == "eu" || s == "gmg" },
		Practice:     func(s string) bool { return s == "ph-contract" },
		Instrument:   func(c string) bool { return c == "C189" },
		Vocabularies: Vocabularies{VocabTheme: vocab(VocabTheme, "fair-recruitment"), VocabOrganisationType: vocab(VocabOrganisationType, "international-organisation")},
	}
}

func validProject() *Project {
	return &Project{Slug: "gap-mdw", Title: "Global Action Programme", Countries: []string{"PH"},
		Donors: []string{"eu"}, Implementers: []string{"ilo"}, Start: MustParseDate("2013-01"), End: MustParseDate("2016"),
		Budget: &Budget{Amount: 1000, Currency: "EUR"}, Themes: []string{"fair-recruitment"}, Practices: []string{"ph-contract"},
		Instruments: []string{"C189"}, Website: "https://example.org", Sources: []Source{{Title: "A page", URL: "https://example.org/p"}},
		FactsChecked: "2025-01-31"}
}

func TestProjectValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Project)
		fields []string // the fields with a problem, in order; none for a valid project
	}{
		{"valid", func(*Project) {}, nil},
		{"global without countries", func(p *Project) { p.Countries, p.Global = nil, true }, nil},
		{"bad slug", func(p *Project) { p.Slug = "GAP MDW" }, []string{"slug"}},
		{"reserved slug", func(p *Project) { p.Slug = "new" }, []string{"slug"}},
		{"no title", func(p *Project) { p.Title = " " }, []string{"title"}},
		{"no countries", func(p *Project) { p.Countries = nil }, []string{"countries"}},
		{"unknown country", func(p *Project) { p.Countries = []string{"XX"} }, []string{"countries"}},
		{"unknown donor and implementer", func(p *Project) { p.Donors, p.Implementers = []string{"who"}, []string{"iom"} }, []string{"donors", "implementers"}},
		{"no implementer", func(p *Project) { p.Implementers = nil }, []string{"implementers"}},
		{"ends before it starts", func(p *Project) { p.End = MustParseDate("2012-12-31") }, []string{"end"}},
		{"ends in its start year", func(p *Project) { p.Start, p.End = MustParseDate("2013-05"), MustParseDate("2013") }, nil},
		{"negative budget", func(p *Project) { p.Budget.Amount = -1 }, []string{"budget"}},
		{"lower-case currency", func(p *Project) { p.Budget.Currency = "eur" }, []string{"budget"}},
		{"unknown theme", func(p *Project) { p.Themes = []string{"none"} }, []string{"themes"}},
		{"unknown practice", func(p *Project) { p.Practices = []string{"none"} }, []string{"practices"}},
		{"unknown instrument", func(p *Project) { p.Instruments = []string{"C999"} }, []string{"instruments"}},
		{"website not http", func(p *Project) { p.Website = "ftp://example.org" }, []string{"website"}},
		{"no sources", func(p *Project) { p.Sources = nil }, []string{"sources"}},
		{"source without address", func(p *Project) { p.Sources = []Source{{Title: "x"}} }, []string{"sources.0"}},
		{"facts checked a month", func(p *Project) { p.FactsChecked = "2025-01" }, []string{"facts_checked"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validProject()
			tt.change(p)
			err := p.Validate(projectRefs())
			if got := problemFields(err); !slices.Equal(got, tt.fields) {
				t.Errorf("problems in %v (%v), want %v", got, err, tt.fields)
			}
			if err != nil && ErrorCode(err) != EINVALID {
				t.Errorf("code %s, want EINVALID", ErrorCode(err))
			}
			if err != nil && !strings.Contains(err.Error(), `Project "`+p.Slug+`"`) {
				t.Errorf("error %q does not name the project", err)
			}
		})
	}
}

func TestOrganisationValidate(t *testing.T) {
	valid := func() *Organisation {
		return &Organisation{Slug: "ilo", Name: "International Labour Organization", Type: "international-organisation",
			Website: "https://www.ilo.org", Memberships: []Membership{{Of: "gmg", Joined: MustParseDate("2006")}},
			Sources: []Source{{Title: "About", URL: "https://www.ilo.org/about"}}}
	}
	tests := []struct {
		name   string
		change func(*Organisation)
		fields []string
	}{
		{"valid", func(*Organisation) {}, nil},
		{"national", func(o *Organisation) { o.Country = "PH" }, nil},
		{"bad slug", func(o *Organisation) { o.Slug = "" }, []string{"slug"}},
		{"no name", func(o *Organisation) { o.Name = "" }, []string{"name"}},
		{"unknown type", func(o *Organisation) { o.Type = "club" }, []string{"type"}},
		{"website not http", func(o *Organisation) { o.Website = "www.ilo.org" }, []string{"website"}},
		{"unknown country", func(o *Organisation) { o.Country = "XX" }, []string{"country"}},
		{"member of an unknown body", func(o *Organisation) { o.Memberships[0].Of = "un" }, []string{"memberships.0"}},
		{"member of itself", func(o *Organisation) { o.Memberships[0].Of = "ilo" }, []string{"memberships.0"}},
		{"left before it joined", func(o *Organisation) { o.Memberships[0].Left = MustParseDate("2005-12") }, []string{"memberships.0"}},
		{"left the year it joined", func(o *Organisation) { o.Memberships[0].Left = MustParseDate("2006-03") }, nil},
		{"no sources", func(o *Organisation) { o.Sources = nil }, []string{"sources"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := valid()
			tt.change(o)
			err := o.Validate(projectRefs())
			if got := problemFields(err); !slices.Equal(got, tt.fields) {
				t.Errorf("problems in %v (%v), want %v", got, err, tt.fields)
			}
		})
	}
}

// problemFields returns the fields err names, in order.
func problemFields(err error) []string {
	var out []string
	for _, p := range FieldProblems(err) {
		out = append(out, p.Field)
	}
	return out
}

func TestProjectNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   Project
		want Project
	}{
		{"nil lists become empty", Project{Slug: "a"},
			Project{Slug: "a", Countries: []string{}, Donors: []string{}, Implementers: []string{}, Themes: []string{},
				Practices: []string{}, Instruments: []string{}, Sources: []Source{}}},
		{"countries sorted, the rest kept in order", Project{Countries: []string{"QA", "PH"}, Donors: []string{"eu", "au"}},
			Project{Countries: []string{"PH", "QA"}, Donors: []string{"eu", "au"}, Implementers: []string{}, Themes: []string{},
				Practices: []string{}, Instruments: []string{}, Sources: []Source{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in
			got.Normalize()
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Normalize (-want +got):\n%s", diff)
			}
		})
	}
	o := Organisation{Slug: "ilo"}
	o.Normalize()
	if o.Memberships == nil || o.Sources == nil {
		t.Errorf("organisation lists left nil: %+v", o)
	}
}
