package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// citation is a practice's citation in three forms.
type citation struct {
	Text   string
	BibTeX string
	RIS    string
	BibURL string
	RISURL string
}

// baseURL is the public address of the site: the configured one, or the
// request's own.
func (s *Server) baseURL(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimSuffix(s.cfg.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// citation builds the citation of a practice's current version. It names the
// version and its date rather than an access date, so that it is stable.
func (s *Server) citation(r *http.Request, p *lmo.Practice) citation {
	lang := langOf(r)
	site := translate(lang, "site.name")
	url := s.localURL(r, "/practices/"+p.Slug)
	date := longDate(lang, p.UpdatedAt)
	c := citation{BibURL: "/practices/" + p.Slug + "/cite.bib", RISURL: "/practices/" + p.Slug + "/cite.ris"}
	c.Text = translate(lang, "cite.practice", p.Title, site, p.Version, date, url)
	c.BibTeX = fmt.Sprintf("@misc{lmo-%s,\n  title = {%s},\n  author = {{%s}},\n  year = {%d},\n  month = {%s},\n  note = {%s},\n  howpublished = {\\url{%s}}\n}\n",
		p.Slug, bibEscape(p.Title), site, p.UpdatedAt.Year(), strings.ToLower(p.UpdatedAt.Format("Jan")), translate(lang, "cite.practice.note", p.Version), url)
	c.RIS = strings.Join([]string{
		"TY  - ELEC",
		"TI  - " + oneLine(p.Title),
		"AU  - " + site,
		"PY  - " + p.UpdatedAt.Format("2006"),
		"DA  - " + p.UpdatedAt.Format("2006/01/02"),
		"ET  - " + translate(lang, "cite.version", p.Version),
		"AB  - " + oneLine(p.Summary),
		"UR  - " + url,
		"PB  - " + site,
		"LA  - " + lang,
		"ER  - ",
	}, "\r\n") + "\r\n"
	return c
}

// bibEscape escapes the characters that BibTeX treats as special.
func bibEscape(s string) string {
	r := strings.NewReplacer(`\`, `\textbackslash{}`, "{", `\{`, "}", `\}`, "&", `\&`, "%", `\%`, "$", `\$`, "#", `\#`, "_", `\_`)
	return r.Replace(oneLine(s))
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func (s *Server) citeBibTeX(w http.ResponseWriter, r *http.Request) error {
	p, err := s.cfg.Practices.FindPracticeBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="lmo-`+p.Slug+`.bib"`)
	serveBytes(w, r, "application/x-bibtex; charset=utf-8", []byte(s.citation(r, p).BibTeX), p.UpdatedAt)
	return nil
}

func (s *Server) citeRIS(w http.ResponseWriter, r *http.Request) error {
	p, err := s.cfg.Practices.FindPracticeBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="lmo-`+p.Slug+`.ris"`)
	serveBytes(w, r, "application/x-research-info-systems", []byte(s.citation(r, p).RIS), p.UpdatedAt)
	return nil
}
