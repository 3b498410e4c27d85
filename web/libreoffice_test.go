package web_test

import (
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportsOpenInLibreOffice converts the XLSX export to CSV with
// LibreOffice, and the CSV export to a spreadsheet, when LibreOffice is
// installed (apt-get install libreoffice-calc-nogui); it skips otherwise.
func TestExportsOpenInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice is not installed; skipping")
	}
	ts, _ := newTestServer(t)
	want := getList(t, ts, ts.URL+"/api/v1/practices?region=africa&per_page=100")
	dir := t.TempDir()
	_, xlsx := get(t, ts, "/practices.xlsx?region=africa")
	_, csvBody := get(t, ts, "/practices.csv?region=africa")
	os.WriteFile(filepath.Join(dir, "p.xlsx"), []byte(xlsx), 0o600)
	os.WriteFile(filepath.Join(dir, "q.csv"), []byte(csvBody), 0o600)
	profile := "-env:UserInstallation=file://" + filepath.Join(dir, "profile")
	run := func(filter, file string) {
		args := []string{profile, "--headless", "--convert-to", filter, "--outdir", filepath.Join(dir, "out"), file}
		cmd := exec.Command(soffice, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice %v: %v\n%s", args, err, out)
		}
	}
	run("csv:Text - txt - csv (StarCalc):44,34,76", "p.xlsx")
	run("ods", "q.csv")
	b, err := os.ReadFile(filepath.Join(dir, "out", "p.csv"))
	if err != nil {
		t.Fatalf("LibreOffice did not convert the XLSX: %v", err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != want.Total+1 || !containsSlug(rows, want.Items[0].Slug) {
		t.Errorf("LibreOffice read %d rows from the XLSX, want %d", len(rows), want.Total+1)
	}
	if fi, err := os.Stat(filepath.Join(dir, "out", "q.ods")); err != nil || fi.Size() == 0 {
		t.Errorf("LibreOffice did not open the CSV: %v", err)
	}
}

func containsSlug(rows [][]string, slug string) bool {
	for _, r := range rows {
		if len(r) > 1 && r[1] == slug {
			return true
		}
	}
	return false
}
