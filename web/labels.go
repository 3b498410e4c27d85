package web

import (
	"context"
	"slices"

	"github.com/lmo-observatory/lmo"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// labels turns codes into the words a person reads: vocabulary terms,
// country and region names, in one language (issue 14). In a language's
// labels each term's Label and each region's Name are in that language
// (English where there is no translation, each keeping its Translations),
// and the countries are ordered by that language's collation; countries
// keep their names in every language (lmo.Country.Name).
type labels struct {
	version     int64  // the reference version they were read at: part of exports' validators
	lang        string // the language of the labels
	vocabs      lmo.Vocabularies
	vocabList   []*lmo.Vocabulary
	countries   map[string]*lmo.Country
	countryList []*lmo.Country
	regions     map[string]*lmo.Region
	regionList  []*lmo.Region
	// inLang are the labels in each language, held by the English labels
	// that the cache keeps: built once per reference version.
	inLang map[string]*labels
}

// loadLabels returns the labels of the current reference data in the
// request's language (langFrom), kept per reference version
// (versionedCache) with every language built at once: every request reads
// the version (one row) and reloads when it moved, so a change made
// through any node shows at once on every node.
func (s *Server) loadLabels(ctx context.Context) (*labels, error) {
	v, err := s.cfg.Vocabularies.ReferenceVersion(ctx)
	if err != nil {
		return nil, err
	}
	en, err := s.labelCache.get(v, func() (*labels, error) {
		l, err := s.readLabels(ctx)
		if err != nil {
			return nil, err
		}
		l.version = v
		l.inLang = map[string]*labels{}
		for _, lang := range languages {
			l.inLang[lang] = l.translated(lang)
		}
		return l, nil
	})
	if err != nil {
		return nil, err
	}
	if l := en.inLang[langFrom(ctx)]; l != nil {
		return l, nil
	}
	return en.inLang[defaultLang], nil
}

// translated returns l's labels in lang: copies of the vocabularies and
// regions with their words in lang, and the countries in lang's order.
// l itself is not changed.
func (l *labels) translated(lang string) *labels {
	t := &labels{version: l.version, lang: lang, vocabs: lmo.Vocabularies{}, countries: l.countries,
		regions: map[string]*lmo.Region{}}
	for _, v := range l.vocabList {
		c := *v
		c.Terms = make([]*lmo.Term, len(v.Terms))
		for i, term := range v.Terms {
			tc := *term
			tc.Label = term.LabelIn(lang)
			c.Terms[i] = &tc
		}
		t.vocabList = append(t.vocabList, &c)
		t.vocabs[c.ID] = &c
	}
	for _, r := range l.regionList {
		c := *r
		c.Name = r.NameIn(lang)
		t.regionList = append(t.regionList, &c)
		t.regions[c.Code] = &c
	}
	t.countryList = slices.Clone(l.countryList)
	coll := collate.New(language.Make(lang), collate.Loose)
	slices.SortStableFunc(t.countryList, func(a, b *lmo.Country) int {
		return coll.CompareString(a.Name(lang), b.Name(lang))
	})
	return t
}

// readLabels reads the reference data that labels need. The labels are
// read after the version, so they are at least as new as it says.
func (s *Server) readLabels(ctx context.Context) (*labels, error) {
	l := &labels{lang: defaultLang, vocabs: lmo.Vocabularies{}, countries: map[string]*lmo.Country{}, regions: map[string]*lmo.Region{}}
	var err error
	if l.vocabList, err = s.cfg.Vocabularies.FindVocabularies(ctx); err != nil {
		return nil, err
	}
	for _, v := range l.vocabList {
		l.vocabs[v.ID] = v
	}
	if l.countryList, err = s.cfg.Countries.FindCountries(ctx); err != nil {
		return nil, err
	}
	for _, c := range l.countryList {
		l.countries[c.Code] = c
	}
	if l.regionList, err = s.cfg.Countries.FindRegions(ctx); err != nil {
		return nil, err
	}
	for _, r := range l.regionList {
		l.regions[r.Code] = r
	}
	return l, nil
}

// Term returns the label of a vocabulary term in the labels' language.
func (l *labels) Term(vocab, code string) string { return l.vocabs.Label(vocab, code) }

// OwnTerm reports whether the label of a vocabulary term in the labels'
// language is LMO's own translation rather than an official wording, so
// that a page may say so.
func (l *labels) OwnTerm(vocab, code string) bool {
	if v := l.vocabs[vocab]; v != nil {
		if t := v.Term(code); t != nil {
			return t.OwnTranslation(l.lang)
		}
	}
	return false
}

// OwnRegion reports whether a region's name in the labels' language is
// LMO's own translation.
func (l *labels) OwnRegion(code string) bool {
	if r := l.regions[code]; r != nil {
		t, ok := r.Translations[l.lang]
		return ok && !t.Official
	}
	return false
}

// Country returns a country's name in the labels' language (English when
// there is none), or the code.
func (l *labels) Country(code string) string {
	if c := l.countries[code]; c != nil {
		return c.Name(l.lang)
	}
	return code
}

// Region returns a region's name in the labels' language, or the code.
func (l *labels) Region(code string) string {
	if r := l.regions[code]; r != nil {
		return r.Name
	}
	return code
}

// FacetValue returns the label of a value of a search facet.
func (l *labels) FacetValue(facet, value string) string {
	switch facet {
	case lmo.FacetCountry:
		return l.Country(value)
	case lmo.FacetRegion:
		return l.Region(value)
	case lmo.FacetGCM:
		return value + ". " + l.Term(lmo.VocabGCMObjective, value)
	case lmo.FacetSDG:
		return value + " " + l.Term(lmo.VocabSDGTarget, value)
	}
	return l.Term(lmo.FacetVocabulary[facet], value)
}

// termList returns the labels of codes in a vocabulary.
func (l *labels) termList(vocab string, codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = l.Term(vocab, c)
	}
	return out
}
