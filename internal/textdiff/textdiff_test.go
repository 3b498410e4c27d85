package textdiff

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// checkOps fails t unless ops rebuild a and b, have no empty text and no
// two adjacent ops of one kind.
func checkOps(t *testing.T, a, b string, ops []Op) {
	t.Helper()
	var oldText, newText strings.Builder
	for i, op := range ops {
		if op.Text == "" {
			t.Fatalf("Words(%q, %q): op %d has empty text: %v", a, b, i, ops)
		}
		if i > 0 && ops[i-1].Kind == op.Kind {
			t.Fatalf("Words(%q, %q): ops %d and %d both %v: %v", a, b, i-1, i, op.Kind, ops)
		}
		if op.Kind != Insert {
			oldText.WriteString(op.Text)
		}
		if op.Kind != Delete {
			newText.WriteString(op.Text)
		}
	}
	if oldText.String() != a {
		t.Fatalf("Words(%q, %q): equal+delete gives %q", a, b, oldText.String())
	}
	if newText.String() != b {
		t.Fatalf("Words(%q, %q): equal+insert gives %q", a, b, newText.String())
	}
}

func TestWordsExamples(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want []Op
	}{
		{"", "", nil},
		{"same text", "same text", []Op{{Equal, "same text"}}},
		{"", "new", []Op{{Insert, "new"}}},
		{"old", "", []Op{{Delete, "old"}}},
		{"the quick fox", "the slow fox", []Op{{Equal, "the "}, {Delete, "quick"}, {Insert, "slow"}, {Equal, " fox"}}},
		{"a b", "a, b", []Op{{Equal, "a"}, {Delete, " "}, {Insert, ", "}, {Equal, "b"}}},
		// A rewritten phrase is one change, not word, space, word.
		{"one red apple here", "one green pear here",
			[]Op{{Equal, "one "}, {Delete, "red apple"}, {Insert, "green pear"}, {Equal, " here"}}},
		{"Perú and Chile", "Peru and Chile", []Op{{Delete, "Perú"}, {Insert, "Peru"}, {Equal, " and Chile"}}},
		{"keep\xffthis", "keep this", []Op{{Equal, "keep"}, {Delete, "\xff"}, {Insert, " "}, {Equal, "this"}}},
	} {
		got := Words(tc.a, tc.b)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Words(%q, %q) (-want +got):\n%s", tc.a, tc.b, diff)
		}
		checkOps(t, tc.a, tc.b, got)
	}
}

func TestTokenize(t *testing.T) {
	got := tokenize("Hello, wörld!  x1 \xff")
	want := []string{"Hello", ", ", "wörld", "!  ", "x1", " \xff"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tokenize (-want +got):\n%s", diff)
	}
}

// randomText builds a text of up to n tokens from a small vocabulary, so
// that random pairs share many tokens.
func randomText(r *rand.Rand, n int) string {
	words := []string{"a", "b", "c", "migrant", "workers", "ü", "1"}
	seps := []string{" ", ", ", ". ", "\n", " - "}
	var sb strings.Builder
	for range r.IntN(n + 1) {
		if r.IntN(2) == 0 {
			sb.WriteString(words[r.IntN(len(words))])
		} else {
			sb.WriteString(seps[r.IntN(len(seps))])
		}
	}
	return sb.String()
}

// lcs is the length of a longest common subsequence, by dynamic
// programming: the oracle for the number of edits.
func lcs(a, b []int32) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			default:
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// TestWordsProperties checks the reconstruction identities on random
// pairs, and that the diff is minimal: its inserted and deleted tokens
// number len(a)+len(b)-2·LCS.
func TestWordsProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		a := randomText(r, 40)
		b := randomText(r, 40)
		if i%3 == 0 { // an edit of a, as revisions mostly are
			b = a[:len(a)/3] + randomText(r, 6) + a[len(a)/2:]
		}
		checkOps(t, a, b, Words(a, b))
		checkOps(t, a, b, wordsLimit(a, b, 2))

		ta, tb := tokenize(a), tokenize(b)
		ia, ib := intern(ta, tb)
		d := &differ{a: ia, b: ib, limit: 1 << 30}
		d.diff()
		edits := 0
		for _, s := range d.steps {
			if s.kind != Equal {
				edits += s.n
			}
		}
		if want := len(ia) + len(ib) - 2*lcs(ia, ib); edits != want {
			t.Fatalf("Words(%q, %q): %d token edits, want %d: %v", a, b, edits, want, d.steps)
		}
	}
}

// TestWordsLimit checks the fallback: beyond the edit limit, the middle
// between the common prefix and suffix is one Delete and one Insert.
func TestWordsLimit(t *testing.T) {
	a := "start " + strings.Repeat("x y ", 50) + "end"
	b := "start " + strings.Repeat("p q r ", 50) + "end"
	want := []Op{
		{Equal, "start "},
		{Delete, strings.TrimSuffix(strings.Repeat("x y ", 50), " ")},
		{Insert, strings.TrimSuffix(strings.Repeat("p q r ", 50), " ")},
		{Equal, " end"},
	}
	if diff := cmp.Diff(want, wordsLimit(a, b, 10)); diff != "" {
		t.Errorf("wordsLimit(10) (-want +got):\n%s", diff)
	}
}

// TestWordsLarge diffs two unrelated 100 KB texts, which go past MaxEdits,
// and an edit in the middle of one, which does not.
func TestWordsLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	a := largeText(r, 100_000)
	b := largeText(r, 100_000)
	checkOps(t, a, b, Words(a, b))
	edited := a[:50_000] + " inserted words here " + a[50_010:]
	ops := Words(a, edited)
	checkOps(t, a, edited, ops)
	if len(ops) > 5 {
		t.Errorf("one edit in 100 KB gave %d ops, want at most 5", len(ops))
	}
}

// largeText is about size bytes of words from a vocabulary of 2,000.
func largeText(r *rand.Rand, size int) string {
	var sb strings.Builder
	for sb.Len() < size {
		sb.WriteString("w")
		sb.WriteString(strings.Repeat("z", r.IntN(3)))
		sb.WriteByte(byte('a' + r.IntN(26)))
		sb.WriteByte(byte('a' + r.IntN(26)))
		sb.WriteString(" ")
	}
	return sb.String()
}
