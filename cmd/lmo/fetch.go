package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	neturl "net/url"
	"os"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo/ingest"
)

// ilostatBulkURL is ILOSTAT's bulk download of one indicator, the coded
// CSV compressed with gzip; {indicator} stands for the dataset's code
// (indicator and frequency, EAR_4MTH_SEX_GEO_CUR_NB_A). This is the
// service behind ILOSTAT's bulk download facility
// (https://ilostat.ilo.org/data/bulk/) and its R package Rilostat
// (https://ilostat.github.io/Rilostat/), which read
// https://rplumber.ilo.org/data/indicator/?id=<CODE>&format=.csv.gz;
// type=code asks for the coded layout.
const ilostatBulkURL = "https://rplumber.ilo.org/data/indicator/?id={indicator}&lang=en&type=code&format=.csv.gz"

// undesaStockURL is the UN DESA Population Division's workbook of the
// International Migrant Stock 2020 by sex and destination, as linked from
// https://www.un.org/development/desa/pd/content/international-migrant-stock.
const undesaStockURL = "https://www.un.org/development/desa/pd/sites/www.un.org.development.desa.pd/files/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"

// ilostatCode is the form of an ILOSTAT dataset code.
var ilostatCode = regexp.MustCompile(`^[A-Z0-9]+(_[A-Z0-9]+)+$`)

// runFetch dispatches lmo fetch SOURCE [flags].
func runFetch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(stderr, "Usage: lmo fetch ilostat [flags] INDICATOR\n       lmo fetch undesa [flags]\n\nDownload a publisher's statistics file and import it, as lmo import does.")
		return errors.New("fetch: name what to fetch: ilostat INDICATOR or undesa")
	}
	switch args[0] {
	case "ilostat":
		return runFetchILOSTAT(ctx, args[1:], stdout, stderr)
	case "undesa":
		return runFetchUNDESA(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf("fetch: %q is not something lmo fetches: ilostat INDICATOR or undesa", args[0])
}

func runFetchILOSTAT(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("fetch ilostat", "", stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: lmo fetch ilostat [flags] INDICATOR\nDownload ILOSTAT's bulk file of one indicator (its dataset code with the frequency, such as EAR_4MTH_SEX_GEO_CUR_NB_A: the coded CSV, gzip) and import it as lmo import ilostat does. The edition is the day of the download.")
		fs.PrintDefaults()
	}
	db := dbFlag(fs)
	source := fs.String("source", ilostatBulkURL, "the URL to download, {indicator} standing for the indicator's code")
	edition := fs.String("edition", "", "the edition, YYYY-MM-DD (default: today, the day of the download, UTC)")
	keep := fs.String("o", "", "keep the downloaded file at this path (default: a temporary file, removed)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("fetch ilostat: name one indicator, such as EAR_4MTH_SEX_GEO_CUR_NB_A")
	}
	code := fs.Arg(0)
	if !ilostatCode.MatchString(code) {
		return fmt.Errorf("fetch ilostat: %q is not an ILOSTAT dataset code (upper case letters, digits and underscores, such as EAR_4MTH_SEX_GEO_CUR_NB_A)", code)
	}
	if *edition == "" {
		*edition = time.Now().UTC().Format(time.DateOnly)
	}
	url := strings.ReplaceAll(*source, "{indicator}", code)
	return fetchAndImport(ctx, fetchJob{url: url, keep: *keep, db: *db, ext: ".csv.gz", check: checkILOSTATContent,
		job: statisticsJob{kind: kindNamed("ilostat"), name: code + ".csv.gz", ilostat: ingest.ILOSTATOptions{FileName: code + ".csv.gz", Edition: *edition},
			note: "lmo fetch ilostat " + code + " from " + url}}, stdout, stderr)
}

func runFetchUNDESA(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("fetch undesa", "Download UN DESA's International Migrant Stock 2020 by sex and destination (a workbook) and import it as lmo import undesa-stock does.", stderr)
	db := dbFlag(fs)
	source := fs.String("source", undesaStockURL, "the URL of the workbook")
	keep := fs.String("o", "", "keep the downloaded file at this path (default: a temporary file, removed)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("fetch undesa: unexpected argument %q (the URL is --source)", fs.Arg(0))
	}
	return fetchAndImport(ctx, fetchJob{url: *source, keep: *keep, db: *db, ext: ".xlsx", check: checkXLSXContent,
		job: statisticsJob{kind: kindNamed("undesa-stock"), name: urlBase(*source, "undesa.xlsx"), note: "lmo fetch undesa from " + *source}}, stdout, stderr)
}

// urlBase returns the last element of a URL's path, or def.
func urlBase(raw, def string) string {
	u, err := neturl.Parse(raw)
	if err != nil || path.Base(u.Path) == "/" || path.Base(u.Path) == "." {
		return def
	}
	return path.Base(u.Path)
}

// kindNamed returns a statistics kind by name.
func kindNamed(name string) statisticsKind {
	for _, k := range statisticsKinds {
		if k.name == name {
			return k
		}
	}
	panic("no statistics kind " + name)
}

// fetchJob is a download to import.
type fetchJob struct {
	url, keep, db, ext string
	check              func(head []byte) error // the first bytes are what they should be
	job                statisticsJob
}

// fetchAndImport downloads job.url to a file and imports it.
func fetchAndImport(ctx context.Context, fj fetchJob, stdout, stderr io.Writer) error {
	dest := fj.keep
	if dest == "" {
		f, err := os.CreateTemp("", "lmo-fetch-*"+fj.ext)
		if err != nil {
			return err
		}
		dest = f.Name()
		f.Close()
		defer os.Remove(dest)
	}
	fmt.Fprintf(stderr, "downloading %s\n", fj.url)
	start := time.Now()
	n, err := download(ctx, fj.url, dest, fj.check, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "downloaded %s bytes in %s\n", thousands(n), time.Since(start).Round(time.Millisecond))
	store, err := openStore(ctx, fj.db)
	if err != nil {
		return err
	}
	defer store.Close()
	fj.job.path = dest
	sum, err := importStatistics(ctx, store, fj.job, stderr)
	if err != nil {
		return fmt.Errorf("%s (downloaded from %s)", err, fj.url)
	}
	sum.write(stdout, fj.url, redact(fj.db))
	return nil
}

// fetchClient waits a minute for a server to answer, not for a whole body:
// a bulk file may take longer to come.
var fetchClient = &http.Client{Transport: &http.Transport{
	Proxy:                 http.ProxyFromEnvironment,
	DialContext:           (&net.Dialer{Timeout: 30 * time.Second}).DialContext,
	TLSHandshakeTimeout:   30 * time.Second,
	ResponseHeaderTimeout: time.Minute,
}}

// download streams url into the file dest (never the whole body in
// memory), checking the status and the first bytes of the body. Every
// error names the URL.
func download(ctx context.Context, url, dest string, check func(head []byte) error, stderr io.Writer) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, fmt.Errorf("fetch %s: %w", url, err)
	}
	req.Header.Set("User-Agent", "lmo/"+version()+" (Labour Migration Observatory)")
	resp, err := fetchClient.Do(req)
	if err != nil {
		var dnsErr *net.DNSError
		var opErr *net.OpError
		if errors.As(err, &dnsErr) || errors.As(err, &opErr) {
			return 0, fmt.Errorf("fetch %s: cannot reach the server (offline?): %w", url, err)
		}
		return 0, fmt.Errorf("fetch %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
		return 0, fmt.Errorf("fetch %s: the server answered %s%s", url, resp.Status, excerpt(msg))
	}
	body := bufio.NewReaderSize(resp.Body, 4096)
	head, err := body.Peek(512)
	if err != nil && len(head) == 0 && !errors.Is(err, io.EOF) {
		return 0, fmt.Errorf("fetch %s: reading the answer: %w", url, err)
	} // a fault after the first bytes comes again from the copy below
	if err := check(head); err != nil {
		return 0, fmt.Errorf("fetch %s: %s (Content-Type %q)", url, err, resp.Header.Get("Content-Type"))
	}
	f, err := os.Create(dest)
	if err != nil {
		return 0, err
	}
	dp := &downloadProgress{w: stderr, tty: isTerminal(stderr), size: resp.ContentLength, next: 1}
	n, err := io.Copy(f, io.TeeReader(body, dp))
	dp.finish()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && resp.ContentLength >= 0 && n != resp.ContentLength {
		err = fmt.Errorf("%d bytes came of the %d announced", n, resp.ContentLength)
	}
	if err != nil {
		os.Remove(dest) // no half file left to import by mistake
		return n, fmt.Errorf("fetch %s: after %d bytes: %w", url, n, err)
	}
	return n, nil
}

// excerpt quotes the start of an error's body, when it is text.
func excerpt(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if s == "" || bytes.ContainsRune(b, 0) {
		return ""
	}
	return ": " + fmt.Sprintf("%q", s)
}

// checkILOSTATContent accepts a gzip file or CSV text, not a web page.
func checkILOSTATContent(head []byte) error {
	switch {
	case len(head) == 0:
		return errors.New("the server sent an empty file")
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return nil
	case looksLikeHTML(head):
		return errors.New("the server sent a web page, not ILOSTAT's CSV file (is the indicator's code right?)")
	case bytes.ContainsRune(head, 0):
		return errors.New("the server sent neither gzip nor CSV")
	}
	return nil
}

// checkXLSXContent accepts a workbook (a zip file).
func checkXLSXContent(head []byte) error {
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return nil
	}
	if looksLikeHTML(head) {
		return errors.New("the server sent a web page, not the workbook")
	}
	return errors.New("the server sent something that is not an Excel workbook (.xlsx)")
}

func looksLikeHTML(head []byte) bool {
	s := strings.ToLower(strings.TrimSpace(string(head)))
	return strings.HasPrefix(s, "<!doctype html") || strings.HasPrefix(s, "<html") || strings.HasPrefix(s, "<")
}

// downloadProgress reports a download as it comes, when the server says
// its length: on a terminal a line redrawn with \r, otherwise a line every
// tenth.
type downloadProgress struct {
	w     io.Writer
	tty   bool
	size  int64 // -1 when unknown
	n     int64
	next  int64 // the next tenth to report
	drawn time.Time
}

func (d *downloadProgress) Write(p []byte) (int, error) {
	d.n += int64(len(p))
	switch {
	case d.size <= 0:
	case d.tty:
		if time.Since(d.drawn) >= 200*time.Millisecond {
			d.drawn = time.Now()
			fmt.Fprintf(d.w, "\rdownloading: %d%%, %s of %s bytes\x1b[K", d.n*100/d.size, thousands(d.n), thousands(d.size))
		}
	case d.n*10/d.size >= d.next:
		d.next = d.n*10/d.size + 1
		fmt.Fprintf(d.w, "downloading: %d%%, %s of %s bytes\n", min(d.n*100/d.size, 100), thousands(d.n), thousands(d.size))
	}
	return len(p), nil
}

// finish clears the terminal's line.
func (d *downloadProgress) finish() {
	if d.tty && !d.drawn.IsZero() {
		fmt.Fprint(d.w, "\r\x1b[K")
	}
}
