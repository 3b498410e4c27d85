package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"

	"github.com/lmo-observatory/lmo"
)

// MaxDirectoryBytes bounds the file that Directory reads: a directory of
// organisations and projects is small (the starter's is tens of kilobytes),
// so it is read whole.
const MaxDirectoryBytes = 32 << 20

// Directory reads the import format of projects and organisations: one JSON
// object {"organisations": [...], "projects": [...]} whose items are
// lmo.Organisation and lmo.Project objects under their JSON names (either
// list may be left out; the JSON download of /projects is one). Unknown
// fields are errors, and a UTF-8 byte order mark at the start is skipped.
// Every error for bad input is an *Error naming the item, with its slug
// where it has one, and the line and column: "project 3 (gap-mdw), line
// 40, column 5: unknown field "titel"". It checks shape, not meaning
// (references and vocabularies are the store's to check).
func Directory(r io.Reader) (lmo.Directory, error) {
	b, err := io.ReadAll(io.LimitReader(skipBOM(r), MaxDirectoryBytes+1))
	if err != nil {
		return lmo.Directory{}, fmt.Errorf("read: %w", err)
	}
	if len(b) > MaxDirectoryBytes {
		return lmo.Directory{}, errorf("", "the file is larger than %d MiB", MaxDirectoryBytes>>20)
	}
	d := &directoryReader{b: b, dec: json.NewDecoder(bytes.NewReader(b))}
	dir := lmo.Directory{Organisations: []*lmo.Organisation{}, Projects: []*lmo.Project{}}
	if err := d.read(&dir); err != nil {
		return lmo.Directory{}, err
	}
	return dir, nil
}

// directoryReader is the state of one reading of a directory file.
type directoryReader struct {
	b   []byte
	dec *json.Decoder
}

// read reads the whole object into dir.
func (d *directoryReader) read(dir *lmo.Directory) error {
	start := d.space(0)
	if start == len(d.b) {
		return d.errAt("", start, "the file is empty: want a JSON object with organisations and projects")
	}
	if tok, err := d.dec.Token(); err != nil || tok != json.Delim('{') {
		return d.errAt("", start, "want a JSON object with organisations and projects, not %s", d.what(start))
	}
	seen := map[string]bool{}
	for d.dec.More() {
		at := d.space(int(d.dec.InputOffset()))
		if at < len(d.b) && d.b[at] == ',' {
			at = d.space(at + 1)
		}
		tok, err := d.dec.Token()
		if err != nil {
			return d.syntax(at, err)
		}
		key, _ := tok.(string)
		if seen[key] {
			return d.errAt("", at, "%q appears twice", key)
		}
		seen[key] = true
		switch key {
		case "organisations":
			dir.Organisations, err = readList[lmo.Organisation](d, "organisation")
		case "projects":
			dir.Projects, err = readList[lmo.Project](d, "project")
		default:
			err = d.errAt("", at, "unknown field %q: want organisations and projects", key)
		}
		if err != nil {
			return err
		}
	}
	end := d.space(int(d.dec.InputOffset()))
	if _, err := d.dec.Token(); err != nil {
		return d.syntax(end, err)
	}
	if after := d.space(int(d.dec.InputOffset())); after < len(d.b) {
		return d.errAt("", after, "unexpected %s after the end of the object", d.what(after))
	}
	return nil
}

// readList reads the array of one list, each item strictly into a T.
func readList[T any](d *directoryReader, noun string) ([]*T, error) {
	open := d.space(int(d.dec.InputOffset()))
	if open < len(d.b) && d.b[open] == ':' {
		open = d.space(open + 1)
	}
	if tok, err := d.dec.Token(); err != nil || tok != json.Delim('[') {
		if err != nil {
			return nil, d.syntax(open, err)
		}
		return nil, d.errAt("", open, "%ss must be an array, not %s", noun, d.what(open))
	}
	out := []*T{}
	for item := 1; d.dec.More(); item++ {
		at := d.space(int(d.dec.InputOffset()))
		if item > 1 && at < len(d.b) && d.b[at] == ',' {
			at = d.space(at + 1)
		}
		var raw json.RawMessage
		if err := d.dec.Decode(&raw); err != nil {
			return nil, d.syntax(at, err)
		}
		v, err := decodeItem[T](d, raw, at, fmt.Sprintf("%s %d", noun, item), noun)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	closeAt := d.space(int(d.dec.InputOffset()))
	if _, err := d.dec.Token(); err != nil {
		return nil, d.syntax(closeAt, err)
	}
	return out, nil
}

// decodeItem decodes raw, which begins at offset at, strictly into a T;
// name says which item it is.
func decodeItem[T any](d *directoryReader, raw json.RawMessage, at int, name, noun string) (*T, error) {
	if len(raw) == 0 || raw[0] != '{' {
		return nil, d.errAt(name, at, "%s is not %s: each item must be a JSON object", d.what(at), article(noun))
	}
	var slug struct {
		Slug string `json:"slug"`
	}
	if json.Unmarshal(raw, &slug) == nil && slug.Slug != "" {
		name += " (" + slug.Slug + ")"
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	v := new(T)
	err := dec.Decode(v)
	if err == nil {
		return v, nil
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return nil, d.errAt(name, at+valueStart(raw, int(typ.Offset)), "%q must be %s, not %s", typ.Field, want(typ.Type), got(typ.Value))
	}
	if key, ok := unknownFieldKey(err); ok {
		if off, path := unknownField(raw, reflect.TypeFor[T](), key); off >= 0 {
			return nil, d.errAt(name, at+off, "unknown field %q", path)
		}
		return nil, d.errAt(name, at, "unknown field %q", key)
	}
	return nil, d.errAt(name, at, "%s", syntaxMessage(err))
}

// article returns noun with its indefinite article.
func article(noun string) string {
	if noun != "" && bytes.ContainsRune([]byte("aeiou"), rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

// syntax places a syntax error of the decoder at or after offset at.
func (d *directoryReader) syntax(at int, err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return d.errAt("", len(d.b), "unexpected end of file")
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return d.errAt("", at+int(syntaxOffset(d.b[at:])), "%s", syntaxMessage(syn))
	}
	return d.errAt("", at, "%s", syntaxMessage(err))
}

// space returns the offset of the first byte from off that is not white
// space.
func (d *directoryReader) space(off int) int {
	for off < len(d.b) && isSpace(d.b[off]) {
		off++
	}
	return off
}

// what names the JSON value at offset off.
func (d *directoryReader) what(off int) string {
	if off >= len(d.b) {
		return "the end of the file"
	}
	if k := kind(d.b[off]); k != "" {
		return k
	}
	return fmt.Sprintf("%q", d.b[off:off+1])
}

// errAt returns an *Error at offset off in item (or in the file when item
// is "").
func (d *directoryReader) errAt(item string, off int, format string, args ...any) *Error {
	line, col := advance(1, 1, d.b[:min(off, len(d.b))])
	where := fmt.Sprintf("line %d, column %d", line, col)
	if item != "" {
		where = item + ", " + where
	}
	return errorf(where, format, args...)
}
