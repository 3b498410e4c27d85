package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
	"github.com/lmo-observatory/lmo/internal/shareddata"
	"github.com/lmo-observatory/lmo/postgres/pgtest"
	"github.com/lmo-observatory/lmo/sqlite"
	"github.com/lmo-observatory/lmo/starter"
)

// referenceDB makes an observatory with the starter's countries and
// regions (what a statistics import maps areas to), and nothing else.
func referenceDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "stats.db")
	d, err := starter.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.ReplaceReferenceData(lmo.NewContextWithUser(context.Background(), lmo.SystemUser), d.Regions, d.Countries); err != nil {
		t.Fatal(err)
	}
	return db
}

// readerRun reads a file with a kind's reader, as the command does, and
// returns what the reader found and its Report after the whole stream.
func readerRun(t *testing.T, kind, path string, opt ingest.ILOSTATOptions) (*ingest.StatisticsFile, int) {
	t.Helper()
	d, err := starter.Load()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	in := &statisticsInput{path: path, file: newCountingFile(f, st.Size()), areas: lmo.NewAreaIndex(d.Countries, d.Regions), ilostat: opt}
	defer func() {
		for _, c := range in.closers {
			c()
		}
	}()
	file, err := kindNamed(kind).read(in)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, err := range file.Import.Observations {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	return file, n
}

// summaryLine finds the line of a summary that starts with label.
func summaryLine(t *testing.T, out, label string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(label) + ` +(.*)$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no %q line in the summary:\n%s", label, out)
	}
	return m[1]
}

// checkSummary checks a summary's figures against the reader's Report.
func checkSummary(t *testing.T, out string, file *ingest.StatisticsFile, n int) {
	t.Helper()
	r := file.Report
	ds := file.Import.Dataset
	if got, want := summaryLine(t, out, "dataset"), ds.Code+", edition "+ds.Edition+": "+ds.Title; got != want {
		t.Errorf("dataset: %q, want %q", got, want)
	}
	if got, want := summaryLine(t, out, "rows read"), fmt.Sprintf("%s (%s observations)", thousands(r.Rows), thousands(n)); got != want {
		t.Errorf("rows read: %q, want %q", got, want)
	}
	if n != r.Observations {
		t.Errorf("the reader yielded %d observations and reported %d", n, r.Observations)
	}
	if got, want := summaryLine(t, out, "skipped"), thousands(total(r.Skipped)); got != want {
		t.Errorf("skipped: %q, want %q", got, want)
	}
	for reason, k := range r.Skipped {
		if !strings.Contains(out, fmt.Sprintf("%9s  %s\n", thousands(k), reason)) {
			t.Errorf("the summary does not list %d skipped for %q:\n%s", k, reason, out)
		}
	}
	if got, want := summaryLine(t, out, "not mapped"), fmt.Sprintf("%s observations of %s areas", thousands(total(r.Unmapped)), thousands(len(r.Unmapped))); got != want {
		t.Errorf("not mapped: %q, want %q", got, want)
	}
	for area, k := range r.Unmapped {
		if !strings.Contains(out, fmt.Sprintf("%9s  %s\n", thousands(k), area)) {
			t.Errorf("the summary does not list %d unmapped for %q", k, area)
		}
	}
	if !regexp.MustCompile(`(?m)^  elapsed +(?:[0-9]+h)?(?:[0-9]+m)?[0-9.]+(?:ms|s), [0-9,]+ rows/s \([0-9,]+ observations/s\)$`).MatchString(out) {
		t.Errorf("no elapsed time and rate:\n%s", out)
	}
}

// storedCount counts the observations the store holds for the current
// editions of indicators, page by page.
func storedCount(t *testing.T, db string, indicators []string) int {
	t.Helper()
	s, err := openStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, _ := statisticsStore(s)
	n := 0
	f := lmo.ObservationFilter{Indicators: indicators}
	for {
		page, err := st.FindObservations(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		n += len(page.Observations)
		if page.Next == "" {
			return n
		}
		f.After = page.Next
	}
}

// observation returns the stored value of one observation, or fails.
func observation(t *testing.T, db string, f lmo.ObservationFilter, match func(o lmo.Observation) bool) lmo.Observation {
	t.Helper()
	s, err := openStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, _ := statisticsStore(s)
	for {
		page, err := st.FindObservations(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page.Observations {
			if match(o) {
				return o
			}
		}
		if page.Next == "" {
			t.Fatalf("no such observation (%+v)", f)
		}
		f.After = page.Next
	}
}

func indicatorCodes(in lmo.StatisticsImport) []string {
	var codes []string
	for _, i := range in.Indicators {
		codes = append(codes, i.Code)
	}
	return codes
}

// gzipped writes a gzip copy of a file under the name given.
func gzipped(t *testing.T, path, name string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	out := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestImportStatisticsRealFiles imports each publisher's real file (and
// each starter edition in LMO's layout) into a fresh observatory: the
// summary gives the reader's figures, every observation is written and
// the store holds them all; the same file again changes nothing.
func TestImportStatisticsRealFiles(t *testing.T) {
	ilostatCSV := "ilostat/EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv"
	type tc struct {
		name, kind, file string
		args             []string
	}
	cases := []tc{
		{"undesa stock", "undesa-stock", shareddata.Path(t, "undesa/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"), nil},
		{"undesa origin", "undesa-origin", shareddata.Path(t, "undesa/UN_MigrantStockFemale_2019.csv"), nil},
		{"ilostat labelled", "ilostat", shareddata.Path(t, ilostatCSV), nil},
		{"ilostat labelled gzip", "ilostat", gzipped(t, shareddata.Path(t, ilostatCSV), "EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv.gz"), nil},
		{"ilostat labelled, edition and indicator as flags", "ilostat", gzipped(t, shareddata.Path(t, ilostatCSV), "download.csv.gz"),
			[]string{"--edition", "2025-06-01", "--indicator", "EAR_4MTH_SEX_GEO_CUR_NB_A"}},
		{"wdi", "wdi", shareddata.Path(t, "worldbank/API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv"), nil},
		{"rpw", "rpw", shareddata.Path(t, "worldbank/rpw_corridor_average_total_cost_2011-2020.csv"), nil},
	}
	starters, _ := filepath.Glob("../../starter/statistics/*.json")
	if len(starters) == 0 {
		t.Fatal("no starter statistics")
	}
	for _, f := range starters {
		cases = append(cases, tc{"starter " + filepath.Base(f), "statistics", f, nil})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var opt ingest.ILOSTATOptions
			if len(c.args) == 4 {
				opt.Edition, opt.Indicator = c.args[1], c.args[3]
			}
			file, n := readerRun(t, c.kind, c.file, opt)
			db := referenceDB(t)
			args := append(append([]string{"import", c.kind, "--db", db}, c.args...), c.file)
			out, errOut, err := runCmd(t, args...)
			if err != nil {
				t.Fatalf("%v\n%s", err, errOut)
			}
			checkSummary(t, out, file, n)
			if got, want := summaryLine(t, out, "written"), fmt.Sprintf("%s (%s created, 0 updated)", thousands(n), thousands(n)); got != want {
				t.Errorf("written: %q, want %q", got, want)
			}
			codes := indicatorCodes(file.Import)
			if got := summaryLine(t, out, "current for"); got != strings.Join(sortedStrings(codes), ", ") {
				t.Errorf("current for: %q, want %v", got, codes)
			}
			if stored := storedCount(t, db, codes); stored != n {
				t.Errorf("the store holds %d observations, the file has %d", stored, n)
			}
			// Again: nothing written, everything unchanged.
			out, _, err = runCmd(t, args...)
			if err != nil {
				t.Fatal(err)
			}
			if summaryLine(t, out, "written") != "0 (0 created, 0 updated)" || summaryLine(t, out, "unchanged") != thousands(n) || summaryLine(t, out, "removed") != "0" {
				t.Errorf("the same file again:\n%s", out)
			}
		})
	}
}

func sortedStrings(s []string) []string {
	m := map[string]bool{}
	for _, v := range s {
		m[v] = true
	}
	return sortedKeys(m)
}

// TestImportUNDESAStockValues: the store holds the publisher's figures.
func TestImportUNDESAStockValues(t *testing.T) {
	file := shareddata.Path(t, "undesa/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx")
	db := referenceDB(t)
	if _, _, err := runCmd(t, "import", "undesa-stock", "--db", db, file); err != nil {
		t.Fatal(err)
	}
	checkWorldStock(t, db)
}

// checkWorldStock checks UN DESA's world totals (PROVENANCE.md).
func checkWorldStock(t *testing.T, db string) {
	t.Helper()
	for _, want := range []struct {
		sex   string
		year  int
		stock float64
	}{
		{lmo.SexTotal, 2020, 280598105},
		{lmo.SexMale, 2020, 145655844},
		{lmo.SexFemale, 2020, 134942261},
		{lmo.SexTotal, 1990, 152986157},
	} {
		p := lmo.Period{Year: want.year}
		o := observation(t, db, lmo.ObservationFilter{Indicators: []string{"IMS_STOCK"}, Areas: []string{"001"}, Sexes: []string{want.sex}, From: p, To: p},
			func(o lmo.Observation) bool { return o.Period == p && o.Sex == want.sex })
		if o.Value != want.stock || o.Edition != "2020" {
			t.Errorf("world stock %s %d: %v (edition %s), want %v", want.sex, want.year, o.Value, o.Edition, want.stock)
		}
	}
}

// TestImportStatisticsPostgres imports the UN DESA workbook into
// PostgreSQL (when LMO_TEST_POSTGRES is set), twice.
func TestImportStatisticsPostgres(t *testing.T) {
	file := shareddata.Path(t, "undesa/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx")
	pg := pgtest.NewDatabase(t)
	if _, _, err := runCmd(t, "seed", "--db", pg); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "import", "undesa-stock", "--db", pg, file)
	if err != nil {
		t.Fatal(err)
	}
	rec, n := readerRun(t, "undesa-stock", file, ingest.ILOSTATOptions{})
	checkSummary(t, out, rec, n)
	checkWorldStock(t, pg)
	out, _, err = runCmd(t, "import", "undesa-stock", "--db", pg, file)
	if err != nil || summaryLine(t, out, "unchanged") != thousands(n) {
		t.Errorf("again: %v\n%s", err, out)
	}
}

// breakCell writes a copy of a file with the first occurrence of old on
// line (1-based) replaced by new.
func breakCell(t *testing.T, path string, line int, old, new string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	if !strings.Contains(lines[line-1], old) {
		t.Fatalf("line %d of %s has no %q", line, path, old)
	}
	lines[line-1] = strings.Replace(lines[line-1], old, new, 1)
	out := filepath.Join(t.TempDir(), filepath.Base(path))
	if err := os.WriteFile(out, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestImportStatisticsBadRow: a file with one broken number imports
// nothing, into an empty observatory or over an earlier import of the
// same file (whose values stay as they were, though the broken file
// changes another value before the broken one), and the error names the
// file, the line and the column.
func TestImportStatisticsBadRow(t *testing.T) {
	wdi := shareddata.Path(t, "worldbank/API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv")
	// Line 6 is Aruba's; line 8 Afghanistan's. Aruba's first value changes,
	// Afghanistan's breaks.
	changed := breakCell(t, wdi, 6, `"16480446.9273743"`, `"99999999"`)
	bad := breakCell(t, changed, 8, `"BM.TRF.PWKR.CD.DT",`+strings.Repeat(`"",`, 39)+`"",`, `"BM.TRF.PWKR.CD.DT",`+strings.Repeat(`"",`, 39)+`"12x4",`)

	empty := referenceDB(t)
	_, _, err := runCmd(t, "import", "wdi", "--db", empty, bad)
	want := regexp.MustCompile(`^import .*API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv: nothing imported: line 8, column 44 \(1999\): "12x4" is not a number`)
	if err == nil || !want.MatchString(err.Error()) {
		t.Fatalf("a broken number: %v, want %s", err, want)
	}
	s, err := openStore(context.Background(), empty)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := statisticsStore(s)
	if ds, _ := st.FindDatasets(context.Background()); len(ds) != 0 {
		t.Errorf("a failed import wrote %d datasets", len(ds))
	}
	s.Close()

	db := referenceDB(t)
	if _, _, err := runCmd(t, "import", "wdi", "--db", db, wdi); err != nil {
		t.Fatal(err)
	}
	before := storedCount(t, db, []string{"BM.TRF.PWKR.CD.DT"})
	if _, _, err := runCmd(t, "import", "wdi", "--db", db, bad); err == nil || !want.MatchString(err.Error()) {
		t.Fatalf("a broken number over an import: %v", err)
	}
	aruba := observation(t, db, lmo.ObservationFilter{Indicators: []string{"BM.TRF.PWKR.CD.DT"}, Areas: []string{"AW"}},
		func(o lmo.Observation) bool { return true })
	if aruba.Value != 16480446.9273743 || storedCount(t, db, []string{"BM.TRF.PWKR.CD.DT"}) != before {
		t.Errorf("a failed import changed the store: Aruba's first value %v", aruba.Value)
	}
	// The changed file without the broken number updates one value.
	out, _, err := runCmd(t, "import", "wdi", "--db", db, changed)
	if err != nil || summaryLine(t, out, "written") != "1 (0 created, 1 updated)" {
		t.Errorf("one value changed: %v\n%s", err, out)
	}

	// A bad cell in a workbook names its sheet and cell; in LMO's layout,
	// its line and column.
	stem := filepath.Join(t.TempDir(), "ilo-global-estimates-2024")
	jsonFile, _ := os.ReadFile("../../starter/statistics/ilo-global-estimates-2024.json")
	os.WriteFile(stem+".json", jsonFile, 0o644)
	csvFile, _ := os.ReadFile("../../starter/statistics/ilo-global-estimates-2024.csv")
	lines := strings.SplitAfter(string(csvFile), "\n")
	cells := strings.Split(lines[2], ",")
	value := slicesIndex(strings.Split(strings.TrimSpace(lines[0]), ","), "value")
	cells[value] = "12x3"
	lines[2] = strings.Join(cells, ",")
	os.WriteFile(stem+".csv", []byte(strings.Join(lines, "")), 0o644)
	if _, _, err := runCmd(t, "import", "statistics", "--db", empty, stem+".json"); err == nil || !strings.Contains(err.Error(), "nothing imported: line 3, column "+fmt.Sprint(value+1)+" (value)") {
		t.Errorf("LMO's layout with a bad line: %v", err)
	}
	if _, _, err := runCmd(t, "import", "statistics", "--db", empty, stem+".csv"); err == nil || !strings.Contains(err.Error(), "name the JSON file") {
		t.Errorf("LMO's layout given the CSV file: %v", err)
	}
	if _, _, err := runCmd(t, "import", "undesa-stock", "--db", empty, wdi); err == nil || !strings.Contains(err.Error(), "not an Excel workbook") {
		t.Errorf("a CSV file as a workbook: %v", err)
	}
	if _, _, err := runCmd(t, "import", "ilostat", "--db", empty, wdi); err == nil || !strings.Contains(err.Error(), "edition") {
		t.Errorf("an ILOSTAT file without its edition: %v", err)
	}
	if _, _, err := runCmd(t, "import", "wdi", "--db", empty, filepath.Join(t.TempDir(), "missing.csv")); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("a missing file: %v", err)
	}
	if _, _, err := runCmd(t, "import", "wdi", "--db", empty); err == nil || !strings.Contains(err.Error(), "name one FILE.csv") {
		t.Errorf("no file: %v", err)
	}
	if _, _, err := runCmd(t, "import", "wdi", "--db", filepath.Join(t.TempDir(), "bare.db"), wdi); err == nil || !strings.Contains(err.Error(), "lmo seed") {
		t.Errorf("an observatory without countries: %v", err)
	}
}

func slicesIndex(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// TestImportStatisticsProgress: off a terminal, progress is a line each
// tenth of the file, for each reading of it (a file read twice, to list
// its indicators and then stream them, shows both).
func TestImportStatisticsProgress(t *testing.T) {
	file := shareddata.Path(t, "worldbank/rpw_corridor_average_total_cost_2011-2020.csv")
	db := referenceDB(t)
	_, errOut, err := runCmd(t, "import", "rpw", "--db", db, file)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(errOut, "\r") {
		t.Errorf("progress off a terminal redraws a line:\n%q", errOut)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(lines) != 21 || lines[20] != "rpw_corridor_average_total_cost_2011-2020.csv: read, 10,322 observations; writing to the database" {
		t.Fatalf("%d lines of progress, want 10 for each of the 2 readings and the end of the stream:\n%s", len(lines), errOut)
	}
	lines = lines[:20]
	line := regexp.MustCompile(`^rpw_corridor_average_total_cost_2011-2020.csv: (\d+)% read( \(reading 2 of the file\))?, [0-9,]+ observations, [0-9,]+ observations/s$`)
	for i, l := range lines {
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("progress line %q", l)
		}
		if want := fmt.Sprint(i%10*10 + 10); m[1] != want || (m[2] != "") != (i >= 10) {
			t.Errorf("line %d: %q, want %s%%", i+1, l, want)
		}
	}
}

// TestProgressBar draws the terminal's bar of a file half read.
func TestProgressBar(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.go")
	os.WriteFile(path, make([]byte, 1000), 0o644)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := newCountingFile(f, 1000)
	io.CopyN(io.Discard, c, 500)
	var buf bytes.Buffer
	p := newProgress(&buf, "progress.go", c)
	p.observed()
	p.observed()
	bar := p.bar(10)
	if !regexp.MustCompile(`^progress\.go \[=====> {4}\]  50% 2 observations, [0-9,]+/s$`).MatchString(bar) {
		t.Errorf("bar %q", bar)
	}
	if isTerminal(&buf) {
		t.Error("a buffer is a terminal")
	}
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 280598105: "280,598,105", -1234: "-1,234"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q", n, got)
		}
	}
}

// TestProgressTerminal: on a terminal the bar is redrawn in place with \r
// and its line cleared at the end.
func TestProgressTerminal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.csv")
	os.WriteFile(path, make([]byte, 1000), 0o644)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := newCountingFile(f, 1000)
	var buf bytes.Buffer
	p := startProgress(&buf, "data.csv", c, true)
	io.CopyN(io.Discard, c, 250)
	p.observed()
	time.Sleep(300 * time.Millisecond)
	io.Copy(io.Discard, c)
	p.readAll()
	time.Sleep(300 * time.Millisecond)
	p.finish()
	out := buf.String()
	if !strings.HasPrefix(out, "\rdata.csv [") || !strings.Contains(out, "] 100% 1 observations") ||
		!strings.Contains(out, "; writing to the database\x1b[K") || !strings.HasSuffix(out, "\r\x1b[K") || strings.Contains(out, "\n") {
		t.Errorf("terminal progress %q", out)
	}
}
