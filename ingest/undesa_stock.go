package ingest

import (
	"fmt"
	"io"
	"iter"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/lmo-observatory/lmo"
	"github.com/xuri/excelize/v2"
)

// The dataset UN DESA's International Migrant Stock files belong to, one
// edition per release.
const (
	undesaDatasetCode = "undesa-ims"
	undesaPublisher   = "United Nations Department of Economic and Social Affairs, Population Division"
	undesaURL         = "https://www.un.org/development/desa/pd/content/international-migrant-stock"
	undesaLicence     = "CC BY 3.0 IGO"
	undesaLicenceURL  = "https://creativecommons.org/licenses/by/3.0/igo/"
)

// LMO's codes for the indicators of the International Migrant Stock.
const (
	undesaStock         = "IMS_STOCK"
	undesaStockPctPop   = "IMS_STOCK_PCT_POP"
	undesaFemalePct     = "IMS_FEMALE_PCT"
	undesaStockByOrigin = "IMS_STOCK_BY_ORIGIN"
)

var undesaIndicators = map[string]lmo.Indicator{
	undesaStock: {Code: undesaStock, Title: "International migrant stock at mid-year", Unit: "persons",
		Definition: "Persons living in a country other than their country of birth (or, where the place of birth is not recorded, of citizenship), at 1 July of the year; refugees and asylum seekers included where UN DESA adds them."},
	undesaStockPctPop: {Code: undesaStockPctPop, Title: "International migrant stock as a percentage of the total population", Unit: "percent",
		Definition: "The international migrant stock of an area as a percentage of its total population at mid-year, by sex where given."},
	undesaFemalePct: {Code: undesaFemalePct, Title: "Female migrants as a percentage of the international migrant stock", Unit: "percent",
		Definition: "Women and girls among the international migrants of an area, as a percentage of all its international migrants."},
	undesaStockByOrigin: {Code: undesaStockByOrigin, Title: "International migrant stock at mid-year by origin and destination", Unit: "persons",
		Definition: "International migrants living in the destination (the area) who come from the origin; the origin \"\" is the total of all origins."},
}

func undesaDataset(edition, title, citation string) lmo.Dataset {
	return lmo.Dataset{Code: undesaDatasetCode, Edition: edition, Publisher: undesaPublisher, Title: title,
		URL: undesaURL, Licence: undesaLicence, LicenceURL: undesaLicenceURL, Citation: citation}
}

func undesaIndicator(code string) *lmo.Indicator {
	in := undesaIndicators[code]
	in.Dataset = undesaDatasetCode
	return &in
}

// undesaEditionRE finds the edition in a title: "International Migrant
// Stock 2020: Destination".
var undesaEditionRE = regexp.MustCompile(`(?i)international migrant stock (\d{4})\b`)

// undesaTitles is what the rows above a table's header say: the
// workbook's title, its edition, the citation it asks for.
type undesaTitles struct {
	title, edition, citation string
}

// read takes one line of title text.
func (t *undesaTitles) read(line string) {
	line = strings.Join(strings.Fields(line), " ")
	if m := undesaEditionRE.FindStringSubmatch(line); m != nil && t.edition == "" {
		t.edition = m[1]
		t.title = line
		if strings.HasPrefix(line, "Suggested citation:") || len(line) > 120 {
			// The edition named in a citation or a sentence: the title is
			// the product's name.
			t.title = m[0]
		}
	}
	if rest, ok := strings.CutPrefix(line, "Suggested citation:"); ok && t.citation == "" {
		t.citation = strings.TrimSpace(rest)
	}
}

// undesaTypeOfData reads UN DESA's "Type of data" codes (B foreign-born,
// C foreign citizens, R refugees added, I imputed, in any combination such
// as "B R" or "C B R") into an observation's status and a note saying
// what they mean. Every value of the International Migrant Stock is an
// estimate at 1 July derived by UN DESA from censuses, registers and
// surveys, so the status is StatusEstimated; a value whose type includes I
// (no data: imputed from other countries) is StatusImputed. An empty type
// (aggregates, a few territories) says nothing more.
func undesaTypeOfData(t string) (status, note string) {
	codes := strings.Fields(strings.ToUpper(strings.ReplaceAll(t, ",", " ")))
	if len(codes) == 1 && len(codes[0]) > 1 { // "CR"
		codes = strings.Split(codes[0], "")
	}
	status = lmo.StatusEstimated
	var parts []string
	for _, c := range codes {
		switch c {
		case "B":
			parts = append(parts, "estimated from data on the foreign-born population")
		case "C":
			parts = append(parts, "estimated from data on foreign citizens")
		case "R":
			parts = append(parts, "refugees and asylum seekers reported by UNHCR or UNRWA added")
		case "I":
			status = lmo.StatusImputed
			parts = append(parts, "imputed: no data on the migrant stock")
		default:
			parts = append(parts, "code "+c)
		}
	}
	if len(parts) == 0 {
		return status, ""
	}
	return status, "Type of data " + strings.Join(codes, " ") + ": " + strings.Join(parts, "; ") + "."
}

// undesaJoinNote joins note parts and keeps the note within
// lmo.MaxNoteLength.
func undesaJoinNote(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	note := strings.Join(kept, " ")
	if len(note) > lmo.MaxNoteLength {
		cut := lmo.MaxNoteLength - len("…")
		for cut > 0 && !undesaRuneStart(note[cut]) {
			cut--
		}
		note = note[:cut] + "…"
	}
	return note
}

func undesaRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// undesaCleanName is an area's name as UN DESA writes it without the
// indentation, the asterisk that points to the notes and doubled spaces.
func undesaCleanName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.TrimSpace(strings.TrimRight(s, "*"))
}

// undesaAreas resolves UN DESA's location codes and names to areas. A
// code below 900 is a country or area (M49 numeric), found by
// AreaIndex.Code, or unmapped. A code from 900 on is a grouping: the world
// (900), a region whose name is a UN M49 region's name (found by
// AreaIndex.Name; only an M49 code is taken, never a country or another
// body's region of the same name), or else a UN DESA aggregate
// "UNDESA:<code>" (development groups, income groups, SDG regions, and a
// region whose composition differs from M49's). When two groupings have
// the same name (an SDG region and a geographic one, "Latin America and
// the Caribbean" 904 and 1830), the smaller code takes the region and the
// other stays an aggregate, whatever their order in the file.
type undesaAreas struct {
	ix      *lmo.AreaIndex
	seen    map[string]string // location code -> name as written
	order   []string          // location codes, as first seen
	byCode  map[string]undesaArea
	aggs    []lmo.Aggregate
	settled bool
}

// undesaArea is where a location code's values go: an area, or nowhere
// (unmapped, under the name as written).
type undesaArea struct {
	area     string
	unmapped string
}

func newUndesaAreas(ix *lmo.AreaIndex) *undesaAreas {
	return &undesaAreas{ix: ix, seen: map[string]string{}, byCode: map[string]undesaArea{}}
}

// add records a location code and its name, before settle.
func (a *undesaAreas) add(code, name string) {
	code = strings.TrimSpace(code)
	if _, ok := a.seen[code]; ok || code == "" {
		return
	}
	if _, err := strconv.Atoi(code); err != nil {
		return // the stream says where
	}
	a.seen[code] = name
	a.order = append(a.order, code)
}

// settle resolves every code added, and lists the aggregates.
func (a *undesaAreas) settle() {
	a.settled = true
	codes := slices.Clone(a.order)
	slices.SortFunc(codes, func(x, y string) int { return undesaNum(x) - undesaNum(y) })
	claimed := map[string]string{} // area -> code
	for _, code := range codes {
		name := undesaCleanName(a.seen[code])
		n := undesaNum(code)
		area, ok := a.ix.Code(code)
		if n >= 900 && !ok {
			lookup := strings.ReplaceAll(name, " / ", " and ")
			area, ok = a.ix.Name(lookup)
			ok = ok && len(area) == 3 && undesaDigits(area)
		}
		if ok && claimed[area] != "" {
			ok = false
		}
		switch {
		case ok:
			claimed[area] = code
			a.byCode[code] = undesaArea{area: area}
		case n >= 900:
			agg := lmo.Aggregate{Code: "UNDESA:" + code, Name: name}
			a.byCode[code] = undesaArea{area: agg.Code}
			a.aggs = append(a.aggs, agg)
		default:
			a.byCode[code] = undesaArea{unmapped: name + " (" + code + ")"}
		}
	}
}

// names returns the areas of the countries and areas (codes below 900)
// by their folded names.
func (a *undesaAreas) names() map[string]string {
	out := map[string]string{}
	for code, name := range a.seen {
		if r := a.byCode[code]; r.area != "" && undesaNum(code) < 900 {
			out[lmo.Fold(undesaCleanName(name))] = r.area
		}
	}
	return out
}

// get returns where a location code's values go, resolving a code not
// added before settle as unmapped or an aggregate would be.
func (a *undesaAreas) get(code, name string) undesaArea {
	if r, ok := a.byCode[code]; ok {
		return r
	}
	if area, ok := a.ix.Code(code); ok && undesaNum(code) < 900 {
		return undesaArea{area: area}
	}
	return undesaArea{unmapped: undesaCleanName(name) + " (" + code + ")"}
}

func undesaNum(code string) int {
	n, _ := strconv.Atoi(code)
	return n
}

func undesaDigits(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

// undesaMissing says why a cell holds no value, or "" when it should hold
// a number: UN DESA writes ".." for not available, "-" where an area did
// not exist, "~" for data protected for privacy, and "—" for a magnitude
// below half the unit.
func undesaMissing(s string) string {
	switch strings.TrimSpace(s) {
	case "":
		return "cell empty"
	case "..":
		return "cell not available (..)"
	case "-", "–":
		return "cell with no value (-)"
	case "~":
		return "cell protected for privacy (~)"
	case "—":
		return "cell less than half the unit (—)"
	}
	return ""
}

// undesaValue reads a number as UN DESA writes it: raw workbook values
// ("2.8717762721866524", "152986157") or thousands separated by commas
// or spaces in an export ("75,349,784", "152 986 157").
func undesaValue(s string) (float64, error) {
	s = strings.TrimSpace(s)
	v, ok, err := parseStatValue(strings.ReplaceAll(s, "\u00a0", ""))
	if err != nil || !ok {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if v != v || v > 1e15 || v < -1e15 {
		return 0, fmt.Errorf("%q is not a number UN DESA would publish", s)
	}
	return v, nil
}

// undesaSex reads the sex of a block of year columns from its label:
// "International migrant stock at mid-year, both sexes combined", "...,
// males", "..., females". Only the last comma-separated part counts, so
// that "Female migrants as a percentage of the international migrant
// stock" (a share of all migrants) is the total.
func undesaSex(label string) string {
	i := strings.LastIndex(label, ",")
	if i < 0 {
		return lmo.SexTotal
	}
	last := strings.ToLower(label[i+1:])
	if j := strings.Index(last, "("); j >= 0 {
		last = last[:j]
	}
	switch strings.Join(strings.Fields(last), " ") {
	case "males", "male", "men":
		return lmo.SexMale
	case "females", "female", "women":
		return lmo.SexFemale
	}
	return lmo.SexTotal
}

// undesaTableKind says what a table is from a line of its title: the
// indicator it holds, or why LMO does not import it.
func undesaTableKind(line string) (indicator, skip string) {
	l := strings.ToLower(strings.Join(strings.Fields(line), " "))
	switch {
	case strings.Contains(l, "female migrants as a percentage of the international migrant stock"):
		return undesaFemalePct, ""
	case strings.Contains(l, "international migrant stock as a percentage of the total population"):
		return undesaStockPctPop, ""
	case strings.Contains(l, "annual rate of change"):
		return "", "table not imported: the annual rate of change over five-year periods derives from the migrant stock"
	case strings.Contains(l, "refugee"):
		return "", "table not imported: the refugee stock (mixing stocks, shares of the migrant stock and rates of change)"
	case strings.Contains(l, "international migrant stock at mid-year by sex"), strings.HasPrefix(l, "international migrant stock at mid-year"),
		strings.Contains(l, ": international migrant stock at mid-year"):
		return undesaStock, ""
	case strings.Contains(l, "total population"):
		return "", "table not imported: the total population (thousands) is World Population Prospects' denominator, not a migration statistic"
	}
	return "", ""
}

// undesaLayout is a table's layout, read from the rows above and at its
// header: which column holds what, the indicator, and the sex and year of
// each value column.
type undesaLayout struct {
	sheet      string
	headerRow  int
	name, code int // column indexes, from 0
	notes, typ int // -1 when absent
	years      []undesaYearCol
	indicator  string
	skip       string // why the table is not imported ("" when it is)
	title      string // the line that said what the table is
	titles     undesaTitles
}

type undesaYearCol struct {
	col  int
	year int
	sex  string
}

// undesaMaxHeaderRow bounds how far down a sheet the header is looked for.
const undesaMaxHeaderRow = 80

// undesaHeaderScan reads a sheet's top rows one at a time until it finds
// the header row. The header is the row with a cell "Region, development
// group, country or area" (or another "..., country or area" heading), a
// cell "Location code" (or "Code") and cells that are years; the rows
// above it are the titles (the workbook's title and edition, the table's
// title, the citation) and, just above the header, the labels of the
// blocks of years ("..., both sexes combined", "..., males", "...,
// females"), each label over the first column of its block.
type undesaHeaderScan struct {
	sheet  string
	above  [][]string // rows above the header
	layout *undesaLayout
}

// row takes the next row (number from 1); it returns true when the
// header has been found (s.layout is then set) or an error when the header
// is malformed.
func (s *undesaHeaderScan) row(n int, cells []string) (bool, error) {
	h := undesaHeaderColumns(cells)
	if h.name < 0 || h.code < 0 || len(h.years)+h.ranges == 0 {
		s.above = append(s.above, slices.Clone(cells))
		return false, nil
	}
	l := &undesaLayout{sheet: s.sheet, headerRow: n, name: h.name, code: h.code, notes: h.notes, typ: h.typ}
	first := len(cells)
	for _, y := range h.years {
		first = min(first, y.col)
	}
	l.years = undesaYearSexes(h.years, s.blockLabels(first), first)
	l.readTitles(s.above)
	if err := l.check(n); err != nil {
		return true, err
	}
	s.layout = l
	return true, nil
}

// undesaHeaderCols are the columns a row names, -1 when it does not.
type undesaHeaderCols struct {
	name, code, notes, typ int
	years                  []undesaYearCol
	ranges                 int // cells that are periods of years
}

// undesaHeaderColumns finds the name, code, notes, type and year columns of a row.
func undesaHeaderColumns(cells []string) undesaHeaderCols {
	hc := undesaHeaderCols{name: -1, code: -1, notes: -1, typ: -1}
	for i, c := range cells {
		h := canonical(c)
		switch {
		case h == "region, development group, country or area" || (strings.HasSuffix(h, "country or area") && hc.name < 0) ||
			strings.HasSuffix(h, "country or area of destination"):
			hc.name = i
		case h == "location code" || (h == "code" && hc.code < 0):
			hc.code = i
		case h == "notes" || h == "note":
			hc.notes = i
		case strings.HasPrefix(h, "type of data"):
			hc.typ = i
		case len(h) == 4 && undesaDigits(h):
			y, _ := strconv.Atoi(h)
			if y >= 1900 && y <= 2200 {
				hc.years = append(hc.years, undesaYearCol{col: i, year: y})
			}
		case undesaYearRange(c):
			hc.ranges++ // "1990-1995": a table of rates of change
		}
	}
	return hc
}

// blockLabels returns the labels of the blocks: the last row above the
// header with text over the year columns (from column first).
func (s *undesaHeaderScan) blockLabels(first int) []string {
	var labels []string
	for i := len(s.above) - 1; i >= 0 && labels == nil; i-- {
		for c := first; c < len(s.above[i]); c++ {
			if strings.TrimSpace(s.above[i][c]) != "" {
				labels = s.above[i]
				break
			}
		}
	}
	return labels
}

// undesaYearSexes gives each year column the sex of the block label over or before it.
func undesaYearSexes(years []undesaYearCol, labels []string, first int) []undesaYearCol {
	var out []undesaYearCol
	for _, y := range years {
		y.sex = lmo.SexTotal
		for c := min(y.col, len(labels)-1); c >= first; c-- {
			if strings.TrimSpace(labels[c]) != "" {
				y.sex = undesaSex(labels[c])
				break
			}
		}
		out = append(out, y)
	}
	return out
}

// readTitles reads the rows above the header: the titles, and what the table is.
func (l *undesaLayout) readTitles(above [][]string) {
	for _, row := range above {
		for _, c := range row {
			if strings.TrimSpace(c) == "" {
				continue
			}
			l.titles.read(c)
			if l.indicator == "" && l.skip == "" {
				if ind, skip := undesaTableKind(c); ind != "" || skip != "" {
					l.indicator, l.skip, l.title = ind, skip, strings.Join(strings.Fields(c), " ")
				}
			}
		}
	}
	if l.indicator == "" && l.skip == "" {
		l.skip = "table not imported: its title does not say it is one of the International Migrant Stock's tables by destination"
	}
}

// check faults an imported table's header (row n) without years or with a year twice for one sex.
func (l *undesaLayout) check(n int) error {
	if l.indicator != "" && len(l.years) == 0 {
		return errorf(fmt.Sprintf("sheet %s, row %d", l.sheet, n), "the header of the table of %s has no year columns (1990, 1995, ...)", l.title)
	}
	seen := map[string]int{}
	for _, y := range l.years {
		key := y.sex + " " + strconv.Itoa(y.year)
		if prev, dup := seen[key]; dup && l.indicator != "" {
			return errorf(undesaCell(l.sheet, y.col, n), "the year %d comes twice for sex %s (also cell %s): the label over each block of years (both sexes, males, females) says its sex",
				y.year, y.sex, undesaCellName(prev, n))
		}
		seen[key] = y.col
	}
	return nil
}

// undesaYearRange reports whether a header cell is a period of years,
// "1990-1995".
func undesaYearRange(c string) bool {
	c = strings.TrimSpace(c)
	return len(c) == 9 && c[4] == '-' && undesaDigits(c[:4]) && undesaDigits(c[5:])
}

// undesaCellName names a cell: column index from 0, row from 1.
func undesaCellName(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col+1, row)
	if err != nil {
		return fmt.Sprintf("row %d, column %d", row, col+1)
	}
	return name
}

func undesaCell(sheet string, col, row int) string {
	return "sheet " + sheet + ", cell " + undesaCellName(col, row)
}

func undesaGet(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[i])
}

// rowObs turns one data row of a table into observations, counting
// what it skips in rep. seen holds the location codes of the table's rows
// so far: a row repeated under a second grouping (Australia and New
// Zealand, both an SDG region and Oceania's subregion) is skipped.
func (l *undesaLayout) rowObs(n int, cells []string, areas *undesaAreas, notes map[string]string, seen map[string]bool, rep *Report, yield func(lmo.Observation, error) bool) bool {
	blank := true
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			blank = false
			break
		}
	}
	if blank {
		rep.Skip("blank row")
		return true
	}
	rep.Rows++
	code, name := undesaGet(cells, l.code), undesaGet(cells, l.name)
	if code == "" {
		rep.Skip("row without a location code (a heading or a footnote)")
		return true
	}
	if _, err := strconv.Atoi(code); err != nil || strings.HasPrefix(code, "-") || strings.HasPrefix(code, "+") {
		yield(lmo.Observation{}, errorf(undesaCell(l.sheet, l.code, n), "the location code %q is not a number", code))
		return false
	}
	code = strconv.Itoa(undesaNum(code))
	if seen[code] {
		rep.Skip("row repeated under a second grouping (same location code)")
		return true
	}
	seen[code] = true
	where := areas.get(code, name)
	status, typeNote := undesaTypeOfData(undesaGet(cells, l.typ))
	note := undesaJoinNote(typeNote, undesaNotes(undesaGet(cells, l.notes), notes))
	for _, y := range l.years {
		raw := undesaGet(cells, y.col)
		if why := undesaMissing(raw); why != "" {
			rep.Skip(why)
			continue
		}
		v, err := undesaValue(raw)
		if err != nil {
			yield(lmo.Observation{}, errorf(undesaCell(l.sheet, y.col, n), "%s: %v", name, err))
			return false
		}
		if where.area == "" {
			rep.Unmap(where.unmapped)
			continue
		}
		rep.Observations++
		o := lmo.Observation{Indicator: l.indicator, Area: where.area, Sex: y.sex, Period: lmo.Period{Year: y.year},
			Value: v, Status: status, Note: note}
		if !yield(o, nil) {
			return false
		}
	}
	return true
}

// undesaNotes writes the notes a row's Notes cell points to ("1", "3,4",
// "b"), with their text where the workbook gives it.
func undesaNotes(cell string, notes map[string]string) string {
	var out []string
	for _, k := range strings.FieldsFunc(cell, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		if text, ok := notes[k]; ok {
			out = append(out, "Note "+k+": "+text)
		} else {
			out = append(out, "Note "+k+" of the publisher's table.")
		}
	}
	return strings.Join(out, " ")
}

// undesaSheetRows streams a sheet's rows with their numbers (from 1) and
// raw cell values.
func undesaSheetRows(f *excelize.File, sheet string) iter.Seq2[int, []string] {
	return func(yield func(int, []string) bool) {
		rows, err := f.Rows(sheet)
		if err != nil {
			return
		}
		defer rows.Close()
		for n := 1; rows.Next(); n++ {
			cells, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil || !yield(n, cells) {
				return
			}
		}
	}
}

func undesaOpen(r io.ReaderAt, size int64) (*excelize.File, error) {
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, errorf("", "the file is not an Excel workbook (.xlsx) that can be read: %v", err)
	}
	return f, nil
}

// UNDESAStock reads a UN DESA "International Migrant Stock ... by sex and
// destination" workbook (.xlsx, as published for the 2020 edition) into
// the import of its edition: IMS_STOCK (persons, by sex), IMS_STOCK_PCT_POP
// (the migrant stock as a percentage of the total population, by sex) and
// IMS_FEMALE_PCT (female migrants as a percentage of all migrants, sex
// total), each for every year column and every area row.
//
// Layout: nothing is taken from sheet names or positions. Each sheet's
// rows are read from the top until a header row with "Region, development
// group, country or area", "Location code" and year cells ("Notes" and
// "Type of data" are used where present); the text of the rows above says
// what the table is ("Table 1: International migrant stock at mid-year by
// sex ...", "... as a percentage of the total population ...", "Female
// migrants as a percentage of the international migrant stock ..."), the
// edition ("International Migrant Stock 2020: Destination", which is also
// the dataset's title) and the citation ("Suggested citation: ..."), and
// the label over each block of years gives its sex ("..., both sexes
// combined", "..., males", "..., females"; none is the total). Tables of
// total population, annual rates of change and refugees are skipped, with
// their rows counted in the Report under the reason. A sheet titled
// "Notes" gives the text of the numbered notes of the Notes column.
//
// Areas: a row's "Location code" below 900 is a country or area (M49
// numeric, through AreaIndex.Code); one that maps to nothing is counted
// in Report.Unmapped by name and code ("Atlantis (111)"), never yielded.
// Code 900 is the world ("001"). Other codes from 900 on are groupings: a
// row whose name (without UN DESA's asterisk) is a UN M49 region's name
// is that region (AreaIndex.Name, taking only an M49 code); any other
// (development and income groups, SDG regions, and the region of a name
// already taken by a smaller code, such as the SDG region "Latin America
// and the Caribbean" 1830 beside the geographic 904) is the aggregate
// "UNDESA:<code>" with its name, listed in Import.Aggregates. A row
// repeated under a second grouping (the same code twice in a table) is
// skipped and counted. Status: every value is StatusEstimated, or StatusImputed when
// its Type of data includes I; the note says what the Type of data means
// and carries the text of the row's notes. Cells with ".." (not
// available) and the like are skipped and counted by reason, one count per
// cell. The workbook is read from r (excelize holds the compressed file in
// memory; each sheet is streamed row by row), once to find the layout and
// the areas, and again as the observations are streamed.
//
// A file that is not a workbook, or holds no table of these, or whose
// tables disagree on the edition, is an error; a bad cell is an *Error
// naming the sheet and cell ("sheet Table 1, cell F14: ...") and ends the
// stream.
func UNDESAStock(r io.ReaderAt, size int64, areas *lmo.AreaIndex) (*StatisticsFile, error) {
	f, err := undesaOpen(r, size)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rep := NewReport()
	res := newUndesaAreas(areas)
	tables, notes, titles, err := undesaScanSheets(f, res, rep)
	if err != nil {
		return nil, err
	}
	if len(tables) == 0 {
		return nil, errorf("", "no sheet holds a table of UN DESA's International Migrant Stock by destination: looked for a header row with \"Region, development group, country or area\", \"Location code\" and years, under a title such as \"International migrant stock at mid-year by sex and by region, country or area of destination\"")
	}
	if titles.edition == "" {
		return nil, errorf("sheet "+tables[0].sheet, "the title rows do not say the edition (\"International Migrant Stock 2020\")")
	}
	res.settle()
	in := lmo.StatisticsImport{Dataset: undesaDataset(titles.edition, titles.title, titles.citation), Aggregates: res.aggs}
	for _, l := range tables {
		in.Indicators = append(in.Indicators, undesaIndicator(l.indicator))
	}
	in.Observations = undesaStockObservations(r, size, tables, res, notes, rep)
	return &StatisticsFile{Import: in, Report: rep}, nil
}

// undesaScanSheets finds every sheet's table, and returns the imported
// ones, the notes of all sheets and the titles of the first sheet saying
// the edition.
func undesaScanSheets(f *excelize.File, res *undesaAreas, rep *Report) ([]*undesaLayout, map[string]string, undesaTitles, error) {
	var tables []*undesaLayout
	notes := map[string]string{}
	var titles undesaTitles
	byIndicator := map[string]string{}
	for _, sheet := range f.GetSheetList() {
		l, sheetNotes, err := undesaScanSheet(f, sheet, res, rep)
		if err != nil {
			return nil, nil, titles, err
		}
		for k, v := range sheetNotes {
			notes[k] = v
		}
		if l == nil {
			continue
		}
		if err := undesaSameEdition(&titles, sheet, l); err != nil {
			return nil, nil, titles, err
		}
		if l.indicator == "" {
			continue
		}
		if prev, dup := byIndicator[l.indicator]; dup {
			return nil, nil, titles, errorf("sheet "+sheet, "a second table of %s (the first is on sheet %s)", l.title, prev)
		}
		byIndicator[l.indicator] = sheet
		tables = append(tables, l)
	}
	return tables, notes, titles, nil
}

// undesaSameEdition keeps the first titles saying the edition, and faults
// a sheet saying another.
func undesaSameEdition(titles *undesaTitles, sheet string, l *undesaLayout) error {
	if l.titles.edition == "" {
		return nil
	}
	if titles.edition != "" && titles.edition != l.titles.edition {
		return errorf("sheet "+sheet, "the title says International Migrant Stock %s, another sheet's %s: one edition per file", l.titles.edition, titles.edition)
	}
	if titles.edition == "" {
		*titles = l.titles
	}
	return nil
}

// undesaStockObservations streams the tables' observations, opening the workbook again.
func undesaStockObservations(r io.ReaderAt, size int64, tables []*undesaLayout, res *undesaAreas, notes map[string]string, rep *Report) iter.Seq2[lmo.Observation, error] {
	return func(yield func(lmo.Observation, error) bool) {
		f, err := undesaOpen(r, size)
		if err != nil {
			yield(lmo.Observation{}, err)
			return
		}
		defer f.Close()
		for _, l := range tables {
			seen := map[string]bool{}
			for n, cells := range undesaSheetRows(f, l.sheet) {
				if n <= l.headerRow {
					continue
				}
				if !l.rowObs(n, cells, res, notes, seen, rep, yield) {
					return
				}
			}
		}
	}
}

// undesaScanSheet reads a sheet once: its layout (nil when it has no
// header row), the location codes of an imported table's rows, the rows of
// a table not imported (counted under the reason), and the numbered notes
// of a notes sheet.
func undesaScanSheet(f *excelize.File, sheet string, res *undesaAreas, rep *Report) (*undesaLayout, map[string]string, error) {
	scan := &undesaHeaderScan{sheet: sheet}
	var isNotes bool
	notes := map[string]string{}
	for n, cells := range undesaSheetRows(f, sheet) {
		if scan.layout == nil {
			if n > undesaMaxHeaderRow && !isNotes {
				return nil, nil, nil
			}
			found, err := scan.row(n, cells)
			if err != nil {
				return nil, nil, err
			}
			if !found {
				for _, c := range cells {
					if strings.EqualFold(strings.TrimSpace(c), "notes") {
						isNotes = true
					}
				}
			}
			if found || !isNotes {
				continue
			}
		}
		if l := scan.layout; l != nil {
			switch {
			case l.indicator != "":
				res.add(undesaGet(cells, l.code), undesaGet(cells, l.name))
			case undesaGet(cells, l.code) != "":
				rep.Skip(l.skip)
			}
			continue
		}
		// A notes sheet: a number, then its text.
		var kept []string
		for _, c := range cells {
			if c = strings.TrimSpace(c); c != "" {
				kept = append(kept, c)
			}
		}
		if len(kept) == 2 && undesaDigits(kept[0]) {
			notes[kept[0]] = strings.Join(strings.Fields(kept[1]), " ")
		}
	}
	return scan.layout, notes, nil
}
