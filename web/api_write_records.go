package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/lmo-observatory/lmo"
)

// What the write API does the same way for every kind of record in the
// editorial workflow (practices, agreements, projects): read one as the
// request's user may see it, serve it under its own ETag, answer a write
// with it, map a write that lost a race to 412. A kind says how a path
// names one of its records and how it reads (apiKind); the workflow
// actions and revisions (api_write_workflow.go) and the writes of the
// kinds addressed by slug (api_write_slug.go) are written once on it.

// apiKind is a kind of record in the API.
type apiKind interface {
	// kind is its lmo.Kind* (which is also how messages name a record).
	kind() string
	// locate reads the record r's path names, as r's user may see it.
	locate(r *http.Request) (*apiRecord, error)
	// reread reads record id as r's user may see it, after a write.
	reread(r *http.Request, id int64) (*apiRecord, error)
}

// apiRecord is one record as the API serves it.
type apiRecord struct {
	id       int64
	version  int
	status   string    // its review status
	tag      string    // its ETag, as served for the request
	location string    // its address in the API
	modified time.Time // its Last-Modified; zero when its document depends on more than the record
	personal bool      // read as a signed-in user sees it: never to be stored by caches
	doc      any       // its API document
}

// serveRecord answers a GET of rec: 304 for a current If-None-Match (or
// If-Modified-Since), else the document, under rec's ETag. Answers to a
// signed-in user may show what only they may see: never stored.
func serveRecord(w http.ResponseWriter, r *http.Request, rec *apiRecord) error {
	h := w.Header()
	h.Set("ETag", rec.tag)
	h.Set("Cache-Control", "no-cache")
	if rec.personal {
		h.Set("Cache-Control", "private, no-store")
	}
	if notModified(r, rec.tag, rec.modified) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	b, err := jsonBody(rec.doc)
	if err != nil {
		return err
	}
	h.Set("Content-Type", "application/json")
	http.ServeContent(w, r, "", rec.modified, bytes.NewReader(b))
	return nil
}

// answerRecord answers a write with the record as it now is: status, its
// ETag, never stored.
func answerRecord(w http.ResponseWriter, rec *apiRecord, status int) error {
	b, err := jsonBody(rec.doc)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("ETag", rec.tag)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, err = w.Write(b)
	return err
}

// rereadAfterWrite reads record id of k again after r wrote it.
func rereadAfterWrite(k apiKind, r *http.Request, id int64) (*apiRecord, error) {
	rec, err := k.reread(r, id)
	if err != nil {
		return nil, fmt.Errorf("read %s %d after writing it: %w", k.kind(), id, err)
	}
	return rec, nil
}

// conflictOf maps the ECONFLICT of a write to record id of k made at
// version: 412 when the record has moved past that version since the
// If-Match check (a race the store caught), err itself (409: a slug taken)
// otherwise.
func conflictOf(k apiKind, r *http.Request, id int64, version int, err error) error {
	if lmo.ErrorCode(err) != lmo.ECONFLICT {
		return err
	}
	now, ferr := k.reread(r, id)
	if ferr != nil || now.version != version {
		return errStale
	}
	return err
}

// mergeInput applies the JSON Merge Patch body (RFC 7396) to cur, the
// writable part of a record, and decodes the result strictly: a field the
// patch names that cur does not have is refused by name.
func mergeInput[I any](cur I, body []byte) (I, error) {
	var in I
	patch, err := decodeAny(body)
	if err != nil {
		return in, err
	}
	if _, ok := patch.(map[string]any); !ok {
		return in, lmo.Errorf(lmo.EINVALID, "A merge patch must be a JSON object of the fields to change.")
	}
	base, err := json.Marshal(cur)
	if err != nil {
		return in, fmt.Errorf("encode the record to patch: %w", err)
	}
	target, err := decodeAny(base)
	if err != nil {
		return in, fmt.Errorf("decode the record to patch: %w", err)
	}
	merged, err := json.Marshal(mergePatch(target, patch))
	if err != nil {
		return in, fmt.Errorf("encode the patched record: %w", err)
	}
	err = decodeStrict(merged, &in)
	return in, err
}
