package starter_test

import (
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo/starter"
)

// TestAgreements checks the starter's agreements: they load through the
// import reader, and every source is a full reference with an https
// address.
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
		for _, s := range a.Sources {
			if s.Publisher == "" || !strings.HasPrefix(s.URL, "https://") {
				t.Errorf("%s: source %q needs a publisher and an https address", a.Slug, s.Title)
			}
		}
	}
}
