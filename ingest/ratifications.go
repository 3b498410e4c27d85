package ingest

import (
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// RatificationRow is one row of a ratifications file: the event, with its
// country resolved to an ISO alpha-2 code, and the line it came from.
type RatificationRow struct {
	Event lmo.RatificationEvent
	Line  int
}

// CountryResolver turns a country as a file writes it (an ISO alpha-2 or
// alpha-3 code, or a name) into its alpha-2 code, or says why it cannot.
type CountryResolver func(written string) (code string, err error)

// ratificationLayout is LMO's documented layout for ratification events
// (README, "Importing standards"). Columns may come in any order.
var ratificationLayout = []column{
	{name: "instrument", aliases: []string{"instrument code", "convention"}, required: true},
	{name: "country", aliases: []string{"state", "country code", "iso2", "iso3"}, required: true},
	{name: "event", aliases: []string{"action", "event type"}, required: true},
	{name: "date", required: true},
	{name: "note", aliases: []string{"notes", "remarks"}},
	{name: "source url", aliases: []string{"source", "url"}, required: true},
}

// RatificationsCSV streams the events of a ratifications CSV file (header
// row first: instrument, country, event, date, note, source_url), with
// countries resolved by country. Each event's own fields are checked and a
// fault is an *Error naming the line and column; whether the instrument
// exists is for the caller and the store.
func RatificationsCSV(r io.Reader, country CountryResolver) iter.Seq2[*RatificationRow, error] {
	return func(yield func(*RatificationRow, error) bool) {
		for rec, err := range csvTable(r, "ratifications", ratificationLayout) {
			if err != nil {
				yield(nil, err)
				return
			}
			row, err := ratificationRow(rec, country)
			if !yield(row, err) || err != nil {
				return
			}
		}
	}
}

func ratificationRow(rec *csvRecord, country CountryResolver) (*RatificationRow, error) {
	row := &RatificationRow{Line: rec.line}
	e := &row.Event
	e.Instrument, e.Event = lmo.NormalizeInstrumentCode(rec.get("instrument")), rec.get("event")
	e.Note, e.SourceURL = rec.get("note"), rec.get("source url")
	for _, c := range []struct{ name, what string }{{"instrument", "instrument"}, {"country", "country"}, {"event", "event"}, {"date", "date"}, {"source url", "source URL"}} {
		if rec.get(c.name) == "" {
			return nil, errorf(rec.at(c.name), "the %s is missing", c.what)
		}
	}
	code, err := country(rec.get("country"))
	if err != nil {
		return nil, errorf(rec.at("country"), "%s", lmo.ErrorMessage(err))
	}
	e.Country = code
	if e.Date, err = lmo.ParseDate(rec.get("date")); err != nil {
		return nil, errorf(rec.at("date"), "%s", lmo.ErrorMessage(err))
	}
	if err := e.Validate(); err != nil {
		return nil, errorf(rec.at(faultColumn(err)), "%s", lmo.ErrorMessage(err))
	}
	return row, nil
}

// faultColumn says which column a validation message is about, to place it
// (the line alone when none).
func faultColumn(err error) string {
	msg := lmo.ErrorMessage(err)
	for _, c := range []struct{ prefix, column string }{
		{"instrument", "instrument"}, {"event", "event"}, {"note", "note"}, {"source URL", "source url"}, {"country", "country"},
	} {
		if strings.HasPrefix(msg, c.prefix) {
			return c.column
		}
	}
	return ""
}

// ICMWStatusRow is one state's row of the third-party ICMW status file
// (iso2, member, state party, year ratification or accession, signatory,
// no action, status, note): whether the state is a party and the year, as
// the file gives it (a year, never a day).
type ICMWStatusRow struct {
	Country   string // ISO alpha-2, as written
	Name      string
	Party     bool
	Year      int // 0 when not a party
	Signatory bool
	Note      string
	Line      int
	CountryAt string
}

var icmwStatusLayout = []column{
	{name: "iso2", aliases: []string{"country code", "alpha2"}, required: true},
	{name: "member", aliases: []string{"country", "state", "name"}},
	{name: "state party", aliases: []string{"party"}, required: true},
	{name: "year ratification or accession", aliases: []string{"year"}, required: true},
	{name: "signatory"},
	{name: "status"},
	{name: "note", aliases: []string{"notes"}},
}

// ICMWStatusCSV streams the rows of the ICMW status file. A party must have
// a year; flags must be 0 or 1.
func ICMWStatusCSV(r io.Reader) iter.Seq2[*ICMWStatusRow, error] {
	return func(yield func(*ICMWStatusRow, error) bool) {
		for rec, err := range csvTable(r, "ICMW status", icmwStatusLayout) {
			if err != nil {
				yield(nil, err)
				return
			}
			row, err := icmwStatusRow(rec)
			if !yield(row, err) || err != nil {
				return
			}
		}
	}
}

func icmwStatusRow(rec *csvRecord) (*ICMWStatusRow, error) {
	row := &ICMWStatusRow{Country: rec.get("iso2"), Name: rec.get("member"), Note: rec.get("note"), Line: rec.line, CountryAt: rec.at("iso2")}
	if row.Country == "" {
		return nil, errorf(rec.at("iso2"), "the country code is missing")
	}
	var err error
	if row.Party, err = flag(rec, "state party"); err != nil {
		return nil, err
	}
	if row.Signatory, err = flag(rec, "signatory"); err != nil {
		return nil, err
	}
	year := rec.get("year ratification or accession")
	switch {
	case row.Party && year == "":
		return nil, errorf(rec.at("year ratification or accession"), "a state party needs the year it ratified or acceded")
	case year == "":
	default:
		n, err := strconv.Atoi(year)
		if err != nil || n < 1990 || n > 2200 {
			return nil, errorf(rec.at("year ratification or accession"), "%q is not a year from 1990 (the convention's adoption) on", year)
		}
		row.Year = n
	}
	return row, nil
}

// flag reads a 0/1 column (absent or empty is 0).
func flag(rec *csvRecord, name string) (bool, error) {
	switch rec.get(name) {
	case "", "0":
		return false, nil
	case "1":
		return true, nil
	}
	return false, errorf(rec.at(name), "%q is not 0 or 1", rec.get(name))
}
