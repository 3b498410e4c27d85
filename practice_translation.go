package lmo

import (
	"slices"
	"strings"

	"golang.org/x/text/language"
)

// PracticeText is a practice's title and summary in a language other than
// its original one (Practice.Language), with where that text was taken from
// when it was not written for LMO.
type PracticeText struct {
	Title     string `json:"title"`
	Summary   string `json:"summary,omitempty"` // Markdown; "" when only the title is translated
	SourceURL string `json:"source_url,omitempty"`
}

// ShownText is what a page in one language shows of a practice: the title
// and summary, each with the language it is in. A part is in another
// language than the page's when neither the original nor a translation is
// in the page's language; pages then say so.
type ShownText struct {
	Title       string
	TitleLang   string
	Summary     string
	SummaryLang string
	SourceURL   string // of the translation shown, if any
}

// Translated reports whether everything shown is in lang.
func (t ShownText) Translated(lang string) bool {
	return SameLanguage(t.TitleLang, lang) && SameLanguage(t.SummaryLang, lang)
}

// TextIn returns the title and summary of p to show in lang: the original
// when it is in lang, else the translation in lang (an exact tag first,
// then one of the same language: fr-CA for fr), else the original. A
// translation without a summary gives the title only; the summary is then
// the original's, in its own language.
func (p *Practice) TextIn(lang string) ShownText {
	orig := ShownText{Title: p.Title, TitleLang: p.Language, Summary: p.Summary, SummaryLang: p.Language}
	if lang == "" || SameLanguage(p.Language, lang) {
		return orig
	}
	tr, tag, ok := p.translation(lang)
	if !ok {
		return orig
	}
	out := ShownText{Title: tr.Title, TitleLang: tag, Summary: tr.Summary, SummaryLang: tag, SourceURL: tr.SourceURL}
	if tr.Summary == "" {
		out.Summary, out.SummaryLang = p.Summary, p.Language
	}
	return out
}

// translation returns p's translation in lang and its tag.
func (p *Practice) translation(lang string) (PracticeText, string, bool) {
	if t, ok := p.Translations[lang]; ok {
		return t, lang, true
	}
	for _, tag := range p.TranslationLanguages() {
		if SameLanguage(tag, lang) {
			return p.Translations[tag], tag, true
		}
	}
	return PracticeText{}, "", false
}

// TranslationLanguages returns the languages p is translated into, sorted.
func (p *Practice) TranslationLanguages() []string {
	tags := make([]string, 0, len(p.Translations))
	for tag := range p.Translations {
		tags = append(tags, tag)
	}
	slices.Sort(tags)
	return tags
}

// SameLanguage reports whether two BCP 47 tags name the same language,
// regions and scripts aside: fr, fr-FR and fr-CA are one language.
func SameLanguage(a, b string) bool {
	base := func(s string) string {
		s, _, _ = strings.Cut(strings.ToLower(s), "-")
		return s
	}
	return a != "" && base(a) == base(b)
}

// validateTranslations checks p's translations and puts their tags and text
// in canonical form: each language a BCP 47 tag, not the original's
// language and given once; a title; the original's length limits; a source
// URL that is a web address. It calls add for each problem; p.Language is
// already canonical.
func (p *Practice) validateTranslations(add func(field, key, format string, args ...any), addProblem func(field string, fp FieldProblem)) {
	if len(p.Translations) == 0 {
		p.Translations = nil
		return
	}
	out := make(map[string]PracticeText, len(p.Translations))
	for _, key := range p.TranslationLanguages() {
		t := p.Translations[key]
		field := "translations." + key
		tag, err := language.Parse(strings.TrimSpace(key))
		if err != nil {
			add(field, "problem.practice.translation.language", "translation language %q is not a BCP 47 language tag (fr, es, pt-BR...)", key)
			out[key] = t // kept as given, for the form that shows the error
			continue
		}
		lang := tag.String()
		if SameLanguage(lang, p.Language) {
			add(field, "problem.practice.translation.original", "translation %s: the practice's original language is %s; a translation is in another language", lang, p.Language)
			out[lang] = t
			continue
		}
		if _, dup := out[lang]; dup {
			add(field, "problem.practice.translation.twice", "translation %s is given twice", lang)
			continue
		}
		t.Title, t.Summary, t.SourceURL = strings.TrimSpace(t.Title), strings.TrimSpace(t.Summary), strings.TrimSpace(t.SourceURL)
		if t.Title == "" {
			add(field, "problem.practice.translation.title", "translation %s: title is required", lang)
		}
		for _, f := range []textField{
			{phrase("problem.field.translation.title", "translation %s: title", lang), t.Title, MaxTitle, false},
			{phrase("problem.field.translation.summary", "translation %s: summary", lang), t.Summary, MaxSummary, true},
		} {
			if fp := textProblem(f); fp.Message != "" {
				addProblem(field, fp)
			}
		}
		if fp := urlProblem(phrase("problem.field.translation.source", "translation %s: source URL", lang), t.SourceURL); fp.Message != "" {
			addProblem(field, fp)
		}
		out[lang] = t
	}
	p.Translations = out
}

// HitSnippets returns the snippets of p for q in each of its languages
// whose text matches, by tag: the original's from its summary, else its
// description (HitSnippet), and each translation's from its summary, else
// its title; and the one a language-blind list shows (the original's when
// it matched, else the first translation's by tag) with its tag.
func (q Query) HitSnippets(p *Practice) (snippet, lang string, all map[string]string) {
	if s := q.HitSnippet(p); s != "" {
		snippet, lang, all = s, p.Language, map[string]string{p.Language: s}
	}
	for _, tag := range p.TranslationLanguages() {
		t := p.Translations[tag]
		s := q.Snippet(t.Summary, SnippetWords)
		if s == "" {
			s = q.Snippet(t.Title, SnippetWords)
		}
		if s == "" {
			continue
		}
		if all == nil {
			snippet, lang, all = s, tag, map[string]string{}
		}
		all[tag] = s
	}
	return snippet, lang, all
}
