package starter

import (
	"bytes"
	"fmt"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

// loadStandards reads the instruments and the ratification events of
// starter/standards (see its SOURCES.md), with countries resolved against
// the starter's own.
func loadStandards(countries []*lmo.Country) (lmo.StandardsImport, error) {
	var out lmo.StandardsImport
	b, err := files.ReadFile("standards/instruments.csv")
	if err != nil {
		return out, err
	}
	for in, err := range ingest.InstrumentsCSV(bytes.NewReader(b)) {
		if err != nil {
			return out, fmt.Errorf("starter/standards/instruments.csv: %w", err)
		}
		out.Instruments = append(out.Instruments, in)
	}
	if b, err = files.ReadFile("standards/ratifications.csv"); err != nil {
		return out, err
	}
	resolve := lmo.NewCountryIndex(countries).Resolve
	for row, err := range ingest.RatificationsCSV(bytes.NewReader(b), resolve) {
		if err != nil {
			return out, fmt.Errorf("starter/standards/ratifications.csv: %w", err)
		}
		out.Events = append(out.Events, row.Event)
	}
	return out, nil
}
