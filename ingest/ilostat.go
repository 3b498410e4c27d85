package ingest

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"io"
	"iter"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// ILOSTATOptions says what an ILOSTAT file does not say about itself.
type ILOSTATOptions struct {
	// FileName is the name the file was downloaded under, such as
	// "EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv": the edition is
	// read from a date in it, and a labelled file's indicator from the
	// code it starts with, when the fields below are empty.
	FileName string
	// Edition is the day the file was downloaded, YYYY-MM-DD (the
	// command's --edition).
	Edition string
	// Indicator is the code of a labelled file's indicator, which the
	// file itself gives only as a label ("EAR_4MTH_SEX_GEO_CUR_NB_A"). A
	// coded file names its own.
	Indicator string
}

// ILOSTAT reads an ILOSTAT CSV file, in either of its two layouts, told
// apart by the header row: the coded bulk file (ref_area, source,
// indicator, sex, classif1, classif2, time, obs_value, obs_status,
// note_classif, note_indicator, note_source) and the labelled download
// (ref_area.label, source.label, indicator.label, ...), in any column
// order. It returns the dataset edition ("ilostat", opt.Edition or the
// date in opt.FileName), its indicators and the ILO aggregates it holds,
// and a stream of observations.
//
// Indicator codes are ILOSTAT's dataset identifiers, the indicator and
// its frequency: a coded row of indicator EAR_4MTH_SEX_GEO_CUR_NB with
// time 2020 is indicator EAR_4MTH_SEX_GEO_CUR_NB_A, as the labelled file
// of the same data is named. A coded file may hold several indicators; a
// labelled file holds one, whose code comes from opt.Indicator or the
// file name.
//
// When r can seek (a file, or MaybeGzip of one) it is read twice: once to
// list every indicator (titled by indicator.label where the file has
// it, else by its code) and aggregate before any observation, once to
// stream. A reader that cannot seek is read once: its indicator comes
// from the options or the file name (or a coded file's first row), an
// indicator met later is an error, and an ILO aggregate, which could not
// be listed in advance, is counted under Report.Unmapped.
//
// Areas: ISO alpha-3 codes and country names through areas; X01 and
// "World" as the world; ILOSTAT's five region names as the ILO regions
// (never the M49 regions of the same name); other ILO aggregates as
// lmo.Aggregates "ILO:<code>" (coded) or "ILO:<slug of the label>"
// (labelled); anything else is counted under Report.Unmapped and not
// yielded. An empty obs_value is StatusUnavailable.
//
// A file without an edition, without a header row that has the required
// columns, or with a bad cell (a number, period, sex or status it cannot
// read) is an *Error naming the line and column.
func ILOSTAT(r io.Reader, areas *lmo.AreaIndex, opt ILOSTATOptions) (*StatisticsFile, error) {
	edition, err := ilostatEdition(opt)
	if err != nil {
		return nil, err
	}
	c := &ilostatContext{areas: areas, indicators: map[string]*lmo.Indicator{}, aggregates: map[string]bool{}}
	if opt.Indicator != "" {
		c.fixedCode = strings.TrimSpace(opt.Indicator)
		if err := (&lmo.Indicator{Code: c.fixedCode, Title: "-", Unit: "-"}).Validate(); err != nil {
			return nil, errorf("", "--indicator: %s", lmo.ErrorMessage(err))
		}
	} else {
		c.fixedCode = ilostatCodeFromName(opt.FileName)
	}
	file := &StatisticsFile{Report: NewReport()}
	file.Import.Dataset = ilostatDataset(edition)

	rewind, canRewind := ilostatRewind(r)
	rows, err := ilostatOpen(r)
	if err != nil {
		return nil, err
	}
	c.labelled = rows.cols["ref area"] == 0
	if c.labelled && c.fixedCode == "" {
		return nil, errorf("", "a labelled ILOSTAT file does not give its indicator's code: pass it with --indicator (e.g. EAR_4MTH_SEX_GEO_CUR_NB_A), or keep ILOSTAT's file name, which starts with it")
	}
	if canRewind {
		// The first pass lists the indicators and aggregates, and checks
		// every row's shape, so that a bad file fails before any write.
		c.listing = true
		for {
			rec, err := rows.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, err
			}
			if _, err := c.observation(rec); err != nil {
				return nil, err
			}
		}
		c.listing = false
		if err := rewind(); err != nil {
			return nil, err
		}
		if rows, err = ilostatOpen(r); err != nil {
			return nil, err
		}
	} else {
		c.streamOnly = true
		rec, err := rows.peek()
		if err != nil && err != io.EOF {
			return nil, err
		}
		if err := c.listFromFirstRow(rec); err != nil {
			return nil, err
		}
	}
	for _, code := range c.order {
		file.Import.Indicators = append(file.Import.Indicators, c.indicators[code])
	}
	file.Import.Aggregates = c.aggregateList
	file.Import.Observations = c.stream(rows, file.Report)
	return file, nil
}

// ilostatDataset describes an ILOSTAT download of a given day.
func ilostatDataset(edition string) lmo.Dataset {
	d := lmo.Dataset{
		Code:       "ilostat",
		Edition:    edition,
		Publisher:  "International Labour Organization (ILOSTAT)",
		Title:      "ILOSTAT",
		URL:        "https://ilostat.ilo.org/data/",
		Licence:    "CC BY 4.0",
		LicenceURL: "https://creativecommons.org/licenses/by/4.0/",
		Citation:   "International Labour Organization, ILOSTAT database, https://ilostat.ilo.org/data/ (data downloaded on " + edition + ").",
	}
	if day, err := lmo.ParseDate(edition); err == nil {
		d.Retrieved = day
	}
	return d
}

var (
	ilostatDateInName = regexp.MustCompile(`(?:^|[^0-9])([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[^0-9]|$)`)
	ilostatCodeInName = regexp.MustCompile(`^([A-Z0-9]+(?:_[A-Z0-9]+)*_[AQM])(?:[^A-Za-z0-9]|$)`)
)

// ilostatEdition is opt.Edition, else the date in the file name.
func ilostatEdition(opt ILOSTATOptions) (string, error) {
	edition := strings.TrimSpace(opt.Edition)
	if edition == "" {
		m := ilostatDateInName.FindStringSubmatch(filepath.Base(opt.FileName))
		if m == nil {
			return "", errorf("", "the ILOSTAT file's edition is not known: pass --edition with the day it was downloaded (YYYY-MM-DD), or keep a date in the file's name")
		}
		edition = m[1]
	}
	if _, err := lmo.ParseDate(edition); err != nil {
		return "", errorf("", "edition: %s", lmo.ErrorMessage(err))
	}
	return edition, nil
}

// ilostatCodeFromName returns the dataset code an ILOSTAT file name
// starts with ("EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv",
// "UNE_DEAP_SEX_AGE_RT_A.csv.gz"), or "".
func ilostatCodeFromName(name string) string {
	m := ilostatCodeInName.FindStringSubmatch(filepath.Base(name))
	if m == nil || !strings.Contains(m[1], "_") || strings.Count(m[1], "_") < 2 {
		return ""
	}
	return m[1]
}

// The two layouts. Columns may come in any order; those not listed are
// ignored.
var (
	ilostatCodedLayout = []column{
		{name: "ref area", required: true},
		{name: "ref area.label"},
		{name: "source"},
		{name: "indicator", required: true},
		{name: "indicator.label"},
		{name: "sex"},
		{name: "classif1"},
		{name: "classif2"},
		{name: "time", required: true},
		{name: "obs value", required: true},
		{name: "obs status"},
		{name: "note classif"},
		{name: "note indicator"},
		{name: "note source"},
	}
	ilostatLabelledLayout = []column{
		{name: "ref area.label", required: true},
		{name: "source.label"},
		{name: "indicator.label"},
		{name: "sex.label"},
		{name: "classif1.label"},
		{name: "classif2.label"},
		{name: "time", required: true},
		{name: "obs value", required: true},
		{name: "obs status.label"},
		{name: "note classif.label"},
		{name: "note indicator.label"},
		{name: "note source.label"},
	}
)

// ilostatOpen reads an ILOSTAT file up to its header row, the first row
// naming ref_area or ref_area.label (a few lines before it are allowed,
// for files that a person saved with a title), and maps its columns: the
// coded layout when the file has ref_area, else the labelled one.
func ilostatOpen(r io.Reader) (*ilostatRows, error) {
	return ilostatOpenRows(r, "ILOSTAT", "ref_area or ref_area.label, time, obs_value, ...", 20,
		func(names []string) bool {
			return slices.Contains(names, "ref area") || slices.Contains(names, "ref area.label")
		}, nil,
		func(header []string) ([]column, error) {
			for _, h := range header {
				if canonical(h) == "ref area" {
					return ilostatCodedLayout, nil
				}
			}
			return ilostatLabelledLayout, nil
		})
}

// ilostatContext is what a reading of one ILOSTAT file keeps: the
// indicators and aggregates it lists, and how it reads rows.
type ilostatContext struct {
	areas      *lmo.AreaIndex
	labelled   bool
	fixedCode  string // a labelled file's indicator, or a coded file's from the options or name
	listing    bool   // the first pass: add indicators and aggregates as they come
	streamOnly bool   // one pass: aggregates cannot be listed in advance

	indicators    map[string]*lmo.Indicator
	order         []string
	labelTitle    string // a labelled file's indicator.label, from its first row
	aggregates    map[string]bool
	aggregateList []lmo.Aggregate
}

// listFromFirstRow lists the indicator of a file read once.
func (c *ilostatContext) listFromFirstRow(first *csvRecord) error {
	code := c.fixedCode
	title := ""
	if first != nil {
		if c.labelled {
			title = first.get("indicator.label")
			c.labelTitle = title
		} else if code == "" {
			p, err := lmo.ParsePeriod(first.get("time"))
			if err != nil {
				return errorf(first.at("time"), "%s", lmo.ErrorMessage(err))
			}
			code = ilostatDatasetCode(first.get("indicator"), p)
			title = first.get("indicator.label")
		}
	}
	if code == "" {
		return errorf("", "the file's indicator is not known: pass it with --indicator")
	}
	if err := c.addIndicator(code, title); err != nil {
		if first != nil {
			return errorf(first.at("indicator"), "%s", lmo.ErrorMessage(err))
		}
		return errorf("", "%s", lmo.ErrorMessage(err))
	}
	return nil
}

// addIndicator lists an indicator, or says why its code or title cannot
// be one.
func (c *ilostatContext) addIndicator(code, title string) error {
	if _, ok := c.indicators[code]; ok {
		return nil
	}
	in := &lmo.Indicator{Code: code, Dataset: "ilostat", Title: title, Unit: ilostatUnit(code, title)}
	if in.Title == "" {
		in.Title = code
	}
	if err := in.Validate(); err != nil {
		return err
	}
	c.indicators[code] = in
	c.order = append(c.order, code)
	return nil
}

// ilostatUnit reads an indicator's unit from the end of its label, where
// ILOSTAT writes it ("Employment by sex and age (thousands)",
// "Unemployment rate by sex and age (%)"), else from its code, as
// ILOSTAT composes them: a currency classification (CUR) means values in
// the currency of the classif column; _RT and _DT are rates and
// percentage distributions; _NB are numbers, which ILOSTAT publishes in
// thousands for most counts of persons and in currency for earnings.
func ilostatUnit(code, label string) string {
	if label = strings.TrimSpace(label); strings.HasSuffix(label, ")") {
		if i := strings.LastIndex(label, "("); i >= 0 {
			switch unit := strings.TrimSpace(label[i+1 : len(label)-1]); unit {
			case "%":
				return "percent"
			case "thousands", "persons", "number", "hours", "days", "percent":
				return unit
			}
		}
	}
	parts := strings.Split(code, "_")
	if slices.Contains(parts, "CUR") {
		return "currency (the classification says which)"
	}
	if n := len(parts); n >= 2 {
		suffix := parts[n-1]
		if (suffix == "A" || suffix == "Q" || suffix == "M") && n >= 3 {
			suffix = parts[n-2]
		}
		switch suffix {
		case "RT", "DT":
			return "percent"
		case "NB":
			return "number (see the indicator's label for its scale)"
		}
	}
	return "as published by ILOSTAT"
}

// ilostatDatasetCode is ILOSTAT's dataset identifier of an indicator at
// a period's frequency: the indicator code and _A, _Q or _M.
func ilostatDatasetCode(indicator string, p lmo.Period) string {
	freq := "_A"
	switch {
	case p.Quarter != 0:
		freq = "_Q"
	case p.Month != 0:
		freq = "_M"
	}
	if strings.HasSuffix(indicator, freq) && strings.Count(indicator, "_") >= 2 {
		return indicator
	}
	return indicator + freq
}

// stream yields the observations of the rows.
func (c *ilostatContext) stream(rows *ilostatRows, report *Report) iter.Seq2[lmo.Observation, error] {
	return func(yield func(lmo.Observation, error) bool) {
		defer func() {
			if rows.blank > 0 {
				report.Skipped["blank row"] += rows.blank
				rows.blank = 0
			}
		}()
		for {
			rec, err := rows.next()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(lmo.Observation{}, err)
				return
			}
			report.Rows++
			o, err := c.observation(rec)
			if err != nil {
				yield(lmo.Observation{}, err)
				return
			}
			if o.Area == "" {
				report.Unmap(o.Note) // observation returns the area as written in Note when it maps to nothing
				continue
			}
			report.Observations++
			if !yield(o, nil) {
				return
			}
		}
	}
}

// observation reads one row. An area that maps to nothing gives an
// observation with no Area and the area as written in Note.
func (c *ilostatContext) observation(rec *csvRecord) (lmo.Observation, error) {
	var o lmo.Observation
	// Period and indicator.
	p, err := lmo.ParsePeriod(rec.get("time"))
	if err != nil {
		return o, errorf(rec.at("time"), "%s", lmo.ErrorMessage(err))
	}
	o.Period = p
	if c.labelled {
		err = c.labelledIndicator(rec, &o)
	} else {
		err = c.codedIndicator(rec, &o)
	}
	if err != nil {
		return o, err
	}
	if err := c.measure(rec, &o); err != nil {
		return o, err
	}
	return c.placeArea(rec, o)
}

// col names a column as the file writes it: with ".label" in a labelled file.
func (c *ilostatContext) col(name string) string {
	if c.labelled {
		return name + ".label"
	}
	return name
}

// labelledIndicator sets the indicator of a labelled file's row, which holds one indicator.
func (c *ilostatContext) labelledIndicator(rec *csvRecord, o *lmo.Observation) error {
	o.Indicator = c.fixedCode
	title := rec.get("indicator.label")
	if c.listing && len(c.order) == 0 {
		if err := c.addIndicator(o.Indicator, title); err != nil {
			return errorf(rec.at("indicator.label"), "%s", lmo.ErrorMessage(err))
		}
		c.labelTitle = title
	} else if (c.listing || c.streamOnly) && title != c.labelTitle {
		return errorf(rec.at("indicator.label"), "a second indicator, %q after %q: a labelled ILOSTAT file holds one indicator (download each on its own, or use the coded bulk file)", title, c.labelTitle)
	}
	return nil
}

// codedIndicator sets the indicator of a coded file's row, listing it or checking it is listed.
func (c *ilostatContext) codedIndicator(rec *csvRecord, o *lmo.Observation) error {
	p := o.Period
	code := rec.get("indicator")
	if code == "" {
		return errorf(rec.at("indicator"), "the indicator is missing")
	}
	if c.fixedCode != "" && c.streamOnly {
		o.Indicator = c.fixedCode
		if ilostatDatasetCode(code, p) != c.fixedCode && code != c.fixedCode {
			return errorf(rec.at("indicator"), "indicator %s is not the file's indicator %s: a file read once (not seekable) holds one indicator; give the file itself, which is read twice to list them all", ilostatDatasetCode(code, p), c.fixedCode)
		}
		return nil
	}
	o.Indicator = ilostatDatasetCode(code, p)
	if c.listing {
		if err := c.addIndicator(o.Indicator, rec.get("indicator.label")); err != nil {
			return errorf(rec.at("indicator"), "%s", lmo.ErrorMessage(err))
		}
	} else if _, ok := c.indicators[o.Indicator]; !ok {
		return errorf(rec.at("indicator"), "indicator %s is not the file's indicator %s: a file read once (not seekable) holds one indicator; give the file itself, which is read twice to list them all", o.Indicator, strings.Join(c.order, ", "))
	}
	return nil
}

// measure sets a row's sex, breakdowns, source, value, status and notes.
func (c *ilostatContext) measure(rec *csvRecord, o *lmo.Observation) error {
	var err error
	// Sex and breakdowns.
	if o.Sex, err = ilostatSex(rec.get(c.col("sex"))); err != nil {
		return errorf(rec.at(c.col("sex")), "%v", err)
	}
	for _, name := range []string{c.col("classif1"), c.col("classif2")} {
		if v := rec.get(name); v != "" {
			ilostatBreakdown(o, v, c.labelled)
		}
	}
	o.Source = rec.get(c.col("source"))
	// Value and status.
	status, err := ilostatStatus(rec.get(c.col("obs status")))
	if err != nil {
		return errorf(rec.at(c.col("obs status")), "%v", err)
	}
	v, ok, err := parseStatValue(rec.get("obs value"))
	if err != nil {
		return errorf(rec.at("obs value"), "%s", err.Error())
	}
	if ok {
		o.Value, o.Status = v, status
	} else {
		o.Status = lmo.StatusUnavailable
	}
	var notes []string
	for _, name := range []string{c.col("note classif"), c.col("note indicator"), c.col("note source")} {
		if n := rec.get(name); n != "" {
			notes = append(notes, n)
		}
	}
	o.Note = strings.Join(notes, " | ")
	return nil
}

// placeArea sets a row's area, listing its aggregate, and validates the observation.
func (c *ilostatContext) placeArea(rec *csvRecord, o lmo.Observation) (lmo.Observation, error) {
	areaCol := "ref area"
	if c.labelled {
		areaCol = "ref area.label"
	}
	area, agg, written, err := c.area(rec.get("ref area"), rec.get("ref area.label"))
	if err != nil {
		return o, errorf(rec.at(areaCol), "%v", err)
	}
	switch {
	case agg != nil && c.listing:
		if !c.aggregates[agg.Code] {
			c.aggregates[agg.Code] = true
			c.aggregateList = append(c.aggregateList, *agg)
		}
	case agg != nil && !c.aggregates[agg.Code]:
		area = "" // an aggregate not listed in advance (a file read once)
		written += " (an ILO aggregate, not listed: the file was read once)"
	}
	if area == "" {
		o.Area, o.Note = "", written
		return o, nil
	}
	o.Area = area
	if err := o.Validate(); err != nil {
		return o, errorf(rec.at(ilostatFaultColumn(err, c.labelled)), "%s", lmo.ErrorMessage(err))
	}
	return o, nil
}

// ilostatFaultColumn places a validation fault at its column.
func ilostatFaultColumn(err error, labelled bool) string {
	msg := lmo.ErrorMessage(err)
	suffix := ""
	if labelled {
		suffix = ".label"
	}
	switch {
	case strings.HasPrefix(msg, "the note"):
		return "note indicator" + suffix
	case strings.HasPrefix(msg, "the value"):
		return "obs value"
	case strings.HasPrefix(msg, "indicator"):
		return "indicator" + suffix
	}
	return ""
}

// ilostatSexes maps ILOSTAT's sex codes and labels.
var ilostatSexes = map[string]string{
	"": lmo.SexTotal, "SEX_T": lmo.SexTotal, "SEX_M": lmo.SexMale, "SEX_F": lmo.SexFemale, "SEX_O": lmo.SexOther,
	"total": lmo.SexTotal, "male": lmo.SexMale, "female": lmo.SexFemale, "other": lmo.SexOther,
	"sex: total": lmo.SexTotal, "sex: male": lmo.SexMale, "sex: female": lmo.SexFemale, "sex: other": lmo.SexOther,
}

func ilostatSex(s string) (string, error) {
	if sex, ok := ilostatSexes[s]; ok {
		return sex, nil
	}
	if sex, ok := ilostatSexes[strings.ToLower(s)]; ok {
		return sex, nil
	}
	return "", errorf("", "sex %q is not one of ILOSTAT's (SEX_T, SEX_M, SEX_F, SEX_O; Total, Male, Female, Other)", s)
}

// ilostatStatuses maps ILOSTAT's observation status codes and labels to
// LMO's statuses. The codes are ILOSTAT's dictionary of observation
// statuses (the bulk download facility's DIC directory,
// https://ilostat.ilo.org/data/bulk/, file obs_status_en.csv; the same
// list as ILOSTAT's rplumber dictionaries serve it, reproduced in the
// test fixtures of github.com/cyanheads/ilostat-mcp-server,
// tests/fixtures/rplumber/dictionaries.json): A Adjusted, B Break in
// series, I Imputation, M Model-based extrapolation, R Real value, U
// Unreliable. No status is a value as reported. A status not listed here
// is an error, never guessed: add it here, with its source, when ILOSTAT
// adds one.
var ilostatStatuses = map[string]string{
	"":  lmo.StatusReported,
	"A": lmo.StatusEstimated, "adjusted": lmo.StatusEstimated, // adjusted by the ILO from national figures
	"B": lmo.StatusBreak, "break in series": lmo.StatusBreak,
	"I": lmo.StatusImputed, "imputation": lmo.StatusImputed,
	"M": lmo.StatusEstimated, "model-based extrapolation": lmo.StatusEstimated, // the ILO's modelled estimates
	"R": lmo.StatusReported, "real value": lmo.StatusReported,
	"U": lmo.StatusUnreliable, "unreliable": lmo.StatusUnreliable,
}

func ilostatStatus(s string) (string, error) {
	if st, ok := ilostatStatuses[s]; ok {
		return st, nil
	}
	if st, ok := ilostatStatuses[strings.ToLower(s)]; ok {
		return st, nil
	}
	return "", errorf("", "observation status %q is not one of ILOSTAT's (A Adjusted, B Break in series, I Imputation, M Model-based extrapolation, R Real value, U Unreliable)", s)
}

// ilostatBreakdown puts a classification into its breakdown field: by
// code prefix in a coded file (AGE_ age; CBR_ country of birth and CCT_
// citizenship, the migrant's status; ECO_ economic activity; OCU_
// occupation; anything else, such as GEO_, CUR_ or EDU_, other), or by
// the label's prefix before ":" in a labelled file ("Age (Youth,
// adults): 15+", "Place of birth: Foreign-born", "Citizenship: ...",
// "Economic activity (...)", "Occupation (...)"), keeping the whole
// label. Two in one field are joined, codes with " ", labels with " | ".
func ilostatBreakdown(o *lmo.Observation, v string, labelled bool) {
	var field *string
	if labelled {
		prefix, _, _ := strings.Cut(v, ":")
		prefix = strings.ToLower(strings.TrimSpace(prefix))
		switch {
		case strings.HasPrefix(prefix, "age"):
			field = &o.Age
		case strings.HasPrefix(prefix, "place of birth"), strings.HasPrefix(prefix, "citizenship"):
			field = &o.Migrant
		case strings.HasPrefix(prefix, "economic activity"):
			field = &o.Activity
		case strings.HasPrefix(prefix, "occupation"):
			field = &o.Occupation
		default:
			field = &o.Other
		}
	} else {
		prefix, _, _ := strings.Cut(v, "_")
		switch strings.ToUpper(prefix) {
		case "AGE":
			field = &o.Age
		case "CBR", "CCT":
			field = &o.Migrant
		case "ECO":
			field = &o.Activity
		case "OCU":
			field = &o.Occupation
		default:
			field = &o.Other
		}
	}
	switch {
	case *field == "":
		*field = v
	case labelled:
		*field += " | " + v
	default:
		*field += " " + v
	}
}

// ilostatRegions are the ILO's five regions as ILOSTAT names them, with
// LMO's codes for them (starter/regions.csv, kind "ilo"). They come before
// any look-up by name, which would find the M49 regions "Africa" and
// "Americas", which are other groupings.
var ilostatRegions = map[string]string{
	"africa":                  "africa",
	"americas":                "americas",
	"arab states":             "arab-states",
	"asia and the pacific":    "asia-pacific",
	"europe and central asia": "europe-central-asia",
}

var ilostatAggregateCode = regexp.MustCompile(`^X[0-9]{2,3}$`)

// ilostatAggregateWords mark a labelled area as one of ILOSTAT's
// groupings rather than a country: income groups ("World: Low income",
// "Low-income countries"), country groups (G20, BRICS, the European
// Union, the OECD) and subregions ("Africa: Northern Africa").
var ilostatAggregateWords = []string{"income", "countries", "g7", "g20", "brics", "oecd", "world"}

// area maps a row's reference area: it returns the area, or an
// aggregate (whose code is the area), or "" and the area as written.
func (c *ilostatContext) area(code, label string) (string, *lmo.Aggregate, string, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	written := label
	if code != "" {
		written = code
		if label != "" {
			written = label + " (" + code + ")"
		}
	}
	if region, ok := ilostatRegions[lmo.Fold(strings.Join(strings.Fields(label), " "))]; ok {
		return region, nil, written, nil
	}
	if !c.labelled {
		switch {
		case code == "":
			return "", nil, "", errorf("", "the reference area is missing")
		case code == "X01":
			return "001", nil, written, nil
		case ilostatAggregateCode.MatchString(code):
			name := label
			if name == "" {
				name = "ILOSTAT aggregate " + code
			}
			return "ILO:" + code, &lmo.Aggregate{Code: "ILO:" + code, Name: name}, written, nil
		case len(code) == 3:
			if area, ok := c.areas.Code(code); ok {
				return area, nil, written, nil
			}
		}
		return "", nil, written, nil
	}
	if label == "" {
		return "", nil, "", errorf("", "the reference area is missing")
	}
	folded := lmo.Fold(label)
	if folded == "world" {
		return "001", nil, written, nil
	}
	area, ok := c.areas.Name(label)
	isCountry := ok && len(area) == 2
	if isCountry {
		return area, nil, written, nil
	}
	aggregate := ok || strings.Contains(label, ":") || strings.Contains(folded, "european union")
	for _, w := range strings.FieldsFunc(folded, func(r rune) bool { return !isSlugRune(r) }) {
		aggregate = aggregate || slices.Contains(ilostatAggregateWords, w)
	}
	if !aggregate {
		return "", nil, written, nil
	}
	slug := ilostatSlug(label)
	if slug == "" {
		return "", nil, written, nil
	}
	return "ILO:" + slug, &lmo.Aggregate{Code: "ILO:" + slug, Name: label}, written, nil
}

func isSlugRune(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') }

// ilostatSlug writes a label as an aggregate code: folded to lower case
// ASCII letters and digits, other runs as "-", at most 40 bytes.
func ilostatSlug(label string) string {
	var b strings.Builder
	dash := false
	for _, r := range lmo.Fold(label) {
		if isSlugRune(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	s := b.String()
	if len(s) > 40 {
		s = strings.TrimRight(s[:40], "-")
	}
	return s
}

// What the ILOSTAT, WDI and RPW readers share: a CSV file
// read row by row after a header found by name, with one row of
// look-ahead; rewinding a file for a first pass; and gzip sniffing.

// ilostatRows reads the data rows of a CSV file after its header row,
// each as a csvRecord of the columns the header mapped. Blank rows are
// counted, not returned.
type ilostatRows struct {
	cr      *csv.Reader
	header  []string       // the header's cells as written
	cols    map[string]int // canonical name -> column number, from 1
	line    int            // the header's line
	blank   int            // blank rows read
	periods []string       // the period columns, for the World Bank's files
	pending *csvRecord     // a row peeked at and not yet returned
	pendErr error
}

// ilostatOpenRows reads r up to its header (see csvFindHeader), then maps
// the columns that layout(header) returns.
func ilostatOpenRows(r io.Reader, what, want string, maxPreamble int, isHeader func(names []string) bool,
	preamble func(line int, row []string) error, layout func(header []string) ([]column, error)) (*ilostatRows, error) {
	br := bufio.NewReader(r)
	if bom, _ := br.Peek(3); string(bom) == "\uFEFF" {
		br.Discard(3) // a BOM before a quoted cell would read as a bare quote
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, line, err := csvFindHeader(cr, what, want, maxPreamble, isHeader, preamble)
	if err != nil {
		return nil, err
	}
	cols, err := layout(header)
	if err != nil {
		return nil, err
	}
	m, err := csvColumns(header, line, what, cols)
	if err != nil {
		return nil, err
	}
	return &ilostatRows{cr: cr, header: header, cols: m, line: line}, nil
}

// next returns the next data row, or io.EOF after the last.
func (t *ilostatRows) next() (*csvRecord, error) {
	if t.pending != nil || t.pendErr != nil {
		rec, err := t.pending, t.pendErr
		t.pending, t.pendErr = nil, nil
		return rec, err
	}
	for {
		row, err := t.cr.Read()
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := t.cr.FieldPos(0)
		rec, err := record(row, line, t.cols)
		if err != nil {
			return nil, err
		}
		if rec == nil {
			t.blank++
			continue
		}
		return rec, nil
	}
}

// peek returns the row next will return, without consuming it.
func (t *ilostatRows) peek() (*csvRecord, error) {
	if t.pending == nil && t.pendErr == nil {
		t.pending, t.pendErr = t.next()
	}
	return t.pending, t.pendErr
}

// ilostatRewind returns a function that seeks r back to its start, or
// false when r cannot seek: a reader that can is read twice, once to list
// a file's indicators and aggregates before any observation, once to
// stream the observations.
func ilostatRewind(r io.Reader) (func() error, bool) {
	s, ok := r.(io.Seeker)
	if !ok {
		return nil, false
	}
	return func() error {
		if _, err := s.Seek(0, io.SeekStart); err != nil {
			return errorf("", "reading the file again from its start: %w", err)
		}
		return nil
	}, true
}

// MaybeGzip returns r itself, or, when r starts with the gzip magic
// number (1f 8b), a reader of its decompressed content, so that a command
// takes FILE or FILE.gz alike. When r can seek, so can what MaybeGzip
// returns, to its start (Seek(0, io.SeekStart)), which the statistics
// readers use to read a file twice without holding it. A fault reading
// the first bytes or a gzip header is an *Error.
func MaybeGzip(r io.Reader) (io.Reader, error) {
	if rs, ok := r.(io.ReadSeeker); ok {
		start, err := rs.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, errorf("", "reading the file: %w", err)
		}
		var magic [2]byte
		n, err := io.ReadFull(rs, magic[:])
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, errorf("", "reading the file: %w", err)
		}
		if _, err := rs.Seek(start, io.SeekStart); err != nil {
			return nil, errorf("", "reading the file: %w", err)
		}
		if n < 2 || magic != [2]byte{0x1f, 0x8b} {
			return rs, nil
		}
		g := &gzipSeeker{src: rs, start: start}
		if err := g.reset(); err != nil {
			return nil, err
		}
		return g, nil
	}
	br := bufio.NewReader(r)
	magic, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, errorf("", "reading the file: %w", err)
	}
	if len(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b {
		return br, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, errorf("", "reading the gzip file: %w", err)
	}
	return &gzipReader{zr}, nil
}

// gzipReader reads a gzip stream, its faults as *Error.
type gzipReader struct{ zr *gzip.Reader }

func (g *gzipReader) Read(p []byte) (int, error) {
	n, err := g.zr.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = errorf("", "reading the gzip file: %w", err)
	}
	return n, err
}

// gzipSeeker reads a gzip file that it can read again from its start.
type gzipSeeker struct {
	src   io.ReadSeeker
	start int64
	zr    *gzip.Reader
}

func (g *gzipSeeker) reset() error {
	if _, err := g.src.Seek(g.start, io.SeekStart); err != nil {
		return errorf("", "reading the gzip file: %w", err)
	}
	var err error
	if g.zr == nil {
		g.zr, err = gzip.NewReader(bufio.NewReader(g.src))
	} else {
		err = g.zr.Reset(bufio.NewReader(g.src))
	}
	if err != nil {
		return errorf("", "reading the gzip file: %w", err)
	}
	return nil
}

func (g *gzipSeeker) Read(p []byte) (int, error) {
	n, err := g.zr.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = errorf("", "reading the gzip file: %w", err)
	}
	return n, err
}

// Seek goes back to the start of the decompressed content, the only
// place it can go: offset 0 from io.SeekStart.
func (g *gzipSeeker) Seek(offset int64, whence int) (int64, error) {
	if offset != 0 || whence != io.SeekStart {
		return 0, errors.New("a gzip file can only be read again from its start")
	}
	return 0, g.reset()
}
