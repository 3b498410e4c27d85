package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/internal/textdiff"
)

// The diff view: two revisions of a record, each as labelled fields of
// text (a list one item a line, codes as their labels), compared field by
// field with a word-level diff (internal/textdiff) and shown side by side,
// deletions in <del> and insertions in <ins>, each also marked in words for
// those who cannot see the styling. The same fields make the review page's
// preview of an item.

// fieldText is one field of a record as a person reads it.
type fieldText struct {
	Label    string
	Text     string // lists: one item a line
	Markdown bool   // Text is Markdown (the preview renders it)
	List     bool   // Text is a list, one item a line
}

// practiceFields lays out a practice as labelled fields, in the order of
// the form.
func practiceFields(p *lmo.Practice, l *labels) []fieldText {
	lang := l.language()
	tr := func(key string) string { return translate(lang, key) }
	text := func(label, v string) fieldText { return fieldText{Label: label, Text: v} }
	md := func(label, v string) fieldText { return fieldText{Label: label, Text: v, Markdown: true} }
	list := func(label string, items []string) fieldText {
		return fieldText{Label: label, Text: strings.Join(items, "\n"), List: true}
	}
	var countries, corridors, orgs []string
	for _, c := range p.Countries {
		countries = append(countries, l.Country(c.Code)+" ("+l.Term(lmo.VocabCountryRole, c.Role)+")")
	}
	for _, c := range p.Corridors {
		corridors = append(corridors, l.Country(c.Origin)+" → "+l.Country(c.Destination))
	}
	for _, o := range p.Organisations {
		orgs = append(orgs, orgLine(o, l))
	}
	fs := []fieldText{
		text(tr("form.title"), p.Title),
		text(tr("form.slug"), p.Slug),
		text(tr("practice.summary"), p.Summary),
		md(tr("practice.desc"), p.Description),
		list(tr("practice.countries"), countries),
		text(tr("practice.global"), yesNo(lang, p.Global)),
		list(tr("practice.corridors"), corridors),
	}
	for _, fv := range formVocabularies {
		fs = append(fs, list(l.vocabName(fv.Vocab), termLabels(l, fv.Vocab, *p.TermFields()[fv.Vocab])))
	}
	fs = append(fs,
		list(tr("practice.orgs"), orgs),
		list(tr("practice.sources"), sourceLines(p.Sources)),
		text(tr("form.start"), yearText(p.StartYear)),
		text(tr("form.end"), yearText(p.EndYear)),
		text(tr("practice.status"), l.Term(lmo.VocabPracticeStatus, p.Status)),
		md(tr("practice.results"), p.Results),
		md(tr("practice.lessons"), p.Lessons),
		text(tr("practice.evidence"), termOrEmpty(l, lmo.VocabEvidenceLevel, p.EvidenceLevel)),
		list(tr("practice.evaluations"), sourceLines(p.Evaluations)),
		list(tr("practice.contact"), contactLines(p.Contact)),
		text(tr("form.language"), p.Language),
		list(tr("content.form.legend"), translationLines(p, tr)),
		text(tr("form.factschecked"), p.FactsChecked),
	)
	return fs
}

// vocabName is a vocabulary's name, or its id.
func (l *labels) vocabName(vocab string) string {
	if v := l.vocabs[vocab]; v != nil {
		return v.Name
	}
	return vocab
}

// termLabels are the labels of codes, the GCM objectives and SDG targets
// with their numbers.
func termLabels(l *labels, vocab string, codes []string) []string {
	out := l.termList(vocab, codes)
	if vocab == lmo.VocabGCMObjective || vocab == lmo.VocabSDGTarget {
		for i, c := range codes {
			out[i] = c + ". " + out[i]
		}
	}
	return out
}

func termOrEmpty(l *labels, vocab, code string) string {
	if code == "" {
		return ""
	}
	return l.Term(vocab, code)
}

// orgLine is an organisation on one line: name (acronym), type, country,
// role.
func orgLine(o lmo.PracticeOrganisation, l *labels) string {
	lang := l.language()
	s := o.Name
	if o.Acronym != "" {
		s += " (" + o.Acronym + ")"
	}
	s += ", " + l.Term(lmo.VocabOrganisationType, o.Type)
	if o.Country != "" {
		s += ", " + l.Country(o.Country)
	}
	return s + ", " + translate(lang, "role."+o.Role)
}

// sourceLines are sources, each on one line: title. publisher, year. URL
func sourceLines(ss []lmo.Source) []string {
	var out []string
	for _, s := range ss {
		line := s.Title
		if s.Publisher != "" {
			line += ". " + s.Publisher
		}
		if s.Year != 0 {
			line += ", " + strconv.Itoa(s.Year)
		}
		if s.URL != "" {
			line += ". " + s.URL
		}
		out = append(out, line)
	}
	return out
}

// contactLines are a contact's fields, one a line.
func contactLines(c *lmo.Contact) []string {
	if c == nil {
		return nil
	}
	var out []string
	for _, v := range []string{c.Name, c.Organisation, c.Email, c.URL} {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

func yearText(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

func yesNo(lang string, b bool) string {
	if b {
		return translate(lang, "workflow.yes")
	}
	return translate(lang, "workflow.no")
}

// snapshotPractice reads a revision's snapshot of a practice.
func snapshotPractice(rev *lmo.Revision) (*lmo.Practice, error) {
	var p lmo.Practice
	if err := json.Unmarshal(rev.Snapshot, &p); err != nil {
		return nil, fmt.Errorf("read snapshot of %s %d version %d: %w", rev.Kind, rev.EntityID, rev.Version, err)
	}
	p.ID, p.Version = rev.EntityID, rev.Version
	return &p, nil
}

// previewField is a field of the review page's preview.
type previewField struct {
	Label string
	HTML  template.HTML
	Items []string // a list field's items
	Empty bool
}

// previewFields lays out fields for reading: Markdown rendered and
// sanitised, lists as items, everything else escaped by the template.
func previewFields(fs []fieldText) []previewField {
	out := make([]previewField, len(fs))
	for i, f := range fs {
		out[i] = previewField{Label: f.Label, Empty: f.Text == ""}
		switch {
		case f.Markdown:
			out[i].HTML = renderMarkdown(f.Text)
		case f.List && f.Text != "":
			out[i].Items = strings.Split(f.Text, "\n")
		default:
			out[i].HTML = template.HTML(template.HTMLEscapeString(f.Text))
		}
	}
	return out
}

// diffRow is one field of two revisions side by side.
type diffRow struct {
	Label         string
	Before, After template.HTML // escaped text with <del> and <ins>
	Changed       bool
}

// diffFields compares two records' fields (the same labels in the same
// order) and returns the rows of those that differ, or of all when all is
// true.
func diffFields(lang string, before, after []fieldText, all bool) []diffRow {
	var out []diffRow
	for i := range min(len(before), len(after)) {
		a, b := before[i].Text, after[i].Text
		if a == b && !all {
			continue
		}
		row := diffRow{Label: after[i].Label, Changed: a != b}
		row.Before, row.After = diffSides(lang, a, b)
		out = append(out, row)
	}
	return out
}

// diffSides marks the word-level differences of a and b: the before side
// shows a with its deleted words in <del>, the after side b with its
// inserted words in <ins>. Every text is escaped.
func diffSides(lang string, a, b string) (template.HTML, template.HTML) {
	var before, after strings.Builder
	del := `<del><span class="visually-hidden">` + translate(lang, "workflow.diff.deleted") + `</span>`
	ins := `<ins><span class="visually-hidden">` + translate(lang, "workflow.diff.inserted") + `</span>`
	for _, op := range textdiff.Words(a, b) {
		t := template.HTMLEscapeString(op.Text)
		switch op.Kind {
		case textdiff.Equal:
			before.WriteString(t)
			after.WriteString(t)
		case textdiff.Delete:
			before.WriteString(del + t + "</del>")
		case textdiff.Insert:
			after.WriteString(ins + t + "</ins>")
		}
	}
	return template.HTML(before.String()), template.HTML(after.String())
}
