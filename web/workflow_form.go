package web

import (
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"github.com/lmo-observatory/lmo"
	"golang.org/x/text/unicode/norm"
)

// practiceForm is the contributor's form as it was typed: every value kept
// as text, so that a form that fails comes back with what the person wrote.
// Rows left wholly empty are dropped when the form is read, so that row i
// of the form is item i of the practice's list, as validation numbers them.
type practiceForm struct {
	Title, Slug, Summary, Description string
	Countries                         []formCountry
	Global                            bool
	Corridors                         []formCorridor
	Terms                             map[string][]string // vocabulary -> chosen codes
	Organisations                     []formOrg
	Sources, Evaluations              []formSource
	StartYear, EndYear                string
	Status, EvidenceLevel, Language   string
	Results, Lessons                  string
	Contact                           lmo.Contact
	FactsChecked                      string
	Note                              string
	Version                           string // the version an edit started from
	// Texts are the title and summary in other languages (practice_lang.go).
	Texts []formText
}

// formCountry is a country of the practice and its role.
type formCountry struct{ Code, Role string }

// formCorridor is a migration corridor.
type formCorridor struct{ Origin, Destination string }

// formOrg is an organisation of the practice.
type formOrg struct{ Name, Acronym, Type, Country, Role string }

// formSource is a source or an evaluation.
type formSource struct{ Title, Publisher, URL, Year string }

// formVocabularies are the vocabularies that the form shows as groups of
// check boxes, in the order of the form, with the practice's field each
// fills (the key of its validation problems).
var formVocabularies = []struct{ Vocab, Field string }{
	{lmo.VocabTheme, "themes"},
	{lmo.VocabGCMObjective, "gcm_objectives"},
	{lmo.VocabGuidingPrinciple, "guiding_principles"},
	{lmo.VocabTargetGroup, "target_groups"},
	{lmo.VocabMigrationStage, "stages"},
	{lmo.VocabInstrument, "instruments"},
	{lmo.VocabSDGTarget, "sdg_targets"},
}

// maxFormRows bounds the rows of one list that a form may send.
const maxFormRows = 200

// readPracticeForm reads the form of r (already parsed).
func readPracticeForm(r *http.Request) *practiceForm {
	v := r.PostForm
	get := func(name string) string { return v.Get(name) }
	f := &practiceForm{Title: get("title"), Slug: get("slug"), Summary: get("summary"), Description: get("description"),
		Global: get("global") != "", StartYear: get("start_year"), EndYear: get("end_year"), Status: get("status"),
		EvidenceLevel: get("evidence_level"), Language: get("language"), Results: get("results"), Lessons: get("lessons"),
		FactsChecked: get("facts_checked"), Note: get("note"), Version: get("version"), Terms: map[string][]string{},
		Contact: lmo.Contact{Name: get("contact_name"), Organisation: get("contact_organisation"),
			Email: get("contact_email"), URL: get("contact_url")}}
	for _, fv := range formVocabularies {
		f.Terms[fv.Vocab] = v[fv.Vocab]
	}
	rows([][]string{v["country_code"], v["country_role"]}, func(c []string) {
		f.Countries = append(f.Countries, formCountry{c[0], c[1]})
	})
	rows([][]string{v["corridor_origin"], v["corridor_destination"]}, func(c []string) {
		f.Corridors = append(f.Corridors, formCorridor{c[0], c[1]})
	})
	rows([][]string{v["org_name"], v["org_acronym"], v["org_type"], v["org_country"], v["org_role"]}, func(c []string) {
		f.Organisations = append(f.Organisations, formOrg{c[0], c[1], c[2], c[3], c[4]})
	})
	rows([][]string{v["source_title"], v["source_publisher"], v["source_url"], v["source_year"]}, func(c []string) {
		f.Sources = append(f.Sources, formSource{c[0], c[1], c[2], c[3]})
	})
	rows([][]string{v["eval_title"], v["eval_publisher"], v["eval_url"], v["eval_year"]}, func(c []string) {
		f.Evaluations = append(f.Evaluations, formSource{c[0], c[1], c[2], c[3]})
	})
	rows([][]string{v["text_lang"], v["text_title"], v["text_summary"], v["text_source"]}, func(c []string) {
		f.Texts = append(f.Texts, formText{c[0], c[1], c[2], c[3]})
	})
	return f
}

// rows zips the values of a list's columns, gives each row to take and
// drops the rows whose every cell is blank. A column shorter than the
// others reads as blank cells.
func rows(cols [][]string, take func([]string)) {
	n := 0
	for _, c := range cols {
		n = max(n, len(c))
	}
	for i := range min(n, maxFormRows) {
		cells := make([]string, len(cols))
		blank := true
		for j, c := range cols {
			if i < len(c) {
				cells[j] = c[i]
			}
			blank = blank && strings.TrimSpace(cells[j]) == ""
		}
		if !blank {
			take(cells)
		}
	}
}

// practice binds the form to a practice over base (the stored practice of
// an edit, so that what the form does not show is kept; a new one for a new
// practice). Years that are not numbers are returned as problems, keyed as
// validation keys them; the rest is for the store's validation.
func (f *practiceForm) practice(lang string, base *lmo.Practice) (*lmo.Practice, []lmo.FieldProblem) {
	p := *base
	var problems []lmo.FieldProblem
	year := func(field, label, s string) int {
		s = strings.TrimSpace(s)
		if s == "" {
			return 0
		}
		y, err := strconv.Atoi(s)
		if err != nil {
			problems = append(problems, lmo.FieldProblem{Field: field, Message: translate(lang, "form.error.year", label)})
		}
		return y
	}
	p.Title, p.Summary, p.Description = f.Title, f.Summary, f.Description
	p.Slug = strings.TrimSpace(f.Slug)
	if p.Slug == "" {
		p.Slug = slugify(f.Title)
	}
	p.Global = f.Global
	p.Countries = make([]lmo.PracticeCountry, len(f.Countries))
	for i, c := range f.Countries {
		p.Countries[i] = lmo.PracticeCountry{Code: c.Code, Role: c.Role}
	}
	p.Corridors = make([]lmo.Corridor, len(f.Corridors))
	for i, c := range f.Corridors {
		p.Corridors[i] = lmo.Corridor{Origin: c.Origin, Destination: c.Destination}
	}
	for vocab, list := range p.TermFields() {
		*list = append([]string{}, f.Terms[vocab]...)
	}
	p.Organisations = make([]lmo.PracticeOrganisation, len(f.Organisations))
	for i, o := range f.Organisations {
		p.Organisations[i] = lmo.PracticeOrganisation{Name: strings.TrimSpace(o.Name), Acronym: strings.TrimSpace(o.Acronym),
			Type: o.Type, Country: o.Country, Role: o.Role}
	}
	p.Sources = f.sources(lang, f.Sources, "sources", "form.source.n", &problems)
	p.Evaluations = f.sources(lang, f.Evaluations, "evaluations", "form.evaluation.n", &problems)
	p.StartYear = year("start_year", translate(lang, "form.start"), f.StartYear)
	p.EndYear = year("end_year", translate(lang, "form.end"), f.EndYear)
	p.Status, p.EvidenceLevel, p.Language = f.Status, f.EvidenceLevel, strings.TrimSpace(f.Language)
	p.Results, p.Lessons, p.FactsChecked = f.Results, f.Lessons, f.FactsChecked
	p.Contact = nil
	if c := f.Contact; c != (lmo.Contact{}) {
		p.Contact = &c
	}
	p.Translations = f.translations(&problems)
	return &p, problems
}

// sources binds rows of sources (or evaluations), keying a year that is not
// a number as field.i.
func (f *practiceForm) sources(lang string, rows []formSource, field, label string, problems *[]lmo.FieldProblem) []lmo.Source {
	out := make([]lmo.Source, len(rows))
	for i, s := range rows {
		out[i] = lmo.Source{Title: strings.TrimSpace(s.Title), Publisher: strings.TrimSpace(s.Publisher), URL: strings.TrimSpace(s.URL)}
		if y := strings.TrimSpace(s.Year); y != "" {
			n, err := strconv.Atoi(y)
			if err != nil {
				*problems = append(*problems, lmo.FieldProblem{Field: field + "." + strconv.Itoa(i),
					Message: translate(lang, "form.error.year.source", translate(lang, label, i+1))})
			}
			out[i].Year = n
		}
	}
	return out
}

// formOf fills the form from a stored practice, for an edit.
func formOf(p *lmo.Practice) *practiceForm {
	f := &practiceForm{Title: p.Title, Slug: p.Slug, Summary: p.Summary, Description: p.Description, Global: p.Global,
		Status: p.Status, EvidenceLevel: p.EvidenceLevel, Language: p.Language, Results: p.Results, Lessons: p.Lessons,
		FactsChecked: p.FactsChecked, Version: strconv.Itoa(p.Version), Terms: map[string][]string{}}
	for _, c := range p.Countries {
		f.Countries = append(f.Countries, formCountry{c.Code, c.Role})
	}
	for _, c := range p.Corridors {
		f.Corridors = append(f.Corridors, formCorridor{c.Origin, c.Destination})
	}
	for vocab, list := range p.TermFields() {
		f.Terms[vocab] = *list
	}
	for _, o := range p.Organisations {
		f.Organisations = append(f.Organisations, formOrg{o.Name, o.Acronym, o.Type, o.Country, o.Role})
	}
	f.Sources, f.Evaluations = formSources(p.Sources), formSources(p.Evaluations)
	if p.StartYear != 0 {
		f.StartYear = strconv.Itoa(p.StartYear)
	}
	if p.EndYear != 0 {
		f.EndYear = strconv.Itoa(p.EndYear)
	}
	if p.Contact != nil {
		f.Contact = *p.Contact
	}
	f.Texts = formTexts(p)
	return f
}

// formSources turns sources into form rows.
func formSources(ss []lmo.Source) []formSource {
	var out []formSource
	for _, s := range ss {
		row := formSource{Title: s.Title, Publisher: s.Publisher, URL: s.URL}
		if s.Year != 0 {
			row.Year = strconv.Itoa(s.Year)
		}
		out = append(out, row)
	}
	return out
}

// maxSlug is the longest slug that validation accepts.
const maxSlug = 120

// slugify makes a slug from a title: letters without their accents and
// digits, lowercase, the rest as single hyphens, at most maxSlug long and
// cut at a hyphen where it can be.
func slugify(title string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(title) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		default:
			hyphen = true
		}
	}
	s := b.String()
	if len(s) > maxSlug {
		s = s[:maxSlug]
		if i := strings.LastIndexByte(s, '-'); i > maxSlug/2 {
			s = s[:i]
		}
		s = strings.TrimRight(s, "-")
	}
	return s
}
