package lmo

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Agreements between states on labour migration: social security
// agreements (which let a migrant worker keep, add up and draw abroad the
// rights earned in each country) and bilateral labour agreements and
// memoranda of understanding (which organise recruitment and employment
// between a country of origin and one of destination). A regional
// instrument (the ECOWAS General Convention on Social Security, the
// MERCOSUR Multilateral Agreement on Social Security, the EU coordination
// regulations) is one agreement with many parties.

// Types of agreement.
const (
	AgreementSocialSecurity = "social-security" // a social security agreement or convention
	AgreementLabour         = "labour"          // a bilateral labour agreement (a treaty)
	AgreementMOU            = "mou"             // a memorandum of understanding on labour migration
)

// AgreementTypes lists the types of agreement in display order.
var AgreementTypes = []string{AgreementSocialSecurity, AgreementLabour, AgreementMOU}

// Branches of social security an agreement may cover: the nine of the ILO
// Social Security (Minimum Standards) Convention, 1952 (No. 102), Parts II
// to X, with medical care and sickness benefit joined as one ("sickness and
// health care"), as agreements usually treat them.
const (
	BranchOldAge           = "old-age"
	BranchInvalidity       = "invalidity"
	BranchSurvivors        = "survivors"
	BranchSickness         = "sickness" // sickness benefit and health care
	BranchMaternity        = "maternity"
	BranchEmploymentInjury = "employment-injury"
	BranchUnemployment     = "unemployment"
	BranchFamily           = "family"
)

// Branches lists the branches of social security in the order of C102.
var Branches = []string{BranchSickness, BranchUnemployment, BranchOldAge, BranchEmploymentInjury,
	BranchFamily, BranchMaternity, BranchInvalidity, BranchSurvivors}

// Agreement is a social security agreement, a bilateral labour agreement or
// a memorandum of understanding, with the facts its sources give. A field
// its sources do not settle stays empty (Unknown for a Truth): nothing is
// guessed.
type Agreement struct {
	ID    int64  `json:"id"`
	Slug  string `json:"slug"`
	Title string `json:"title"` // its title, as its source writes it in English where one does
	Type  string `json:"type"`  // AgreementSocialSecurity, AgreementLabour or AgreementMOU
	// Parties are the alpha-2 codes of the states party, two for a bilateral
	// agreement, ordered by code.
	Parties []string `json:"parties"`
	// Regional names the regional organisation of a multilateral agreement
	// ("ECOWAS", "MERCOSUR", "CARICOM", "EU"); empty for a bilateral one.
	Regional string `json:"regional,omitempty"`
	Signed   Date   `json:"signed,omitzero"`
	InForce  Date   `json:"in_force,omitzero"` // the day it entered into force
	Ended    Date   `json:"ended,omitzero"`    // the day it ceased to be in force
	// Branches are the branches of social security it covers (Branches).
	Branches []string `json:"branches"`
	// BenefitsAbroad: benefits are paid to a person who lives in the other
	// party (export of benefits).
	BenefitsAbroad Truth `json:"benefits_abroad"`
	// Totalisation: periods of insurance in each party add up for the right
	// to a benefit.
	Totalisation Truth `json:"totalisation"`
	// DomesticWorkers: domestic workers are among the workers covered.
	DomesticWorkers Truth    `json:"domestic_workers"`
	Workers         string   `json:"workers,omitempty"` // the workers covered, in the source's words
	Summary         string   `json:"summary,omitempty"`
	Sources         []Source `json:"sources"`
	// FactsChecked is the day (YYYY-MM-DD) someone last checked the facts
	// against the sources.
	FactsChecked string `json:"facts_checked,omitempty"`
	ReviewStatus string `json:"review_status"`

	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Bilateral reports whether the agreement is between two states and no
// regional organisation.
func (a *Agreement) Bilateral() bool { return a.Regional == "" && len(a.Parties) == 2 }

// HasParty reports whether country (alpha-2) is party to the agreement.
func (a *Agreement) HasParty(country string) bool { return slices.Contains(a.Parties, country) }

// InForceOn says whether the agreement was in force on day: Yes when it had
// entered into force and not ended by then, No when it had not entered into
// force (or no entry into force is recorded) or had ended, Unknown when a
// date known only to its year or month may fall either side of day.
func (a *Agreement) InForceOn(day Date) Truth {
	if a.InForce.IsZero() || a.InForce.After(day) {
		return No
	}
	if !a.Ended.IsZero() && a.Ended.OnOrBefore(day) {
		return No
	}
	if !a.InForce.OnOrBefore(day) || (!a.Ended.IsZero() && !a.Ended.After(day)) {
		return Unknown
	}
	return Yes
}

// Normalize sorts the parties and branches and replaces nil lists with
// empty ones, so that an agreement reads the same built or loaded.
func (a *Agreement) Normalize() {
	for i, p := range a.Parties {
		a.Parties[i] = strings.ToUpper(strings.TrimSpace(p))
	}
	slices.Sort(a.Parties)
	a.Parties = slices.Compact(a.Parties)
	if a.Parties == nil {
		a.Parties = []string{}
	}
	slices.SortFunc(a.Branches, func(x, y string) int { return slices.Index(Branches, x) - slices.Index(Branches, y) })
	a.Branches = slices.Compact(a.Branches)
	if a.Branches == nil {
		a.Branches = []string{}
	}
	if a.Sources == nil {
		a.Sources = []Source{}
	}
	for _, t := range []*Truth{&a.BenefitsAbroad, &a.Totalisation, &a.DomesticWorkers} {
		if *t == "" {
			*t = Unknown
		}
	}
}

// Validate checks an agreement, naming each field that is wrong
// (FieldProblems, code EINVALID). countryExists says whether an alpha-2
// code is a known country.
func (a *Agreement) Validate(countryExists func(string) bool) error {
	var fp fieldProblems
	if !validSlug(a.Slug) {
		fp.Add("slug", "problem.agreement.slug.invalid", "The slug must be lower-case letters, digits and hyphens, such as ph-es-social-security-1988.")
	} else if a.Slug == "matrix" || a.Slug == "new" {
		fp.Add("slug", "problem.agreement.slug.reserved", "The slug %s is reserved: /agreements/%s is another page.", a.Slug, a.Slug)
	}
	if strings.TrimSpace(a.Title) == "" {
		fp.Add("title", "problem.agreement.title.required", "Give the agreement's title.")
	}
	if !slices.Contains(AgreementTypes, a.Type) {
		fp.Add("type", "problem.agreement.type.invalid", "The type must be one of %s.", strings.Join(AgreementTypes, ", "))
	}
	switch {
	case len(a.Parties) < 2:
		fp.Add("parties", "problem.agreement.parties.too_few", "An agreement needs at least two parties.")
	case a.Regional == "" && len(a.Parties) != 2:
		fp.Add("parties", "problem.agreement.parties.bilateral", "A bilateral agreement has two parties; name the regional organisation of one with more.")
	}
	for _, p := range a.Parties {
		if !countryExists(p) {
			fp.Add("parties", "problem.agreement.party.unknown", "Party %s is not an ISO 3166-1 alpha-2 country code.", p)
		}
	}
	for _, b := range a.Branches {
		if !slices.Contains(Branches, b) {
			fp.Add("branches", "problem.agreement.branch.unknown", "Unknown branch of social security %s: give one of %s.", b, strings.Join(Branches, ", "))
		}
	}
	for name, t := range map[string]Truth{"benefits_abroad": a.BenefitsAbroad, "totalisation": a.Totalisation, "domestic_workers": a.DomesticWorkers} {
		if t != "" && t != Yes && t != No && t != Unknown {
			fp.Add(name, "problem.agreement.truth.invalid", "Write yes, no or unknown.")
		}
	}
	if !a.Signed.IsZero() && !a.InForce.IsZero() && a.InForce.Last().Compare(a.Signed.First()) < 0 {
		fp.Add("in_force", "problem.agreement.in_force.before_signed", "It cannot enter into force before it was signed.")
	}
	if !a.Ended.IsZero() && !a.InForce.IsZero() && a.Ended.Last().Compare(a.InForce.First()) < 0 {
		fp.Add("ended", "problem.agreement.ended.before_in_force", "It cannot end before it entered into force.")
	}
	validSources(&fp, a.Sources)
	if a.FactsChecked != "" {
		if d, err := ParseDate(a.FactsChecked); err != nil || d.Precision() != PrecisionDay {
			fp.Add("facts_checked", "problem.facts_checked.day", "Write the day the facts were checked as YYYY-MM-DD.")
		}
	}
	return fp.Err("Agreement " + strconv.Quote(a.Slug))
}

// SameContent reports whether a and b say the same thing, ignoring the
// identity and bookkeeping fields that the store sets.
func (a *Agreement) SameContent(b *Agreement) bool {
	x, y := *a, *b
	for _, v := range []*Agreement{&x, &y} {
		v.Parties, v.Branches, v.Sources = slices.Clone(v.Parties), slices.Clone(v.Branches), slices.Clone(v.Sources)
		v.Normalize()
		v.ID, v.Version, v.CreatedAt, v.UpdatedAt, v.ReviewStatus = 0, 0, time.Time{}, time.Time{}, ""
	}
	return sameJSON(&x, &y)
}

// AgreementFilter selects agreements; empty fields select all.
type AgreementFilter struct {
	Country string // a party (alpha-2)
	Partner string // another party, with Country: the agreements between the two
	Type    string
	Branch  string
	// InForceOn keeps the agreements in force on that day (a date to the
	// day), and those that may have been (Unknown).
	InForceOn Date
	Regional  string // "bilateral", or a regional organisation
}

// AgreementService is the agreements module.
type AgreementService interface {
	// FindAgreements returns the published agreements f selects (and, for
	// an editor, those in review), by date of signature, newest first, then
	// title.
	FindAgreements(ctx context.Context, f AgreementFilter) ([]*Agreement, error)
	// FindAgreement returns one agreement by slug, or ENOTFOUND (also for
	// one not published, unless its owner or an editor asks).
	FindAgreement(ctx context.Context, slug string) (*Agreement, error)
	// FindAgreementForReview returns agreement id in any review status to
	// its owner or an editor (a published one to anyone); ENOTFOUND to
	// everyone else, as if it did not exist.
	FindAgreementForReview(ctx context.Context, id int64) (*Agreement, error)
	// CreateAgreement validates and stores a as version 1, with a revision,
	// owned by the signed-in user, as PracticeService.CreatePractice does
	// a practice: contributor or above; a contributor's is a draft or
	// submitted, an editor's takes the status a gives (published when
	// none); EINVALID, ECONFLICT (slug taken) or ETOOMANY.
	CreateAgreement(ctx context.Context, a *Agreement, note string) error
	// UpdateAgreement validates and replaces a as the next version, with a
	// revision: an editor, or its owner while MayEdit allows; the stored
	// review status is kept; ECONFLICT when a.Version is not the stored
	// version.
	UpdateAgreement(ctx context.Context, a *Agreement, note string) error
	// ImportAgreements writes agreements matched by slug in one
	// transaction, published: new ones are created, changed ones updated
	// (a revision each), identical ones left alone, nothing deleted.
	// Every item is validated first; EINVALID names each failing one by its
	// position and nothing is written. Editor or above.
	ImportAgreements(ctx context.Context, as []*Agreement, note string) (ImportCounts, error)
	// AgreementsVersion returns the version of the agreements (it grows
	// with every change), for validators and caches.
	AgreementsVersion(ctx context.Context) (int64, error)
}

// sameJSON reports whether a and b encode to the same JSON.
func sameJSON(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}
