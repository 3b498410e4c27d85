package fulltext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold lower-cases s and removes its accents (NFD, drop the nonspacing
// marks, NFC), the rules of lmo's snippet fold and of FTS5's unicode61
// remove_diacritics, so that "Perú" and "Peru" are one word.
func Fold(s string) string {
	s = strings.ToLower(s)
	if isASCII(s) {
		return s
	}
	// A transform chain keeps state: each call makes its own.
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
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

// isSeparator reports whether r splits tokens: anything but a letter, a
// digit or a nonspacing mark, as lmo.Tokenize and FTS5's unicode61 split.
func isSeparator(r rune) bool {
	if r < utf8.RuneSelf {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
	}
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
}

// Tokenize folds s and splits it into its tokens, in order.
func Tokenize(s string) []string {
	return strings.FieldsFunc(Fold(s), isSeparator)
}
