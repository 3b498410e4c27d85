package ingest

import (
	"fmt"
	"io"
	"iter"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// wbAggregates are the World Bank's aggregate economies, regions, income
// and lending groups and other groupings that World Development
// Indicators files carry as rows beside the countries, by their codes,
// with their names as WDI writes them. The list is the World Bank's own:
// the economies its API lists under the region "Aggregates"
// (https://api.worldbank.org/v2/country, region id "NA", and the WDI
// CSV's Metadata_Country file, where aggregates have no region or income
// group), taken for the codes that the WDI file of 2021-09-15 holds.
// Channel Islands (CHI) and Kosovo (XKX) are economies, not aggregates;
// the reference countries lack them, so they are reported unmapped. WLD,
// the world, is the reference region 001.
var wbAggregates = map[string]string{
	"AFE": "Africa Eastern and Southern",
	"AFW": "Africa Western and Central",
	"ARB": "Arab World",
	"CEB": "Central Europe and the Baltics",
	"CSS": "Caribbean small states",
	"EAP": "East Asia & Pacific (excluding high income)",
	"EAR": "Early-demographic dividend",
	"EAS": "East Asia & Pacific",
	"ECA": "Europe & Central Asia (excluding high income)",
	"ECS": "Europe & Central Asia",
	"EMU": "Euro area",
	"EUU": "European Union",
	"FCS": "Fragile and conflict affected situations",
	"HIC": "High income",
	"HPC": "Heavily indebted poor countries (HIPC)",
	"IBD": "IBRD only",
	"IBT": "IDA & IBRD total",
	"IDA": "IDA total",
	"IDB": "IDA blend",
	"IDX": "IDA only",
	"INX": "Not classified",
	"LAC": "Latin America & Caribbean (excluding high income)",
	"LCN": "Latin America & Caribbean",
	"LDC": "Least developed countries: UN classification",
	"LIC": "Low income",
	"LMC": "Lower middle income",
	"LMY": "Low & middle income",
	"LTE": "Late-demographic dividend",
	"MEA": "Middle East & North Africa",
	"MIC": "Middle income",
	"MNA": "Middle East & North Africa (excluding high income)",
	"NAC": "North America",
	"OED": "OECD members",
	"OSS": "Other small states",
	"PRE": "Pre-demographic dividend",
	"PSS": "Pacific island small states",
	"PST": "Post-demographic dividend",
	"SAS": "South Asia",
	"SSA": "Sub-Saharan Africa (excluding high income)",
	"SSF": "Sub-Saharan Africa",
	"SST": "Small states",
	"TEA": "East Asia & Pacific (IDA & IBRD countries)",
	"TEC": "Europe & Central Asia (IDA & IBRD countries)",
	"TLA": "Latin America & the Caribbean (IDA & IBRD countries)",
	"TMN": "Middle East & North Africa (IDA & IBRD countries)",
	"TSA": "South Asia (IDA & IBRD)",
	"TSS": "Sub-Saharan Africa (IDA & IBRD countries)",
	"UMC": "Upper middle income",
}

// wbArea maps a World Bank economy code: an aggregate of wbAggregates
// (checked first: none is an ISO code), else a reference area (a
// country by ISO alpha-3, WLD the world), else "" for a code in neither.
func wbArea(areas *lmo.AreaIndex, code string) (string, *lmo.Aggregate) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if name, ok := wbAggregates[code]; ok {
		return "WB:" + code, &lmo.Aggregate{Code: "WB:" + code, Name: name}
	}
	if len(code) != 3 {
		return "", nil
	}
	if area, ok := areas.Code(code); ok {
		return area, nil
	}
	return "", nil
}

// wbLicence is the licence of the World Bank's data catalogue.
const (
	wbLicence    = "CC BY 4.0"
	wbLicenceURL = "https://creativecommons.org/licenses/by/4.0/"
)

// WDI reads a World Development Indicators CSV file as the World Bank's
// API and data site write it (API_<indicator>_DS2_en_csv_v2_<n>.csv):
// preamble lines ("Data Source","World Development Indicators"; "Last
// Updated Date","2021-09-15"), then the header Country Name, Country
// Code, Indicator Name, Indicator Code and one column a year. The
// edition is the Last Updated Date. Indicators come from the rows (code
// and name; the unit from the name's last parenthesis, "current US$").
// An empty cell is no observation (counted as skipped "no value").
// Areas: countries by ISO alpha-3 and WLD as the world through areas;
// the World Bank's aggregates (wbAggregates) as lmo.Aggregates "WB:<code>";
// any other code is counted under Report.Unmapped.
//
// When r can seek it is read twice, to list exactly the indicators and
// aggregates before any observation; otherwise the first row gives the
// indicator (a second one is an error) and every aggregate of
// wbAggregates is listed. A file without its Last Updated Date, without
// the header, or with a cell that is not a number is an *Error naming
// the line and column.
func WDI(r io.Reader, areas *lmo.AreaIndex) (*StatisticsFile, error) {
	rewind, canRewind := ilostatRewind(r)
	w := &wbContext{areas: areas, indicators: map[string]*lmo.Indicator{}, aggregates: map[string]bool{}}
	rows, edition, err := wdiOpen(r)
	if err != nil {
		return nil, err
	}
	if canRewind {
		if err := w.wdiListAll(rows); err != nil {
			return nil, err
		}
		if err := rewind(); err != nil {
			return nil, err
		}
		if rows, _, err = wdiOpen(r); err != nil {
			return nil, err
		}
	} else if err := w.wdiListFirst(rows); err != nil {
		return nil, err
	}
	file := w.newFile(lmo.Dataset{
		Code:       "wdi",
		Edition:    edition,
		Publisher:  "World Bank",
		Title:      "World Development Indicators",
		URL:        "https://databank.worldbank.org/source/world-development-indicators",
		Licence:    wbLicence,
		LicenceURL: wbLicenceURL,
		Citation:   "World Bank, World Development Indicators, last updated " + edition + ", https://databank.worldbank.org/source/world-development-indicators.",
	})
	file.Import.Observations = wbObservations(file, rows, nil, w.wdiRow)
	return file, nil
}

// wdiListAll reads every row once to list the file's indicators and aggregates.
func (w *wbContext) wdiListAll(rows *ilostatRows) error {
	w.listing = true
	for {
		rec, err := rows.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if err := w.wdiRow(rec, wbYears(rows), nil, nil); err != nil {
			return err
		}
	}
	w.listing = false
	return nil
}

// wdiListFirst lists the first row's indicator and every World Bank aggregate.
func (w *wbContext) wdiListFirst(rows *ilostatRows) error {
	first, err := rows.peek()
	if err != nil && err != io.EOF {
		return err
	}
	if first != nil {
		w.listing = true
		if err := w.wdiRow(first, wbYears(rows), nil, nil); err != nil {
			return err
		}
		w.listing = false
	}
	for _, code := range slices.Sorted(maps.Keys(wbAggregates)) {
		if !w.aggregates["WB:"+code] {
			w.aggregates["WB:"+code] = true
			w.aggregateList = append(w.aggregateList, lmo.Aggregate{Code: "WB:" + code, Name: wbAggregates[code]})
		}
	}
	return nil
}

// newFile starts a statistics file of the dataset with the listed indicators and aggregates.
func (w *wbContext) newFile(ds lmo.Dataset) *StatisticsFile {
	file := &StatisticsFile{Report: NewReport()}
	file.Import.Dataset = ds
	for _, code := range w.order {
		file.Import.Indicators = append(file.Import.Indicators, w.indicators[code])
	}
	file.Import.Aggregates = w.aggregateList
	return file
}

// wbRow reads one row of a World Bank file, emitting its observations.
type wbRow func(rec *csvRecord, years []string, report *Report, emit func(lmo.Observation) bool) error

// wbObservations streams the rows' observations, skipping (and counting) the footer rows if footer is not nil.
func wbObservations(file *StatisticsFile, rows *ilostatRows, footer func(*csvRecord) bool, row wbRow) iter.Seq2[lmo.Observation, error] {
	return func(yield func(lmo.Observation, error) bool) {
		report := file.Report
		defer func() { wbCountBlank(report, rows) }()
		for {
			rec, err := rows.next()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(lmo.Observation{}, err)
				return
			}
			if footer != nil && footer(rec) {
				report.Skip("footer")
				continue
			}
			report.Rows++
			stopped := false
			err = row(rec, wbYears(rows), report, func(o lmo.Observation) bool {
				report.Observations++
				stopped = !yield(o, nil)
				return !stopped
			})
			if err != nil {
				yield(lmo.Observation{}, err)
				return
			}
			if stopped {
				return
			}
		}
	}
}

// wbContext is what a reading of one World Bank file keeps.
type wbContext struct {
	areas         *lmo.AreaIndex
	listing       bool
	indicators    map[string]*lmo.Indicator
	order         []string
	aggregates    map[string]bool
	aggregateList []lmo.Aggregate
}

func (w *wbContext) addIndicator(in *lmo.Indicator) {
	if _, ok := w.indicators[in.Code]; ok {
		return
	}
	w.indicators[in.Code] = in
	w.order = append(w.order, in.Code)
}

func (w *wbContext) addAggregate(a *lmo.Aggregate) {
	if a != nil && !w.aggregates[a.Code] {
		w.aggregates[a.Code] = true
		w.aggregateList = append(w.aggregateList, *a)
	}
}

var wdiYear = regexp.MustCompile(`^[0-9]{4}$`)

// wdiOpen reads a WDI file up to its header, keeping the Last Updated
// Date of its preamble as the edition.
func wdiOpen(r io.Reader) (*ilostatRows, string, error) {
	edition, source := "", ""
	var editionLine int
	rows, err := ilostatOpenRows(r, "World Development Indicators", "Country Name, Country Code, Indicator Name, Indicator Code, 1960, ...", 20,
		func(names []string) bool {
			return slices.Contains(names, "country code") && slices.Contains(names, "indicator code")
		},
		func(line int, row []string) error {
			if len(row) < 2 {
				return nil
			}
			switch canonical(row[0]) {
			case "last updated date":
				edition, editionLine = strings.TrimSpace(row[1]), line
			case "data source":
				source = strings.TrimSpace(row[1])
			}
			return nil
		},
		func(header []string) ([]column, error) {
			layout := []column{
				{name: "country name"},
				{name: "country code", required: true},
				{name: "indicator name"},
				{name: "indicator code", required: true},
			}
			for _, h := range header {
				if wdiYear.MatchString(strings.TrimSpace(h)) {
					layout = append(layout, column{name: canonical(h)})
				}
			}
			return layout, nil
		})
	if err != nil {
		return nil, "", err
	}
	if source != "" && source != "World Development Indicators" {
		return nil, "", errorf("", "the file's data source is %q, not World Development Indicators", source)
	}
	if edition == "" {
		return nil, "", errorf("", "no \"Last Updated Date\" line before the header: a World Development Indicators file says when it was updated, which is its edition")
	}
	if _, err := lmo.ParseDate(edition); err != nil {
		return nil, "", errorf(fmt.Sprintf("line %d, column 2", editionLine), "Last Updated Date: %s", lmo.ErrorMessage(err))
	}
	years := 0
	for name := range rows.cols {
		if wdiYear.MatchString(name) {
			years++
		}
	}
	if years == 0 {
		return nil, "", errorf(fmt.Sprintf("line %d", rows.line), "the header has no year columns (1960, 1961, ...)")
	}
	return rows, edition, nil
}

// wbUnit reads the unit from an indicator name's last parenthesis
// ("Personal remittances, paid (current US$)" is in current US$).
func wbUnit(name string) string {
	name = strings.TrimSpace(name)
	if strings.HasSuffix(name, ")") {
		if i := strings.LastIndex(name, "("); i >= 0 {
			return strings.TrimSpace(name[i+1 : len(name)-1])
		}
	}
	return "as published by the World Bank"
}

// wbYears lists the period columns of a file's header, in its order, by
// canonical name.
func wbYears(rows *ilostatRows) []string {
	if rows.periods == nil {
		for _, h := range rows.header {
			name := canonical(h)
			if _, ok := rows.cols[name]; ok && wbPeriod(name) != (lmo.Period{}) {
				rows.periods = append(rows.periods, name)
			}
		}
	}
	return rows.periods
}

// wbPeriod reads a period column's header: "1960", or DataBank's
// "2011Q1 [YR2011Q1]"; the zero Period for another column.
func wbPeriod(name string) lmo.Period {
	name, _, _ = strings.Cut(name, " ")
	if p, err := lmo.ParsePeriod(name); err == nil {
		return p
	}
	return lmo.Period{}
}

// wdiRow reads one row: its indicator and area, and each year's value,
// given to emit, with what it skips counted in report (both nil while
// listing).
func (w *wbContext) wdiRow(rec *csvRecord, years []string, report *Report, emit func(lmo.Observation) bool) error {
	code := rec.get("indicator code")
	if code == "" {
		return errorf(rec.at("indicator code"), "the indicator code is missing")
	}
	in := &lmo.Indicator{Code: code, Dataset: "wdi", Title: rec.get("indicator name"), Unit: wbUnit(rec.get("indicator name"))}
	if in.Title == "" {
		in.Title = code
	}
	if err := in.Validate(); err != nil {
		return errorf(rec.at("indicator code"), "%s", lmo.ErrorMessage(err))
	}
	if w.listing {
		w.addIndicator(in)
	} else if _, ok := w.indicators[code]; !ok {
		return errorf(rec.at("indicator code"), "indicator %s is not the file's indicator %s: a file read once (not seekable) holds one indicator; give the file itself, which is read twice to list them all", code, strings.Join(w.order, ", "))
	}
	area, written, err := w.economy(rec, "country", "country")
	if err != nil {
		return err
	}
	for _, name := range years {
		v, ok, err := parseStatValue(rec.get(name))
		if err != nil {
			return errorf(rec.at(name), "%s", err.Error())
		}
		switch {
		case emit == nil:
			continue
		case !ok:
			report.Skip("no value")
			continue
		case area == "":
			report.Unmap(written)
			continue
		}
		o := lmo.Observation{Indicator: code, Area: area, Sex: lmo.SexTotal, Period: wbPeriod(name), Value: v, Status: lmo.StatusReported}
		if err := o.Validate(); err != nil {
			return errorf(rec.at(name), "%s", lmo.ErrorMessage(err))
		}
		if !emit(o) {
			return nil
		}
	}
	return nil
}

// rpwLastUpdated is DataBank's footer line with the day the database was
// last updated, written month/day/year.
var rpwLastUpdated = regexp.MustCompile(`^Last Updated:\s*([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$`)

// RPW reads a Remittance Prices Worldwide export from the World Bank's
// DataBank (database "Remittance Prices Worldwide (Corridors)"): the
// header Sending Countries Name, Sending Countries Code, Series Name,
// Series Code, Receiving Countries Name, Receiving Countries Code (with
// any case and spacing: DataBank writes two spaces in "Receiving
// Countries  Name"), then one column a period ("2011Q1 [YR2011Q1]"); ".."
// for no value; blank rows and a footer at the end ("Data from database:
// Remittance Prices Worldwide (Corridors)", "Last Updated: 12/07/2020").
//
// The edition is the footer's Last Updated day, read month/day/year
// (12/07/2020 is 2020-12-07): DataBank is an en-US application and writes
// its dates in the US order, as in its exports' "Last Updated" lines; a
// first number above 12 cannot be a month and is an error. As the footer
// comes after the data and the edition must be known before any
// observation, RPW takes an io.ReadSeeker and reads the file twice: once
// for the footer, the series and the shape of every row (so a bad file
// fails before anything is written), then again to stream. MaybeGzip of
// a file can seek too.
//
// Each observation's Area is the sending country and its Origin the
// receiving one: the money goes home, so the receiving country is the
// migrant's country of origin, as Observation.Origin is for other
// bilateral data. The indicator is the series (ATCR.CORR, the average
// total cost of sending USD 200 in the corridor, in percent: the measure
// behind SDG indicator 10.c.1). ".." and empty cells are skipped and
// counted ("no value"); a corridor whose sending or receiving code maps
// to no reference country or World Bank aggregate is counted under
// Report.Unmapped, by "name (code)" of the end that does not map.
func RPW(r io.ReadSeeker, areas *lmo.AreaIndex) (*StatisticsFile, error) {
	rewind, _ := ilostatRewind(r)
	w := &wbContext{areas: areas, indicators: map[string]*lmo.Indicator{}, aggregates: map[string]bool{}, listing: true}
	rows, err := rpwOpen(r)
	if err != nil {
		return nil, err
	}
	edition, err := w.rpwList(rows)
	if err != nil {
		return nil, err
	}
	w.listing = false
	if err := rewind(); err != nil {
		return nil, err
	}
	if rows, err = rpwOpen(r); err != nil {
		return nil, err
	}
	file := w.newFile(lmo.Dataset{
		Code:       "rpw",
		Edition:    edition,
		Publisher:  "World Bank",
		Title:      "Remittance Prices Worldwide",
		URL:        "https://remittanceprices.worldbank.org/",
		Licence:    wbLicence,
		LicenceURL: wbLicenceURL,
		Citation:   "World Bank, Remittance Prices Worldwide (Corridors), DataBank, last updated " + edition + ".",
	})
	file.Import.Observations = wbObservations(file, rows, rpwFooter, w.rpwRow)
	return file, nil
}

// rpwList reads every row once, checking and listing the data rows, and
// returns the edition from the footer.
func (w *wbContext) rpwList(rows *ilostatRows) (string, error) {
	edition, source := "", ""
	for {
		rec, err := rows.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		if rpwFooter(rec) {
			if edition, source, err = rpwFooterValues(rec, edition, source); err != nil {
				return "", err
			}
			continue
		}
		if err := w.rpwRow(rec, wbYears(rows), nil, nil); err != nil {
			return "", err
		}
	}
	if source != "" && !strings.HasPrefix(source, "Remittance Prices Worldwide") {
		return "", errorf("", "the file's database is %q, not Remittance Prices Worldwide", source)
	}
	if edition == "" {
		return "", errorf("", "no \"Last Updated: MM/DD/YYYY\" line at the end of the file: DataBank writes when the database was updated there, which is the edition (keep the footer when exporting)")
	}
	return edition, nil
}

// rpwFooterValues reads a footer row's Last Updated date and database,
// returning them, or the ones given when the row has none.
func rpwFooterValues(rec *csvRecord, edition, source string) (string, string, error) {
	for _, v := range rec.values {
		if m := rpwLastUpdated.FindStringSubmatch(v); m != nil {
			month, _ := strconv.Atoi(m[1])
			day, _ := strconv.Atoi(m[2])
			e := fmt.Sprintf("%s-%02d-%02d", m[3], month, day)
			if _, err := lmo.ParseDate(e); err != nil {
				return "", "", errorf(fmt.Sprintf("line %d", rec.line), "%q is not a month/day/year date as DataBank writes them", v)
			}
			edition = e
		}
		if d, ok := strings.CutPrefix(v, "Data from database:"); ok {
			source = strings.TrimSpace(d)
		}
	}
	return edition, source, nil
}

// rpwFooter reports whether a row is DataBank's footer: no codes, only
// text such as "Last Updated: 12/07/2020".
func rpwFooter(rec *csvRecord) bool {
	return rec.get("sending countries code") == "" && rec.get("series code") == "" && rec.get("receiving countries code") == ""
}

// rpwOpen reads an RPW export up to its header.
func rpwOpen(r io.Reader) (*ilostatRows, error) {
	rows, err := ilostatOpenRows(r, "Remittance Prices Worldwide", "Sending Countries Name, Sending Countries Code, Series Name, Series Code, Receiving Countries Name, Receiving Countries Code, 2011Q1 [YR2011Q1], ...", 20,
		func(names []string) bool {
			return (slices.Contains(names, "sending countries code") || slices.Contains(names, "sending country code")) &&
				(slices.Contains(names, "series code") || slices.Contains(names, "series"))
		}, nil,
		func(header []string) ([]column, error) {
			layout := []column{
				{name: "sending countries name", aliases: []string{"sending country name", "sending country"}},
				{name: "sending countries code", aliases: []string{"sending country code"}, required: true},
				{name: "series name"},
				{name: "series code", aliases: []string{"series"}, required: true},
				{name: "receiving countries name", aliases: []string{"receiving country name", "receiving country"}},
				{name: "receiving countries code", aliases: []string{"receiving country code"}, required: true},
			}
			for _, h := range header {
				if name := canonical(h); wbPeriod(name) != (lmo.Period{}) {
					layout = append(layout, column{name: name})
				}
			}
			return layout, nil
		})
	if err != nil {
		return nil, err
	}
	if len(wbYears(rows)) == 0 {
		return nil, errorf(fmt.Sprintf("line %d", rows.line), "the header has no period columns (2011Q1 [YR2011Q1], ...)")
	}
	return rows, nil
}

// rpwDefinition says what the corridor cost series measures.
const rpwDefinition = "The average total cost of sending USD 200 from the sending country to the receiving country, " +
	"as a percentage of the amount sent (fees and the exchange-rate margin), averaged over the services the World Bank " +
	"surveys in the corridor. It is the measure behind SDG indicator 10.c.1, remittance costs as a proportion of the amount remitted."

// rpwRow reads one corridor row (see wdiRow).
func (w *wbContext) rpwRow(rec *csvRecord, periods []string, report *Report, emit func(lmo.Observation) bool) error {
	code := rec.get("series code")
	if code == "" {
		return errorf(rec.at("series code"), "the series code is missing")
	}
	in := &lmo.Indicator{Code: code, Dataset: "rpw", Title: rec.get("series name"), Unit: "percent", Definition: rpwDefinition}
	if in.Title == "" {
		in.Title = code
	}
	if err := in.Validate(); err != nil {
		return errorf(rec.at("series code"), "%s", lmo.ErrorMessage(err))
	}
	if w.listing {
		w.addIndicator(in)
	}
	ends := [2]struct{ area, written string }{}
	for i, c := range [2]string{"sending countries", "receiving countries"} {
		var err error
		if ends[i].area, ends[i].written, err = w.economy(rec, c, strings.TrimSuffix(c, "ies")+"y"); err != nil {
			return err
		}
	}
	for _, name := range periods {
		v, ok, err := parseStatValue(rec.get(name))
		if err != nil {
			return errorf(rec.at(name), "%s", err.Error())
		}
		switch {
		case emit == nil:
			continue
		case !ok:
			report.Skip("no value")
			continue
		case ends[0].area == "":
			report.Unmap(ends[0].written)
			continue
		case ends[1].area == "":
			report.Unmap(ends[1].written)
			continue
		}
		o := lmo.Observation{Indicator: code, Area: ends[0].area, Origin: ends[1].area, Sex: lmo.SexTotal, Period: wbPeriod(name), Value: v, Status: lmo.StatusReported}
		if err := o.Validate(); err != nil {
			return errorf(rec.at(name), "%s", lmo.ErrorMessage(err))
		}
		if !emit(o) {
			return nil
		}
	}
	return nil
}

// economy resolves the economy a row names in the columns "<column> code"
// and "<column> name": its area ("" when it maps to nothing) and how the
// file writes it, for the report; while listing, it lists its aggregate. A
// missing code is an error that calls it "the <what> code".
func (w *wbContext) economy(rec *csvRecord, column, what string) (area, written string, err error) {
	econ := rec.get(column + " code")
	if econ == "" {
		return "", "", errorf(rec.at(column+" code"), "the %s code is missing", what)
	}
	area, agg := wbArea(w.areas, econ)
	if w.listing {
		w.addAggregate(agg)
	}
	written = econ
	if name := rec.get(column + " name"); name != "" {
		written = name + " (" + econ + ")"
	}
	return area, written, nil
}

// wbCountBlank counts the blank rows a stream met.
func wbCountBlank(report *Report, rows *ilostatRows) {
	if rows.blank > 0 {
		report.Skipped["blank row"] += rows.blank
		rows.blank = 0
	}
}
