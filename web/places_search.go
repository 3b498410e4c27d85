package web

import (
	"strings"

	"github.com/lmo-observatory/lmo"
)

// corridorSeparators are the words and arrows that join two countries in
// a search for a corridor ("Philippines to Saudi Arabia", "PH → SA",
// "Philippines vers Arabie saoudite", "Filipinas a Arabia Saudita").
var corridorSeparators = []string{" -> ", " → ", " to ", " vers ", " à ", " hacia ", " a "}

// corridorPrefixes are the words that may open such a search ("from X to Y").
var corridorPrefixes = []string{"from ", "de ", "desde ", "du ", "des "}

// corridorQuery reads a search for a corridor: two countries, by code or
// by any name the index knows, joined by a separator. It returns their
// codes, or false.
func corridorQuery(q string, ix *lmo.CountryIndex) (origin, dest string, ok bool) {
	q = " " + strings.Join(strings.Fields(strings.ToLower(q)), " ") + " "
	for _, sep := range corridorSeparators {
		a, b, found := strings.Cut(q, sep)
		if !found {
			continue
		}
		a = strings.TrimSpace(a)
		for _, p := range corridorPrefixes {
			if strings.HasPrefix(a+" ", p) {
				a = strings.TrimSpace(strings.TrimPrefix(a+" ", p))
				break
			}
		}
		o, err1 := ix.Resolve(a)
		d, err2 := ix.Resolve(strings.TrimSpace(b))
		if err1 == nil && err2 == nil && o != d {
			return o, d, true
		}
	}
	return "", "", false
}

// corridorSuggestion returns the corridor page a search names, or nil.
func corridorSuggestion(q string, l *labels) *link {
	lang := l.language()
	if !strings.ContainsAny(q, " →") {
		return nil
	}
	o, d, ok := corridorQuery(q, lmo.NewCountryIndex(l.countryList))
	if !ok {
		return nil
	}
	return &link{translate(lang, "corridor.title", l.Country(o), l.Country(d)), corridorPath(o, d)}
}
