package textdiff

import (
	"unicode"
	"unicode/utf8"
)

// tokenize splits s into words and the runs of separators between them;
// the tokens concatenate to s.
func tokenize(s string) []string {
	toks := make([]string, 0, len(s)/5+1)
	start, inWord := 0, false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		w := isWordRune(r, size)
		if i > start && w != inWord {
			toks = append(toks, s[start:i])
			start = i
		}
		inWord = w
		i += size
	}
	if start < len(s) {
		toks = append(toks, s[start:])
	}
	return toks
}

// isWordRune reports whether r, decoded from size bytes, belongs to a word:
// a letter, digit or mark. An invalid byte is a separator.
func isWordRune(r rune, size int) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	if r == utf8.RuneError && size == 1 {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// hasWord reports whether s holds any word rune.
func hasWord(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if isWordRune(r, size) {
			return true
		}
		i += size
	}
	return false
}
