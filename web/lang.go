package web

import (
	"bytes"
	"context"
	"net/http"
	"strings"

	"github.com/lmo-observatory/lmo"
	"golang.org/x/text/language"
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

// unlocalized are the address spaces that have one language-free form:
// the API (which takes ?lang= instead), assets and operations. A link to
// them stays as it is on a French page, and /fr/api/... does not exist.
var unlocalized = []string{"/api/v1/", "/static/", "/favicon.ico", "/healthz", "/metrics"}

// localizable reports whether path (an address on this site, starting with
// one slash) has French and Spanish forms.
func localizable(path string) bool {
	if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") {
		return false
	}
	for _, p := range unlocalized {
		if strings.HasPrefix(path, p) || path == strings.TrimSuffix(p, "/") {
			return false
		}
	}
	if l, _ := splitLangPrefix(path); l != defaultLang {
		return false // already in a language
	}
	return true
}

// localize takes the language prefix off a request's path and puts the
// language in its context, so that the routes below know one set of
// addresses. Redirects it answers stay in the language.
func (s *Server) localize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang, rest := splitLangPrefix(r.URL.Path)
		if lang == defaultLang {
			next.ServeHTTP(w, r)
			return
		}
		if !localizable(rest) {
			s.writeError(w, r, lmo.Errorf(lmo.ENOTFOUND, "There is no page at this address."))
			return
		}
		r2 := r.WithContext(withLang(r.Context(), lang))
		u := *r.URL
		u.Path = rest
		if u.RawPath != "" {
			_, u.RawPath = splitLangPrefix(u.RawPath)
		}
		r2.URL = &u
		next.ServeHTTP(&langWriter{ResponseWriter: w, lang: lang}, r2)
	})
}

// langWriter keeps a response's redirect in its language: a Location on
// this site gets the language's prefix.
type langWriter struct {
	http.ResponseWriter
	lang string
}

// WriteHeader rewrites the Location header before sending the status.
func (lw *langWriter) WriteHeader(status int) {
	if loc := lw.Header().Get("Location"); localizable(loc) {
		lw.Header().Set("Location", langPath(lw.lang, loc))
	}
	lw.ResponseWriter.WriteHeader(status)
}

// Unwrap returns the underlying writer (for http.ResponseController).
func (lw *langWriter) Unwrap() http.ResponseWriter { return lw.ResponseWriter }

// localizeLinks returns html with every link and form address on this site
// (href="/...", action="/..." and formaction="/...") moved into lang, so
// that a French page leads to French pages. Addresses that are not
// localizable (the API, assets) and absolute ones (the language switch,
// canonical links) stay. Text cannot match: the templates escape every
// quote in it.
func localizeLinks(lang string, html []byte) []byte {
	if lang == defaultLang {
		return html
	}
	var out bytes.Buffer
	out.Grow(len(html) + len(html)/50)
	for {
		i := bytes.Index(html, valueStart)
		if i < 0 {
			out.Write(html)
			return out.Bytes()
		}
		start := i + len(valueStart) - 1 // at the slash
		out.Write(html[:start])
		html = html[start:]
		end := bytes.IndexByte(html, '"')
		if end < 0 {
			end = len(html)
		}
		if addr := string(html[:end]); isLinkAttr(out.Bytes()) && localizable(addr) {
			out.WriteString(langPath(lang, addr))
		} else {
			out.Write(html[:end])
		}
		html = html[end:]
	}
}

// valueStart opens an attribute value that is an address on this site.
var valueStart = []byte(`="/`)

// isLinkAttr reports whether written ends with the name of an attribute
// that holds an address to follow.
func isLinkAttr(written []byte) bool {
	for _, a := range []string{` href="`, ` action="`, ` formaction="`} {
		if bytes.HasSuffix(written, []byte(a)) {
			return true
		}
	}
	return false
}

// langMatcher finds the interface language closest to what a browser asks
// for (Accept-Language), English first as the default.
var langMatcher = language.NewMatcher([]language.Tag{language.English, language.French, language.Spanish})

// preferredLang returns the interface language that r's Accept-Language
// prefers: English when it asks for none of them, or asks nothing.
func preferredLang(r *http.Request) string {
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return defaultLang
	}
	_, i, conf := langMatcher.Match(tags...)
	if conf == language.No {
		return defaultLang
	}
	return languages[i]
}

// chooseLanguage sends a browser that asks for French or Spanish from the
// English home page (/, with no query) to /fr or /es. It is the only
// address that looks at Accept-Language, and only as a redirect the person
// can undo: the language switch's English link is /?lang=en, which stays.
func chooseLanguage(next handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Add("Vary", "Accept-Language")
		if langOf(r) == defaultLang && r.URL.RawQuery == "" {
			if l := preferredLang(r); l != defaultLang {
				w.Header().Set("Cache-Control", "no-store")
				http.Redirect(w, r, langPath(l, "/"), http.StatusFound)
				return nil
			}
		}
		return next(w, r)
	}
}

// language returns the language labels are read in: the request's, or
// English for none (a test's nil labels).
func (l *labels) language() string {
	if l == nil || l.lang == "" {
		return defaultLang
	}
	return l.lang
}
