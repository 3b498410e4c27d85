package web

import (
	"encoding/json"
	"time"

	"github.com/lmo-observatory/lmo"
)

// apiPracticeInput is a practice as a client writes it: every field of
// apiPractice but those the server sets (id, version, created_at,
// updated_at, url, snippet_html).
type apiPracticeInput struct {
	Slug              string                     `json:"slug"`
	Title             string                     `json:"title"`
	Summary           string                     `json:"summary"`
	Description       string                     `json:"description"`
	Countries         []lmo.PracticeCountry      `json:"countries"`
	Global            bool                       `json:"global"`
	Corridors         []lmo.Corridor             `json:"corridors"`
	Themes            []string                   `json:"themes"`
	GCMObjectives     []string                   `json:"gcm_objectives"`
	GuidingPrinciples []string                   `json:"guiding_principles"`
	TargetGroups      []string                   `json:"target_groups"`
	Stages            []string                   `json:"stages"`
	Instruments       []string                   `json:"instruments"`
	SDGTargets        []string                   `json:"sdg_targets"`
	Organisations     []lmo.PracticeOrganisation `json:"organisations"`
	StartYear         int                        `json:"start_year,omitempty"`
	EndYear           int                        `json:"end_year,omitempty"`
	Status            string                     `json:"status"`
	Results           string                     `json:"results,omitempty"`
	Lessons           string                     `json:"lessons,omitempty"`
	EvidenceLevel     string                     `json:"evidence_level,omitempty"`
	Evaluations       []lmo.Source               `json:"evaluations,omitempty"`
	Sources           []lmo.Source               `json:"sources"`
	Language          string                     `json:"language"`
	Contact           *lmo.Contact               `json:"contact,omitempty"`
	FactsChecked      *string                    `json:"facts_checked"`
	ReviewStatus      string                     `json:"review_status,omitempty"`
	// Translations are the title and summary in other languages, by BCP
	// 47 tag (a merge patch removes one with null).
	Translations map[string]lmo.PracticeText `json:"translations,omitempty"`
}

// practice returns the practice that in describes, lists never nil.
func (in *apiPracticeInput) practice() *lmo.Practice {
	p := &lmo.Practice{
		Slug: in.Slug, Title: in.Title, Summary: in.Summary, Description: in.Description,
		Countries: in.Countries, Global: in.Global, Corridors: in.Corridors,
		Themes: in.Themes, GCMObjectives: in.GCMObjectives, GuidingPrinciples: in.GuidingPrinciples,
		TargetGroups: in.TargetGroups, Stages: in.Stages, Instruments: in.Instruments, SDGTargets: in.SDGTargets,
		Organisations: in.Organisations, StartYear: in.StartYear, EndYear: in.EndYear, Status: in.Status,
		Results: in.Results, Lessons: in.Lessons, EvidenceLevel: in.EvidenceLevel, Evaluations: in.Evaluations,
		Sources: in.Sources, Language: in.Language, Contact: in.Contact, ReviewStatus: in.ReviewStatus,
		Translations: in.Translations,
	}
	if in.FactsChecked != nil {
		p.FactsChecked = *in.FactsChecked
	}
	p.Normalize()
	return p
}

// newAPIPracticeInput is the writable part of p: the document a merge
// patch applies to.
func newAPIPracticeInput(p *lmo.Practice) apiPracticeInput {
	return apiPracticeInput{
		Slug: p.Slug, Title: p.Title, Summary: p.Summary, Description: p.Description,
		Countries: p.Countries, Global: p.Global, Corridors: p.Corridors,
		Themes: p.Themes, GCMObjectives: p.GCMObjectives, GuidingPrinciples: p.GuidingPrinciples,
		TargetGroups: p.TargetGroups, Stages: p.Stages, Instruments: p.Instruments, SDGTargets: p.SDGTargets,
		Organisations: p.Organisations, StartYear: p.StartYear, EndYear: p.EndYear, Status: p.Status,
		Results: p.Results, Lessons: p.Lessons, EvidenceLevel: p.EvidenceLevel, Evaluations: p.Evaluations,
		Sources: p.Sources, Language: p.Language, Contact: p.Contact, FactsChecked: nullString(p.FactsChecked),
		ReviewStatus: p.ReviewStatus, Translations: p.Translations,
	}
}

// apiComment is the body of a workflow action: the reason given, which
// request-changes, reject and unpublish require.
type apiComment struct {
	Comment string `json:"comment"`
}

// apiSuggestionInput is a suggested correction as a client sends it.
type apiSuggestionInput struct {
	Body        string `json:"body"`
	SourceTitle string `json:"source_title"`
	SourceURL   string `json:"source_url,omitempty"`
}

// apiSuggestion is a suggested correction to a published practice.
type apiSuggestion struct {
	ID          int64     `json:"id"`
	PracticeID  int64     `json:"practice_id"`
	Author      string    `json:"author"`
	Body        string    `json:"body"`
	SourceTitle string    `json:"source_title"`
	SourceURL   string    `json:"source_url,omitempty"`
	Status      string    `json:"status"`
	CreatedAt   time.Time `json:"created_at"`
}

func newAPISuggestion(s *lmo.Suggestion) apiSuggestion {
	return apiSuggestion{ID: s.ID, PracticeID: s.EntityID, Author: s.Author, Body: s.Body, SourceTitle: s.SourceTitle,
		SourceURL: s.SourceURL, Status: s.Status, CreatedAt: s.CreatedAt}
}

// apiRevision is one saved version of a practice: who, when and why; the
// one-revision document adds the practice as it stood (snapshot).
type apiRevision struct {
	Version   int             `json:"version"`
	Author    string          `json:"author"`
	Note      string          `json:"note"`
	CreatedAt time.Time       `json:"created_at"`
	URL       string          `json:"url"`
	Snapshot  json.RawMessage `json:"snapshot,omitempty"`
}

// apiRevisionList is a practice's revisions, newest first.
type apiRevisionList struct {
	Items []apiRevision `json:"items"`
}

// apiReviewItem is one record awaiting editors.
type apiReviewItem struct {
	Kind            string    `json:"kind"`
	ID              int64     `json:"id"`
	Slug            string    `json:"slug"`
	Title           string    `json:"title"`
	ReviewStatus    string    `json:"review_status"`
	Version         int       `json:"version"`
	Owner           string    `json:"owner,omitempty"`
	UpdatedAt       time.Time `json:"updated_at"`
	OpenSuggestions int       `json:"open_suggestions"`
	URL             string    `json:"url"`
}

// apiReviewQueue is what awaits editors, the longest waiting first.
type apiReviewQueue struct {
	Items []apiReviewItem `json:"items"`
}
