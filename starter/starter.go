// Package starter embeds the starter dataset that a new observatory is
// filled with: reference data (countries, regions, controlled vocabularies)
// and a curated set of sourced good practices. SOURCES.md beside this file
// names the source of every part.
package starter

import (
	"bytes"
	"context"
	"embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

//go:embed countries.csv regions.csv vocabularies.json practices.json standards/*.csv agreements/*.csv translations/*.csv
var files embed.FS

// Data is the parsed starter dataset.
type Data struct {
	Regions      []*lmo.Region
	Countries    []*lmo.Country
	Vocabularies []*lmo.Vocabulary
	Practices    []*lmo.Practice
	Standards    lmo.StandardsImport
	// Projects are the organisations and projects of starter/projects.
	Projects   lmo.Directory
	Agreements []*lmo.Agreement
	// Statistics are the dataset editions of statistics/, each read again
	// from the embedded files whenever its observations are ranged over.
	Statistics []lmo.StatisticsImport
}

// Store is what Seed writes to.
type Store interface {
	lmo.CountryService
	lmo.VocabularyService
	lmo.PracticeService
	lmo.StandardService
	lmo.StatisticsService
	lmo.ProjectService
	lmo.AgreementService
}

// Load parses the embedded files, gives the vocabularies, regions and
// instruments their labels in other languages (translations/), and
// validates every practice against the embedded vocabularies and countries. An error names the file and the line
// or item at fault.
func Load() (*Data, error) {
	d := &Data{}
	var err error
	if d.Regions, err = loadRegions(); err != nil {
		return nil, err
	}
	if d.Countries, err = loadCountries(); err != nil {
		return nil, err
	}
	if d.Vocabularies, err = loadVocabularies(); err != nil {
		return nil, err
	}
	if d.Practices, err = loadPractices(); err != nil {
		return nil, err
	}
	if err := loadPracticeTexts(d.Practices); err != nil {
		return nil, err
	}
	if d.Standards, err = loadStandards(d.Countries); err != nil {
		return nil, err
	}
	if d.Agreements, err = loadAgreements(d.Countries); err != nil {
		return nil, err
	}
	if d.Statistics, err = loadStatistics(); err != nil {
		return nil, err
	}
	if d.Projects, err = loadProjects(); err != nil {
		return nil, err
	}
	translations, err := LoadTranslations()
	if err != nil {
		return nil, err
	}
	translations.apply(d)
	vocabs := lmo.Vocabularies{}
	for _, v := range d.Vocabularies {
		vocabs[v.ID] = v
	}
	known := map[string]bool{}
	for _, c := range d.Countries {
		known[c.Code] = true
	}
	for i, p := range d.Practices {
		if err := p.Validate(vocabs, func(code string) bool { return known[code] }); err != nil {
			return nil, fmt.Errorf("starter/practices.json item %d: %s", i+1, lmo.ErrorMessage(err))
		}
	}
	if err := validateProjects(d, vocabs, known); err != nil {
		return nil, err
	}
	return d, nil
}

// Seed writes the starter dataset to s as the system user: reference data
// first, then the practices in one transaction, the standards, the
// statistics, and the organisations and projects. It is idempotent: seeding an
// observatory that already holds the same data changes nothing.
func Seed(ctx context.Context, s Store, d *Data) (lmo.ImportCounts, error) {
	ctx = lmo.NewContextWithUser(ctx, lmo.SystemUser)
	if err := s.ReplaceReferenceData(ctx, d.Regions, d.Countries); err != nil {
		return lmo.ImportCounts{}, fmt.Errorf("seed reference data: %w", err)
	}
	if err := s.ReplaceVocabularies(ctx, d.Vocabularies); err != nil {
		return lmo.ImportCounts{}, fmt.Errorf("seed vocabularies: %w", err)
	}
	counts, err := s.ImportPractices(ctx, lmo.PracticesOf(d.Practices), "starter dataset")
	if err != nil {
		return counts, fmt.Errorf("seed practices: %w", err)
	}
	if _, err := s.ImportStandards(ctx, d.Standards, "starter dataset"); err != nil {
		return counts, fmt.Errorf("seed standards: %w", err)
	}
	if _, err := s.ImportAgreements(ctx, d.Agreements, "starter dataset"); err != nil {
		return counts, fmt.Errorf("seed agreements: %w", err)
	}
	if err := SeedStatistics(ctx, s, d); err != nil {
		return counts, err
	}
	if _, err := s.ImportDirectory(ctx, d.Projects, "starter dataset"); err != nil {
		return counts, fmt.Errorf("seed projects: %w", err)
	}
	return counts, nil
}

// readCSV reads an embedded CSV file, checks its header, and calls row for
// each record with its line number.
func readCSV(name string, header []string, row func(line int, rec []string) error) error {
	b, err := files.ReadFile(name)
	if err != nil {
		return err
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = len(header)
	got, err := r.Read()
	if err != nil {
		return fmt.Errorf("starter/%s: header: %w", name, err)
	}
	if fmt.Sprint(got) != fmt.Sprint(header) {
		return fmt.Errorf("starter/%s: header is %v, want %v", name, got, header)
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("starter/%s: %w", name, err)
		}
		line, _ := r.FieldPos(0)
		if err := row(line, rec); err != nil {
			return fmt.Errorf("starter/%s line %d: %w", name, line, err)
		}
	}
}

func loadRegions() ([]*lmo.Region, error) {
	var out []*lmo.Region
	header := []string{"code", "kind", "name_en", "parent", "source", "source_url", "source_checked"}
	err := readCSV("regions.csv", header, func(_ int, rec []string) error {
		if rec[0] == "" || rec[1] == "" || rec[2] == "" {
			return fmt.Errorf("code, kind and name are required")
		}
		if rec[4] == "" || !strings.HasPrefix(rec[5], "https://") {
			return fmt.Errorf("region %q: a source and its https address are required", rec[0])
		}
		if rec[6] != "" && !isDate(rec[6]) {
			return fmt.Errorf("region %q: source_checked %q is not a date (YYYY-MM-DD)", rec[0], rec[6])
		}
		out = append(out, &lmo.Region{Code: rec[0], Kind: rec[1], Name: rec[2], Parent: rec[3],
			Source: rec[4], SourceURL: rec[5], SourceChecked: rec[6]})
		return nil
	})
	return out, err
}

// nameSources are the values of countries.csv's name_source column, each
// described in starter/COUNTRIES.md.
var nameSources = map[string]bool{"undesa-2020": true, "unsd-m49": true, "ilostat": true, "iso-common": true, "iso": true}

// isDate reports whether s is a calendar date written YYYY-MM-DD.
func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

func loadCountries() ([]*lmo.Country, error) {
	var out []*lmo.Country
	header := []string{"alpha2", "alpha3", "numeric", "name_en", "name_source", "name_iso", "name_official", "name_fr", "name_es",
		"m49_region", "m49_subregion", "m49_intermediate", "ilo_region"}
	err := readCSV("countries.csv", header, func(_ int, rec []string) error {
		if len(rec[0]) != 2 || len(rec[1]) != 3 || len(rec[2]) != 3 || rec[3] == "" || rec[5] == "" {
			return fmt.Errorf("country %q: bad codes or no name", rec[0])
		}
		if !nameSources[rec[4]] {
			return fmt.Errorf("country %q: unknown name_source %q (see starter/COUNTRIES.md)", rec[0], rec[4])
		}
		out = append(out, &lmo.Country{Code: rec[0], Alpha3: rec[1], Numeric: rec[2], NameEN: rec[3], NameSource: rec[4],
			NameISO: rec[5], NameOfficial: rec[6], NameFR: rec[7], NameES: rec[8],
			M49Region: rec[9], M49Subregion: rec[10], M49Intermediate: rec[11], ILORegion: rec[12]})
		return nil
	})
	return out, err
}

func loadVocabularies() ([]*lmo.Vocabulary, error) {
	var doc struct {
		Vocabularies []*lmo.Vocabulary `json:"vocabularies"`
	}
	if err := decodeJSON("vocabularies.json", &doc); err != nil {
		return nil, err
	}
	return doc.Vocabularies, nil
}

func loadPractices() ([]*lmo.Practice, error) {
	f, err := files.Open("practices.json")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readPractices("starter/practices.json", f)
}

// readPractices reads a practice import file strictly (ingest.PracticesJSON):
// an error names the file, the item, and its line and column.
func readPractices(name string, r io.Reader) ([]*lmo.Practice, error) {
	var ps []*lmo.Practice
	for p, err := range ingest.PracticesJSON(r) {
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// decodeJSON decodes an embedded JSON file strictly: unknown fields are
// errors, and a syntax error names its line.
func decodeJSON(name string, v any) error {
	b, err := files.ReadFile(name)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			line := bytes.Count(b[:syn.Offset], []byte("\n")) + 1
			return fmt.Errorf("starter/%s line %d: %w", name, line, err)
		}
		return fmt.Errorf("starter/%s: %w", name, err)
	}
	return nil
}
