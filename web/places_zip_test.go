package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"testing"
)

// TestCountryZip opens a country's ZIP, reads each CSV and compares it
// with the download it says it is and with the API's answer.
func TestCountryZip(t *testing.T) {
	ts, _ := newTestServer(t)
	resp, body := get(t, ts, "/countries/PH/data.zip")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("data.zip: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = b
	}
	readme := string(files["README.txt"])
	for name, path := range map[string]string{"instruments.csv": "/countries/PH/instruments.csv", "ratifications.csv": "/ratifications.csv?country=PH",
		"practices.csv": "/practices.csv?country=PH", "statistics.csv": "/observations.csv?area=PH", "corridors.csv": "/observations.csv?origin=PH"} {
		if !strings.Contains(readme, name) || !strings.Contains(readme, path) {
			t.Errorf("README.txt does not name %s and its download %s", name, path)
		}
		rows := readCSV(t, name, files[name])
		if len(rows) < 2 {
			t.Errorf("%s: %d rows, want a header and data", name, len(rows))
		}
		_, dl := get(t, ts, path)
		if !bytes.Equal([]byte(dl), files[name]) {
			t.Errorf("%s differs from %s", name, path)
		}
	}
	if !strings.Contains(readme, "Generated ") || !strings.Contains(readme, "licence") {
		t.Errorf("README.txt lacks the date generated or the licences:\n%s", readme)
	}

	// statistics.csv holds exactly the API's observations of the country.
	rows := readCSV(t, "statistics.csv", files["statistics.csv"])
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	fromCSV := map[string]float64{}
	for _, r := range rows[1:] {
		v, _ := strconv.ParseFloat(r[col["value"]], 64)
		fromCSV[r[col["indicator"]]+" "+r[col["origin"]]+" "+r[col["sex"]]+" "+r[col["period"]]+" "+r[col["source"]]+" "+r[col["age"]]] = v
	}
	var api struct {
		Items []struct {
			Indicator, Origin, Sex, Period, Source, Age string
			Value                                       float64
		} `json:"items"`
		Links struct {
			Next string `json:"next"`
		} `json:"links"`
	}
	n := 0
	for path := "/api/v1/observations?area=PH&limit=10000"; path != ""; {
		api.Links.Next = ""
		apiJSON(t, ts, strings.TrimPrefix(path, ts.URL), &api)
		for _, o := range api.Items {
			n++
			k := o.Indicator + " " + o.Origin + " " + o.Sex + " " + o.Period + " " + o.Source + " " + o.Age
			if v, ok := fromCSV[k]; !ok || v != o.Value {
				t.Errorf("statistics.csv %s = %v (%v), API %v", k, v, ok, o.Value)
			}
		}
		path = api.Links.Next
	}
	if n != len(rows)-1 || n == 0 {
		t.Errorf("statistics.csv has %d observations, the API %d", len(rows)-1, n)
	}

	// instruments.csv: one row per instrument of the API's answer.
	var inst struct {
		Instruments []struct {
			Instrument string `json:"instrument"`
		} `json:"instruments"`
	}
	apiJSON(t, ts, "/api/v1/countries/PH/instruments", &inst)
	if got := len(readCSV(t, "instruments.csv", files["instruments.csv"])) - 1; got != len(inst.Instruments) {
		t.Errorf("instruments.csv has %d rows, the API %d instruments", got, len(inst.Instruments))
	}
}

func readCSV(t *testing.T, name string, b []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rows
}
