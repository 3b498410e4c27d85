package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// jsonArray streams the items of a JSON array, each an object decoded
// strictly (unknown fields are errors) into a new T; noun names one item in
// messages ("practice"). The sequence reads r once.
func jsonArray[T any](r io.Reader, noun string) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		a := newArrayReader[T](r, noun)
		if err := a.open(); err != nil {
			yield(nil, err)
			return
		}
		for item := 1; ; item++ {
			v, err := a.next(item)
			if err != nil {
				yield(nil, err)
				return
			}
			if v == nil || !yield(v, nil) {
				return
			}
		}
	}
}

// arrayReader is the state of one pass over a JSON array.
type arrayReader[T any] struct {
	t    *tracker
	dec  *json.Decoder
	noun string
}

func newArrayReader[T any](r io.Reader, noun string) *arrayReader[T] {
	t := newTracker(skipBOM(r))
	dec := json.NewDecoder(t)
	dec.DisallowUnknownFields()
	return &arrayReader[T]{t: t, dec: dec, noun: noun}
}

// open reads the opening bracket of the array.
func (a *arrayReader[T]) open() error {
	tok, err := a.dec.Token()
	if err == nil && tok == json.Delim('[') {
		return nil
	}
	if a.t.readErr(err) {
		return fmt.Errorf("read: %w", err)
	}
	at := a.t.skipSpace(0)
	if at == a.t.end() {
		return a.errAt(0, at, "the file is empty: want a JSON array of %ss", a.noun)
	}
	if k := kind(a.t.byteAt(at)); k != "" {
		return a.errAt(0, at, "want a JSON array of %ss, not %s", a.noun, k)
	}
	return a.errAt(0, at, "%s", syntaxMessage(err))
}

// next decodes the item-th item (from 1). It returns nil and no error after
// the last item, once the array is closed and nothing but white space follows.
func (a *arrayReader[T]) next(item int) (*T, error) {
	prevEnd := a.dec.InputOffset()
	a.t.forget(prevEnd)
	if !a.dec.More() {
		return nil, a.close(item, prevEnd)
	}
	base := a.t.skipSpace(prevEnd)
	if item > 1 {
		if a.t.byteAt(base) != ',' {
			return nil, a.errAt(0, base, "want ',' or ']' after item %d, not %s", item-1, a.charAt(base))
		}
		base++ // the decoder reads the item from just after the comma
	}
	var v *T
	err := a.dec.Decode(&v)
	if err == nil && v == nil {
		err = &json.UnmarshalTypeError{Value: "null"}
	}
	if err != nil {
		return nil, a.itemError(item, base, err)
	}
	return v, nil
}

// close reads the closing bracket and checks that only white space follows.
func (a *arrayReader[T]) close(item int, prevEnd int64) error {
	tok, err := a.dec.Token()
	if a.t.readErr(err) {
		return fmt.Errorf("read: %w", err)
	}
	at := a.t.skipSpace(prevEnd)
	if err == io.EOF || at == a.t.end() {
		return a.errAt(0, at, "unexpected end of file: the array is not closed")
	}
	if err != nil || tok != json.Delim(']') {
		return a.errAt(0, at, "want ',' or ']' after item %d, not %s", item-1, a.charAt(at))
	}
	at, more, err := a.t.nonSpaceAfter(a.dec.InputOffset())
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	if more {
		return a.errAt(0, at, "unexpected %s after the end of the array", a.charAt(at))
	}
	return nil
}

// itemError places an error from decoding the item that the decoder began
// reading at offset base.
func (a *arrayReader[T]) itemError(item int, base int64, err error) error {
	start := a.t.skipSpace(base)
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case a.t.readErr(err):
		return fmt.Errorf("read item %d: %w", item, err)
	case start == a.t.end() && (err == io.EOF || err == io.ErrUnexpectedEOF):
		return a.errAt(0, start, "unexpected end of file: want an item after ','")
	case err == io.ErrUnexpectedEOF:
		return a.errAt(item, a.t.end(), "unexpected end of file in the middle of item %d", item)
	case errors.As(err, &syn):
		// The decoder's offsets count only what it decoded as whole values,
		// so the item is scanned again on its own to place the fault.
		return a.errAt(item, base+syntaxOffset(a.t.bytes(base)), "%s", syntaxMessage(syn))
	case errors.As(err, &typ) && typ.Field == "":
		return a.errAt(item, start, "%s is not a %s: each item must be a JSON object", kind(a.t.byteAt(start)), a.noun)
	case errors.As(err, &typ):
		at := base + int64(valueStart(a.t.bytes(base), int(typ.Offset)))
		return a.errAt(item, at, "%q must be %s, not %s", typ.Field, want(typ.Type), got(typ.Value))
	}
	if key, ok := unknownFieldKey(err); ok {
		b := a.t.bytes(start)[:a.dec.InputOffset()-start]
		if off, path := unknownField(b, reflect.TypeFor[T](), key); off >= 0 {
			return a.errAt(item, start+int64(off), "unknown field %q", path)
		}
		return a.errAt(item, start, "unknown field %q", key)
	}
	return &Error{Where: a.where(item, start), Err: err}
}

// errAt returns an *Error at offset off, in the item-th item if item > 0.
func (a *arrayReader[T]) errAt(item int, off int64, format string, args ...any) *Error {
	return errorf(a.where(item, off), format, args...)
}

// where names offset off for a person: "item 3 (line 40, column 5)".
func (a *arrayReader[T]) where(item int, off int64) string {
	line, col := a.t.pos(off)
	if item > 0 {
		return fmt.Sprintf("item %d (line %d, column %d)", item, line, col)
	}
	return fmt.Sprintf("line %d, column %d", line, col)
}

// syntaxOffset returns the offset in b of the byte at which the first JSON
// value in b turns out to be malformed.
func syntaxOffset(b []byte) int64 {
	var raw json.RawMessage
	var syn *json.SyntaxError
	if err := json.NewDecoder(bytes.NewReader(b)).Decode(&raw); errors.As(err, &syn) && syn.Offset > 0 {
		return syn.Offset - 1
	}
	return 0
}

// syntaxMessage is the decoder's description of a syntax error, without the
// package prefix it adds to some.
func syntaxMessage(err error) string {
	if err == nil {
		return "not JSON"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// unknownFieldKey returns the key of the decoder's unknown-field error.
func unknownFieldKey(err error) (string, bool) {
	q, ok := strings.CutPrefix(err.Error(), "json: unknown field ")
	if !ok {
		return "", false
	}
	key, err := strconv.Unquote(q)
	return key, err == nil
}

// kind names the JSON value that begins with c, or returns "" if none does.
func kind(c byte) string {
	switch {
	case c == '{':
		return "an object"
	case c == '[':
		return "an array"
	case c == '"':
		return "a string"
	case c == 'n':
		return "null"
	case c == 't' || c == 'f':
		return "a boolean"
	case c == '-' || '0' <= c && c <= '9':
		return "a number"
	}
	return ""
}

// got names the value of an UnmarshalTypeError ("number 1.5" is the number).
func got(value string) string {
	if n, ok := strings.CutPrefix(value, "number "); ok {
		return n
	}
	switch value {
	case "bool":
		return "a boolean"
	case "object", "array":
		return "an " + value
	}
	return "a " + value
}

// want names what a Go type accepts in JSON.
func want(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return t.String()
}

// charAt shows the character at offset off in a message. It may read on,
// so the decoder must not read after it.
func (a *arrayReader[T]) charAt(off int64) string {
	if off >= a.t.end() {
		return "the end of the file"
	}
	a.t.fill(off, utf8.UTFMax) // a character read in pieces is whole
	r, _ := utf8.DecodeRune(a.t.bytes(off))
	return strconv.QuoteRune(r)
}
