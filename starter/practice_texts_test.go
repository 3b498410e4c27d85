package starter

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lmo-observatory/lmo"
)

// TestAddPracticeTexts reads a small file of practices' texts: each row
// becomes its practice's translation in that language.
func TestAddPracticeTexts(t *testing.T) {
	b, err := os.ReadFile("testdata/practice_texts.csv")
	if err != nil {
		t.Fatal(err)
	}
	contract, seasonal, other := &lmo.Practice{Slug: "contract"}, &lmo.Practice{Slug: "seasonal"}, &lmo.Practice{Slug: "other"}
	if err := addPracticeTexts([]*lmo.Practice{contract, seasonal, other}, "testdata/practice_texts.csv", b); err != nil {
		t.Fatal(err)
	}
	want := map[string]lmo.PracticeText{
		"fr": {Title: "Contrat type des travailleurs domestiques", Summary: "Un contrat type protège les travailleurs domestiques, à l'étranger.",
			SourceURL: "https://example.org/fr"},
		"es": {Title: "Contrato tipo para trabajadoras del hogar"},
	}
	if diff := cmp.Diff(want, contract.Translations); diff != "" {
		t.Errorf("contract (-want +got):\n%s", diff)
	}
	if len(seasonal.Translations) != 1 || seasonal.Translations["es"].Summary != "Los trabajadores temporeros llegan cada año." {
		t.Errorf("seasonal: %v", seasonal.Translations)
	}
	if other.Translations != nil {
		t.Errorf("a practice with no row has translations: %v", other.Translations)
	}
}

// TestAddPracticeTextsErrors: an empty file adds nothing; a bad row is
// refused with its line.
func TestAddPracticeTextsErrors(t *testing.T) {
	header := "slug,lang,title,summary,source_url\n"
	for _, c := range []struct{ file, want string }{
		{"", ""},
		{header, ""},
		{"slug,language,title,summary,source_url\n", "header is"},
		{header + "nowhere,fr,T,,\n", "line 2: there is no practice with the slug \"nowhere\""},
		{header + "p,fr,,,\n", "line 2: practice p: the fr title"},
		{header + "p,fr, T,,\n", "spaces around it"},
		{header + "p,,T,,\n", "the language \"\""},
		{header + "p,fr,T,,ftp://x\n", "not an http(s) address"},
		{header + "p,fr,T,,\np,fr,U,,\n", "line 3: practice p: the fr text is given twice"},
		{header + "p,fr,T\n", "wrong number of fields"},
	} {
		p := &lmo.Practice{Slug: "p"}
		err := addPracticeTexts([]*lmo.Practice{p}, "test.csv", []byte(c.file))
		switch {
		case c.want == "" && (err != nil || p.Translations != nil):
			t.Errorf("%q: %v, %v; want nothing added", c.file, err, p.Translations)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%q: %v, want an error with %q", c.file, err, c.want)
		}
	}
}

// TestStarterPracticeTexts: the embedded file, when there is one, names
// starter practices and passes their validation (Load checks both).
func TestStarterPracticeTexts(t *testing.T) {
	d, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range d.Practices {
		n += len(p.Translations)
	}
	t.Logf("%d texts in other languages over %d practices", n, len(d.Practices))
}
