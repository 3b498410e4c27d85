package standards_test

import (
	"encoding/csv"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// readCSV parses a whole file with encoding/csv (RFC 4180) and checks its header.
func readCSV(t *testing.T, name string, header []string) [][]string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = len(header)
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != strings.Join(header, ",") {
		t.Fatalf("%s: header %v, want %v", name, recs[0], header)
	}
	return recs[1:]
}

var dateRE = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// validDate accepts YYYY, YYYY-MM and YYYY-MM-DD; a year or a month is not a day.
func validDate(s string) bool {
	if !dateRE.MatchString(s) {
		return false
	}
	layout := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}[len(s)]
	_, err := time.Parse(layout, s)
	return err == nil
}

func alpha2(t *testing.T) map[string]bool {
	t.Helper()
	f, err := os.Open("../countries.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range recs[0] {
		if h == "alpha2" {
			col = i
		}
	}
	if col < 0 {
		t.Fatal("countries.csv has no alpha2 column")
	}
	m := map[string]bool{}
	for _, r := range recs[1:] {
		m[r[col]] = true
	}
	return m
}

var instrumentHeader = []string{"code", "kind", "title", "short_title", "adopted", "entry_into_force", "in_force_rule", "revises", "text_url", "complete_to", "source_url"}
var ratificationHeader = []string{"instrument", "country", "event", "date", "note", "source_url"}

var wantCodes = []string{"C097", "C143", "C181", "C189", "C019", "C029", "P029", "C102", "C118", "C157", "C190", "R086", "R151", "R201", "ICMW"}

var kinds = map[string]bool{"convention": true, "protocol": true, "recommendation": true, "un-treaty": true}

var events = map[string]bool{
	"signature": true, "ratification": true, "accession": true, "succession": true,
	"registration": true, "entry-into-force": true, "denunciation": true,
	"denunciation-effective": true, "declaration": true, "accepted-parts": true,
	"excluded-annexes": true,
}

// binding events make a state a party; denunciation-effective ends it.
var binding = map[string]bool{"ratification": true, "accession": true, "succession": true, "registration": true}

func https(s string) bool { return strings.HasPrefix(s, "https://") && len(s) > len("https://") }

func TestInstruments(t *testing.T) {
	recs := readCSV(t, "instruments.csv", instrumentHeader)
	seen := map[string]bool{}
	for i, r := range recs {
		line := i + 2
		code, kind := r[0], r[1]
		if seen[code] {
			t.Errorf("instruments.csv:%d: duplicate code %s", line, code)
		}
		seen[code] = true
		if !kinds[kind] {
			t.Errorf("instruments.csv:%d: kind %q", line, kind)
		}
		if r[2] == "" || r[3] == "" {
			t.Errorf("instruments.csv:%d: empty title or short title", line)
		}
		if !validDate(r[4]) {
			t.Errorf("instruments.csv:%d: adopted %q", line, r[4])
		}
		if kind == "recommendation" {
			if r[5] != "" || r[6] != "" {
				t.Errorf("instruments.csv:%d: a recommendation has no entry into force", line)
			}
		} else if !validDate(r[5]) || r[6] == "" {
			t.Errorf("instruments.csv:%d: entry into force %q, rule %q", line, r[5], r[6])
		}
		if r[9] != "" && !validDate(r[9]) {
			t.Errorf("instruments.csv:%d: complete_to %q", line, r[9])
		}
		if !https(r[8]) || !https(r[10]) {
			t.Errorf("instruments.csv:%d: text_url and source_url must be https", line)
		}
	}
	for _, c := range wantCodes {
		if !seen[c] {
			t.Errorf("instruments.csv lacks %s", c)
		}
	}
	if len(seen) != len(wantCodes) {
		t.Errorf("instruments.csv has %d instruments, want %d", len(seen), len(wantCodes))
	}
}

func TestRatifications(t *testing.T) {
	countries := alpha2(t)
	inst := map[string][]string{}
	for _, r := range readCSV(t, "instruments.csv", instrumentHeader) {
		inst[r[0]] = r
	}
	type key struct{ i, c, e, d string }
	seen := map[key]int{}
	for i, r := range readCSV(t, "ratifications.csv", ratificationHeader) {
		line := i + 2
		if _, ok := inst[r[0]]; !ok {
			t.Errorf("ratifications.csv:%d: unknown instrument %q", line, r[0])
		}
		if !countries[r[1]] {
			t.Errorf("ratifications.csv:%d: %q is not an ISO 3166-1 alpha-2 code in starter/countries.csv", line, r[1])
		}
		if !events[r[2]] {
			t.Errorf("ratifications.csv:%d: event %q", line, r[2])
		}
		if r[2] == "signature" && inst[r[0]] != nil && inst[r[0]][1] != "un-treaty" {
			t.Errorf("ratifications.csv:%d: signature of an ILO instrument", line)
		}
		if !validDate(r[3]) {
			t.Errorf("ratifications.csv:%d: date %q", line, r[3])
		}
		if !https(r[5]) {
			t.Errorf("ratifications.csv:%d: source_url %q is not https", line, r[5])
		}
		k := key{r[0], r[1], r[2], r[3]}
		if prev, dup := seen[k]; dup {
			t.Errorf("ratifications.csv:%d: duplicates line %d", line, prev)
		}
		seen[k] = line
	}
}

// partiesOn counts the states bound by an instrument on a date (full dates only
// here: every binding event of the instruments checked below has a day).
func partiesOn(t *testing.T, code, date string) int {
	t.Helper()
	bound := map[string]bool{}
	for _, r := range readCSV(t, "ratifications.csv", ratificationHeader) {
		if r[0] != code || r[3] > date {
			continue
		}
		switch {
		case binding[r[2]]:
			bound[r[1]] = true
		case r[2] == "denunciation-effective":
			delete(bound, r[1])
		}
	}
	return len(bound)
}

func TestCounts(t *testing.T) {
	complete := map[string]string{}
	for _, r := range readCSV(t, "instruments.csv", instrumentHeader) {
		complete[r[0]] = r[9]
	}
	for _, tc := range []struct {
		code string
		want int
	}{
		// The Swiss Federal Council's table of states parties to C189
		// ("Geltungsbereich am 5. Oktober 2020", read at
		// https://lexaris.io/book/version/documentflat/head/229609) lists 30 states.
		{"C189", 30},
		// The UN Treaty Collection table for chapter IV-13 as scraped into
		// zmjones/untreaties (treaties/4-13.csv, commit 003ce13, 2015-03-14)
		// has 47 participants with a date in its ratification/accession column.
		{"ICMW", 47},
	} {
		date := complete[tc.code]
		if date == "" {
			t.Errorf("%s has no complete_to date", tc.code)
			continue
		}
		if got := partiesOn(t, tc.code, date); got != tc.want {
			t.Errorf("%s parties on %s: %d, want %d", tc.code, date, got, tc.want)
		}
	}
}
