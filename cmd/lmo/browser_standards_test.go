package main

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// apiParties asks the API how many states were parties to an instrument on
// a day.
func apiParties(t *testing.T, base, code, day string) int {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/instruments/" + code + "/parties?as_of=" + day)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc struct {
		Total int `json:"total"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	return doc.Total
}

// TestBrowserInstrumentPage drives an instrument page with the keyboard
// only, with and without JavaScript: type a day into the date field, press
// Enter, and read the count for that day (the API's) from a page whose
// address is its permalink; then Tab into the map and land on a country's
// link.
func TestBrowserInstrumentPage(t *testing.T) {
	for _, js := range []bool{true, false} {
		m := startMain(t)
		ctx := browser(t)
		if !js {
			noScript(t, ctx)
		}
		navigate(t, ctx, chromedp.Navigate(m.URL()+"/instruments/C189"))
		do(t, ctx, chromedp.Focus(chromedp.CSS("#as_of")))
		navigate(t, ctx, chromedp.KeyEvent("06302015"), chromedp.KeyEvent(kb.Enter))
		url := value(t, ctx, chromedp.Location())
		if !strings.HasSuffix(url, "/instruments/C189?as_of=2015-06-30") {
			t.Fatalf("JavaScript %v: after Enter the address is %s", js, url)
		}
		want := apiParties(t, m.URL(), "C189", "2015-06-30")
		count := value(t, ctx, chromedp.Text(chromedp.CSS("p.count")))
		if !strings.HasPrefix(count, strconv.Itoa(want)+" states parties") {
			t.Errorf("JavaScript %v: the page says %q, the API %d parties on 2015-06-30", js, count, want)
		}
		// From the Show button, Tab moves on into the map's country links.
		do(t, ctx, chromedp.Focus(chromedp.CSS("form.asof button")))
		found := false
		for range 8 {
			do(t, ctx, chromedp.KeyEvent(kb.Tab))
			if value(t, ctx, chromedp.Evaluate[bool](`document.activeElement.closest("svg.lmo-map") !== null && document.activeElement.tagName.toLowerCase() === "a"`)) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("JavaScript %v: Tab from the form does not reach a country on the map", js)
		}
	}
}
