package ingest

import (
	"bytes"
	"errors"
	"io"
	"unicode/utf8"
)

// tracker is the reader a decoder reads through. It keeps the bytes read
// since the last call to forget, so that an input offset at or after that
// point turns into a line and a column, and the bytes of the current record
// can be read again to place an error. Memory holds one record and the
// decoder's read-ahead, whatever the size of the file.
type tracker struct {
	r     io.Reader
	buf   []byte // buf[start:] is the input from offset base on
	start int
	base  int64
	line  int   // line of base, from 1
	col   int   // column of base in characters, from 1
	err   error // the first read error other than io.EOF
	eof   bool
	empty int // reads in a row that returned nothing and no error
}

func newTracker(r io.Reader) *tracker {
	return &tracker{r: r, line: 1, col: 1}
}

// Read reads from the underlying reader and keeps what it read.
func (t *tracker) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.buf = append(t.buf, p[:n]...)
	if n == 0 && err == nil && len(p) > 0 {
		if t.empty++; t.empty >= 100 {
			err = io.ErrNoProgress
		}
	} else {
		t.empty = 0
	}
	switch {
	case err == io.EOF:
		t.eof = true
	case err != nil && t.err == nil:
		t.err = err
	}
	return n, err
}

// readErr reports whether err is (or wraps) a read error of the underlying
// reader rather than a fault in the input.
func (t *tracker) readErr(err error) bool {
	return t.err != nil && errors.Is(err, t.err)
}

// end is the offset just past the last byte read.
func (t *tracker) end() int64 { return t.base + int64(len(t.buf)-t.start) }

// bytes returns the input from offset from (at or after the last forget) to
// the last byte read.
func (t *tracker) bytes(from int64) []byte {
	from = max(from, t.base)
	return t.buf[t.start+int(from-t.base):]
}

// byteAt returns the byte at offset off, or 0 if it has not been read.
func (t *tracker) byteAt(off int64) byte {
	if b := t.bytes(off); len(b) > 0 {
		return b[0]
	}
	return 0
}

// skipSpace returns the offset of the first byte read at or after off that
// is not JSON white space, or end() if there is none yet.
func (t *tracker) skipSpace(off int64) int64 {
	b := t.bytes(off)
	i := 0
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return max(off, t.base) + int64(i)
}

// forget drops the bytes before offset off; positions before it are no
// longer asked for. The buffer is compacted when more than half of it has
// been dropped, so each byte is copied a bounded number of times.
func (t *tracker) forget(off int64) {
	k := int(off - t.base)
	if k <= 0 {
		return
	}
	t.line, t.col = advance(t.line, t.col, t.buf[t.start:t.start+k])
	t.start += k
	t.base = off
	if t.start > len(t.buf)/2 {
		n := copy(t.buf, t.buf[t.start:])
		t.buf, t.start = t.buf[:n], 0
	}
}

// pos returns the line and column (both from 1, the column in characters) of
// offset off, which is at or after the last forget.
func (t *tracker) pos(off int64) (line, col int) {
	k := min(int(max(off, t.base)-t.base), len(t.buf)-t.start)
	return advance(t.line, t.col, t.buf[t.start:t.start+k])
}

// advance returns the position after reading b from line and col.
func advance(line, col int, b []byte) (int, int) {
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		line += bytes.Count(b, []byte{'\n'})
		col = 1
		b = b[i+1:]
	}
	return line, col + utf8.RuneCount(b)
}

// nonSpaceAfter reads on from offset off (after the decoder is done) to the
// first byte that is not white space, and returns its offset; ok is false at
// the end of the input. White space read on the way is forgotten.
func (t *tracker) nonSpaceAfter(off int64) (at int64, ok bool, err error) {
	var chunk [512]byte
	for {
		t.forget(off)
		if off = t.skipSpace(off); off < t.end() {
			return off, true, nil
		}
		if t.eof {
			return off, false, nil
		}
		if _, err := t.Read(chunk[:]); err != nil && err != io.EOF {
			return off, false, err
		}
	}
}

// fill reads on until n bytes from offset off have been read, or the input
// ends or fails.
func (t *tracker) fill(off int64, n int) {
	var chunk [utf8.UTFMax]byte
	for !t.eof && t.err == nil && t.end()-off < int64(n) {
		if _, err := t.Read(chunk[:]); err != nil && err != io.EOF {
			return
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

var bom = []byte{0xEF, 0xBB, 0xBF}

// skipBOM returns r without a UTF-8 byte order mark at its start.
func skipBOM(r io.Reader) io.Reader {
	head := make([]byte, len(bom))
	n, err := io.ReadFull(r, head)
	if n == len(bom) && bytes.Equal(head, bom) {
		return r
	}
	switch err {
	case nil:
		return io.MultiReader(bytes.NewReader(head[:n]), r)
	case io.EOF, io.ErrUnexpectedEOF:
		return bytes.NewReader(head[:n])
	}
	return io.MultiReader(bytes.NewReader(head[:n]), errReader{err})
}

// errReader fails every read with err.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
