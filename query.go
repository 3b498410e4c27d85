package lmo

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Query is a parsed full-text query: every clause must match (AND), and no
// excluded term may. The language is the one search engines taught everyone:
// words, "quoted phrases", -exclusion, OR between alternatives and a trailing
// * for a prefix.
type Query struct {
	Clauses  []Clause    // ANDed
	Excluded []QueryTerm // none of these may match
}

// Clause is a set of alternative terms, any of which may match.
type Clause []QueryTerm

// QueryTerm is a word or phrase as a sequence of lowercase tokens.
type QueryTerm struct {
	Tokens []string
	Prefix bool // the last token is a prefix (word*)
}

// Query limits, so that one request cannot ask for unbounded work.
const (
	MaxQueryLength = 500
	MaxQueryTerms  = 32
)

// IsEmpty reports whether q matches everything.
func (q Query) IsEmpty() bool { return len(q.Clauses) == 0 && len(q.Excluded) == 0 }

// ParseQuery parses the query language. It is lenient, as people type: an
// unclosed quote ends at the end of the input and punctuation separates
// tokens. It fails with EINVALID only when the query is too long.
func ParseQuery(s string) (Query, error) {
	var q Query
	if utf8.RuneCountInString(s) > MaxQueryLength {
		return q, Errorf(EINVALID, "The search text is longer than %d characters.", MaxQueryLength)
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	orPending := false
	terms := 0
	for _, tok := range lex(s) {
		if tok.or {
			orPending = len(q.Clauses) > 0
			continue
		}
		term, ok := makeTerm(tok.text, tok.phrase)
		if !ok || terms >= MaxQueryTerms {
			continue
		}
		terms++
		switch {
		case tok.negated:
			q.Excluded = append(q.Excluded, term)
			orPending = false
		case orPending:
			last := len(q.Clauses) - 1
			q.Clauses[last] = append(q.Clauses[last], term)
			orPending = false
		default:
			q.Clauses = append(q.Clauses, Clause{term})
		}
	}
	return q, nil
}

type lexeme struct {
	text    string
	phrase  bool
	negated bool
	or      bool
}

// lex splits s into words, quoted phrases and OR operators.
func lex(s string) []lexeme {
	var out []lexeme
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		neg := false
		if r == '-' && i+1 < len(s) && !isSpaceAt(s, i+1) {
			neg = true
			i++
			r, _ = utf8.DecodeRuneInString(s[i:])
		}
		if r == '"' {
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				end = len(s) - i - 1
			}
			out = append(out, lexeme{text: s[i+1 : i+1+end], phrase: true, negated: neg})
			i += end + 2
			continue
		}
		end := strings.IndexFunc(s[i:], func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
		if end < 0 {
			end = len(s) - i
		}
		word := s[i : i+end]
		i += end
		if !neg && strings.EqualFold(word, "or") {
			out = append(out, lexeme{or: true})
			continue
		}
		out = append(out, lexeme{text: word, negated: neg})
	}
	return out
}

func isSpaceAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r)
}

// makeTerm splits text into lowercase tokens of letters and digits, the way
// the full-text indexes tokenize. A word (not a phrase) that ends in * is a
// prefix term; a word that splits into several tokens ("e-mail") is a phrase.
func makeTerm(text string, phrase bool) (QueryTerm, bool) {
	tokens := Tokenize(text)
	if len(tokens) == 0 {
		return QueryTerm{}, false
	}
	prefix := !phrase && len(tokens) == 1 && strings.HasSuffix(text, "*")
	return QueryTerm{Tokens: tokens, Prefix: prefix}, true
}

// Tokenize lowercases s and splits it into runs of letters and digits.
func Tokenize(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	})
}

// String renders q back in the query language; ParseQuery(q.String()) gives
// q again, and the rendering is never longer than the text it was parsed
// from, so the canonical form of an accepted query is accepted again.
func (q Query) String() string {
	parts, excluded := q.Render(QueryTerm.String, " OR ")
	for _, t := range excluded {
		parts = append(parts, "-"+t)
	}
	return strings.Join(parts, " ")
}

// Render writes q in another syntax (a full-text engine's): each clause as
// its alternatives rendered by term and joined by or, and each excluded term
// rendered by term. The caller joins the clauses and exclusions as its
// syntax wants.
func (q Query) Render(term func(QueryTerm) string, or string) (clauses, excluded []string) {
	for _, c := range q.Clauses {
		alts := make([]string, len(c))
		for i, t := range c {
			alts[i] = term(t)
		}
		clauses = append(clauses, strings.Join(alts, or))
	}
	for _, t := range q.Excluded {
		excluded = append(excluded, term(t))
	}
	return clauses, excluded
}

// String renders a term: a bare word, word*, a quoted "or" (which would
// otherwise be the operator), or the tokens of a phrase joined by hyphens
// (wage-protection), which read back as the same phrase without the two
// characters quotes would add.
func (t QueryTerm) String() string {
	if len(t.Tokens) == 1 && isOperatorWord(t.Tokens[0]) {
		return `"` + t.Tokens[0] + `"`
	}
	s := strings.Join(t.Tokens, "-")
	if t.Prefix {
		s += "*"
	}
	return s
}

func isOperatorWord(s string) bool { return s == "or" }
