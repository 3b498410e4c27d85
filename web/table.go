package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"iter"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// table is a list as a download: the one export path of the observatory.
// Every list that LMO publishes (practices today; ratifications, statistics
// and agreements as their modules arrive) exports by building a table and
// calling serveTable with the format its route names, and so gets the same
// file names, the same safety (a byte order mark and CRLF in CSV, cells that
// a spreadsheet would run as formulas neutralised) and the same conditional
// GETs. Only the part that the requested format needs is built: Rows for CSV
// and XLSX, JSON for JSON.
type table struct {
	Name     string             // file base name, without extension: "lmo-practices"
	Sheet    string             // name of the XLSX data sheet: "Practices"
	Columns  []string           // the header row of CSV and XLSX
	Rows     iter.Seq[[]string] // the data rows, each as long as Columns
	JSON     func() any         // the document of the JSON download
	About    []aboutItem        // what the file is and where it came from (XLSX)
	Modified time.Time          // the latest change to the data: Last-Modified
}

// aboutItem is one line of a download's "About" sheet: source, search
// permalink, count, data as of, note.
type aboutItem struct {
	Key, Value string
}

// Export formats, as the extensions of the routes that serve them.
const (
	formatCSV  = "csv"
	formatJSON = "json"
	formatXLSX = "xlsx"
)

// contentTypes are the media types of the export formats.
var contentTypes = map[string]string{
	formatCSV:  "text/csv; charset=utf-8",
	formatJSON: "application/json",
	formatXLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// serveTable writes t in format (formatCSV, formatJSON or formatXLSX) as an
// attachment named t.Name plus the extension, with an ETag and
// Last-Modified, answering conditional requests (serveBytes).
func serveTable(w http.ResponseWriter, r *http.Request, t *table, format string) error {
	var body []byte
	var err error
	switch format {
	case formatCSV:
		body, err = t.csv()
	case formatJSON:
		body, err = jsonBody(t.JSON())
	case formatXLSX:
		body, err = t.xlsx()
	default:
		return fmt.Errorf("export %s: unknown format %q", t.Name, format)
	}
	if err != nil {
		return fmt.Errorf("export %s.%s: %w", t.Name, format, err)
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+t.Name+"."+format+`"`)
	serveBytes(w, r, contentTypes[format], body, t.Modified)
	return nil
}

// csv encodes t as CSV: UTF-8 with a byte order mark, so that spreadsheets
// read accents right, CRLF line ends and quoting as RFC 4180 says, and every
// cell neutralised against formula injection.
func (t *table) csv() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	if err := cw.Write(t.Columns); err != nil {
		return nil, err
	}
	for row := range t.Rows {
		if err := cw.Write(neutralise(row)); err != nil {
			return nil, err
		}
	}
	cw.Flush()
	return buf.Bytes(), cw.Error()
}

// neutralise returns row with an apostrophe before every cell that a
// spreadsheet would run as a formula (CSV injection). It does not change
// row.
func neutralise(row []string) []string {
	out := slices.Clone(row)
	for i, c := range out {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			out[i] = "'" + c
		}
	}
	return out
}

// xlsx encodes t as an Excel workbook: the data sheet (t.Sheet) and the
// About sheet. Cells are written as text, never as formulas, so they need
// no apostrophe: a cell reads exactly as the data.
func (t *table) xlsx() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", t.Sheet); err != nil {
		return nil, err
	}
	if err := t.writeSheet(f); err != nil {
		return nil, fmt.Errorf("sheet %s: %w", t.Sheet, err)
	}
	if err := t.writeAbout(f); err != nil {
		return nil, fmt.Errorf("sheet About: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeSheet streams the header and the rows into the data sheet.
func (t *table) writeSheet(f *excelize.File) error {
	sw, err := f.NewStreamWriter(t.Sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", toCells(t.Columns)); err != nil {
		return err
	}
	n := 2
	for row := range t.Rows {
		cell, err := excelize.CoordinatesToCellName(1, n)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, toCells(row)); err != nil {
			return err
		}
		n++
	}
	return sw.Flush()
}

// writeAbout adds the About sheet: one key and value a row.
func (t *table) writeAbout(f *excelize.File) error {
	const sheet = "About"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	for i, a := range t.About {
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+1), &[]any{a.Key, a.Value}); err != nil {
			return err
		}
	}
	return nil
}

// toCells turns a row of strings into the values excelize takes.
func toCells(row []string) []any {
	out := make([]any, len(row))
	for i, v := range row {
		out[i] = v
	}
	return out
}
