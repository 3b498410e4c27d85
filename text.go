package lmo

import (
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// textField is one text field of a record as validation sees it: its name in
// messages, its value, its longest length in characters, and whether it may
// run over several lines.
type textField struct {
	name      string
	value     string
	max       int
	multiline bool
}

// checkText returns what is wrong with a text field, or "": text that is
// not UTF-8, or holds NUL or another control character (PostgreSQL cannot
// store NUL, SQLite can, so both refuse it here, before either sees it);
// line breaks and tabs are allowed only in multi-line fields; and text
// longer than the field's limit, which would make every page, feed and
// download that shows it as long.
func checkText(f textField) string {
	if !utf8.ValidString(f.value) {
		return fmt.Sprintf("%s is not valid UTF-8 text", f.name)
	}
	for i, r := range f.value {
		if r == '\t' || r == '\n' || r == '\r' {
			if f.multiline {
				continue
			}
			return fmt.Sprintf("%s must be one line (a line break or tab at character %d)", f.name, utf8.RuneCountInString(f.value[:i])+1)
		}
		if unicode.IsControl(r) {
			return fmt.Sprintf("%s holds the control character U+%04X at character %d", f.name, r, utf8.RuneCountInString(f.value[:i])+1)
		}
	}
	if n := utf8.RuneCountInString(f.value); n > f.max {
		return fmt.Sprintf("%s is %d characters long, more than the %d allowed", f.name, n, f.max)
	}
	return ""
}

// checkURL returns what is wrong with a web address, or "": it must be an
// absolute http:// or https:// URL with a host (no javascript:, no
// relative paths), of at most MaxURL characters. An empty one is fine.
func checkURL(field, s string) string {
	if s == "" {
		return ""
	}
	if problem := checkText(textField{field, s, MaxURL, false}); problem != "" {
		return problem
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Sprintf("%s must be an http:// or https:// address, not %q", field, s)
	}
	return ""
}

// MaxEvaluations is the most evaluations a practice lists.
const MaxEvaluations = 50

// checkEvaluations returns what is wrong with a practice's evaluations:
// each is cited like a source, with a title and, if given, a web address
// and a plausible year; there are at most MaxEvaluations.
func checkEvaluations(evals []Source) []string {
	var problems []string
	if len(evals) > MaxEvaluations {
		problems = append(problems, fmt.Sprintf("evaluations: %d listed, more than the %d allowed", len(evals), MaxEvaluations))
	}
	for i, e := range evals {
		n := fmt.Sprintf("evaluation %d", i+1)
		if strings.TrimSpace(e.Title) == "" {
			problems = append(problems, n+" has no title")
		}
		if problem := checkURL(n+": URL", e.URL); problem != "" {
			problems = append(problems, problem)
		}
		if e.Year != 0 && (e.Year < 1900 || e.Year > 2100) {
			problems = append(problems, fmt.Sprintf("%s: year %d is out of range", n, e.Year))
		}
	}
	return problems
}

// FactsCheckedLayout is how the date a practice's facts were checked is
// written: a calendar date, YYYY-MM-DD.
const FactsCheckedLayout = time.DateOnly

// firstFactsChecked is the earliest date a practice's facts may have been
// checked: no record here was kept before 1990.
var firstFactsChecked = time.Date(1990, time.January, 1, 0, 0, 0, 0, time.UTC)

// checkFactsChecked returns what is wrong with the date a practice's facts
// were last checked, or "" (also for none): a real calendar date written
// YYYY-MM-DD, not before 1990 and not after today. Today is taken where the
// day begins first (UTC+14), so that an editor anywhere may enter today's
// date.
func checkFactsChecked(s string, now time.Time) string {
	if s == "" {
		return ""
	}
	d, err := time.Parse(FactsCheckedLayout, s)
	if err != nil {
		return fmt.Sprintf("facts_checked %q is not a date written YYYY-MM-DD", s)
	}
	if d.Before(firstFactsChecked) {
		return fmt.Sprintf("facts_checked %s is before 1990", s)
	}
	today := now.UTC().Add(14 * time.Hour).Format(FactsCheckedLayout)
	if s > today {
		return fmt.Sprintf("facts_checked %s is in the future", s)
	}
	return ""
}

// FactsCheckedDate returns the day the practice's facts were last checked,
// and false when that is not recorded (or not a date).
func (p *Practice) FactsCheckedDate() (time.Time, bool) {
	if p.FactsChecked == "" {
		return time.Time{}, false
	}
	d, err := time.Parse(FactsCheckedLayout, p.FactsChecked)
	return d, err == nil
}

// check returns what is wrong with a contact (none for nil), trimming its
// fields: a one-line name, a bare email address, a web address.
func (c *Contact) check() []string {
	if c == nil {
		return nil
	}
	c.Name, c.Email, c.URL = strings.TrimSpace(c.Name), strings.TrimSpace(c.Email), strings.TrimSpace(c.URL)
	c.Organisation = strings.TrimSpace(c.Organisation)
	var problems []string
	for _, f := range []textField{{"contact name", c.Name, MaxName, false}, {"contact organisation", c.Organisation, MaxName, false}} {
		if problem := checkText(f); problem != "" {
			problems = append(problems, problem)
		}
	}
	if c.Email != "" {
		if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email || len(c.Email) > MaxName {
			problems = append(problems, fmt.Sprintf("contact email %q is not an email address (name@example.org)", c.Email))
		}
	}
	if problem := checkURL("contact url", c.URL); problem != "" {
		problems = append(problems, problem)
	}
	return problems
}
