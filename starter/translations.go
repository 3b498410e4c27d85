package starter

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

// The French and Spanish labels of translations/ (SOURCES.md there says
// where each comes from): the official wording of the GCM's objectives and
// guiding principles, the SDG targets and the instruments' titles, each
// with its source, and LMO's own vocabularies as LMO translated them.

// TranslationLanguages are the languages of translations/, beside English.
var TranslationLanguages = lmo.TranslationLanguages

// Label is a vocabulary term's label in a language other than English.
type Label struct {
	Vocabulary, Code, Lang, Label string
	// SourceURL is where the official wording was taken from; "" for
	// LMO's own translation.
	SourceURL string
	Official  bool
}

// InstrumentTitle is an instrument's official title in a language other
// than English, with its source.
type InstrumentTitle struct {
	Code, Lang, Title, ShortTitle, SourceURL string
}

// RegionName is a region's name in a language other than English: LMO's
// own translation (no source) or an official name with its source.
type RegionName struct {
	Code, Lang, Name, SourceURL string
	Official                    bool
}

// Translations are the labels, titles and names of translations/.
type Translations struct {
	Labels      []Label
	Instruments []InstrumentTitle
	Regions     []RegionName
}

// LoadTranslations reads translations/ and checks each row against the
// embedded vocabularies and instruments: a known term or instrument, a
// language of TranslationLanguages, each at most once, an official label
// with its http(s) source and LMO's own without one. An error names the
// file and line.
func LoadTranslations() (*Translations, error) {
	terms, instruments, err := translatable()
	if err != nil {
		return nil, err
	}
	t := &Translations{}
	seen := map[string]bool{}
	once := func(key string) error {
		if seen[key] {
			return fmt.Errorf("%s is given twice", key)
		}
		seen[key] = true
		return nil
	}
	header := []string{"vocabulary", "code", "lang", "label", "source_url", "official"}
	err = readCSV("translations/vocabularies.csv", header, func(_ int, rec []string) error {
		l := Label{Vocabulary: rec[0], Code: rec[1], Lang: rec[2], Label: rec[3], SourceURL: rec[4], Official: rec[5] == "yes"}
		switch {
		case !terms[l.Vocabulary+" "+l.Code]:
			return fmt.Errorf("no term %q in the vocabulary %q", l.Code, l.Vocabulary)
		case rec[5] != "yes" && rec[5] != "no":
			return fmt.Errorf("official is %q: write yes or no", rec[5])
		case l.Official && !isHTTP(l.SourceURL):
			return fmt.Errorf("the official label of %s %s needs its http(s) source", l.Vocabulary, l.Code)
		case !l.Official && l.SourceURL != "":
			return fmt.Errorf("LMO's own translation of %s %s has no source to give", l.Vocabulary, l.Code)
		}
		if err := checkText(l.Lang, l.Label); err != nil {
			return err
		}
		t.Labels = append(t.Labels, l)
		return once(l.Vocabulary + " " + l.Code + " in " + l.Lang)
	})
	if err != nil {
		return nil, err
	}
	header = []string{"code", "lang", "title", "short_title", "source_url"}
	err = readCSV("translations/instruments.csv", header, func(_ int, rec []string) error {
		in := InstrumentTitle{Code: rec[0], Lang: rec[1], Title: rec[2], ShortTitle: rec[3], SourceURL: rec[4]}
		switch {
		case !instruments[in.Code]:
			return fmt.Errorf("no instrument %q", in.Code)
		case !isHTTP(in.SourceURL):
			return fmt.Errorf("the title of %s needs its http(s) source", in.Code)
		case in.ShortTitle != strings.TrimSpace(in.ShortTitle):
			return fmt.Errorf("the short title of %s has spaces around it", in.Code)
		}
		if err := checkText(in.Lang, in.Title); err != nil {
			return err
		}
		t.Instruments = append(t.Instruments, in)
		return once(in.Code + " in " + in.Lang)
	})
	if err != nil {
		return nil, err
	}
	if t.Regions, err = loadRegionNames(once); err != nil {
		return nil, err
	}
	return t, nil
}

// loadRegionNames reads translations/regions.csv, checking each row as
// LoadTranslations does the labels.
func loadRegionNames(once func(key string) error) ([]RegionName, error) {
	regions, err := loadRegions()
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, r := range regions {
		known[r.Code] = true
	}
	var out []RegionName
	header := []string{"code", "lang", "name", "source_url", "official"}
	err = readCSV("translations/regions.csv", header, func(_ int, rec []string) error {
		n := RegionName{Code: rec[0], Lang: rec[1], Name: rec[2], SourceURL: rec[3], Official: rec[4] == "yes"}
		switch {
		case !known[n.Code]:
			return fmt.Errorf("no region %q in regions.csv", n.Code)
		case rec[4] != "yes" && rec[4] != "no":
			return fmt.Errorf("official is %q: write yes or no", rec[4])
		case n.Official && !isHTTP(n.SourceURL):
			return fmt.Errorf("the official name of %s needs its http(s) source", n.Code)
		case !n.Official && n.SourceURL != "":
			return fmt.Errorf("LMO's own translation of %s has no source to give", n.Code)
		}
		if err := checkText(n.Lang, n.Name); err != nil {
			return err
		}
		out = append(out, n)
		return once("region " + n.Code + " in " + n.Lang)
	})
	return out, err
}

// apply gives d's terms, instruments and regions their translations: the
// labels of vocabularies.csv, the titles of instruments.csv (also the
// labels of the instrument vocabulary's terms, which are the instruments'
// titles) and the names of regions.csv.
func (t *Translations) apply(d *Data) {
	terms := map[string]*lmo.Term{}
	for _, v := range d.Vocabularies {
		for _, term := range v.Terms {
			terms[v.ID+" "+term.Code] = term
		}
	}
	addLabel := func(vocab, code, lang string, tr lmo.Translation) {
		if term := terms[vocab+" "+code]; term != nil {
			if term.Translations == nil {
				term.Translations = map[string]lmo.Translation{}
			}
			term.Translations[lang] = tr
		}
	}
	for _, l := range t.Labels {
		addLabel(l.Vocabulary, l.Code, l.Lang, lmo.Translation{Label: l.Label, SourceURL: l.SourceURL, Official: l.Official})
	}
	instruments := map[string]*lmo.Instrument{}
	for _, in := range d.Standards.Instruments {
		instruments[in.Code] = in
	}
	for _, it := range t.Instruments {
		addLabel(lmo.VocabInstrument, it.Code, it.Lang, lmo.Translation{Label: it.Title, SourceURL: it.SourceURL, Official: true})
		if in := instruments[it.Code]; in != nil {
			if in.Translations == nil {
				in.Translations = map[string]lmo.InstrumentTitle{}
			}
			in.Translations[it.Lang] = lmo.InstrumentTitle{Title: it.Title, ShortTitle: it.ShortTitle, SourceURL: it.SourceURL, Official: true}
		}
	}
	regions := map[string]*lmo.Region{}
	for _, r := range d.Regions {
		regions[r.Code] = r
	}
	for _, n := range t.Regions {
		if r := regions[n.Code]; r != nil {
			if r.Translations == nil {
				r.Translations = map[string]lmo.Translation{}
			}
			r.Translations[n.Lang] = lmo.Translation{Label: n.Name, SourceURL: n.SourceURL, Official: n.Official}
		}
	}
}

// translatable returns the terms ("vocabulary code") and instrument codes
// that translations may name: the embedded vocabularies' terms, the
// instruments of standards/ and the instrument vocabulary's terms.
func translatable() (terms, instruments map[string]bool, err error) {
	vocabs, err := loadVocabularies()
	if err != nil {
		return nil, nil, err
	}
	terms, instruments = map[string]bool{}, map[string]bool{}
	for _, v := range vocabs {
		for _, term := range v.Terms {
			terms[v.ID+" "+term.Code] = true
			if v.ID == lmo.VocabInstrument {
				instruments[term.Code] = true
			}
		}
	}
	b, err := files.ReadFile("standards/instruments.csv")
	if err != nil {
		return nil, nil, err
	}
	for in, err := range ingest.InstrumentsCSV(bytes.NewReader(b)) {
		if err != nil {
			return nil, nil, fmt.Errorf("starter/standards/instruments.csv: %w", err)
		}
		instruments[in.Code] = true
	}
	return terms, instruments, nil
}

// checkText requires a language of TranslationLanguages and a text with
// no spaces around it.
func checkText(lang, text string) error {
	switch {
	case !slices.Contains(TranslationLanguages, lang):
		return fmt.Errorf("language %q: write one of %s", lang, strings.Join(TranslationLanguages, ", "))
	case text == "" || text != strings.TrimSpace(text):
		return fmt.Errorf("the %s text %q is empty or has spaces around it", lang, text)
	}
	return nil
}

// isHTTP reports whether s is an http or https address.
func isHTTP(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}
