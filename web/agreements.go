package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// The agreements module's pages: the list with its filters, one
// agreement, and who has agreements with whom (agreements_matrix.go).
// Their downloads and API are in agreements_api.go.

// needAgreements answers 404 for fn's route when the server has no
// agreements service.
func (s *Server) needAgreements(fn handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.cfg.Agreements == nil {
			return lmo.Errorf(lmo.ENOTFOUND, "This observatory does not serve agreements.")
		}
		return fn(w, r)
	}
}

// agreementFilter reads the filters of /agreements, its downloads and the
// API: country, partner (alpha-2), type, branch, in_force_on (a day) and
// scope ("bilateral" or a regional organisation). EINVALID, naming the
// parameter, for a value that no agreement could match.
func agreementFilter(r *http.Request) (lmo.AgreementFilter, error) {
	q := r.URL.Query()
	f := lmo.AgreementFilter{Country: strings.ToUpper(q.Get("country")), Partner: strings.ToUpper(q.Get("partner")),
		Type: q.Get("type"), Branch: q.Get("branch"), Regional: q.Get("scope")}
	for name, code := range map[string]string{"country": f.Country, "partner": f.Partner} {
		if code != "" && (len(code) != 2 || strings.Trim(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "") {
			return f, lmo.Errorf(lmo.EINVALID, "%s must be an ISO 3166-1 alpha-2 country code such as PH, not %q.", name, q.Get(name))
		}
	}
	if f.Partner != "" && f.Country == "" {
		return f, lmo.Errorf(lmo.EINVALID, "partner needs a country: the agreements between country and partner.")
	}
	if f.Type != "" && !slices.Contains(lmo.AgreementTypes, f.Type) {
		return f, lmo.Errorf(lmo.EINVALID, "type must be one of %s, not %q.", strings.Join(lmo.AgreementTypes, ", "), f.Type)
	}
	if f.Branch != "" && !slices.Contains(lmo.Branches, f.Branch) {
		return f, lmo.Errorf(lmo.EINVALID, "branch must be one of %s, not %q.", strings.Join(lmo.Branches, ", "), f.Branch)
	}
	day, err := parseDay(r, "in_force_on", lmo.Date{})
	if err != nil {
		return f, err
	}
	f.InForceOn = day
	return f, nil
}

// agreementQuery is f as the query string of a permalink, in a fixed
// order ("" for no filter).
func agreementQuery(f lmo.AgreementFilter) string {
	q := url.Values{}
	for _, kv := range [][2]string{{"country", f.Country}, {"partner", f.Partner}, {"type", f.Type}, {"branch", f.Branch},
		{"in_force_on", dayText(f.InForceOn)}, {"scope", f.Regional}} {
		if kv[1] != "" {
			q.Set(kv[0], kv[1])
		}
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// dayText is d as text, "" for the zero date.
func dayText(d lmo.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// agreementView is an agreement as the pages show it.
type agreementView struct {
	*lmo.Agreement
	URL          string
	TypeLabel    string
	Parties      []link // each party, named and linked to its country page
	InForceToday lmo.Truth
}

// viewAgreement names the parties of a with l and says whether it is in
// force today.
func viewAgreement(a *lmo.Agreement, l *labels) agreementView {
	lang := l.language()
	v := agreementView{Agreement: a, URL: "/agreements/" + a.Slug, TypeLabel: translate(lang, "agreements.type."+a.Type),
		InForceToday: a.InForceOn(today())}
	for _, c := range a.Parties {
		v.Parties = append(v.Parties, link{Label: l.Country(c), URL: "/countries/" + c})
	}
	return v
}

// agreementsPage is the list of agreements with its filters.
type agreementsPage struct {
	Page
	Filter     lmo.AgreementFilter
	InForceOn  string // what the date field shows
	Countries  []link // the countries party to any agreement: the options of country and partner
	Types      []link // URL holds the value
	Branches   []link
	Scopes     []link
	Agreements []agreementView
	Total      int
	Bilateral  int
	Exports    []link
	Citation   string
}

func (s *Server) agreementsList(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	f, err := agreementFilter(r)
	if err != nil {
		return err
	}
	ctx := publicCtx(r.Context()) // a public page, the same for everyone: drafts are on the review pages
	all, err := s.cfg.Agreements.FindAgreements(ctx, lmo.AgreementFilter{})
	if err != nil {
		return err
	}
	found, err := s.cfg.Agreements.FindAgreements(ctx, f)
	if err != nil {
		return err
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return err
	}
	p := &agreementsPage{Page: s.page(r, translate(lang, "agreements.title")), Filter: f, InForceOn: dayText(f.InForceOn), Total: len(found)}
	p.Page.Description = translate(lang, "agreements.description")
	p.Page.Canonical = s.localURL(r, "/agreements"+agreementQuery(f))
	p.Countries, p.Scopes = agreementOptions(all, l)
	for _, t := range lmo.AgreementTypes {
		p.Types = append(p.Types, link{Label: translate(lang, "agreements.type."+t), URL: t})
	}
	for _, b := range lmo.Branches {
		p.Branches = append(p.Branches, link{Label: translate(lang, "agreements.branch."+b), URL: b})
	}
	for _, a := range found {
		p.Agreements = append(p.Agreements, viewAgreement(a, l))
		if a.Bilateral() {
			p.Bilateral++
		}
	}
	for _, format := range []string{formatCSV, formatJSON, formatXLSX} {
		p.Exports = append(p.Exports, link{Label: strings.ToUpper(format), URL: "/agreements." + format + agreementQuery(f)})
	}
	p.Citation = translate(lang, "agreements.cite", translate(lang, "site.name"), p.Page.Canonical, today())
	return s.render(w, r, "agreements", p, time.Time{})
}

// agreementOptions are the countries party to any of all, by name, and the
// scopes: bilateral, then each regional organisation.
func agreementOptions(all []*lmo.Agreement, l *labels) (countries, scopes []link) {
	lang := l.language()
	seen := map[string]bool{}
	regional := map[string]bool{}
	for _, a := range all {
		for _, c := range a.Parties {
			if !seen[c] {
				seen[c] = true
				countries = append(countries, link{Label: l.Country(c), URL: c})
			}
		}
		if a.Regional != "" {
			regional[a.Regional] = true
		}
	}
	slices.SortFunc(countries, func(a, b link) int { return strings.Compare(a.Label, b.Label) })
	scopes = []link{{Label: translate(lang, "agreements.scope.bilateral"), URL: "bilateral"}}
	for _, org := range slices.Sorted(func(yield func(string) bool) {
		for k := range regional {
			if !yield(k) {
				return
			}
		}
	}) {
		scopes = append(scopes, link{Label: org, URL: org})
	}
	return countries, scopes
}

// agreementPage is one agreement with all its facts.
type agreementPage struct {
	Page
	A         agreementView
	Branches  []branchRow
	Revisions []*lmo.Revision
	Citation  string
	JSON      string
}

// branchRow says whether the agreement covers one branch of social
// security.
type branchRow struct {
	Label   string
	Covered bool
}

func (s *Server) agreement(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	ctx := publicCtx(r.Context())
	a, err := s.cfg.Agreements.FindAgreement(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return err
	}
	p := &agreementPage{Page: s.page(r, a.Title), A: viewAgreement(a, l), JSON: "/api/v1/agreements/" + a.Slug}
	p.Page.Description = translate(lang, "agreement.description", a.Title)
	p.Branches = agreementBranches(lang, a)
	p.Revisions = s.publicRevisions(ctx, a)
	p.Citation = translate(lang, "agreement.cite", translate(lang, "site.name"), a.Title, a.Version, a.UpdatedAt.Format(time.DateOnly), p.Page.Canonical)
	return s.render(w, r, "agreement", p, a.UpdatedAt)
}

// agreementBranches is every branch of social security with whether a
// covers it.
func agreementBranches(lang string, a *lmo.Agreement) []branchRow {
	var out []branchRow
	for _, b := range lmo.Branches {
		out = append(out, branchRow{Label: translate(lang, "agreements.branch."+b), Covered: slices.Contains(a.Branches, b)})
	}
	return out
}

// publicRevisions lists the revisions of a, or none when the workflow is
// not served or cannot list them: the history is a courtesy of the page,
// not its substance.
func (s *Server) publicRevisions(ctx context.Context, a *lmo.Agreement) []*lmo.Revision {
	if s.cfg.Workflow == nil {
		return nil
	}
	revs, err := s.cfg.Workflow.Revisions(ctx, lmo.KindAgreement, a.ID)
	if err != nil {
		s.log.Warn("agreement revisions", "slug", a.Slug, "error", err)
		return nil
	}
	return revs
}

// agreementsVersionText names the agreements' version in validators.
func agreementsVersionText(v int64, l *labels) string { return fmt.Sprintf("%d\x00%d", v, l.version) }
