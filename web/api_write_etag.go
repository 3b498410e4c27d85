package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
)

// A record's own validator (the write API's If-Match and the GET's
// If-None-Match), for practices, agreements and projects alike.
//
// The tag is "<prefix><id>-v<version>-<hash>" ("p" for a practice, "a" for
// an agreement, "pj" for a project), the hash over the build, the public
// base address (the document holds its page's URL), the query asked and
// whatever else the document shows that is not the record (an agreement's
// party names and whether it is in force today: the day and the version of
// the reference data). The record's version moves with every change to it
// — an edit, a workflow action, a confirmed suggestion — and with nothing
// else, so a client's tag stays valid while others change other records
// (unlike the lists' version tags, respcache.go). A practice's and a
// project's documents hold codes, not labels, so the reference data are
// left out of theirs on purpose: an edited vocabulary must not fail every
// pending write with 412. One read of the record gives the tag.

// recordTag is the strong ETag of record id at version, with prefix, as
// served for r; extra is what else its document depends on.
func (s *Server) recordTag(r *http.Request, prefix string, id int64, version int, extra string) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%s\x00%s\x00%s", buildTag(), s.cfg.Version, s.baseURL(r), r.URL.RawQuery, extra))
	return fmt.Sprintf(`"%s%d-v%d-%s"`, prefix, id, version, hex.EncodeToString(sum[:8]))
}

// Errors of the preconditions of a write.
var (
	errNoIfMatch = &httpError{status: http.StatusPreconditionRequired,
		msg: "This write needs an If-Match header with the record's current ETag (GET it first), so that it cannot overwrite someone else's change."}
	errStale = &httpError{status: http.StatusPreconditionFailed,
		msg: "The record has changed since the ETag in If-Match was given: nothing was written. GET it again and apply your change to the current version."}
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
