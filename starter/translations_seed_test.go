package starter_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/sqlite"
	"github.com/lmo-observatory/lmo/starter"
)

// TestSeededTranslations seeds the starter dataset into a real SQLite
// database and reads back every label of translations/: each stored as the
// CSV gives it, with its source and official flag, official ones with their
// http(s) source, and seeding twice changes none.
func TestSeededTranslations(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "seed.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tr, err := starter.LoadTranslations()
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		d, err := starter.Load()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := starter.Seed(ctx, db, d); err != nil {
			t.Fatal(err)
		}
	}
	vocabs, err := db.FindVocabularies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	vs := lmo.Vocabularies{}
	for _, v := range vocabs {
		vs[v.ID] = v
	}
	for _, l := range tr.Labels {
		if l.Official && !strings.HasPrefix(l.SourceURL, "http") {
			t.Errorf("%s %s in %s is official without a source", l.Vocabulary, l.Code, l.Lang)
		}
		want := lmo.Translation{Label: l.Label, SourceURL: l.SourceURL, Official: l.Official}
		if got := vs[l.Vocabulary].Term(l.Code).Translations[l.Lang]; got != want {
			t.Errorf("%s %s in %s: stored %+v, want %+v", l.Vocabulary, l.Code, l.Lang, got, want)
		}
		if got := vs.LabelIn(l.Lang, l.Vocabulary, l.Code); got != l.Label {
			t.Errorf("LabelIn(%s, %s, %s) = %q, want %q", l.Lang, l.Vocabulary, l.Code, got, l.Label)
		}
	}
	instruments, err := db.FindInstruments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]*lmo.Instrument{}
	for _, in := range instruments {
		byCode[in.Code] = in
	}
	for _, it := range tr.Instruments {
		want := lmo.InstrumentTitle{Title: it.Title, ShortTitle: it.ShortTitle, SourceURL: it.SourceURL, Official: true}
		if in := byCode[it.Code]; in != nil && in.Translations[it.Lang] != want {
			t.Errorf("instrument %s in %s: stored %+v, want %+v", it.Code, it.Lang, in.Translations[it.Lang], want)
		}
		// The instrument vocabulary's terms are the instruments' titles.
		if got := vs.LabelIn(it.Lang, lmo.VocabInstrument, it.Code); vs[lmo.VocabInstrument].Term(it.Code) != nil && got != it.Title {
			t.Errorf("instrument term %s in %s = %q, want %q", it.Code, it.Lang, got, it.Title)
		}
	}
	if c189 := byCode["C189"]; c189 == nil || c189.TitleIn("fr") != "Convention (n° 189) sur les travailleuses et travailleurs domestiques, 2011" {
		t.Errorf("C189 in French: %+v", c189)
	}
	regions, err := db.FindRegions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]*lmo.Region{}
	for _, r := range regions {
		names[r.Code] = r
	}
	for _, n := range tr.Regions {
		want := lmo.Translation{Label: n.Name, SourceURL: n.SourceURL, Official: n.Official}
		if got := names[n.Code].Translations[n.Lang]; got != want {
			t.Errorf("region %s in %s: stored %+v, want %+v", n.Code, n.Lang, got, want)
		}
	}
	if got := names["arab-states"].NameIn("es"); got != "Estados Árabes" {
		t.Errorf("arab-states in Spanish = %q", got)
	}
}
