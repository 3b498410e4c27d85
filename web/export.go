package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/xuri/excelize/v2"
)

// exportColumns are the columns of the CSV and XLSX exports.
var exportColumns = []string{"id", "slug", "title", "summary", "countries", "country_names", "corridors", "global",
	"themes", "gcm_objectives", "target_groups", "migration_stages", "organisations", "start_year", "end_year",
	"status", "evidence_level", "instruments", "sdg_targets", "sources", "url", "version", "updated_at"}

// exportRow renders one practice as a row of exportColumns: codes with
// labels, lists joined with "; ".
func exportRow(p *lmo.Practice, l *labels, base string) []string {
	var countries, names, corridors, orgs, sources []string
	for _, c := range p.Countries {
		countries = append(countries, c.Code+" ("+c.Role+")")
		names = append(names, l.Country(c.Code))
	}
	for _, c := range p.Corridors {
		corridors = append(corridors, c.Origin+"-"+c.Destination)
	}
	for _, o := range p.Organisations {
		orgs = append(orgs, fmt.Sprintf("%s (%s, %s)", o.Name, l.Term(lmo.VocabOrganisationType, o.Type), o.Role))
	}
	for _, src := range p.Sources {
		s := src.Title
		if src.Publisher != "" {
			s += ", " + src.Publisher
		}
		if src.Year != 0 {
			s += ", " + strconv.Itoa(src.Year)
		}
		if src.URL != "" {
			s += " <" + src.URL + ">"
		}
		sources = append(sources, s)
	}
	year := func(y int) string {
		if y == 0 {
			return ""
		}
		return strconv.Itoa(y)
	}
	return []string{strconv.FormatInt(p.ID, 10), p.Slug, p.Title, p.Summary, join(countries), join(names), join(corridors),
		strconv.FormatBool(p.Global), join(l.termList(lmo.VocabTheme, p.Themes)), join(p.GCMObjectives),
		join(l.termList(lmo.VocabTargetGroup, p.TargetGroups)), join(l.termList(lmo.VocabMigrationStage, p.Stages)),
		join(orgs), year(p.StartYear), year(p.EndYear), p.Status, p.EvidenceLevel, join(p.Instruments), join(p.SDGTargets),
		join(sources), base + "/practices/" + p.Slug, strconv.Itoa(p.Version), p.UpdatedAt.UTC().Format(time.RFC3339)}
}

func join(s []string) string { return strings.Join(s, "; ") }

// exportCSV serves the search as CSV: UTF-8 with a byte order mark, so that
// spreadsheets read accents right, and CRLF line ends (RFC 4180).
func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request) error {
	run, err := s.runSearch(r, lmo.DefaultLimit, everything)
	if err != nil {
		return err
	}
	res, l := run.res, run.labels
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	cw.Write(exportColumns)
	base := s.baseURL(r)
	for _, h := range res.Hits {
		cw.Write(neutralise(exportRow(h.Practice, l, base)))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="lmo-practices.csv"`)
	serveBytes(w, r, "text/csv; charset=utf-8", buf.Bytes(), run.modified)
	return nil
}

// neutralise prefixes cells that a spreadsheet would run as a formula
// (CSV injection) with an apostrophe.
func neutralise(row []string) []string {
	for i, c := range row {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			row[i] = "'" + c
		}
	}
	return row
}

// exportJSON serves the search as one JSON document with every match.
func (s *Server) exportJSON(w http.ResponseWriter, r *http.Request) error {
	run, err := s.runSearch(r, lmo.DefaultLimit, everything)
	if err != nil {
		return err
	}
	sr, res := run.search, run.res
	base := s.baseURL(r)
	out := struct {
		Source string        `json:"source"`
		Search string        `json:"search"`
		Total  int           `json:"total"`
		Items  []apiPractice `json:"items"`
	}{Source: translate("en", "site.name"), Search: base + sr.url("/practices", 1), Total: res.Total, Items: []apiPractice{}}
	for _, h := range res.Hits {
		out.Items = append(out.Items, s.apiPractice(base, h))
	}
	w.Header().Set("Content-Disposition", `attachment; filename="lmo-practices.json"`)
	return writeJSON(w, r, out, run.modified)
}

// exportXLSX serves the search as an Excel workbook: a sheet of practices
// and a sheet that says what the file is and where it came from.
func (s *Server) exportXLSX(w http.ResponseWriter, r *http.Request) error {
	run, err := s.runSearch(r, lmo.DefaultLimit, everything)
	if err != nil {
		return err
	}
	sr, res, l, modified := run.search, run.res, run.labels, run.modified
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Practices"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", toCells(exportColumns)); err != nil {
		return err
	}
	base := s.baseURL(r)
	for i, h := range res.Hits {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, toCells(exportRow(h.Practice, l, base))); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if _, err := f.NewSheet("About"); err != nil {
		return err
	}
	about := [][]string{
		{"Source", translate("en", "site.name")},
		{"Search", base + sr.url("/practices", 1)},
		{"Practices", strconv.Itoa(res.Total)},
		{"Data as of", modified.UTC().Format(time.RFC3339)},
		{"Note", "Each practice lists its own sources; cite them and this observatory."},
	}
	for i, row := range about {
		if err := f.SetSheetRow("About", fmt.Sprintf("A%d", i+1), &[]any{row[0], row[1]}); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="lmo-practices.xlsx"`)
	serveBytes(w, r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes(), modified)
	return nil
}

func toCells(row []string) []any {
	out := make([]any, len(row))
	for i, v := range row {
		out[i] = v
	}
	return out
}
