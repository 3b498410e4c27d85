package web_test

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// TestInstrumentsIndex lists every instrument with its count of parties
// today, the same as the API's.
func TestInstrumentsIndex(t *testing.T) {
	ts, _ := newTestServer(t)
	resp, body := get(t, ts, "/instruments")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d", resp.StatusCode)
	}
	var list struct {
		Items []struct {
			Code    string `json:"code"`
			Title   string `json:"title"`
			Parties *int   `json:"parties"`
		} `json:"items"`
	}
	apiJSON(t, ts, "/api/v1/instruments", &list)
	for _, it := range list.Items {
		row := regexp.MustCompile(`<a href="/instruments/` + it.Code + `">[^<]*</a></th>\s*<td>[^<]*</td>\s*<td class="num">(\d+)?`).FindStringSubmatch(body)
		if row == nil {
			t.Errorf("%s is not in the index", it.Code)
			continue
		}
		if it.Parties != nil && row[1] != itoa(*it.Parties) {
			t.Errorf("%s: the index shows %q parties, the API %d", it.Code, row[1], *it.Parties)
		}
	}
}

// TestInstrumentPage: the count on a day equals the API's, the map names
// and links every state party, the chart and its table are there, and the
// date field keeps the day asked.
func TestInstrumentPage(t *testing.T) {
	ts, _ := newTestServer(t)
	var doc struct {
		Total   int `json:"total"`
		InForce int `json:"in_force"`
		Parties []struct {
			Country string `json:"country"`
			Name    string `json:"name"`
		} `json:"parties"`
	}
	apiJSON(t, ts, "/api/v1/instruments/C189/parties?as_of=2015-06-30", &doc)
	resp, body := get(t, ts, "/instruments/C189?as_of=2015-06-30")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d", resp.StatusCode)
	}
	for _, want := range []string{
		`value="2015-06-30"`, "States parties on 2015-06-30",
		itoa(doc.Total) + " states parties; in force for " + itoa(doc.InForce) + " of them.",
		`<svg`, `aria-labelledby="map-C189`, `aria-labelledby="chart-C189`, "The figures of the chart",
		`href="/instruments/C189/parties.csv?as_of=2015-06-30"`, `href="/instruments/C189/history"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, p := range doc.Parties {
		if !strings.Contains(body, `<a href="/countries/`+p.Country+`"`) {
			t.Errorf("%s is not linked", p.Country)
		}
		if !regexp.MustCompile(`<title>`+regexp.QuoteMeta(htmlEscape(p.Name))+`: Party</title>`).MatchString(body) && onMap(p.Country) {
			t.Errorf("the map does not name %s (%s) as a party", p.Name, p.Country)
		}
	}
	// A day before the convention existed: no parties, and the page says so.
	_, body = get(t, ts, "/instruments/C189?as_of=2010-01-01")
	if !strings.Contains(body, "0 states parties") || !strings.Contains(body, "No state was a party on this day") {
		t.Errorf("before adoption: %.400s", body)
	}
}

func onMap(code string) bool {
	return !strings.Contains(" GF GP MQ RE YT SJ BQ TK CC CX BV AQ ", " "+code+" ")
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "'", "&#39;", `"`, "&#34;").Replace(s)
}

// TestInstrumentPageBadDate keeps the page and the day typed, with the
// message beside the field and a 400.
func TestInstrumentPageBadDate(t *testing.T) {
	ts, _ := newTestServer(t)
	resp, body := get(t, ts, "/instruments/C189?as_of=2013-02-30")
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, want := range []string{`value="2013-02-30"`, `aria-invalid="true"`, `id="as_of-error"`, "as_of must be a day written YYYY-MM-DD"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if resp, _ := get(t, ts, "/instruments/C999"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown instrument: %d", resp.StatusCode)
	}
	if resp, body := get(t, ts, "/instruments/R201"); resp.StatusCode != http.StatusOK || strings.Contains(body, "Entry into force") {
		t.Errorf("a recommendation's page: %d, and it does not enter into force", resp.StatusCode)
	}
	if _, body := get(t, ts, "/instruments/C097"); !strings.Contains(body, "not known to be complete (a partial list)") {
		t.Error("C097's page does not say its list is partial")
	}
}

// TestInstrumentHistoryPage lists every event with its source.
func TestInstrumentHistoryPage(t *testing.T) {
	ts, _ := newTestServer(t)
	var events struct {
		Total int `json:"total"`
	}
	apiJSON(t, ts, "/api/v1/ratifications?instrument=ICMW", &events)
	_, body := get(t, ts, "/instruments/ICMW/history")
	if n := strings.Count(body, `>source</a>`); n != events.Total {
		t.Errorf("%d sourced rows, want %d events", n, events.Total)
	}
}

// TestStandardsDownloads: the parties and events downloads hold what the
// API holds, and the feeds parse.
func TestStandardsDownloads(t *testing.T) {
	ts, _ := newTestServer(t)
	var doc struct {
		Total   int `json:"total"`
		Unknown int `json:"unknown"`
	}
	apiJSON(t, ts, "/api/v1/instruments/ICMW/parties?as_of=2012-12-31", &doc)
	resp, body := get(t, ts, "/instruments/ICMW/parties.csv?as_of=2012-12-31")
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Disposition"), "lmo-parties-ICMW-2012-12-31.csv") {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	if err != nil || len(rows)-1 != doc.Total+doc.Unknown {
		t.Errorf("%d CSV rows, want %d: %v", len(rows)-1, doc.Total+doc.Unknown, err)
	}
	var j struct {
		Total   int   `json:"total"`
		Parties []any `json:"parties"`
	}
	_, body = get(t, ts, "/instruments/ICMW/parties.json?as_of=2012-12-31")
	if err := json.Unmarshal([]byte(body), &j); err != nil || j.Total != doc.Total {
		t.Errorf("JSON: total %d, want %d: %v", j.Total, doc.Total, err)
	}
	if resp, _ := get(t, ts, "/instruments/ICMW/parties.xlsx"); resp.StatusCode != http.StatusOK {
		t.Errorf("XLSX: %d", resp.StatusCode)
	}
	var events struct {
		Total int `json:"total"`
	}
	apiJSON(t, ts, "/api/v1/ratifications?country=PH", &events)
	_, body = get(t, ts, "/ratifications.csv?country=PH")
	if rows, _ := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll(); len(rows)-1 != events.Total {
		t.Errorf("events CSV: %d rows, want %d", len(rows)-1, events.Total)
	}
	if resp, _ := get(t, ts, "/ratifications.csv?from=2014"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad from: %d", resp.StatusCode)
	}
	var list struct {
		Total int `json:"total"`
	}
	apiJSON(t, ts, "/api/v1/instruments", &list)
	_, body = get(t, ts, "/instruments.csv")
	if rows, _ := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll(); len(rows)-1 != list.Total {
		t.Errorf("instruments CSV: %d rows, want %d", len(rows)-1, list.Total)
	}
	var standings struct {
		Instruments []any `json:"instruments"`
	}
	apiJSON(t, ts, "/api/v1/countries/PH/instruments?as_of=2016-01-01", &standings)
	_, body = get(t, ts, "/countries/PH/instruments.json?as_of=2016-01-01")
	var file struct {
		Country     string `json:"country"`
		Instruments []any  `json:"instruments"`
	}
	if err := json.Unmarshal([]byte(body), &file); err != nil || file.Country != "PH" || len(file.Instruments) != len(standings.Instruments) {
		t.Errorf("country standings JSON: %d instruments, want %d: %v", len(file.Instruments), len(standings.Instruments), err)
	}
	for _, path := range []string{"/instruments/feed.atom", "/instruments/C189/feed.atom"} {
		resp, body := get(t, ts, path)
		var feed struct {
			Entries []struct {
				Title string `xml:"title"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal([]byte(body), &feed); err != nil || resp.StatusCode != 200 || len(feed.Entries) == 0 {
			t.Errorf("%s: %d, %d entries, %v", path, resp.StatusCode, len(feed.Entries), err)
		}
	}
}

// TestCountryStandards: a country page says, for every instrument, what the
// API says of the country today.
func TestCountryStandards(t *testing.T) {
	ts, _ := newTestServer(t)
	for _, code := range []string{"PH", "UY", "FR"} {
		var doc struct {
			Instruments []struct {
				Instrument string `json:"instrument"`
				Party      string `json:"party"`
				Joined     *struct {
					Event string `json:"event"`
					Date  string `json:"date"`
				} `json:"joined"`
			} `json:"instruments"`
		}
		apiJSON(t, ts, "/api/v1/countries/"+code+"/instruments", &doc)
		_, body := get(t, ts, "/countries/"+code)
		if len(doc.Instruments) == 0 || !strings.Contains(body, `id="standards-h"`) {
			t.Fatalf("%s: no standards block", code)
		}
		for _, in := range doc.Instruments {
			want := "Not a party"
			if !withEvents(t, ts, in.Instrument) {
				want = "no data yet"
			}
			if in.Party == "yes" {
				want = "Party, by " + in.Joined.Event + " on " + in.Joined.Date
			}
			row := regexp.MustCompile(`(?s)<a href="/instruments/` + in.Instrument + `">.*?</tr>`).FindString(body)
			if !strings.Contains(row, want) && !(in.Party != "yes" && strings.Contains(row, "Signed on")) {
				t.Errorf("%s %s: the row %q does not say %q", code, in.Instrument, row, want)
			}
		}
	}
}

func withEvents(t *testing.T, ts *httptest.Server, code string) bool {
	t.Helper()
	var events struct {
		Total int `json:"total"`
	}
	apiJSON(t, ts, "/api/v1/ratifications?instrument="+code, &events)
	return events.Total > 0
}
