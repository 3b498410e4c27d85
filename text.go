package lmo

import (
	"fmt"
	"net/mail"
	"net/url"
	"strings"
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

// check returns what is wrong with a contact (none for nil), trimming its
// fields: a one-line name, a bare email address, a web address.
func (c *Contact) check() []string {
	if c == nil {
		return nil
	}
	c.Name, c.Email, c.URL = strings.TrimSpace(c.Name), strings.TrimSpace(c.Email), strings.TrimSpace(c.URL)
	var problems []string
	if problem := checkText(textField{"contact name", c.Name, MaxName, false}); problem != "" {
		problems = append(problems, problem)
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
