package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestErrorsInTheSiteForm: the errors that net/http writes itself (the
// cross-origin 403, the 412 and 416 of conditional and range requests)
// and an unknown static file are answered like every other error: a
// problem document under /api/, the site's error page elsewhere.
func TestErrorsInTheSiteForm(t *testing.T) {
	ts, _ := newTestServer(t)
	_, vocab := get(t, ts, "/api/v1/vocabularies")
	slug := firstSlug(t, ts, ts.URL+"/api/v1/practices")
	tests := []struct {
		name, method, path string
		header             []string
		status             int
		want               string
	}{
		{"cross-origin API", "POST", "/api/v1/practices", []string{"Sec-Fetch-Site", "cross-site"}, 403, "another site"},
		{"cross-origin page", "POST", "/practices", []string{"Sec-Fetch-Site", "cross-site"}, 403, "another site"},
		{"cross-origin by Origin", "DELETE", "/api/v1/regions", []string{"Origin", "https://evil.example"}, 403, "another site"},
		{"If-Match API", "GET", "/api/v1/vocabularies", []string{"If-Match", `"nope"`}, 412, "no longer matches"},
		{"If-Unmodified-Since API", "GET", "/api/v1/practices", []string{"If-Unmodified-Since", "Mon, 01 Jan 1990 00:00:00 GMT"}, 412, "no longer matches"},
		{"If-Match page", "GET", "/about", []string{"If-Match", `"nope"`}, 412, "no longer matches"},
		{"If-Match citation", "GET", "/practices/" + slug + "/cite.bib", []string{"If-Match", `"nope"`}, 412, "no longer matches"},
		{"range API", "GET", "/api/v1/vocabularies", []string{"Range", "bytes=99999999-"}, 416, "range"},
		{"range page", "GET", "/about", []string{"Range", "bytes=99999999-"}, 416, "range"},
		{"static wrong hash", "GET", "/static/000000000000/style.css", nil, 404, "There is no file at this address."},
		{"static unknown file", "GET", "/static/000000000000/x", nil, 404, "There is no file at this address."},
		{"static too deep", "GET", "/static/a/b/c", nil, 404, "There is no page at this address."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := request(t, ts, tt.method, tt.path, tt.header...)
			if resp.StatusCode != tt.status || !strings.Contains(body, tt.want) {
				t.Fatalf("%s %s: %d, want %d saying %q: %.300s", tt.method, tt.path, resp.StatusCode, tt.status, tt.want, body)
			}
			checkErrorForm(t, tt.path, resp, body)
			for _, h := range []string{"ETag", "Last-Modified", "Content-Disposition"} {
				if v := resp.Header.Get(h); v != "" {
					t.Errorf("an error with %s: %q", h, v)
				}
			}
			if tt.status == 416 && !strings.HasPrefix(resp.Header.Get("Content-Range"), "bytes */") {
				t.Errorf("416 without Content-Range: %q", resp.Header.Get("Content-Range"))
			}
		})
	}
	// A range within the document is still served.
	resp, body := get(t, ts, "/api/v1/vocabularies", "Range", "bytes=0-9")
	if resp.StatusCode != http.StatusPartialContent || body != vocab[:10] {
		t.Errorf("Range bytes=0-9: %d %q", resp.StatusCode, body)
	}
}
