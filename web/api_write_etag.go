package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// A practice's own validator (the write API's If-Match and the GET's
// If-None-Match).
//
// The tag is "p<id>-v<version>-<hash>", the hash over the build, the
// public base address (the document holds its page's URL) and the query
// asked. The record's version moves with every change to it — an edit, a
// workflow action, a confirmed suggestion — and with nothing else, so a
// client's tag stays valid while others change other practices (unlike the
// list's version tags, respcache.go). The reference data are left out on
// purpose: the document holds codes, not labels, and an edited vocabulary
// must not fail every pending write with 412. One read of the record
// gives the tag.

// practiceTag is the strong ETag of practice p as served for r.
func (s *Server) practiceTag(r *http.Request, p *lmo.Practice) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%s\x00%s", buildTag(), s.cfg.Version, s.baseURL(r), r.URL.RawQuery))
	return fmt.Sprintf(`"p%d-v%d-%s"`, p.ID, p.Version, hex.EncodeToString(sum[:8]))
}

// Errors of the preconditions of a write.
var (
	errNoIfMatch = &httpError{status: http.StatusPreconditionRequired,
		msg: "This write needs an If-Match header with the practice's current ETag (GET it first), so that it cannot overwrite someone else's change."}
	errStale = &httpError{status: http.StatusPreconditionFailed,
		msg: "The practice has changed since the ETag in If-Match was given: nothing was written. GET it again and apply your change to the current version."}
)

// checkIfMatch compares the request's If-Match with the current tag,
// strongly (RFC 9110 13.1.1: a weak tag never matches; "*" matches any
// current record): errNoIfMatch without the header, errStale when no tag
// matches.
func checkIfMatch(r *http.Request, current string) error {
	lists := r.Header.Values("If-Match")
	if len(lists) == 0 {
		return errNoIfMatch
	}
	for _, list := range lists {
		for tag := range strings.SplitSeq(list, ",") {
			tag = strings.TrimSpace(tag)
			if tag == "*" || (tag == current && !strings.HasPrefix(tag, "W/")) {
				return nil
			}
		}
	}
	return errStale
}
