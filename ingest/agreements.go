package ingest

import (
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// AgreementRow is one row of an agreements file: the agreement, with its
// parties resolved to alpha-2 codes, and the line it came from.
type AgreementRow struct {
	Agreement *lmo.Agreement
	Line      int
}

// maxAgreementSources is how many sources a row of an agreements file may
// give: source_* and source2_* up to source9_*.
const maxAgreementSources = 9

// agreementColumns are the columns of LMO's agreements layout, in the order
// the writer puts them (README, "Agreements").
var agreementColumns = []string{"slug", "title", "type", "parties", "regional", "signed", "in_force", "ended", "branches",
	"benefits_abroad", "totalisation", "domestic_workers", "workers", "summary", "facts_checked",
	"source_title", "source_publisher", "source_url", "source_year"}

// agreementLayout is agreementColumns as csvTable reads them, with the
// optional sourceN_* columns. Columns may come in any order.
var agreementLayout = func() []column {
	required := map[string]bool{"slug": true, "title": true, "type": true, "parties": true, "source_title": true, "source_url": true}
	var layout []column
	for _, name := range agreementColumns {
		layout = append(layout, column{name: canonical(name), required: required[name]})
	}
	for n := 2; n <= maxAgreementSources; n++ {
		for _, f := range []string{"title", "publisher", "url", "year"} {
			layout = append(layout, column{name: sourceColumn(n, f)})
		}
	}
	return layout
}()

// sourceColumn names field of the nth source (from 1) as canonical() does:
// "source title", "source2 title".
func sourceColumn(n int, field string) string {
	if n == 1 {
		return "source " + field
	}
	return fmt.Sprintf("source%d %s", n, field)
}

// AgreementsCSV streams the agreements of a CSV file in LMO's agreements
// layout (header row first, columns in any order), with parties resolved by
// country (alpha-2 or alpha-3 codes, or names, separated by spaces, or by
// semicolons or commas when names have spaces). Each agreement is
// normalised and its own fields checked; a fault is an *Error naming the
// line and column. Whether the parties and slugs fit the observatory is
// the store's to decide.
func AgreementsCSV(r io.Reader, country CountryResolver) iter.Seq2[*AgreementRow, error] {
	return func(yield func(*AgreementRow, error) bool) {
		for rec, err := range csvTable(r, "agreements", agreementLayout) {
			if err != nil {
				yield(nil, err)
				return
			}
			row, err := agreementRow(rec, country)
			if !yield(row, err) || err != nil {
				return
			}
		}
	}
}

func agreementRow(rec *csvRecord, country CountryResolver) (*AgreementRow, error) {
	a := &lmo.Agreement{Slug: rec.get("slug"), Title: rec.get("title"), Type: rec.get("type"), Regional: rec.get("regional"),
		Workers: rec.get("workers"), Summary: rec.get("summary"), FactsChecked: rec.get("facts checked")}
	for _, name := range []string{"slug", "title", "type", "parties"} {
		if rec.get(name) == "" {
			return nil, errorf(rec.at(name), "the %s is missing", name)
		}
	}
	for _, written := range splitParties(rec.get("parties")) {
		code, err := country(written)
		if err != nil {
			return nil, errorf(rec.at("parties"), "%s", lmo.ErrorMessage(err))
		}
		a.Parties = append(a.Parties, code)
	}
	a.Branches = strings.FieldsFunc(rec.get("branches"), func(r rune) bool { return r == ';' || r == ',' || r == ' ' })
	for name, d := range map[string]*lmo.Date{"signed": &a.Signed, "in force": &a.InForce, "ended": &a.Ended} {
		if v := rec.get(name); v != "" {
			var err error
			if *d, err = lmo.ParseDate(v); err != nil {
				return nil, errorf(rec.at(name), "%s", lmo.ErrorMessage(err))
			}
		}
	}
	for name, t := range map[string]*lmo.Truth{"benefits abroad": &a.BenefitsAbroad, "totalisation": &a.Totalisation, "domestic workers": &a.DomesticWorkers} {
		var err error
		if *t, err = truth(rec.get(name)); err != nil {
			return nil, errorf(rec.at(name), "%v", err)
		}
	}
	if err := agreementSources(rec, a); err != nil {
		return nil, err
	}
	a.Normalize()
	if err := a.Validate(func(string) bool { return true }); err != nil {
		for _, p := range lmo.FieldProblems(err) {
			return nil, errorf(rec.at(problemColumn(p.Field)), "%s", p.Message)
		}
		return nil, errorf(rec.at(""), "%s", lmo.ErrorMessage(err))
	}
	return &AgreementRow{Agreement: a, Line: rec.line}, nil
}

// splitParties splits the parties as written: by semicolons or commas
// when there are any (names may hold spaces), else by spaces.
func splitParties(s string) []string {
	sep := func(r rune) bool { return r == ' ' || r == '\t' }
	if strings.ContainsAny(s, ";,") {
		sep = func(r rune) bool { return r == ';' || r == ',' }
	}
	var out []string
	for _, p := range strings.FieldsFunc(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// truth reads yes, no, or empty (unknown).
func truth(s string) (lmo.Truth, error) {
	switch strings.ToLower(s) {
	case "yes":
		return lmo.Yes, nil
	case "no":
		return lmo.No, nil
	case "", "unknown":
		return lmo.Unknown, nil
	}
	return "", fmt.Errorf("write yes, no, or nothing when the sources do not say, not %q", s)
}

// agreementSources reads source_* and each sourceN_* with anything in it.
func agreementSources(rec *csvRecord, a *lmo.Agreement) error {
	for n := 1; n <= maxAgreementSources; n++ {
		s := lmo.Source{Title: rec.get(sourceColumn(n, "title")), Publisher: rec.get(sourceColumn(n, "publisher")), URL: rec.get(sourceColumn(n, "url"))}
		year := rec.get(sourceColumn(n, "year"))
		if s == (lmo.Source{}) && year == "" {
			continue
		}
		if year != "" {
			y, err := strconv.Atoi(year)
			if err != nil || y < 1000 || y > 9999 {
				return errorf(rec.at(sourceColumn(n, "year")), "the year of a source is four digits, not %q", year)
			}
			s.Year = y
		}
		if s.Title == "" {
			return errorf(rec.at(sourceColumn(n, "title")), "source %d has no title", n)
		}
		a.Sources = append(a.Sources, s)
	}
	return nil
}

// problemColumn is the column of a field that lmo.Agreement.Validate names.
func problemColumn(field string) string {
	if rest, ok := strings.CutPrefix(field, "sources."); ok {
		n, _ := strconv.Atoi(rest)
		return sourceColumn(n+1, "url")
	}
	if field == "sources" {
		return "source title"
	}
	return canonical(field)
}

// WriteAgreementsCSV writes as in LMO's agreements layout, which
// AgreementsCSV reads back: a header row, then one row per agreement, with
// as many sourceN_* columns as the agreement with the most sources needs.
func WriteAgreementsCSV(w io.Writer, as []*lmo.Agreement) error {
	sources := 1
	for _, a := range as {
		sources = max(sources, len(a.Sources))
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(AgreementHeader(sources)); err != nil {
		return err
	}
	for _, a := range as {
		if err := cw.Write(AgreementRecord(a, sources)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// AgreementRecord is the row of a in the agreements layout, with sources
// sources (at least one).
func AgreementRecord(a *lmo.Agreement, sources int) []string {
	row := []string{a.Slug, a.Title, a.Type, strings.Join(a.Parties, " "), a.Regional, dateText(a.Signed), dateText(a.InForce),
		dateText(a.Ended), strings.Join(a.Branches, ";"), truthText(a.BenefitsAbroad), truthText(a.Totalisation),
		truthText(a.DomesticWorkers), a.Workers, a.Summary, a.FactsChecked}
	for i := range sources {
		var s lmo.Source
		if i < len(a.Sources) {
			s = a.Sources[i]
		}
		year := ""
		if s.Year != 0 {
			year = strconv.Itoa(s.Year)
		}
		row = append(row, s.Title, s.Publisher, s.URL, year)
	}
	return row
}

// AgreementHeader is the header row WriteAgreementsCSV writes for sources
// sources.
func AgreementHeader(sources int) []string {
	header := append([]string(nil), agreementColumns...)
	for n := 2; n <= sources; n++ {
		for _, f := range []string{"title", "publisher", "url", "year"} {
			header = append(header, fmt.Sprintf("source%d_%s", n, f))
		}
	}
	return header
}

func dateText(d lmo.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func truthText(t lmo.Truth) string {
	if t == lmo.Unknown {
		return ""
	}
	return string(t)
}
