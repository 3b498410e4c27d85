package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
	"github.com/lmo-observatory/lmo/starter"
)

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("migrate", "Create the database if needed and apply every pending migration.", stderr)
	db := dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "migrated", redact(*db))
	return store.Close()
}

func runSeed(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("seed", "Load the embedded starter dataset: reference data, vocabularies and practices. Seeding twice changes nothing.", stderr)
	db := dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	data, err := starter.Load()
	if err != nil {
		return err
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	counts, err := starter.Seed(ctx, store, data)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seeded %s: %d countries, %d regions, %d vocabularies, %d instruments, %d ratification events; practices %d created, %d updated, %d unchanged\n",
		redact(*db), len(data.Countries), len(data.Regions), len(data.Vocabularies), len(data.Standards.Instruments), len(data.Standards.Events),
		counts.Created, counts.Updated, counts.Unchanged)
	return nil
}

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("export", "Write the published practices as a JSON array in the import format of starter/practices.json.", stderr)
	db := dbFlag(fs)
	out := fs.String("o", "-", "output file, - for standard output")
	query := fs.String("q", "", "search words, as on the search page")
	country := fs.String("country", "", "only practices involving this country (ISO alpha-2)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	f := lmo.PracticeFilter{Query: *query, Sort: lmo.SortTitle, Limit: lmo.MaxExport, NoFacets: true}
	if *country != "" {
		f.Facets = map[string][]string{lmo.FacetCountry: {*country}}
	}
	res, err := store.SearchPractices(ctx, f)
	if err != nil {
		return fmt.Errorf("%s", lmo.ErrorMessage(err))
	}
	ps := make([]exportedPractice, len(res.Hits))
	for i, h := range res.Hits {
		ps[i] = exportedPractice{h.Practice}
	}
	w := stdout
	if *out != "-" {
		file, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(ps); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "exported %d practices (%s)\n", len(ps), url.Values{"q": {*query}, "country": {*country}}.Encode())
	return nil
}

// exportedPractice is a practice without the fields that the store sets, so
// that an export can be imported again.
type exportedPractice struct{ *lmo.Practice }

// MarshalJSON drops id, version, timestamps and review status.
func (e exportedPractice) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(e.Practice)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for _, k := range []string{"id", "version", "created_at", "updated_at", "review_status"} {
		delete(m, k)
	}
	return json.Marshal(m)
}

func runImportPractices(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("import practices", "Import practices from a JSON array in the format of lmo export and starter/practices.json, in one transaction: new slugs are created, changed ones updated as new versions, identical ones left alone. A file with any invalid practice writes nothing.", stderr)
	db := dbFlag(fs)
	file := fs.String("file", "", "the JSON file (required), - for standard input")
	note := fs.String("note", "imported with lmo import", "the note on each revision")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *file == "" {
		fs.Usage()
		return errors.New("import: --file is required")
	}
	var r io.Reader = os.Stdin
	if *file != "-" {
		f, err := os.Open(*file)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	// The file streams into the import: one practice in memory at a time.
	counts, err := store.ImportPractices(lmo.NewContextWithUser(ctx, lmo.SystemUser), ingest.PracticesJSON(r), *note)
	if err != nil {
		if code := lmo.ErrorCode(err); code != lmo.EINTERNAL {
			return fmt.Errorf("import %s: %s", *file, lmo.ErrorMessage(err))
		}
		return fmt.Errorf("import %s: %w", *file, err)
	}
	fmt.Fprintf(stdout, "imported %s into %s: %d created, %d updated, %d unchanged\n", *file, redact(*db), counts.Created, counts.Updated, counts.Unchanged)
	return nil
}
