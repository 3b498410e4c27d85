package web

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"iter"
	"net/http"
	"slices"
	"strings"
	"time"
)

// table is a list as a download: the one export path of the observatory.
// Every list that LMO publishes (practices today; ratifications, statistics
// and agreements as their modules arrive) exports by building a table and
// calling serveTable with the format its route names, and so gets the same
// file names, the same safety (a byte order mark and CRLF in CSV, cells that
// a spreadsheet would run as formulas neutralised, over-long XLSX cells
// marked), the same conditional GETs and the same bound on memory: the rows
// stream from the store to the client as they are produced, so a download
// costs the same memory at 20 practices and at 100,000. Only the part that
// the requested format needs is built: Rows for CSV and XLSX, JSON for JSON.
type table struct {
	Name    string   // file base name, without extension: "lmo-practices"
	Sheet   string   // name of the XLSX data sheet: "Practices"
	Columns []string // the header row of CSV and XLSX
	// Dates names the columns whose cells are calendar dates (YYYY-MM-DD,
	// or empty): text in CSV, date cells in XLSX.
	Dates []string
	Rows  iter.Seq2[[]string, error] // the data rows, each as long as Columns; an error ends the download
	JSON  *jsonList                  // the document of the JSON download
	About []aboutItem                // what the file is and where it came from (XLSX)
	// Modified is the latest change to the data: Last-Modified.
	Modified time.Time
	// Version names exactly what the data is (see etag): for a search, its
	// canonical URL, the data's change time and count, and the version of
	// the reference data its labels come from.
	Version string
	// Large says that the download is a heavy one (more rows than one page
	// of the store holds): it takes one of the node's export slots.
	Large bool
	// Private says that the download is personal (the audit log): no cache
	// keeps it (Cache-Control: private, no-store).
	Private bool
}

// aboutItem is one line of a download's "About" sheet: source, search
// permalink, count, data as of, note.
type aboutItem struct {
	Key   string
	Value any // text, or a number that a spreadsheet stores as one
}

// Export formats, as the extensions of the routes that serve them.
const (
	formatCSV  = "csv"
	formatJSON = "json"
	formatXLSX = "xlsx"
)

// contentTypes are the media types of the export formats.
var contentTypes = map[string]string{
	formatCSV:  "text/csv; charset=utf-8",
	formatJSON: "application/json",
	formatXLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// exportVersion changes whenever the code writes a table's bytes
// differently from the same data, so that no client keeps an old file
// under a validator that still matches.
const exportVersion = 2

// etag returns the validator of t in format. A streamed body cannot be
// hashed before it is sent, so the tag is derived from what the data is
// instead: t.Version (for a search: its canonical URL, which includes the
// public base address of every link, the time of the latest change to any
// practice, the number of matches, and the reference data's version, which
// names its labels), the format and exportVersion. The same inputs give
// the same bytes, so the tag is a strong one: any node computes the same
// tag for the same data, and a change to a practice, a label or the code
// gives a new one, so conditional GETs still answer 304 only when nothing
// changed.
func (t *table) etag(format string) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%d\x00%s", t.Name, format, exportVersion, t.Version))
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// serveTable writes t in format (formatCSV, formatJSON or formatXLSX) as an
// attachment named t.Name plus the extension, with an ETag and
// Last-Modified, answering conditional requests with 304 before any row is
// read. A large table waits for no one: when the node's export slots are
// all taken it is refused with 503 and Retry-After (errExportsBusy). An
// error after the body began aborts the response (unsendable).
func (s *Server) serveTable(w http.ResponseWriter, r *http.Request, t *table, format string) error {
	ctype, ok := contentTypes[format]
	if !ok {
		return fmt.Errorf("export %s: unknown format %q", t.Name, format)
	}
	etag := t.etag(format)
	h := w.Header()
	h.Set("ETag", etag)
	if !t.Modified.IsZero() {
		h.Set("Last-Modified", t.Modified.UTC().Format(http.TimeFormat))
	}
	h.Set("Cache-Control", "no-cache")
	if t.Private {
		h.Set("Cache-Control", privateCache)
	}
	if notModified(r, etag, t.Modified) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	if r.Method == http.MethodHead { // the headers of the GET, without reading a row
		setAttachment(h, t, format, ctype)
		w.WriteHeader(http.StatusOK)
		return nil
	}
	if t.Large {
		release, ok := s.exports.acquire()
		if !ok {
			return errExportsBusy
		}
		defer release()
	}
	setAttachment(h, t, format, ctype)
	if err := t.write(newStreamWriter(w), format); err != nil {
		return fmt.Errorf("export %s.%s: %w", t.Name, format, err)
	}
	return nil
}

// setAttachment sets the type of t's download in format and its file
// name. It is set only once the download will be sent: an error page after
// it must not be saved as the file.
func setAttachment(h http.Header, t *table, format, ctype string) {
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", `attachment; filename="`+t.Name+"."+format+`"`)
}

// write writes t in format to sw and flushes it.
func (t *table) write(sw *streamWriter, format string) error {
	var err error
	switch format {
	case formatCSV:
		err = t.csv(sw)
	case formatJSON:
		err = t.JSON.write(sw)
	case formatXLSX:
		err = t.xlsx(sw)
	}
	return firstErr(err, sw.Flush())
}

// firstErr returns the first non-nil error of errs.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// csv writes t as CSV: UTF-8 with a byte order mark, so that spreadsheets
// read accents right, CRLF line ends and quoting as RFC 4180 says, and every
// cell neutralised against formula injection. Rows go out as they come.
func (t *table) csv(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	for row, err := range t.Rows {
		if err != nil {
			return err
		}
		if err := cw.Write(neutralise(row)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// neutralise returns row with an apostrophe before every cell that a
// spreadsheet would run as a formula (CSV injection). It does not change
// row.
func neutralise(row []string) []string {
	out := slices.Clone(row)
	for i, c := range out {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			out[i] = "'" + c
		}
	}
	return out
}

// exportWriteWindow is how long a streamed download may go without making
// progress: each flush moves the connection's write deadline this far
// ahead, so that a large export over a slow link is not cut by the
// server's write timeout while it is still moving.
const exportWriteWindow = 60 * time.Second

// streamWriter buffers a download and, each time it sends a buffer's
// worth, moves the write deadline on (exportWriteWindow).
type streamWriter struct {
	*bufio.Writer
}

// newStreamWriter returns a streamWriter sending to w in 64 KiB writes.
func newStreamWriter(w http.ResponseWriter) *streamWriter {
	rc := http.NewResponseController(w)
	return &streamWriter{bufio.NewWriterSize(deadlineWriter{w, rc}, 64<<10)}
}

// deadlineWriter moves the write deadline before each write; where the
// writer cannot (a test recorder), it writes all the same.
type deadlineWriter struct {
	w  io.Writer
	rc *http.ResponseController
}

// Write extends the deadline and writes b.
func (d deadlineWriter) Write(b []byte) (int, error) {
	_ = d.rc.SetWriteDeadline(time.Now().Add(exportWriteWindow))
	return d.w.Write(b)
}
