package web

import (
	"embed"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

//go:embed openapi.json
var openapiFS embed.FS

// apiPracticeList is the body of GET /api/v1/practices.
type apiPracticeList struct {
	Total   int                        `json:"total"`
	Page    int                        `json:"page"`
	PerPage int                        `json:"per_page"`
	Items   []apiPractice              `json:"items"`
	Facets  map[string][]apiFacetCount `json:"facets"`
	Links   map[string]string          `json:"links"`
}

// apiPractice is a practice with its page address and, in searches, an HTML
// snippet with the matches in <mark>.
type apiPractice struct {
	*lmo.Practice
	URL     string `json:"url"`
	Snippet string `json:"snippet_html,omitempty"`
}

type apiFacetCount struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// writeJSON encodes v and serves it with validators.
func writeJSON(w http.ResponseWriter, r *http.Request, v any, modified time.Time) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	serveBytes(w, r, "application/json", append(b, '\n'), modified)
	return nil
}

func (s *Server) apiPractices(w http.ResponseWriter, r *http.Request) error {
	run, err := s.runSearch(r, lmo.DefaultLimit, nil)
	if err != nil {
		return err
	}
	sr, res, l := run.search, run.res, run.labels
	base := s.baseURL(r)
	out := apiPracticeList{Total: res.Total, Page: sr.Page, PerPage: sr.PerPage, Items: []apiPractice{},
		Facets: map[string][]apiFacetCount{}, Links: map[string]string{"self": base + sr.url("/api/v1/practices", sr.Page), "html": base + sr.url("/practices", sr.Page)}}
	if sr.PerPage != lmo.DefaultLimit {
		for _, k := range []string{"self", "html"} {
			out.Links[k] = withParam(out.Links[k], "per_page", strconv.Itoa(sr.PerPage))
		}
	}
	if sr.Page*sr.PerPage < res.Total {
		out.Links["next"] = withParam(base+sr.url("/api/v1/practices", sr.Page+1), "per_page", strconv.Itoa(sr.PerPage))
	}
	for _, h := range res.Hits {
		out.Items = append(out.Items, s.apiPractice(base, h))
	}
	for name, counts := range res.Facets {
		out.Facets[name] = []apiFacetCount{}
		for _, c := range counts {
			out.Facets[name] = append(out.Facets[name], apiFacetCount{Value: c.Value, Label: l.FacetValue(name, c.Value), Count: c.Count})
		}
	}
	return writeJSON(w, r, out, run.modified)
}

func withParam(u, name, value string) string {
	if strings.Contains(u, "?") {
		return u + "&" + name + "=" + value
	}
	return u + "?" + name + "=" + value
}

func (s *Server) apiPractice(base string, h *lmo.PracticeHit) apiPractice {
	ap := apiPractice{Practice: h.Practice, URL: base + "/practices/" + h.Slug}
	if h.Snippet != "" {
		ap.Snippet = string(highlight(h.Snippet))
	}
	return ap
}

func (s *Server) apiPracticeByID(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || strconv.FormatInt(id, 10) != r.PathValue("id") {
		return lmo.Errorf(lmo.ENOTFOUND, "There is no practice %q.", r.PathValue("id"))
	}
	p, err := s.cfg.Practices.FindPracticeByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, r, s.apiPractice(s.baseURL(r), &lmo.PracticeHit{Practice: p}), p.UpdatedAt)
}

func (s *Server) apiVocabularies(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.cfg.Vocabularies.FindVocabularies(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, r, map[string]any{"vocabularies": vs}, time.Time{})
}

func (s *Server) apiCountries(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.cfg.Countries.FindCountries(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, r, map[string]any{"countries": cs}, time.Time{})
}

func (s *Server) apiRegions(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.cfg.Countries.FindRegions(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, r, map[string]any{"regions": rs}, time.Time{})
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	b, err := openapiFS.ReadFile("openapi.json")
	if err != nil {
		return err
	}
	serveBytes(w, r, "application/json", b, time.Time{})
	return nil
}
