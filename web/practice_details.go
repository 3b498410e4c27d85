package web

import (
	"html/template"
	"time"

	"github.com/lmo-observatory/lmo"
)

// practiceDetails is what the practice page shows of a practice's lessons
// learned, evaluations and contact, and the date its facts were last
// checked (the "practice-details" and "practice-checked" templates).
type practiceDetails struct {
	Lessons     template.HTML
	Evaluations []lmo.Source
	Contact     *lmo.Contact
	// Checked says when the facts were last checked ("Facts checked as of
	// March 2025"), or that this is not recorded; CheckedISO is the date
	// for the <time> element, "" when not recorded.
	Checked    string
	CheckedISO string
	// Stale is true when the facts were checked more than staleAfterYears
	// before today: the page says they may be out of date.
	Stale bool
}

// staleAfterYears is how long after their last check a practice's facts
// are said to be possibly out of date.
const staleAfterYears = 2

// newPracticeDetails builds the details of p as of now.
func newPracticeDetails(lang string, p *lmo.Practice, now time.Time) practiceDetails {
	d := practiceDetails{Lessons: renderMarkdown(p.Lessons), Evaluations: p.Evaluations, Contact: p.Contact,
		Checked: translate(lang, "practice.checked.none")}
	if day, ok := p.FactsCheckedDate(); ok {
		d.Checked = translate(lang, "practice.checked", monthYear(lang, day))
		d.CheckedISO = p.FactsChecked
		d.Stale = factsStale(day, now)
	}
	return d
}

// factsStale reports whether facts checked on day are more than
// staleAfterYears old at now (by calendar date).
func factsStale(day, now time.Time) bool {
	y, m, dd := now.Date()
	today := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
	return day.Before(today.AddDate(-staleAfterYears, 0, 0))
}
