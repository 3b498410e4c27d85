package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/sqlite"
	"github.com/lmo-observatory/lmo/storetest"
)

// langServer returns a server over a fresh SQLite store holding the
// conformance suite's reference data and two practices: one with a French
// title and summary, one in English only.
func langServer(t *testing.T) *Server {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "lang.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	storetest.Seed(t, db)
	src := []lmo.Source{{Title: "Test source", URL: "https://example.org/source"}}
	for _, p := range []*lmo.Practice{
		{Slug: "translated", Title: "Contract for domestic workers", Summary: "A contract protects domestic workers.",
			Description: "Rest days.", Countries: []lmo.PracticeCountry{{Code: "PH", Role: "origin"}}, Status: "ongoing", Sources: src,
			Translations: map[string]lmo.PracticeText{"fr": {Title: "Contrat des travailleurs domestiques",
				Summary: "Un contrat protège les travailleurs domestiques.", SourceURL: "https://example.org/fr"}}},
		{Slug: "untranslated", Title: "Seasonal worker programme", Summary: "Seasonal workers come for the harvest.",
			Countries: []lmo.PracticeCountry{{Code: "CA", Role: "destination"}}, Status: "ongoing", Sources: src},
	} {
		if err := db.CreatePractice(storetest.Admin(), p, "test"); err != nil {
			t.Fatal(err)
		}
	}
	s, err := NewServer(Config{Practices: db, Countries: db, Vocabularies: db, Standards: db, Statistics: db, Agreements: db,
		Projects: db, DB: db, Versions: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// serveIn runs handler for a GET of target in lang, as a page under /fr
// or /es is served once the prefix is read, and returns the body.
func serveIn(t *testing.T, handler func(http.ResponseWriter, *http.Request) error, lang, target string, path map[string]string) string {
	t.Helper()
	r := httptest.NewRequest("GET", target, nil)
	r = r.WithContext(withLang(r.Context(), lang))
	for k, v := range path {
		r.SetPathValue(k, v)
	}
	w := httptest.NewRecorder()
	if err := handler(w, r); err != nil {
		t.Fatalf("%s in %s: %v", target, lang, err)
	}
	return w.Body.String()
}

// TestPracticePageLanguages: in French, a practice page shows the French
// title and summary where the practice has them, and the rest (in its
// original language) marked with lang="en" and a note; an untranslated
// practice shows the original with lang="en" and the note; the head's
// description is the text shown. In English nothing is marked.
func TestPracticePageLanguages(t *testing.T) {
	s := langServer(t)
	fr := serveIn(t, s.practice, "fr", "/practices/translated", map[string]string{"slug": "translated"})
	for _, want := range []string{
		`<h1>Contrat des travailleurs domestiques</h1>`,
		`<p class="lead">Un contrat protège les travailleurs domestiques.</p>`,
		`<meta name="description" content="Un contrat protège les travailleurs domestiques.">`,
		`<div lang="en"><p>Rest days.</p>`,
		"La description, les résultats et les enseignements sont dans la langue d&#39;origine de la pratique : anglais.",
		`href="https://example.org/fr"`,
	} {
		if !strings.Contains(fr, want) {
			t.Errorf("the French page of the translated practice lacks %s", want)
		}
	}
	if strings.Contains(fr, "Affiché dans sa langue d&#39;origine") {
		t.Error("the French page of a translated practice says it is shown in its original language")
	}

	un := serveIn(t, s.practice, "fr", "/practices/untranslated", map[string]string{"slug": "untranslated"})
	for _, want := range []string{
		`<h1 lang="en">Seasonal worker programme</h1>`,
		`<p class="lead" lang="en">Seasonal workers come for the harvest.</p>`,
		"Affiché dans sa langue d&#39;origine : anglais.",
	} {
		if !strings.Contains(un, want) {
			t.Errorf("the French page of the untranslated practice lacks %s", want)
		}
	}

	en := serveIn(t, s.practice, "en", "/practices/translated", map[string]string{"slug": "translated"})
	if !strings.Contains(en, `<h1>Contract for domestic workers</h1>`) || strings.Contains(en, `lang="en"`) && strings.Contains(en, `<div lang="en">`) {
		t.Error("the English page does not show the original unmarked")
	}
}

// TestResultListLanguages: a French search finds the practice by its
// French words and lists it in French with the French snippet; the
// untranslated practice is listed in English, marked and noted, on the
// results and on the home page.
func TestResultListLanguages(t *testing.T) {
	s := langServer(t)
	list := serveIn(t, s.practices, "fr", "/practices?q=travailleurs+domestiques", nil)
	for _, want := range []string{
		`<a href="/fr/practices/translated">Contrat des travailleurs domestiques</a>`,
		`<p class="snippet">Un contrat protège les <mark>travailleurs</mark> <mark>domestiques</mark>.</p>`,
	} {
		if !strings.Contains(list, want) {
			t.Errorf("the French results lack %s", want)
		}
	}
	if strings.Contains(list, "Seasonal") {
		t.Error("the French search found the untranslated practice")
	}

	list = serveIn(t, s.practices, "es", "/practices?q=harvest", nil)
	for _, want := range []string{
		`<a href="/es/practices/untranslated" lang="en">Seasonal worker programme</a>`,
		`<p class="snippet" lang="en">Seasonal workers come for the <mark>harvest</mark>.</p>`,
		`<p class="lang-note">Se muestra en su idioma original: inglés.</p>`,
	} {
		if !strings.Contains(list, want) {
			t.Errorf("the Spanish results lack %s", want)
		}
	}

	home := serveIn(t, s.home, "fr", "/", nil)
	for _, want := range []string{
		`<a href="/fr/practices/translated">Contrat des travailleurs domestiques</a>`,
		`<a href="/fr/practices/untranslated" lang="en">Seasonal worker programme</a>`,
		`<p lang="en">Seasonal workers come for the harvest.</p>`,
	} {
		if !strings.Contains(home, want) {
			t.Errorf("the French home page lacks %s", want)
		}
	}
}

// TestDiffShowsTranslations: the diff view and review preview show a
// practice's texts in other languages as one field, a line per part.
func TestDiffShowsTranslations(t *testing.T) {
	p := &lmo.Practice{Title: "T", Language: "en", Translations: map[string]lmo.PracticeText{
		"fr": {Title: "Titre", Summary: "Résumé", SourceURL: "https://example.org/fr"}, "es": {Title: "Título"}}}
	tr := func(key string) string { return translate("en", key) }
	for _, f := range practiceFields(p, &labels{}) {
		if f.Label == tr("content.form.legend") {
			want := "es Title: Título\nfr Title: Titre\nfr Summary: Résumé\nfr Taken from (web address): https://example.org/fr"
			if f.Text != want || !f.List {
				t.Errorf("the field of translations is %q, want %q", f.Text, want)
			}
			return
		}
	}
	t.Error("no field of translations")
}
