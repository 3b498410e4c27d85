package web

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// An agreement in the workflow: its review page's preview and the diff of
// its revisions lay it out as labelled fields, like a practice's.

// snapshotAgreement reads the agreement a revision saved.
func snapshotAgreement(rev *lmo.Revision) (*lmo.Agreement, error) {
	var a lmo.Agreement
	if err := json.Unmarshal(rev.Snapshot, &a); err != nil {
		return nil, fmt.Errorf("read snapshot of %s %d version %d: %w", rev.Kind, rev.EntityID, rev.Version, err)
	}
	a.ID, a.Version = rev.EntityID, rev.Version
	return &a, nil
}

// agreementFields lays out an agreement as labelled fields, in the order
// of its page.
func agreementFields(a *lmo.Agreement, l *labels) []fieldText {
	lang := l.language()
	tr := func(key string) string { return translate(lang, key) }
	text := func(label, v string) fieldText { return fieldText{Label: label, Text: v} }
	list := func(label string, items []string) fieldText {
		return fieldText{Label: label, Text: strings.Join(items, "\n"), List: true}
	}
	var parties, branches []string
	for _, c := range a.Parties {
		parties = append(parties, l.Country(c)+" ("+c+")")
	}
	for _, b := range a.Branches {
		branches = append(branches, tr("agreements.branch."+b))
	}
	truth := func(t lmo.Truth) string {
		if t == "" {
			t = lmo.Unknown
		}
		return tr("agreement.truth." + string(t))
	}
	return []fieldText{
		text(tr("form.title"), a.Title),
		text(tr("form.slug"), a.Slug),
		text(tr("agreements.col.type"), tr("agreements.type."+a.Type)),
		list(tr("agreements.col.parties"), parties),
		text(tr("agreements.f.scope"), a.Regional),
		text(tr("agreements.col.signed"), dayText(a.Signed)),
		text(tr("agreements.col.inforce"), dayText(a.InForce)),
		text(tr("agreement.ended"), dayText(a.Ended)),
		list(tr("agreement.branches"), branches),
		text(tr("agreement.benefits_abroad"), truth(a.BenefitsAbroad)),
		text(tr("agreement.totalisation"), truth(a.Totalisation)),
		text(tr("agreement.domestic_workers"), truth(a.DomesticWorkers)),
		text(tr("agreement.workers"), a.Workers),
		text(tr("practice.summary"), a.Summary),
		list(tr("agreement.sources"), sourceLines(a.Sources)),
		text(tr("agreement.facts_checked"), a.FactsChecked),
	}
}
