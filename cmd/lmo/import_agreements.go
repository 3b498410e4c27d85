package main

import (
	"context"
	"fmt"
	"io"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

func runImportAgreements(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := newImportCommand("import agreements", "Import agreements from a CSV file in LMO's agreements layout (README, \"Agreements\"): slug, title, type, parties, regional, signed, in_force, ended, branches, benefits_abroad, totalisation, domestic_workers, workers, summary, facts_checked, source_title, source_publisher, source_url, source_year, and source2_title... for more sources, in any order. Agreements are matched by slug: new ones are created (published), changed ones updated with a revision, identical ones left alone; none is deleted. A file with any bad row writes nothing and the error names its line and column.", "CSV", stderr)
	name, err := cmd.parse(args)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, *cmd.db)
	if err != nil {
		return err
	}
	defer store.Close()
	as, err := readAgreements(ctx, store, name)
	if err != nil {
		return fmt.Errorf("import %s: %s", name, userMessage(err))
	}
	counts, err := store.ImportAgreements(lmo.NewContextWithUser(ctx, lmo.SystemUser), as, "lmo import agreements "+name)
	if err != nil {
		return fmt.Errorf("import %s: %s", name, userMessage(err))
	}
	fmt.Fprintf(stdout, "imported %s into %s: agreements %d created, %d updated, %d unchanged\n",
		name, redact(*cmd.db), counts.Created, counts.Updated, counts.Unchanged)
	return nil
}

// readAgreements reads an agreements file whole (hundreds of rows), with
// parties resolved against the observatory's countries, so that every
// fault names its line and column.
func readAgreements(ctx context.Context, s store, name string) ([]*lmo.Agreement, error) {
	r, done, err := openInput(name)
	if err != nil {
		return nil, err
	}
	defer done()
	countries, err := s.FindCountries(ctx)
	if err != nil {
		return nil, err
	}
	var as []*lmo.Agreement
	lines := map[string]int{}
	for row, err := range ingest.AgreementsCSV(r, lmo.NewCountryIndex(countries).Resolve) {
		if err != nil {
			return nil, err
		}
		if first, dup := lines[row.Agreement.Slug]; dup {
			return nil, lmo.Errorf(lmo.EINVALID, "line %d: the slug %s is also on line %d", row.Line, row.Agreement.Slug, first)
		}
		lines[row.Agreement.Slug] = row.Line
		as = append(as, row.Agreement)
	}
	return as, nil
}
