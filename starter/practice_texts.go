package starter

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// practiceTextsFile holds the starter practices' titles and summaries in
// other languages than their original one: one row per practice and
// language, with where the text was taken from when someone else
// published it (translations/SOURCES.md). It may be absent or hold only its
// header: the practices then have no translations.
const practiceTextsFile = "translations/practices.csv"

// practiceTextsHeader is the header practiceTextsFile must have.
var practiceTextsHeader = []string{"slug", "lang", "title", "summary", "source_url"}

// loadPracticeTexts adds the texts of the embedded practiceTextsFile, if
// there is one, to the practices ps as their translations.
func loadPracticeTexts(ps []*lmo.Practice) error {
	b, err := files.ReadFile(practiceTextsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("starter/%s: %w", practiceTextsFile, err)
	}
	return addPracticeTexts(ps, "starter/"+practiceTextsFile, b)
}

// addPracticeTexts reads a CSV file of practices' texts (named name in
// errors) and sets them as the translations of ps. Each row names a
// practice of ps by its slug, a language once per practice, a title with
// no spaces around it, and an http(s) source or none; Practice.Validate
// then checks the language tag, the length limits and that the language is
// not the original's. An empty file adds nothing; an error names the line.
func addPracticeTexts(ps []*lmo.Practice, name string, b []byte) error {
	bySlug := make(map[string]*lmo.Practice, len(ps))
	for _, p := range ps {
		bySlug[p.Slug] = p
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = len(practiceTextsHeader)
	got, err := r.Read()
	if err == io.EOF {
		return nil // an empty file: nothing to add
	} else if err != nil {
		return fmt.Errorf("%s: header: %w", name, err)
	}
	if strings.Join(got, ",") != strings.Join(practiceTextsHeader, ",") {
		return fmt.Errorf("%s: header is %v, want %v", name, got, practiceTextsHeader)
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		line, _ := r.FieldPos(0)
		if err := addPracticeText(bySlug, rec); err != nil {
			return fmt.Errorf("%s line %d: %w", name, line, err)
		}
	}
}

// addPracticeText checks one row of practiceTextsFile and adds it to its
// practice.
func addPracticeText(bySlug map[string]*lmo.Practice, rec []string) error {
	slug, lang, title, summary, source := rec[0], rec[1], rec[2], rec[3], rec[4]
	p := bySlug[slug]
	switch {
	case p == nil:
		return fmt.Errorf("there is no practice with the slug %q in starter/practices.json", slug)
	case lang == "" || lang != strings.TrimSpace(lang):
		return fmt.Errorf("practice %s: the language %q is empty or has spaces around it", slug, lang)
	case title == "" || title != strings.TrimSpace(title):
		return fmt.Errorf("practice %s: the %s title %q is empty or has spaces around it", slug, lang, title)
	case summary != strings.TrimSpace(summary):
		return fmt.Errorf("practice %s: the %s summary has spaces around it", slug, lang)
	case source != "" && !isHTTP(source):
		return fmt.Errorf("practice %s: the %s source %q is not an http(s) address", slug, lang, source)
	}
	if _, dup := p.Translations[lang]; dup {
		return fmt.Errorf("practice %s: the %s text is given twice", slug, lang)
	}
	if p.Translations == nil {
		p.Translations = map[string]lmo.PracticeText{}
	}
	p.Translations[lang] = lmo.PracticeText{Title: title, Summary: summary, SourceURL: source}
	return nil
}
