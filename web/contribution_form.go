package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// What the forms of agreements and projects share (agreements_form*.go,
// projects_form*.go): the layout of problems (an error summary whose items
// link to their fields, each message beside its field), choice groups
// (radio buttons and check boxes), rows that grow without JavaScript
// ("Add a row" posts the form back with more blank rows), sources, and
// the editable item behind an edit. The practice's form (workflow_form*.go)
// keeps its own, older layout, which these follow.

// contribFormPage is what both forms' pages share: where the form posts,
// whether it is an edit, and the problems of a failed submission.
type contribFormPage struct {
	workflowPage
	Action    string // where the form posts
	Edit      bool
	CancelURL string
	Version   string            // the version an edit started from
	Errors    []formError       // the summary: Field is the id of the field to go to
	Msg       map[string]string // problem key (lmo.FieldProblem) -> its message
	// Conflict says that someone else saved the item since the edit
	// began; ConflictURL shows what they changed.
	Conflict, ConflictURL string

	ids formIDs
}

// formIDs says which id the field of a problem key has in a form.
type formIDs struct {
	lists   map[string]string // a list's problem key -> the id prefix of its rows' first fields
	choices []string          // the problem keys of choice groups
	special map[string]string // other keys whose field is not "f-" + key
}

// id is the id of the form field that a problem key names, for the error
// summary's link; "" when the form has no such field.
func (ids formIDs) id(key string) string {
	if key == "" || key == "review_status" {
		return ""
	}
	if id, ok := ids.special[key]; ok {
		return id
	}
	list, row, hasRow := strings.Cut(key, ".")
	if prefix, ok := ids.lists[list]; ok {
		if !hasRow {
			row = "0"
		}
		return prefix + "-" + row
	}
	for _, c := range ids.choices {
		if c == key {
			return choiceID(key, 0)
		}
	}
	return "f-" + dashed(key)
}

// dashed writes a problem key with hyphens for its underscores and dots.
func dashed(key string) string { return strings.NewReplacer("_", "-", ".", "-").Replace(key) }

// choiceID is the id of option i of the choice group of key.
func choiceID(key string, i int) string { return "c-" + dashed(key) + "-" + strconv.Itoa(i) }

// newContribFormPage lays out the problems found (nil for none) of a form
// whose fields have ids.
func newContribFormPage(wp workflowPage, ids formIDs, problems []lmo.FieldProblem) contribFormPage {
	p := contribFormPage{workflowPage: wp, Msg: map[string]string{}, ids: ids}
	for _, pr := range problems {
		msg := sentence(problemMessage(wp.Lang, pr))
		if p.Msg[pr.Field] != "" {
			p.Msg[pr.Field] += " " + msg
		} else {
			p.Msg[pr.Field] = msg
		}
		p.Errors = append(p.Errors, formError{Field: ids.id(pr.Field), Message: msg})
	}
	return p
}

// Field returns the view of the input name, whose problems are keyed key,
// labelled by the message labelKey, with its value and the message hintKey
// ("" for no hint).
func (p *contribFormPage) Field(name, key, labelKey, value, hintKey string, required bool) inputView {
	lang := p.Lang
	v := inputView{ID: "f-" + dashed(name), Name: name, Label: translate(lang, labelKey), Value: value,
		Required: required, Err: p.Msg[key]}
	if hintKey != "" {
		v.Hint, v.HintID = translate(lang, hintKey), v.ID+"-hint"
	}
	if v.Err != "" && p.ids.id(key) == v.ID {
		v.ErrID = errID(key)
	} else {
		v.Err = ""
	}
	v.Described = strings.TrimSpace(v.HintID + " " + v.ErrID)
	return v
}

// rowErr is what row i of list shows of its problems.
func (p *contribFormPage) rowErr(list string, i int) rowErr {
	key := list + "." + strconv.Itoa(i)
	e := rowErr{I: i, N: i + 1, Err: p.Msg[key]}
	if e.Err != "" {
		e.ErrID = errID(key)
	}
	return e
}

// choiceGroup is a group of radio buttons (one choice) or check boxes.
type choiceGroup struct {
	Name, Legend string
	Radio        bool
	Required     bool
	Err, ErrID   string
	Options      []checkOption
}

// choices lays out the options of the group name (its problems keyed
// name too) with those chosen checked. Chosen values that are not among
// the options (a code no longer in a vocabulary) are kept as options of
// their own, so that an edit does not drop them unseen.
func (p *contribFormPage) choices(name, legendKey string, radio, required bool, opts []option, chosen []string) choiceGroup {
	lang := p.Lang
	g := choiceGroup{Name: name, Legend: translate(lang, legendKey), Radio: radio, Required: required, Err: p.Msg[name]}
	if g.Err != "" {
		g.ErrID = errID(name)
	}
	known := map[string]bool{}
	for _, o := range opts {
		known[o.Value] = true
	}
	for _, c := range chosen {
		if c != "" && !known[c] {
			opts = append(opts, option{Value: c, Label: c})
			known[c] = true
		}
	}
	for i, o := range opts {
		g.Options = append(g.Options, checkOption{ID: choiceID(name, i), Value: o.Value, Label: o.Label,
			Checked: slices.Contains(chosen, o.Value)})
	}
	return g
}

// rowList is a list of rows with one field each (a select of options, or
// a text input when Options is nil) that grows by "Add a row".
type rowList struct {
	ID, Name      string // the fieldset's id; the field's name
	Legend, Hint  string
	Required      bool
	Add, AddLabel string // the value of its "Add a row" button and its words
	Err, ErrID    string // a problem of the whole list
	Rows          []rowView
	Options       []option
	Blank         string // the words of a select's empty option
}

// rowView is one row of a rowList.
type rowView struct {
	ID, Label, Value string
	rowErr
}

// rowList lays out the list whose problems are keyed key and whose fields
// are named name, from the values typed, with blank rows as rowCount says
// (its "Add a row" was pressed when added == key).
func (p *contribFormPage) rowList(key, name, idPrefix, legendKey, rowKey string, values []string, least int, added string) rowList {
	lang := p.Lang
	l := rowList{ID: "list-" + dashed(key), Name: name, Legend: translate(lang, legendKey), Add: key,
		AddLabel: translate(lang, "contrib.addrow."+key), Err: p.Msg[key]}
	if l.Err != "" {
		l.ErrID = errID(key)
	}
	for i := range rowCount(len(values), least, added == key) {
		l.Rows = append(l.Rows, rowView{ID: idPrefix + "-" + strconv.Itoa(i), Label: translate(lang, rowKey, i+1),
			Value: at(values, i), rowErr: p.rowErr(key, i)})
	}
	return l
}

// offer makes the rows' fields selects of opts, which blank chooses none
// of; a value typed that is not among them (a form posted by hand, an
// organisation since removed) is offered too, so that it is not lost.
func (l *rowList) offer(opts []option, blank string) {
	known := map[string]bool{}
	for _, o := range opts {
		known[o.Value] = true
	}
	for _, r := range l.Rows {
		if r.Value != "" && !known[r.Value] {
			opts = append(opts, option{Value: r.Value, Label: r.Value})
			known[r.Value] = true
		}
	}
	l.Options, l.Blank = opts, blank
}

// rowCount is how many rows a list of typed rows shows: one blank row
// more (addRows more when its "Add a row" was pressed), and no fewer than
// least.
func rowCount(typed, least int, added bool) int {
	extra := 1
	if added {
		extra = addRows
	}
	return max(typed+extra, least)
}

// sourceRows lays out the rows of sources.
func (p *contribFormPage) sourceRows(sources []formSource, added string) []sourceRowView {
	var out []sourceRowView
	for i := range rowCount(len(sources), 2, added == "sources") {
		out = append(out, sourceRowView{at(sources, i), p.rowErr("sources", i)})
	}
	return out
}

// SourceRow returns the template's arguments of a source row.
func (p *contribFormPage) SourceRow(row sourceRowView) sourceRowArgs {
	lang := p.Lang
	return sourceRowArgs{Row: row, Prefix: "source", Label: translate(lang, "form.source.n", row.N)}
}

// readSources reads the rows of sources of a form, dropping blank ones.
func readSources(r *http.Request) []formSource {
	v := r.PostForm
	var out []formSource
	rows([][]string{v["source_title"], v["source_publisher"], v["source_url"], v["source_year"]}, func(c []string) {
		out = append(out, formSource{c[0], c[1], c[2], c[3]})
	})
	return out
}

// readList reads the values of a list of one-field rows, trimmed, blank
// ones dropped.
func readList(r *http.Request, name string) []string {
	var out []string
	rows([][]string{r.PostForm[name]}, func(c []string) { out = append(out, strings.TrimSpace(c[0])) })
	return out
}

// bindSources turns rows of sources into sources, a year that is not a
// number being a problem keyed sources.i.
func bindSources(lang string, rows []formSource, problems *[]lmo.FieldProblem) []lmo.Source {
	out := make([]lmo.Source, len(rows))
	for i, s := range rows {
		out[i] = lmo.Source{Title: strings.TrimSpace(s.Title), Publisher: strings.TrimSpace(s.Publisher), URL: strings.TrimSpace(s.URL)}
		if y := strings.TrimSpace(s.Year); y != "" {
			n, err := strconv.Atoi(y)
			if err != nil {
				*problems = append(*problems, lmo.FieldProblem{Field: "sources." + strconv.Itoa(i),
					Message: translate(lang, "form.error.year.source", translate(lang, "form.source.n", i+1))})
			}
			out[i].Year = n
		}
	}
	return out
}

// bindDate reads a date typed as YYYY, YYYY-MM or YYYY-MM-DD (blank: none);
// anything else is a problem keyed field, naming the field by labelKey.
func bindDate(lang string, field, labelKey, s string, problems *[]lmo.FieldProblem) lmo.Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return lmo.Date{}
	}
	d, err := lmo.ParseDate(s)
	if err != nil {
		*problems = append(*problems, lmo.FieldProblem{Field: field, Message: translate(lang, "contrib.error.date", translate(lang, labelKey), s)})
	}
	return d
}

// checkedSlug is the slug typed, or one made from the title when none was.
func checkedSlug(slug, title string) string {
	if s := strings.TrimSpace(slug); s != "" {
		return s
	}
	return slugify(title)
}

// saveStatus is the review status a new item asks for: a draft when the
// person pressed "Save as draft", submitted otherwise.
func saveStatus(r *http.Request) string {
	if r.PostForm.Get("save") == "draft" {
		return lmo.ReviewDraft
	}
	return lmo.ReviewSubmitted
}

// editableItem reads the review item of an edit of kind and checks that the
// signed-in person may edit it (EFORBIDDEN otherwise).
func (s *Server) editableItem(r *http.Request) (*lmo.ReviewItem, error) {
	lang := langOf(r)
	kind, id, err := reviewTarget(r)
	if err != nil {
		return nil, err
	}
	item, err := s.cfg.Workflow.FindReviewItem(r.Context(), kind, id)
	if err != nil {
		return nil, err
	}
	u := lmo.UserFromContext(r.Context())
	if !lmo.MayEdit(item.Status, u, isOwner(item, u)) {
		return nil, lmo.Errorf(lmo.EFORBIDDEN, "You may not edit this item in its present status (%s).", statusLabel(lang, item.Status))
	}
	return item, nil
}

// editVersion reads the version an edit began at.
func editVersion(s string) (int, error) {
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, lmo.Errorf(lmo.EINVALID, "The form has no version: open the edit again.")
	}
	return v, nil
}

// staleEdit reports whether a save failed because item moved on from
// version from since the edit began, and returns the item as it now is.
func (s *Server) staleEdit(r *http.Request, item *lmo.ReviewItem, from int, err error) (*lmo.ReviewItem, bool) {
	if lmo.ErrorCode(err) != lmo.ECONFLICT {
		return nil, false
	}
	now, ferr := s.cfg.Workflow.FindReviewItem(r.Context(), item.Kind, item.ID)
	if ferr != nil || now.Version == from {
		return nil, false
	}
	return now, true
}

// markConflict says on an edit's page that someone else saved item after
// version from, which the edit began at; the form then carries the item's
// version, so that saving again replaces their changes.
func (p *contribFormPage) markConflict(item *lmo.ReviewItem, from int) {
	lang := p.Lang
	p.Version = strconv.Itoa(item.Version)
	p.Conflict = translate(lang, "workflow.conflict", item.Version)
	p.ConflictURL = fmt.Sprintf("%s/diff?from=%d&to=%d", reviewURL(item.Kind, item.ID), from, item.Version)
}

// editItem serves the edit form of an item of any kind in the workflow.
func (s *Server) editItem(w http.ResponseWriter, r *http.Request) error {
	switch r.PathValue("kind") {
	case lmo.KindAgreement:
		return s.needAgreements(s.editAgreement)(w, r)
	case lmo.KindProject:
		return s.projectsOnly(s.editProject)(w, r)
	}
	return s.editPractice(w, r)
}

// updateItem saves the edit of an item of any kind in the workflow.
func (s *Server) updateItem(w http.ResponseWriter, r *http.Request) error {
	switch r.PathValue("kind") {
	case lmo.KindAgreement:
		return s.needAgreements(s.updateAgreement)(w, r)
	case lmo.KindProject:
		return s.projectsOnly(s.updateProject)(w, r)
	}
	return s.updatePractice(w, r)
}
