package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lmo-observatory/lmo"
)

// The edge: what every route checks of its URL before its handler runs
// (handle calls checkRequest), so that no handler, store or database ever
// sees a path or query value that no record could hold. A path segment, a
// path wildcard's value, and every query parameter's name and value must be
// valid UTF-8 without NUL or another control character (tabs and line
// breaks included), and not over-long; the query string must parse. Anything
// else is 400 (a problem document under /api/, the error page elsewhere),
// for path values as for query values: a request that breaks these rules is
// malformed, not a search for something absent. Handlers may then trust
// that a value is text that both databases can compare.

// Edge limits, in bytes of UTF-8.
const (
	// maxPathValue bounds a path segment and a wildcard's value: slugs are
	// at most 120 characters, codes and ids far shorter.
	maxPathValue = 256
	// maxQueryValue bounds one query value: a q of lmo.MaxQueryLength
	// characters of up to four bytes each, or a facet's comma-separated
	// values, fit.
	maxQueryValue = 4096
)

// A q that the list parser accepts must pass the edge: a compile-time check
// that maxQueryValue holds lmo.MaxQueryLength characters of any width.
const _ = uint(maxQueryValue - utf8.UTFMax*lmo.MaxQueryLength)

// checkRequest returns an EINVALID error naming what is wrong with r's
// path, the values of the route's wildcards or its query, or nil.
func checkRequest(r *http.Request, wildcards []string) error {
	for seg := range strings.SplitSeq(r.URL.Path, "/") {
		if err := checkValue("A part of the address", seg, maxPathValue); err != nil {
			return err
		}
	}
	for _, name := range wildcards {
		if err := checkValue("A part of the address", r.PathValue(name), maxPathValue); err != nil {
			return err
		}
	}
	return checkQuery(r.URL.RawQuery)
}

// checkQuery checks a raw query string: it must parse, and every name and
// value must pass checkValue.
func checkQuery(raw string) error {
	if raw == "" {
		return nil
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return lmo.Errorf(lmo.EINVALID, "The query string is malformed (%v).", err)
	}
	for name, values := range q {
		if err := checkValue("A query parameter's name", name, maxPathValue); err != nil {
			return err
		}
		for _, v := range values {
			if err := checkValue(fmt.Sprintf("The query parameter %q", name), v, maxQueryValue); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkValue returns an EINVALID error when v is not UTF-8, holds a
// control character or is longer than max bytes; what names v in the
// message.
func checkValue(what, v string, max int) error {
	if len(v) > max {
		return lmo.Errorf(lmo.EINVALID, "%s is too long: %d bytes, more than the %d allowed.", what, len(v), max)
	}
	if !utf8.ValidString(v) {
		return lmo.Errorf(lmo.EINVALID, "%s is not valid UTF-8 text.", what)
	}
	for _, c := range v {
		if unicode.IsControl(c) {
			return lmo.Errorf(lmo.EINVALID, "%s holds the control character U+%04X.", what, c)
		}
	}
	return nil
}

// patternWildcards returns the names of the wildcards of a ServeMux
// pattern ("GET /practices/{slug}/cite.bib" gives "slug"), leaving out
// {$}.
func patternWildcards(pattern string) []string {
	var names []string
	for rest := pattern; ; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			return names
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return names
		}
		if name := strings.TrimSuffix(rest[i+1:i+j], "..."); name != "$" {
			names = append(names, name)
		}
		rest = rest[i+j+1:]
	}
}
