package web

import (
	"testing"
	"time"
)

// TestFactsStale: facts are said to be possibly out of date from the day
// after they turn two years old.
func TestFactsStale(t *testing.T) {
	now := time.Date(2026, time.March, 15, 23, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		day  string
		want bool
	}{
		{"2024-03-15", false},
		{"2024-03-14", true},
		{"2026-03-15", false},
		{"1995-01-01", true},
	} {
		day, _ := time.Parse(time.DateOnly, tt.day)
		if got := factsStale(day, now); got != tt.want {
			t.Errorf("factsStale(%s) = %v, want %v", tt.day, got, tt.want)
		}
	}
	if got := monthYear("en", time.Date(2025, time.March, 14, 0, 0, 0, 0, time.UTC)); got != "March 2025" {
		t.Errorf("monthYear = %q, want March 2025", got)
	}
}
