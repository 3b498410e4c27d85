package lmo_test

import (
	"encoding/json"
	"testing"

	"github.com/lmo-observatory/lmo"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in, want, precision string
	}{
		{"2012-06-14", "2012-06-14", lmo.PrecisionDay},
		{"2012-06", "2012-06", lmo.PrecisionMonth},
		{"2012", "2012", lmo.PrecisionYear},
		{"2024-02-29", "2024-02-29", lmo.PrecisionDay},
	} {
		d, err := lmo.ParseDate(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if d.String() != tc.want || d.Precision() != tc.precision {
			t.Errorf("%q: %s (%s), want %s (%s)", tc.in, d, d.Precision(), tc.want, tc.precision)
		}
	}
	for _, bad := range []string{"", "12", "2012-6-14", "2012-13", "2023-02-29", "2012-06-14-01", "0999", "2012-00", "2012-06-00", "abcd", "2012-06-1x", "+201"} {
		if d, err := lmo.ParseDate(bad); err == nil || lmo.ErrorCode(err) != lmo.EINVALID {
			t.Errorf("%q: got %v, %v; want an EINVALID error", bad, d, err)
		}
	}
}

func TestDateSpans(t *testing.T) {
	day := lmo.MustParseDate
	year := day("2005")
	if !year.OnOrBefore(day("2005-12-31")) || year.OnOrBefore(day("2005-12-30")) {
		t.Error("a year is certainly past only on its last day")
	}
	if !year.After(day("2004-12-31")) || year.After(day("2005-01-01")) {
		t.Error("a year is certainly ahead only before its first day")
	}
	if got := day("2013-01-31").AddMonths(1); got != day("2013-02-28") {
		t.Errorf("31 January + 1 month = %s, want 2013-02-28", got)
	}
	if got := day("2012-06").AddMonths(12); got != day("2013-06-30") {
		t.Errorf("June 2012 + 12 months = %s, want the last day it may mean, 2013-06-30", got)
	}
	if day("2005-01-01").Compare(year) >= 0 || year.Compare(day("2005-01-02")) >= 0 || year.Compare(year) != 0 {
		t.Error("Compare: a day sorts before its year, and the year before its second day")
	}
}

func TestDateJSON(t *testing.T) {
	var v struct {
		A lmo.Date `json:"a"`
		B lmo.Date `json:"b,omitzero"`
	}
	if err := json.Unmarshal([]byte(`{"a":"2005-06"}`), &v); err != nil || v.A.String() != "2005-06" {
		t.Fatalf("%v %v", v.A, err)
	}
	b, _ := json.Marshal(v)
	if string(b) != `{"a":"2005-06"}` {
		t.Errorf("marshal: %s", b)
	}
	if err := json.Unmarshal([]byte(`{"a":"2005-13"}`), &v); lmo.ErrorCode(err) != lmo.EINVALID {
		t.Errorf("a bad date: %v", err)
	}
}
