package web

import "testing"

// TestFigureTrend checks which earlier value a headline's trend compares
// with, and how it says it.
func TestFigureTrend(t *testing.T) {
	values := func(pairs ...any) []periodValue {
		var out []periodValue
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, periodValue{Period: pairs[i].(string), Value: pairs[i+1].(float64)})
		}
		return out
	}
	for _, tt := range []struct {
		name   string
		latest string
		value  float64
		values []periodValue
		want   string
	}{
		{"five years back", "2020", 120, values("2000", 50.0, "2015", 100.0, "2017", 110.0, "2020", 120.0), "up 20% since 2015"},
		{"the nearest at least five years back", "2020", 90, values("2010", 50.0, "2014", 100.0, "2019", 80.0, "2020", 90.0), "down 10% since 2014"},
		{"else the earliest", "2020", 100, values("2018", 80.0, "2017", 100.0, "2020", 100.0), "about the same as in 2017"},
		{"no earlier value", "2020", 100, values("2020", 100.0), ""},
		{"an earlier zero", "2020", 100, values("2015", 0.0, "2020", 100.0), ""},
		{"quarters", "2021-Q2", 150, values("2016-Q1", 100.0, "2021-Q2", 150.0), "up 50% since 2016-Q1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := statBlock{LatestPeriod: tt.latest, LatestValue: tt.value, Values: tt.values}
			if got := b.trend("en"); got != tt.want {
				t.Errorf("trend %q, want %q", got, tt.want)
			}
		})
	}
}
