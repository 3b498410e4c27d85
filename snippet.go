package lmo

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Snippet returns a short extract of text around the first word that the
// query's terms match, with every matching word between HighlightStart and
// HighlightEnd, or "" when no word matches. Words are compared as the
// full-text indexes compare them: case and accents folded, a prefix term
// matching any word it begins. Excluded terms never match.
func (q Query) Snippet(text string, maxWords int) string {
	exact, prefixes := map[string]bool{}, []string{}
	for _, c := range q.Clauses {
		for _, t := range c {
			for i, tok := range t.Tokens {
				if t.Prefix && i == len(t.Tokens)-1 {
					prefixes = append(prefixes, Fold(tok))
				} else {
					exact[Fold(tok)] = true
				}
			}
		}
	}
	words := wordSpans(text)
	matches := make([]bool, len(words))
	first := -1
	for i, w := range words {
		f := Fold(text[w[0]:w[1]])
		matches[i] = exact[f]
		for _, p := range prefixes {
			matches[i] = matches[i] || strings.HasPrefix(f, p)
		}
		if matches[i] && first < 0 {
			first = i
		}
	}
	if first < 0 {
		return ""
	}
	// A little context before the match; near the end, as much as fits.
	start := max(0, min(first-maxWords/4, len(words)-maxWords))
	end := min(len(words), start+maxWords)
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	pos := words[start][0]
	for i := start; i < end; i++ {
		w := words[i]
		b.WriteString(noMarks.Replace(text[pos:w[0]]))
		if matches[i] {
			b.WriteString(HighlightStart + text[w[0]:w[1]] + HighlightEnd)
		} else {
			b.WriteString(text[w[0]:w[1]])
		}
		pos = w[1]
	}
	if end < len(words) {
		b.WriteString("…")
	} else {
		b.WriteString(noMarks.Replace(text[pos:]))
	}
	return b.String()
}

// noMarks drops the highlight markers from source text, so that only the
// snippet's own marks reach the page.
var noMarks = strings.NewReplacer(HighlightStart, "", HighlightEnd, "")

// SnippetWords is how many words a search snippet shows.
const SnippetWords = 30

// HitSnippet returns the snippet of a practice for q: from its summary, else
// its description, else "" (the page then shows the summary).
func (q Query) HitSnippet(p *Practice) string {
	if s := q.Snippet(p.Summary, SnippetWords); s != "" {
		return s
	}
	return q.Snippet(p.Description, SnippetWords)
}

// wordSpans returns the byte spans of the runs of letters, digits and
// combining marks of s: the words that Tokenize finds.
func wordSpans(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		in := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// Fold lowercases s and removes its accents, as remove_diacritics and
// unaccent do: the one folding of the observatory's text, for snippets,
// country names and the in-memory full-text index.
func Fold(s string) string {
	s = strings.ToLower(s)
	if isASCII(s) {
		return s
	}
	// Remove accents: decompose, drop the combining marks. A chain keeps
	// state, so each call makes its own: one shared by the requests of a
	// server would be a data race.
	foldAccents := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(foldAccents, s)
	if err != nil {
		return s
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
