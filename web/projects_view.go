package web

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// projectRow is a project as lists show it.
type projectRow struct {
	P            *lmo.Project
	URL          string
	Countries    []link
	Donors       []link
	Implementers []link
	Period       string
	Budget       string
}

// projectDirectory is what the views of projects read: the labels and the
// organisations by slug.
type projectDirectory struct {
	l    *labels
	orgs []*lmo.Organisation
}

// row returns the view of p.
func (d projectDirectory) row(lang string, p *lmo.Project) projectRow {
	row := projectRow{P: p, URL: "/projects/" + p.Slug, Period: period(lang, p.Start, p.End), Budget: budgetText(p.Budget)}
	for _, c := range p.Countries {
		row.Countries = append(row.Countries, link{d.l.Country(c), "/countries/" + c})
	}
	row.Donors, row.Implementers = d.orgLinks(p.Donors), d.orgLinks(p.Implementers)
	return row
}

// rows returns the views of ps.
func (d projectDirectory) rows(lang string, ps []*lmo.Project) []projectRow {
	out := make([]projectRow, len(ps))
	for i, p := range ps {
		out[i] = d.row(lang, p)
	}
	return out
}

// orgLinks links the organisations of slugs by name.
func (d projectDirectory) orgLinks(slugs []string) []link {
	var out []link
	for _, s := range slugs {
		name := s
		if o := organisationOf(d.orgs, s); o != nil {
			name = orgName(o)
		}
		out = append(out, link{name, "/organisations/" + s})
	}
	return out
}

// orgName is an organisation's name with its acronym.
func orgName(o *lmo.Organisation) string {
	if o.Acronym == "" || o.Acronym == o.Name {
		return o.Name
	}
	return o.Name + " (" + o.Acronym + ")"
}

// loadProjectDirectory reads the labels and organisations.
func (s *Server) loadProjectDirectory(ctx context.Context) (projectDirectory, error) {
	l, err := s.loadLabels(ctx)
	if err != nil {
		return projectDirectory{}, err
	}
	orgs, err := s.cfg.Projects.FindOrganisations(ctx)
	if err != nil {
		return projectDirectory{}, err
	}
	return projectDirectory{l: l, orgs: orgs}, nil
}

// period says when something ran: "2013-02-01 – 2016-01-31", "since 2019",
// "until 2016", or "" when neither date is known.
func period(lang string, start, end lmo.Date) string {
	switch {
	case !start.IsZero() && !end.IsZero():
		return start.String() + " – " + end.String()
	case !start.IsZero():
		return translate(lang, "projects.since", start)
	case !end.IsZero():
		return translate(lang, "projects.until", end)
	}
	return ""
}

// budgetText writes a budget as its currency and amount with thousands
// separated ("EUR 3,500,000"), and its note; "" for none.
func budgetText(b *lmo.Budget) string {
	if b == nil {
		return ""
	}
	out := b.Currency + " " + groupThousands(b.Amount)
	if b.Note != "" {
		out += " (" + b.Note + ")"
	}
	return out
}

// groupThousands writes n with a comma between groups of three digits.
func groupThousands(n int64) string {
	digits := strconv.FormatInt(n, 10)
	sign := ""
	if strings.HasPrefix(digits, "-") {
		sign, digits = "-", digits[1:]
	}
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String()
}

// projectCitation is how to cite a project of LMO.
func (s *Server) projectCitation(lang string, base string, p *lmo.Project) string {
	return fmt.Sprintf("%s. %s, projects database, version %d, %s. %s/projects/%s", p.Title, translate(lang, "site.name"),
		p.Version, longDate(lang, p.UpdatedAt), base, p.Slug)
}
