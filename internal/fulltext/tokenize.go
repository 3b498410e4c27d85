package fulltext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lmo-observatory/lmo"
)

// Fold is lmo.Fold: lower case, accents removed (NFD, drop the nonspacing
// marks, NFC), the rules of FTS5's unicode61 remove_diacritics, so that
// "Perú" and "Peru" are one word.
func Fold(s string) string { return lmo.Fold(s) }

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
