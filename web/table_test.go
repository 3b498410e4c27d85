package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// testTable is a small table with cells that a spreadsheet would run as
// formulas.
func testTable() *table {
	rows := [][]string{
		{"1", "=HYPERLINK(\"http://evil\")", "Quote \"and\", comma"},
		{"2", "-2+3", "@SUM(A1)"},
		{"3", "+1", "\ttab"},
		{"4", "", "line\nbreak"},
	}
	return &table{Name: "lmo-test", Sheet: "Things", Columns: []string{"id", "name", "note"},
		Rows: seq2(rows, nil),
		JSON: &jsonList{Head: map[string]any{"total": len(rows)}, List: "items",
			Items: func(yield func(any, error) bool) {
				for _, r := range rows {
					if !yield(map[string]string{"id": r[0]}, nil) {
						return
					}
				}
			}},
		About:    []aboutItem{{"Source", "test"}, {"Things", "4"}},
		Modified: time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC),
		Version:  "v1",
	}
}

// serveTest serves testTable in format and returns the response.
func serveTest(t *testing.T, format string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest("GET", "/things."+format, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	if err := new(Server).serveTable(w, r, testTable(), format); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestTableCSV(t *testing.T) {
	w := serveTest(t, formatCSV)
	want := "\ufeffid,name,note\r\n" +
		"1,\"'=HYPERLINK(\"\"http://evil\"\")\",\"Quote \"\"and\"\", comma\"\r\n" +
		"2,'-2+3,'@SUM(A1)\r\n" +
		"3,'+1,'\ttab\r\n" +
		"4,,\"line\r\nbreak\"\r\n" // CRLF inside quotes too
	if got := w.Body.String(); got != want {
		t.Errorf("CSV:\n%q\nwant\n%q", got, want)
	}
	h := w.Header()
	if h.Get("Content-Type") != "text/csv; charset=utf-8" || h.Get("Content-Disposition") != `attachment; filename="lmo-test.csv"` ||
		h.Get("Last-Modified") != "Tue, 04 Mar 2025 05:06:07 GMT" || h.Get("ETag") == "" {
		t.Errorf("CSV headers: %v", h)
	}
	if w := serveTest(t, formatCSV, "If-None-Match", h.Get("ETag")); w.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", w.Code)
	}
}

func TestTableXLSX(t *testing.T) {
	w := serveTest(t, formatXLSX)
	if w.Header().Get("Content-Disposition") != `attachment; filename="lmo-test.xlsx"` {
		t.Errorf("Content-Disposition %q", w.Header().Get("Content-Disposition"))
	}
	f, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Things", "About"}) {
		t.Errorf("sheets %v", got)
	}
	rows, _ := f.GetRows("Things")
	want := [][]string{{"id", "name", "note"}}
	for row := range seq1(testTable().Rows) {
		want = append(want, row)
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("XLSX rows %q, want %q", rows, want)
	}
	// The cells are text: no formula, no apostrophe.
	if formula, _ := f.GetCellFormula("Things", "B2"); formula != "" {
		t.Errorf("B2 is the formula %q", formula)
	}
	about, _ := f.GetRows("About")
	if !reflect.DeepEqual(about, [][]string{{"Source", "test"}, {"Things", "4"}}) {
		t.Errorf("About %q", about)
	}
}

func TestTableJSON(t *testing.T) {
	w := serveTest(t, formatJSON)
	if w.Body.String() != `{"total":4,"items":[{"id":"1"},{"id":"2"},{"id":"3"},{"id":"4"}]}`+"\n" || w.Header().Get("Content-Type") != "application/json" ||
		w.Header().Get("Content-Disposition") != `attachment; filename="lmo-test.json"` {
		t.Errorf("JSON: %q %v", w.Body.String(), w.Header())
	}
	err := new(Server).serveTable(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil), testTable(), "pdf")
	if err == nil {
		t.Error("an unknown format serves")
	}
}

func TestNeutraliseKeepsRow(t *testing.T) {
	row := []string{"=1", "a", "-b", ""}
	got := neutralise(row)
	if !slices.Equal(got, []string{"'=1", "a", "'-b", ""}) || !slices.Equal(row, []string{"=1", "a", "-b", ""}) {
		t.Errorf("neutralise(%q) = %q", row, got)
	}
}

// seq2 yields rows, then err if it is not nil.
func seq2(rows [][]string, err error) iter.Seq2[[]string, error] {
	return func(yield func([]string, error) bool) {
		for _, r := range rows {
			if !yield(r, nil) {
				return
			}
		}
		if err != nil {
			yield(nil, err)
		}
	}
}

// seq1 drops the errors of rows.
func seq1(rows iter.Seq2[[]string, error]) iter.Seq[[]string] {
	return func(yield func([]string) bool) {
		for r := range rows {
			if !yield(r) {
				return
			}
		}
	}
}

// xlsxRows opens a workbook and returns the rows of a sheet.
func xlsxRows(t *testing.T, b []byte, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestFitCell: text longer than a spreadsheet cell is cut at a character
// and says so, in at most maxCellUnits UTF-16 units; shorter text is kept.
func TestFitCell(t *testing.T) {
	for _, tc := range []struct {
		text  string
		runes int
	}{
		{strings.Repeat("a", 40000), 40000},
		{strings.Repeat("é", 33000), 33000},
		{strings.Repeat("😀", 17000), 17000}, // two units each
		{strings.Repeat("a", maxCellUnits-1) + "😀", maxCellUnits},
		{strings.Repeat("a", 32760) + "\xff\xfe" + strings.Repeat("b", 100), 32862},
	} {
		got, ok := fitCell(tc.text)
		note := fmt.Sprintf("… [truncated: %d characters in full, see the JSON export]", tc.runes)
		if ok || !strings.HasSuffix(got, note) || utf16Len(got) > maxCellUnits || !strings.HasPrefix(tc.text, strings.TrimSuffix(got, note)) {
			t.Errorf("fitCell(%.10q... %d runes) = %.10q... %d units, %v", tc.text, tc.runes, got, utf16Len(got), ok)
		}
	}
	for _, s := range []string{"", "short", strings.Repeat("a", maxCellUnits), strings.Repeat("😀", maxCellUnits/2)} {
		if got, ok := fitCell(s); !ok || got != s {
			t.Errorf("fitCell cut %d bytes", len(s))
		}
	}
}

// TestTableXLSXTruncated: an over-long cell says in the workbook that it
// was cut, and the About sheet says how many were.
func TestTableXLSXTruncated(t *testing.T) {
	long := strings.Repeat("x", 50000)
	tb := testTable()
	tb.Rows = seq2([][]string{{"1", long, "ok"}, {"2", "short", long}}, nil)
	w := httptest.NewRecorder()
	if err := new(Server).serveTable(w, httptest.NewRequest("GET", "/t.xlsx", nil), tb, formatXLSX); err != nil {
		t.Fatal(err)
	}
	rows := xlsxRows(t, w.Body.Bytes(), "Things")
	for _, cell := range []string{rows[1][1], rows[2][2]} {
		if !strings.HasSuffix(cell, "… [truncated: 50000 characters in full, see the JSON export]") || len(cell) > maxCellUnits+2 {
			t.Errorf("cut cell ends %q, %d bytes", cell[max(0, len(cell)-80):], len(cell))
		}
	}
	about := xlsxRows(t, w.Body.Bytes(), "About")
	if last := about[len(about)-1]; last[0] != "Truncated cells" || !strings.HasPrefix(last[1], "2 cells were longer than the 32767 characters") {
		t.Errorf("About: %q", about)
	}
}

// TestTableJSONStreamsAsMarshal: the streamed document has exactly the
// bytes of json.Marshal of the whole, with HTML escaped as it escapes it.
func TestTableJSONStreamsAsMarshal(t *testing.T) {
	type item struct {
		A string `json:"a"`
	}
	items := []item{{"<b>&"}, {"é\u2028"}}
	doc := jsonList{Head: struct {
		S string `json:"s"`
		N int    `json:"n"`
	}{"x<y", 2}, List: "items", Items: func(yield func(any, error) bool) {
		for _, it := range items {
			if !yield(it, nil) {
				return
			}
		}
	}}
	var got bytes.Buffer
	if err := doc.write(&got); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(struct {
		S     string `json:"s"`
		N     int    `json:"n"`
		Items []item `json:"items"`
	}{"x<y", 2, items})
	if got.String() != string(want)+"\n" {
		t.Errorf("streamed\n%s\nwant\n%s", got.String(), want)
	}
	empty := jsonList{Head: struct{}{}, List: "items", Items: func(func(any, error) bool) {}}
	got.Reset()
	if err := empty.write(&got); err != nil || got.String() != `{"items":[]}`+"\n" {
		t.Errorf("empty: %q %v", got.String(), err)
	}
}
