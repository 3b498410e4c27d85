package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
	"github.com/lmo-observatory/lmo/internal/shareddata"
)

// syntheticCodedCSV is a small ILOSTAT bulk file in the coded layout.
// SYNTHETIC: made up for this test, not ILOSTAT's figures.
const syntheticCodedCSV = "ref_area,source,indicator,sex,classif1,classif2,time,obs_value,obs_status,note_classif,note_indicator,note_source\n" +
	"PHL,BA:1,EMP_TEMP_SEX_CBR_NB,SEX_T,CBR_BIR_FOREIGN,,2020,1234.5,,,,\n" +
	"PHL,BA:1,EMP_TEMP_SEX_CBR_NB,SEX_F,CBR_BIR_FOREIGN,,2020,600,,,,\n" +
	"MEX,BA:1,EMP_TEMP_SEX_CBR_NB,SEX_T,CBR_BIR_FOREIGN,,2021,42,,,,\n" +
	"X01,,EMP_TEMP_SEX_CBR_NB,SEX_T,CBR_BIR_FOREIGN,,2021,99,,,,\n"

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// publisher is a stand-in for the publishers' servers: ILOSTAT's bulk
// download (a synthetic coded file, and the real labelled file gzipped),
// UN DESA's real workbook, an error and a web page.
func publisher(t *testing.T) *httptest.Server {
	t.Helper()
	workbook := shareddata.Path(t, "undesa/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx")
	labelled, err := os.ReadFile(shareddata.Path(t, "ilostat/EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"EMP_TEMP_SEX_CBR_NB_A":     gzipBytes([]byte(syntheticCodedCSV)),
		"EAR_4MTH_SEX_GEO_CUR_NB_A": gzipBytes(labelled),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /data/indicator/", func(w http.ResponseWriter, r *http.Request) {
		b, ok := files[r.URL.Query().Get("id")]
		if !ok || r.URL.Query().Get("format") != ".csv.gz" {
			http.Error(w, "no such indicator", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/gzip")
		w.Write(b)
	})
	mux.HandleFunc("GET /files/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, workbook) })
	mux.HandleFunc("GET /page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<!DOCTYPE html><html><body>Page moved</body></html>")
	})
	mux.HandleFunc("GET /broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "upstream failed", http.StatusBadGateway)
	})
	mux.HandleFunc("GET /truncated", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100000")
		w.Write([]byte("PK\x03\x04 and then the connection drops"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestFetchILOSTAT downloads an indicator from a stand-in of ILOSTAT's
// bulk download and imports it: the edition is the day of the download
// unless given; the real labelled file, gzipped, comes in as lmo import
// ilostat reads it; a download kept with -o imports the same.
func TestFetchILOSTAT(t *testing.T) {
	srv := publisher(t)
	source := srv.URL + "/data/indicator/?id={indicator}&type=code&format=.csv.gz"
	db := referenceDB(t)
	today := time.Now().UTC().Format(time.DateOnly)
	out, errOut, err := runCmd(t, "fetch", "ilostat", "--db", db, "--source", source, "EMP_TEMP_SEX_CBR_NB_A")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if !strings.HasPrefix(out, "imported "+strings.ReplaceAll(source, "{indicator}", "EMP_TEMP_SEX_CBR_NB_A")) ||
		summaryLine(t, out, "dataset") != "ilostat, edition "+today+": ILOSTAT" ||
		summaryLine(t, out, "written") != "4 (4 created, 0 updated)" || summaryLine(t, out, "current for") != "EMP_TEMP_SEX_CBR_NB_A" {
		t.Errorf("fetch ilostat:\n%s", out)
	}
	if !strings.Contains(errOut, "downloading "+srv.URL) {
		t.Errorf("no download line: %q", errOut)
	}
	// The workbook's server says its length: a line every tenth.
	_, errOut, err = runCmd(t, "fetch", "undesa", "--db", referenceDB(t), "--source", srv.URL+"/files/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx")
	if err != nil || strings.Count(errOut, "downloading: ") < 9 || !strings.Contains(errOut, "downloading: 100%, 551,092 of 551,092 bytes\n") ||
		!strings.Contains(errOut, "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx: read, 13,103 observations") {
		t.Errorf("download progress: %v\n%q", err, errOut)
	}
	o := observation(t, db, lmo.ObservationFilter{Indicators: []string{"EMP_TEMP_SEX_CBR_NB_A"}, Areas: []string{"PH"}, Sexes: []string{lmo.SexFemale}},
		func(lmo.Observation) bool { return true })
	if o.Value != 600 || o.Period != (lmo.Period{Year: 2020}) || o.Edition != today {
		t.Errorf("the Philippines' synthetic value: %+v", o)
	}

	// The real labelled file, gzipped, with the edition given and the
	// download kept: the summary is the reader's, as lmo import gives it.
	kept := filepath.Join(t.TempDir(), "EAR.csv.gz")
	out, _, err = runCmd(t, "fetch", "ilostat", "--db", db, "--source", source, "--edition", "2025-06-01", "-o", kept, "EAR_4MTH_SEX_GEO_CUR_NB_A")
	if err != nil {
		t.Fatal(err)
	}
	file, n := readerRun(t, "ilostat", kept, ingest.ILOSTATOptions{FileName: "EAR_4MTH_SEX_GEO_CUR_NB_A.csv.gz", Edition: "2025-06-01"})
	checkSummary(t, out, file, n)
	if summaryLine(t, out, "written") != fmt.Sprintf("%s (%s created, 0 updated)", thousands(n), thousands(n)) {
		t.Errorf("the labelled file:\n%s", out)
	}
	out, _, err = runCmd(t, "import", "ilostat", "--db", db, "--edition", "2025-06-01", "--indicator", "EAR_4MTH_SEX_GEO_CUR_NB_A", kept)
	if err != nil || summaryLine(t, out, "unchanged") != thousands(n) {
		t.Errorf("the kept download imported again: %v\n%s", err, out)
	}
}

// TestFetchUNDESA downloads the real UN DESA workbook from a stand-in
// server and imports it; again, nothing changes.
func TestFetchUNDESA(t *testing.T) {
	srv := publisher(t)
	db := referenceDB(t)
	url := srv.URL + "/files/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
	out, _, err := runCmd(t, "fetch", "undesa", "--db", db, "--source", url)
	if err != nil {
		t.Fatal(err)
	}
	file, n := readerRun(t, "undesa-stock", shareddata.Path(t, "undesa/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"), ingest.ILOSTATOptions{})
	checkSummary(t, out, file, n)
	checkWorldStock(t, db)
	out, _, err = runCmd(t, "fetch", "undesa", "--db", db, "--source", url)
	if err != nil || summaryLine(t, out, "unchanged") != thousands(n) {
		t.Errorf("again: %v\n%s", err, out)
	}
}

// TestFetchErrors: a server's error, a web page instead of the file, a
// download cut short, a server that cannot be reached and a bad indicator code fail with the
// URL named, and nothing is imported.
func TestFetchErrors(t *testing.T) {
	srv := publisher(t)
	db := referenceDB(t)
	half := filepath.Join(t.TempDir(), "half.xlsx")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/x.xlsx"
	ln.Close()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"ilostat", "--source", srv.URL + "/data/indicator/?id={indicator}&format=.csv.gz", "NO_SUCH_INDICATOR_A"},
			"fetch " + srv.URL + "/data/indicator/?id=NO_SUCH_INDICATOR_A&format=.csv.gz: the server answered 404 Not Found: \"no such indicator\""},
		{[]string{"undesa", "--source", srv.URL + "/broken"}, "fetch " + srv.URL + "/broken: the server answered 502 Bad Gateway"},
		{[]string{"undesa", "--source", srv.URL + "/page"}, "fetch " + srv.URL + "/page: the server sent a web page, not the workbook"},
		{[]string{"ilostat", "--source", srv.URL + "/page?{indicator}", "EMP_TEMP_SEX_CBR_NB_A"}, "the server sent a web page, not ILOSTAT's CSV file"},
		{[]string{"undesa", "--source", srv.URL + "/truncated", "-o", half}, "fetch " + srv.URL + "/truncated: after 34 bytes: unexpected EOF"},
		{[]string{"undesa", "--source", closed}, "fetch " + closed + ": cannot reach the server (offline?)"},
		{[]string{"ilostat", "emp temp"}, `"emp temp" is not an ILOSTAT dataset code`},
		{[]string{"ilostat"}, "name one indicator"},
		{[]string{"worldbank"}, `"worldbank" is not something lmo fetches`},
	} {
		args := append([]string{"fetch", tc.args[0], "--db", db}, tc.args[1:]...)
		if _, _, err := runCmd(t, args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.args, err, tc.want)
		}
	}
	if _, err := os.Stat(half); err == nil {
		t.Errorf("a download cut short left %s", half)
	}
	s, err := openStore(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, _ := statisticsStore(s)
	if ds, _ := st.FindDatasets(t.Context()); len(ds) != 0 {
		t.Errorf("failed fetches imported %d datasets", len(ds))
	}
}
