package lmo_test

import (
	"testing"

	"github.com/lmo-observatory/lmo"
)

// The instruments of these tests carry their real entry-into-force dates
// and rules; the events are made up for the cases (labelled by what they
// test, with the made-up country code XX where no real state is meant).
var (
	c189 = &lmo.Instrument{Code: "C189", Kind: lmo.InstrumentConvention,
		EntryIntoForce: lmo.MustParseDate("2013-09-05"), InForceRule: lmo.InForceRule{Months: 12, Text: "12 months after registration"}}
	icmw = &lmo.Instrument{Code: "ICMW", Kind: lmo.InstrumentUNTreaty,
		EntryIntoForce: lmo.MustParseDate("2003-07-01"), InForceRule: lmo.InForceRule{Months: 3, FirstOfNextMonth: true, Text: "art. 87(2)"}}
)

func ev(kind, date string) lmo.RatificationEvent {
	return lmo.RatificationEvent{Instrument: "C189", Country: "XX", Event: kind, Date: lmo.MustParseDate(date), SourceURL: "https://example.org/test"}
}

func TestStandingOn(t *testing.T) {
	for _, tc := range []struct {
		name        string
		in          *lmo.Instrument
		events      []lmo.RatificationEvent
		day         string
		party       lmo.Truth
		inForce     lmo.Truth
		inForceFrom string
	}{
		{"no events", c189, nil, "2020-01-01", lmo.No, lmo.No, ""},
		{"ratified before the convention is in force: not yet in force", c189,
			[]lmo.RatificationEvent{ev("ratification", "2012-06-14")}, "2013-01-01", lmo.Yes, lmo.No, "2013-09-05"},
		{"... in force on the general date, not 12 months after", c189,
			[]lmo.RatificationEvent{ev("ratification", "2012-06-14")}, "2013-09-05", lmo.Yes, lmo.Yes, "2013-09-05"},
		{"the day before ratification", c189,
			[]lmo.RatificationEvent{ev("ratification", "2012-06-14")}, "2012-06-13", lmo.No, lmo.No, ""},
		{"ratified later: in force 12 months after", c189,
			[]lmo.RatificationEvent{ev("ratification", "2018-01-15")}, "2019-01-14", lmo.Yes, lmo.No, "2019-01-15"},
		{"... and on that day", c189,
			[]lmo.RatificationEvent{ev("ratification", "2018-01-15")}, "2019-01-15", lmo.Yes, lmo.Yes, "2019-01-15"},
		{"accession to the UN convention: first day of the month after three months", icmw,
			[]lmo.RatificationEvent{ev("accession", "2005-03-10")}, "2005-06-30", lmo.Yes, lmo.No, "2005-07-01"},
		{"... in force from then", icmw,
			[]lmo.RatificationEvent{ev("accession", "2005-03-10")}, "2005-07-01", lmo.Yes, lmo.Yes, "2005-07-01"},
		{"signature alone does not make a party", icmw,
			[]lmo.RatificationEvent{ev("signature", "2004-09-24")}, "2010-01-01", lmo.No, lmo.No, ""},
		{"succession", icmw,
			[]lmo.RatificationEvent{ev("succession", "2006-06-03")}, "2007-01-01", lmo.Yes, lmo.Yes, "2006-10-01"},
		{"an entry into force given by the source wins over the rule", c189,
			[]lmo.RatificationEvent{ev("ratification", "2018-01-15"), ev("entry-into-force", "2019-02-01")}, "2019-01-20", lmo.Yes, lmo.No, "2019-02-01"},
		{"denounced, not yet in effect", c189,
			[]lmo.RatificationEvent{ev("ratification", "2014-01-01"), ev("denunciation", "2020-03-01"), ev("denunciation-effective", "2021-03-01")}, "2021-02-28", lmo.Yes, lmo.Yes, "2015-01-01"},
		{"denunciation in effect", c189,
			[]lmo.RatificationEvent{ev("ratification", "2014-01-01"), ev("denunciation", "2020-03-01"), ev("denunciation-effective", "2021-03-01")}, "2021-03-01", lmo.No, lmo.No, "2015-01-01"},
		{"a denunciation without its effective date takes effect on its date", c189,
			[]lmo.RatificationEvent{ev("ratification", "2014-01-01"), ev("denunciation", "2020-03-01")}, "2020-03-01", lmo.No, lmo.No, "2015-01-01"},
		{"ratified again after a denunciation", c189,
			[]lmo.RatificationEvent{ev("ratification", "2014-01-01"), ev("denunciation", "2016-03-01"), ev("ratification", "2018-05-01")}, "2019-06-01", lmo.Yes, lmo.Yes, "2019-05-01"},
		{"a year-only ratification, asked within that year: unknown", icmw,
			[]lmo.RatificationEvent{ev("ratification", "2005")}, "2005-06-01", lmo.Unknown, lmo.No, "2006-04-01"},
		{"... asked after that year: a party", icmw,
			[]lmo.RatificationEvent{ev("ratification", "2005")}, "2006-01-01", lmo.Yes, lmo.No, "2006-04-01"},
		{"... asked before that year: not a party", icmw,
			[]lmo.RatificationEvent{ev("ratification", "2005")}, "2004-12-31", lmo.No, lmo.No, ""},
		{"a month-only denunciation, asked within that month", c189,
			[]lmo.RatificationEvent{ev("ratification", "2014-01-01"), ev("denunciation", "2020-03")}, "2020-03-15", lmo.Unknown, lmo.Unknown, "2015-01-01"},
		{"a convention not yet in force anywhere", &lmo.Instrument{Code: "C999", Kind: lmo.InstrumentConvention, InForceRule: lmo.InForceRule{Months: 12, Text: "12 months after registration"}},
			[]lmo.RatificationEvent{ev("ratification", "2020-01-01")}, "2022-01-01", lmo.Yes, lmo.No, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := lmo.StandingOn(tc.in, tc.events, lmo.MustParseDate(tc.day))
			if st.Party != tc.party || st.InForce != tc.inForce || st.InForceFrom.String() != tc.inForceFrom {
				t.Errorf("party %s, in force %s from %q; want party %s, in force %s from %q",
					st.Party, st.InForce, st.InForceFrom, tc.party, tc.inForce, tc.inForceFrom)
			}
		})
	}
}

func TestStandingKeepsOtherEvents(t *testing.T) {
	parts := ev("accepted-parts", "2014-01-01")
	parts.Note = "Part II"
	st := lmo.StandingOn(c189, []lmo.RatificationEvent{ev("ratification", "2014-01-01"), parts, ev("signature", "2013-01-01")}, lmo.MustParseDate("2020-01-01"))
	if len(st.Other) != 1 || st.Other[0].Note != "Part II" || st.Signed == nil || st.Joined == nil {
		t.Errorf("%+v", st)
	}
}

// TestPartyCountAroundEvents checks the count of parties the day before
// and the day of every event: it changes by one for a ratification or a
// denunciation taking effect, and not at all for the other events.
func TestPartyCountAroundEvents(t *testing.T) {
	mk := func(country, kind, date string) lmo.RatificationEvent {
		e := ev(kind, date)
		e.Country = country
		return e
	}
	events := []lmo.RatificationEvent{
		mk("AA", "ratification", "2012-06-14"),
		mk("BB", "ratification", "2013-03-01"),
		mk("BB", "denunciation", "2016-01-10"),
		mk("BB", "denunciation-effective", "2017-01-10"),
		mk("CC", "accession", "2015-07-20"),
		mk("CC", "declaration", "2015-07-20"),
		mk("DD", "signature", "2014-02-02"),
		mk("EE", "ratification", "2018-11-30"),
	}
	change := map[string]int{"ratification": 1, "accession": 1, "denunciation-effective": -1}
	for _, e := range events {
		want := 0 // the change of all the events of that day
		for _, other := range events {
			if other.Date == e.Date {
				want += change[other.Event]
			}
		}
		was, _ := lmo.PartyCount(lmo.Standings(c189, events, dayBefore(e.Date)))
		now, _ := lmo.PartyCount(lmo.Standings(c189, events, e.Date))
		if now-was != want {
			t.Errorf("%s %s on %s: %d parties the day before, %d that day", e.Country, e.Event, e.Date, was, now)
		}
	}
	if n, _ := lmo.PartyCount(lmo.Standings(c189, events, lmo.MustParseDate("2020-01-01"))); n != 3 {
		t.Errorf("parties on 2020-01-01: %d, want 3 (AA, CC, EE)", n)
	}
}

func dayBefore(d lmo.Date) lmo.Date {
	if d.Day > 1 {
		d.Day--
		return d
	}
	d.Month--
	if d.Month == 0 {
		d.Year, d.Month = d.Year-1, 12
	}
	d.Day = 31
	for {
		if _, err := lmo.ParseDate(d.String()); err == nil {
			return d
		}
		d.Day--
	}
}
