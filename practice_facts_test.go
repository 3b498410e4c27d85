package lmo

import (
	"strings"
	"testing"
	"time"
)

// TestCheckFactsChecked: the date a practice's facts were checked is a real
// calendar date written YYYY-MM-DD, from 1990 to today where the day begins
// first (UTC+14), or nothing.
func TestCheckFactsChecked(t *testing.T) {
	now := time.Date(2026, time.March, 10, 12, 0, 0, 0, time.UTC) // 11 March already in UTC+14
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"1990-01-01", ""},
		{"2026-03-11", ""},
		{"2026-03-12", "is in the future"},
		{"1989-12-31", "before 1990"},
		{"2025-02-29", "is not a date written YYYY-MM-DD"},
		{"2025-3-14", "is not a date written YYYY-MM-DD"},
		{"2025-03-14T00:00:00Z", "is not a date written YYYY-MM-DD"},
	} {
		got := checkFactsChecked(tt.in, now).Message
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("checkFactsChecked(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
