package web

import (
	"archive/zip"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// maxCellUnits is the most UTF-16 code units an XLSX cell holds
// (excelize.TotalCellChars); Excel, and excelize before it, cut longer
// text without a word.
const maxCellUnits = excelize.TotalCellChars

// xlsx writes t as an Excel workbook: the data sheet (t.Sheet) and the
// About sheet. Cells are written as text, never as formulas, so they need
// no apostrophe: a cell reads exactly as the data, unless it is longer than
// a cell holds (fitCell). The rows stream into excelize's StreamWriter,
// which keeps at most 16 MiB of the sheet in memory and the rest in a
// temporary file; the zip is then written straight to w, not assembled in
// memory first (excelize's Write would build it in a bytes.Buffer).
func (t *table) xlsx(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", t.Sheet); err != nil {
		return err
	}
	cut, err := t.writeSheet(f)
	if err != nil {
		return fmt.Errorf("sheet %s: %w", t.Sheet, err)
	}
	if err := t.writeAbout(f, cut); err != nil {
		return fmt.Errorf("sheet About: %w", err)
	}
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w) })
	_, err = f.WriteToBuffer() // the buffer stays empty: the zip writer writes to w
	return err
}

// writeSheet streams the header and the rows into the data sheet and
// returns how many cells it had to cut.
func (t *table) writeSheet(f *excelize.File) (cut int, err error) {
	sw, err := f.NewStreamWriter(t.Sheet)
	if err != nil {
		return 0, err
	}
	if err := sw.SetRow("A1", toCells(t.Columns, &cut)); err != nil {
		return cut, err
	}
	dates, err := t.dateCells(f)
	if err != nil {
		return cut, err
	}
	n := 2
	for row, err := range t.Rows {
		if err != nil {
			return cut, err
		}
		cells := toCells(row, &cut)
		dates.apply(row, cells)
		if err := sw.SetRow("A"+strconv.Itoa(n), cells); err != nil {
			return cut, err
		}
		n++
	}
	return cut, sw.Flush()
}

// xlsxDateFormat is how date cells read in a spreadsheet: as the ISO date
// the other formats write.
const xlsxDateFormat = "yyyy-mm-dd"

// dateCells says which cells of a row are dates (t.Dates) and how a
// spreadsheet shows them.
type dateCells struct {
	columns []int
	style   int
}

// dateCells finds t's date columns and adds their style to f.
func (t *table) dateCells(f *excelize.File) (dateCells, error) {
	var d dateCells
	for i, c := range t.Columns {
		if slices.Contains(t.Dates, c) {
			d.columns = append(d.columns, i)
		}
	}
	if len(d.columns) == 0 {
		return d, nil
	}
	format := xlsxDateFormat
	var err error
	d.style, err = f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	return d, err
}

// apply turns the date columns of cells, made from row, into date cells; an
// empty cell stays empty, and text that is not a date stays text.
func (d dateCells) apply(row []string, cells []any) {
	for _, i := range d.columns {
		if i >= len(row) {
			continue
		}
		if day, err := time.Parse(time.DateOnly, row[i]); err == nil {
			cells[i] = excelize.Cell{StyleID: d.style, Value: day}
		}
	}
}

// writeAbout adds the About sheet: one key and value a row, and a note
// when cells were cut.
func (t *table) writeAbout(f *excelize.File, cut int) error {
	const sheet = "About"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	about := t.About
	if cut > 0 {
		about = append(about[:len(about):len(about)], aboutItem{"Truncated cells", fmt.Sprintf(
			"%d cells were longer than the %d characters a spreadsheet cell holds: each was cut and says so at its end. "+
				"The JSON download has the full text.", cut, maxCellUnits)})
	}
	for i, a := range about {
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+1), &[]any{a.Key, a.Value}); err != nil {
			return err
		}
	}
	return nil
}

// toCells turns a row of strings into the values excelize takes, cutting
// over-long cells (fitCell) and counting them in cut.
func toCells(row []string, cut *int) []any {
	out := make([]any, len(row))
	for i, v := range row {
		fitted, ok := fitCell(v)
		if !ok {
			*cut++
		}
		out[i] = fitted
	}
	return out
}

// fitCell returns v as a cell holds it, and whether it fits whole. Text of
// more than maxCellUnits UTF-16 code units is cut at a character boundary
// and ends with a note saying how long it was in full, so that nobody
// takes the cell for the whole text.
func fitCell(v string) (string, bool) {
	if len(v) <= maxCellUnits || utf16Len(v) <= maxCellUnits { // a byte is at most one unit
		return v, true
	}
	note := fmt.Sprintf("… [truncated: %d characters in full, see the JSON export]", utf8.RuneCountInString(v))
	room := maxCellUnits - utf16Len(note)
	end := 0
	for units := 0; end < len(v); {
		r, size := utf8.DecodeRuneInString(v[end:])
		if units += utf16.RuneLen(r); units > room {
			break
		}
		end += size
	}
	return v[:end] + note, false
}

// utf16Len is the length of s in UTF-16 code units, as Excel (and
// excelize) count.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
