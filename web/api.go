package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/lmo-observatory/lmo"
)

//go:embed openapi.json
var openapiFS embed.FS

// writeJSON encodes v and serves it with validators.
func writeJSON(w http.ResponseWriter, r *http.Request, v any, modified time.Time) error {
	b, err := jsonBody(v)
	if err != nil {
		return err
	}
	serveBytes(w, r, "application/json", b, modified)
	return nil
}

// jsonBody encodes v as the API and the exports serve JSON: compact, with
// a final newline.
func jsonBody(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode JSON: %w", err)
	}
	return append(b, '\n'), nil
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

// apiPractice converts a search hit for the API and the JSON export: the
// practice, its address under base and its snippet with <mark>s.
func (s *Server) apiPractice(base string, h *lmo.PracticeHit) apiPractice {
	snippet := ""
	if h.Snippet != "" {
		snippet = string(highlight(h.Snippet))
	}
	v := newAPIPractice(h.Practice, base+"/practices/"+h.Slug, snippet)
	if snippet != "" {
		v.SnippetLanguage = h.SnippetLanguage
	}
	return v
}

func (s *Server) apiVocabularies(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.cfg.Vocabularies.FindVocabularies(r.Context())
	if err != nil {
		return err
	}
	lang, all := apiLangFrom(r.Context())
	return writeJSON(w, r, apiVocabularyList{Vocabularies: convert(vs, func(v *lmo.Vocabulary) apiVocabulary { return newAPIVocabularyIn(v, lang, all) })}, time.Time{})
}

// apiCountries lists the countries by the collation of the language asked
// for, named in it.
func (s *Server) apiCountries(w http.ResponseWriter, r *http.Request) error {
	l, err := s.loadLabels(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, r, apiCountryList{Countries: convert(l.countryList, func(c *lmo.Country) apiCountry {
		out := newAPICountry(c)
		out.Name = c.Name(l.lang)
		return out
	})}, time.Time{})
}

func (s *Server) apiRegions(w http.ResponseWriter, r *http.Request) error {
	l, err := s.loadLabels(r.Context())
	if err != nil {
		return err
	}
	lang, all := apiLangFrom(r.Context())
	return writeJSON(w, r, apiRegionList{Regions: convert(l.regionList, func(reg *lmo.Region) apiRegion { return newAPIRegionIn(reg, lang, all) })}, time.Time{})
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	b, err := openapiFS.ReadFile("openapi.json")
	if err != nil {
		return err
	}
	serveBytes(w, r, "application/json", b, time.Time{})
	return nil
}
