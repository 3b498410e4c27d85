package web

import (
	"net/http"
	"strings"
)

// CORS for the API: the API is open data, so any origin may read it from a
// browser, and a page on another site may write with an API token it
// holds (Authorization: Bearer), never with the browser's cookies
// (credentials are never allowed). Only /api/ is opened; pages, exports and
// feeds keep the browser's same-origin rule.
const (
	corsAllowMethods  = "GET, HEAD, OPTIONS, POST, PUT, PATCH"
	corsAllowHeaders  = "Authorization, Content-Type, If-Match, If-None-Match, If-Modified-Since, Range, If-Range"
	corsExposeHeaders = "ETag, Last-Modified, Location, Retry-After, Content-Range, WWW-Authenticate"
	corsMaxAge        = "7200" // seconds: browsers cap a preflight's life at two hours or less
)

// cors adds the CORS headers to every response under /api/ (errors
// included, so that a page on another site can read the problem) and
// answers an OPTIONS request there itself, preflight or not, with 204 and
// what the API allows. It reports whether it answered. It never allows
// credentials: Access-Control-Allow-Origin is "*".
func cors(w http.ResponseWriter, r *http.Request) bool {
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		return false
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Expose-Headers", corsExposeHeaders)
	if r.Method != http.MethodOptions {
		return false
	}
	r.Pattern = "OPTIONS /api/" // the route of the metrics
	h.Set("Allow", corsAllowMethods)
	h.Set("Access-Control-Allow-Methods", corsAllowMethods)
	h.Set("Access-Control-Allow-Headers", corsAllowHeaders)
	h.Set("Access-Control-Max-Age", corsMaxAge)
	w.WriteHeader(http.StatusNoContent)
	return true
}
