package web

import (
	"net/http"
	"strings"
	"time"
)

// notModified reports whether a GET or HEAD of r may be answered 304 Not
// Modified for a representation with the validators etag and modified, as
// RFC 9110 (13.1.2, 13.1.3, 13.2.2) says: If-None-Match, when present,
// decides alone (weak comparison, "*" matches anything); otherwise
// If-Modified-Since, to the second. It serves what is streamed and so
// cannot go through http.ServeContent.
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if inm := r.Header.Values("If-None-Match"); len(inm) > 0 {
		for _, list := range inm {
			for tag := range strings.SplitSeq(list, ",") {
				tag = strings.TrimSpace(tag)
				if tag == "*" || weakEqual(tag, etag) {
					return true
				}
			}
		}
		return false
	}
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" || modified.IsZero() {
		return false
	}
	t, err := http.ParseTime(ims)
	return err == nil && !modified.Truncate(time.Second).After(t)
}

// weakEqual compares two entity tags weakly: equal once any W/ is removed.
func weakEqual(a, b string) bool {
	return strings.TrimPrefix(a, "W/") == strings.TrimPrefix(b, "W/")
}
