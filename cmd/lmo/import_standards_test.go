package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/shareddata"
	"github.com/lmo-observatory/lmo/sqlite"
	"github.com/lmo-observatory/lmo/starter"
)

// eventCount opens a database and counts its events for an instrument.
func eventCount(t *testing.T, db, instrument string) int {
	t.Helper()
	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	events, err := s.FindEvents(context.Background(), lmo.EventFilter{Instrument: instrument})
	if err != nil {
		t.Fatal(err)
	}
	return len(events)
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestImportRatifications imports a ratifications file twice (the second
// time changes nothing), then files with a bad row: each fails naming the
// line and column, and nothing is written.
func TestImportRatifications(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lmo.db")
	if _, _, err := runCmd(t, "seed", "--db", db); err != nil {
		t.Fatal(err)
	}
	before := eventCount(t, db, "C181")
	// Rows for this test only (C181 has no events in the starter set):
	// columns in another order, a country by name and by alpha-3.
	good := writeFile(t, "country,instrument,date,event,source_url,note\n"+
		"Philippines,C181,2006-09-13,ratification,https://example.org/test,test row\n"+
		"ITA,c181,1981-06-23,ratification,https://example.org/test,test row\n")
	out, _, err := runCmd(t, "import", "ratifications", "--db", db, good)
	if err != nil || !strings.Contains(out, "events 2 created, 0 updated, 0 unchanged") {
		t.Fatalf("first import: %q %v", out, err)
	}
	out, _, err = runCmd(t, "import", "ratifications", "--db", db, "--file", good)
	if err != nil || !strings.Contains(out, "events 0 created, 0 updated, 2 unchanged") {
		t.Fatalf("the same file again: %q %v", out, err)
	}
	if got := eventCount(t, db, "C181"); got != before+2 {
		t.Fatalf("%d C181 events, want %d", got, before+2)
	}
	for _, tc := range []struct{ name, file, want string }{
		{"unknown country", "instrument,country,event,date,source_url\nC181,Atlantis,ratification,2006-09-13,https://example.org/t\n", `line 2, column 2 (country): country "Atlantis"`},
		{"unknown instrument", "instrument,country,event,date,source_url\nC181,PH,ratification,2006,https://example.org/t\nC999,PH,ratification,2006,https://example.org/t\n", "line 3: there is no instrument C999"},
		{"bad date on the third line", "instrument,country,event,date,source_url\nC181,PH,denunciation,2010,https://example.org/t\nC181,IT,ratification,23/06/1981,https://example.org/t\n", "line 3, column 4 (date)"},
		{"no source column", "instrument,country,event,date\n", "line 1: the header row has no column source url"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runCmd(t, "import", "ratifications", "--db", db, writeFile(t, tc.file))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
			if got := eventCount(t, db, "C181"); got != before+2 {
				t.Errorf("a failed import changed the events: %d", got)
			}
		})
	}
	if _, _, err := runCmd(t, "import", "treaties", "--db", db, good); err == nil || !strings.Contains(err.Error(), "practices, ratifications, icmw-status, agreements or projects") {
		t.Errorf("an unknown kind: %v", err)
	}
}

// TestImportICMWStatus imports the real third-party status file of the UN
// migrant workers convention twice: into an observatory that has the
// instrument but no events (every party comes in as a year-only event, and
// a second import changes nothing), and over the starter data, which
// already know every party the file names, so that their events are kept.
func TestImportICMWStatus(t *testing.T) {
	file := shareddata.Path(t, "ratifications/icmw_status_2022.csv")
	const source = "https://example.org/icmw-status-2022"

	empty := filepath.Join(t.TempDir(), "empty.db")
	seedWithoutEvents(t, empty)
	if _, _, err := runCmd(t, "import", "icmw-status", "--db", empty, file); err == nil || !strings.Contains(err.Error(), "--source") {
		t.Errorf("without --source: %v", err)
	}
	out, _, err := runCmd(t, "import", "icmw-status", "--db", empty, "--source", source, file)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(out)
	if created := eventCount(t, empty, "ICMW"); created == 0 || !strings.Contains(out, "57 parties read; events "+strconv.Itoa(created)+" created") {
		t.Errorf("%d events created, output %q", created, out)
	}
	// Every party of the file (August 2022) is a party at the end of 2022.
	if parties, unknown := icmwParties(t, empty, "2022-12-31"); parties != 57 || unknown != 0 {
		t.Errorf("%d parties and %d unknown at the end of 2022, want the file's 57", parties, unknown)
	}
	out, _, err = runCmd(t, "import", "icmw-status", "--db", empty, "--source", source, file)
	if err != nil || !strings.Contains(out, "events 0 created, 0 updated") {
		t.Errorf("again: %q %v", out, err)
	}

	seeded := filepath.Join(t.TempDir(), "seeded.db")
	if _, _, err := runCmd(t, "seed", "--db", seeded); err != nil {
		t.Fatal(err)
	}
	before := eventCount(t, seeded, "ICMW")
	out, _, err = runCmd(t, "import", "icmw-status", "--db", seeded, "--source", source, file)
	if err != nil || eventCount(t, seeded, "ICMW") != before || !strings.Contains(out, "57 parties already known") {
		t.Errorf("over the starter data: %q %v", out, err)
	}
}

// seedWithoutEvents makes an observatory with the starter's reference data
// and instruments and no ratification events.
func seedWithoutEvents(t *testing.T, db string) {
	t.Helper()
	d, err := starter.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := lmo.NewContextWithUser(context.Background(), lmo.SystemUser)
	if err := s.ReplaceReferenceData(ctx, d.Regions, d.Countries); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportStandards(ctx, lmo.StandardsImport{Instruments: d.Standards.Instruments}, "test"); err != nil {
		t.Fatal(err)
	}
}

func icmwParties(t *testing.T, db, day string) (int, int) {
	t.Helper()
	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	in, err := s.FindInstrument(context.Background(), "ICMW")
	if err != nil {
		t.Fatal(err)
	}
	events, _ := s.FindEvents(context.Background(), lmo.EventFilter{Instrument: "ICMW"})
	return lmo.PartyCount(lmo.Standings(in, events, lmo.MustParseDate(day)))
}

// TestServeAddsStandardsToAnOlderObservatory: an observatory made before
// the standards module (countries, no instruments) gets the starter's
// instruments and events when lmo serve starts, and nothing else changes.
func TestServeAddsStandardsToAnOlderObservatory(t *testing.T) {
	db := filepath.Join(t.TempDir(), "old.db")
	d, err := starter.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := lmo.NewContextWithUser(context.Background(), lmo.SystemUser)
	if err := s.ReplaceReferenceData(ctx, d.Regions, d.Countries); err != nil {
		t.Fatal(err)
	}
	s.Close()
	m := &Main{Addr: "127.0.0.1:0", DBPath: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	instruments, err := m.DB.FindInstruments(context.Background())
	if err != nil || len(instruments) != len(d.Standards.Instruments) {
		t.Fatalf("%d instruments after serve, want %d: %v", len(instruments), len(d.Standards.Instruments), err)
	}
	if st, _ := m.DB.PracticeStats(context.Background()); st.Practices != 0 {
		t.Errorf("serve added %d practices to an observatory that had none", st.Practices)
	}
}
