package sqlstore

import (
	"slices"
	"strings"
	"testing"
)

func TestCompareSumsNamesTable(t *testing.T) {
	a := []TableSum{{"regions", 2, strings.Repeat("a", 64)}, {"countries", 3, strings.Repeat("b", 64)}}
	b := slices.Clone(a)
	b[1].Sum = strings.Repeat("c", 64)
	if err := CompareSums(a, b); err == nil || !strings.Contains(err.Error(), "countries") {
		t.Errorf("checksum difference: %v", err)
	}
	b[1].Rows = 4
	if err := CompareSums(a, b); err == nil || !strings.Contains(err.Error(), "countries: 3 rows") {
		t.Errorf("count difference: %v", err)
	}
	if err := CompareSums(a, a); err != nil {
		t.Error(err)
	}
}

func TestRebind(t *testing.T) {
	for in, want := range map[string]string{
		`SELECT 1`:                       `SELECT 1`,
		`a = ? AND b IN (?, ?)`:          `a = $1 AND b IN ($2, $3)`,
		`x = '?' AND y = ? AND "q?" = ?`: `x = '?' AND y = $1 AND "q?" = $2`,
		`s = 'it''s ?' AND t = ?`:        `s = 'it''s ?' AND t = $1`,
	} {
		if got := rebind(in); got != want {
			t.Errorf("rebind(%q) = %q, want %q", in, got, want)
		}
	}
}
