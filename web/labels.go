package web

import (
	"context"

	"github.com/lmo-observatory/lmo"
)

// labels turns codes into the words a person reads: vocabulary terms,
// country and region names.
type labels struct {
	lang        string // the language they are read in, from the request
	version     int64  // the reference version they were read at: part of exports' validators
	vocabs      lmo.Vocabularies
	vocabList   []*lmo.Vocabulary
	countries   map[string]*lmo.Country
	countryList []*lmo.Country
	regions     map[string]*lmo.Region
	regionList  []*lmo.Region
}

// loadLabels returns the labels of the current reference data, kept per
// reference version (versionedCache): every request reads the version (one
// row) and reloads when it moved, so a change made through any node shows
// at once on every node.
func (s *Server) loadLabels(ctx context.Context) (*labels, error) {
	v, err := s.cfg.Vocabularies.ReferenceVersion(ctx)
	if err != nil {
		return nil, err
	}
	l, err := s.labelCache.get(v, func() (*labels, error) {
		l, err := s.readLabels(ctx)
		if err != nil {
			return nil, err
		}
		l.version = v
		return l, nil
	})
	if err != nil {
		return nil, err
	}
	in := *l
	in.lang = langFrom(ctx)
	return &in, nil
}

// readLabels reads the reference data that labels need. The labels are
// read after the version, so they are at least as new as it says.
func (s *Server) readLabels(ctx context.Context) (*labels, error) {
	l := &labels{vocabs: lmo.Vocabularies{}, countries: map[string]*lmo.Country{}, regions: map[string]*lmo.Region{}}
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

// Term returns the label of a vocabulary term.
func (l *labels) Term(vocab, code string) string { return l.vocabs.Label(vocab, code) }

// Country returns a country's English name, or the code.
func (l *labels) Country(code string) string {
	if c := l.countries[code]; c != nil {
		return c.NameEN
	}
	return code
}

// Region returns a region's name, or the code.
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
