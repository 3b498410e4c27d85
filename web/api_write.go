package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/lmo-observatory/lmo"
)

// The write API for practices: create (POST), replace (PUT) and merge
// patch (PATCH, RFC 7396). The user comes from the request's context (a
// session or an API token, set before the routes); the services check
// roles, the API maps their codes. Every change to an existing practice
// needs If-Match with the practice's current ETag (api_write_etag.go):
// 428 without it, 412 when it is stale — checked before the write, and
// again by the store, which refuses a version that moved in between.

// findPractice reads practice id as the request's user may see it: for
// anyone signed in, through FindPracticeForReview, which shows an
// unpublished practice to its owner and editors (a read token included)
// and only published ones to others; for anyone else, published only.
// personal reports whether the answer depends on who asked, so must not be
// shared.
func (s *Server) findPractice(ctx context.Context, id int64) (p *lmo.Practice, personal bool, err error) {
	if lmo.UserFromContext(ctx) != nil {
		p, err = s.cfg.Practices.FindPracticeForReview(ctx, id)
		return p, true, err
	}
	p, err = s.cfg.Practices.FindPracticeByID(ctx, id)
	return p, false, err
}

// practiceID parses the {id} of the path; anything but a canonical
// positive integer is no practice (404).
func practiceID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != r.PathValue("id") {
		return 0, lmo.Errorf(lmo.ENOTFOUND, "There is no practice %q.", r.PathValue("id"))
	}
	return id, nil
}

// apiSignedIn wraps a write route: without a user it answers 401 with a
// Bearer challenge before reading anything; with one, the handler runs and
// the codes of its error get the headers they need (a challenge for 401,
// Retry-After for 429).
func apiSignedIn(fn handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var err error = errNotSignedIn
		if lmo.UserFromContext(r.Context()) != nil {
			err = fn(w, r)
		}
		switch lmo.ErrorCode(err) {
		case lmo.EUNAUTHORIZED:
			w.Header().Set("WWW-Authenticate", `Bearer realm="lmo"`)
		case lmo.ETOOMANY:
			w.Header().Set("Retry-After", "3600")
		}
		return err
	}
}

// errNotSignedIn answers a write without a user.
var errNotSignedIn = lmo.Errorf(lmo.EUNAUTHORIZED, "Sign in, or send an API token as Authorization: Bearer <token>, to write.")

// apiCreatePractice creates a practice from the body: 201 with its
// address, ETag and document. A contributor's is submitted for review (or
// kept as a draft when review_status says "draft"); an editor's takes the
// review_status given, submitted when none is.
func (s *Server) apiCreatePractice(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r, false, mediaJSON)
	if err != nil {
		return err
	}
	var in apiPracticeInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	p := in.practice()
	if p.ReviewStatus == "" {
		p.ReviewStatus = lmo.ReviewSubmitted
	}
	if err := s.cfg.Practices.CreatePractice(r.Context(), p, "Created through the API."); err != nil {
		return err
	}
	w.Header().Set("Location", s.baseURL(r)+"/api/v1/practices/"+strconv.FormatInt(p.ID, 10))
	return s.answerPractice(w, r, p.ID, http.StatusCreated)
}

// apiReplacePractice replaces a practice with the body (PUT): fields left
// out are emptied.
func (s *Server) apiReplacePractice(w http.ResponseWriter, r *http.Request) error {
	return s.writePractice(w, r, []string{mediaJSON}, "Replaced through the API.", func(_ *lmo.Practice, body []byte) (*lmo.Practice, error) {
		var in apiPracticeInput
		if err := decodeStrict(body, &in); err != nil {
			return nil, err
		}
		return in.practice(), nil
	})
}

// apiPatchPractice changes the fields of a practice that the body, a JSON
// Merge Patch, names (PATCH): members set a field, null empties it.
func (s *Server) apiPatchPractice(w http.ResponseWriter, r *http.Request) error {
	return s.writePractice(w, r, []string{mediaMergePatch, mediaJSON}, "Changed through the API.", patchPractice)
}

// patchPractice applies the merge patch body to the writable part of cur.
func patchPractice(cur *lmo.Practice, body []byte) (*lmo.Practice, error) {
	in, err := mergeInput(newAPIPracticeInput(cur), body)
	if err != nil {
		return nil, err
	}
	return in.practice(), nil
}

// writePractice is what PUT and PATCH share: the precondition (428, 412),
// the body (415, 400), build's new content for the current practice, the
// write at the matched version, and the practice as it now is, with its
// new ETag.
func (s *Server) writePractice(w http.ResponseWriter, r *http.Request, media []string, note string,
	build func(cur *lmo.Practice, body []byte) (*lmo.Practice, error)) error {
	id, err := practiceID(r)
	if err != nil {
		return err
	}
	if len(r.Header.Values("If-Match")) == 0 {
		return errNoIfMatch
	}
	body, err := readBody(w, r, false, media...)
	if err != nil {
		return err
	}
	cur, _, err := s.findPractice(r.Context(), id)
	if err != nil {
		return err
	}
	if err := checkIfMatch(r, s.practiceTag(r, cur)); err != nil {
		return err
	}
	p, err := build(cur, body)
	if err != nil {
		return err
	}
	if p.ReviewStatus != "" && p.ReviewStatus != cur.ReviewStatus {
		return lmo.Errorf(lmo.EINVALID, "The review status (%s) changes only through the workflow actions: POST /api/v1/practices/%d/{action}.", cur.ReviewStatus, id)
	}
	p.ID, p.Version, p.ReviewStatus = cur.ID, cur.Version, cur.ReviewStatus
	if err := s.cfg.Practices.UpdatePractice(r.Context(), p, note); err != nil {
		return conflictOf(practiceAPI{s}, r, id, cur.Version, err)
	}
	return s.answerPractice(w, r, id, http.StatusOK)
}

// answerPractice answers a write with the practice as it now is, read
// again as its writer sees it: status, its ETag, never stored.
func (s *Server) answerPractice(w http.ResponseWriter, r *http.Request, id int64, status int) error {
	rec, err := rereadAfterWrite(practiceAPI{s}, r, id)
	if err != nil {
		return err
	}
	return answerRecord(w, rec, status)
}
