package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// facetSQL derives the facet rows of the practices that match a scope (%[1]s,
// a condition on p, the practices table), with the hidden country-role
// pairs (lmo.FacetCountryRole). Only published practices have facets. The facets that come from vocabulary terms are mapped from
// lmo.FacetVocabulary, so the mapping lives in the domain only.
var facetSQL = `
INSERT INTO practice_facets (facet, value, practice_id)
SELECT '` + lmo.FacetCountry + `', pc.country, p.id FROM practices p JOIN practice_countries pc ON pc.practice_id = p.id
	WHERE p.review_status = 'published' AND %[1]s
UNION SELECT '` + lmo.FacetRole + `', pc.role, p.id FROM practices p JOIN practice_countries pc ON pc.practice_id = p.id
	WHERE p.review_status = 'published' AND %[1]s
UNION SELECT '` + lmo.FacetCountryRole + `', ` + countryRoleSQL + `, p.id FROM practices p JOIN practice_countries pc ON pc.practice_id = p.id
	WHERE p.review_status = 'published' AND %[1]s
UNION SELECT '` + lmo.FacetRegion + `', c.ilo_region, p.id FROM practices p JOIN practice_countries pc ON pc.practice_id = p.id
	JOIN countries c ON c.code = pc.country WHERE c.ilo_region <> '' AND p.review_status = 'published' AND %[1]s
UNION SELECT ` + termFacetCase() + `, t.code, p.id
	FROM practices p JOIN practice_terms t ON t.practice_id = p.id
	WHERE t.vocabulary_id IN (` + termFacetVocabularies() + `) AND p.review_status = 'published' AND %[1]s
UNION SELECT '` + lmo.FacetOrgType + `', o.type, p.id FROM practices p JOIN practice_organisations po ON po.practice_id = p.id
	JOIN organisations o ON o.id = po.organisation_id WHERE p.review_status = 'published' AND %[1]s
UNION SELECT '` + lmo.FacetEvidence + `', p.evidence_level, p.id FROM practices p WHERE p.evidence_level <> '' AND p.review_status = 'published' AND %[1]s
UNION SELECT '` + lmo.FacetStatus + `', p.status, p.id FROM practices p WHERE p.review_status = 'published' AND %[1]s`

// countryRoleSQL writes lmo.CountryRoleValue(pc.country, pc.role) in SQL
// (the conformance suite's searches by country and role hold the two to the
// same form).
const countryRoleSQL = "pc.country || ':' || pc.role"

// termFacets returns the facets whose values are a practice's terms of one
// vocabulary, in the order of lmo.Facets.
func termFacets() []string {
	fields := (&lmo.Practice{}).TermFields()
	var out []string
	for _, f := range lmo.Facets {
		if v := lmo.FacetVocabulary[f]; v != "" && fields[v] != nil {
			out = append(out, f)
		}
	}
	return out
}

// termFacetCase maps t.vocabulary_id to its facet name.
func termFacetCase() string {
	var b strings.Builder
	b.WriteString("CASE t.vocabulary_id")
	for _, f := range termFacets() {
		fmt.Fprintf(&b, " WHEN '%s' THEN '%s'", lmo.FacetVocabulary[f], f)
	}
	b.WriteString(" END")
	return b.String()
}

// termFacetVocabularies lists the vocabularies of termFacets, quoted.
func termFacetVocabularies() string {
	var vs []string
	for _, f := range termFacets() {
		vs = append(vs, "'"+lmo.FacetVocabulary[f]+"'")
	}
	slices.Sort(vs)
	return strings.Join(vs, ", ")
}

// rebuildFacets re-derives the facet rows of the practices matching scope (a
// condition on p with ? parameters).
func rebuildFacets(ctx context.Context, tx *Tx, scope string, args ...any) error {
	if _, err := tx.Exec(ctx, `DELETE FROM practice_facets WHERE practice_id IN (SELECT p.id FROM practices p WHERE `+scope+`)`, args...); err != nil {
		return fmt.Errorf("delete facets: %w", err)
	}
	n := strings.Count(facetSQL, "%[1]s")
	all := make([]any, 0, n*len(args))
	for range n {
		all = append(all, args...)
	}
	if _, err := tx.Exec(ctx, fmt.Sprintf(facetSQL, scope), all...); err != nil {
		return fmt.Errorf("derive facets: %w", err)
	}
	return nil
}

// RebuildIndexes re-derives the facet rows and full-text entries of every
// practice from the tables they come from: after a copy from another
// database, or to repair. Admin only.
func (s *Practices) RebuildIndexes(ctx context.Context) error {
	if err := lmo.RequireRole(ctx, lmo.RoleAdmin); err != nil {
		return err
	}
	return s.db.writeIn(ctx, func(tx *Tx) error {
		if err := rebuildFacets(ctx, tx, "1 = 1"); err != nil {
			return err
		}
		if err := s.db.dialect.ReindexPractices(ctx, tx, ""); err != nil {
			return fmt.Errorf("full text: %w", err)
		}
		return tx.bumpVersion(ctx, "practices_version")
	})
}
