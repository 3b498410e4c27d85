package web

import (
	"context"
	"net/http"
	"time"

	"github.com/lmo-observatory/lmo"
)

// The write API of every kind of record in the workflow, written once:
// GET of one record, POST to the collection, PUT and PATCH (RFC 7396) of a
// record, for a signed-in user, with JSON bodies and If-Match carrying the
// record's own ETag on every change (428 without, 412 stale). Practices
// are addressed by id, agreements and projects by slug, as their reads and
// pages are; a change of slug moves the record, so every write answers
// with the record's address (Location), and the old one is 404 from then
// on.

// recordAPI is the API of one kind of record: T the record, I the
// document a client writes (T's writable fields).
type recordAPI[T any, I any] struct {
	s         *Server
	kindName  string // lmo.KindPractice, ...
	tagPrefix string // of its ETags (api_write_etag.go)

	find    func(r *http.Request) (*T, error)               // the record r's path names, as r's user may see it
	findID  func(ctx context.Context, id int64) (*T, error) // as the user of ctx may see it
	address func(t *T) string                               // its path in the API
	create  func(ctx context.Context, t *T, note string) error
	update  func(ctx context.Context, t *T, note string) error

	meta     func(t *T) recordMeta                            // t's identity and place in the workflow
	identify func(t *T, id int64, version int, status string) // sets what meta reads
	record   func(in *I) *T                                   // the record in describes, with the review status it asks for
	input    func(t *T) I                                     // t's writable fields
	// document is t's API document for r, and what besides t it depends
	// on (for its ETag).
	document func(r *http.Request, t *T) (doc any, extra string, err error)
}

// recordMeta is what the API needs to know of any record.
type recordMeta struct {
	ID      int64
	Version int
	Status  string // its review status
	// Modified is when its document last changed; zero when the document
	// depends on more than the record.
	Modified time.Time
}

func (k *recordAPI[T, I]) kind() string { return k.kindName }

// locate reads the record r's path names.
func (k *recordAPI[T, I]) locate(r *http.Request) (*apiRecord, error) {
	_, rec, err := k.current(r)
	return rec, err
}

// reread reads record id.
func (k *recordAPI[T, I]) reread(r *http.Request, id int64) (*apiRecord, error) {
	t, err := k.findID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return k.recordOf(r, t)
}

// current reads the record r's path names: published for anyone; in any
// review status for its owner and editors.
func (k *recordAPI[T, I]) current(r *http.Request) (*T, *apiRecord, error) {
	t, err := k.find(r)
	if err != nil {
		return nil, nil, err
	}
	rec, err := k.recordOf(r, t)
	return t, rec, err
}

// recordOf is t as served for r.
func (k *recordAPI[T, I]) recordOf(r *http.Request, t *T) (*apiRecord, error) {
	m := k.meta(t)
	doc, extra, err := k.document(r, t)
	if err != nil {
		return nil, err
	}
	return &apiRecord{id: m.ID, version: m.Version, status: m.Status, tag: k.s.recordTag(r, k.tagPrefix, m.ID, m.Version, extra),
		location: k.s.baseURL(r) + k.address(t), modified: m.Modified,
		personal: lmo.UserFromContext(r.Context()) != nil, doc: doc}, nil
}

// get serves the record r's path names under its own ETag.
func (k *recordAPI[T, I]) get(w http.ResponseWriter, r *http.Request) error {
	_, rec, err := k.current(r)
	if err != nil {
		return err
	}
	return serveRecord(w, r, rec)
}

// post creates a record from the body: 201 with its address, ETag and
// document. A contributor's is submitted for review (or kept as a draft
// when review_status says "draft"); an editor's takes the review_status
// given, submitted when none is.
func (k *recordAPI[T, I]) post(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r, false, mediaJSON)
	if err != nil {
		return err
	}
	var in I
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	t := k.record(&in)
	if k.meta(t).Status == "" {
		k.identify(t, 0, 0, lmo.ReviewSubmitted)
	}
	if err := k.create(r.Context(), t, "Created through the API."); err != nil {
		return err
	}
	return k.answer(w, r, k.meta(t).ID, http.StatusCreated)
}

// put replaces the record with the body: fields left out are emptied.
func (k *recordAPI[T, I]) put(w http.ResponseWriter, r *http.Request) error {
	return k.write(w, r, []string{mediaJSON}, "Replaced through the API.", func(_ *T, body []byte) (*T, error) {
		var in I
		if err := decodeStrict(body, &in); err != nil {
			return nil, err
		}
		return k.record(&in), nil
	})
}

// patch changes the fields the body, a JSON Merge Patch, names: members
// set a field, null empties it.
func (k *recordAPI[T, I]) patch(w http.ResponseWriter, r *http.Request) error {
	return k.write(w, r, []string{mediaMergePatch, mediaJSON}, "Changed through the API.", func(cur *T, body []byte) (*T, error) {
		in, err := mergeInput(k.input(cur), body)
		if err != nil {
			return nil, err
		}
		return k.record(&in), nil
	})
}

// write is what PUT and PATCH share: the precondition (428, 412), the
// body (415, 400), build's new content for the current record, the write
// at the matched version, and the record as it now is, with its new ETag
// and address.
func (k *recordAPI[T, I]) write(w http.ResponseWriter, r *http.Request, media []string, note string,
	build func(cur *T, body []byte) (*T, error)) error {
	if len(r.Header.Values("If-Match")) == 0 {
		return errNoIfMatch
	}
	body, err := readBody(w, r, false, media...)
	if err != nil {
		return err
	}
	cur, rec, err := k.current(r)
	if err != nil {
		return err
	}
	if err := checkIfMatch(r, rec.tag); err != nil {
		return err
	}
	t, err := build(cur, body)
	if err != nil {
		return err
	}
	if status := k.meta(t).Status; status != "" && status != rec.status {
		return lmo.Errorf(lmo.EINVALID, "The review status (%s) changes only through the workflow actions: POST %s/{action}.", rec.status, rec.location)
	}
	k.identify(t, rec.id, rec.version, rec.status)
	if err := k.update(r.Context(), t, note); err != nil {
		return conflictOf(k, r, rec.id, rec.version, err)
	}
	return k.answer(w, r, rec.id, http.StatusOK)
}

// answer answers a write of record id with the record as it now is and
// its address, which a change of slug moves.
func (k *recordAPI[T, I]) answer(w http.ResponseWriter, r *http.Request, id int64, status int) error {
	rec, err := rereadAfterWrite(k, r, id)
	if err != nil {
		return err
	}
	w.Header().Set("Location", rec.location)
	return answerRecord(w, rec, status)
}
