package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo/web"
	"github.com/xuri/excelize/v2"
)

// goldenBase is the configured public address of the golden server, so that
// the links in the files do not depend on the test server's port.
const goldenBase = "https://lmo.example.org"

// timestamps matches RFC 3339 times, the only part of the exports that
// depends on when the test database was seeded.
var timestamps = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)`)

// exportDate matches the date of the data in a download's file name.
var exportDate = regexp.MustCompile(`lmo-practices-\d{4}-\d\d-\d\d`)

// normaliseTimes replaces each time with a placeholder that keeps its form
// (with or without fraction, zone).
func normaliseTimes(b []byte) []byte {
	b = exportDate.ReplaceAll(b, []byte("lmo-practices-<date>"))
	return timestamps.ReplaceAllFunc(b, func(m []byte) []byte {
		sub := timestamps.FindSubmatch(m)
		out := "<time"
		if len(sub[1]) > 0 {
			out += ".frac"
		}
		return []byte(out + " " + string(sub[2]) + ">")
	})
}

// goldenCases are the responses whose bytes the golden files pin: the
// exports in every format and the API's documents.
var goldenCases = []struct{ name, path string }{
	{"csv-all", "/practices.csv"},
	{"csv-region-title", "/practices.csv?region=asia-pacific&sort=title"},
	{"csv-query", "/practices.csv?q=domestic+workers"},
	{"csv-facets-years", "/practices.csv?theme=fair-recruitment,labour-rights&country=ph&country=np&year_from=2000&sort=newest"},
	{"json-all", "/practices.json"},
	{"json-region-title", "/practices.json?region=asia-pacific&sort=title"},
	{"json-query", "/practices.json?q=%22wage+protection%22+OR+recruit*"},
	{"json-facets-years", "/practices.json?theme=fair-recruitment,labour-rights&country=ph&country=np&year_from=2000&sort=newest"},
	{"xlsx-all", "/practices.xlsx"},
	{"xlsx-query", "/practices.xlsx?q=domestic&stage=employment"},
	{"api-list", "/api/v1/practices"},
	{"api-list-query", "/api/v1/practices?q=domestic+workers&per_page=5"},
	{"api-list-facets", "/api/v1/practices?region=arab-states&theme=fair-recruitment&sort=title&page=2&per_page=2&changed_since=2000-01-01"},
	{"api-practice", "/api/v1/practices/1"},
	{"api-practice-7", "/api/v1/practices/7"},
	{"api-vocabularies", "/api/v1/vocabularies"},
	{"api-countries", "/api/v1/countries"},
	{"api-regions", "/api/v1/regions"},
	{"stats-api-datasets", "/api/v1/datasets"},
	{"stats-api-indicators", "/api/v1/indicators"},
	{"stats-api-observations", "/api/v1/observations?indicator=IMS_STOCK&indicator=BM.TRF.PWKR.CD.DT&area=PH&area=001&sex=total&time=2010..&limit=6"},
	{"stats-csv", "/observations.csv?indicator=IMS_STOCK&area=PH&area=001&time=2015..&edition=all"},
	{"stats-json", "/observations.json?indicator=LMO_TEST_SYNTHETIC"},
	{"xlsx-stats", "/observations.xlsx?indicator=IMS_STOCK_PCT_POP&area=DE&sex=total"},
}

// TestGolden compares the exports and the API's documents, byte for byte
// (times aside), with the files under testdata/golden. XLSX files are
// compared by the contents of their cells, sheet by sheet.
func TestGolden(t *testing.T) {
	db := seededDB(t)
	importFixture(t, db)
	srv, err := web.NewServer(web.Config{Practices: db, Countries: db, Vocabularies: db, Standards: db, Statistics: db, DB: db, Versions: db, BaseURL: goldenBase,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, ts, tc.path)
			if resp.StatusCode != 200 {
				t.Fatalf("GET %s: %d", tc.path, resp.StatusCode)
			}
			var got bytes.Buffer
			got.WriteString("Content-Type: " + resp.Header.Get("Content-Type") + "\n")
			got.WriteString("Content-Disposition: " + resp.Header.Get("Content-Disposition") + "\n\n")
			if strings.HasPrefix(tc.name, "xlsx") {
				got.Write(xlsxCells(t, []byte(body)))
			} else {
				got.WriteString(body)
			}
			web.CompareGolden(t, filepath.Join("testdata", "golden", tc.name+".golden"), normaliseTimes(got.Bytes()))
		})
	}
}

// xlsxCells returns the cells of every sheet of a workbook as indented JSON.
func xlsxCells(t *testing.T, b []byte) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("XLSX does not open: %v", err)
	}
	defer f.Close()
	type sheet struct {
		Name string     `json:"name"`
		Rows [][]string `json:"rows"`
	}
	var sheets []sheet
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		sheets = append(sheets, sheet{name, rows})
	}
	out, err := json.MarshalIndent(sheets, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}
