package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// The language of the API's reference data (issue 14). The endpoints of
// vocabularies, countries, regions and instruments answer in the language
// a request asks for: ?lang=en|fr|es, or else the best match of its
// Accept-Language, or else English; ?lang=all gives the English labels with
// every translation, its source and whether it is official. The answer
// says its language (Content-Language) and that it varies with
// Accept-Language (Vary); the response cache keys it by the language
// chosen (versionTag).

// langAll is the value of ?lang that asks for every language.
const langAll = "all"

// allLangKey is the context key that marks a request for every language.
type allLangKey struct{}

// apiLangFrom returns the language of an API answer and whether it is to
// carry every language (?lang=all, whose labels are English).
func apiLangFrom(ctx context.Context) (lang string, all bool) {
	all, _ = ctx.Value(allLangKey{}).(bool)
	return langFrom(ctx), all
}

// negotiateLang returns the language r asks for: its lang parameter (a
// language of languages or "all"), else the best match of its
// Accept-Language, else English. Another lang is EINVALID.
func negotiateLang(r *http.Request) (lang string, all bool, err error) {
	q := r.URL.Query()
	if q.Has("lang") {
		switch v := q.Get("lang"); {
		case v == langAll:
			return defaultLang, true, nil
		case knownLang(v):
			return v, false, nil
		default:
			return "", false, lmo.Errorf(lmo.EINVALID, "The parameter lang is %q: write one of %s or %s.", v, strings.Join(languages, ", "), langAll)
		}
	}
	return preferredLang(r), false, nil
}

// withAPILang serves fn in the language the request asks for
// (negotiateLang), carried by its context, with Content-Language and
// Vary: Accept-Language set. It wraps the response cache, so that the
// cache's key holds the language chosen.
func (s *Server) withAPILang(fn handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Add("Vary", "Accept-Language")
		lang, all, err := negotiateLang(r)
		if err != nil {
			return err
		}
		content := lang
		if all {
			content = strings.Join(languages, ", ")
		}
		w.Header().Set("Content-Language", content)
		ctx := context.WithValue(withLang(r.Context(), lang), allLangKey{}, all)
		return fn(w, r.WithContext(ctx))
	}
}

// apiTranslation is a label in another language in the API, with its
// source and whether it is official (the others are LMO's own).
type apiTranslation struct {
	Label     string `json:"label"`
	SourceURL string `json:"source_url,omitempty"`
	Official  bool   `json:"official"`
}

// newAPITranslations converts labels in other languages; nil for none.
func newAPITranslations(trs map[string]lmo.Translation) map[string]apiTranslation {
	if len(trs) == 0 {
		return nil
	}
	out := make(map[string]apiTranslation, len(trs))
	for lang, t := range trs {
		out[lang] = apiTranslation(t)
	}
	return out
}

// ownTranslation reports whether trs's label in lang is LMO's own.
func ownTranslation(trs map[string]lmo.Translation, lang string) bool {
	t, ok := trs[lang]
	return ok && t.Label != "" && !t.Official
}

// newAPIVocabularyIn converts a vocabulary with its terms' labels in lang
// (English where there is none), or, for all, the English labels with
// every translation.
func newAPIVocabularyIn(v *lmo.Vocabulary, lang string, all bool) apiVocabulary {
	out := newAPIVocabulary(v)
	for i, t := range v.Terms {
		if all {
			out.Terms[i].Translations = newAPITranslations(t.Translations)
			continue
		}
		out.Terms[i].Label = t.LabelIn(lang)
		out.Terms[i].OwnTranslation = t.OwnTranslation(lang)
	}
	return out
}

// newAPIRegionIn converts a region of a language's labels, whose name is
// already in that language, saying whether the name is LMO's own; for
// all, with every translation.
func newAPIRegionIn(r *lmo.Region, lang string, all bool) apiRegion {
	out := newAPIRegion(r)
	if all {
		out.Translations = newAPITranslations(r.Translations)
	} else {
		out.OwnTranslation = ownTranslation(r.Translations, lang)
	}
	return out
}

// instrumentIn returns in with its titles in lang and no translations
// (English where there is none: a short title in lang is empty when the
// source gives none), or in itself for all.
func instrumentIn(in *lmo.Instrument, lang string, all bool) *lmo.Instrument {
	if all {
		return in
	}
	c := *in
	c.Translations = nil
	if t, ok := in.Translations[lang]; ok && t.Title != "" {
		c.Title, c.ShortTitle = t.Title, t.ShortTitle
	}
	return &c
}
