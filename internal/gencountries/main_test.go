package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
)

// testInputs returns the generator's inputs as seen from this package's
// directory, skipping the test when a file outside the repository (Debian's
// iso-codes, the shared UN DESA workbook) is missing.
func testInputs(t *testing.T) inputs {
	t.Helper()
	in := inputs{
		ISO:     "/usr/share/iso-codes/json/iso_3166-1.json",
		Locale:  "/usr/share/locale",
		M49:     "m49.csv",
		Regions: "../../starter/regions.csv",
		UNDESA:  findShared(undesaFile),
		Names:   "names.csv",
	}
	if _, err := os.Stat(in.ISO); err != nil {
		t.Skipf("skipping: Debian's iso-codes is not installed (%v); apt-get install iso-codes", err)
	}
	if _, err := os.Stat(in.UNDESA); err != nil {
		t.Skipf("skipping: the UN DESA workbook is not at %s (%v); see PROVENANCE.md of the shared data", in.UNDESA, err)
	}
	return in
}

// TestGenerate regenerates countries.csv and checks that the committed file
// is what the generator writes, and that the names read as the UN writes
// them while ISO's and the formal names stay as data.
func TestGenerate(t *testing.T) {
	in := testInputs(t)
	out := filepath.Join(t.TempDir(), "countries.csv")
	if err := run(in, out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("../../starter/countries.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, committed) {
		t.Errorf("starter/countries.csv is not what the generator writes; run go run ./internal/gencountries")
	}
	rows := readRows(t, got)
	if len(rows) != 249 {
		t.Errorf("%d countries, want 249", len(rows))
	}
	for _, want := range []map[string]string{
		{"alpha2": "CD", "name_en": "Democratic Republic of the Congo", "name_source": "undesa-2020",
			"name_iso": "Congo, The Democratic Republic of the", "name_fr": "République démocratique du Congo"},
		{"alpha2": "TZ", "name_en": "United Republic of Tanzania", "name_iso": "Tanzania, United Republic of",
			"name_official": "United Republic of Tanzania"},
		{"alpha2": "KP", "name_en": "Democratic People's Republic of Korea", "name_source": "unsd-m49"},
		{"alpha2": "FM", "name_en": "Micronesia (Federated States of)", "name_source": "unsd-m49"},
		{"alpha2": "VA", "name_en": "Holy See", "name_iso": "Holy See (Vatican City State)"},
		{"alpha2": "GB", "name_en": "United Kingdom", "name_official": "United Kingdom of Great Britain and Northern Ireland"},
		{"alpha2": "TW", "name_en": "Taiwan, China", "name_source": "ilostat", "name_iso": "Taiwan, Province of China",
			"ilo_region": "asia-pacific", "m49_region": ""},
		{"alpha2": "AX", "name_en": "Åland Islands", "name_source": "iso"},
		{"alpha2": "AQ", "name_en": "Antarctica", "name_source": "iso", "ilo_region": ""},
	} {
		row, ok := rows[want["alpha2"]]
		if !ok {
			t.Errorf("no row for %s", want["alpha2"])
			continue
		}
		for col, v := range want {
			if row[col] != v {
				t.Errorf("%s %s = %q, want %q", want["alpha2"], col, row[col], v)
			}
		}
	}
	for code, row := range rows {
		if row["name_en"] == "" || row["name_iso"] == "" {
			t.Errorf("%s: empty name_en or name_iso", code)
		}
	}
}

// TestNameExceptionsChecked: a names.csv row with an unknown source fails.
func TestNameExceptionsChecked(t *testing.T) {
	p := filepath.Join(t.TempDir(), "names.csv")
	if err := os.WriteFile(p, []byte("alpha2,name,source,note\nTW,Taiwan,wikipedia,why\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readNameExceptions(p); err == nil {
		t.Error("an exception citing an unknown source was accepted")
	}
}

// readRows parses the generated CSV into rows by alpha-2 code, each a map
// from column name to value.
func readRows(t *testing.T, data []byte) map[string]map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, col := range recs[0] {
			row[col] = rec[i]
		}
		out[row["alpha2"]] = row
	}
	return out
}
