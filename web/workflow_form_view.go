package web

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lmo-observatory/lmo"
)

// practiceFormPage is the contributor's form, new or for an edit, with the
// problems of a failed submission: an error summary above the form whose
// items link to their fields, and each message beside its field.
type practiceFormPage struct {
	workflowPage
	Action    string // where the form posts
	Edit      bool
	CancelURL string
	F         *practiceForm
	Errors    []formError       // the summary: Field is the id of the field to go to
	Msg       map[string]string // problem key (lmo.FieldProblem) -> its message
	// Conflict says that someone else saved the item since the edit
	// began; ConflictURL shows what they changed.
	Conflict, ConflictURL string

	Countries   []*lmo.Country
	Roles       []*lmo.Term
	OrgTypes    []*lmo.Term
	OrgRoles    []option
	Statuses    []*lmo.Term
	Evidence    []*lmo.Term
	Vocabs      []vocabGroup
	CountryRows []countryRowView
	Corridors   []corridorRowView
	Orgs        []orgRowView
	Sources     []sourceRowView
	Evaluations []sourceRowView
	Texts       []textRowView
}

// rowErr is what a row of a list shows of its problems: its index, its
// number for people, and the message beside it.
type rowErr struct {
	I, N       int
	Err, ErrID string
}

type countryRowView struct {
	formCountry
	rowErr
}

type corridorRowView struct {
	formCorridor
	rowErr
}

type orgRowView struct {
	formOrg
	rowErr
}

type sourceRowView struct {
	formSource
	rowErr
}

// vocabGroup is a vocabulary as a group of check boxes.
type vocabGroup struct {
	Vocab, Field, Legend string
	Err, ErrID           string
	Options              []checkOption
}

type checkOption struct {
	ID, Value, Label string
	Checked          bool
}

// The rows a list shows at least (blank ones fill up to it), and how many
// blank rows "Add a row" adds.
var minRows = map[string]int{"countries": 2, "corridors": 1, "organisations": 1, "sources": 2, "evaluations": 1, "translations": 1}

const addRows = 3

// newPracticeFormPage lays out the form f with the problems found (nil for
// none) and the list whose "Add a row" was pressed ("" for none).
func (s *Server) newPracticeFormPage(wp workflowPage, l *labels, f *practiceForm, problems []lmo.FieldProblem, added string) *practiceFormPage {
	lang := l.language()
	p := &practiceFormPage{workflowPage: wp, F: f, Msg: map[string]string{}, Countries: l.countryList}
	for _, pr := range problems {
		pr.Field = textProblemKey(f, pr.Field)
		msg := sentence(problemMessage(lang, pr))
		if p.Msg[pr.Field] != "" {
			p.Msg[pr.Field] += " " + msg
		} else {
			p.Msg[pr.Field] = msg
		}
		p.Errors = append(p.Errors, formError{Field: fieldID(pr.Field), Message: msg})
	}
	terms := func(vocab string) []*lmo.Term {
		if v := l.vocabs[vocab]; v != nil {
			return v.Terms
		}
		return nil
	}
	p.Roles, p.OrgTypes, p.Statuses, p.Evidence = terms(lmo.VocabCountryRole), terms(lmo.VocabOrganisationType),
		terms(lmo.VocabPracticeStatus), terms(lmo.VocabEvidenceLevel)
	for _, role := range []string{lmo.OrgImplementing, lmo.OrgPartner, lmo.OrgDonor} {
		p.OrgRoles = append(p.OrgRoles, option{Value: role, Label: translate(lang, "role."+role)})
	}
	for _, fv := range formVocabularies {
		p.Vocabs = append(p.Vocabs, p.vocabGroup(l, fv.Vocab, fv.Field))
	}
	p.layOutRows(added)
	return p
}

// layOutRows builds the rows of every list: those typed, then blank ones.
func (p *practiceFormPage) layOutRows(added string) {
	n := func(list string, typed int) int {
		extra := 1
		if added == list {
			extra = addRows
		}
		return max(typed+extra, minRows[list])
	}
	f := p.F
	for i := range n("countries", len(f.Countries)) {
		p.CountryRows = append(p.CountryRows, countryRowView{at(f.Countries, i), p.rowErr("countries", i)})
	}
	for i := range n("corridors", len(f.Corridors)) {
		p.Corridors = append(p.Corridors, corridorRowView{at(f.Corridors, i), p.rowErr("corridors", i)})
	}
	for i := range n("organisations", len(f.Organisations)) {
		p.Orgs = append(p.Orgs, orgRowView{at(f.Organisations, i), p.rowErr("organisations", i)})
	}
	for i := range n("sources", len(f.Sources)) {
		p.Sources = append(p.Sources, sourceRowView{at(f.Sources, i), p.rowErr("sources", i)})
	}
	for i := range n("evaluations", len(f.Evaluations)) {
		p.Evaluations = append(p.Evaluations, sourceRowView{at(f.Evaluations, i), p.rowErr("evaluations", i)})
	}
	for i := range n("translations", len(f.Texts)) {
		p.Texts = append(p.Texts, textRowView{at(f.Texts, i), p.rowErr("translations", i)})
	}
}

// at returns row i of a list, or a blank row past its end.
func at[T any](list []T, i int) T {
	var zero T
	if i < len(list) {
		return list[i]
	}
	return zero
}

// rowErr is what row i of list shows of its problems.
func (p *practiceFormPage) rowErr(list string, i int) rowErr {
	key := list + "." + strconv.Itoa(i)
	e := rowErr{I: i, N: i + 1, Err: p.Msg[key]}
	if e.Err != "" {
		e.ErrID = errID(key)
	}
	return e
}

// vocabGroup lays out a vocabulary's check boxes with the codes chosen.
func (p *practiceFormPage) vocabGroup(l *labels, vocab, field string) vocabGroup {
	g := vocabGroup{Vocab: vocab, Field: field, Err: p.Msg[field]}
	if g.Err != "" {
		g.ErrID = errID(field)
	}
	v := l.vocabs[vocab]
	if v == nil {
		return g
	}
	g.Legend = v.Name
	for i, t := range v.Terms {
		label := t.Label
		if vocab == lmo.VocabGCMObjective || vocab == lmo.VocabSDGTarget {
			label = t.Code + ". " + t.Label
		}
		g.Options = append(g.Options, checkOption{ID: "term-" + vocab + "-" + strconv.Itoa(i), Value: t.Code, Label: label,
			Checked: slices.Contains(p.F.Terms[vocab], t.Code)})
	}
	return g
}

// Err returns the message beside the field of a problem key, for the
// template ("" when none).
func (p *practiceFormPage) Err(key string) string { return p.Msg[key] }

// ErrID is the id of the message beside a problem key's field.
func (p *practiceFormPage) ErrID(key string) string { return errID(key) }

// errID is the id of the message beside a problem key's field.
func errID(key string) string { return "err-" + strings.NewReplacer(".", "-", "_", "-").Replace(key) }

// rowFields are the ids of the first field of each list's rows, by list.
var rowFields = map[string]string{"countries": "country-code", "corridors": "corridor-origin",
	"organisations": "org-name", "sources": "source-title", "evaluations": "eval-title", "translations": "text-lang"}

// fieldID is the id of the form field that a problem key names, for the
// error summary's link; "" when the form has no such field.
func fieldID(key string) string {
	list, row, ok := strings.Cut(key, ".")
	if first, isList := rowFields[list]; isList {
		if !ok {
			row = "0"
		}
		return first + "-" + row
	}
	for _, fv := range formVocabularies {
		if fv.Field == key {
			return "term-" + fv.Vocab + "-0"
		}
	}
	switch key {
	case "":
		return ""
	case "contact":
		return "f-contact-name"
	case "review_status":
		return ""
	}
	return "f-" + strings.ReplaceAll(key, "_", "-")
}

// inputView is one field of the form with its label, hint and problem.
type inputView struct {
	ID, Name, Label, Value, Hint, HintID string
	Required                             bool
	Err, ErrID, Described                string
}

// Field returns the view of the field name, whose problems are keyed key,
// labelled by the message labelKey, with its value and the message
// hintKey ("" for no hint).
func (p *practiceFormPage) Field(name, key, labelKey, value, hintKey string, required bool) inputView {
	lang := p.Lang
	v := inputView{ID: "f-" + strings.ReplaceAll(name, "_", "-"), Name: name, Label: translate(lang, labelKey), Value: value,
		Required: required, Err: p.Msg[key]}
	if hintKey != "" {
		v.Hint, v.HintID = translate(lang, hintKey), v.ID+"-hint"
	}
	if v.Err != "" && fieldID(key) == v.ID {
		v.ErrID = errID(key)
	} else {
		v.Err = ""
	}
	v.Described = strings.TrimSpace(v.HintID + " " + v.ErrID)
	return v
}

// sentence makes a validation message a sentence: a capital first letter
// and a full stop.
func sentence(msg string) string {
	if msg == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(msg)
	msg = string(unicode.ToUpper(r)) + msg[n:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// sourceRowArgs is what the template of a source or evaluation row gets.
type sourceRowArgs struct {
	Row           sourceRowView
	Prefix, Label string
}

// SourceRow returns the template's arguments of a source row (prefix
// "source") or an evaluation row ("eval"), labelled by labelKey and its
// number.
func (p *practiceFormPage) SourceRow(row sourceRowView, prefix, labelKey string) sourceRowArgs {
	lang := p.Lang
	return sourceRowArgs{Row: row, Prefix: prefix, Label: translate(lang, labelKey, row.N)}
}
