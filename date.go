package lmo

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date known to the precision its source gives: a year
// ("2005"), a month ("2005-06") or a day ("2005-06-14"). Month and Day are 0
// when unknown. A year is not its 1 January: comparisons ask whether the
// whole span the date may denote lies before or after a day (Before, After).
type Date struct {
	Year, Month, Day int
}

// Precisions of a Date.
const (
	PrecisionYear  = "year"
	PrecisionMonth = "month"
	PrecisionDay   = "day"
)

// ParseDate reads "YYYY", "YYYY-MM" or "YYYY-MM-DD" (years 1000-9999) and
// says what is wrong otherwise.
func ParseDate(s string) (Date, error) {
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return Date{}, Errorf(EINVALID, "%q is not a date: write YYYY-MM-DD, or YYYY-MM or YYYY when the day or month is not known", s)
	}
	var d Date
	fields := []*int{&d.Year, &d.Month, &d.Day}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || (i > 0 && len(p) != 2) || n < 0 {
			return Date{}, Errorf(EINVALID, "%q is not a date: write YYYY-MM-DD, or YYYY-MM or YYYY when the day or month is not known", s)
		}
		*fields[i] = n
	}
	if d.Year < 1000 {
		return Date{}, Errorf(EINVALID, "%q is not a date: the year must have four digits", s)
	}
	if len(parts) > 1 && (d.Month < 1 || d.Month > 12) {
		return Date{}, Errorf(EINVALID, "%q is not a date: there is no month %d", s, d.Month)
	}
	if len(parts) > 2 && (d.Day < 1 || d.Day > daysIn(d.Year, d.Month)) {
		return Date{}, Errorf(EINVALID, "%q is not a date: %d-%02d has no day %d", s, d.Year, d.Month, d.Day)
	}
	return d, nil
}

// DayOf returns the Date of a time's calendar day (in its location).
func DayOf(t time.Time) Date {
	return Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
}

// MustParseDate is ParseDate for constants in code and tests; it panics on
// a bad date.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.Year == 0 }

// Precision returns PrecisionYear, PrecisionMonth or PrecisionDay, or "" for
// the zero Date.
func (d Date) Precision() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return PrecisionYear
	case d.Day == 0:
		return PrecisionMonth
	}
	return PrecisionDay
}

// String writes the date to its precision: "2005", "2005-06", "2005-06-14";
// "" for the zero Date.
func (d Date) String() string {
	switch d.Precision() {
	case PrecisionYear:
		return fmt.Sprintf("%04d", d.Year)
	case PrecisionMonth:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case PrecisionDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	return ""
}

// First returns the first day the date may denote (1 January of a year).
func (d Date) First() Date {
	return Date{Year: d.Year, Month: max(d.Month, 1), Day: max(d.Day, 1)}
}

// Last returns the last day the date may denote (31 December of a year).
func (d Date) Last() Date {
	switch d.Precision() {
	case PrecisionYear:
		return Date{Year: d.Year, Month: 12, Day: 31}
	case PrecisionMonth:
		return Date{Year: d.Year, Month: d.Month, Day: daysIn(d.Year, d.Month)}
	}
	return d
}

// Compare orders two dates by their first day, then the more precise first
// (so "2005-01-01" sorts before "2005"): -1, 0 or +1.
func (d Date) Compare(e Date) int {
	a, b := d.First(), e.First()
	for _, c := range [][2]int{{a.Year, b.Year}, {a.Month, b.Month}, {a.Day, b.Day}} {
		if c[0] != c[1] {
			if c[0] < c[1] {
				return -1
			}
			return 1
		}
	}
	// Same first day: the wider span (less precise) sorts after.
	return compareInt(len(d.String()), len(e.String())) * -1
}

func compareInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// dayCompare compares two day-precision dates.
func dayCompare(a, b Date) int {
	if c := compareInt(a.Year, b.Year); c != 0 {
		return c
	}
	if c := compareInt(a.Month, b.Month); c != 0 {
		return c
	}
	return compareInt(a.Day, b.Day)
}

// OnOrBefore reports whether every day the date may denote is on or before
// day (a day-precision date): certainly by then.
func (d Date) OnOrBefore(day Date) bool { return dayCompare(d.Last(), day) <= 0 }

// After reports whether every day the date may denote is after day:
// certainly not yet by then.
func (d Date) After(day Date) bool { return dayCompare(d.First(), day) > 0 }

// AddMonths returns the day-precision date n months after d's last possible
// day, clamped to the end of a shorter month (31 January + 1 month is 28 or
// 29 February).
func (d Date) AddMonths(n int) Date {
	l := d.Last()
	y, m := l.Year, l.Month+n
	for m > 12 {
		y, m = y+1, m-12
	}
	return Date{Year: y, Month: m, Day: min(l.Day, daysIn(y, m))}
}

// MarshalJSON writes the date as its String, or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads a date string (see ParseDate) or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return Errorf(EINVALID, "a date must be a string such as \"2012-06-14\"")
	}
	parsed, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}
