package lmo

// RelatedFacets are the facets by which practices are related, in the order
// a page names what two practices share: countries, themes and GCM
// objectives.
var RelatedFacets = []string{FacetCountry, FacetTheme, FacetGCM}

// RelatedLimit is how many related practices a practice page shows.
const RelatedLimit = 5

// RelatedPractice is a published practice that shares countries, themes or
// GCM objectives with another, and what it shares, by facet (values in the
// other practice's order).
type RelatedPractice struct {
	*Practice
	Shared map[string][]string `json:"shared"`
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
