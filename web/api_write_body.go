package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// Request bodies of the write API: JSON only, at most maxBodyBytes
// (middleware.go), unknown fields refused by name.

// Media types the write API reads.
const (
	mediaJSON       = "application/json"
	mediaMergePatch = "application/merge-patch+json"
)

// readBody checks the request's Content-Type against the accepted media
// types (415 otherwise) and reads the body (413 past the limit). An empty
// body is read as empty when allowEmpty, whatever its Content-Type.
func readBody(w http.ResponseWriter, r *http.Request, allowEmpty bool, accepted ...string) ([]byte, error) {
	body, err := io.ReadAll(r.Body)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, &httpError{status: http.StatusRequestEntityTooLarge,
			msg: fmt.Sprintf("The body is larger than the %d bytes a write may send.", tooBig.Limit)}
	case err != nil:
		return nil, fmt.Errorf("read the body of %s %s: %w", r.Method, r.URL.Path, err)
	case len(body) == 0 && allowEmpty:
		return nil, nil
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	for _, a := range accepted {
		if mt == a {
			return body, nil
		}
	}
	if r.Method == http.MethodPatch {
		w.Header().Set("Accept-Patch", strings.Join(accepted, ", "))
	}
	return nil, &httpError{status: http.StatusUnsupportedMediaType,
		msg: fmt.Sprintf("The body must be sent as %s.", strings.Join(accepted, " or "))}
}

// decodeStrict decodes exactly one JSON value from body into v, refusing
// fields that v does not have; its errors are EINVALID and say what is
// wrong in the body's own terms.
func decodeStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bodyError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return lmo.Errorf(lmo.EINVALID, "The body holds more than one JSON value.")
	}
	return nil
}

// bodyError turns an error of encoding/json into a message for the
// person who sent the body.
func bodyError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return lmo.Errorf(lmo.EINVALID, "The body is not valid JSON (at byte %d).", syntax.Offset)
	case errors.As(err, &typ) && typ.Field != "":
		return lmo.Errorf(lmo.EINVALID, "The field %q must be %s, not %s.", typ.Field, jsonKind(typ.Type), typ.Value)
	case errors.As(err, &typ):
		return lmo.Errorf(lmo.EINVALID, "The body must be %s, not %s.", jsonKind(typ.Type), typ.Value)
	case errors.Is(err, io.EOF):
		return lmo.Errorf(lmo.EINVALID, "The body is empty: send a JSON object.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return lmo.Errorf(lmo.EINVALID, "The body ends before its JSON does.")
	}
	if lmo.ErrorCode(err) == lmo.EINVALID { // a value's own UnmarshalJSON (a date) said what is wrong
		return lmo.Errorf(lmo.EINVALID, "A value of the body is not valid: %s.", strings.TrimSuffix(lmo.ErrorMessage(err), "."))
	}
	// encoding/json has no type for an unknown field; its message is
	// `json: unknown field "name"`.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return lmo.Errorf(lmo.EINVALID, "Unknown field %s: there is no such field to write (id, version, created_at, updated_at and url are set by the server).", name)
	}
	return lmo.Errorf(lmo.EINVALID, "The body is not the JSON this address takes.")
}

// jsonKind names the JSON type that holds a Go type.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "an object"
}

// mergePatch applies an RFC 7396 JSON Merge Patch to target (both decoded
// with UseNumber): an object patch sets or (with null) removes each of its
// members, recursively; any other patch replaces the target.
func mergePatch(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = map[string]any{}
	}
	for k, v := range p {
		if v == nil {
			delete(t, k)
		} else {
			t[k] = mergePatch(t[k], v)
		}
	}
	return t
}

// decodeAny decodes one JSON value, keeping numbers as written.
func decodeAny(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, bodyError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, lmo.Errorf(lmo.EINVALID, "The body holds more than one JSON value.")
	}
	return v, nil
}
