package web

import (
	"testing"

	"github.com/lmo-observatory/lmo"
)

// TestTimelineYearOnlyAmongDays: a year-only event counts from the last
// day of its year, so it comes after the dated events of that year, and the
// chart draws the steps in that order (a year before a day of the same year
// made the chart fail).
func TestTimelineYearOnlyAmongDays(t *testing.T) {
	in := &lmo.Instrument{Code: "C143", Kind: lmo.InstrumentConvention, Title: "t", EntryIntoForce: lmo.MustParseDate("1978-12-09"),
		InForceRule: lmo.InForceRule{Months: 12, Text: "12 months"}}
	ev := func(country, date string) lmo.RatificationEvent {
		return lmo.RatificationEvent{Instrument: "C143", Country: country, Event: lmo.EventRatification, Date: lmo.MustParseDate(date), SourceURL: "https://example.org"}
	}
	// In the order the store returns them: by the first day a date may mean.
	events := []lmo.RatificationEvent{ev("CM", "1978"), ev("PT", "1978-12-12"), ev("IT", "1981-06-23"), ev("SE", "1981-12-31"), ev("NO", "1981")}
	points := timeline(in, events)
	var got []string
	for _, p := range points {
		got = append(got, p.Date.String())
	}
	want := []string{"1978-12-12", "1978", "1981-06-23", "1981", "1981-12-31"} // the last two hold from the same day: one step on the chart
	for i := range want {
		if i >= len(got) || got[i] != want[i] {
			t.Fatalf("timeline %v, want %v", got, want)
		}
	}
	if points[1].Parties != 2 || points[4].Parties != 5 {
		t.Errorf("counts %+v", points)
	}
	if _, err := partiesChart(in, points, nil); err != nil {
		t.Errorf("chart: %v", err)
	}
}
