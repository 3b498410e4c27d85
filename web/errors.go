package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

// handlerFunc is an HTTP handler that returns its error instead of writing
// it; the adapter below writes it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// statusOf maps error codes to HTTP statuses.
var statusOf = map[string]int{
	lmo.ECONFLICT:     http.StatusConflict,
	lmo.EINVALID:      http.StatusBadRequest,
	lmo.ENOTFOUND:     http.StatusNotFound,
	lmo.EUNAUTHORIZED: http.StatusUnauthorized,
	lmo.EFORBIDDEN:    http.StatusForbidden,
	lmo.EUNAVAILABLE:  http.StatusServiceUnavailable,
	lmo.ETOOMANY:      http.StatusTooManyRequests,
	lmo.EINTERNAL:     http.StatusInternalServerError,
}

// retryAfterTooMany is the Retry-After, in seconds, of a request refused
// as one too many (ETOOMANY): the window in which attempts are counted, the
// longest one may have to wait.
const retryAfterTooMany = int(lmo.SignInWindow / time.Second)

// handle adapts a handlerFunc for the route pattern. The request passes
// the edge checks first (checkRequest, edge.go), so fn sees only clean
// path and query values. An error fn returns, or an error status it writes
// itself (http.ServeContent's 412 and 416, http.Error), is answered by
// writeError: a problem JSON document under /api/ and the error page
// elsewhere, never a bare text/plain body.
func (s *Server) handle(pattern string, fn handlerFunc) http.Handler {
	wildcards := patternWildcards(pattern)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &errorCatcher{ResponseWriter: w}
		err := checkRequest(r, wildcards)
		if err == nil {
			err = fn(cw, r)
		}
		if err == nil && cw.caught != 0 {
			err = statusError(cw.caught)
		}
		switch {
		case err == nil:
		case s.unsendable(w, r, err, cw.committed): // the client has gone, or the response began (outcome.go)
		default:
			s.writeError(w, r, err)
		}
	})
}

// writeError logs err when it is internal and writes the user-safe form.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := errorStatus(err)
	if status >= 500 {
		s.log.Error("request failed", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("error", err))
	}
	switch status {
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", "5")
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", strconv.Itoa(retryAfterTooMany))
	}
	w.Header().Del("ETag")
	w.Header().Del("Last-Modified")
	w.Header().Del("Content-Disposition")
	w.Header().Del("Content-Encoding") // a kept answer's gzip, not this page's
	if wantsJSON(r) {
		writeProblemFields(w, r, status, msg, lmo.FieldProblems(err))
		return
	}
	s.renderStatus(w, r, status, "error", s.errorPage(r, status, msg))
}

// errorPage is the page of an error in r's language. The messages of
// errors are English sentences that say where and why; a French or Spanish
// page says what happened in its language and keeps the English detail
// beside it, marked as English.
func (s *Server) errorPage(r *http.Request, status int, msg string) *errorPage {
	lang := langOf(r)
	code := strconv.Itoa(status)
	if lang == defaultLang {
		return &errorPage{Page: s.page(r, http.StatusText(status)), Status: status, Message: msg}
	}
	title, general := http.StatusText(status), msg
	if _, ok := messages[lang]["error.status."+code]; ok {
		title = translate(lang, "error.status."+code)
		general = translate(lang, "error.message."+code)
	}
	p := &errorPage{Page: s.page(r, title), Status: status, Message: general}
	if general != msg {
		p.Detail = msg
	}
	return p
}

// errorStatus returns the status of err and the message a person may read:
// an httpError's own, else by its lmo.Error code (the stores classify
// driver errors by code, never by text).
func errorStatus(err error) (int, string) {
	var he *httpError
	if errors.As(err, &he) {
		return he.status, he.msg
	}
	code := lmo.ErrorCode(err)
	if code == lmo.EUNAVAILABLE {
		return http.StatusServiceUnavailable, "The observatory's database is not answering. Please try again in a moment."
	}
	return statusOf[code], lmo.ErrorMessage(err)
}

// wantsJSON reports whether errors for r are problem documents: the API.
func wantsJSON(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/")
}

// errorPage is the page shown for an error.
type errorPage struct {
	Page
	Status  int
	Message string
	Detail  string // the English detail, on a page in another language
}

// problem is an RFC 9457 problem details document.
type problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`
	// Errors names the field of each problem of a record that failed
	// validation (an extension member, RFC 9457 3.2).
	Errors []lmo.FieldProblem `json:"errors,omitempty"`
}

// writeProblem writes an RFC 9457 problem document with the status and
// detail.
func writeProblem(w http.ResponseWriter, r *http.Request, status int, detail string) {
	writeProblemFields(w, r, status, detail, nil)
}

// writeProblemFields writes a problem document that names the field of
// each of fields, the problems of a validation (none: no errors member).
func writeProblemFields(w http.ResponseWriter, r *http.Request, status int, detail string, fields []lmo.FieldProblem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail,
		Instance: r.URL.EscapedPath(), Errors: fields})
}

// httpError is an HTTP status with the message a person reads: for the
// statuses that no lmo.Error code stands for (a refused cross-origin
// request, a failed precondition, an unsatisfiable range).
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return fmt.Sprintf("%d: %s", e.status, e.msg) }

// statusMessages are the messages of the error statuses that the standard
// library writes itself inside a handler (http.ServeContent).
var statusMessages = map[int]string{
	http.StatusPreconditionFailed:           "The resource has changed: it no longer matches If-Match or If-Unmodified-Since.",
	http.StatusRequestedRangeNotSatisfiable: "The requested range is not within the resource.",
}

// statusError returns the httpError of a status that a handler wrote
// itself.
func statusError(status int) *httpError {
	msg, ok := statusMessages[status]
	if !ok {
		msg = http.StatusText(status) + "."
	}
	return &httpError{status: status, msg: msg}
}

// errCrossOrigin answers what http.CrossOriginProtection refuses.
var errCrossOrigin = &httpError{status: http.StatusForbidden,
	msg: "A request from another site may not change anything here (cross-origin protection)."}

// crossOriginDenied is the deny handler of http.CrossOriginProtection: a
// problem document under /api/, the error page elsewhere.
func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, errCrossOrigin)
}

// errorCatcher stands between a handler and the response: an error status
// (400 or above) that the handler writes directly is held back with its
// body, for the adapter to answer in the site's own form; any other status
// passes through and commits the response.
type errorCatcher struct {
	http.ResponseWriter
	caught    int  // the error status held back, or 0
	committed bool // a non-error status or body has gone out
}

// WriteHeader holds back an error status and passes any other on.
func (c *errorCatcher) WriteHeader(status int) {
	switch {
	case c.caught != 0 || c.committed:
		return
	case status >= 400:
		c.caught = status
		return
	case status >= 200:
		c.committed = true
	}
	c.ResponseWriter.WriteHeader(status)
}

// Write drops the body of a held-back error and passes any other on.
func (c *errorCatcher) Write(b []byte) (int, error) {
	if c.caught != 0 {
		return len(b), nil
	}
	c.committed = true
	return c.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (c *errorCatcher) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// pastCatcher returns the writer beneath handle's errorCatcher, for a
// handler whose own answer to an error is a whole page (the search page with
// the form, the person's words and the message beside the field), which the
// catcher would otherwise replace with the bare error page.
func pastCatcher(w http.ResponseWriter) http.ResponseWriter {
	switch c := w.(type) {
	case *errorCatcher:
		return c.ResponseWriter
	case *responseRecorder: // the answer is being kept (respcache.go)
		return pastView{c}
	}
	return w
}

// unrouted answers what no route took: 405 with Allow when the path
// exists for other methods, 404 otherwise.
func (s *Server) unrouted(mux *http.ServeMux) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if allow := allowedMethods(mux, r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			list := allow[0]
			if last := len(allow) - 1; last > 0 {
				list = strings.Join(allow[:last], ", ") + " and " + allow[last]
			}
			return &httpError{status: http.StatusMethodNotAllowed, msg: "This address answers only " + list + "."}
		}
		return lmo.Errorf(lmo.ENOTFOUND, "There is no page at this address.")
	}
}

// allowedMethods lists the methods that some route serves at r's path
// (HEAD with GET), or none.
func allowedMethods(mux *http.ServeMux, r *http.Request) []string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern == "/" || pattern == "/api/" {
			continue
		}
		allow = append(allow, m)
		if m == http.MethodGet {
			allow = append(allow, http.MethodHead)
		}
	}
	return allow
}
