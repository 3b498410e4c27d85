package web

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo"
)

// sparsePractices are practices with what the starter data never has: no
// lists at all (null), empty lists, every optional field empty or set.
func sparsePractices() []*lmo.Practice {
	at := time.Date(2025, 1, 2, 3, 4, 5, 600, time.FixedZone("", 3600))
	return []*lmo.Practice{
		{},
		{ID: 2, Slug: "empty-lists", Title: "Empty lists", Countries: []lmo.PracticeCountry{}, Corridors: []lmo.Corridor{},
			Themes: []string{}, GCMObjectives: []string{}, GuidingPrinciples: []string{}, TargetGroups: []string{}, Stages: []string{},
			Instruments: []string{}, SDGTargets: []string{}, Organisations: []lmo.PracticeOrganisation{}, Sources: []lmo.Source{},
			StartYear: 2001, Status: "ongoing", Language: "en", ReviewStatus: "draft", Version: 1, CreatedAt: at, UpdatedAt: at},
		{ID: 3, Slug: "full", Title: "Full <&>", Summary: "S", Description: "D", Global: true,
			Countries: []lmo.PracticeCountry{{Code: "PH", Role: "origin"}}, Corridors: []lmo.Corridor{{Origin: "PH", Destination: "QA"}},
			Themes: []string{"t"}, GCMObjectives: []string{"6"}, GuidingPrinciples: []string{"g"}, TargetGroups: []string{"tg"},
			Stages: []string{"s"}, Instruments: []string{"C189"}, SDGTargets: []string{"8.8"},
			Organisations: []lmo.PracticeOrganisation{{Name: "N", Acronym: "A", Type: "t", Country: "PH", Role: "donor"}, {Name: "M", Type: "u", Role: "partner"}},
			StartYear:     2001, EndYear: 2005, Status: "ended", Results: "R", Lessons: "L", EvidenceLevel: "e",
			Evaluations: []lmo.Source{{Title: "E", Publisher: "EP", URL: "https://x/e", Year: 2004}},
			Sources:     []lmo.Source{{Title: "T", Publisher: "P", URL: "https://x", Year: 2000}, {Title: "U"}},
			Language:    "fr", Contact: &lmo.Contact{Name: "Desk", Organisation: "Ministry", Email: "c@x.example", URL: "https://x.example/desk"},
			FactsChecked: "2025-03-14", ReviewStatus: "published", Version: 7, CreatedAt: at, UpdatedAt: at.Add(time.Hour)},
	}
}

// TestAPIPracticeJSON pins the API's JSON of practices that the golden
// exports cannot show: null and empty lists and empty optional fields.
func TestAPIPracticeJSON(t *testing.T) {
	var buf bytes.Buffer
	for i, p := range sparsePractices() {
		snippet := ""
		if i == 2 {
			snippet = "a <mark>b</mark>"
		}
		b, err := json.Marshal(encodePractice(p, "https://lmo.example.org/practices/"+p.Slug, snippet))
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(append(b, '\n'))
	}
	CompareGolden(t, filepath.Join("testdata", "golden", "api-practice-sparse.golden"), buf.Bytes())
}

// TestAPIReferenceJSON pins the API's JSON of vocabularies, countries and
// regions with their optional fields empty and set, and of empty lists.
func TestAPIReferenceJSON(t *testing.T) {
	vocabs := []*lmo.Vocabulary{
		{ID: "bare", Name: "Bare"},
		{ID: "empty", Name: "Empty", Terms: []*lmo.Term{}},
		{ID: "full", Name: "Full", Description: "D", Source: &lmo.Source{Title: "T", Publisher: "P", URL: "https://x", Year: 2020},
			Terms: []*lmo.Term{{Code: "a", Label: "A"}, {Code: "b", Label: "B", Description: "about b"}}},
	}
	countries := []*lmo.Country{{Code: "XX"}, {Code: "PH", Alpha3: "PHL", Numeric: "608", NameEN: "Philippines", NameFR: "Philippines (les)",
		NameES: "Filipinas", M49Region: "142", M49Subregion: "035", M49Intermediate: "x", ILORegion: "asia-pacific"}}
	regions := []*lmo.Region{{Code: "001", Kind: "m49-world", Name: "World"}, {Code: "142", Kind: "m49-region", Name: "Asia", Parent: "001"}}
	var buf bytes.Buffer
	for _, v := range []any{encodeVocabularies(vocabs), encodeVocabularies(nil), encodeCountries(countries), encodeCountries(nil),
		encodeRegions(regions), encodeRegions([]*lmo.Region{})} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(append(b, '\n'))
	}
	CompareGolden(t, filepath.Join("testdata", "golden", "api-reference-sparse.golden"), buf.Bytes())
}

// The encoders of the tests above. The golden files were written when the
// API published the domain's types (apiPractice embedded *lmo.Practice and
// the reference lists were maps of the domain's slices); the web types
// must give the same bytes.

func encodePractice(p *lmo.Practice, url, snippet string) any { return newAPIPractice(p, url, snippet) }

func encodeVocabularies(vs []*lmo.Vocabulary) any {
	return apiVocabularyList{Vocabularies: convert(vs, newAPIVocabulary)}
}

func encodeCountries(cs []*lmo.Country) any {
	return apiCountryList{Countries: convert(cs, newAPICountry)}
}

func encodeRegions(rs []*lmo.Region) any { return apiRegionList{Regions: convert(rs, newAPIRegion)} }
