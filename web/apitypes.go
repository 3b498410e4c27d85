package web

import (
	"time"

	"github.com/lmo-observatory/lmo"
)

// The JSON that the API and the JSON export publish is declared here, with
// its own tags, and converted from the domain's types: the domain may
// rename or add fields without changing the API, and openapi.json (kept in
// step by openapi_test.go) describes these types. A field added here is a
// change to the API and belongs in openapi.json too.

// apiPracticeList is the body of GET /api/v1/practices.
type apiPracticeList struct {
	Total   int                        `json:"total"`
	Page    int                        `json:"page"`
	PerPage int                        `json:"per_page"`
	Items   []apiPractice              `json:"items"`
	Facets  map[string][]apiFacetCount `json:"facets"`
	Links   map[string]string          `json:"links"`
}

// apiFacetCount is one value of a facet with its label and the number of
// practices that choosing it would show.
type apiFacetCount struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// practiceDocument is the JSON download of a practice search: where it
// comes from, its permalink and the total, followed by "items", every
// match as an apiPractice, which the download streams (jsonList).
type practiceDocument struct {
	Source string `json:"source"`
	Search string `json:"search"`
	Total  int    `json:"total"`
}

// apiPractice is a practice as the API and the JSON export publish it, with
// its page address and, in searches, an HTML snippet with the matches in
// <mark>.
type apiPractice struct {
	ID          int64  `json:"id"`
	Slug        string `json:"slug"`
	Title       string `json:"title"`
	Summary     string `json:"summary"`
	Description string `json:"description"` // Markdown

	Countries []apiPracticeCountry `json:"countries"`
	Global    bool                 `json:"global"`
	Corridors []apiCorridor        `json:"corridors"`

	Themes            []string `json:"themes"`
	GCMObjectives     []string `json:"gcm_objectives"`
	GuidingPrinciples []string `json:"guiding_principles"`
	TargetGroups      []string `json:"target_groups"`
	Stages            []string `json:"stages"`
	Instruments       []string `json:"instruments"`
	SDGTargets        []string `json:"sdg_targets"`

	Organisations []apiOrganisation `json:"organisations"`

	StartYear     int         `json:"start_year,omitempty"`
	EndYear       int         `json:"end_year,omitempty"`
	Status        string      `json:"status"`
	Results       string      `json:"results,omitempty"` // Markdown
	Lessons       string      `json:"lessons,omitempty"` // Markdown
	EvidenceLevel string      `json:"evidence_level,omitempty"`
	Evaluations   []apiSource `json:"evaluations,omitempty"`
	Sources       []apiSource `json:"sources"`
	Language      string      `json:"language"`
	Contact       *apiContact `json:"contact,omitempty"`
	// FactsChecked is the day the facts were last checked, YYYY-MM-DD,
	// or null when that is not recorded.
	FactsChecked *string `json:"facts_checked"`
	ReviewStatus string  `json:"review_status"`

	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	URL     string `json:"url"`
	Snippet string `json:"snippet_html,omitempty"`
	// Translations are the title and summary in other languages than
	// Language, by BCP 47 tag: an empty object when there are none.
	Translations map[string]apiPracticeText `json:"translations"`
	// SnippetLanguage is the language of Snippet, when there is one.
	SnippetLanguage string `json:"snippet_language,omitempty"`
}

// apiPracticeText is a practice's title and summary in one language other
// than its original one, with where the text was taken from.
type apiPracticeText struct {
	Title     string `json:"title"`
	Summary   string `json:"summary,omitempty"`
	SourceURL string `json:"source_url,omitempty"`
}

// newAPIPracticeTexts converts a practice's translations, never nil.
func newAPIPracticeTexts(tr map[string]lmo.PracticeText) map[string]apiPracticeText {
	out := make(map[string]apiPracticeText, len(tr))
	for lang, t := range tr {
		out[lang] = apiPracticeText{Title: t.Title, Summary: t.Summary, SourceURL: t.SourceURL}
	}
	return out
}

// apiPracticeCountry is a country that takes part in a practice, in a role.
type apiPracticeCountry struct {
	Code string `json:"code"`
	Role string `json:"role"`
}

// apiCorridor is a migration corridor of a practice.
type apiCorridor struct {
	Origin      string `json:"origin"`
	Destination string `json:"destination"`
}

// apiOrganisation is an organisation that implements, supports or funds a
// practice.
type apiOrganisation struct {
	Name    string `json:"name"`
	Acronym string `json:"acronym,omitempty"`
	Type    string `json:"type"`
	Country string `json:"country,omitempty"`
	Role    string `json:"role"`
}

// apiSource is a document that supports a practice or a vocabulary.
type apiSource struct {
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	URL       string `json:"url,omitempty"`
	Year      int    `json:"year,omitempty"`
}

// newAPIPractice converts p with its page address url and an HTML snippet
// ("" for none). Lists keep their nil-ness, so an absent list stays null.
func newAPIPractice(p *lmo.Practice, url, snippet string) apiPractice {
	return apiPractice{
		ID: p.ID, Slug: p.Slug, Title: p.Title, Summary: p.Summary, Description: p.Description,
		Countries: convert(p.Countries, func(c lmo.PracticeCountry) apiPracticeCountry {
			return apiPracticeCountry{Code: c.Code, Role: c.Role}
		}),
		Global: p.Global,
		Corridors: convert(p.Corridors, func(c lmo.Corridor) apiCorridor {
			return apiCorridor{Origin: c.Origin, Destination: c.Destination}
		}),
		Themes: p.Themes, GCMObjectives: p.GCMObjectives, GuidingPrinciples: p.GuidingPrinciples,
		TargetGroups: p.TargetGroups, Stages: p.Stages, Instruments: p.Instruments, SDGTargets: p.SDGTargets,
		Organisations: convert(p.Organisations, newAPIOrganisation),
		StartYear:     p.StartYear, EndYear: p.EndYear, Status: p.Status, Results: p.Results, Lessons: p.Lessons,
		EvidenceLevel: p.EvidenceLevel, Evaluations: convert(p.Evaluations, newAPISource),
		Sources: convert(p.Sources, newAPISource), Language: p.Language,
		Contact: newAPIContact(p.Contact), FactsChecked: nullString(p.FactsChecked), ReviewStatus: p.ReviewStatus,
		Version: p.Version, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt,
		URL: url, Snippet: snippet, Translations: newAPIPracticeTexts(p.Translations),
	}
}

// apiContact is whom to ask about a practice.
type apiContact struct {
	Name         string `json:"name,omitempty"`
	Organisation string `json:"organisation,omitempty"`
	Email        string `json:"email,omitempty"`
	URL          string `json:"url,omitempty"`
}

// newAPIContact converts a practice's contact; nil stays nil (absent).
func newAPIContact(c *lmo.Contact) *apiContact {
	if c == nil {
		return nil
	}
	return &apiContact{Name: c.Name, Organisation: c.Organisation, Email: c.Email, URL: c.URL}
}

// nullString is s, or nil (JSON null) when s is empty.
func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// newAPIOrganisation converts an organisation of a practice.
func newAPIOrganisation(o lmo.PracticeOrganisation) apiOrganisation {
	return apiOrganisation{Name: o.Name, Acronym: o.Acronym, Type: o.Type, Country: o.Country, Role: o.Role}
}

// newAPISource converts a source.
func newAPISource(s lmo.Source) apiSource {
	return apiSource{Title: s.Title, Publisher: s.Publisher, URL: s.URL, Year: s.Year}
}

// apiVocabularyList is the body of GET /api/v1/vocabularies.
type apiVocabularyList struct {
	Vocabularies []apiVocabulary `json:"vocabularies"`
}

// apiVocabulary is a controlled list of terms with the source of its
// wording.
type apiVocabulary struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Description string     `json:"description,omitempty"`
	Source      *apiSource `json:"source,omitempty"`
	Terms       []apiTerm  `json:"terms"`
}

// apiTerm is one entry of a vocabulary, labelled in the language asked
// for (api_lang.go).
type apiTerm struct {
	Code        string `json:"code"`
	Label       string `json:"label"`
	Description string `json:"description,omitempty"`
	// OwnTranslation says the label is LMO's own translation, not an
	// official wording; Translations (?lang=all) are every other language's.
	OwnTranslation bool                      `json:"own_translation,omitempty"`
	Translations   map[string]apiTranslation `json:"translations,omitempty"`
}

// newAPIVocabulary converts a vocabulary with its terms.
func newAPIVocabulary(v *lmo.Vocabulary) apiVocabulary {
	out := apiVocabulary{ID: v.ID, Name: v.Name, Description: v.Description,
		Terms: convert(v.Terms, func(t *lmo.Term) apiTerm {
			return apiTerm{Code: t.Code, Label: t.Label, Description: t.Description}
		})}
	if v.Source != nil {
		src := newAPISource(*v.Source)
		out.Source = &src
	}
	return out
}

// apiCountryList is the body of GET /api/v1/countries.
type apiCountryList struct {
	Countries []apiCountry `json:"countries"`
}

// apiCountry is an ISO 3166-1 country or territory with its UN M49 and ILO
// regions.
type apiCountry struct {
	Code            string `json:"code"` // ISO 3166-1 alpha-2
	Alpha3          string `json:"alpha3"`
	Numeric         string `json:"numeric"`
	Name            string `json:"name"`
	NameSource      string `json:"name_source,omitempty"`
	NameISO         string `json:"name_iso,omitempty"`
	NameOfficial    string `json:"name_official,omitempty"`
	NameFR          string `json:"name_fr,omitempty"`
	NameES          string `json:"name_es,omitempty"`
	M49Region       string `json:"m49_region,omitempty"`
	M49Subregion    string `json:"m49_subregion,omitempty"`
	M49Intermediate string `json:"m49_intermediate,omitempty"`
	ILORegion       string `json:"ilo_region,omitempty"`
}

// newAPICountry converts a country.
func newAPICountry(c *lmo.Country) apiCountry {
	return apiCountry{Code: c.Code, Alpha3: c.Alpha3, Numeric: c.Numeric, Name: c.NameEN, NameSource: c.NameSource,
		NameISO: c.NameISO, NameOfficial: c.NameOfficial, NameFR: c.NameFR,
		NameES: c.NameES, M49Region: c.M49Region, M49Subregion: c.M49Subregion,
		M49Intermediate: c.M49Intermediate, ILORegion: c.ILORegion}
}

// apiRegionList is the body of GET /api/v1/regions.
type apiRegionList struct {
	Regions []apiRegion `json:"regions"`
}

// apiRegion is a UN M49 region or an ILO region, with the source of the
// grouping.
type apiRegion struct {
	Code          string `json:"code"`
	Kind          string `json:"kind"`
	Name          string `json:"name"`
	Parent        string `json:"parent,omitempty"`
	Source        string `json:"source,omitempty"`
	SourceURL     string `json:"source_url,omitempty"`
	SourceChecked string `json:"source_checked,omitempty"`
	// OwnTranslation and Translations are as a term's (apiTerm).
	OwnTranslation bool                      `json:"own_translation,omitempty"`
	Translations   map[string]apiTranslation `json:"translations,omitempty"`
}

// newAPIRegion converts a region.
func newAPIRegion(r *lmo.Region) apiRegion {
	return apiRegion{Code: r.Code, Kind: r.Kind, Name: r.Name, Parent: r.Parent,
		Source: r.Source, SourceURL: r.SourceURL, SourceChecked: r.SourceChecked}
}

// convert maps each element of in with f. A nil slice stays nil (JSON
// null) and an empty one empty ([]), as the domain gave them.
func convert[T, U any](in []T, f func(T) U) []U {
	if in == nil {
		return nil
	}
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}
