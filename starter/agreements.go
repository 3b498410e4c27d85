package starter

import (
	"bytes"
	"fmt"
	"io/fs"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

// loadAgreements reads every agreements/*.csv (in LMO's agreements layout,
// see its SOURCES.md), with parties resolved against the starter's own
// countries and checked to be among them.
func loadAgreements(countries []*lmo.Country) ([]*lmo.Agreement, error) {
	names, err := fs.Glob(files, "agreements/*.csv")
	if err != nil {
		return nil, err
	}
	resolve := lmo.NewCountryIndex(countries).Resolve
	known := map[string]bool{}
	for _, c := range countries {
		known[c.Code] = true
	}
	var out []*lmo.Agreement
	for _, name := range names {
		b, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		for row, err := range ingest.AgreementsCSV(bytes.NewReader(b), resolve) {
			if err != nil {
				return nil, fmt.Errorf("starter/%s: %w", name, err)
			}
			if err := row.Agreement.Validate(func(code string) bool { return known[code] }); err != nil {
				return nil, fmt.Errorf("starter/%s line %d: %s", name, row.Line, lmo.ErrorMessage(err))
			}
			out = append(out, row.Agreement)
		}
	}
	return out, nil
}
