package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/svg"
)

//go:embed templates/*.html templates/partials/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// parseTemplates parses each page template together with the layout, once
// per language, with that language's template functions (t, tn, date...), so
// that a template names a message by its key and the page comes out in
// its language.
func (s *Server) parseTemplates() (map[string]map[string]*template.Template, error) {
	out := map[string]map[string]*template.Template{}
	for _, lang := range languages {
		set, err := parsePages(s.funcs(lang))
		if err != nil {
			return nil, err
		}
		out[lang] = set
	}
	return out, nil
}

// execute renders page template name in r's language, its links moved into
// that language (localizeLinks).
func (s *Server) execute(r *http.Request, name string, data any) ([]byte, error) {
	lang := langOf(r)
	var buf bytes.Buffer
	if err := s.templates[lang][name].Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("render %s in %s: %w", name, lang, err)
	}
	return localizeLinks(lang, buf.Bytes()), nil
}

// parsePages parses each page template together with the layout.
func parsePages(funcs template.FuncMap) (map[string]*template.Template, error) {
	pages, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, p := range pages {
		name := strings.TrimSuffix(path.Base(p), ".html")
		if name == "layout" {
			continue
		}
		// Every page may include the partials (a list of agreements...).
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html", p)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// Page is what every page template gets: the layout's data.
type Page struct {
	Title       string
	Description string
	Lang        string
	Path        string
	Version     string
	Year        int
	// Canonical is the page's own absolute address (a search page's is
	// its permalink), for <link rel="canonical"> and og:url; "" for none.
	Canonical string
	// OGType is the page's Open Graph type: "website" unless a page says
	// otherwise ("article" for a practice).
	OGType string
	// Languages are the page in each interface language: the language
	// switch and the hreflang alternates.
	Languages []pageLanguage
}

// pageLanguage is a page in one language.
type pageLanguage struct {
	Lang    string // BCP 47 tag: en, fr, es
	Name    string // the language's name in itself: Français
	URL     string // the page's absolute address in the language, for hreflang
	Switch  string // where the language switch leads (the home page in English says so, see chooseLanguage)
	Current bool   // the page's own language
}

// languageNames are the interface languages' names in themselves, as a
// language switch shows them.
var languageNames = map[string]string{"en": "English", "fr": "Français", "es": "Español"}

func (s *Server) page(r *http.Request, title string) Page {
	lang := langOf(r)
	return Page{Title: title, Lang: lang, Path: r.URL.Path, Version: s.cfg.Version, Year: time.Now().Year(),
		Canonical: s.localURL(r, r.URL.EscapedPath()), OGType: "website", Languages: s.pageLanguages(r)}
}

// localURL returns the absolute address of path (with any query) in r's
// language.
func (s *Server) localURL(r *http.Request, path string) string {
	return s.baseURL(r) + langPath(langOf(r), path)
}

// pageLanguages returns r's page in every interface language, with the
// same query, so that switching keeps the search, filters and page.
func (s *Server) pageLanguages(r *http.Request) []pageLanguage {
	base, path, lang := s.baseURL(r), r.URL.EscapedPath(), langOf(r)
	out := make([]pageLanguage, len(languages))
	for i, l := range languages {
		u := base + langPath(l, path)
		if r.URL.RawQuery != "" {
			u += "?" + r.URL.RawQuery
		}
		sw := u
		if l == defaultLang && path == "/" && r.URL.RawQuery == "" {
			sw = base + "/?lang=" + l // chosen, so not redirected by Accept-Language
		}
		out[i] = pageLanguage{Lang: l, Name: languageNames[l], URL: u, Switch: sw, Current: l == lang}
	}
	return out
}

// render executes a page template into a buffer and writes it only when it
// succeeded, with an ETag and Last-Modified so that clients can revalidate.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data any, modified time.Time) error {
	body, err := s.execute(r, name, data)
	if err != nil {
		return err
	}
	serveBytes(w, r, "text/html; charset=utf-8", body, modified)
	return nil
}

// renderStatus renders a page with a non-200 status (errors), without
// validators.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	body, err := s.execute(r, name, data)
	if err != nil {
		s.log.Error("render error page", "error", err)
		http.Error(w, http.StatusText(status), status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(body)
}

// serveBytes writes body with a strong ETag (its hash) and Last-Modified, and
// answers conditional requests with 304. Responses may be cached but must be
// revalidated, so that no node or proxy serves a stale copy.
func serveBytes(w http.ResponseWriter, r *http.Request, contentType string, body []byte, modified time.Time) {
	sum := sha256.Sum256(body)
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, "", modified, bytes.NewReader(body))
}

// assets serves the embedded static files under content-hash URLs, cached
// for a year: a changed file gets a new URL.
type assets struct {
	hashes map[string]string // file -> hash
	files  map[string][]byte
}

// assetAppendix is what other packages add to a static file: the rules of
// the SVG charts and maps join the site's stylesheet, so that a page loads
// one stylesheet.
var assetAppendix = map[string]string{"style.css": "\n/* svg: charts and maps (package svg) */\n" + svg.CSS}

func loadAssets() (*assets, error) {
	a := &assets{hashes: map[string]string{}, files: map[string][]byte{}}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		b, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			return nil, err
		}
		b = append(b, assetAppendix[e.Name()]...)
		sum := sha256.Sum256(b)
		a.hashes[e.Name()] = hex.EncodeToString(sum[:6])
		a.files[e.Name()] = b
	}
	return a, nil
}

// URL returns the content-hash URL of a static file.
func (a *assets) URL(name string) string {
	h, ok := a.hashes[name]
	if !ok {
		panic("unknown asset " + name)
	}
	return "/static/" + h + "/" + name
}

// serve serves a static file by its content-hash URL; an unknown file or
// a hash that is not the file's is ENOTFOUND, the site's error page.
func (a *assets) serve(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("file")
	b, ok := a.files[name]
	if !ok || a.hashes[name] != r.PathValue("hash") {
		return lmo.Errorf(lmo.ENOTFOUND, "There is no file at this address.")
	}
	ctype := "application/octet-stream"
	switch path.Ext(name) {
	case ".css":
		ctype = "text/css; charset=utf-8"
	case ".js":
		ctype = "text/javascript; charset=utf-8"
	case ".svg":
		ctype = "image/svg+xml"
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	serveBytes(w, r, ctype, b, time.Time{})
	return nil
}

func (s *Server) favicon(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, s.assets.URL("icon.svg"), http.StatusMovedPermanently)
	return nil
}
