package web

import (
	"net/url"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// The search parameters of the facets that another part of issue 8 adds
// (instruments and SDG targets): the practice page links its terms to
// them.
const (
	instrumentParam = "instrument"
	sdgParam        = "sdg"
)

// termLink is a term as a link to the search for it; URL is "" for a term
// that no facet searches (guiding principles), shown as plain text.
type termLink struct {
	Label string
	URL   string
}

// facetURL is the address of the search for one value of a facet.
func facetURL(param, value string) string {
	return "/practices?" + param + "=" + url.QueryEscape(value)
}

// termLinks returns the labels of codes in a vocabulary, each linked to the
// search by param ("" for no link).
func termLinks(l *labels, param, vocab string, codes []string) []termLink {
	out := make([]termLink, len(codes))
	for i, c := range codes {
		out[i] = termLink{Label: l.Term(vocab, c)}
		if param != "" {
			out[i].URL = facetURL(param, c)
		}
	}
	return out
}

// practiceLists returns the vocabularies of a practice for its key facts:
// each term linked to its search.
func practiceLists(l *labels, p *lmo.Practice) []listView {
	lang := l.language()
	gcm := make([]termLink, len(p.GCMObjectives))
	for i, g := range p.GCMObjectives {
		gcm[i] = termLink{Label: l.FacetValue(lmo.FacetGCM, g), URL: facetURL(lmo.FacetGCM, g)}
	}
	sdg := termLinks(l, sdgParam, lmo.VocabSDGTarget, p.SDGTargets)
	for i, code := range p.SDGTargets {
		sdg[i].Label = code + " " + sdg[i].Label
	}
	return []listView{
		{translate(lang, "practice.themes"), termLinks(l, lmo.FacetTheme, lmo.VocabTheme, p.Themes)},
		{translate(lang, "practice.targets"), termLinks(l, lmo.FacetTargetGroup, lmo.VocabTargetGroup, p.TargetGroups)},
		{translate(lang, "practice.stages"), termLinks(l, lmo.FacetStage, lmo.VocabMigrationStage, p.Stages)},
		{translate(lang, "practice.gcm"), gcm},
		{translate(lang, "practice.principles"), termLinks(l, "", lmo.VocabGuidingPrinciple, p.GuidingPrinciples)},
		{translate(lang, "practice.instruments"), termLinks(l, instrumentParam, lmo.VocabInstrument, p.Instruments)},
		{translate(lang, "practice.sdg"), sdg},
	}
}

// relatedView is a related practice and a line saying what it shares.
type relatedView struct {
	URL    string
	Title  string
	Years  string
	Shares string
}

// relatedViews lays out the related practices of a practice page.
func relatedViews(rs []*lmo.RelatedPractice, l *labels) []relatedView {
	lang := l.language()
	out := make([]relatedView, 0, len(rs))
	for _, r := range rs {
		var parts []string
		for _, facet := range lmo.RelatedFacets {
			values := r.Shared[facet]
			if len(values) == 0 {
				continue
			}
			labels := make([]string, len(values))
			for i, v := range values {
				labels[i] = l.FacetValue(facet, v)
				if facet == lmo.FacetGCM { // the numbers: the titles are long
					labels[i] = v
				}
			}
			parts = append(parts, translate(lang, "related."+facet, strings.Join(labels, ", ")))
		}
		out = append(out, relatedView{URL: "/practices/" + r.Slug, Title: r.Title, Years: yearSpan(r.StartYear, r.EndYear),
			Shares: translate(lang, "related.shares", strings.Join(parts, "; "))})
	}
	return out
}

// revisionView is one line of a practice's revision history.
type revisionView struct {
	*lmo.Revision
	// Who says who made the change: the command line's system user is
	// the LMO editors who run it (the starter dataset, imports).
	Who string
}

// revisionViews names who made each revision.
func revisionViews(lang string, revs []*lmo.Revision) []revisionView {
	out := make([]revisionView, len(revs))
	for i, r := range revs {
		out[i] = revisionView{Revision: r, Who: r.Author}
		switch {
		case r.Author == lmo.SystemUser.Name && r.Note != "":
			out[i].Who = translate(lang, "practice.by.editors.from", r.Note)
		case r.Author == lmo.SystemUser.Name:
			out[i].Who = translate(lang, "practice.by.editors")
		case r.Note != "":
			out[i].Who = r.Author + " (" + r.Note + ")"
		}
	}
	return out
}
