package web

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/lmo-observatory/lmo"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// shownText is a practice's title and summary as a page in one language
// shows them: the text in the page's language where the practice has it,
// else the original. TitleLang and SummaryLang are the lang attribute of
// the element that holds a part in another language than the page's ("" for
// a part in the page's language), and Note says so in the page's language,
// so that a page never mixes languages silently.
type shownText struct {
	Title       string
	TitleLang   string
	Summary     string
	SummaryLang string
	Note        string
	// SourceURL is where the translation shown was taken from, if anyone
	// else published it.
	SourceURL string
}

// practiceText returns what a page in lang shows of p's title and summary.
func practiceText(p *lmo.Practice, lang string) shownText {
	t := p.TextIn(lang)
	v := shownText{Title: t.Title, Summary: t.Summary, SourceURL: t.SourceURL}
	if !lmo.SameLanguage(t.TitleLang, lang) {
		v.TitleLang = t.TitleLang
	}
	if !lmo.SameLanguage(t.SummaryLang, lang) {
		v.SummaryLang = t.SummaryLang
	}
	switch {
	case v.TitleLang != "":
		v.Note = translate(lang, "content.original", languageName(lang, v.TitleLang))
	case v.SummaryLang != "":
		v.Note = translate(lang, "content.original.summary", languageName(lang, v.SummaryLang))
	}
	return v
}

// languageName is the name of the language tag in the language of the page,
// as CLDR writes it ("English", "anglais", "inglés"), or the tag itself when
// CLDR has no name for it.
func languageName(pageLang, tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	page, err := language.Parse(pageLang)
	if err != nil {
		page = language.English
	}
	if name := display.Tags(page).Name(t); name != "" {
		return name
	}
	return tag
}

// originalLang returns the lang attribute of what a page in lang shows of
// p in its original language only (description, results, lessons): the
// original's tag when it is another language than the page's, else "".
func originalLang(p *lmo.Practice, lang string) string {
	if lmo.SameLanguage(p.Language, lang) {
		return ""
	}
	return p.Language
}

// divInLang wraps rendered HTML in a division marked as being in lang, when
// lang is not "".
func divInLang(lang string, h template.HTML) template.HTML {
	if lang == "" || h == "" {
		return h
	}
	return template.HTML(`<div lang="`+html.EscapeString(lang)+`">`) + h + "</div>"
}

// translationLines are a practice's texts in other languages for the diff
// view and the review preview, a line per part: "fr title: …", "fr
// summary: …", "fr taken from: …", labelled by tr (the view's messages).
func translationLines(p *lmo.Practice, tr func(string) string) []string {
	var out []string
	for _, lang := range p.TranslationLanguages() {
		t := p.Translations[lang]
		out = append(out, lang+" "+tr("content.form.title")+": "+t.Title)
		if t.Summary != "" {
			out = append(out, lang+" "+tr("content.form.summary")+": "+t.Summary)
		}
		if t.SourceURL != "" {
			out = append(out, lang+" "+tr("content.form.source")+": "+t.SourceURL)
		}
	}
	return out
}

// formText is a row of the form's texts in other languages.
type formText struct{ Lang, Title, Summary, SourceURL string }

// translations binds the form's rows of texts to a practice's translations,
// a language given twice as a problem on its second row (validation checks
// the rest).
func (f *practiceForm) translations(problems *[]lmo.FieldProblem) map[string]lmo.PracticeText {
	out := map[string]lmo.PracticeText{}
	for i, t := range f.Texts {
		lang := strings.TrimSpace(t.Lang)
		if _, dup := out[lang]; dup {
			*problems = append(*problems, lmo.FieldProblem{Field: "translations." + strconv.Itoa(i),
				Message: fmt.Sprintf("translation %s is given twice", lang)})
			continue
		}
		out[lang] = lmo.PracticeText{Title: t.Title, Summary: t.Summary, SourceURL: t.SourceURL}
	}
	return out
}

// formTexts are a practice's translations as rows of the form, by language.
func formTexts(p *lmo.Practice) []formText {
	var out []formText
	for _, lang := range p.TranslationLanguages() {
		t := p.Translations[lang]
		out = append(out, formText{lang, t.Title, t.Summary, t.SourceURL})
	}
	return out
}

// textRowView is a row of texts in other languages with its problems.
type textRowView struct {
	formText
	rowErr
}

// textProblemKey keys a problem of a translation (validation keys them
// "translations.<language>") by the form's row of that language
// ("translations.<row>"), so that it shows beside the row; other problems
// keep their key.
func textProblemKey(f *practiceForm, key string) string {
	lang, ok := strings.CutPrefix(key, "translations.")
	if !ok {
		return key
	}
	if _, err := strconv.Atoi(lang); err == nil {
		return key
	}
	for i, t := range f.Texts {
		typed := strings.TrimSpace(t.Lang)
		if tag, err := language.Parse(typed); typed == lang || (err == nil && tag.String() == lang) {
			return "translations." + strconv.Itoa(i)
		}
	}
	return key
}
