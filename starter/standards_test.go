package starter_test

import (
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/starter"
)

// TestStandards checks the starter's standards data through the same
// derivation the observatory uses: the instruments LMO promises, and the
// count of parties on each instrument's completeness date against the count
// its source printed (SOURCES.md) — a check of the transcription.
func TestStandards(t *testing.T) {
	d, err := starter.Load()
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]*lmo.Instrument{}
	for _, in := range d.Standards.Instruments {
		byCode[in.Code] = in
	}
	for _, code := range []string{"C097", "C143", "C181", "C189", "C019", "C029", "P029", "C102", "C118", "C157", "C190", "R086", "R151", "R201", "ICMW"} {
		if byCode[code] == nil {
			t.Errorf("instrument %s is missing", code)
		}
	}
	for code, want := range map[string]int{
		"C189": 30, // the Swiss federal table of parties of 5 October 2020
		"ICMW": 59, // the UN Treaty Collection status page of chapter IV-13, "Parties 59", latest event 26 September 2023
	} {
		in := byCode[code]
		var events []lmo.RatificationEvent
		for _, e := range d.Standards.Events {
			if e.Instrument == code {
				events = append(events, e)
			}
		}
		parties, unknown := lmo.PartyCount(lmo.Standings(in, events, in.CompleteTo))
		if parties != want || unknown != 0 {
			t.Errorf("%s on %s: %d parties and %d unknown, want %d", code, in.CompleteTo, parties, unknown, want)
		}
	}
}

// TestStandardsInForceDates compares every entry into force the sources
// give with the one the instrument's rule derives: where they differ, the
// event must carry a note that says why.
func TestStandardsInForceDates(t *testing.T) {
	d, err := starter.Load()
	if err != nil {
		t.Fatal(err)
	}
	instruments := map[string]*lmo.Instrument{}
	for _, in := range d.Standards.Instruments {
		instruments[in.Code] = in
	}
	type key struct{ instrument, country string }
	joined := map[key]lmo.Date{}
	for _, e := range d.Standards.Events {
		if e.Event == lmo.EventRatification || e.Event == lmo.EventAccession {
			joined[key{e.Instrument, e.Country}] = e.Date
		}
	}
	for _, e := range d.Standards.Events {
		j, ok := joined[key{e.Instrument, e.Country}]
		if e.Event != lmo.EventEntryIntoForce || !ok {
			continue
		}
		in := instruments[e.Instrument]
		if derived := in.InForceRule.For(j, in.EntryIntoForce); derived != e.Date && e.Note == "" {
			t.Errorf("%s %s: in force %s by the source, %s by the rule, and no note says why", e.Instrument, e.Country, e.Date, derived)
		}
	}
}
