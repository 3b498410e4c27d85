package lmo_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/lmo-observatory/lmo"
)

func TestParseQuery(t *testing.T) {
	word := func(s string) lmo.QueryTerm { return lmo.QueryTerm{Tokens: []string{s}} }
	tests := []struct {
		in   string
		want lmo.Query
	}{
		{"", lmo.Query{}},
		{"  ", lmo.Query{}},
		{"Domestic workers", lmo.Query{Clauses: []lmo.Clause{{word("domestic")}, {word("workers")}}}},
		{`"wage protection" Qatar`, lmo.Query{Clauses: []lmo.Clause{
			{{Tokens: []string{"wage", "protection"}}}, {word("qatar")}}}},
		{`seasonal -Canada`, lmo.Query{Clauses: []lmo.Clause{{word("seasonal")}}, Excluded: []lmo.QueryTerm{word("canada")}}},
		{`-"fee free"`, lmo.Query{Excluded: []lmo.QueryTerm{{Tokens: []string{"fee", "free"}}}}},
		{`pension OR portability`, lmo.Query{Clauses: []lmo.Clause{{word("pension"), word("portability")}}}},
		{`OR pension or`, lmo.Query{Clauses: []lmo.Clause{{word("pension")}}}},
		{`migra*`, lmo.Query{Clauses: []lmo.Clause{{{Tokens: []string{"migra"}, Prefix: true}}}}},
		{`e-mail`, lmo.Query{Clauses: []lmo.Clause{{{Tokens: []string{"e", "mail"}}}}}},
		{`"unclosed phrase`, lmo.Query{Clauses: []lmo.Clause{{{Tokens: []string{"unclosed", "phrase"}}}}}},
		{`Perú`, lmo.Query{Clauses: []lmo.Clause{{word("perú")}}}},
		{`- lone dash`, lmo.Query{Clauses: []lmo.Clause{{word("lone")}, {word("dash")}}}},
		{`"" ***`, lmo.Query{}},
	}
	for _, tt := range tests {
		got, err := lmo.ParseQuery(tt.in)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", tt.in, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseQuery(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseQueryTooLong(t *testing.T) {
	accented := strings.Repeat("é", lmo.MaxQueryLength) // 1,000 bytes, 500 characters
	if _, err := lmo.ParseQuery(accented); err != nil {
		t.Errorf("a query of %d characters: %v", lmo.MaxQueryLength, err)
	}
	_, err := lmo.ParseQuery(accented + "a")
	if lmo.ErrorCode(err) != lmo.EINVALID {
		t.Fatalf("got %v, want EINVALID", err)
	}
}

// FuzzParseQuery checks that the parser never panics, bounds its output, and
// that rendering a query and parsing it again gives the same query.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{`domestic workers`, `"wage protection" -Qatar`, `a OR b`, `migra*`, `-"x`, `é"ü-`, "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := lmo.ParseQuery(s)
		if err != nil {
			if utf8.RuneCountInString(s) <= lmo.MaxQueryLength {
				t.Fatalf("ParseQuery(%q) failed: %v", s, err)
			}
			return
		}
		n := len(q.Excluded)
		for _, c := range q.Clauses {
			n += len(c)
			if len(c) == 0 {
				t.Fatalf("empty clause from %q", s)
			}
		}
		if n > lmo.MaxQueryTerms {
			t.Fatalf("%d terms from %q", n, s)
		}
		again, err := lmo.ParseQuery(q.String())
		if err != nil {
			t.Fatalf("reparse of %q: %v", q.String(), err)
		}
		if diff := cmp.Diff(q, again); diff != "" {
			t.Fatalf("round trip of %q via %q (-first +second):\n%s", s, q.String(), diff)
		}
	})
}
