package web

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

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
	lmo.EINTERNAL:     http.StatusInternalServerError,
}

// handle adapts a handlerFunc: an error becomes a problem JSON document under
// /api/ and an HTML page elsewhere.
func (s *Server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// writeError logs err when it is internal and writes the user-safe form.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := lmo.ErrorCode(err) // the stores classify driver errors by code, never by text
	status := statusOf[code]
	if errors.Is(err, errMethod) {
		code, status, err = lmo.EINVALID, http.StatusMethodNotAllowed, lmo.Errorf(lmo.EINVALID, "This address answers only GET and HEAD.")
	}
	if code == lmo.EINTERNAL || code == lmo.EUNAVAILABLE {
		s.log.Error("request failed", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("error", err))
	}
	msg := lmo.ErrorMessage(err)
	if code == lmo.EUNAVAILABLE {
		msg = "The observatory's database is not answering. Please try again in a moment."
		w.Header().Set("Retry-After", "5")
	}
	w.Header().Del("ETag")
	w.Header().Del("Last-Modified")
	if wantsJSON(r) {
		writeProblem(w, r, status, msg)
		return
	}
	s.renderStatus(w, r, status, "error", &errorPage{Page: s.page(r, http.StatusText(status)), Status: status, Message: msg})
}

func wantsJSON(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/")
}

// errorPage is the page shown for an error.
type errorPage struct {
	Page
	Status  int
	Message string
}

// problem is an RFC 9457 problem details document.
type problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`
}

func writeProblem(w http.ResponseWriter, r *http.Request, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail, Instance: r.URL.Path})
}

// errMethod is the error for a known path asked with a method it does not
// serve.
var errMethod = errors.New("method not allowed")

// unrouted answers what no route took: 405 with Allow when the path exists
// for GET, 404 otherwise.
func (s *Server) unrouted(mux *http.ServeMux) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			probe := r.Clone(r.Context())
			probe.Method = http.MethodGet
			if _, pattern := mux.Handler(probe); pattern != "/" && pattern != "/api/" {
				w.Header().Set("Allow", "GET, HEAD")
				return errMethod
			}
		}
		return lmo.Errorf(lmo.ENOTFOUND, "There is no page at this address.")
	}
}
