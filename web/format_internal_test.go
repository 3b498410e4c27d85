package web

import (
	"testing"
	"time"
)

// TestFormats: numbers, plural forms and dates as each language writes
// them, from x/text's CLDR data and the catalog.
func TestFormats(t *testing.T) {
	day := time.Date(2026, time.March, 2, 14, 5, 0, 0, time.UTC)
	for _, tc := range []struct{ got, want string }{
		{formatNumber("en", 1234567.5, 1), "1\u202f234\u202f567.5"},
		{formatNumber("fr", 1234567.5, 1), "1\u00a0234\u00a0567,5"},
		{formatNumber("es", 1234567.5, 1), "1.234.567,5"},
		{formatNumber("fr", -0.01, 1), "0,0"},
		{translateCount("en", "search.results", 0), "0 practices found"},
		{translateCount("en", "search.results", 1), "1 practice found"},
		{translateCount("fr", "search.results", 0), "0 pratique trouvée"},
		{translateCount("fr", "search.results", 2), "2 pratiques trouvées"},
		{translateCount("es", "search.results", 0), "0 prácticas encontradas"},
		{translateCount("es", "search.results", 1), "1 práctica encontrada"},
		{compactNumber("fr", 1.5e6, ""), "1,5 million"},
		{compactNumber("fr", 2.5e6, ""), "2,5 millions"},
		{compactNumber("es", 1.5e6, ""), "1,5 millones"},
		{compactNumber("es", 1e6, ""), "1,0 millón"},
		{compactNumber("fr", 2.3, "%"), "2,3\u202f%"},
		{compactNumber("en", 2.3, "%"), "2.3%"},
		{longDate("en", day), "2 March 2026"},
		{longDate("fr", day), "2 mars 2026"},
		{longDate("es", day), "2 de marzo de 2026"},
		{monthYear("es", day), "marzo de 2026"},
		{longDateTime("fr", day), "2 mars 2026 à 14:05 UTC"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
