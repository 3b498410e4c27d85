package lmo

import (
	"context"
	"fmt"
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Dataset is one edition of a publisher's statistical product: UN DESA's
// International Migrant Stock 2020, an ILOSTAT download of a given day,
// a World Bank WDI release. Every observation belongs to one.
type Dataset struct {
	Code       string `json:"code"`    // "undesa-ims", "ilostat", "wdi", "rpw", "ilo-global-estimates"
	Edition    string `json:"edition"` // "2020", "2025-06-01": editions of a dataset sort as text, oldest first
	Publisher  string `json:"publisher"`
	Title      string `json:"title"`
	URL        string `json:"url"`
	Licence    string `json:"licence"` // "CC BY 4.0"
	LicenceURL string `json:"licence_url"`
	// Citation is how the publisher asks to be cited, for this edition.
	Citation  string    `json:"citation"`
	Retrieved Date      `json:"retrieved,omitzero"` // the day the file was taken from the publisher
	Imported  time.Time `json:"imported,omitzero"`  // set by the store
}

// Indicator is a measure a dataset publishes, identified by a code unique
// across datasets: the publisher's own where it has one
// ("BM.TRF.PWKR.CD.DT", "EAR_4MTH_SEX_GEO_CUR_NB_A"), else LMO's
// ("IMS_STOCK").
type Indicator struct {
	Code       string `json:"code"`
	Dataset    string `json:"dataset"` // the dataset's code
	Title      string `json:"title"`
	Unit       string `json:"unit"` // "persons", "percent", "current US$"
	Definition string `json:"definition,omitempty"`
	// Current is the edition whose observations a query gets by default:
	// the newest edition imported with this indicator. Editions lists every
	// edition that has it, oldest first. Both are set by the store.
	Current  string   `json:"current_edition,omitempty"`
	Editions []string `json:"editions,omitempty"`
}

// Aggregate is an area a publisher computes that is neither a reference
// country nor a reference region (an income group, "Less developed
// regions", an SDG grouping): kept under the publisher's code, as
// "WB:HIC" or "UNDESA:902", never mistaken for a country.
type Aggregate struct {
	Code string `json:"code"` // PUBLISHER:CODE
	Name string `json:"name"`
}

// Sexes of an observation.
const (
	SexTotal  = "total"
	SexMale   = "male"
	SexFemale = "female"
	SexOther  = "other"
)

// Sexes lists the values of Observation.Sex.
var Sexes = []string{SexTotal, SexMale, SexFemale, SexOther}

// Statuses of an observation: how the publisher obtained the value.
const (
	StatusReported    = "reported"
	StatusEstimated   = "estimated"
	StatusImputed     = "imputed"
	StatusBreak       = "break"       // a break in series: not comparable with earlier values
	StatusProvisional = "provisional" // may be revised
	StatusForecast    = "forecast"
	StatusUnreliable  = "unreliable"
	StatusUnavailable = "unavailable" // no value: the publisher's ".." or an empty cell it flags
)

// Statuses lists the values of Observation.Status.
var Statuses = []string{StatusReported, StatusEstimated, StatusImputed, StatusBreak, StatusProvisional, StatusForecast, StatusUnreliable, StatusUnavailable}

// Observation is one value of an indicator for an area, a period and a
// breakdown. Area is a reference country (ISO alpha-2), a reference region
// (a UN M49 code such as "001" for the world, or an ILO region such as
// "arab-states") or an Aggregate's code. Origin, for bilateral data, is
// the other end of the corridor, as an area: the migrants' country of
// origin for a stock by origin and destination, the receiving country of
// a remittance corridor (Area is then the sending one). The breakdown
// fields hold the publisher's classification codes (ILOSTAT's
// "AGE_YTHADULT_YGE15", "CBR_BIR_FOREIGN", ...) or, for a labelled file,
// its labels; "" is the total or not applicable.
type Observation struct {
	Indicator  string `json:"indicator"`
	Edition    string `json:"edition"` // set by the store on read; an import's come from its Dataset
	Area       string `json:"area"`
	Origin     string `json:"origin,omitempty"`
	Sex        string `json:"sex"`
	Age        string `json:"age,omitempty"`
	Migrant    string `json:"migrant,omitempty"` // place of birth or citizenship
	Activity   string `json:"activity,omitempty"`
	Occupation string `json:"occupation,omitempty"`
	Other      string `json:"other,omitempty"` // any further classification, codes joined with " "
	// Source is the publisher's own source of the value where it names one
	// (ILOSTAT's "LFS - Labour Force Survey"): two surveys may give the same
	// area and period different values, so it is part of the key.
	Source string  `json:"source,omitempty"`
	Period Period  `json:"period"`
	Value  float64 `json:"value"` // meaningless when Status is StatusUnavailable
	Status string  `json:"status"`
	Note   string  `json:"note,omitempty"`
	// Changed is when the store last wrote the observation's value,
	// status or note (set by the store; for incremental sync).
	Changed time.Time `json:"changed,omitzero"`
}

// HasValue reports whether the observation carries a value.
func (o *Observation) HasValue() bool { return o.Status != StatusUnavailable }

// Key is what identifies an observation within an edition: everything but
// its value, status, note and change time.
func (o *Observation) Key() string {
	return strings.Join([]string{o.Indicator, o.Area, o.Origin, o.Sex, o.Age, o.Migrant, o.Activity, o.Occupation, o.Other, o.Source, o.Period.String()}, "\x1f")
}

// MaxNoteLength bounds an observation's note, in bytes.
const MaxNoteLength = 4000

// Validate checks an observation's fields and says which is wrong.
func (o *Observation) Validate() error {
	switch {
	case o.Indicator == "":
		return Errorf(EINVALID, "the indicator is missing")
	case !ValidAreaCode(o.Area):
		return Errorf(EINVALID, "area %q is not a country's ISO alpha-2 code, a region's code or a publisher's aggregate (PUBLISHER:CODE)", o.Area)
	case o.Origin != "" && !ValidAreaCode(o.Origin):
		return Errorf(EINVALID, "origin %q is not a country's ISO alpha-2 code, a region's code or a publisher's aggregate (PUBLISHER:CODE)", o.Origin)
	case !slices.Contains(Sexes, o.Sex):
		return Errorf(EINVALID, "sex %q is not one of %s", o.Sex, strings.Join(Sexes, ", "))
	case o.Period.IsZero():
		return Errorf(EINVALID, "the period is missing")
	case !slices.Contains(Statuses, o.Status):
		return Errorf(EINVALID, "status %q is not one of %s", o.Status, strings.Join(Statuses, ", "))
	case o.HasValue() && (math.IsNaN(o.Value) || math.IsInf(o.Value, 0)):
		return Errorf(EINVALID, "the value %v is not a number", o.Value)
	case len(o.Note) > MaxNoteLength:
		return Errorf(EINVALID, "the note is longer than %d bytes", MaxNoteLength)
	}
	for _, s := range []string{o.Age, o.Migrant, o.Activity, o.Occupation, o.Other, o.Source, o.Note} {
		if !utf8.ValidString(s) || len(s) > MaxNoteLength {
			return Errorf(EINVALID, "a breakdown or note is not UTF-8 text of at most %d bytes", MaxNoteLength)
		}
	}
	return nil
}

// ValidAreaCode reports whether code has the form of an area: two upper
// case letters (a country), three digits (an M49 region), a lower case
// slug (an ILO region) or PUBLISHER:CODE (an aggregate).
func ValidAreaCode(code string) bool {
	if pub, c, ok := strings.Cut(code, ":"); ok {
		return isUpperWord(pub) && c != "" && len(c) <= 40 && !strings.ContainsFunc(c, func(r rune) bool { return r <= ' ' || r > '~' })
	}
	switch {
	case len(code) == 2:
		return isUpperWord(code)
	case len(code) == 3 && allDigits(code):
		return true
	}
	return code != "" && len(code) <= 40 && !strings.ContainsFunc(code, func(r rune) bool { return (r < 'a' || r > 'z') && r != '-' })
}

func isUpperWord(s string) bool {
	return s != "" && len(s) <= 12 && !strings.ContainsFunc(s, func(r rune) bool { return r < 'A' || r > 'Z' })
}

// Period is the time an observation refers to: a year, a quarter of a
// year or a month of a year (at most one of Quarter and Month is set).
type Period struct {
	Year    int
	Quarter int // 1-4, or 0
	Month   int // 1-12, or 0
}

// ParsePeriod reads a period as publishers write it: "2020", "2020Q1",
// "2020-Q1", "2020M01", "2020-01".
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	bad := Errorf(EINVALID, "period %q is not a year (2020), a quarter (2020-Q1) or a month (2020-01)", s)
	if len(s) < 4 || !allDigits(s[:4]) {
		return Period{}, bad
	}
	year, _ := strconv.Atoi(s[:4])
	p := Period{Year: year}
	rest := strings.TrimPrefix(s[4:], "-")
	switch {
	case len(s) == 4:
	case len(rest) == 2 && (rest[0] == 'Q' || rest[0] == 'q') && rest[1] >= '1' && rest[1] <= '4':
		p.Quarter = int(rest[1] - '0')
	case len(rest) == 3 && (rest[0] == 'M' || rest[0] == 'm') && allDigits(rest[1:]):
		p.Month, _ = strconv.Atoi(rest[1:])
	case len(rest) == 2 && allDigits(rest) && s[4] == '-':
		p.Month, _ = strconv.Atoi(rest)
	default:
		return Period{}, bad
	}
	if p.Year < 1800 || p.Year > 2200 || p.Month > 12 || (p.Month == 0 && len(rest) > 0 && p.Quarter == 0) {
		return Period{}, bad
	}
	return p, nil
}

// IsZero reports whether no period is set.
func (p Period) IsZero() bool { return p.Year == 0 }

// String writes the period as "2020", "2020-Q1" or "2020-01" (text order
// within one frequency is time order).
func (p Period) String() string {
	switch {
	case p.IsZero():
		return ""
	case p.Quarter != 0:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.Quarter)
	case p.Month != 0:
		return fmt.Sprintf("%04d-%02d", p.Year, p.Month)
	}
	return fmt.Sprintf("%04d", p.Year)
}

// MarshalText writes the period as String does.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads a period as ParsePeriod does.
func (p *Period) UnmarshalText(b []byte) error {
	v, err := ParsePeriod(string(b))
	*p = v
	return err
}

// Start returns the period's first month as a comparable number
// (year×12 + month − 1), so that periods of different frequencies order
// by when they begin.
func (p Period) Start() int {
	switch {
	case p.Quarter != 0:
		return p.Year*12 + (p.Quarter-1)*3
	case p.Month != 0:
		return p.Year*12 + p.Month - 1
	}
	return p.Year * 12
}

// End returns the period's last month, as Start counts them.
func (p Period) End() int {
	switch {
	case p.Quarter != 0:
		return p.Start() + 2
	case p.Month != 0:
		return p.Start()
	}
	return p.Start() + 11
}

// EditionAll asks a query for every edition instead of the current one.
const EditionAll = "all"

// ObservationFilter selects observations; empty fields select all. From
// and To keep the observations whose period lies within them (a year
// range 2000..2020 keeps that year's quarters and months too). Edition is
// "" for each indicator's current edition, EditionAll for all, or one
// edition. ChangedSince keeps those written after it. After is the cursor
// of the previous page (ObservationPage.Next); Limit bounds the page
// (at most MaxObservationPage; 0 means MaxObservationPage).
type ObservationFilter struct {
	Indicators   []string
	Areas        []string
	Origins      []string
	Sexes        []string
	From, To     Period
	Edition      string
	ChangedSince time.Time
	After        string
	Limit        int
}

// MaxObservationPage is the most observations one page holds.
const MaxObservationPage = 10000

// ObservationPage is a page of observations, ordered by indicator,
// edition, area, origin, breakdown and period; Next is the cursor of the
// next page, "" after the last.
type ObservationPage struct {
	Observations []Observation
	Next         string
}

// StatisticsImport is one dataset edition's indicators, aggregates and
// observations, to write at once. Observations is a stream, read once, so
// that memory does not grow with the file.
type StatisticsImport struct {
	Dataset      Dataset
	Indicators   []*Indicator
	Aggregates   []Aggregate
	Observations iter.Seq2[Observation, error]
}

// StatisticsImportCounts says what an import of statistics did: rows
// read, new, changed, unchanged, and removed (in the edition's indicators
// before, not in the file).
type StatisticsImportCounts struct {
	Read      int `json:"read"`
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Removed   int `json:"removed"`
	// Current lists the indicators this edition became the current one for.
	Current []string `json:"current"`
}

// StatisticsService is the statistics module: datasets and their editions,
// indicators, aggregates and observations.
type StatisticsService interface {
	// FindDatasets returns every edition of every dataset, by code, then
	// newest edition first.
	FindDatasets(ctx context.Context) ([]*Dataset, error)
	// FindIndicators returns every indicator by code, with its editions.
	FindIndicators(ctx context.Context) ([]*Indicator, error)
	// FindIndicator returns one indicator by code, or ENOTFOUND.
	FindIndicator(ctx context.Context, code string) (*Indicator, error)
	// FindAggregates returns every publisher's aggregate, by code.
	FindAggregates(ctx context.Context) ([]Aggregate, error)
	// FindObservations returns a page of the observations f selects. A
	// cursor that is not one of Next's is EINVALID.
	FindObservations(ctx context.Context, f ObservationFilter) (ObservationPage, error)
	// ImportStatistics writes one dataset edition in one transaction: the
	// dataset's description, its indicators and aggregates (created or
	// updated), and for each indicator listed the edition's observations,
	// which the stream replaces (new ones created, changed ones updated,
	// identical ones left alone with their change time, and those missing
	// removed, of the sexes the stream holds: one sex's table does not
	// remove another's), so the same file twice changes nothing. The edition
	// becomes each indicator's current one unless a newer edition of it
	// is already there. Every observation is validated; the first fault
	// (or a reader's error, a duplicate, an unknown area or an indicator
	// not listed) is EINVALID naming the observation by its position, and
	// nothing is written. Editor or above.
	ImportStatistics(ctx context.Context, in StatisticsImport, note string) (StatisticsImportCounts, error)
	// StatisticsVersion returns the version of the statistics (it grows
	// with every change) for validators and caches.
	StatisticsVersion(ctx context.Context) (int64, error)
}

// Validate checks a dataset edition's description.
func (d *Dataset) Validate() error {
	switch {
	case !validSlug(d.Code):
		return Errorf(EINVALID, "dataset code %q: use lower case letters, digits and hyphens", d.Code)
	case d.Edition == "" || len(d.Edition) > 40 || strings.ContainsFunc(d.Edition, func(r rune) bool { return r <= ' ' || r > '~' }):
		return Errorf(EINVALID, "dataset %s: edition %q: write it as a year or a date (2020, 2025-06-01)", d.Code, d.Edition)
	case strings.TrimSpace(d.Publisher) == "" || strings.TrimSpace(d.Title) == "":
		return Errorf(EINVALID, "dataset %s: the publisher and title are required", d.Code)
	case strings.TrimSpace(d.Licence) == "":
		return Errorf(EINVALID, "dataset %s: the licence is required", d.Code)
	}
	for _, u := range [][2]string{{"url", d.URL}, {"licence_url", d.LicenceURL}} {
		if problem := checkURL("dataset "+d.Code+" "+u[0], u[1]); problem != "" {
			return Errorf(EINVALID, "%s", problem)
		}
	}
	return nil
}

// Validate checks an indicator's description.
func (in *Indicator) Validate() error {
	switch {
	case in.Code == "" || len(in.Code) > 60 || strings.ContainsFunc(in.Code, func(r rune) bool { return r <= ' ' || r > '~' || r == ',' }):
		return Errorf(EINVALID, "indicator code %q: use letters, digits, dots, hyphens and underscores", in.Code)
	case strings.TrimSpace(in.Title) == "" || strings.TrimSpace(in.Unit) == "":
		return Errorf(EINVALID, "indicator %s: the title and unit are required", in.Code)
	}
	return nil
}

func validSlug(s string) bool {
	return s != "" && len(s) <= 60 && !strings.ContainsFunc(s, func(r rune) bool { return (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' })
}

// AreaIndex finds the reference area a publisher's code or name stands
// for: a country by ISO alpha-2, alpha-3 or numeric (M49) code or name; a
// region by its M49 code or name; and the world by the codes publishers
// give it (UN DESA's 900, ILOSTAT's X01, the World Bank's WLD).
type AreaIndex struct {
	countries *CountryIndex
	byCode    map[string]string // upper-case code -> area
	byName    map[string]string // folded region name -> area
}

// worldCodes are publishers' codes for the world.
var worldCodes = []string{"900", "X01", "WLD", "WORLD"}

// NewAreaIndex indexes the reference countries and regions.
func NewAreaIndex(countries []*Country, regions []*Region) *AreaIndex {
	ix := &AreaIndex{countries: NewCountryIndex(countries), byCode: map[string]string{}, byName: map[string]string{}}
	for _, c := range countries {
		ix.byCode[c.Code] = c.Code
		ix.byCode[c.Alpha3] = c.Code
		if c.Numeric != "" {
			ix.byCode[c.Numeric] = c.Code
		}
	}
	for _, r := range regions {
		ix.byCode[strings.ToUpper(r.Code)] = r.Code
		// A name means the M49 region where an ILO region has the same
		// ("Africa", "Americas"): publishers other than the ILO use M49's.
		if k := countryKey(r.Name); ix.byName[k] == "" || r.Kind != RegionILO {
			ix.byName[k] = r.Code
		}
	}
	for _, w := range worldCodes {
		ix.byCode[w] = "001"
	}
	return ix
}

// Code returns the area a publisher's code stands for (a numeric code
// may drop its leading zeros: "4" is Afghanistan's "004"), or false.
func (ix *AreaIndex) Code(code string) (string, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if allDigits(code) && len(code) < 3 {
		code = strings.Repeat("0", 3-len(code)) + code
	}
	area, ok := ix.byCode[code]
	return area, ok
}

// Name returns the area a name stands for: a country's name in English,
// French or Spanish, its ISO or official name, or a region's name (an M49
// region before an ILO region of the same name; case and accents do not
// count), or false.
func (ix *AreaIndex) Name(name string) (string, bool) {
	if area, ok := ix.byName[countryKey(name)]; ok {
		return area, true
	}
	if code, err := ix.countries.Resolve(name); err == nil {
		return code, true
	}
	return "", false
}
