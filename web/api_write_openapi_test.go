package web_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
)

// TestOpenAPIWrites validates real write requests and their answers
// against the document the server serves, as TestOpenAPIResponses does for
// reads.
func TestOpenAPIWrites(t *testing.T) {
	e := newWriteEnv(t, nil)
	v := writeValidator(t, e)
	id := e.firstID()
	path := fmt.Sprintf("/api/v1/practices/%d", id)
	tag := func() string { _, tag := e.get(nil, id); return tag }
	mp := "application/merge-patch+json"

	tests := []struct {
		name         string
		user         *lmo.User
		method, path string
		body         string
		header       func() []string
		status       int
		outsideDoc   bool // the request breaks the document (on purpose)
	}{
		{name: "create", user: editor, method: "POST", path: "/api/v1/practices", body: e.newPracticeBody("openapi-made", map[string]any{"review_status": "published"}),
			header: func() []string { return []string{"Content-Type", jsonCT} }, status: 201},
		{name: "create unknown field", user: editor, method: "POST", path: "/api/v1/practices", body: `{"colour": "red"}`,
			header: func() []string { return []string{"Content-Type", jsonCT} }, status: 400, outsideDoc: true},
		{name: "create anonymous", method: "POST", path: "/api/v1/practices", body: e.newPracticeBody("openapi-anon", nil),
			header: func() []string { return []string{"Content-Type", jsonCT} }, status: 401},
		{name: "create as text", user: editor, method: "POST", path: "/api/v1/practices", body: e.newPracticeBody("openapi-text", nil),
			header: func() []string { return []string{"Content-Type", "text/plain"} }, status: 415, outsideDoc: true},
		{name: "get signed in", user: editor, method: "GET", path: path, status: 200},
		{name: "get not modified", method: "GET", path: path, header: func() []string { return []string{"If-None-Match", tag()} }, status: 304},
		{name: "patch", user: editor, method: "PATCH", path: path, body: `{"summary": "Patched."}`,
			header: func() []string { return []string{"Content-Type", mp, "If-Match", tag()} }, status: 200},
		{name: "patch stale", user: editor, method: "PATCH", path: path, body: `{"summary": "Patched."}`,
			header: func() []string { return []string{"Content-Type", mp, "If-Match", `"p1-v1-0000000000000000"`} }, status: 412},
		{name: "patch without If-Match", user: editor, method: "PATCH", path: path, body: `{"summary": "Patched."}`,
			header: func() []string { return []string{"Content-Type", mp} }, status: 428, outsideDoc: true},
		{name: "patch as contributor", user: contributor, method: "PATCH", path: path, body: `{"summary": "Patched."}`,
			header: func() []string { return []string{"Content-Type", jsonCT, "If-Match", tag()} }, status: 403},
		{name: "put", user: editor, method: "PUT", path: path, body: e.newPracticeBody("openapi-put", nil),
			header: func() []string { return []string{"Content-Type", jsonCT, "If-Match", tag()} }, status: 200},
		{name: "put bad code", user: editor, method: "PUT", path: path, body: e.newPracticeBody("openapi-put", map[string]any{"stages": []string{"nowhere"}}),
			header: func() []string { return []string{"Content-Type", jsonCT, "If-Match", tag()} }, status: 400},
		{name: "put unknown practice", user: editor, method: "PUT", path: "/api/v1/practices/999999999", body: e.newPracticeBody("openapi-put", nil),
			header: func() []string { return []string{"Content-Type", jsonCT, "If-Match", `"p1-v1-0000000000000000"`} }, status: 404},
		{name: "review queue anonymous", method: "GET", path: "/api/v1/review-queue", status: 401},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var header []string
			if tc.header != nil {
				header = tc.header()
			}
			if tc.user != nil {
				header = append(header, "Authorization", "Bearer for-the-validator")
			}
			rec := e.do(tc.user, tc.method, tc.path, tc.body, header...)
			want(t, rec, tc.status)
			checkAgainstDoc(t, v, tc.method, tc.path, tc.body, header, rec, tc.outsideDoc)
		})
	}
}

// writeValidator builds the validator of the document e's server serves.
func writeValidator(t *testing.T, e *writeEnv) validator.Validator {
	t.Helper()
	rec := e.do(nil, "GET", "/api/v1/openapi.json", "")
	want(t, rec, 200)
	model, err := libopenapi.NewDocument(rec.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(model, config.WithFormatAssertions())
	if len(errs) > 0 {
		t.Fatalf("building the validator: %v", errs)
	}
	return v
}

// checkAgainstDoc validates a request made (signed in when it carries
// Authorization) and its answer rec: the request must match the document
// unless outsideDoc, when it must not; the answer must match.
func checkAgainstDoc(t *testing.T, v validator.Validator, method, path, body string, header []string, rec *httptest.ResponseRecorder, outsideDoc bool) {
	t.Helper()
	newReq := func() *http.Request {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		return req
	}
	req := newReq()
	ok, errs := v.ValidateHttpRequest(req)
	switch {
	case outsideDoc && ok:
		t.Errorf("%s %s: the document accepts a request that it should not", method, path)
	case !outsideDoc && !ok && req.Header.Get("Authorization") != "":
		t.Errorf("%s %s: the request does not match the document:%s", method, path, describe(errs))
	}
	resp := rec.Result()
	b, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(b))
	if ok, errs := v.ValidateHttpResponse(newReq(), resp); !ok {
		t.Errorf("%s %s: the %d answer does not match the document:%s\nbody: %.600s", method, path, resp.StatusCode, describe(errs), b)
	}
}

// TestOpenAPIWriteCheckCanFail shows that the route check fails a write
// operation that leaves out the answers of a write.
func TestOpenAPIWriteCheckCanFail(t *testing.T) {
	op := []byte(`{"parameters": [{"$ref": "#/components/parameters/If-Match"}], "requestBody": {}, "security": [{"bearerAuth": []}],
		"responses": {"200": {}, "400": {}, "401": {}, "403": {}, "413": {}, "415": {}, "428": {}}}`)
	if got := openapiWriteResponses(t, op); len(got) != 1 || got[0] != "no 412 response" {
		t.Errorf("problems %v, want only the missing 412", got)
	}
	if got := openapiWriteResponses(t, []byte(`{"responses": {"400": {}, "401": {}, "403": {}}}`)); len(got) != 2 {
		t.Errorf("problems %v, want no 2xx and no security", got)
	}
}
