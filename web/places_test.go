package web_test

import (
	"regexp"
	"strings"
	"testing"
)

// brokenMarks are what a page must never show: a value that is not a
// number, an unfilled template, an empty chart.
var brokenMarks = []string{"??", "<no value>", `<svg role="graphics-document"></svg>`, "%!"}

// notANumber finds a value written from NaN or an infinity.
var notANumber = regexp.MustCompile(`\b(NaN|[+-]?Inf)\b`)

func checkNotBroken(t *testing.T, path, page string) {
	t.Helper()
	if m := notANumber.FindString(page); m != "" {
		t.Errorf("%s shows %q", path, m)
	}
	for _, m := range brokenMarks {
		if strings.Contains(page, m) {
			i := strings.Index(page, m)
			t.Errorf("%s shows %q: …%s…", path, m, page[max(0, i-120):min(len(page), i+120)])
		}
	}
}

func TestCountryPagePlaces(t *testing.T) {
	ts, _ := newTestServer(t)
	resp, page := get(t, ts, "/countries/PH")
	if resp.StatusCode != 200 {
		t.Fatalf("/countries/PH: %d", resp.StatusCode)
	}
	checkNotBroken(t, "/countries/PH", page)
	i := strings.Index(page, "corridors-h")
	t.Log(page[i:][:5000])
}
