package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/lmo-observatory/lmo"
)

// The editorial workflow in the API: an action per route
// (POST /api/v1/practices/{id}/{action}, hyphenated, and the same under
// /api/v1/agreements/{slug} and /api/v1/projects/{slug}), revisions of
// every kind, suggested corrections of practices and the editors' queue,
// all through lmo.WorkflowService, which decides who may do what.

// errNoWorkflow answers the workflow routes of a server without one.
var errNoWorkflow = lmo.Errorf(lmo.ENOTFOUND, "This observatory has no editorial workflow.")

// apiAct takes the workflow action on a record of kind k: If-Match
// required as for any write, an optional body {"comment": "..."}
// (request-changes, reject and unpublish need one), and the record as it
// now is in answer.
func (s *Server) apiAct(k apiKind, action string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.cfg.Workflow == nil {
			return errNoWorkflow
		}
		if len(r.Header.Values("If-Match")) == 0 {
			return errNoIfMatch
		}
		body, err := readBody(w, r, true, mediaJSON)
		if err != nil {
			return err
		}
		var in apiComment
		if body != nil {
			if err := decodeStrict(body, &in); err != nil {
				return err
			}
		}
		cur, err := k.locate(r)
		if err != nil {
			return err
		}
		if err := checkIfMatch(r, cur.tag); err != nil {
			return err
		}
		if _, err := s.cfg.Workflow.Act(r.Context(), k.kind(), cur.id, cur.version, action, in.Comment); err != nil {
			return conflictOf(k, r, cur.id, cur.version, err)
		}
		now, err := rereadAfterWrite(k, r, cur.id)
		if err != nil {
			return err
		}
		return answerRecord(w, now, http.StatusOK)
	}
}

// apiRevisions lists the revisions of a record of kind k, newest first:
// anyone's for a published record, its owner's or an editor's otherwise.
func (s *Server) apiRevisions(k apiKind) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.cfg.Workflow == nil {
			return errNoWorkflow
		}
		rec, err := k.locate(r)
		if err != nil {
			return err
		}
		revs, err := s.cfg.Workflow.Revisions(r.Context(), k.kind(), rec.id)
		if err != nil {
			return err
		}
		out := apiRevisionList{Items: []apiRevision{}}
		for _, rev := range revs {
			out.Items = append(out.Items, newAPIRevision(rec.location, rev))
		}
		return s.writePersonalJSON(w, r, out)
	}
}

// apiRevision serves one revision of a record of kind k, with the record
// as it stood then.
func (s *Server) apiRevision(k apiKind) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.cfg.Workflow == nil {
			return errNoWorkflow
		}
		rec, err := k.locate(r)
		if err != nil {
			return err
		}
		version, err := strconv.Atoi(r.PathValue("version"))
		if err != nil || version <= 0 || strconv.Itoa(version) != r.PathValue("version") {
			return lmo.Errorf(lmo.ENOTFOUND, "There is no version %q of this %s.", r.PathValue("version"), k.kind())
		}
		rev, err := s.cfg.Workflow.Revision(r.Context(), k.kind(), rec.id, version)
		if err != nil {
			return err
		}
		out := newAPIRevision(rec.location, rev)
		out.Snapshot = rev.Snapshot
		return s.writePersonalJSON(w, r, out)
	}
}

// newAPIRevision is rev of the record at location (its address in the
// API).
func newAPIRevision(location string, rev *lmo.Revision) apiRevision {
	return apiRevision{Version: rev.Version, Author: rev.Author, Note: rev.Note, CreatedAt: rev.CreatedAt,
		URL: location + "/revisions/" + strconv.Itoa(rev.Version)}
}

// apiSuggest records a suggested correction to a published practice: 201
// with the suggestion.
func (s *Server) apiSuggest(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.Workflow == nil {
		return errNoWorkflow
	}
	id, err := practiceID(r)
	if err != nil {
		return err
	}
	body, err := readBody(w, r, false, mediaJSON)
	if err != nil {
		return err
	}
	var in apiSuggestionInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	sg := &lmo.Suggestion{Kind: lmo.KindPractice, EntityID: id, Body: in.Body, SourceTitle: in.SourceTitle, SourceURL: in.SourceURL}
	if err := s.cfg.Workflow.Suggest(r.Context(), sg); err != nil {
		return err
	}
	b, err := jsonBody(newAPISuggestion(sg))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusCreated)
	_, err = w.Write(b)
	return err
}

// apiReviewQueue lists what awaits editors. Editor.
func (s *Server) apiReviewQueue(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.Workflow == nil {
		return errNoWorkflow
	}
	items, err := s.cfg.Workflow.ReviewQueue(r.Context())
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	out := apiReviewQueue{Items: []apiReviewItem{}}
	for _, it := range items {
		out.Items = append(out.Items, apiReviewItem{Kind: it.Kind, ID: it.ID, Slug: it.Slug, Title: it.Title,
			ReviewStatus: it.Status, Version: it.Version, Owner: it.Owner, UpdatedAt: it.UpdatedAt,
			OpenSuggestions: it.OpenSuggestions, URL: reviewItemURL(base, it)})
	}
	return s.writePersonalJSON(w, r, out)
}

// reviewItemURL is the address of a queued record in the API: a
// practice's by id, an agreement's or a project's by slug.
func reviewItemURL(base string, it *lmo.ReviewItem) string {
	switch it.Kind {
	case lmo.KindAgreement:
		return base + "/api/v1/agreements/" + it.Slug
	case lmo.KindProject:
		return base + "/api/v1/projects/" + it.Slug
	}
	return fmt.Sprintf("%s/api/v1/practices/%d", base, it.ID)
}

// writePersonalJSON serves v with validators; never stored when a
// signed-in user asked (the answer may hold what only they may see).
func (s *Server) writePersonalJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if lmo.UserFromContext(r.Context()) != nil {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	return writeJSON(w, r, v, time.Time{})
}
