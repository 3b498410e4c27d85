package lmo

// RelatedFacets are the facets by which practices are related, in the order
// a page names what two practices share: countries, themes and GCM
// objectives.
var RelatedFacets = []string{FacetCountry, FacetTheme, FacetGCM}

// RelatedLimit is how many related practices a practice page shows.
const RelatedLimit = 5

// RelatedPractice is a published practice that shares countries, themes or
// GCM objectives with another: enough to list it (its name, link and
// years) and what it shares, by facet, each facet's values in code order.
type RelatedPractice struct {
	PracticeRef
	ID        int64               `json:"id"`
	StartYear int                 `json:"start_year,omitempty"`
	EndYear   int                 `json:"end_year,omitempty"`
	Shared    map[string][]string `json:"shared"`
}

// CitedSource is a source as practices cite it (title, publisher, address
// and year together) and the published practices that cite it, by title.
type CitedSource struct {
	Source
	Practices []PracticeRef `json:"practices"`
}

// PracticeRef names a practice: enough to link to it.
type PracticeRef struct {
	Slug  string `json:"slug"`
	Title string `json:"title"`
}
