package textdiff

import "testing"

// FuzzWords checks the reconstruction identities on any pair of strings,
// valid UTF-8 or not, with the real limit and a tiny one.
func FuzzWords(f *testing.F) {
	f.Add("the quick fox", "the slow fox")
	f.Add("", "x")
	f.Add("a, b. c", "c b a")
	f.Add("Perú\xff", "Peru")
	f.Fuzz(func(t *testing.T, a, b string) {
		checkOps(t, a, b, Words(a, b))
		checkOps(t, a, b, wordsLimit(a, b, 2))
	})
}
