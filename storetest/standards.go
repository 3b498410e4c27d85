package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lmo-observatory/lmo"
)

// RunStandards is the conformance suite of the standards module:
// instruments and ratification events.
func RunStandards(t *testing.T, open Opener) {
	runTests(t, open, []test{
		{"ImportAndFind", testStandardsImportAndFind},
		{"ImportIsIdempotent", testStandardsImportIdempotent},
		{"ImportUpdates", testStandardsImportUpdates},
		{"ImportRejectsAndWritesNothing", testStandardsImportRejects},
		{"EventsInPeriod", testStandardsEventsInPeriod},
		{"Roles", testStandardsRoles},
	})
}

// The fixture instruments carry their real dates; the events are made up
// for the tests (fixture countries only).
func fixtureStandards() lmo.StandardsImport {
	d := lmo.MustParseDate
	return lmo.StandardsImport{
		Instruments: []*lmo.Instrument{
			{Code: "C189", Kind: lmo.InstrumentConvention, Title: "Domestic Workers Convention, 2011 (No. 189)", ShortTitle: "Domestic Workers Convention",
				Adopted: d("2011-06-16"), EntryIntoForce: d("2013-09-05"), InForceRule: lmo.InForceRule{Months: 12, Text: "12 months after registration"},
				TextURL: "https://normlex.ilo.org/c189", CompleteTo: d("2025-06-30"), SourceURL: "https://normlex.ilo.org/c189"},
			{Code: "R201", Kind: lmo.InstrumentRecommendation, Title: "Domestic Workers Recommendation, 2011 (No. 201)",
				Adopted: d("2011-06-16"), Revises: "C189", TextURL: "https://normlex.ilo.org/r201", SourceURL: "https://normlex.ilo.org/r201"},
			{Code: "ICMW", Kind: lmo.InstrumentUNTreaty, Title: "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families",
				Adopted: d("1990-12-18"), EntryIntoForce: d("2003-07-01"), InForceRule: lmo.InForceRule{Months: 3, FirstOfNextMonth: true, Text: "first day of the month after three months from deposit"},
				TextURL: "https://www.ohchr.org/icmw", SourceURL: "https://treaties.un.org/icmw"},
		},
		Events: []lmo.RatificationEvent{
			{Instrument: "C189", Country: "PH", Event: lmo.EventRatification, Date: d("2012-09-05"), SourceURL: "https://example.org/fixture"},
			{Instrument: "C189", Country: "PE", Event: lmo.EventRatification, Date: d("2018-11-26"), SourceURL: "https://example.org/fixture"},
			{Instrument: "ICMW", Country: "PH", Event: lmo.EventSignature, Date: d("1993-11-15"), SourceURL: "https://example.org/fixture"},
			{Instrument: "ICMW", Country: "PH", Event: lmo.EventRatification, Date: d("1995-07-05"), SourceURL: "https://example.org/fixture"},
			{Instrument: "ICMW", Country: "PE", Event: lmo.EventRatification, Date: d("2005"), Note: "year only in the fixture", SourceURL: "https://example.org/fixture"},
		},
	}
}

func importStandards(t *testing.T, s Store, in lmo.StandardsImport) lmo.StandardsImportCounts {
	t.Helper()
	counts, err := s.ImportStandards(Admin(), in, "fixture")
	if err != nil {
		t.Fatalf("ImportStandards: %v", err)
	}
	return counts
}

func testStandardsImportAndFind(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	in := fixtureStandards()
	counts := importStandards(t, s, in)
	if counts.Instruments.Created != 3 || counts.Events.Created != 5 {
		t.Errorf("counts %+v", counts)
	}
	got, err := s.FindInstruments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, in := range got {
		codes = append(codes, in.Code)
	}
	if strings.Join(codes, " ") != "C189 R201 ICMW" {
		t.Errorf("order %v, want conventions, recommendations, UN treaties", codes)
	}
	one, err := s.FindInstrument(ctx, "c189")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in.Instruments[0], one); diff != "" {
		t.Errorf("C189 read back (-want +got):\n%s", diff)
	}
	if _, err := s.FindInstrument(ctx, "C999"); lmo.ErrorCode(err) != lmo.ENOTFOUND {
		t.Errorf("unknown instrument: %v", err)
	}
	events, err := s.FindEvents(ctx, lmo.EventFilter{Instrument: "icmw", Country: "ph"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in.Events[2:4], events); diff != "" {
		t.Errorf("ICMW events of PH (-want +got):\n%s", diff)
	}
	all, err := s.FindEvents(ctx, lmo.EventFilter{})
	if err != nil || len(all) != 5 {
		t.Fatalf("all events: %d, %v", len(all), err)
	}
	if all[0].Date.String() != "1993-11-15" || all[4].Date.String() != "2018-11-26" {
		t.Errorf("events not in date order: %v", all)
	}
	if all[2].Date.Precision() != lmo.PrecisionYear {
		t.Errorf("a year-only date came back as %q", all[2].Date)
	}
	v, err := s.StandardsVersion(ctx)
	if err != nil || v == 0 {
		t.Errorf("standards version %d, %v after an import", v, err)
	}
}

func testStandardsImportIdempotent(t *testing.T, s Store) {
	Seed(t, s)
	importStandards(t, s, fixtureStandards())
	before, _ := s.StandardsVersion(context.Background())
	counts := importStandards(t, s, fixtureStandards())
	if counts.Instruments.Unchanged != 3 || counts.Events.Unchanged != 5 ||
		counts.Instruments.Created+counts.Instruments.Updated+counts.Events.Created+counts.Events.Updated != 0 {
		t.Errorf("the same import again: %+v", counts)
	}
	if after, _ := s.StandardsVersion(context.Background()); after != before {
		t.Errorf("an import that changed nothing moved the version from %d to %d", before, after)
	}
}

func testStandardsImportUpdates(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	importStandards(t, s, fixtureStandards())
	in := fixtureStandards()
	in.Instruments[0].CompleteTo = lmo.MustParseDate("2026-01-31")
	in.Events[1].Note = "sources differ by a day"
	in.Events = append(in.Events, lmo.RatificationEvent{Instrument: "C189", Country: "CA", Event: lmo.EventRatification,
		Date: lmo.MustParseDate("2025-03"), SourceURL: "https://example.org/fixture"})
	counts := importStandards(t, s, in)
	want := lmo.StandardsImportCounts{Instruments: lmo.ImportCounts{Updated: 1, Unchanged: 2}, Events: lmo.ImportCounts{Created: 1, Updated: 1, Unchanged: 4}}
	if counts != want {
		t.Errorf("counts %+v, want %+v", counts, want)
	}
	c189, _ := s.FindInstrument(ctx, "C189")
	if c189.CompleteTo.String() != "2026-01-31" {
		t.Errorf("complete_to %s", c189.CompleteTo)
	}
	events, _ := s.FindEvents(ctx, lmo.EventFilter{Instrument: "C189", Country: "PE"})
	if len(events) != 1 || events[0].Note != "sources differ by a day" {
		t.Errorf("PE events %+v", events)
	}
}

func testStandardsImportRejects(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	for _, tc := range []struct {
		name, want string
		change     func(*lmo.StandardsImport)
	}{
		{"unknown country", "event 2: there is no country ZZ", func(in *lmo.StandardsImport) { in.Events[1].Country = "ZZ" }},
		{"unknown instrument", "event 1: there is no instrument C097", func(in *lmo.StandardsImport) { in.Events[0].Instrument = "C097" }},
		{"bad event kind", `event 3: event "ratified" is not one of`, func(in *lmo.StandardsImport) { in.Events[2].Event = "ratified" }},
		{"no source", "event 4: the source URL is missing", func(in *lmo.StandardsImport) { in.Events[3].SourceURL = "" }},
		{"the same event twice", "event 6: the same ratification of C189 by PH on 2012-09-05 is also event 1",
			func(in *lmo.StandardsImport) { in.Events = append(in.Events, in.Events[0]) }},
		{"bad instrument", `instrument 2: instrument R201: a recommendation does not enter into force`,
			func(in *lmo.StandardsImport) { in.Instruments[1].EntryIntoForce = lmo.MustParseDate("2013") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := fixtureStandards()
			tc.change(&in)
			_, err := s.ImportStandards(Admin(), in, "bad")
			if lmo.ErrorCode(err) != lmo.EINVALID || !strings.Contains(lmo.ErrorMessage(err), tc.want) {
				t.Fatalf("got %v, want EINVALID with %q", err, tc.want)
			}
			if got, _ := s.FindInstruments(ctx); len(got) != 0 {
				t.Errorf("a failed import wrote %d instruments", len(got))
			}
		})
	}
}

func testStandardsEventsInPeriod(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	importStandards(t, s, fixtureStandards())
	d := lmo.MustParseDate
	for _, tc := range []struct {
		from, to string
		want     []string
	}{
		{"2012-09-01", "2012-09-30", []string{"C189 PH 2012-09-05"}},
		{"2005-06-01", "2005-06-30", []string{"ICMW PE 2005"}}, // a year overlaps every period within it
		{"2018-11-27", "", nil},
		{"", "1994-01-01", []string{"ICMW PH 1993-11-15"}},
	} {
		f := lmo.EventFilter{}
		if tc.from != "" {
			f.From = d(tc.from)
		}
		if tc.to != "" {
			f.To = d(tc.to)
		}
		events, err := s.FindEvents(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range events {
			got = append(got, e.Instrument+" "+e.Country+" "+e.Date.String())
		}
		if !cmp.Equal(got, tc.want) {
			t.Errorf("%s to %s: %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}

func testStandardsRoles(t *testing.T, s Store) {
	Seed(t, s)
	contributor := lmo.NewContextWithUser(context.Background(), &lmo.User{ID: 2, Name: "c", Role: lmo.RoleContributor})
	if _, err := s.ImportStandards(contributor, fixtureStandards(), "x"); lmo.ErrorCode(err) != lmo.EFORBIDDEN {
		t.Errorf("a contributor imported standards: %v", err)
	}
	if _, err := s.ImportStandards(context.Background(), fixtureStandards(), "x"); lmo.ErrorCode(err) != lmo.EUNAUTHORIZED {
		t.Errorf("nobody imported standards: %v", err)
	}
}
