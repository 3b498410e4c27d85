package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
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
		Rows:     slices.Values(rows),
		JSON:     func() any { return map[string]any{"total": len(rows)} },
		About:    []aboutItem{{"Source", "test"}, {"Things", "4"}},
		Modified: time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC),
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
	if err := serveTable(w, r, testTable(), format); err != nil {
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
	for row := range testTable().Rows {
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
	if w.Body.String() != "{\"total\":4}\n" || w.Header().Get("Content-Type") != "application/json" ||
		w.Header().Get("Content-Disposition") != `attachment; filename="lmo-test.json"` {
		t.Errorf("JSON: %q %v", w.Body.String(), w.Header())
	}
	err := serveTable(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil), testTable(), "pdf")
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
