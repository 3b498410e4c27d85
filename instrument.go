package lmo

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// Instrument is an international labour standard or UN treaty that protects
// migrant or domestic workers: an ILO convention, protocol or
// recommendation, or a UN convention.
type Instrument struct {
	Code           string `json:"code"` // C189, P029, R201, ICMW
	Kind           string `json:"kind"` // InstrumentConvention, ...
	Title          string `json:"title"`
	ShortTitle     string `json:"short_title"`
	Adopted        Date   `json:"adopted"`
	EntryIntoForce Date   `json:"entry_into_force,omitzero"` // in general; none for a recommendation
	// InForceRule says when the instrument enters into force for a state
	// that joins after its general entry into force.
	InForceRule InForceRule `json:"in_force_rule,omitzero"`
	Revises     string      `json:"revises,omitempty"` // the code it revises, supplements or accompanies
	TextURL     string      `json:"text_url"`
	// CompleteTo is the date up to which LMO's list of events for this
	// instrument is complete; zero when it is not known to be complete.
	CompleteTo Date   `json:"complete_to,omitzero"`
	SourceURL  string `json:"source_url"`
	// Translations are the instrument's titles in other languages, keyed
	// by language ("fr", "es"): the official titles NORMLEX or the UN
	// give, each with its source.
	Translations map[string]InstrumentTitle `json:"translations,omitempty"`
}

// InstrumentTitle is an instrument's title (and short title, if the source
// gives one) in a language other than English, with where it comes from.
type InstrumentTitle struct {
	Title      string `json:"title"`
	ShortTitle string `json:"short_title,omitempty"`
	SourceURL  string `json:"source_url,omitempty"`
	Official   bool   `json:"official"`
}

// TitleIn returns the instrument's title in lang, falling back to English.
func (in *Instrument) TitleIn(lang string) string {
	if t, ok := in.Translations[lang]; ok && t.Title != "" {
		return t.Title
	}
	return in.Title
}

// ShortTitleIn returns the instrument's short title in lang, or its title
// in lang when the source gives no short title there; English when there
// is no translation.
func (in *Instrument) ShortTitleIn(lang string) string {
	if t, ok := in.Translations[lang]; ok && t.Title != "" {
		if t.ShortTitle != "" {
			return t.ShortTitle
		}
		return t.Title
	}
	return in.ShortTitleOr()
}

// Equal reports whether two instruments hold the same facts, titles in
// other languages included.
func (in *Instrument) Equal(other *Instrument) bool {
	a, b := *in, *other
	a.Translations, b.Translations = nil, nil
	return reflect.DeepEqual(a, b) && maps.Equal(in.Translations, other.Translations)
}

// Kinds of instrument.
const (
	InstrumentConvention     = "convention"
	InstrumentProtocol       = "protocol"
	InstrumentRecommendation = "recommendation"
	InstrumentUNTreaty       = "un-treaty"
)

// InstrumentKinds lists the kinds of instrument.
var InstrumentKinds = []string{InstrumentConvention, InstrumentProtocol, InstrumentRecommendation, InstrumentUNTreaty}

// Ratifiable reports whether states can become parties to the instrument
// (a recommendation cannot be ratified).
func (in *Instrument) Ratifiable() bool { return in.Kind != InstrumentRecommendation }

// InForceRule is when an instrument enters into force for a state that joins
// after its general entry into force: Months after the state's ratification
// (for most ILO conventions, 12 months after registration; 0 for those in
// force on registration), and for the UN migrant workers convention on the
// first day of the month that follows three months after deposit
// (FirstOfNextMonth). Text says it in the words of the instrument's final
// provisions; a rule without Text is not known.
type InForceRule struct {
	Months           int    `json:"months"`
	FirstOfNextMonth bool   `json:"first_of_next_month,omitempty"`
	Text             string `json:"text"`
}

// IsZero reports whether no rule is known.
func (r InForceRule) IsZero() bool { return r.Text == "" }

// For returns the day the instrument enters into force for a state that
// joined on joined, given its general entry into force: the later of the
// general date and the rule applied to the state's date. It is the zero Date
// when the instrument is not in force in general or has no rule. An
// imprecise joining date gives the latest day it may mean.
func (r InForceRule) For(joined, general Date) Date {
	if general.IsZero() || r.IsZero() || joined.IsZero() {
		return Date{}
	}
	d := joined.AddMonths(r.Months)
	if r.FirstOfNextMonth {
		d = Date{Year: d.Year, Month: d.Month, Day: 1}.AddMonths(1)
	}
	if g := general.Last(); dayCompare(g, d) > 0 {
		return g
	}
	return d
}

// NormalizeInstrumentCode returns an instrument code in its canonical form:
// upper case, and ILO numbers with three digits ("c189" and "C 189" are
// "C189"; "p29" is "P029").
func NormalizeInstrumentCode(code string) string {
	code = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(code), " ", ""))
	if len(code) >= 2 && len(code) < 4 && strings.ContainsRune("CPR", rune(code[0])) && allDigits(code[1:]) {
		code = code[:1] + strings.Repeat("0", 4-len(code)) + code[1:]
	}
	return code
}

func allDigits(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

// Validate checks an instrument's fields and says which is wrong.
func (in *Instrument) Validate() error {
	switch {
	case in.Code == "" || in.Code != NormalizeInstrumentCode(in.Code):
		return Errorf(EINVALID, "instrument code %q: write it as C189, P029, R201 or ICMW", in.Code)
	case !slices.Contains(InstrumentKinds, in.Kind):
		return Errorf(EINVALID, "instrument %s: kind %q is not one of %s", in.Code, in.Kind, strings.Join(InstrumentKinds, ", "))
	case strings.TrimSpace(in.Title) == "":
		return Errorf(EINVALID, "instrument %s: the title is missing", in.Code)
	case in.Adopted.IsZero():
		return Errorf(EINVALID, "instrument %s: the adoption date is missing", in.Code)
	case !in.Ratifiable() && (!in.EntryIntoForce.IsZero() || !in.InForceRule.IsZero()):
		return Errorf(EINVALID, "instrument %s: a recommendation does not enter into force", in.Code)
	case in.InForceRule.Months < 0 || in.InForceRule.Months > 120:
		return Errorf(EINVALID, "instrument %s: %d months is not a rule of entry into force", in.Code, in.InForceRule.Months)
	case in.InForceRule.IsZero() && (in.InForceRule.Months != 0 || in.InForceRule.FirstOfNextMonth):
		return Errorf(EINVALID, "instrument %s: the rule of entry into force needs its text", in.Code)
	}
	for _, u := range [][2]string{{"text_url", in.TextURL}, {"source_url", in.SourceURL}} {
		if problem := checkURL("instrument "+in.Code+" "+u[0], u[1]); problem != "" {
			return Errorf(EINVALID, "%s", problem)
		}
	}
	for lang, t := range in.Translations {
		if problem := checkTranslation("instrument "+in.Code+" title", lang, t.Title, t.SourceURL, t.Official); problem != "" {
			return Errorf(EINVALID, "%s", problem)
		}
		if t.ShortTitle != strings.TrimSpace(t.ShortTitle) {
			return Errorf(EINVALID, "instrument %s: the %s short title has spaces around it", in.Code, lang)
		}
	}
	return nil
}

// EventFilter selects ratification events; empty fields select all. From
// and To (days) keep the events that may have happened in that period: an
// event dated only by its year is in every period that overlaps the year.
type EventFilter struct {
	Instrument string
	Country    string
	From, To   Date
}

// StandardsImport is a set of instruments and events to write at once.
type StandardsImport struct {
	Instruments []*Instrument
	Events      []RatificationEvent
}

// StandardsImportCounts says what an import of standards did.
type StandardsImportCounts struct {
	Instruments ImportCounts `json:"instruments"`
	Events      ImportCounts `json:"events"`
}

// StandardService is the standards module: instruments and the events of
// states about them, from which every standing is derived.
type StandardService interface {
	// FindInstruments returns every instrument, ILO conventions and
	// protocols first, then recommendations, then UN treaties, each by code.
	FindInstruments(ctx context.Context) ([]*Instrument, error)
	// FindInstrument returns one instrument by code (any case, "C189" or
	// "c189"), or ENOTFOUND.
	FindInstrument(ctx context.Context, code string) (*Instrument, error)
	// FindEvents returns the events that f selects, by date then country.
	FindEvents(ctx context.Context, f EventFilter) ([]RatificationEvent, error)
	// ImportStandards writes instruments (matched by code) and events
	// (matched by instrument, country, kind and date) in one transaction:
	// new ones are created, changed ones updated, identical ones left
	// alone, and nothing is deleted, so importing a file twice changes
	// nothing. Every item is validated first; EINVALID names each failing
	// one by its position ("event 12: ...") and nothing is written. Editor
	// or above.
	ImportStandards(ctx context.Context, in StandardsImport, note string) (StandardsImportCounts, error)
	// StandardsVersion returns the version of the standards data (it
	// grows with every change) for validators and caches.
	StandardsVersion(ctx context.Context) (int64, error)
}

// ShortTitleOr returns the short title, or the title when there is none.
func (in *Instrument) ShortTitleOr() string {
	if in.ShortTitle != "" {
		return in.ShortTitle
	}
	return in.Title
}
