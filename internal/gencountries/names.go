package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Name sources, written to the name_source column (see starter/COUNTRIES.md).
const (
	sourceUNDESA    = "undesa-2020" // the UN DESA workbook's name, as the UN writes it
	sourceISOCommon = "iso-common"  // iso-codes' common_name
	sourceISO       = "iso"         // iso-codes' name (the ISO 3166-1 short name)
)

// exceptionSources are the sources a row of names.csv may cite.
var exceptionSources = map[string]bool{"unsd-m49": true, "ilostat": true}

// exception is one row of names.csv: a name that replaces the workbook's.
type exception struct {
	Name   string
	Source string
}

// displayName returns the name people read and its source: an exception
// when names.csv has one, else the UN's name from the workbook, else
// iso-codes' common name, else ISO's short name.
func displayName(c isoCountry, un map[string]string, exceptions map[string]exception) (name, source string) {
	if e, ok := exceptions[c.Alpha2]; ok {
		return e.Name, e.Source
	}
	if n := un[c.Numeric]; n != "" {
		return n, sourceUNDESA
	}
	if c.CommonName != "" {
		return c.CommonName, sourceISOCommon
	}
	return c.Name, sourceISO
}

// undesaFile is where the UN DESA workbook lies under the shared data
// directory (see PROVENANCE.md there); the project does not ship it.
const undesaFile = "shared/data/undesa/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"

// findShared returns the path of rel in the nearest directory above the
// working directory that holds it, or rel under the parent directory when
// none does (the error then names that path).
func findShared(rel string) string {
	for dir := ".."; len(dir) < 16; dir = filepath.Join(dir, "..") {
		p := filepath.Join(dir, rel)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return filepath.Join("..", rel)
}

// The UN DESA workbook's country table: the sheet, and the header cells of
// the name and code columns (the header row is found by its code cell).
const (
	undesaSheet      = "Table 1"
	undesaNameHeader = "Region, development group, country or area"
	undesaCodeHeader = "Location code"
	// Location codes of 900 and above are the workbook's aggregates
	// (regions, income and development groups), not countries or areas.
	undesaFirstAggregate = 900
)

// readUNDESANames reads the name of every country or area, by three-digit
// M49 code, from the UN DESA International Migrant Stock 2020 workbook. The
// workbook indents names and marks territories with a trailing "*"; both
// are removed.
func readUNDESANames(path string) (map[string]string, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := f.GetRows(undesaSheet)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	nameCol, codeCol, start := -1, -1, -1
	for i, r := range rows {
		for j, cell := range r {
			switch strings.TrimSpace(cell) {
			case undesaNameHeader:
				nameCol = j
			case undesaCodeHeader:
				codeCol = j
			}
		}
		if nameCol >= 0 && codeCol >= 0 {
			start = i + 1
			break
		}
	}
	if start < 0 {
		return nil, fmt.Errorf("%s: sheet %q has no header row with %q and %q", path, undesaSheet, undesaNameHeader, undesaCodeHeader)
	}
	names := map[string]string{}
	for i, r := range rows[start:] {
		if len(r) <= max(nameCol, codeCol) || strings.TrimSpace(r[codeCol]) == "" {
			continue
		}
		code, err := strconv.Atoi(strings.TrimSpace(r[codeCol]))
		if err != nil || code < 0 {
			return nil, fmt.Errorf("%s: %s row %d: bad location code %q", path, undesaSheet, start+i+1, r[codeCol])
		}
		if code >= undesaFirstAggregate {
			continue
		}
		name := strings.TrimSuffix(strings.TrimSpace(r[nameCol]), "*")
		key := fmt.Sprintf("%03d", code)
		if name == "" || names[key] != "" {
			return nil, fmt.Errorf("%s: %s row %d: empty or repeated name for code %s", path, undesaSheet, start+i+1, key)
		}
		names[key] = name
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no countries or areas in %s", path, undesaSheet)
	}
	return names, nil
}

// readNameExceptions reads names.csv: alpha2, name, source, note. Every row
// must cite a known source and say why in its note.
func readNameExceptions(path string) (map[string]exception, error) {
	rows, err := readCSV(path, []string{"alpha2", "name", "source", "note"})
	if err != nil {
		return nil, err
	}
	out := map[string]exception{}
	for i, r := range rows {
		line := i + 2
		var errs []error
		if !alpha2RE.MatchString(r[0]) {
			errs = append(errs, fmt.Errorf("bad alpha-2 %q", r[0]))
		}
		if _, dup := out[r[0]]; dup {
			errs = append(errs, fmt.Errorf("duplicate alpha-2 %s", r[0]))
		}
		if strings.TrimSpace(r[1]) == "" || strings.TrimSpace(r[3]) == "" {
			errs = append(errs, errors.New("empty name or note"))
		}
		if !exceptionSources[r[2]] {
			errs = append(errs, fmt.Errorf("unknown source %q", r[2]))
		}
		if err := errors.Join(errs...); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out[r[0]] = exception{Name: r[1], Source: r[2]}
	}
	return out, nil
}
