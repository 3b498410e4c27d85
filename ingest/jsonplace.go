package ingest

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
)

// unknownField finds in b, one JSON value decoded into a t, the first key in
// document order that is named key and that no field of the struct it
// belongs to declares: the key that encoding/json reports as unknown. It
// returns the key's offset in b and its path ("countries.rol"), or -1 when it
// cannot tell (a key spelled with escapes, a field of an embedded struct).
func unknownField(b []byte, t reflect.Type, key string) (int, string) {
	w := &keyWalker{dec: json.NewDecoder(bytes.NewReader(b)), b: b, key: key, off: -1}
	w.value(t, "")
	return w.off, w.path
}

// keyWalker walks a JSON value's tokens beside the Go type it decodes into.
type keyWalker struct {
	dec  *json.Decoder
	b    []byte
	key  string
	off  int // where the key was found, or -1
	path string
}

// value walks one value decoded into t (nil when unknown) at path; it
// returns false once the key is found or the input ends.
func (w *keyWalker) value(t reflect.Type, path string) bool {
	tok, err := w.dec.Token()
	if err != nil {
		return false
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch tok {
	case json.Delim('['):
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for w.dec.More() {
			if !w.value(elem, path) {
				return false
			}
		}
	case json.Delim('{'):
		if !w.object(t, path) {
			return false
		}
	default:
		return true
	}
	_, err = w.dec.Token() // the closing delimiter
	return err == nil
}

// object walks the members of an object decoded into t.
func (w *keyWalker) object(t reflect.Type, path string) bool {
	for w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			return false
		}
		name, _ := tok.(string)
		sub := name
		if path != "" {
			sub = path + "." + name
		}
		ft, known := fieldType(t, name)
		if !known && name == w.key {
			end := int(w.dec.InputOffset())
			if w.b[end-1] == '"' && bytes.Equal(w.b[stringStart(w.b, end)+1:end-1], []byte(name)) {
				w.off, w.path = stringStart(w.b, end), sub
			}
			return false
		}
		if !w.value(ft, sub) {
			return false
		}
	}
	return true
}

var unmarshaler = reflect.TypeFor[json.Unmarshaler]()

// fieldType returns the type that the member name of an object decoded into
// t decodes into (nil if it cannot tell), and whether t accepts the member.
// Names match as encoding/json matches them: exactly, or else ignoring case.
func fieldType(t reflect.Type, name string) (reflect.Type, bool) {
	switch {
	case t == nil || reflect.PointerTo(t).Implements(unmarshaler):
		return nil, true
	case t.Kind() == reflect.Map:
		return t.Elem(), true
	case t.Kind() != reflect.Struct:
		return nil, true
	}
	var folded reflect.Type
	for f := range t.Fields() {
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || f.Anonymous || tag == "-" {
			continue
		}
		if tag == "" {
			tag = f.Name
		}
		if tag == name {
			return f.Type, true
		}
		if folded == nil && strings.EqualFold(tag, name) {
			folded = f.Type
		}
	}
	return folded, folded != nil
}

// stringStart returns the offset of the opening quote of the JSON string
// whose closing quote is at end-1. Inside a string every quote is escaped,
// so it is the nearest quote before that is not preceded by an odd number of
// backslashes.
func stringStart(b []byte, end int) int {
	for i := end - 2; i >= 0; i-- {
		if b[i] == '"' && !escaped(b, i) {
			return i
		}
	}
	return 0
}

func escaped(b []byte, i int) bool {
	n := 0
	for i--; i >= 0 && b[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// valueStart returns the offset in b of the value at which an
// UnmarshalTypeError with offset end points: encoding/json gives the offset
// just past an opening bracket, or just past a string or other literal.
func valueStart(b []byte, end int) int {
	if end <= 0 || end > len(b) {
		return 0
	}
	switch b[end-1] {
	case '{', '[':
		return end - 1
	case '"':
		return stringStart(b, end)
	}
	i := end
	for i > 0 && isLiteral(b[i-1]) {
		i--
	}
	return i
}

func isLiteral(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'E'
}
