package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lmo-observatory/lmo"
)

// undesaOriginLayout is the layout of an origin-by-destination table: the
// columns of the header row, the origins of the row below it.
type undesaOriginLayout struct {
	headerLine                   int
	year, dest, notes, code, typ int // column indexes from 0; -1 when absent
	originCol                    int
	origins                      []undesaOrigin
	sex                          string
	titles                       undesaTitles
	title                        string
	namesLine                    int
}

// undesaOrigin is one origin column: its name as written and where its
// values go.
type undesaOrigin struct {
	col      int
	name     string
	area     string // "" for the total of all origins
	unmapped bool
}

// undesaMaxHeaderLine bounds how far down a CSV file the header is looked
// for.
const undesaMaxHeaderLine = 100

// undesaOriginHeader reads the rows of an origin-by-destination CSV file
// up to and including the row of origin names, and returns the layout.
func undesaOriginHeader(cr *csv.Reader) (*undesaOriginLayout, error) {
	l := &undesaOriginLayout{year: -1, dest: -1, notes: -1, code: -1, typ: -1, originCol: -1}
	for n := 1; ; n++ {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil, errorf("", "no header row: a UN DESA table by origin and destination has a row with the columns Year, the area of destination, Code and \"Country or area of origin\", with the origins' names on the row below")
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if n == 1 && len(row) > 0 {
			row[0] = strings.TrimPrefix(row[0], "\uFEFF")
		}
		for i, c := range row {
			if !utf8.ValidString(c) {
				return nil, errorf(fmt.Sprintf("line %d, column %d", line, i+1), "the text is not UTF-8")
			}
			h := canonical(c)
			switch {
			case h == "year":
				l.year = i
			case strings.Contains(h, "destination") && l.dest < 0:
				l.dest = i
			case h == "notes" || h == "note":
				l.notes = i
			case h == "code" || h == "location code":
				l.code = i
			case strings.HasPrefix(h, "type of data"):
				l.typ = i
			case strings.HasPrefix(h, "country or area of origin"):
				l.originCol = i
			}
		}
		if l.year >= 0 && l.dest >= 0 && l.code >= 0 && l.originCol >= 0 {
			l.headerLine = line
			break
		}
		*l = undesaOriginLayout{titles: l.titles, title: l.title, year: -1, dest: -1, notes: -1, code: -1, typ: -1, originCol: -1}
		for _, c := range row {
			if c = strings.TrimSpace(c); c == "" {
				continue
			}
			l.titles.read(c)
			lc := strings.ToLower(c)
			if l.title == "" && strings.Contains(lc, "migrant stock") && strings.Contains(lc, "origin") {
				l.title = strings.Join(strings.Fields(c), " ")
			}
		}
		if n >= undesaMaxHeaderLine {
			return nil, errorf("", "no header row in the first %d lines: a UN DESA table by origin and destination has a row with the columns Year, the area of destination, Code and \"Country or area of origin\"", undesaMaxHeaderLine)
		}
	}
	if l.title == "" {
		return nil, errorf(fmt.Sprintf("line %d", l.headerLine), "the title rows above the header do not say which table this is (\"... migrant stock at mid-year by origin and by ... destination\")")
	}
	if l.titles.edition == "" {
		return nil, errorf(fmt.Sprintf("line %d", l.headerLine), "the title rows above the header do not say the edition (\"International Migrant Stock 2019\")")
	}
	l.sex = undesaTitleSex(l.title)
	names, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errorf(fmt.Sprintf("line %d", l.headerLine+1), "the row of origins' names is missing below the header")
		}
		return nil, csvError(err)
	}
	line, _ := cr.FieldPos(0)
	for i := l.originCol; i < len(names); i++ {
		name := strings.Join(strings.Fields(names[i]), " ")
		if name == "" {
			continue
		}
		if !utf8.ValidString(name) {
			return nil, errorf(fmt.Sprintf("line %d, column %d", line, i+1), "the origin's name is not UTF-8 text")
		}
		l.origins = append(l.origins, undesaOrigin{col: i, name: name})
	}
	l.namesLine = line
	if len(l.origins) == 0 {
		return nil, errorf(fmt.Sprintf("line %d", line), "the row below the header names no origin (Total, Other South, Other North, Afghanistan, ...)")
	}
	return l, nil
}

// resolveOrigins finds where each origin column's values go: "Total" is
// the origin "" (the total), "Other South" and "Other North" are UN DESA's
// aggregates, and any other name is a country or an M49 region found by
// AreaIndex.Name or, failing that, by the location code the same file
// gives that name as a destination (dest: cleaned name -> area), so that
// "Turkey" or "Micronesia (Fed. States of)" find the area their code
// stands for. Two origins that are one area are an error.
func (l *undesaOriginLayout) resolveOrigins(areas *lmo.AreaIndex, dest map[string]string) error {
	taken := map[string]string{}
	for i := range l.origins {
		o := &l.origins[i]
		switch canonical(o.name) {
		case "total":
			o.area = ""
		case "other south":
			o.area = "UNDESA:OTHER_SOUTH"
		case "other north":
			o.area = "UNDESA:OTHER_NORTH"
		default:
			name := undesaCleanName(o.name)
			area, ok := areas.Name(name)
			ok = ok && (len(area) == 2 || (len(area) == 3 && undesaDigits(area)))
			if !ok {
				area, ok = dest[lmo.Fold(name)]
			}
			o.area, o.unmapped = area, !ok
		}
		if o.unmapped {
			continue
		}
		if prev, dup := taken[o.area]; dup {
			return errorf(fmt.Sprintf("line %d, column %d", l.namesLine, o.col+1), "the origin %q is the same area as %q", o.name, prev)
		}
		taken[o.area] = o.name
	}
	return nil
}

// undesaTitleSex reads the sex of a table from its title: "Female migrant
// stock at mid-year by origin ...", "Male ...", or both sexes.
func undesaTitleSex(title string) string {
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return !(r >= 'a' && r <= 'z')
	}) {
		switch w {
		case "female", "females", "women":
			return lmo.SexFemale
		case "male", "males", "men":
			return lmo.SexMale
		}
	}
	return lmo.SexTotal
}

// UNDESAOrigin reads a UN DESA table of the international migrant stock
// by origin and destination exported to CSV (International Migrant Stock
// 2019, "Table 3. Female migrant stock at mid-year by origin and by major
// area, region, country or area of destination, 1990-2019") into the
// import of its edition: IMS_STOCK_BY_ORIGIN (persons), one observation
// per destination (Area), origin (Origin) and year, with the sex of the
// table.
//
// Layout: title and copyright rows come first; their text gives the
// edition ("International Migrant Stock 2019", in the citation), the
// dataset's title (that phrase), the citation ("Suggested citation: ...")
// and the sex (the title "Female migrant stock ..." is female, "Male ..."
// male, otherwise both sexes). The header row is the first with the
// columns Year, "... of destination", Code and "Country or area of origin"
// (Notes and "Type of data" used where present, in any order); the row
// below it names the origins from the "Country or area of origin" column
// on. Then one row per destination and year; rows without a code (the
// headings "UN development groups", "Geographic regions") are skipped and
// counted.
//
// Choices: the origin "Total" is imported as the origin "" (the total of
// all origins, as breakdowns write a total), so the table's own row
// totals stay beside its corridors; it equals the stock by destination of
// the same edition and sex. "Other South" and "Other North" are the
// aggregates UNDESA:OTHER_SOUTH and UNDESA:OTHER_NORTH. Other origins are
// found by name (AreaIndex.Name, a country or an M49 region such as the
// Channel Islands); one that maps to nothing has its values counted in
// Report.Unmapped under its name. Destinations are resolved by code as in
// UNDESAStock. The table is mostly empty cells (no migrants of that origin
// estimated) and "..": those cells are skipped, not yielded as unavailable
// observations, and counted by reason, one count per cell, so the store
// holds what UN DESA estimated and the Report says what it did not.
// Status and note come from "Type of data" as in UNDESAStock; the Notes
// column's marks ("b", "12") are named in the note (their text is not in
// the CSV).
//
// To list the aggregates before the observations, the file is read twice:
// if r is an io.ReadSeeker (an *os.File) it is read again from where it
// stood; otherwise it is held in memory. A file without the header, the
// edition or the origins is an error; a bad cell is an *Error naming its
// line and column and ends the stream.
func UNDESAOrigin(r io.Reader, areas *lmo.AreaIndex) (*StatisticsFile, error) {
	rs, ok := r.(io.ReadSeeker)
	var start int64
	if ok {
		var err error
		if start, err = rs.Seek(0, io.SeekCurrent); err != nil {
			ok = false
		}
	}
	if !ok {
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, errorf("", "reading the file: %w", err)
		}
		rs, start = bytes.NewReader(b), 0
	}
	cr := undesaCSVReader(rs)
	l, err := undesaOriginHeader(cr)
	if err != nil {
		return nil, err
	}
	res := newUndesaAreas(areas)
	for {
		row, err := cr.Read()
		if err != nil {
			break // the stream says where
		}
		if l.code < len(row) && l.dest < len(row) {
			res.add(strings.TrimSpace(row[l.code]), row[l.dest])
		}
	}
	res.settle()
	if err := l.resolveOrigins(areas, res.names()); err != nil {
		return nil, err
	}
	rep := NewReport()
	in := lmo.StatisticsImport{
		Dataset:    undesaDataset(l.titles.edition, l.titles.title, l.titles.citation),
		Indicators: []*lmo.Indicator{undesaIndicator(undesaStockByOrigin)},
		Aggregates: res.aggs,
	}
	for _, o := range l.origins {
		if strings.HasPrefix(o.area, "UNDESA:OTHER_") {
			in.Aggregates = append(in.Aggregates, lmo.Aggregate{Code: o.area, Name: o.name + " (other origins, as UN DESA groups them)"})
		}
	}
	in.Observations = func(yield func(lmo.Observation, error) bool) {
		if _, err := rs.Seek(start, io.SeekStart); err != nil {
			yield(lmo.Observation{}, errorf("", "reading the file again: %w", err))
			return
		}
		cr := undesaCSVReader(rs)
		if _, err := undesaOriginHeader(cr); err != nil {
			yield(lmo.Observation{}, err)
			return
		}
		seen := map[string]bool{}
		for {
			row, err := cr.Read()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				yield(lmo.Observation{}, csvError(err))
				return
			}
			line, _ := cr.FieldPos(0)
			if !l.rowObs(line, row, res, seen, rep, yield) {
				return
			}
		}
	}
	return &StatisticsFile{Import: in, Report: rep}, nil
}

func undesaCSVReader(r io.Reader) *csv.Reader {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return cr
}

// rowObs turns one data row into observations.
func (l *undesaOriginLayout) rowObs(line int, row []string, areas *undesaAreas, seen map[string]bool, rep *Report, yield func(lmo.Observation, error) bool) bool {
	at := func(col int) string {
		name := ""
		if col == l.code {
			name = " (code)"
		} else if col == l.year {
			name = " (year)"
		} else {
			for _, o := range l.origins {
				if o.col == col {
					name = " (" + o.name + ")"
				}
			}
		}
		return fmt.Sprintf("line %d, column %d%s", line, col+1, name)
	}
	blank := true
	for i, c := range row {
		if !utf8.ValidString(c) {
			yield(lmo.Observation{}, errorf(at(i), "the text is not UTF-8"))
			return false
		}
		blank = blank && strings.TrimSpace(c) == ""
	}
	if blank {
		rep.Skip("blank row")
		return true
	}
	rep.Rows++
	code, dest := undesaGet(row, l.code), undesaGet(row, l.dest)
	if code == "" {
		rep.Skip("row without a location code (a heading or a footnote)")
		return true
	}
	if n, err := strconv.Atoi(code); err != nil || n < 0 || strings.HasPrefix(code, "+") {
		yield(lmo.Observation{}, errorf(at(l.code), "the location code %q is not a number", code))
		return false
	}
	code = strconv.Itoa(undesaNum(code))
	period, err := lmo.ParsePeriod(undesaGet(row, l.year))
	if err != nil || period.Month != 0 || period.Quarter != 0 {
		yield(lmo.Observation{}, errorf(at(l.year), "%q is not a year", undesaGet(row, l.year)))
		return false
	}
	key := code + " " + period.String()
	if seen[key] {
		rep.Skip("row repeated under a second grouping (same location code and year)")
		return true
	}
	seen[key] = true
	where := areas.get(code, dest)
	status, typeNote := undesaTypeOfData(undesaGet(row, l.typ))
	note := undesaJoinNote(typeNote, undesaNotes(undesaGet(row, l.notes), nil))
	for _, o := range l.origins {
		raw := undesaGet(row, o.col)
		if why := undesaMissing(raw); why != "" {
			rep.Skip(why)
			continue
		}
		v, err := undesaValue(raw)
		if err != nil {
			yield(lmo.Observation{}, errorf(at(o.col), "%s: %v", undesaCleanName(dest), err))
			return false
		}
		switch {
		case where.area == "":
			rep.Unmap(where.unmapped)
			continue
		case o.unmapped:
			rep.Unmap("origin " + o.name)
			continue
		}
		rep.Observations++
		obs := lmo.Observation{Indicator: undesaStockByOrigin, Area: where.area, Origin: o.area, Sex: l.sex, Period: period,
			Value: v, Status: status, Note: note}
		if !yield(obs, nil) {
			return false
		}
	}
	return true
}
