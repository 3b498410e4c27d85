package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// matrixPage is who has bilateral agreements with whom: a table with a
// row and a column for each country party to any, and the same as a list
// of pairs.
type matrixPage struct {
	Page
	Type      string
	Types     []link
	Countries []link // the rows and columns, by name; URL holds the code
	Rows      []matrixRow
	Pairs     []matrixPair
	Exports   []link // the agreements the matrix counts, as downloads
	Citation  string
}

// matrixRow is one country's row: a cell per column.
type matrixRow struct {
	Country link
	Cells   []matrixCell
}

// matrixCell is the agreements between the row's and the column's
// country: their number and the list of them.
type matrixCell struct {
	Self  bool
	Count int
	URL   string
	Label string // what the cell says to a screen reader
}

// matrixPair is one pair of countries with bilateral agreements.
type matrixPair struct {
	A, B       link
	Agreements []link
}

func (s *Server) agreementsMatrix(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	f, err := agreementFilter(r)
	if err != nil {
		return err
	}
	if f != (lmo.AgreementFilter{Type: f.Type}) {
		return lmo.Errorf(lmo.EINVALID, "The matrix filters by type only; the list of agreements filters by the rest.")
	}
	f.Regional = "bilateral"
	ctx := publicCtx(r.Context())
	found, err := s.cfg.Agreements.FindAgreements(ctx, f)
	if err != nil {
		return err
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return err
	}
	p := &matrixPage{Page: s.page(r, translate(lang, "matrix.title")), Type: f.Type}
	p.Page.Description = translate(lang, "matrix.description")
	p.Page.Canonical = s.localURL(r, "/agreements/matrix"+agreementQuery(lmo.AgreementFilter{Type: f.Type}))
	for _, t := range lmo.AgreementTypes {
		p.Types = append(p.Types, link{Label: translate(lang, "agreements.type."+t), URL: t})
	}
	for _, format := range []string{formatCSV, formatJSON, formatXLSX} {
		p.Exports = append(p.Exports, link{Label: strings.ToUpper(format), URL: "/agreements." + format + agreementQuery(f)})
	}
	p.Citation = translate(lang, "matrix.cite", translate(lang, "site.name"), p.Page.Canonical, today())
	pairs := map[[2]string]*matrixPair{}
	for _, a := range found {
		key := [2]string{a.Parties[0], a.Parties[1]}
		pair := pairs[key]
		if pair == nil {
			pair = &matrixPair{A: countryLink(key[0], l), B: countryLink(key[1], l)}
			pairs[key] = pair
		}
		pair.Agreements = append(pair.Agreements, link{Label: a.Title, URL: "/agreements/" + a.Slug})
	}
	seen := map[string]bool{}
	for key, pair := range pairs {
		for _, c := range key {
			if !seen[c] {
				seen[c] = true
				p.Countries = append(p.Countries, countryLink(c, l))
			}
		}
		p.Pairs = append(p.Pairs, *pair)
	}
	byName := func(a, b link) int { return strings.Compare(a.Label, b.Label) }
	slices.SortFunc(p.Countries, byName)
	slices.SortFunc(p.Pairs, func(a, b matrixPair) int {
		if c := byName(a.A, b.A); c != 0 {
			return c
		}
		return byName(a.B, b.B)
	})
	for _, row := range p.Countries {
		mr := matrixRow{Country: row}
		for _, col := range p.Countries {
			cell := matrixCell{Self: row.URL == col.URL}
			key := [2]string{min(row.URL, col.URL), max(row.URL, col.URL)}
			if pair := pairs[key]; pair != nil && !cell.Self {
				cell.Count = len(pair.Agreements)
				cell.URL = "/agreements" + agreementQuery(lmo.AgreementFilter{Country: row.URL, Partner: col.URL, Type: f.Type})
				cell.Label = translate(lang, "matrix.cell", cell.Count, row.Label, col.Label)
			}
			mr.Cells = append(mr.Cells, cell)
		}
		p.Rows = append(p.Rows, mr)
	}
	return s.render(w, r, "agreements_matrix", p, time.Time{})
}

// countryLink is a country named by l, its code in URL.
func countryLink(code string, l *labels) link { return link{Label: l.Country(code), URL: code} }
