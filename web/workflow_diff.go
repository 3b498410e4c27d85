package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/lmo-observatory/lmo"
)

// diffPage shows two revisions of an item side by side.
type diffPage struct {
	workflowPage
	Public      bool // the public history's diff: nothing personal
	ItemTitle   string
	From, To    int
	Rows        []diffRow
	All         bool
	ToggleURL   string // all fields, or the changed ones only
	BackURL     string
	BackLabel   string
	BeforeLabel string
	AfterLabel  string
}

// diffVersions reads the from and to versions a diff compares.
func diffVersions(r *http.Request) (from, to int, err error) {
	lang := langOf(r)
	q := r.URL.Query()
	from, errFrom := strconv.Atoi(q.Get("from"))
	to, errTo := strconv.Atoi(q.Get("to"))
	if errFrom != nil || errTo != nil || from < 1 || to < 1 {
		return 0, 0, lmo.Errorf(lmo.EINVALID, "%s", translate(lang, "workflow.diff.params"))
	}
	return from, to, nil
}

// reviewDiff compares two revisions of an item for its owner or an editor.
func (s *Server) reviewDiff(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	kind, id, err := reviewTarget(r)
	if err != nil {
		return err
	}
	item, err := s.cfg.Workflow.FindReviewItem(r.Context(), kind, id)
	if err != nil {
		return err
	}
	p := &diffPage{workflowPage: s.newWorkflowPage(r, translate(lang, "workflow.diff.title", item.Title)), ItemTitle: item.Title,
		BackURL: reviewURL(kind, id), BackLabel: translate(lang, "workflow.diff.back")}
	if err := s.fillDiff(r, p, kind, id); err != nil {
		return err
	}
	return s.renderPersonal(w, r, http.StatusOK, "diff", p)
}

// publicDiff compares two revisions of a published practice, for anyone:
// the public revision history's links. Nothing on it is personal, so it
// goes through the response cache.
func (s *Server) publicDiff(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	if s.cfg.Workflow == nil {
		return lmo.Errorf(lmo.ENOTFOUND, "There is no page at this address.")
	}
	ctx := r.Context()
	pr, err := s.cfg.Practices.FindPracticeBySlug(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	p := &diffPage{workflowPage: workflowPage{Page: s.page(r, translate(lang, "workflow.diff.title", pr.Title))}, Public: true,
		ItemTitle: pr.Title, BackURL: "/practices/" + pr.Slug + "#history-h", BackLabel: translate(lang, "workflow.diff.back.public")}
	p.Canonical = ""
	if err := s.fillDiff(r.WithContext(lmo.NewContextWithUser(ctx, nil)), p, lmo.KindPractice, pr.ID); err != nil {
		return err
	}
	modified, err := s.cfg.Practices.PracticesChangedAt(ctx)
	if err != nil {
		return err
	}
	return s.render(w, r, "diff", p, modified)
}

// fillDiff reads the two revisions that r asks for and lays out their
// differences.
func (s *Server) fillDiff(r *http.Request, p *diffPage, kind string, id int64) error {
	lang := langOf(r)
	ctx := r.Context()
	from, to, err := diffVersions(r)
	if err != nil {
		return err
	}
	l, err := s.loadLabels(ctx)
	if err != nil {
		return err
	}
	before, err := s.revisionFields(ctx, l, kind, id, from)
	if err != nil {
		return err
	}
	after, err := s.revisionFields(ctx, l, kind, id, to)
	if err != nil {
		return err
	}
	p.From, p.To, p.All = from, to, r.URL.Query().Get("all") != ""
	p.Rows = diffFields(lang, before, after, p.All)
	p.BeforeLabel, p.AfterLabel = translate(lang, "workflow.diff.before", from), translate(lang, "workflow.diff.after", to)
	q := url.Values{"from": {strconv.Itoa(from)}, "to": {strconv.Itoa(to)}}
	if !p.All {
		q.Set("all", "1")
	}
	p.ToggleURL = r.URL.Path + "?" + q.Encode()
	return nil
}

// revisionFields reads one revision of an item as labelled fields.
func (s *Server) revisionFields(ctx context.Context, l *labels, kind string, id int64, version int) ([]fieldText, error) {
	rev, err := s.cfg.Workflow.Revision(ctx, kind, id, version)
	if err != nil {
		return nil, err
	}
	switch kind {
	case lmo.KindAgreement:
		a, err := snapshotAgreement(rev)
		if err != nil {
			return nil, err
		}
		return agreementFields(a, l), nil
	case lmo.KindProject:
		return s.projectRevisionFields(ctx, l, rev)
	case lmo.KindPractice:
	default:
		return nil, fmt.Errorf("diff of %s %d: no fields for this kind", kind, id)
	}
	p, err := snapshotPractice(rev)
	if err != nil {
		return nil, err
	}
	return practiceFields(p, l), nil
}
