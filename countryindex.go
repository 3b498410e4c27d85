package lmo

import (
	"slices"
	"strings"
)

// CountryIndex finds a country by what a publisher's file writes for it:
// an ISO 3166-1 alpha-2 or alpha-3 code, or a name in English, French or
// Spanish, ISO's short name or the official name, in any case, with or
// without accents.
type CountryIndex struct {
	byKey map[string][]string // folded code or name -> alpha-2 codes
}

// NewCountryIndex indexes countries by their codes and names.
func NewCountryIndex(countries []*Country) *CountryIndex {
	ix := &CountryIndex{byKey: map[string][]string{}}
	for _, c := range countries {
		for _, key := range c.lookupKeys() {
			k := countryKey(key)
			if k != "" && !slices.Contains(ix.byKey[k], c.Code) {
				ix.byKey[k] = append(ix.byKey[k], c.Code)
			}
		}
	}
	return ix
}

// lookupKeys returns what a file may write for c.
func (c *Country) lookupKeys() []string {
	return []string{c.Code, c.Alpha3, c.NameEN, c.NameFR, c.NameES, c.NameISO, c.NameOfficial}
}

// countryKey folds a written country for lookup: case, accents and
// surrounding space do not count.
func countryKey(s string) string {
	return Fold(strings.Join(strings.Fields(s), " "))
}

// renamedCodes are the alpha-2 codes ISO withdrew when a state changed its
// name, with the same state's code today (ISO 3166-3, as Debian's iso-codes
// lists it: TPTL, ZRCD, BUMM, DYBJ, HVBF). Codes withdrawn when states
// merged or split are not here: their events belong to a state that no
// longer exists.
var renamedCodes = map[string]string{"TP": "TL", "ZR": "CD", "BU": "MM", "DY": "BJ", "HV": "BF"}

// Resolve returns the alpha-2 code of the country written, or an EINVALID
// error that says why not: no country has that code or name, or the name
// is shared by several.
func (ix *CountryIndex) Resolve(written string) (string, error) {
	codes := ix.byKey[countryKey(written)]
	if now, renamed := renamedCodes[strings.ToUpper(strings.TrimSpace(written))]; renamed && len(codes) == 0 {
		codes = ix.byKey[countryKey(now)]
	}
	switch len(codes) {
	case 0:
		return "", Errorf(EINVALID, "country %q is not an ISO 3166-1 alpha-2 or alpha-3 code or the name of a country", written)
	case 1:
		return codes[0], nil
	}
	return "", Errorf(EINVALID, "country %q names more than one country (%s): write its ISO code", written, strings.Join(codes, ", "))
}
