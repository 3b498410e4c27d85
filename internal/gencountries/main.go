// Command gencountries regenerates starter/countries.csv from Debian's
// iso-codes package, the UN DESA International Migrant Stock 2020 workbook
// (for the UN's short names), the committed name exceptions in names.csv and
// the committed M49/ILO mapping in m49.csv.
//
// Run it from the module root:
//
//	go run ./internal/gencountries
//
// It reads ISO 3166-1 from iso-codes' JSON file (name, official name and
// common name), the UN's name of every country or area from the UN DESA
// workbook (joined on the M49 code, which is the ISO numeric code), the French and Spanish names
// from iso-codes' gettext catalogues (.mo files, parsed here), and the UN M49
// region codes and ILO region of every alpha-2 code from m49.csv. Every code
// in m49.csv is checked against starter/regions.csv (kind and parent chain),
// and every ISO 3166-1 entry must have exactly one row in m49.csv, so a new
// iso-codes release that adds or removes a country fails loudly instead of
// producing a partial file. The output is sorted by alpha-2 code and is
// byte-for-byte reproducible. See starter/COUNTRIES.md for the columns and
// how the name people read is chosen, and starter/SOURCES.md.
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

func main() {
	isoPath := flag.String("iso", "/usr/share/iso-codes/json/iso_3166-1.json", "iso-codes ISO 3166-1 JSON file")
	localeDir := flag.String("locale", "/usr/share/locale", "directory holding <lang>/LC_MESSAGES/iso_3166-1.mo")
	m49Path := flag.String("m49", "internal/gencountries/m49.csv", "M49/ILO mapping by alpha-2 code")
	regionsPath := flag.String("regions", "starter/regions.csv", "regions file used to validate the mapping")
	undesaPath := flag.String("undesa", findShared(undesaFile),
		"UN DESA International Migrant Stock 2020 workbook (by sex and destination)")
	namesPath := flag.String("names", "internal/gencountries/names.csv", "name exceptions by alpha-2 code")
	outPath := flag.String("out", "starter/countries.csv", "output file")
	flag.Parse()

	in := inputs{ISO: *isoPath, Locale: *localeDir, M49: *m49Path, Regions: *regionsPath, UNDESA: *undesaPath, Names: *namesPath}
	if err := run(in, *outPath); err != nil {
		fmt.Fprintln(os.Stderr, "gencountries:", err)
		os.Exit(1)
	}
}

// isoCountry is one entry of iso-codes' iso_3166-1.json.
type isoCountry struct {
	Alpha2       string `json:"alpha_2"`
	Alpha3       string `json:"alpha_3"`
	Numeric      string `json:"numeric"`
	Name         string `json:"name"`
	OfficialName string `json:"official_name"`
	CommonName   string `json:"common_name"`
}

// inputs are the paths of the files the generator reads.
type inputs struct {
	ISO, Locale, M49, Regions, UNDESA, Names string
}

// mapping is one row of m49.csv.
type mapping struct {
	M49Code      string
	Region       string
	Subregion    string
	Intermediate string
	ILORegion    string
}

// region is one row of starter/regions.csv.
type region struct {
	Kind   string
	Parent string
}

var header = []string{
	"alpha2", "alpha3", "numeric", "name_en", "name_source", "name_iso", "name_official", "name_fr", "name_es",
	"m49_region", "m49_subregion", "m49_intermediate", "ilo_region",
}

func run(in inputs, outPath string) error {
	isoPath, localeDir, m49Path, regionsPath := in.ISO, in.Locale, in.M49, in.Regions
	countries, err := readISO(isoPath)
	if err != nil {
		return err
	}
	unNames, err := readUNDESANames(in.UNDESA)
	if err != nil {
		return err
	}
	exceptions, err := readNameExceptions(in.Names)
	if err != nil {
		return err
	}
	translations := map[string]map[string]string{}
	for _, lang := range []string{"fr", "es"} {
		p := filepath.Join(localeDir, lang, "LC_MESSAGES", "iso_3166-1.mo")
		f, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		cat, err := parseMO(f)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		translations[lang] = cat
	}
	regions, err := readRegions(regionsPath)
	if err != nil {
		return err
	}
	maps, err := readMapping(m49Path, regions)
	if err != nil {
		return err
	}

	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(header); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, c := range countries {
		m, ok := maps[c.Alpha2]
		if !ok {
			return fmt.Errorf("%s: no row for %s (%s); add one (empty codes allowed)", m49Path, c.Alpha2, c.Name)
		}
		if m.M49Code != "" && m.M49Code != c.Numeric {
			return fmt.Errorf("%s: %s has M49 code %s but ISO numeric %s", m49Path, c.Alpha2, m.M49Code, c.Numeric)
		}
		seen[c.Alpha2] = true
		name, source := displayName(c, unNames, exceptions)
		rec := []string{
			c.Alpha2, c.Alpha3, c.Numeric, name, source, c.Name, c.OfficialName,
			translations["fr"][c.Name], translations["es"][c.Name],
			m.Region, m.Subregion, m.Intermediate, m.ILORegion,
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	for a := range maps {
		if !seen[a] {
			return fmt.Errorf("%s: %s is not in ISO 3166-1 (%s)", m49Path, a, isoPath)
		}
	}
	for a := range exceptions {
		if !seen[a] {
			return fmt.Errorf("%s: %s is not in ISO 3166-1 (%s)", in.Names, a, isoPath)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if err := os.WriteFile(outPath, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gencountries: wrote %d countries to %s\n", len(countries), outPath)
	return nil
}

var (
	alpha2RE  = regexp.MustCompile(`^[A-Z]{2}$`)
	alpha3RE  = regexp.MustCompile(`^[A-Z]{3}$`)
	numericRE = regexp.MustCompile(`^[0-9]{3}$`)
)

func readISO(path string) ([]isoCountry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Entries []isoCountry `json:"3166-1"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.Entries) == 0 {
		return nil, fmt.Errorf("%s: no ISO 3166-1 entries", path)
	}
	seen := map[string]bool{}
	for _, c := range doc.Entries {
		if !alpha2RE.MatchString(c.Alpha2) || !alpha3RE.MatchString(c.Alpha3) ||
			!numericRE.MatchString(c.Numeric) || c.Name == "" {
			return nil, fmt.Errorf("%s: malformed entry %+v", path, c)
		}
		if seen[c.Alpha2] {
			return nil, fmt.Errorf("%s: duplicate alpha-2 %s", path, c.Alpha2)
		}
		seen[c.Alpha2] = true
	}
	slices.SortFunc(doc.Entries, func(a, b isoCountry) int { return strings.Compare(a.Alpha2, b.Alpha2) })
	return doc.Entries, nil
}

func readCSV(path string, want []string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = len(want)
	got, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if !slices.Equal(got, want) {
		return nil, fmt.Errorf("%s: header is %q, want %q", path, got, want)
	}
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		rows = append(rows, rec)
	}
}

func readRegions(path string) (map[string]region, error) {
	rows, err := readCSV(path, []string{"code", "kind", "name_en", "parent", "source", "source_url", "source_checked"})
	if err != nil {
		return nil, err
	}
	regions := map[string]region{}
	for i, r := range rows {
		if _, dup := regions[r[0]]; dup {
			return nil, fmt.Errorf("%s:%d: duplicate code %q", path, i+2, r[0])
		}
		regions[r[0]] = region{Kind: r[1], Parent: r[3]}
	}
	return regions, nil
}

// readMapping reads m49.csv and checks every code against regions: the
// region must be an m49-region, the sub-region an m49-subregion whose parent
// is the region, the intermediate region an m49-intermediate whose parent is
// the sub-region, and the ILO region an ilo region.
func readMapping(path string, regions map[string]region) (map[string]mapping, error) {
	rows, err := readCSV(path, []string{
		"alpha2", "m49_code", "m49_region", "m49_subregion", "m49_intermediate", "ilo_region",
	})
	if err != nil {
		return nil, err
	}
	kindOf := func(code, kind, parent string) error {
		r, ok := regions[code]
		switch {
		case !ok:
			return fmt.Errorf("unknown region code %q", code)
		case r.Kind != kind:
			return fmt.Errorf("region %q is %s, want %s", code, r.Kind, kind)
		case parent != "" && r.Parent != parent:
			return fmt.Errorf("region %q has parent %q, want %q", code, r.Parent, parent)
		}
		return nil
	}
	maps := map[string]mapping{}
	for i, r := range rows {
		line := i + 2
		m := mapping{M49Code: r[1], Region: r[2], Subregion: r[3], Intermediate: r[4], ILORegion: r[5]}
		if !alpha2RE.MatchString(r[0]) {
			return nil, fmt.Errorf("%s:%d: bad alpha-2 %q", path, line, r[0])
		}
		if _, dup := maps[r[0]]; dup {
			return nil, fmt.Errorf("%s:%d: duplicate alpha-2 %s", path, line, r[0])
		}
		if m.M49Code != "" && !numericRE.MatchString(m.M49Code) {
			return nil, fmt.Errorf("%s:%d: bad M49 code %q", path, line, m.M49Code)
		}
		var errs []error
		if m.M49Code == "" && (m.Region != "" || m.Subregion != "" || m.Intermediate != "") {
			errs = append(errs, errors.New("regions given for an area not in M49"))
		}
		if m.Region != "" {
			errs = append(errs, kindOf(m.Region, "m49-region", "001"))
		}
		if m.Subregion != "" {
			if m.Region == "" {
				errs = append(errs, errors.New("sub-region without region"))
			}
			errs = append(errs, kindOf(m.Subregion, "m49-subregion", m.Region))
		} else if m.Region != "" {
			errs = append(errs, errors.New("region without sub-region"))
		}
		if m.Intermediate != "" {
			errs = append(errs, kindOf(m.Intermediate, "m49-intermediate", m.Subregion))
		}
		if m.ILORegion != "" {
			errs = append(errs, kindOf(m.ILORegion, "ilo", ""))
		}
		if err := errors.Join(errs...); err != nil {
			return nil, fmt.Errorf("%s:%d (%s): %w", path, line, r[0], err)
		}
		maps[r[0]] = m
	}
	return maps, nil
}

// parseMO parses a GNU gettext binary catalogue and returns its translations
// by msgid. The header entry (empty msgid) and entries with an empty
// translation are skipped; for plural entries the singular forms are used;
// entries with a message context are skipped, as iso-codes uses none.
//
// Format: a magic number (0x950412de in the file's byte order), a revision,
// the number of strings N, the offset of the table of original strings and
// the offset of the table of translations; each table holds N (length,
// offset) pairs of uint32.
func parseMO(data []byte) (map[string]string, error) {
	if len(data) < 20 {
		return nil, errors.New("file too short for a .mo header")
	}
	var bo binary.ByteOrder
	switch {
	case binary.LittleEndian.Uint32(data) == 0x950412de:
		bo = binary.LittleEndian
	case binary.BigEndian.Uint32(data) == 0x950412de:
		bo = binary.BigEndian
	default:
		return nil, errors.New("not a .mo file (bad magic number)")
	}
	if rev := bo.Uint32(data[4:]); rev>>16 > 1 {
		return nil, fmt.Errorf("unsupported .mo major revision %d", rev>>16)
	}
	n := uint64(bo.Uint32(data[8:]))
	origTab := uint64(bo.Uint32(data[12:]))
	transTab := uint64(bo.Uint32(data[16:]))
	size := uint64(len(data))
	if origTab+8*n > size || transTab+8*n > size {
		return nil, errors.New("string tables run past the end of the file")
	}
	str := func(tab, i uint64) (string, error) {
		l := uint64(bo.Uint32(data[tab+8*i:]))
		off := uint64(bo.Uint32(data[tab+8*i+4:]))
		if off+l > size {
			return "", fmt.Errorf("string %d runs past the end of the file", i)
		}
		return string(data[off : off+l]), nil
	}
	out := make(map[string]string, n)
	for i := range n {
		id, err := str(origTab, i)
		if err != nil {
			return nil, err
		}
		tr, err := str(transTab, i)
		if err != nil {
			return nil, err
		}
		if id == "" || strings.Contains(id, "\x04") {
			continue
		}
		id, _, _ = strings.Cut(id, "\x00")
		tr, _, _ = strings.Cut(tr, "\x00")
		if tr == "" {
			continue
		}
		out[id] = tr
	}
	return out, nil
}
