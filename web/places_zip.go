package web

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// countryFile is one CSV file of a country's download: the export route
// that makes it (so the file is exactly that download, and matches the
// API), and what the README says of it. Another module adds its file with
// one line in countryFiles.
type countryFile struct {
	Name    string
	Path    string // the export route, with %s for the country's code
	Handler func(s *Server) handlerFunc
	About   string // what the file holds, its source and licence
}

// countryFiles are the files of /countries/{code}/data.zip.
var countryFiles = []countryFile{
	{"instruments.csv", "/countries/%s/instruments.csv", func(s *Server) handlerFunc { return s.exportCountryInstruments(formatCSV) },
		"The country's standing today on every instrument LMO follows, derived from the dated, sourced events (source_url); complete_to says how complete each instrument's list is. Source: LMO, from the source each event's source_url names."},
	{"ratifications.csv", "/ratifications.csv?country=%s", func(s *Server) handlerFunc { return s.exportEvents(formatCSV) },
		"Every ratification event of the country (signature, ratification, denunciation...), each with its date, precision, note and source_url."},
	{"practices.csv", "/practices.csv?country=%s", func(s *Server) handlerFunc { return s.exportPractices(formatCSV) },
		"The published good practices that concern the country, with their sources (each row's sources column)."},
	{"statistics.csv", "/observations.csv?area=%s", func(s *Server) handlerFunc { return s.exportObservations(formatCSV) },
		"Every observation of the country in each indicator's current edition (migrant stock, remittances, remittance costs from the country, corridors where it is the destination). Each row names its publisher, dataset, licence and the citation the publisher asks for."},
	{"corridors.csv", "/observations.csv?origin=%s", func(s *Server) handlerFunc { return s.exportObservations(formatCSV) },
		"The corridors where the country is the other end: its emigrants abroad (migrant stock by origin) and remittance costs of sending money to it. Each row names its publisher, dataset, licence and citation."},
	{"agreements.csv", "/agreements.csv?country=%s", func(s *Server) handlerFunc { return s.exportAgreements(formatCSV) },
		"The social security and labour agreements the country is party to, in LMO's import layout (lmo import agreements), each with its sources (source_url, source2_url...)."},
	{"projects.csv", "/projects.csv?country=%s", func(s *Server) handlerFunc { return s.exportProjects(formatCSV) },
		"The development cooperation projects that work in the country, with their donors, implementers, dates, budgets as published and sources."},
}

// countryZip serves a country's data as a ZIP of CSV files with a README.
func (s *Server) countryZip(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	if upperRedirect(w, r, "code", "/countries/", "/data.zip") {
		return nil
	}
	c, err := s.cfg.Countries.FindCountryByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	now := time.Now().UTC()
	var readme strings.Builder
	fmt.Fprintf(&readme, "%s: the data of %s (%s)\r\nGenerated %s from %s\r\n\r\n", translate(lang, "site.name"), c.Name(lang), c.Code,
		now.Format(time.RFC3339), s.baseURL(r)+"/countries/"+c.Code)
	readme.WriteString("Each file is the same CSV as the download named beside it (UTF-8 with a byte order mark, CRLF line ends).\r\n\r\n")
	for _, f := range countryFiles {
		path := fmt.Sprintf(f.Path, url.QueryEscape(c.Code))
		if (s.cfg.Statistics == nil && strings.HasPrefix(path, "/observations")) ||
			(s.cfg.Agreements == nil && strings.HasPrefix(path, "/agreements")) || (s.cfg.Projects == nil && strings.HasPrefix(path, "/projects")) {
			continue
		}
		hdr := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: now}
		fw, err := zw.CreateHeader(hdr)
		if err != nil {
			return err
		}
		req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, path, nil)
		if err != nil {
			return err
		}
		req.Host = r.Host
		req.SetPathValue("code", c.Code)
		rec := &zipEntry{w: fw, header: http.Header{}}
		if err := f.Handler(s)(rec, req); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		if rec.status != 0 && rec.status != http.StatusOK {
			return fmt.Errorf("%s: the export answered %d", f.Name, rec.status)
		}
		fmt.Fprintf(&readme, "%s\r\n  The download %s\r\n  %s\r\n\r\n", f.Name, path, f.About)
	}
	readme.WriteString("LMO's own data (practices, standings) cite their sources in each row; the statistics keep the publishers' licences (CC BY 4.0, CC BY 3.0 IGO...) named in each row.\r\n")
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: "README.txt", Method: zip.Deflate, Modified: now})
	if err != nil {
		return err
	}
	if _, err := fw.Write([]byte(readme.String())); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", `attachment; filename="lmo-`+c.Code+`.zip"`)
	_, err = w.Write(buf.Bytes())
	return err
}

// zipEntry is the ResponseWriter an export writes one ZIP entry through.
type zipEntry struct {
	w      interface{ Write([]byte) (int, error) }
	header http.Header
	status int
}

func (z *zipEntry) Header() http.Header         { return z.header }
func (z *zipEntry) WriteHeader(status int)      { z.status = status }
func (z *zipEntry) Write(b []byte) (int, error) { return z.w.Write(b) }
