package ingest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// column is a column a CSV layout knows, by its canonical name and the
// other names publishers give it.
type column struct {
	name     string
	aliases  []string
	required bool
}

// csvRecord is one data row of a CSV file: its values by canonical column
// name, and where each value sits.
type csvRecord struct {
	line   int
	values map[string]string
	cols   map[string]int // canonical name -> column number, from 1
}

// get returns the value of a column ("" when the file has no such column).
func (r *csvRecord) get(name string) string { return r.values[name] }

// at names the place of a column's value in the file, as "line 12, column
// 3 (date)".
func (r *csvRecord) at(name string) string {
	if c, ok := r.cols[name]; ok {
		return fmt.Sprintf("line %d, column %d (%s)", r.line, c, name)
	}
	return fmt.Sprintf("line %d", r.line)
}

// canonical folds a header to compare it with column names: lower case,
// and runs of spaces, underscores and hyphens as one space ("Source URL",
// "source_url" and "source-url" are one name).
func canonical(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\uFEFF")))
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '_' || r == '-' || unicode.IsSpace(r) }), " ")
}

// csvTable streams the rows of a CSV file whose first row names its
// columns, in any order, matched against layout by name. A missing
// required column, a bad row or a value that is not UTF-8 is an *Error that
// names the line (and column); columns the layout does not know are
// ignored.
func csvTable(r io.Reader, what string, layout []column) iter.Seq2[*csvRecord, error] {
	return func(yield func(*csvRecord, error) bool) {
		cr := csv.NewReader(r)
		cr.FieldsPerRecord = -1
		cr.ReuseRecord = true
		header, err := cr.Read()
		if errors.Is(err, io.EOF) {
			yield(nil, errorf("", "the file is empty: a %s file starts with a header row", what))
			return
		}
		if err != nil {
			yield(nil, csvError(err))
			return
		}
		cols, err := mapHeader(header, what, layout)
		if err != nil {
			yield(nil, err)
			return
		}
		for {
			row, err := cr.Read()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				yield(nil, csvError(err))
				return
			}
			line, _ := cr.FieldPos(0)
			rec, err := record(row, line, cols)
			if err != nil {
				yield(nil, err)
				return
			}
			if rec == nil {
				continue // a blank row
			}
			if !yield(rec, nil) {
				return
			}
		}
	}
}

// mapHeader finds each column of layout in the header row.
func mapHeader(header []string, what string, layout []column) (map[string]int, error) {
	return csvColumns(header, 1, what, layout)
}

// csvColumns finds each column of layout in a header row that sits on
// line, by canonical name or alias, as column numbers from 1. A column
// named twice, a header that is not UTF-8 or a missing required column is
// an *Error that names the line (and column).
func csvColumns(header []string, line int, what string, layout []column) (map[string]int, error) {
	cols := map[string]int{}
	for i, h := range header {
		if !utf8.ValidString(h) {
			return nil, errorf(fmt.Sprintf("line %d, column %d", line, i+1), "the header is not UTF-8 text")
		}
		name := canonical(h)
		for _, c := range layout {
			if name != c.name && !contains(c.aliases, name) {
				continue
			}
			if first, dup := cols[c.name]; dup {
				return nil, errorf(fmt.Sprintf("line %d, column %d", line, i+1), "column %q comes twice (also column %d)", h, first)
			}
			cols[c.name] = i + 1
		}
	}
	var missing []string
	for _, c := range layout {
		if _, ok := cols[c.name]; c.required && !ok {
			missing = append(missing, c.name)
		}
	}
	if len(missing) > 0 {
		return nil, errorf(fmt.Sprintf("line %d", line), "the header row has no column %s: a %s file needs the columns %s",
			strings.Join(missing, ", "), what, names(layout))
	}
	return cols, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func names(layout []column) string {
	var out []string
	for _, c := range layout {
		if c.required {
			out = append(out, c.name)
		} else {
			out = append(out, c.name+" (optional)")
		}
	}
	return strings.Join(out, ", ")
}

// record turns a row into a csvRecord, or nil for a row with nothing in it.
func record(row []string, line int, cols map[string]int) (*csvRecord, error) {
	rec := &csvRecord{line: line, values: map[string]string{}, cols: cols}
	blank := true
	for name, c := range cols {
		if c > len(row) {
			continue
		}
		v := strings.TrimSpace(row[c-1])
		if !utf8.ValidString(v) {
			return nil, errorf(rec.at(name), "the value is not UTF-8 text")
		}
		if strings.ContainsFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) {
			return nil, errorf(rec.at(name), "the value holds a control character")
		}
		rec.values[name] = v
		blank = blank && v == ""
	}
	if blank {
		return nil, nil
	}
	return rec, nil
}

// csvError places an encoding/csv error at its line and column.
func csvError(err error) *Error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return errorf(fmt.Sprintf("line %d, column %d", pe.Line, pe.Column), "%v", pe.Err)
	}
	return errorf("", "reading the file: %w", err)
}

// csvFindHeader reads cr up to its header row: the first row that isHeader
// accepts, given the row's cells as canonical names. Each row before it
// (a title, a "Last Updated" line) is given to preamble, which may keep
// what it needs or reject the row with an error (preamble may be nil).
// When no header has come after maxPreamble rows, or at the end of the
// file, it returns an *Error that says which header it looked for (want).
// It returns the header's cells as written (a copy) and its line.
func csvFindHeader(cr *csv.Reader, what, want string, maxPreamble int, isHeader func(names []string) bool, preamble func(line int, row []string) error) ([]string, int, error) {
	for n := 0; ; n++ {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			if n == 0 {
				return nil, 0, errorf("", "the file is empty: a %s file has a header row (%s)", what, want)
			}
			return nil, 0, errorf("", "no header row: a %s file has a header row (%s), and this one has none", what, want)
		}
		if err != nil {
			return nil, 0, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		names := make([]string, len(row))
		for i, cell := range row {
			names[i] = canonical(cell)
		}
		if isHeader(names) {
			return slices.Clone(row), line, nil
		}
		if n >= maxPreamble {
			return nil, 0, errorf(fmt.Sprintf("line %d", line), "no header row in the first %d rows: a %s file has a header row (%s)", maxPreamble+1, what, want)
		}
		if preamble != nil {
			if err := preamble(line, row); err != nil {
				return nil, 0, err
			}
		}
	}
}
