package starter_test

import (
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo/starter"
)

// TestAgreements checks the starter's agreements: they load through the
// import reader, every source names its publisher, and every agreement
// has a source with an https address.
func TestAgreements(t *testing.T) {
	d, err := starter.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Agreements) == 0 {
		t.Fatal("no starter agreements")
	}
	slugs := map[string]bool{}
	for _, a := range d.Agreements {
		if slugs[a.Slug] {
			t.Errorf("%s comes twice", a.Slug)
		}
		slugs[a.Slug] = true
		secure := false
		for _, s := range a.Sources {
			if s.Publisher == "" {
				t.Errorf("%s: source %q needs a publisher", a.Slug, s.Title)
			}
			secure = secure || strings.HasPrefix(s.URL, "https://")
		}
		// Some pages read were only served over http (agreements/SOURCES.md
		// lists them); every agreement has at least one https source.
		if !secure {
			t.Errorf("%s: no source with an https address", a.Slug)
		}
	}
}
