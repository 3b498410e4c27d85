package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
)

// statusClientClosed is the status logged and counted for a request whose
// client went away before its response was complete (nginx's 499, "client
// closed request"). It is never sent: there is nobody to send it to.
const statusClientClosed = 499

// statusRecorder remembers what became of a response: its status and size,
// and whether it was lost (the client went away) or abandoned after it
// started (the handler failed half-way).
type statusRecorder struct {
	http.ResponseWriter
	status   int
	bytes    int
	writeErr error // the first failed write: the client cannot receive the rest
	gone     bool  // the handler stopped because the client went away
	aborted  int   // the status of an error that came after the response started
}

// WriteHeader records the first status and passes it on.
func (r *statusRecorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

// Write records the size written and the first failed write.
func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	if err != nil && r.writeErr == nil {
		r.writeErr = err
	}
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// outcome is the status that the log and the metrics give the request:
// 499 when the client went away (a cancelled request, or a write that
// failed: a closed connection, or one too slow to take the response within
// the server's write timeout), the error's status when the response was
// abandoned after it started, 200 when the handler wrote nothing (net/http
// sends 200), else the status sent.
func (r *statusRecorder) outcome() int {
	switch {
	case r.gone || r.writeErr != nil:
		return statusClientClosed
	case r.aborted != 0:
		return r.aborted
	case r.status == 0:
		return http.StatusOK
	}
	return r.status
}

// recorderOf finds the statusRecorder under w, or nil.
func recorderOf(w http.ResponseWriter) *statusRecorder {
	for w != nil {
		if rec, ok := w.(*statusRecorder); ok {
			return rec
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return nil
		}
		w = u.Unwrap()
	}
	return nil
}

// clientGone reports whether the client of r has gone away: its request was
// cancelled (net/http cancels it when the connection closes, whatever layer
// then reports it: context.Canceled from the store, a driver's "interrupted",
// a failed query) or a write of the response failed.
func clientGone(r *http.Request, rec *statusRecorder) bool {
	return errors.Is(r.Context().Err(), context.Canceled) || rec != nil && rec.writeErr != nil
}

// unsendable deals with an error that must not be written as an error
// response and reports whether err was one; committed says that the
// handler has sent a status or body (handle's errorCatcher knows it
// without the recorder too). When the client has gone,
// nothing is written or logged as an error: the request is recorded as 499.
// When the response has already started (a streamed export that fails
// half-way), its status and part of its body are sent and an error page
// would be appended to them: the error is logged and the connection broken
// (http.ErrAbortHandler), so that the client sees an incomplete response
// instead of taking a short one for whole; it does not return then.
func (s *Server) unsendable(w http.ResponseWriter, r *http.Request, err error, committed bool) bool {
	rec := recorderOf(w)
	if clientGone(r, rec) {
		if rec != nil {
			rec.gone = true
		}
		return true
	}
	if !committed && (rec == nil || rec.status == 0) {
		return false
	}
	status, _ := errorStatus(err)
	level := slog.LevelWarn
	if status >= http.StatusInternalServerError {
		level = slog.LevelError
	}
	s.log.LogAttrs(r.Context(), level, "response failed after it started", slog.String("method", r.Method),
		slog.String("path", r.URL.Path), slog.Any("error", err))
	if rec != nil {
		rec.aborted = status
	}
	panic(http.ErrAbortHandler)
}
