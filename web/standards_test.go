package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
)

// apiJSON gets an API path that must answer 200 and decodes it into v.
func apiJSON(t *testing.T, ts *httptest.Server, path string, v any) {
	t.Helper()
	resp, body := get(t, ts, path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// TestPartiesAroundEvents asks the API for the parties of each instrument
// with events the day before and the day of every event dated to the day:
// the total changes by one for each ratification, accession or succession
// that day and back by one for each denunciation taking effect, and not for
// the other events.
func TestPartiesAroundEvents(t *testing.T) {
	ts, _ := newTestServer(t)
	for _, code := range []string{"C189", "ICMW", "C097"} {
		var events struct {
			Items []lmo.RatificationEvent `json:"items"`
		}
		apiJSON(t, ts, "/api/v1/ratifications?instrument="+code, &events)
		if len(events.Items) == 0 {
			t.Fatalf("%s has no events", code)
		}
		change := map[lmo.Date]int{}
		for _, e := range events.Items {
			switch {
			case lmo.Joins(e.Event):
				change[e.Date]++
			case e.Event == lmo.EventDenunciationEffective:
				change[e.Date]--
			}
		}
		for _, e := range events.Items {
			if e.Date.Precision() != lmo.PrecisionDay {
				continue
			}
			before, on := partiesTotal(t, ts, code, dayBefore(e.Date)), partiesTotal(t, ts, code, e.Date)
			if on-before != change[e.Date] {
				t.Errorf("%s %s %s on %s: %d parties the day before, %d that day", code, e.Country, e.Event, e.Date, before, on)
			}
		}
	}
}

func partiesTotal(t *testing.T, ts *httptest.Server, code string, day lmo.Date) int {
	t.Helper()
	var doc struct {
		Total   int `json:"total"`
		Parties []struct {
			Party lmo.Truth `json:"party"`
		} `json:"parties"`
	}
	apiJSON(t, ts, "/api/v1/instruments/"+code+"/parties?as_of="+day.String(), &doc)
	yes := 0
	for _, p := range doc.Parties {
		if p.Party == lmo.Yes {
			yes++
		}
	}
	if yes != doc.Total {
		t.Errorf("%s on %s: total %d, but %d parties listed", code, day, doc.Total, yes)
	}
	return doc.Total
}

func dayBefore(d lmo.Date) lmo.Date {
	return lmo.DayOf(time.Date(d.Year, time.Month(d.Month), d.Day-1, 0, 0, 0, 0, time.UTC))
}

// TestInstrumentCodesRedirect: a code in another case is redirected to its
// canonical form, with the query kept.
func TestInstrumentCodesRedirect(t *testing.T) {
	ts, _ := newTestServer(t)
	client := ts.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for path, want := range map[string]string{
		"/api/v1/instruments/c189":                          "/api/v1/instruments/C189",
		"/api/v1/instruments/c189/parties?as_of=2014-01-01": "/api/v1/instruments/C189/parties?as_of=2014-01-01",
		"/api/v1/countries/ph/instruments":                  "/api/v1/countries/PH/instruments",
	} {
		resp, err := client.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != want {
			t.Errorf("%s: %d to %q, want 301 to %s", path, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
}

// TestIncompleteLists: a day after an instrument's completeness date is
// flagged, so that nobody mistakes an old list for today's.
func TestIncompleteLists(t *testing.T) {
	ts, _ := newTestServer(t)
	var in struct {
		CompleteTo string `json:"complete_to"`
	}
	apiJSON(t, ts, "/api/v1/instruments/C189", &in)
	if in.CompleteTo == "" {
		t.Fatal("C189 has no completeness date")
	}
	for day, want := range map[string]bool{in.CompleteTo: false, "2099-01-01": true} {
		var doc struct {
			Incomplete bool `json:"incomplete"`
		}
		apiJSON(t, ts, "/api/v1/instruments/C189/parties?as_of="+day, &doc)
		if doc.Incomplete != want {
			t.Errorf("as of %s: incomplete %v, want %v", day, doc.Incomplete, want)
		}
	}
	var list struct {
		Items []struct {
			Code    string `json:"code"`
			Partial bool   `json:"partial"`
			Parties *int   `json:"parties"`
		} `json:"items"`
	}
	apiJSON(t, ts, "/api/v1/instruments", &list)
	for _, it := range list.Items {
		var events struct {
			Total int `json:"total"`
		}
		apiJSON(t, ts, "/api/v1/ratifications?instrument="+it.Code, &events)
		// A count for an instrument with events; none for a recommendation
		// or an instrument without events (no data is not zero parties).
		if hasCount := !strings.HasPrefix(it.Code, "R") && events.Total > 0; hasCount != (it.Parties != nil) {
			t.Errorf("%s (%d events): parties %v", it.Code, events.Total, it.Parties)
		}
	}
}
