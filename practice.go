package lmo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// Practice is a good practice in labour migration policy: a policy or
// programme implemented at country level, described with controlled
// vocabularies and sourced.
type Practice struct {
	ID          int64  `json:"id"`
	Slug        string `json:"slug"`
	Title       string `json:"title"`
	Summary     string `json:"summary"`
	Description string `json:"description"` // Markdown

	Countries []PracticeCountry `json:"countries"`
	Global    bool              `json:"global"`
	Corridors []Corridor        `json:"corridors"`

	Themes            []string `json:"themes"`
	GCMObjectives     []string `json:"gcm_objectives"`
	GuidingPrinciples []string `json:"guiding_principles"`
	TargetGroups      []string `json:"target_groups"`
	Stages            []string `json:"stages"`
	Instruments       []string `json:"instruments"`
	SDGTargets        []string `json:"sdg_targets"`

	Organisations []PracticeOrganisation `json:"organisations"`

	StartYear     int      `json:"start_year,omitempty"`
	EndYear       int      `json:"end_year,omitempty"`
	Status        string   `json:"status"`
	Results       string   `json:"results,omitempty"` // Markdown: results and evidence of impact
	Lessons       string   `json:"lessons,omitempty"` // Markdown: lessons learned
	EvidenceLevel string   `json:"evidence_level,omitempty"`
	Evaluations   []Source `json:"evaluations,omitempty"` // evaluations of the practice, cited
	Sources       []Source `json:"sources"`
	Language      string   `json:"language"`
	Contact       *Contact `json:"contact,omitempty"`
	// Translations are the title and summary in other languages than
	// Language, by BCP 47 tag; nil when there are none.
	Translations map[string]PracticeText `json:"translations,omitempty"`
	// FactsChecked is the day the record's facts were last checked against
	// its sources, as YYYY-MM-DD; "" when not recorded.
	FactsChecked string `json:"facts_checked,omitempty"`
	ReviewStatus string `json:"review_status"`

	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Review statuses of a practice. Only published practices are public.
const (
	ReviewDraft     = "draft"
	ReviewSubmitted = "submitted"
	ReviewPublished = "published"
)

// Country roles in a practice.
const (
	RoleOrigin      = "origin"
	RoleTransit     = "transit"
	RoleDestination = "destination"
)

// PracticeCountry is a country that takes part in a practice, in a role.
type PracticeCountry struct {
	Code string `json:"code"`
	Role string `json:"role"`
}

// Corridor is a migration corridor from an origin to a destination country.
type Corridor struct {
	Origin      string `json:"origin"`
	Destination string `json:"destination"`
}

// Organisation roles in a practice.
const (
	OrgImplementing = "implementing"
	OrgPartner      = "partner"
	OrgDonor        = "donor"
)

// PracticeOrganisation is an organisation that implements, supports or funds
// a practice.
type PracticeOrganisation struct {
	Name    string `json:"name"`
	Acronym string `json:"acronym,omitempty"`
	Type    string `json:"type"`
	Country string `json:"country,omitempty"`
	Role    string `json:"role"`
}

// Contact is whom to ask about a practice, as its sources publish it: a
// person, office or unit, the organisation it belongs to, an email address
// and a web page, each optional and at least one given.
type Contact struct {
	Name         string `json:"name,omitempty"`
	Organisation string `json:"organisation,omitempty"`
	Email        string `json:"email,omitempty"`
	URL          string `json:"url,omitempty"`
}

// UnmarshalJSON reads a contact object, or a contact given as plain text
// (as import files were written before contacts had fields), which becomes
// its name.
func (c *Contact) UnmarshalJSON(b []byte) error {
	var text string
	if json.Unmarshal(b, &text) == nil {
		*c = Contact{Name: text}
		return nil
	}
	type plain Contact
	return json.Unmarshal(b, (*plain)(c))
}

// Source is a document that supports a fact.
type Source struct {
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	URL       string `json:"url,omitempty"`
	Year      int    `json:"year,omitempty"`
}

// Revision records one change to a record of any kind in the workflow
// (workflow.go): who, when, why, and the record as it stood after the
// change.
type Revision struct {
	Kind      string    `json:"kind"`
	EntityID  int64     `json:"entity_id"`
	Version   int       `json:"version"`
	AuthorID  int64     `json:"author_id,omitempty"` // 0: the system
	Author    string    `json:"author"`
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
	Snapshot  []byte    `json:"-"` // the record as JSON
}

// Facet names used in filters and facet counts.
const (
	FacetCountry     = "country"
	FacetRegion      = "region" // ILO region
	FacetTheme       = "theme"
	FacetGCM         = "gcm"
	FacetTargetGroup = "target"
	FacetStage       = "stage"
	FacetOrgType     = "orgtype"
	FacetStatus      = "status"
	FacetRole        = "role" // the role of any of the practice's countries
	FacetEvidence    = "evidence"
	FacetInstrument  = "instrument"
	FacetSDG         = "sdg"
)

// FacetCountryRole is the hidden facet that pairs each country of a
// practice with its role (CountryRoleValue), so that country and role
// filters combine per country: with both selected, a practice matches when
// one of the selected countries takes part in one of the selected roles
// (country=PH&role=origin is the Philippines as a country of origin). With
// only one of them selected, each filters alone. It is neither listed in
// Facets nor counted.
const FacetCountryRole = "country-role"

// CountryRoleValue is the value of FacetCountryRole for a country in a role.
func CountryRoleValue(code, role string) string { return code + ":" + role }

// Facets lists the facet names in display order.
var Facets = []string{FacetRegion, FacetCountry, FacetRole, FacetTheme, FacetGCM, FacetTargetGroup, FacetStage,
	FacetInstrument, FacetSDG, FacetOrgType, FacetEvidence, FacetStatus}

// FacetVocabulary maps each facet to the vocabulary its values come from, or
// "" for countries and regions.
var FacetVocabulary = map[string]string{
	FacetTheme:       VocabTheme,
	FacetGCM:         VocabGCMObjective,
	FacetTargetGroup: VocabTargetGroup,
	FacetStage:       VocabMigrationStage,
	FacetOrgType:     VocabOrganisationType,
	FacetStatus:      VocabPracticeStatus,
	FacetRole:        VocabCountryRole,
	FacetEvidence:    VocabEvidenceLevel,
	FacetInstrument:  VocabInstrument,
	FacetSDG:         VocabSDGTarget,
}

// Sort orders for practice searches.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortTitle     = "title"
	// SortFactsChecked lists the practices whose facts were checked
	// longest ago first, those never recorded as checked before them all:
	// the order in which editors re-check them.
	SortFactsChecked = "facts_checked"
)

// PracticeFilter selects practices. Values within one facet are ORed, facets
// are ANDed (country and role per country: FacetCountryRole), and the query
// is matched against the full text.
type PracticeFilter struct {
	Query        string              // the query language of ParseQuery
	Facets       map[string][]string // facet name -> selected values
	YearFrom     int                 // active in or after this year (0: any)
	YearTo       int                 // active in or before this year (0: any)
	ChangedSince time.Time           // updated at or after (zero: any)
	Sort         string              // SortRelevance (default), SortNewest, SortTitle or SortFactsChecked
	Offset       int
	Limit        int  // 0 means DefaultLimit; at most MaxLimit
	NoFacets     bool // skip facet counts (exports)
}

// Check applies the defaults of f (relevance, DefaultLimit) and rejects what
// no page would send: an unknown sort or facet, a negative offset, an empty
// year range. The limit is capped at MaxExport.
func (f *PracticeFilter) Check() error {
	switch f.Sort {
	case "":
		f.Sort = SortRelevance
	case SortRelevance, SortNewest, SortTitle, SortFactsChecked:
	default:
		return Errorf(EINVALID, "Unknown sort order %q.", f.Sort)
	}
	if f.Limit <= 0 {
		f.Limit = DefaultLimit
	}
	f.Limit = min(f.Limit, MaxExport)
	if f.Offset < 0 {
		return Errorf(EINVALID, "The page offset cannot be negative.")
	}
	for name := range f.Facets {
		if !slices.Contains(Facets, name) {
			return Errorf(EINVALID, "Unknown filter %q.", name)
		}
	}
	if f.YearFrom != 0 && f.YearTo != 0 && f.YearFrom > f.YearTo {
		return Errorf(EINVALID, "The year range %d-%d is empty.", f.YearFrom, f.YearTo)
	}
	return nil
}

// Paging limits.
const (
	DefaultLimit = 20
	MaxLimit     = 100
	MaxExport    = 100000
)

// FacetCount is one facet value and the number of practices that match the
// filter with that value selected (OR within the facet).
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// PracticeHit is one search result: a practice and, for text queries, a
// snippet with matches marked by HighlightStart and HighlightEnd.
type PracticeHit struct {
	*Practice
	Snippet string `json:"snippet,omitempty"`
	// SnippetLanguage is the language of Snippet: the original's, or a
	// translation's when only that matched.
	SnippetLanguage string `json:"snippet_language,omitempty"`
	// Snippets are the snippets of each of the practice's languages whose
	// text matched, by tag, so that a page can show the one in the
	// language of the text it shows.
	Snippets map[string]string `json:"-"`
}

// Markers that delimit matched words in snippets; the web layer escapes the
// text, then turns them into <mark> elements.
const (
	HighlightStart = "\x02"
	HighlightEnd   = "\x03"
)

// PracticeResults is one page of a search with the total and facet counts.
type PracticeResults struct {
	Total  int                     `json:"total"`
	Hits   []*PracticeHit          `json:"items"`
	Facets map[string][]FacetCount `json:"facets,omitempty"`
}

// PracticeService reads and writes good practices.
type PracticeService interface {
	// FindPracticeByID returns a published practice, or ENOTFOUND.
	FindPracticeByID(ctx context.Context, id int64) (*Practice, error)
	// FindPracticeBySlug returns a published practice by slug, or ENOTFOUND.
	FindPracticeBySlug(ctx context.Context, slug string) (*Practice, error)
	// FindPracticeForReview returns a practice in any review status to its
	// owner or an editor (a published one to anyone); ENOTFOUND to everyone
	// else, as if it did not exist.
	FindPracticeForReview(ctx context.Context, id int64) (*Practice, error)
	// SearchPractices returns the published practices that match f, one page
	// of them with the total and facet counts. EINVALID for a bad filter.
	SearchPractices(ctx context.Context, f PracticeFilter) (*PracticeResults, error)
	// RelatedPractices returns at most limit other published practices
	// that share the most RelatedFacets values with the published practice
	// id (ties: the later added first), each with what it shares; none
	// when it shares nothing or is not published.
	RelatedPractices(ctx context.Context, id int64, limit int) ([]*RelatedPractice, error)
	// CitedSources returns every source that published practices cite,
	// ordered by title, publisher, address and year (by code point), each
	// with the practices that cite it, ordered by title.
	CitedSources(ctx context.Context) ([]*CitedSource, error)
	// CreatePractice validates and stores p as version 1, with a revision,
	// owned by the signed-in user. Contributor or above; a contributor's
	// practice is a draft or submitted (submitted unless p asks for a
	// draft), an editor's takes the status p gives; EINVALID or ECONFLICT
	// (slug taken); ETOOMANY past lmo.MaxSubmissionsPerHour.
	CreatePractice(ctx context.Context, p *Practice, note string) error
	// UpdatePractice validates and replaces p, bumping its version and
	// recording a revision. An editor, or its owner while lmo.MayEdit allows;
	// the review status is kept as stored (workflow actions change it);
	// ECONFLICT when p.Version is not the stored version (a concurrent
	// edit).
	UpdatePractice(ctx context.Context, p *Practice, note string) error
	// ImportPractices writes the stream ps in one transaction, matching by
	// slug: new practices are created, changed ones updated as a new
	// version, identical ones left alone, so that importing the same set
	// twice changes nothing. Practices are read one at a time (memory does
	// not grow with the import); every one is validated, and when one fails
	// or the stream yields an error nothing is written: EINVALID names each
	// failing item. Editor or above.
	ImportPractices(ctx context.Context, ps iter.Seq2[*Practice, error], note string) (ImportCounts, error)
	// PracticeRevisions returns the revisions of a practice, newest first.
	PracticeRevisions(ctx context.Context, id int64) ([]*Revision, error)
	// PracticesChangedAt returns the time of the latest change to any
	// practice (zero when there are none): Last-Modified for lists.
	PracticesChangedAt(ctx context.Context) (time.Time, error)
	// PracticeStats returns headline figures over published practices.
	PracticeStats(ctx context.Context) (*PracticeStats, error)
}

// ImportCheck validates the items of an import as they stream past and
// remembers what is wrong with them, so that one EINVALID error can name
// each failing item and each slug given twice: an import either writes
// everything or nothing.
type ImportCheck struct {
	n        int
	slugs    map[string]bool
	problems []string
}

// NewImportCheck returns a check with no items seen.
func NewImportCheck() *ImportCheck { return &ImportCheck{slugs: map[string]bool{}} }

// Add validates the next item with validate and reports whether it may be
// written: it is valid, its slug is new, and no item before it failed.
func (c *ImportCheck) Add(p *Practice, validate func(*Practice) error) bool {
	c.n++
	if p == nil {
		c.problems = append(c.problems, fmt.Sprintf("item %d: null is not a practice", c.n))
		return false
	}
	if err := validate(p); err != nil {
		c.problems = append(c.problems, fmt.Sprintf("item %d: %s", c.n, ErrorMessage(err)))
	} else if c.slugs[p.Slug] {
		c.problems = append(c.problems, fmt.Sprintf("item %d: slug %q appears twice", c.n, p.Slug))
	}
	c.slugs[p.Slug] = true
	return len(c.problems) == 0
}

// Err returns the EINVALID error that names every failing item, or nil.
func (c *ImportCheck) Err() error {
	if len(c.problems) > 0 {
		return Errorf(EINVALID, "Nothing was imported. %s", strings.Join(c.problems, " "))
	}
	return nil
}

// PracticesOf streams ps, for ImportPractices.
func PracticesOf(ps []*Practice) iter.Seq2[*Practice, error] {
	return func(yield func(*Practice, error) bool) {
		for _, p := range ps {
			if !yield(p, nil) {
				return
			}
		}
	}
}

// ImportCounts says what an import did.
type ImportCounts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// Normalize replaces nil lists with empty ones, so that a practice reads the
// same (and encodes to JSON the same) whether it was built or loaded.
func (p *Practice) Normalize() {
	for _, l := range []*[]string{&p.Themes, &p.GCMObjectives, &p.GuidingPrinciples, &p.TargetGroups, &p.Stages, &p.Instruments, &p.SDGTargets} {
		if *l == nil {
			*l = []string{}
		}
	}
	if p.Countries == nil {
		p.Countries = []PracticeCountry{}
	}
	if p.Corridors == nil {
		p.Corridors = []Corridor{}
	}
	if p.Organisations == nil {
		p.Organisations = []PracticeOrganisation{}
	}
	if p.Sources == nil {
		p.Sources = []Source{}
	}
	if len(p.Evaluations) == 0 {
		p.Evaluations = nil // optional: absent, not an empty list, in JSON
	}
	if len(p.Translations) == 0 {
		p.Translations = nil // optional, as evaluations
	}
}

// SameContent reports whether p and q say the same thing, ignoring the
// identity and bookkeeping fields that the store sets.
func (p *Practice) SameContent(q *Practice) bool {
	a, b := *p, *q
	for _, x := range []*Practice{&a, &b} {
		x.Normalize()
		x.ID, x.Version, x.CreatedAt, x.UpdatedAt, x.ReviewStatus = 0, 0, time.Time{}, time.Time{}, ""
	}
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}

// PracticeStats are headline figures computed from the data.
type PracticeStats struct {
	Practices int            `json:"practices"`
	Countries int            `json:"countries"`
	Regions   map[string]int `json:"regions"` // ILO region -> practices
	Sources   int            `json:"sources"`
}

// reservedSlugs are the slugs whose practice page addresses other pages
// take (/practices/new, the contributor's form).
var reservedSlugs = []string{"new"}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Validate checks p against the vocabularies and countries and returns an
// EINVALID error naming every problem, or nil. It trims text fields.
func (p *Practice) Validate(vocabs Vocabularies, countryExists func(string) bool) error {
	var problems []FieldProblem
	add := func(field, key, format string, args ...any) {
		problems = append(problems, problem(field, key, format, args...))
	}
	addProblem := func(field string, p FieldProblem) {
		p.Field = field
		problems = append(problems, p)
	}
	p.Title = strings.TrimSpace(p.Title)
	p.Summary = strings.TrimSpace(p.Summary)
	p.Slug = strings.TrimSpace(p.Slug)
	if p.Title == "" {
		add("title", "problem.practice.title.required", "title is required")
	}
	fields, keys := p.textFields()
	for i, f := range fields {
		if p := textProblem(f); p.Message != "" {
			addProblem(keys[i], p)
		}
	}
	if p.Summary == "" {
		add("summary", "problem.practice.summary.required", "summary is required")
	}
	if !slugPattern.MatchString(p.Slug) || len(p.Slug) > 120 {
		add("slug", "problem.practice.slug.invalid", "slug %q must be lowercase letters, digits and single hyphens", p.Slug)
	} else if slices.Contains(reservedSlugs, p.Slug) {
		add("slug", "problem.practice.slug.reserved", "slug %q is reserved: /practices/%s is another page", p.Slug, p.Slug)
	}
	if len(p.Countries) == 0 && !p.Global {
		add("countries", "problem.practice.countries.required", "at least one country is required unless the practice is global")
	}
	seen := map[PracticeCountry]bool{}
	for i, c := range p.Countries {
		row := fmt.Sprintf("countries.%d", i)
		if !countryExists(c.Code) {
			add(row, "problem.practice.country.unknown", "unknown country %q", c.Code)
		}
		if vocabs[VocabCountryRole].Term(c.Role) == nil {
			add(row, "problem.practice.country.role", "country %s: unknown role %q", c.Code, c.Role)
		}
		if seen[c] {
			add(row, "problem.practice.country.twice", "country %s listed twice as %s", c.Code, c.Role)
		}
		seen[c] = true
	}
	for i, c := range p.Corridors {
		if !countryExists(c.Origin) || !countryExists(c.Destination) || c.Origin == c.Destination {
			add(fmt.Sprintf("corridors.%d", i), "problem.practice.corridor.invalid", "corridor %s-%s needs two different known countries", c.Origin, c.Destination)
		}
	}
	checkTerms := func(key string, field Phrase, vocab string, codes []string) {
		for _, code := range codes {
			if v := vocabs[vocab]; v == nil || v.Term(code) == nil {
				add(key, "problem.practice.term.unknown", "%s: unknown value %q", field, code)
			}
		}
	}
	checkTerms("themes", fieldName("themes"), VocabTheme, p.Themes)
	checkTerms("gcm_objectives", fieldName("gcm_objectives"), VocabGCMObjective, p.GCMObjectives)
	checkTerms("guiding_principles", fieldName("guiding_principles"), VocabGuidingPrinciple, p.GuidingPrinciples)
	checkTerms("target_groups", fieldName("target_groups"), VocabTargetGroup, p.TargetGroups)
	checkTerms("stages", fieldName("stages"), VocabMigrationStage, p.Stages)
	checkTerms("instruments", fieldName("instruments"), VocabInstrument, p.Instruments)
	checkTerms("sdg_targets", fieldName("sdg_targets"), VocabSDGTarget, p.SDGTargets)
	checkTerms("status", fieldName("status"), VocabPracticeStatus, []string{p.Status})
	if p.EvidenceLevel != "" {
		checkTerms("evidence_level", fieldName("evidence_level"), VocabEvidenceLevel, []string{p.EvidenceLevel})
	}
	for i, o := range p.Organisations {
		row := fmt.Sprintf("organisations.%d", i)
		if strings.TrimSpace(o.Name) == "" {
			add(row, "problem.practice.organisation.name", "an organisation has no name")
		}
		checkTerms(row, phrase("problem.field.organisation.type", "organisation %s type", o.Name), VocabOrganisationType, []string{o.Type})
		if o.Role != OrgImplementing && o.Role != OrgPartner && o.Role != OrgDonor {
			add(row, "problem.practice.organisation.role", "organisation %s: unknown role %q", o.Name, o.Role)
		}
		if o.Country != "" && !countryExists(o.Country) {
			add(row, "problem.practice.organisation.country", "organisation %s: unknown country %q", o.Name, o.Country)
		}
	}
	if p.StartYear != 0 && (p.StartYear < 1900 || p.StartYear > 2100) {
		add("start_year", "problem.practice.start_year.range", "start_year %d is out of range", p.StartYear)
	}
	if p.EndYear != 0 && p.EndYear < p.StartYear {
		add("end_year", "problem.practice.end_year.before", "end_year %d is before start_year %d", p.EndYear, p.StartYear)
	}
	if len(p.Sources) == 0 {
		add("sources", "problem.practice.sources.required", "at least one source is required")
	}
	for i, s := range p.Sources {
		if strings.TrimSpace(s.Title) == "" {
			add(fmt.Sprintf("sources.%d", i), "problem.practice.source.title", "source %d has no title", i+1)
		}
		if p := urlProblem(phrase("problem.field.source.url", "source %d: URL", i+1), s.URL); p.Message != "" {
			addProblem(fmt.Sprintf("sources.%d", i), p)
		}
	}
	for _, p := range checkEvaluations(p.Evaluations) {
		addProblem("evaluations", p)
	}
	p.FactsChecked = strings.TrimSpace(p.FactsChecked)
	if p := checkFactsChecked(p.FactsChecked, time.Now()); p.Message != "" {
		addProblem("facts_checked", p)
	}
	for _, p := range p.Contact.check() {
		addProblem("contact", p)
	}
	if p.Contact != nil && *p.Contact == (Contact{}) {
		p.Contact = nil
	}
	p.Normalize()
	if p.Language == "" {
		p.Language = "en"
	}
	if tag, err := language.Parse(p.Language); err != nil {
		add("language", "problem.practice.language", "language %q is not a BCP 47 language tag (en, fr, es, pt-BR...)", p.Language)
	} else {
		p.Language = tag.String()
	}
	p.validateTranslations(add, addProblem)
	if p.ReviewStatus == "" {
		p.ReviewStatus = ReviewPublished
	}
	if !slices.Contains(ReviewStatuses, p.ReviewStatus) {
		add("review_status", "problem.practice.review_status", "review_status %q is not one of %s", p.ReviewStatus, strings.Join(ReviewStatuses, ", "))
	}
	if len(problems) > 0 {
		return newFieldErrors(fmt.Sprintf("Practice %q", p.Slug), problems)
	}
	return nil
}

// Text limits of a practice, in characters.
const (
	MaxTitle       = 300
	MaxSummary     = 1000
	MaxDescription = 50000
	MaxResults     = 20000
	MaxName        = 300 // organisations, source titles and publishers
	MaxAcronym     = 50
	MaxURL         = 2000
)

// fieldName returns the Phrase of a practice's field in messages: its JSON
// name in English, keyed problem.field.name.
func fieldName(name string) Phrase { return Phrase{Key: "problem.field." + name, format: name} }

// textFields lists the practice's free-text fields with their limits, and
// beside each the key of the field or row it belongs to (FieldProblem).
func (p *Practice) textFields() (fs []textField, keys []string) {
	field := func(name, value string, max int, multiline bool) {
		fs = append(fs, textField{fieldName(name), value, max, multiline})
		keys = append(keys, name)
	}
	field("title", p.Title, MaxTitle, false)
	field("summary", p.Summary, MaxSummary, true)
	field("description", p.Description, MaxDescription, true)
	field("results", p.Results, MaxResults, true)
	field("lessons", p.Lessons, MaxResults, true)
	field("language", p.Language, 35, false)
	field("evidence_level", p.EvidenceLevel, MaxAcronym, false)
	for i, o := range p.Organisations {
		fs = append(fs, textField{phrase("problem.field.organisation.name", "organisation %d name", i+1), o.Name, MaxName, false},
			textField{phrase("problem.field.organisation.acronym", "organisation %d acronym", i+1), o.Acronym, MaxAcronym, false})
		keys = append(keys, fmt.Sprintf("organisations.%d", i), fmt.Sprintf("organisations.%d", i))
	}
	for i, s := range p.Sources {
		fs = append(fs, textField{phrase("problem.field.source.title", "source %d title", i+1), s.Title, MaxName, false},
			textField{phrase("problem.field.source.publisher", "source %d publisher", i+1), s.Publisher, MaxName, false})
		keys = append(keys, fmt.Sprintf("sources.%d", i), fmt.Sprintf("sources.%d", i))
	}
	for i, s := range p.Evaluations {
		fs = append(fs, textField{phrase("problem.field.evaluation.title", "evaluation %d title", i+1), s.Title, MaxName, false},
			textField{phrase("problem.field.evaluation.publisher", "evaluation %d publisher", i+1), s.Publisher, MaxName, false})
		keys = append(keys, fmt.Sprintf("evaluations.%d", i), fmt.Sprintf("evaluations.%d", i))
	}
	return fs, keys
}

// TermFields maps each vocabulary that a practice refers to by a list of codes
// to that list, so that stores can read and write them in one loop.
func (p *Practice) TermFields() map[string]*[]string {
	return map[string]*[]string{
		VocabTheme:            &p.Themes,
		VocabGCMObjective:     &p.GCMObjectives,
		VocabGuidingPrinciple: &p.GuidingPrinciples,
		VocabTargetGroup:      &p.TargetGroups,
		VocabMigrationStage:   &p.Stages,
		VocabInstrument:       &p.Instruments,
		VocabSDGTarget:        &p.SDGTargets,
	}
}

// FacetValues returns the facet values a practice carries, by facet: the data
// that search facets count, and its FacetCountryRole pairs. regionOf maps a
// country code to its ILO region.
func (p *Practice) FacetValues(regionOf func(string) string) map[string][]string {
	out := map[string][]string{}
	addUnique := func(facet, v string) {
		for _, x := range out[facet] {
			if x == v {
				return
			}
		}
		out[facet] = append(out[facet], v)
	}
	for _, c := range p.Countries {
		addUnique(FacetCountry, c.Code)
		if r := regionOf(c.Code); r != "" {
			addUnique(FacetRegion, r)
		}
		addUnique(FacetRole, c.Role)
		addUnique(FacetCountryRole, CountryRoleValue(c.Code, c.Role))
	}
	for _, v := range p.Themes {
		addUnique(FacetTheme, v)
	}
	for _, v := range p.GCMObjectives {
		addUnique(FacetGCM, v)
	}
	for _, v := range p.TargetGroups {
		addUnique(FacetTargetGroup, v)
	}
	for _, v := range p.Stages {
		addUnique(FacetStage, v)
	}
	for _, v := range p.Instruments {
		addUnique(FacetInstrument, v)
	}
	for _, v := range p.SDGTargets {
		addUnique(FacetSDG, v)
	}
	for _, o := range p.Organisations {
		addUnique(FacetOrgType, o.Type)
	}
	if p.EvidenceLevel != "" {
		addUnique(FacetEvidence, p.EvidenceLevel)
	}
	addUnique(FacetStatus, p.Status)
	return out
}
