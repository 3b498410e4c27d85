package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	valerrors "github.com/pb33f/libopenapi-validator/errors"
)

// The OpenAPI document is checked against the server, not the other way
// round: every response below is a real one from a server over the starter
// data, and the third-party validator judges request and response against
// the document that the server itself serves.

// openAPIDoc fetches the document from the server and returns it raw and
// as a validator.
func openAPIDoc(t *testing.T, ts *httptest.Server) ([]byte, validator.Validator) {
	t.Helper()
	resp, body := get(t, ts, "/api/v1/openapi.json")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/openapi.json: %d %s", resp.StatusCode, body)
	}
	doc, err := libopenapi.NewDocument([]byte(body))
	if err != nil {
		t.Fatalf("parsing the OpenAPI document: %v", err)
	}
	if v := doc.GetVersion(); v != "3.1.0" {
		t.Fatalf("OpenAPI version %q, want 3.1.0", v)
	}
	v, errs := validator.NewValidator(doc, config.WithFormatAssertions())
	if len(errs) > 0 {
		t.Fatalf("building the validator: %v", errs)
	}
	return []byte(body), v
}

// fetch performs a GET and returns the request and the response, whose body
// has been read and can be read again.
func fetch(t *testing.T, ts *httptest.Server, path string, header ...string) (*http.Request, *http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return req, resp, body
}

// withBody returns a copy of resp with another body.
func withBody(resp *http.Response, body []byte) *http.Response {
	out := *resp
	out.Header = resp.Header.Clone()
	out.Body = io.NopCloser(bytes.NewReader(body))
	out.ContentLength = int64(len(body))
	out.Header.Set("Content-Length", fmt.Sprint(len(body)))
	return &out
}

func describe(errs []*valerrors.ValidationError) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "\n  - %s: %s", e.Message, e.Reason)
		for _, f := range e.SchemaValidationErrors {
			fmt.Fprintf(&b, "\n      %s (at %s, schema %s)", f.Reason, f.FieldPath, f.KeywordLocation)
		}
	}
	return b.String()
}

// validateResponse validates resp against the document and fails with the
// validator's messages.
func validateResponse(t *testing.T, v validator.Validator, req *http.Request, resp *http.Response, body []byte) {
	t.Helper()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if ok, errs := v.ValidateHttpResponse(req, resp); !ok {
		t.Errorf("GET %s: the %d response does not match the document:%s\nbody: %.600s", req.URL.RequestURI(), resp.StatusCode, describe(errs), body)
	}
}

func TestOpenAPIDocumentIsValid(t *testing.T) {
	ts, _ := newTestServer(t)
	_, v := openAPIDoc(t, ts)
	if ok, errs := v.ValidateDocument(); !ok {
		t.Fatalf("the document is not valid OpenAPI 3.1:%s", describe(errs))
	}
}

// TestOpenAPIResponses validates real requests and responses against the
// document.
func TestOpenAPIResponses(t *testing.T) {
	ts, _ := newTestServer(t)
	_, v := openAPIDoc(t, ts)

	// A practice id, found the way a client would.
	_, _, listBody := fetch(t, ts, "/api/v1/practices?per_page=1")
	var first struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(listBody, &first); err != nil || len(first.Items) != 1 {
		t.Fatalf("finding a practice: %v %s", err, listBody)
	}
	practicePath := fmt.Sprintf("/api/v1/practices/%d", first.Items[0].ID)

	type listCheck func(t *testing.T, l map[string]any)
	minItems := func(n int) listCheck {
		return func(t *testing.T, l map[string]any) {
			if items, _ := l["items"].([]any); len(items) < n {
				t.Errorf("%d items, want at least %d: the case does not exercise what it should", len(items), n)
			}
		}
	}
	hasLink := func(name string) listCheck {
		return func(t *testing.T, l map[string]any) {
			if links, _ := l["links"].(map[string]any); links[name] == nil {
				t.Errorf("no %q link in %v", name, l["links"])
			}
		}
	}
	sameTotalAs := func(path string) listCheck {
		return func(t *testing.T, l map[string]any) {
			_, _, body := fetch(t, ts, path)
			var other map[string]any
			if err := json.Unmarshal(body, &other); err != nil {
				t.Fatal(err)
			}
			if l["total"] != other["total"] {
				t.Errorf("total %v, but %v for %s", l["total"], other["total"], path)
			}
		}
	}
	hasSnippets := func(t *testing.T, l map[string]any) {
		items, _ := l["items"].([]any)
		for _, it := range items {
			if s, _ := it.(map[string]any)["snippet_html"].(string); strings.Contains(s, "<mark>") {
				return
			}
		}
		t.Errorf("no item has a snippet_html with <mark>")
	}

	tests := []struct {
		name        string
		path        string
		header      []string
		status      int
		contentType string
		// outsideDoc: the request breaks the document, so the request
		// validation must fail; the server either rejects it (400) or
		// tolerates it. Either way the response must match the document.
		outsideDoc bool
		param      string // for outsideDoc: the parameter the validator must name
		checks     []listCheck
	}{
		{name: "list", path: "/api/v1/practices", status: 200, contentType: "application/json",
			checks: []listCheck{minItems(20), hasLink("next")}},
		{name: "query phrase", path: "/api/v1/practices?q=%22domestic+workers%22", status: 200, contentType: "application/json",
			checks: []listCheck{minItems(1), hasSnippets}},
		{name: "query words", path: "/api/v1/practices?q=domestic+workers", status: 200, contentType: "application/json",
			checks: []listCheck{minItems(1), hasSnippets}},
		{name: "query language", path: "/api/v1/practices?q=recruit*+OR+wage+-seasonal", status: 200, contentType: "application/json",
			checks: []listCheck{minItems(1)}},
		{name: "facets sort paging",
			path:   "/api/v1/practices?region=asia-pacific&region=arab-states&theme=fair-recruitment&theme=labour-rights&stage=recruitment&stage=employment&status=ongoing&sort=title&page=2&per_page=5",
			status: 200, contentType: "application/json", checks: []listCheck{minItems(5), hasLink("next")}},
		{name: "comma list (tolerated)", path: "/api/v1/practices?theme=fair-recruitment,labour-rights&orgtype=international-organisation", status: 200,
			contentType: "application/json", outsideDoc: true, param: "theme",
			checks: []listCheck{minItems(1), sameTotalAs("/api/v1/practices?theme=fair-recruitment&theme=labour-rights&orgtype=international-organisation")}},
		{name: "country lower case and years", path: "/api/v1/practices?country=ph&year_from=2000&year_to=2024&sort=newest", status: 200, contentType: "application/json",
			checks: []listCheck{minItems(1)}},
		{name: "page beyond the end", path: "/api/v1/practices?page=999", status: 200, contentType: "application/json"},
		{name: "changed_since date", path: "/api/v1/practices?changed_since=2000-01-01", status: 200, contentType: "application/json",
			checks: []listCheck{minItems(1)}},
		{name: "changed_since time", path: "/api/v1/practices?changed_since=2000-01-01T00:00:00%2B02:00", status: 200, contentType: "application/json",
			checks: []listCheck{minItems(1)}},
		{name: "changed_since future", path: "/api/v1/practices?changed_since=2999-01-01T00:00:00Z", status: 200, contentType: "application/json"},
		{name: "practice", path: practicePath, status: 200, contentType: "application/json"},
		{name: "unknown practice", path: "/api/v1/practices/999999999", status: 404, contentType: "application/problem+json"},
		{name: "bad per_page", path: "/api/v1/practices?per_page=500", status: 400, contentType: "application/problem+json", outsideDoc: true, param: "per_page"},
		{name: "bad sort", path: "/api/v1/practices?sort=oldest", status: 400, contentType: "application/problem+json", outsideDoc: true, param: "sort"},
		{name: "bad changed_since", path: "/api/v1/practices?changed_since=yesterday", status: 400, contentType: "application/problem+json", outsideDoc: true, param: "changed_since"},
		{name: "empty year range", path: "/api/v1/practices?year_from=2020&year_to=2010", status: 400, contentType: "application/problem+json"},
		// Outside the document (maxItems 50), but the validator does not
		// check maxItems of query arrays.
		{name: "facet over the limit", path: "/api/v1/practices?theme=fair-recruitment&" + repeated("theme", "x", 50), status: 400,
			contentType: "application/problem+json"},
		{name: "q over the limit", path: "/api/v1/practices?q=" + strings.Repeat("w", 501), status: 400, contentType: "application/problem+json", outsideDoc: true, param: "q"},
		{name: "NUL in a path value", path: "/api/v1/practices/%00", status: 400, contentType: "application/problem+json", outsideDoc: true, param: "id"},
		{name: "NUL in a query value", path: "/api/v1/regions?x=%00", status: 400, contentType: "application/problem+json"},
		{name: "invalid UTF-8 in a query value", path: "/api/v1/vocabularies?x=%FF", status: 400, contentType: "application/problem+json"},
		{name: "vocabularies", path: "/api/v1/vocabularies", status: 200, contentType: "application/json"},
		{name: "countries", path: "/api/v1/countries", status: 200, contentType: "application/json"},
		{name: "regions", path: "/api/v1/regions", status: 200, contentType: "application/json"},
		{name: "openapi", path: "/api/v1/openapi.json", status: 200, contentType: "application/json"},
		{name: "export json", path: "/practices.json?theme=fair-recruitment&sort=title", status: 200, contentType: "application/json"},
		{name: "export csv", path: "/practices.csv?q=domestic", status: 200, contentType: "text/csv"},
		{name: "export xlsx", path: "/practices.xlsx", status: 200, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{name: "feed", path: "/practices/feed.atom?country=PH", status: 200, contentType: "application/atom+xml"},
		{name: "export bad year", path: "/practices.csv?year_from=1800", status: 400, contentType: "text/html", outsideDoc: true, param: "year_from"},
		{name: "projects", path: "/api/v1/projects", status: 200, contentType: "application/json"},
		{name: "projects filtered", path: "/api/v1/projects?country=np&organisation=ilo&theme=labour-rights&active=2014-06-01", status: 200, contentType: "application/json"},
		{name: "projects bad active", path: "/api/v1/projects?active=2014", status: 400, contentType: "application/problem+json", outsideDoc: true, param: "active"},
		{name: "projects unknown organisation", path: "/api/v1/projects?organisation=nobody", status: 400, contentType: "application/problem+json"},
		{name: "project", path: "/api/v1/projects/gap-mdw", status: 200, contentType: "application/json"},
		{name: "unknown project", path: "/api/v1/projects/nope", status: 404, contentType: "application/problem+json"},
		{name: "organisations", path: "/api/v1/organisations", status: 200, contentType: "application/json", checks: []listCheck{minItems(2)}},
		{name: "organisation", path: "/api/v1/organisations/ilo", status: 200, contentType: "application/json"},
		{name: "unknown organisation", path: "/api/v1/organisations/nope", status: 404, contentType: "application/problem+json"},
		{name: "projects csv", path: "/projects.csv?country=NP", status: 200, contentType: "text/csv"},
		{name: "organisations csv", path: "/organisations.csv", status: 200, contentType: "text/csv"},
		{name: "organisations json", path: "/organisations.json", status: 200, contentType: "application/json"},
		{name: "projects json", path: "/projects.json", status: 200, contentType: "application/json"},
		{name: "projects xlsx", path: "/projects.xlsx", status: 200, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{name: "instruments", path: "/api/v1/instruments", status: 200, contentType: "application/json", checks: []listCheck{minItems(15)}},
		{name: "instrument", path: "/api/v1/instruments/C189", status: 200, contentType: "application/json"},
		{name: "recommendation", path: "/api/v1/instruments/R201", status: 200, contentType: "application/json"},
		{name: "unknown instrument", path: "/api/v1/instruments/C999", status: 404, contentType: "application/problem+json"},
		{name: "parties today", path: "/api/v1/instruments/C189/parties", status: 200, contentType: "application/json"},
		{name: "parties as of", path: "/api/v1/instruments/ICMW/parties?as_of=2010-01-01", status: 200, contentType: "application/json"},
		{name: "parties of a recommendation", path: "/api/v1/instruments/R201/parties", status: 404, contentType: "application/problem+json"},
		{name: "parties bad as_of", path: "/api/v1/instruments/C189/parties?as_of=2013", status: 400, contentType: "application/problem+json", outsideDoc: true, param: "as_of"},
		{name: "timeline", path: "/api/v1/instruments/C189/timeline", status: 200, contentType: "application/json"},
		{name: "ratifications in a period", path: "/api/v1/ratifications?from=2012-01-01&to=2013-12-31&instrument=C189", status: 200, contentType: "application/json",
			checks: []listCheck{minItems(2)}},
		{name: "ratifications of a country", path: "/api/v1/ratifications?country=PH", status: 200, contentType: "application/json", checks: []listCheck{minItems(2)}},
		{name: "ratifications to before from", path: "/api/v1/ratifications?from=2013-01-01&to=2012-01-01", status: 400, contentType: "application/problem+json"},
		{name: "ratifications of no such instrument", path: "/api/v1/ratifications?instrument=C999", status: 400, contentType: "application/problem+json"},
		{name: "country instruments", path: "/api/v1/countries/PH/instruments?as_of=2015-01-01", status: 200, contentType: "application/json"},
		{name: "unknown country instruments", path: "/api/v1/countries/ZZ/instruments", status: 404, contentType: "application/problem+json"},
		{name: "parties csv", path: "/instruments/C189/parties.csv?as_of=2016-01-01", status: 200, contentType: "text/csv"},
		{name: "parties json", path: "/instruments/ICMW/parties.json", status: 200, contentType: "application/json"},
		{name: "parties xlsx", path: "/instruments/C189/parties.xlsx", status: 200, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{name: "events csv", path: "/ratifications.csv?instrument=C189&from=2013-01-01", status: 200, contentType: "text/csv"},
		{name: "events json", path: "/ratifications.json?country=PH", status: 200, contentType: "application/json"},
		{name: "events xlsx", path: "/ratifications.xlsx", status: 200, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{name: "standards feed", path: "/instruments/feed.atom", status: 200, contentType: "application/atom+xml"},
		{name: "instrument feed", path: "/instruments/C189/feed.atom", status: 200, contentType: "application/atom+xml"},
		{name: "parties of no instrument", path: "/instruments/C999/parties.csv", status: 404, contentType: "text/html"},
		{name: "instruments csv", path: "/instruments.csv", status: 200, contentType: "text/csv"},
		{name: "instruments json", path: "/instruments.json", status: 200, contentType: "application/json"},
		{name: "country instruments xlsx", path: "/countries/PH/instruments.xlsx?as_of=2014-01-01", status: 200, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{name: "country instruments csv", path: "/countries/UY/instruments.csv", status: 200, contentType: "text/csv"},
		{name: "no country instruments", path: "/countries/ZZ/instruments.json", status: 404, contentType: "text/html"},
		{name: "country profile", path: "/api/v1/countries/PH/profile", status: 200, contentType: "application/json"},
		{name: "empty country profile", path: "/api/v1/countries/BV/profile", status: 200, contentType: "application/json"},
		{name: "no country profile", path: "/api/v1/countries/ZZ/profile", status: 404, contentType: "application/problem+json"},
		{name: "corridor", path: "/api/v1/corridors/PH-SA", status: 200, contentType: "application/json"},
		{name: "corridor same country", path: "/api/v1/corridors/PH-PH", status: 400, contentType: "application/problem+json"},
		{name: "region profile", path: "/api/v1/regions/arab-states/profile", status: 200, contentType: "application/json"},
		{name: "country data", path: "/countries/PH/data.zip", status: 200, contentType: "application/zip"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, resp, body := fetch(t, ts, tc.path, tc.header...)
			if resp.StatusCode != tc.status {
				t.Fatalf("GET %s: status %d, want %d: %.300s", tc.path, resp.StatusCode, tc.status, body)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tc.contentType) {
				t.Errorf("Content-Type %q, want %s", ct, tc.contentType)
			}
			ok, errs := v.ValidateHttpRequest(req)
			switch {
			case tc.outsideDoc && ok:
				t.Errorf("GET %s: the document accepts a request that it should not", tc.path)
			case tc.outsideDoc && !strings.Contains(describe(errs), "'"+tc.param+"'"):
				t.Errorf("GET %s: the request is rejected, but not for its parameter %s:%s", tc.path, tc.param, describe(errs))
			case !tc.outsideDoc && !ok:
				t.Errorf("GET %s: the request does not match the document:%s", tc.path, describe(errs))
			}
			validateResponse(t, v, req, resp, body)
			if len(tc.checks) > 0 {
				var l map[string]any
				if err := json.Unmarshal(body, &l); err != nil {
					t.Fatal(err)
				}
				for _, check := range tc.checks {
					check(t, l)
				}
			}
		})
	}

	// Conditional requests: the validators of a 200 give a 304.
	for _, path := range []string{"/api/v1/practices?theme=labour-rights", practicePath, "/api/v1/vocabularies", "/practices.csv"} {
		t.Run("not modified "+path, func(t *testing.T) {
			_, resp, _ := fetch(t, ts, path)
			etag := resp.Header.Get("ETag")
			req, resp, body := fetch(t, ts, path, "If-None-Match", etag)
			if resp.StatusCode != http.StatusNotModified {
				t.Fatalf("If-None-Match %s: status %d, want 304", etag, resp.StatusCode)
			}
			if ok, errs := v.ValidateHttpRequest(req); !ok {
				t.Errorf("the conditional request does not match the document:%s", describe(errs))
			}
			validateResponse(t, v, req, resp, body)
		})
	}
	t.Run("not modified since", func(t *testing.T) {
		_, resp, _ := fetch(t, ts, practicePath)
		lm := resp.Header.Get("Last-Modified")
		if lm == "" {
			t.Fatal("no Last-Modified on a practice")
		}
		req, resp, body := fetch(t, ts, practicePath, "If-Modified-Since", lm)
		if resp.StatusCode != http.StatusNotModified {
			t.Fatalf("If-Modified-Since %s: status %d, want 304", lm, resp.StatusCode)
		}
		if ok, errs := v.ValidateHttpRequest(req); !ok {
			t.Errorf("the conditional request does not match the document:%s", describe(errs))
		}
		validateResponse(t, v, req, resp, body)
	})
}

// TestOpenAPIRejectsBrokenResponses shows that the validation above can fail:
// real responses, altered to break the document, are rejected.
func TestOpenAPIRejectsBrokenResponses(t *testing.T) {
	ts, _ := newTestServer(t)
	_, v := openAPIDoc(t, ts)

	req, resp, body := fetch(t, ts, "/api/v1/practices?per_page=3")
	validateResponse(t, v, req, resp, body) // the original passes
	alter := func(f func(l map[string]any)) []byte {
		var l map[string]any
		if err := json.Unmarshal(body, &l); err != nil {
			t.Fatal(err)
		}
		f(l)
		b, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	firstItem := func(l map[string]any) map[string]any { return l["items"].([]any)[0].(map[string]any) }
	tests := []struct {
		name string
		body []byte
		want string // in the validator's messages
	}{
		{"total as a string", alter(func(l map[string]any) { l["total"] = fmt.Sprint(l["total"]) }), "total"},
		{"items null", alter(func(l map[string]any) { l["items"] = nil }), "items"},
		{"a practice without url", alter(func(l map[string]any) { delete(firstItem(l), "url") }), "url"},
		{"an undocumented field", alter(func(l map[string]any) { firstItem(l)["secret"] = "x" }), "secret"},
		{"a facet count without label", alter(func(l map[string]any) {
			delete(l["facets"].(map[string]any)["theme"].([]any)[0].(map[string]any), "label")
		}), "label"},
		{"updated_at not a time", alter(func(l map[string]any) { firstItem(l)["updated_at"] = "yesterday" }), "updated_at"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ok, errs := v.ValidateHttpResponse(req, withBody(resp, tc.body))
			if ok {
				t.Fatalf("the validator accepts a response with %s", tc.name)
			}
			if msg := describe(errs); !strings.Contains(msg, tc.want) {
				t.Errorf("the validator's messages do not mention %q:%s", tc.want, msg)
			}
		})
	}

	t.Run("problem as application/json", func(t *testing.T) {
		req, resp, body := fetch(t, ts, "/api/v1/practices/999999999")
		bad := withBody(resp, body)
		bad.Header.Set("Content-Type", "application/json")
		if ok, _ := v.ValidateHttpResponse(req, bad); ok {
			t.Fatal("the validator accepts a 404 served as application/json")
		}
	})
	t.Run("problem status as a string", func(t *testing.T) {
		req, resp, body := fetch(t, ts, "/api/v1/practices?per_page=0")
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("status %d, want 400", resp.StatusCode)
		}
		validateResponse(t, v, req, resp, body)
		bad := bytes.Replace(body, []byte(`"status":400`), []byte(`"status":"400"`), 1)
		if ok, _ := v.ValidateHttpResponse(req, withBody(resp, bad)); ok {
			t.Fatalf("the validator accepts %s", bad)
		}
	})
	t.Run("country code in lower case", func(t *testing.T) {
		req, resp, body := fetch(t, ts, "/api/v1/countries")
		validateResponse(t, v, req, resp, body)
		bad := bytes.Replace(body, []byte(`"code":"AD"`), []byte(`"code":"ad"`), 1)
		if bytes.Equal(bad, body) {
			t.Fatal("Andorra is not in the countries")
		}
		if ok, _ := v.ValidateHttpResponse(req, withBody(resp, bad)); ok {
			t.Fatal("the validator accepts a lower-case country code")
		}
	})
	t.Run("weak ETag", func(t *testing.T) {
		bad := withBody(resp, body)
		bad.Header.Set("ETag", "W/"+resp.Header.Get("ETag"))
		if ok, _ := v.ValidateHttpResponse(req, bad); ok {
			t.Fatal("the validator accepts a weak ETag")
		}
	})
	t.Run("missing ETag", func(t *testing.T) {
		bad := withBody(resp, body)
		bad.Header.Del("ETag")
		if ok, _ := v.ValidateHttpResponse(req, bad); ok {
			t.Fatal("the validator accepts a 200 without ETag")
		}
	})
	t.Run("undocumented status", func(t *testing.T) {
		bad := withBody(resp, body)
		bad.StatusCode = http.StatusTeapot
		if ok, _ := v.ValidateHttpResponse(req, bad); ok {
			t.Fatal("the validator accepts an undocumented status")
		}
	})
}

// downloadPath matches the routes of downloads and feeds, which the
// document describes with the API.
var downloadPath = regexp.MustCompile(`\.(csv|json|xlsx|atom|zip)$`)

// TestOpenAPICoversRoutes checks that every route of the API (and the
// exports and feed) in routes.go is an operation of the document with its
// method, that the document has no operation the server does not serve,
// and that every write operation documents the answers every write can
// give (openapiWriteResponses).
func TestOpenAPICoversRoutes(t *testing.T) {
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	type route struct{ method, path string }
	var routes []route
	for _, m := range regexp.MustCompile(`"(?:([A-Z]+) )?(/[^"]*)"`).FindAllStringSubmatch(string(src), -1) {
		method, path := m[1], m[2]
		// An administrator's download (the audit log) is not public.
		documented := strings.HasPrefix(path, "/api/v1/") || downloadPath.MatchString(path) && !strings.HasPrefix(path, "/admin/")
		if !documented {
			continue
		}
		if method == "" {
			t.Errorf("route %q: a documented route names its method", m[0])
			continue
		}
		routes = append(routes, route{method, path})
	}
	// Guard against a regexp that silently finds nothing.
	for _, want := range []route{{"GET", "/api/v1/practices"}, {"GET", "/api/v1/practices/{id}"}, {"GET", "/api/v1/openapi.json"},
		{"GET", "/practices.csv"}, {"GET", "/practices/feed.atom"}, {"POST", "/api/v1/practices"}, {"PATCH", "/api/v1/practices/{id}"}} {
		if !slices.Contains(routes, want) {
			t.Fatalf("routes.go parsed as %v, which lacks %s", routes, want)
		}
	}

	ts, _ := newTestServer(t)
	raw, _ := openAPIDoc(t, ts)
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	for _, r := range routes {
		ops, ok := doc.Paths[r.path]
		if !ok {
			t.Errorf("route %s %s is not in the document", r.method, r.path)
			continue
		}
		op, ok := ops[strings.ToLower(r.method)]
		if !ok {
			t.Errorf("route %s %s has no %s operation in the document", r.method, r.path, strings.ToLower(r.method))
			continue
		}
		if r.method != http.MethodGet {
			for _, problem := range openapiWriteResponses(t, op) {
				t.Errorf("%s %s: %s", r.method, r.path, problem)
			}
		}
	}
	for p, ops := range doc.Paths {
		for op := range ops {
			switch op {
			case "parameters", "summary", "description":
				continue
			}
			if !slices.Contains(routes, route{strings.ToUpper(op), p}) {
				t.Errorf("the document has %s %s, which routes.go does not serve", strings.ToUpper(op), p)
			}
		}
	}
}

// openapiWriteResponses lists what a write operation of the document
// lacks: a success, the 400, 401 and 403 of any write, the 415 and 413 of
// one with a body, and the 412 and 428 of one that takes If-Match; and a
// security requirement.
func openapiWriteResponses(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	var op struct {
		Parameters []struct {
			Ref string `json:"$ref"`
		} `json:"parameters"`
		RequestBody json.RawMessage            `json:"requestBody"`
		Responses   map[string]json.RawMessage `json:"responses"`
		Security    []map[string][]string      `json:"security"`
	}
	if err := json.Unmarshal(raw, &op); err != nil {
		t.Fatal(err)
	}
	want := []string{"400", "401", "403"}
	if op.RequestBody != nil {
		want = append(want, "413", "415")
	}
	for _, p := range op.Parameters {
		if strings.HasSuffix(p.Ref, "/If-Match") {
			want = append(want, "412", "428")
		}
	}
	var problems []string
	for _, code := range want {
		if op.Responses[code] == nil {
			problems = append(problems, "no "+code+" response")
		}
	}
	success := false
	for code := range op.Responses {
		success = success || strings.HasPrefix(code, "2")
	}
	if !success {
		problems = append(problems, "no 2xx response")
	}
	if len(op.Security) == 0 {
		problems = append(problems, "no security requirement")
	}
	return problems
}
