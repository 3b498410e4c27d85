package lmo

import (
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
	name      Phrase
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
func checkText(f textField) string { return textProblem(f).Message }

// textProblem is checkText's problem, without a field: the zero
// FieldProblem when there is none.
func textProblem(f textField) FieldProblem {
	if !utf8.ValidString(f.value) {
		return problem("", "problem.text.utf8", "%s is not valid UTF-8 text", f.name)
	}
	for i, r := range f.value {
		if r == '\t' || r == '\n' || r == '\r' {
			if f.multiline {
				continue
			}
			return problem("", "problem.text.one_line", "%s must be one line (a line break or tab at character %d)", f.name, utf8.RuneCountInString(f.value[:i])+1)
		}
		if unicode.IsControl(r) {
			return problem("", "problem.text.control", "%s holds the control character U+%04X at character %d", f.name, r, utf8.RuneCountInString(f.value[:i])+1)
		}
	}
	if n := utf8.RuneCountInString(f.value); n > f.max {
		return problem("", "problem.text.too_long", "%s is %d characters long, more than the %d allowed", f.name, n, f.max)
	}
	return FieldProblem{}
}

// checkURL returns what is wrong with a web address, or "": it must be an
// absolute http:// or https:// URL with a host (no javascript:, no
// relative paths), of at most MaxURL characters. An empty one is fine.
func checkURL(field, s string) string { return urlProblem(words(field), s).Message }

// urlProblem is checkURL's problem with the address of field, without a
// field: the zero FieldProblem when there is none.
func urlProblem(field Phrase, s string) FieldProblem {
	if s == "" {
		return FieldProblem{}
	}
	if p := textProblem(textField{field, s, MaxURL, false}); p.Message != "" {
		return p
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return problem("", "problem.text.url", "%s must be an http:// or https:// address, not %q", field, s)
	}
	return FieldProblem{}
}

// MaxEvaluations is the most evaluations a practice lists.
const MaxEvaluations = 50

// checkEvaluations returns what is wrong with a practice's evaluations:
// each is cited like a source, with a title and, if given, a web address
// and a plausible year; there are at most MaxEvaluations.
func checkEvaluations(evals []Source) []FieldProblem {
	var problems []FieldProblem
	if len(evals) > MaxEvaluations {
		problems = append(problems, problem("", "problem.practice.evaluations.too_many", "evaluations: %d listed, more than the %d allowed", len(evals), MaxEvaluations))
	}
	for i, e := range evals {
		if strings.TrimSpace(e.Title) == "" {
			problems = append(problems, problem("", "problem.practice.evaluation.title", "evaluation %d has no title", i+1))
		}
		if p := urlProblem(phrase("problem.field.evaluation.url", "evaluation %d: URL", i+1), e.URL); p.Message != "" {
			problems = append(problems, p)
		}
		if e.Year != 0 && (e.Year < 1900 || e.Year > 2100) {
			problems = append(problems, problem("", "problem.practice.evaluation.year", "evaluation %d: year %d is out of range", i+1, e.Year))
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
// were last checked, without a field, or the zero FieldProblem (also for
// none): a real calendar date written
// YYYY-MM-DD, not before 1990 and not after today. Today is taken where the
// day begins first (UTC+14), so that an editor anywhere may enter today's
// date.
func checkFactsChecked(s string, now time.Time) FieldProblem {
	if s == "" {
		return FieldProblem{}
	}
	d, err := time.Parse(FactsCheckedLayout, s)
	if err != nil {
		return problem("", "problem.practice.facts_checked.format", "facts_checked %q is not a date written YYYY-MM-DD", s)
	}
	if d.Before(firstFactsChecked) {
		return problem("", "problem.practice.facts_checked.early", "facts_checked %s is before 1990", s)
	}
	today := now.UTC().Add(14 * time.Hour).Format(FactsCheckedLayout)
	if s > today {
		return problem("", "problem.practice.facts_checked.future", "facts_checked %s is in the future", s)
	}
	return FieldProblem{}
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
func (c *Contact) check() []FieldProblem {
	if c == nil {
		return nil
	}
	c.Name, c.Email, c.URL = strings.TrimSpace(c.Name), strings.TrimSpace(c.Email), strings.TrimSpace(c.URL)
	c.Organisation = strings.TrimSpace(c.Organisation)
	var problems []FieldProblem
	for _, f := range []textField{
		{phrase("problem.field.contact.name", "contact name"), c.Name, MaxName, false},
		{phrase("problem.field.contact.organisation", "contact organisation"), c.Organisation, MaxName, false},
	} {
		if p := textProblem(f); p.Message != "" {
			problems = append(problems, p)
		}
	}
	if c.Email != "" {
		if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email || len(c.Email) > MaxName {
			problems = append(problems, problem("", "problem.practice.contact.email", "contact email %q is not an email address (name@example.org)", c.Email))
		}
	}
	if p := urlProblem(phrase("problem.field.contact.url", "contact url"), c.URL); p.Message != "" {
		problems = append(problems, p)
	}
	return problems
}
