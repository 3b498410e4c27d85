package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/sqlite"
)

// withDetails sets the lessons, evaluations, contact organisation and
// facts_checked date of the published practice slug and returns it.
func withDetails(t *testing.T, db *sqlite.DB, slug, checked string) *lmo.Practice {
	t.Helper()
	ctx := lmo.NewContextWithUser(context.Background(), lmo.SystemUser)
	p, err := db.FindPracticeBySlug(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	p.Lessons = "Inspectors *need* interpreters."
	p.Evaluations = []lmo.Source{{Title: "Mid-term evaluation", Publisher: "Evaluation Office", URL: "https://example.org/evaluation", Year: 2022}}
	p.Contact = &lmo.Contact{Name: "Welfare desk", Organisation: "Ministry of Labour"}
	p.FactsChecked = checked
	if err := db.UpdatePractice(ctx, p, "details"); err != nil {
		t.Fatal(err)
	}
	return p
}

// withoutDate clears the facts_checked date of the published practice
// slug (every starter practice has one).
func withoutDate(t *testing.T, db *sqlite.DB, slug string) {
	t.Helper()
	ctx := lmo.NewContextWithUser(context.Background(), lmo.SystemUser)
	p, err := db.FindPracticeBySlug(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	p.FactsChecked = ""
	if err := db.UpdatePractice(ctx, p, "no date"); err != nil {
		t.Fatal(err)
	}
}

// somePractices returns the slugs of the first n published practices by title.
func somePractices(t *testing.T, db *sqlite.DB, n int) []string {
	t.Helper()
	res, err := db.SearchPractices(context.Background(), lmo.PracticeFilter{Sort: lmo.SortTitle, Limit: n, NoFacets: true})
	if err != nil || len(res.Hits) < n {
		t.Fatalf("practices: %v, %v", res, err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Slug)
	}
	return out
}

// TestPracticePageDetails: the page shows lessons learned, evaluations
// (linked), the contact's organisation, and when the facts were checked,
// with a note when that is over two years ago; a practice without a date
// says it is not recorded.
func TestPracticePageDetails(t *testing.T) {
	ts, db := newTestServer(t)
	slugs := somePractices(t, db, 3)
	withDetails(t, db, slugs[0], "2000-05-01")
	today := time.Now()
	withDetails(t, db, slugs[1], today.Format(time.DateOnly))
	withoutDate(t, db, slugs[2])

	_, old := get(t, ts, "/practices/"+slugs[0])
	for _, want := range []string{
		`<h2 id="lessons-h">Lessons learned</h2>`, "Inspectors <em>need</em> interpreters.",
		`<h2 id="evaluations-h">Evaluations</h2>`, `<a href="https://example.org/evaluation" rel="nofollow">Mid-term evaluation</a>. Evaluation Office, 2022.`,
		`<h2 id="contact-h">Contact</h2>`, "Ministry of Labour",
		`<time datetime="2000-05-01">Facts checked as of May 2000</time>`,
		`<p class="stale" role="note">These facts were last checked over two years ago; they may be out of date.</p>`,
	} {
		if !strings.Contains(old, want) {
			t.Errorf("page of %s lacks %q", slugs[0], want)
		}
	}

	_, recent := get(t, ts, "/practices/"+slugs[1])
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	// The page may have been rendered just after midnight: either day's month will do.
	found := false
	for _, d := range []time.Time{today, time.Now()} {
		found = found || strings.Contains(recent, fmt.Sprintf("Facts checked as of %s %d</time>", months[d.Month()-1], d.Year()))
	}
	if !found || strings.Contains(recent, `class="stale"`) {
		t.Errorf("page of %s checked today: found the line %v, note shown %v", slugs[1], found, strings.Contains(recent, `class="stale"`))
	}

	_, none := get(t, ts, "/practices/"+slugs[2])
	if !strings.Contains(none, "Date the facts were last checked: not recorded") || strings.Contains(none, `class="stale"`) ||
		strings.Contains(none, `id="lessons-h"`) || strings.Contains(none, `id="evaluations-h"`) {
		t.Errorf("page of %s without details or date: %.300s", slugs[2], none)
	}
	for _, page := range []string{old, recent, none} {
		if strings.Contains(page, "??") {
			t.Errorf("a message key is missing: %s", page[strings.Index(page, "??"):][:40])
		}
	}
}

// TestAPIAndExportsDetails: the API (checked against the OpenAPI document)
// and the CSV, JSON and XLSX exports carry the new fields, the date as a
// date cell in XLSX; sort=facts_checked lists the oldest check first and
// those without a date before them.
func TestAPIAndExportsDetails(t *testing.T) {
	ts, db := newTestServer(t)
	slugs := somePractices(t, db, 3)
	p := withDetails(t, db, slugs[0], "2000-05-01")
	withDetails(t, db, slugs[1], "1999-12-31")
	withoutDate(t, db, slugs[2]) // the others were checked in 2026 (the starter set)

	_, v := openAPIDoc(t, ts)
	req, resp, body := fetch(t, ts, fmt.Sprintf("/api/v1/practices/%d", p.ID))
	validateResponse(t, v, req, resp, body)
	var got map[string]any
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	contact, _ := got["contact"].(map[string]any)
	if got["facts_checked"] != "2000-05-01" || got["lessons"] != p.Lessons || contact["organisation"] != "Ministry of Labour" ||
		fmt.Sprint(got["evaluations"]) != "[map[publisher:Evaluation Office title:Mid-term evaluation url:https://example.org/evaluation year:2022]]" {
		t.Errorf("API practice: %s", body)
	}
	req, resp, body = fetch(t, ts, "/api/v1/practices?sort=facts_checked&per_page=100")
	validateResponse(t, v, req, resp, body)
	var list struct {
		Total int
		Items []struct {
			Slug         string
			FactsChecked *string `json:"facts_checked"`
		}
	}
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatal(err)
	}
	if list.Items[0].FactsChecked != nil {
		t.Errorf("sort=facts_checked: the first item has a date, %s", *list.Items[0].FactsChecked)
	}

	// The whole list, in the JSON export: the practice without a date
	// first, then the two checked longest ago, the older first.
	_, all := get(t, ts, "/practices.json?sort=facts_checked")
	var doc struct {
		Items []struct {
			Slug string
		}
	}
	if err := json.Unmarshal([]byte(all), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Items) < 4 || doc.Items[0].Slug != slugs[2] || doc.Items[1].Slug != slugs[1] || doc.Items[2].Slug != slugs[0] {
		t.Errorf("sort=facts_checked begins with %v, want [%s %s %s]", doc.Items[:min(3, len(doc.Items))], slugs[2], slugs[1], slugs[0])
	}
	if !strings.Contains(all, `"facts_checked":"2000-05-01"`) || !strings.Contains(all, `"facts_checked":null`) {
		t.Error("the JSON export lacks facts_checked")
	}

	_, csvBody := get(t, ts, "/practices.csv?sort=facts_checked")
	lines := strings.Split(strings.TrimSuffix(csvBody, "\r\n"), "\r\n")
	if !strings.HasSuffix(lines[0], ",results,lessons,evaluations,contact_organisation,facts_checked") ||
		!strings.HasSuffix(lines[3], ",Inspectors *need* interpreters.,"+
			"\"Mid-term evaluation, Evaluation Office, 2022 <https://example.org/evaluation>\",Ministry of Labour,2000-05-01") {
		t.Errorf("CSV header %q, third row %q", lines[0], lines[3])
	}

	resp, xlsxBody := get(t, ts, "/practices.xlsx?sort=facts_checked")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("xlsx: %d", resp.StatusCode)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(xlsxBody)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Practices")
	col := len(rows[0])                               // facts_checked is the last column
	cell, _ := excelize.CoordinatesToCellName(col, 4) // header, no date, 1999, 2000
	shown, _ := f.GetCellValue("Practices", cell)
	raw, _ := f.GetCellValue("Practices", cell, excelize.Options{RawCellValue: true})
	if serial, err := strconv.ParseFloat(raw, 64); shown != "2000-05-01" || err != nil || serial != 36647 {
		t.Errorf("XLSX %s shows %q, holds %q: want the date 2000-05-01 as a date cell (serial 36647)", cell, shown, raw)
	}
	if first, _ := excelize.CoordinatesToCellName(col, 2); func() string { v, _ := f.GetCellValue("Practices", first); return v }() != "" {
		t.Errorf("XLSX: a practice without a date has a facts_checked cell")
	}

	_, page := get(t, ts, "/practices?sort=facts_checked")
	if !strings.Contains(page, html.EscapeString("Facts checked longest ago")) {
		t.Error("the search page does not offer the facts_checked order")
	}
}
