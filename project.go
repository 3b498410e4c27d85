package lmo

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Projects and organisations: the development cooperation projects on
// labour migration (who funds them, who carries them out, where, when and
// with what budget) and the organisations that fund, implement or take part
// in them, with the bodies they are members of (the Global Migration Group,
// say) and when they joined.

// Organisation is an organisation that funds, implements or takes part in
// labour migration projects and practices.
type Organisation struct {
	ID      int64  `json:"id"`
	Slug    string `json:"slug"`
	Name    string `json:"name"`
	Acronym string `json:"acronym,omitempty"`
	// Type is a term of the organisation-type vocabulary.
	Type    string `json:"type"`
	Website string `json:"website,omitempty"`
	// Country is the alpha-2 code of the country it belongs to (a ministry,
	// a national trade union), empty for an international one.
	Country     string       `json:"country,omitempty"`
	Summary     string       `json:"summary,omitempty"`
	Memberships []Membership `json:"memberships"`
	Sources     []Source     `json:"sources"`

	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Membership is an organisation's membership of another (a network such as
// the Global Migration Group), with the date it joined and left where its
// source gives them.
type Membership struct {
	Of     string  `json:"of"` // the slug of the organisation joined
	Joined Date    `json:"joined,omitzero"`
	Left   Date    `json:"left,omitzero"`
	Source *Source `json:"source,omitempty"`
}

// Names returns the organisation's name and acronym, the words a practice
// may use for it.
func (o *Organisation) Names() []string {
	if o.Acronym == "" {
		return []string{o.Name}
	}
	return []string{o.Name, o.Acronym}
}

// Budget is a project's budget as its source states it.
type Budget struct {
	Amount   int64  `json:"amount"`   // in whole units of Currency
	Currency string `json:"currency"` // ISO 4217 ("USD", "EUR", "CHF")
	Note     string `json:"note,omitempty"`
}

// Project is a development cooperation project on labour migration.
type Project struct {
	ID      int64  `json:"id"`
	Slug    string `json:"slug"`
	Title   string `json:"title"`
	Acronym string `json:"acronym,omitempty"`
	Summary string `json:"summary"`
	// Countries are the alpha-2 codes of the countries where it works;
	// Global when it works worldwide as well as or instead of in them.
	Countries []string `json:"countries"`
	Global    bool     `json:"global,omitempty"`
	// Donors and Implementers are the slugs of organisations.
	Donors       []string `json:"donors"`
	Implementers []string `json:"implementers"`
	Start        Date     `json:"start,omitzero"`
	End          Date     `json:"end,omitzero"`
	Budget       *Budget  `json:"budget,omitempty"`
	// Themes are terms of the theme vocabulary.
	Themes []string `json:"themes"`
	// Practices are the slugs of the practices it carried out or
	// supported; Instruments the codes of the instruments it promotes.
	Practices    []string `json:"practices"`
	Instruments  []string `json:"instruments"`
	Website      string   `json:"website,omitempty"`
	Sources      []Source `json:"sources"`
	FactsChecked string   `json:"facts_checked,omitempty"`
	ReviewStatus string   `json:"review_status"`

	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Normalize replaces nil lists with empty ones and sorts the countries, so
// that a project reads the same built or loaded.
func (p *Project) Normalize() {
	for _, l := range []*[]string{&p.Countries, &p.Donors, &p.Implementers, &p.Themes, &p.Practices, &p.Instruments} {
		if *l == nil {
			*l = []string{}
		}
	}
	slices.Sort(p.Countries)
	if p.Sources == nil {
		p.Sources = []Source{}
	}
}

// Normalize replaces nil lists with empty ones.
func (o *Organisation) Normalize() {
	if o.Memberships == nil {
		o.Memberships = []Membership{}
	}
	if o.Sources == nil {
		o.Sources = []Source{}
	}
}

// ProjectRefs says which codes and slugs exist, for validating the
// references of projects and organisations.
type ProjectRefs struct {
	Country      func(code string) bool
	Organisation func(slug string) bool
	Practice     func(slug string) bool
	Instrument   func(code string) bool
	Vocabularies Vocabularies
}

// Validate checks an organisation, naming each field that is wrong.
func (o *Organisation) Validate(refs ProjectRefs) error {
	var fp fieldProblems
	if !validSlug(o.Slug) {
		fp.Add("slug", "problem.organisation.slug.invalid", "The slug must be lower-case letters, digits and hyphens, such as ilo.")
	}
	if strings.TrimSpace(o.Name) == "" {
		fp.Add("name", "problem.organisation.name.required", "Give the organisation's name.")
	}
	if refs.Vocabularies != nil && refs.Vocabularies[VocabOrganisationType].Term(o.Type) == nil {
		fp.Add("type", "problem.organisation.type.unknown", "Unknown organisation type %q.", o.Type)
	}
	if o.Website != "" && !strings.HasPrefix(o.Website, "https://") && !strings.HasPrefix(o.Website, "http://") {
		fp.Add("website", "problem.website.invalid", "The website must be an http(s) address.")
	}
	if o.Country != "" && !refs.Country(o.Country) {
		fp.Add("country", "problem.country.unknown", "Country %s is not an ISO 3166-1 alpha-2 code.", o.Country)
	}
	for i, m := range o.Memberships {
		field := "memberships." + strconv.Itoa(i)
		if m.Of == o.Slug || !refs.Organisation(m.Of) {
			fp.Add(field, "problem.organisation.membership.unknown", "Membership of %q: no such other organisation.", m.Of)
		}
		if !m.Left.IsZero() && !m.Joined.IsZero() && m.Left.Last().Compare(m.Joined.First()) < 0 {
			fp.Add(field, "problem.organisation.membership.left_before_joined", "It cannot leave before it joined.")
		}
	}
	validSources(&fp, o.Sources)
	return fp.Err("Organisation " + strconv.Quote(o.Slug))
}

// Validate checks a project, naming each field that is wrong.
func (p *Project) Validate(refs ProjectRefs) error {
	var fp fieldProblems
	if !validSlug(p.Slug) {
		fp.Add("slug", "problem.project.slug.invalid", "The slug must be lower-case letters, digits and hyphens, such as gap-mdw.")
	} else if p.Slug == "new" {
		fp.Add("slug", "problem.project.slug.reserved", "The slug new is reserved: /projects/new is the form to propose a project.")
	}
	if strings.TrimSpace(p.Title) == "" {
		fp.Add("title", "problem.project.title.required", "Give the project's title.")
	}
	if len(p.Countries) == 0 && !p.Global {
		fp.Add("countries", "problem.project.countries.required", "Name the countries it works in, or mark it global.")
	}
	for _, c := range p.Countries {
		if !refs.Country(c) {
			fp.Add("countries", "problem.country.unknown", "Country %s is not an ISO 3166-1 alpha-2 code.", c)
		}
	}
	for _, role := range []struct {
		field string
		slugs []string
	}{{"donors", p.Donors}, {"implementers", p.Implementers}} {
		for _, s := range role.slugs {
			if !refs.Organisation(s) {
				fp.Add(role.field, "problem.project.organisation.unknown", "No organisation has the slug %q.", s)
			}
		}
	}
	if len(p.Implementers) == 0 {
		fp.Add("implementers", "problem.project.implementers.required", "Name at least one implementing organisation.")
	}
	if !p.Start.IsZero() && !p.End.IsZero() && p.End.Last().Compare(p.Start.First()) < 0 {
		fp.Add("end", "problem.project.end.before_start", "It cannot end before it started.")
	}
	if b := p.Budget; b != nil && (b.Amount <= 0 || len(b.Currency) != 3 || !isUpperASCII(b.Currency)) {
		fp.Add("budget", "problem.project.budget.invalid", "A budget is a positive amount and an ISO 4217 currency code such as USD.")
	}
	for _, t := range p.Themes {
		if refs.Vocabularies != nil && refs.Vocabularies[VocabTheme].Term(t) == nil {
			fp.Add("themes", "problem.project.theme.unknown", "Unknown theme %q.", t)
		}
	}
	for _, s := range p.Practices {
		if refs.Practice != nil && !refs.Practice(s) {
			fp.Add("practices", "problem.project.practice.unknown", "No practice has the slug %q.", s)
		}
	}
	for _, c := range p.Instruments {
		if refs.Instrument != nil && !refs.Instrument(c) {
			fp.Add("instruments", "problem.project.instrument.unknown", "No instrument has the code %q.", c)
		}
	}
	if p.Website != "" && !strings.HasPrefix(p.Website, "https://") && !strings.HasPrefix(p.Website, "http://") {
		fp.Add("website", "problem.website.invalid", "The website must be an http(s) address.")
	}
	validSources(&fp, p.Sources)
	if p.FactsChecked != "" {
		if d, err := ParseDate(p.FactsChecked); err != nil || d.Precision() != PrecisionDay {
			fp.Add("facts_checked", "problem.facts_checked.day", "Write the day the facts were checked as YYYY-MM-DD.")
		}
	}
	return fp.Err("Project " + strconv.Quote(p.Slug))
}

// validSources requires at least one source, each with a title and an
// http(s) address.
func validSources(fp *fieldProblems, sources []Source) {
	if len(sources) == 0 {
		fp.Add("sources", "problem.sources.required", "Give at least one source: nothing in LMO is unsourced.")
	}
	for i, s := range sources {
		if strings.TrimSpace(s.Title) == "" || !strings.HasPrefix(s.URL, "https://") && !strings.HasPrefix(s.URL, "http://") {
			fp.Add("sources."+strconv.Itoa(i), "problem.source.invalid", "Every source needs a title and an http(s) address.")
		}
	}
}

// ProjectFilter selects projects; empty fields select all.
type ProjectFilter struct {
	Country      string // a country it works in
	Organisation string // a donor or implementer (slug)
	Theme        string
	Practice     string // a practice it carried out or supported (slug)
	Instrument   string
	ActiveOn     Date // running on that day: started by then, not ended
}

// Directory is a set of organisations and projects to import at once.
type Directory struct {
	Organisations []*Organisation `json:"organisations"`
	Projects      []*Project      `json:"projects"`
}

// DirectoryImportCounts says what an import of a Directory did.
type DirectoryImportCounts struct {
	Organisations ImportCounts `json:"organisations"`
	Projects      ImportCounts `json:"projects"`
}

// ProjectService is the projects and organisations module.
type ProjectService interface {
	// FindProjects returns the published projects f selects (and, for an
	// editor, those in review), newest start first, then title.
	FindProjects(ctx context.Context, f ProjectFilter) ([]*Project, error)
	// FindProject returns one project by slug, or ENOTFOUND (also for one
	// not published, unless its owner or an editor asks).
	FindProject(ctx context.Context, slug string) (*Project, error)
	// FindProjectForReview returns project id in any review status to its
	// owner or an editor (a published one to anyone); ENOTFOUND to
	// everyone else.
	FindProjectForReview(ctx context.Context, id int64) (*Project, error)
	// CreateProject validates and stores p as version 1 owned by the
	// signed-in user, as AgreementService.CreateAgreement does.
	CreateProject(ctx context.Context, p *Project, note string) error
	// UpdateProject validates and replaces p as the next version, as
	// AgreementService.UpdateAgreement does.
	UpdateProject(ctx context.Context, p *Project, note string) error
	// FindOrganisations returns every organisation, by name.
	FindOrganisations(ctx context.Context) ([]*Organisation, error)
	// FindOrganisation returns one organisation by slug, or ENOTFOUND.
	FindOrganisation(ctx context.Context, slug string) (*Organisation, error)
	// ImportDirectory writes organisations then projects, matched by slug,
	// in one transaction, as ImportAgreements does: validated first (the
	// references among them included), created, updated or left alone,
	// nothing deleted. Editor or above.
	ImportDirectory(ctx context.Context, d Directory, note string) (DirectoryImportCounts, error)
	// ProjectsVersion returns the version of projects and organisations,
	// for validators and caches.
	ProjectsVersion(ctx context.Context) (int64, error)
}
