package ingest

import (
	"io"
	"iter"
	"strconv"

	"github.com/lmo-observatory/lmo"
)

// instrumentLayout is LMO's layout for instruments (starter/standards/
// instruments.csv is one). Columns may come in any order.
var instrumentLayout = []column{
	{name: "code", required: true},
	{name: "kind", required: true},
	{name: "title", required: true},
	{name: "short title"},
	{name: "adopted", required: true},
	{name: "entry into force"},
	{name: "in force rule"},
	{name: "in force months"},
	{name: "in force first of next month"},
	{name: "revises"},
	{name: "text url", required: true},
	{name: "complete to"},
	{name: "source url", aliases: []string{"source"}, required: true},
}

// InstrumentsCSV streams the instruments of an instruments CSV file, each
// validated; a fault is an *Error naming the line and column.
func InstrumentsCSV(r io.Reader) iter.Seq2[*lmo.Instrument, error] {
	return func(yield func(*lmo.Instrument, error) bool) {
		for rec, err := range csvTable(r, "instruments", instrumentLayout) {
			if err != nil {
				yield(nil, err)
				return
			}
			in, err := instrument(rec)
			if !yield(in, err) || err != nil {
				return
			}
		}
	}
}

func instrument(rec *csvRecord) (*lmo.Instrument, error) {
	in := &lmo.Instrument{
		Code: lmo.NormalizeInstrumentCode(rec.get("code")), Kind: rec.get("kind"), Title: rec.get("title"),
		ShortTitle: rec.get("short title"), Revises: rec.get("revises"), TextURL: rec.get("text url"), SourceURL: rec.get("source url"),
		InForceRule: lmo.InForceRule{Text: rec.get("in force rule")},
	}
	for _, d := range []struct {
		column string
		field  *lmo.Date
	}{{"adopted", &in.Adopted}, {"entry into force", &in.EntryIntoForce}, {"complete to", &in.CompleteTo}} {
		if rec.get(d.column) == "" {
			continue
		}
		parsed, err := lmo.ParseDate(rec.get(d.column))
		if err != nil {
			return nil, errorf(rec.at(d.column), "%s", lmo.ErrorMessage(err))
		}
		*d.field = parsed
	}
	if months := rec.get("in force months"); months != "" {
		n, err := strconv.Atoi(months)
		if err != nil {
			return nil, errorf(rec.at("in force months"), "%q is not a number of months", months)
		}
		in.InForceRule.Months = n
	}
	first, err := flag(rec, "in force first of next month")
	if err != nil {
		return nil, err
	}
	in.InForceRule.FirstOfNextMonth = first
	if err := in.Validate(); err != nil {
		return nil, errorf(rec.at(""), "%s", lmo.ErrorMessage(err))
	}
	return in, nil
}
