package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/lmo-observatory/lmo"
)

// The editorial workflow in the API: an action per route
// (POST /api/v1/practices/{id}/{action}, hyphenated), revisions,
// suggested corrections and the editors' queue, all through
// lmo.WorkflowService, which decides who may do what.

// errNoWorkflow answers the workflow routes of a server without one.
var errNoWorkflow = lmo.Errorf(lmo.ENOTFOUND, "This observatory has no editorial workflow.")

// apiAct takes the workflow action on a practice: If-Match required as for
// any write, an optional body {"comment": "..."} (request-changes, reject
// and unpublish need one), and the practice as it now is in answer.
func (s *Server) apiAct(action string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.cfg.Workflow == nil {
			return errNoWorkflow
		}
		id, err := practiceID(r)
		if err != nil {
			return err
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
		cur, _, err := s.findPractice(r.Context(), id)
		if err != nil {
			return err
		}
		if err := checkIfMatch(r, s.practiceTag(r, cur)); err != nil {
			return err
		}
		if _, err := s.cfg.Workflow.Act(r.Context(), lmo.KindPractice, id, cur.Version, action, in.Comment); err != nil {
			return s.conflictOf(r.Context(), id, cur.Version, err)
		}
		return s.answerPractice(w, r, id, http.StatusOK)
	}
}

// apiRevisions lists a practice's revisions, newest first: anyone's for a
// published practice, its owner's or an editor's otherwise.
func (s *Server) apiRevisions(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.Workflow == nil {
		return errNoWorkflow
	}
	id, err := practiceID(r)
	if err != nil {
		return err
	}
	revs, err := s.cfg.Workflow.Revisions(r.Context(), lmo.KindPractice, id)
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	out := apiRevisionList{Items: []apiRevision{}}
	for _, rev := range revs {
		out.Items = append(out.Items, newAPIRevision(base, rev))
	}
	return s.writePersonalJSON(w, r, out)
}

// apiRevision serves one revision with the practice as it stood then.
func (s *Server) apiRevision(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.Workflow == nil {
		return errNoWorkflow
	}
	id, err := practiceID(r)
	if err != nil {
		return err
	}
	version, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || version <= 0 || strconv.Itoa(version) != r.PathValue("version") {
		return lmo.Errorf(lmo.ENOTFOUND, "There is no version %q of practice %d.", r.PathValue("version"), id)
	}
	rev, err := s.cfg.Workflow.Revision(r.Context(), lmo.KindPractice, id, version)
	if err != nil {
		return err
	}
	out := newAPIRevision(s.baseURL(r), rev)
	out.Snapshot = rev.Snapshot
	return s.writePersonalJSON(w, r, out)
}

func newAPIRevision(base string, rev *lmo.Revision) apiRevision {
	return apiRevision{Version: rev.Version, Author: rev.Author, Note: rev.Note, CreatedAt: rev.CreatedAt,
		URL: fmt.Sprintf("%s/api/v1/practices/%d/revisions/%d", base, rev.EntityID, rev.Version)}
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
			OpenSuggestions: it.OpenSuggestions, URL: fmt.Sprintf("%s/api/v1/practices/%d", base, it.ID)})
	}
	return s.writePersonalJSON(w, r, out)
}

// writePersonalJSON serves v with validators; never stored when a
// signed-in user asked (the answer may hold what only they may see).
func (s *Server) writePersonalJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if lmo.UserFromContext(r.Context()) != nil {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	return writeJSON(w, r, v, time.Time{})
}
