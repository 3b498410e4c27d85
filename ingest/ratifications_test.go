package ingest_test

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
	"github.com/lmo-observatory/lmo/internal/shareddata"
)

// countries is a resolver over a few real countries.
func countries() ingest.CountryResolver {
	return lmo.NewCountryIndex([]*lmo.Country{
		{Code: "UY", Alpha3: "URY", NameEN: "Uruguay"},
		{Code: "PH", Alpha3: "PHL", NameEN: "Philippines", NameFR: "Philippines", NameES: "Filipinas"},
		{Code: "CI", Alpha3: "CIV", NameEN: "Côte d'Ivoire"},
	}).Resolve
}

func readRatifications(in string) ([]*ingest.RatificationRow, error) {
	var rows []*ingest.RatificationRow
	for row, err := range ingest.RatificationsCSV(strings.NewReader(in), countries()) {
		if err != nil {
			return rows, err
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func TestRatificationsCSV(t *testing.T) {
	// Columns in another order than documented, other names for two of
	// them, a column LMO does not know, a BOM, a blank row, and countries
	// by alpha-2, alpha-3 and name (with and without the accent).
	in := "\uFEFFSource URL,Country,Instrument,Event,Date,Remarks,Extra\n" +
		"https://example.org/a,UY,c189,ratification,2012-06-14,,x\n" +
		"\n" +
		"https://example.org/b,phl,C 97,ratification,2009,year only,\n" +
		"https://example.org/c,Cote d'Ivoire,ICMW,signature,2004-09,,\n"
	rows, err := readRatifications(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"C189 UY ratification 2012-06-14 line 2", "C097 PH ratification 2009 line 4", "ICMW CI signature 2004-09 line 5"}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, row := range rows {
		e := row.Event
		got := strings.Join([]string{e.Instrument, e.Country, e.Event, e.Date.String(), "line", strconv.Itoa(row.Line)}, " ")
		if got != want[i] {
			t.Errorf("row %d: %s, want %s", i, got, want[i])
		}
	}
	if rows[1].Event.Note != "year only" || rows[0].Event.SourceURL != "https://example.org/a" {
		t.Errorf("note or source: %+v", rows[:2])
	}
}

func TestRatificationsCSVErrors(t *testing.T) {
	const header = "instrument,country,event,date,note,source_url\n"
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "the file is empty"},
		{"a required column missing", "instrument,country,event,note\n", "line 1: the header row has no column date, source url"},
		{"a column twice", "instrument,country,event,date,source_url,source\n", `line 1, column 6: column "source" comes twice (also column 5)`},
		{"unknown country", header + "C189,XX,ratification,2012-06-14,,https://e.org\n", `line 2, column 2 (country): country "XX" is not`},
		{"bad date", header + "C189,UY,ratification,2012-06-31,,https://e.org\n", "line 2, column 4 (date): \"2012-06-31\" is not a date: 2012-06 has no day 31"},
		{"day before month", header + "C189,UY,ratification,14/06/2012,,https://e.org\n", "line 2, column 4 (date):"},
		{"bad event", header + "C189,UY,ratified,2012-06-14,,https://e.org\n", "line 2, column 3 (event): event \"ratified\" is not one of"},
		{"no source", header + "C189,UY,ratification,2012-06-14,,\n", "line 2, column 6 (source url): the source URL is missing"},
		{"not a URL", header + "C189,UY,ratification,2012-06-14,,normlex\n", "line 2, column 6 (source url): source URL must be an http"},
		{"a bare quote", header + "C189,UY,\"ratif\"ication,2012-06-14,,https://e.org\n", "line 2, column"},
		{"not UTF-8", header + "C189,UY,ratification,2012-06-14,\xff,https://e.org\n", "line 2, column 5 (note): the value is not UTF-8 text"},
		{"the third row", header + "C189,UY,ratification,2012-06-14,,https://e.org\nC189,UY,ratification,2012-06-14,,https://e.org\nC189,,ratification,2012,,https://e.org\n", "line 4, column 2 (country): the country is missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readRatifications(tc.in)
			var ie *ingest.Error
			if !errors.As(err, &ie) || lmo.ErrorCode(err) != lmo.EINVALID {
				t.Fatalf("got %v, want an EINVALID *ingest.Error", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %q, want it to say %q", err, tc.want)
			}
		})
	}
}

// TestICMWStatusFile reads the real third-party status file of the UN
// migrant workers convention (August 2022, years only).
func TestICMWStatusFile(t *testing.T) {
	f, err := os.Open(shareddata.Path(t, "ratifications/icmw_status_2022.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows, parties, signatoriesOnly int
	for row, err := range ingest.ICMWStatusCSV(f) {
		if err != nil {
			t.Fatal(err)
		}
		rows++
		if row.Party {
			parties++
			if row.Year < 1990 || row.Year > 2022 {
				t.Errorf("line %d: %s party in %d", row.Line, row.Country, row.Year)
			}
		} else if row.Signatory {
			signatoriesOnly++
		}
	}
	// The file lists the UN member states; the convention had parties in
	// the fifties in 2022 (UN Treaty Collection, chapter IV-13): a check
	// that the file was read whole, not a count of record.
	if rows < 190 || parties < 50 || parties > 60 {
		t.Errorf("%d rows, %d parties, %d signatories only", rows, parties, signatoriesOnly)
	}
	t.Logf("%d states, %d parties, %d signatories that are not parties", rows, parties, signatoriesOnly)
}

func TestICMWStatusErrors(t *testing.T) {
	const header = "iso2,member,state party,year ratification or accession,signatory,no action,status,note\n"
	for _, tc := range []struct{ name, in, want string }{
		{"a party without a year", header + "AL,Albania,1,,0,0,state party,\n", "line 2, column 4 (year ratification or accession): a state party needs the year"},
		{"a flag that is not 0 or 1", header + "AL,Albania,yes,2007,0,0,state party,\n", `line 2, column 3 (state party): "yes" is not 0 or 1`},
		{"a year before the convention", header + "AL,Albania,1,1989,0,0,state party,\n", `"1989" is not a year from 1990`},
		{"no year column", "iso2,state party\n", "the header row has no column year ratification or accession"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			for _, e := range ingest.ICMWStatusCSV(strings.NewReader(tc.in)) {
				if e != nil {
					err = e
				}
			}
			if lmo.ErrorCode(err) != lmo.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

// FuzzRatificationsCSV checks that the reader never panics, that every
// fault is an EINVALID *ingest.Error, and that every row it yields is a
// valid event of a known country.
func FuzzRatificationsCSV(f *testing.F) {
	for _, s := range []string{
		"instrument,country,event,date,note,source_url\nC189,UY,ratification,2012-06-14,,https://e.org\n",
		"source,country,event,date,instrument\nhttps://e.org,PHL,accession,2009,ICMW\n",
		"instrument,country,event,date,source_url\nc 97,Filipinas,signature,2004-09,https://e.org\n\n",
		"instrument,country,event,date,source_url\n\"C189\",\"UY\",\"ratification\",\"2012\",\"https://e.org\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		for row, err := range ingest.RatificationsCSV(bytes.NewReader(in), countries()) {
			if err != nil {
				var ie *ingest.Error
				if !errors.As(err, &ie) || lmo.ErrorCode(err) != lmo.EINVALID {
					t.Fatalf("%v (%T) is not an EINVALID *ingest.Error", err, err)
				}
				return
			}
			e := row.Event
			if err := e.Validate(); err != nil || row.Line < 2 {
				t.Fatalf("yielded an invalid row at line %d: %+v: %v", row.Line, e, err)
			}
		}
	})
}
