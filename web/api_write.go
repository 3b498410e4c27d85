package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/lmo-observatory/lmo"
)

// The write API for practices: create (POST), replace (PUT) and merge
// patch (PATCH, RFC 7396), through the engine every kind shares
// (api_write_kind.go). The user comes from the request's context (a
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

// practiceAPI is the API of practices (api_write_kind.go), addressed by
// id. Their document holds codes, not labels, so its ETag depends on the
// practice alone.
func (s *Server) practiceAPI() *recordAPI[lmo.Practice, apiPracticeInput] {
	findPractice := func(ctx context.Context, id int64) (*lmo.Practice, error) {
		p, _, err := s.findPractice(ctx, id)
		return p, err
	}
	return &recordAPI[lmo.Practice, apiPracticeInput]{
		s: s, kindName: lmo.KindPractice, tagPrefix: "p",
		find: func(r *http.Request) (*lmo.Practice, error) {
			id, err := practiceID(r)
			if err != nil {
				return nil, err
			}
			return findPractice(r.Context(), id)
		},
		findID:  findPractice,
		address: func(p *lmo.Practice) string { return "/api/v1/practices/" + strconv.FormatInt(p.ID, 10) },
		create: func(ctx context.Context, p *lmo.Practice, note string) error {
			return s.cfg.Practices.CreatePractice(ctx, p, note)
		},
		update: func(ctx context.Context, p *lmo.Practice, note string) error {
			return s.cfg.Practices.UpdatePractice(ctx, p, note)
		},
		meta: func(p *lmo.Practice) recordMeta {
			return recordMeta{ID: p.ID, Version: p.Version, Status: p.ReviewStatus, Modified: p.UpdatedAt}
		},
		identify: func(p *lmo.Practice, id int64, version int, status string) {
			p.ID, p.Version, p.ReviewStatus = id, version, status
		},
		record: (*apiPracticeInput).practice,
		input:  newAPIPracticeInput,
		document: func(r *http.Request, p *lmo.Practice) (any, string, error) {
			return s.apiPractice(s.baseURL(r), &lmo.PracticeHit{Practice: p}), "", nil
		},
	}
}
