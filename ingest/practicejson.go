package ingest

import (
	"io"
	"iter"

	"github.com/lmo-observatory/lmo"
)

// PracticesJSON streams the practices of the import format: the JSON array
// of practice objects that lmo export writes and lmo import reads
// (starter/practices.json is one). It decodes one practice at a time, as the
// Practice type's JSON names say, with unknown fields as errors, and accepts
// a UTF-8 byte order mark at the start. It yields an *Error naming the item,
// line and column for a file that is empty, is not an array, holds an item
// that is not an object (null included), is not well-formed JSON, or has
// anything but white space after the array; the sequence stops after an
// error. It does not validate practices against vocabularies or countries
// (the store does) and sets nothing the file does not say. It reads r once.
func PracticesJSON(r io.Reader) iter.Seq2[*lmo.Practice, error] {
	return jsonArray[lmo.Practice](r, "practice")
}
