package web

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/sqlite"
	"github.com/lmo-observatory/lmo/starter"
)

// labelServer returns a server over a SQLite database holding the
// starter's reference data and vocabularies, with their translations.
func labelServer(t *testing.T) (*Server, *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "labels.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d, err := starter.Load()
	if err != nil {
		t.Fatal(err)
	}
	admin := lmo.NewContextWithUser(ctx, lmo.SystemUser)
	if err := db.ReplaceReferenceData(admin, d.Regions, d.Countries); err != nil {
		t.Fatal(err)
	}
	if err := db.ReplaceVocabularies(admin, d.Vocabularies); err != nil {
		t.Fatal(err)
	}
	return &Server{cfg: Config{Vocabularies: db, Countries: db}}, db
}

// TestLabelsInLanguage: loadLabels answers in the language of its context
// (French, Spanish, English without one), falling back to English where
// there is no translation, says which labels are LMO's own, and orders the
// countries by the language's collation.
func TestLabelsInLanguage(t *testing.T) {
	s, db := labelServer(t)
	ctx := context.Background()
	for _, c := range []struct {
		lang                         string
		gcm1, theme, region, country string
		facet                        string
	}{
		{"", "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies", "Fair recruitment", "Arab States", "Germany",
			"1. Collect and utilize accurate and disaggregated data as a basis for evidence-based policies"},
		{"fr", "Collecter et utiliser des données précises et ventilées qui serviront à l’élaboration de politiques fondées sur la connaissance des faits",
			"Recrutement équitable", "États arabes", "Allemagne", "1. Collecter et utiliser des données précises et ventilées qui serviront à l’élaboration de politiques fondées sur la connaissance des faits"},
		{"es", "Recopilar y utilizar datos exactos y desglosados para formular políticas con base empírica", "Contratación equitativa", "Estados Árabes", "Alemania",
			"1. Recopilar y utilizar datos exactos y desglosados para formular políticas con base empírica"},
	} {
		lctx := ctx
		if c.lang != "" {
			lctx = withLang(ctx, c.lang)
		}
		l, err := s.loadLabels(lctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, got := range [][2]string{
			{l.Term(lmo.VocabGCMObjective, "1"), c.gcm1},
			{l.Term(lmo.VocabTheme, "fair-recruitment"), c.theme},
			{l.Region("arab-states"), c.region},
			{l.Country("DE"), c.country},
			{l.FacetValue(lmo.FacetGCM, "1"), c.facet},
			{l.FacetValue(lmo.FacetRegion, "arab-states"), c.region},
			{l.FacetValue(lmo.FacetCountry, "DE"), c.country},
			{l.vocabs[lmo.VocabTheme].Term("fair-recruitment").Label, c.theme},
		} {
			if got[0] != got[1] {
				t.Errorf("%q: got %q, want %q", c.lang, got[0], got[1])
			}
		}
		// LMO's own vocabularies are its own translation; the GCM's wording
		// is official; English is nobody's translation.
		if own := l.OwnTerm(lmo.VocabTheme, "fair-recruitment"); own != (c.lang != "") {
			t.Errorf("%q: OwnTerm(theme) = %v", c.lang, own)
		}
		if l.OwnTerm(lmo.VocabGCMObjective, "1") {
			t.Errorf("%q: the GCM objective's label is said to be LMO's own", c.lang)
		}
		if own := l.OwnRegion("arab-states"); own != (c.lang != "") {
			t.Errorf("%q: OwnRegion = %v", c.lang, own)
		}
	}

	// Without a translation, English: French objective 17 is left out of
	// translations/ (SOURCES.md), and M49 regions have none.
	fr, err := s.loadLabels(withLang(ctx, "fr"))
	if err != nil {
		t.Fatal(err)
	}
	en, err := s.loadLabels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fr.Term(lmo.VocabGCMObjective, "17") != en.Term(lmo.VocabGCMObjective, "17") || fr.Region("150") != "Europe" {
		t.Errorf("no fallback to English: %q, %q", fr.Term(lmo.VocabGCMObjective, "17"), fr.Region("150"))
	}
	// The English labels are not changed by the others.
	if en.Term(lmo.VocabTheme, "fair-recruitment") != "Fair recruitment" || en.Region("arab-states") != "Arab States" {
		t.Errorf("English labels changed: %q, %q", en.Term(lmo.VocabTheme, "fair-recruitment"), en.Region("arab-states"))
	}

	// Countries by the language's collation: "Égypte" among the E's in
	// French (byte order puts it after "Zimbabwe"), "Bélgica" before
	// "Belice" in Spanish.
	es, err := s.loadLabels(withLang(ctx, "es"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []*labels{en, fr, es} {
		pos := map[string]int{}
		for i, c := range l.countryList {
			pos[c.Code] = i
		}
		if len(pos) != len(en.countries) {
			t.Errorf("%s: %d countries listed, want %d", l.lang, len(pos), len(en.countries))
		}
		switch l.lang {
		case "fr":
			if !(pos["EG"] < pos["EC"] && pos["EC"] < pos["ES"]) { // Égypte, Équateur, Espagne: É sorts as E
				t.Errorf("French order: Égypte %d, Équateur %d, Espagne %d", pos["EG"], pos["EC"], pos["ES"])
			}
		case "es":
			if !(pos["BE"] < pos["BZ"] && pos["BZ"] < pos["BJ"]) { // Bélgica, Belice, Benín
				t.Errorf("Spanish order: Bélgica %d, Belice %d, Benín %d", pos["BE"], pos["BZ"], pos["BJ"])
			}
		case "en":
			if pos["AX"] > pos["AL"] { // Åland Islands before Albania
				t.Errorf("English order: Åland Islands %d, Albania %d", pos["AX"], pos["AL"])
			}
		}
	}

	// A change of the reference data is seen in every language at once.
	d, err := starter.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range d.Vocabularies {
		if v.ID == lmo.VocabTheme {
			tr := v.Term("fair-recruitment").Translations["fr"]
			tr.Label = "Recrutement équitable (revu)"
			v.Term("fair-recruitment").Translations["fr"] = tr
		}
	}
	if err := db.ReplaceVocabularies(lmo.NewContextWithUser(ctx, lmo.SystemUser), d.Vocabularies); err != nil {
		t.Fatal(err)
	}
	if fr, err = s.loadLabels(withLang(ctx, "fr")); err != nil || fr.Term(lmo.VocabTheme, "fair-recruitment") != "Recrutement équitable (revu)" {
		t.Errorf("after a change: %q (%v)", fr.Term(lmo.VocabTheme, "fair-recruitment"), err)
	}
	if !slices.Contains(languages, fr.lang) {
		t.Errorf("labels language %q", fr.lang)
	}
}
