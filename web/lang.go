package web

import (
	"context"
	"net/http"
	"strings"
)

// The observatory speaks the ILO's three working languages (issue 14).
// English pages keep their addresses; French and Spanish pages are the same
// addresses under /fr and /es. A request's language travels in its context,
// set once by withLanguage, so that everything below — views, labels,
// templates — reads it from there.

// languages are the interface languages, English (the default) first.
var languages = []string{"en", "fr", "es"}

// defaultLang is the language of the addresses without a prefix.
const defaultLang = "en"

// langKey is the context key of the request's language.
type langKey struct{}

// withLang returns ctx carrying lang.
func withLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, lang)
}

// langFrom returns the language a context carries: English unless a
// prefixed address chose another.
func langFrom(ctx context.Context) string {
	if l, ok := ctx.Value(langKey{}).(string); ok {
		return l
	}
	return defaultLang
}

// langOf returns the language of a request.
func langOf(r *http.Request) string { return langFrom(r.Context()) }

// knownLang reports whether lang is one of the interface languages.
func knownLang(lang string) bool {
	for _, l := range languages {
		if l == lang {
			return true
		}
	}
	return false
}

// splitLangPrefix returns the language a path's first segment names ("fr"
// for /fr/practices and /fr) and the path without it; English and the path
// unchanged when it has none. The default language has no prefix.
func splitLangPrefix(path string) (lang, rest string) {
	for _, l := range languages[1:] {
		p := "/" + l
		if path == p {
			return l, "/"
		}
		if strings.HasPrefix(path, p+"/") {
			return l, path[len(p):]
		}
	}
	return defaultLang, path
}

// langPath returns the address of path in lang: path itself in English,
// under /fr or /es otherwise.
func langPath(lang, path string) string {
	if lang == defaultLang || lang == "" {
		return path
	}
	if path == "/" {
		return "/" + lang
	}
	return "/" + lang + path
}
