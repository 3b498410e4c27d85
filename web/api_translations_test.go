package web_test

import (
	"fmt"
	"net/http"
	"testing"
)

// TestAPITranslations: the write API takes a practice's titles and
// summaries in other languages, the read API returns them under
// translations, a merge patch removes one with null, and each exchange
// follows the OpenAPI document.
func TestAPITranslations(t *testing.T) {
	e := newWriteEnv(t, nil)
	v := writeValidator(t, e)
	send := func(method, path, body string, status int, header ...string) map[string]any {
		t.Helper()
		header = append(header, "Authorization", "Bearer for-the-validator")
		rec := e.do(editor, method, path, body, header...)
		want(t, rec, status)
		checkAgainstDoc(t, v, method, path, body, header, rec, false)
		if status >= 300 {
			return nil
		}
		return doc(t, rec)
	}
	body := e.newPracticeBody("translated-by-api", map[string]any{"review_status": "published", "translations": map[string]any{
		"fr": map[string]any{"title": "Pratique traduite", "summary": "Un résumé.", "source_url": "https://example.org/fr"},
		"es": map[string]any{"title": "Práctica traducida"},
	}})
	created := send("POST", "/api/v1/practices", body, http.StatusCreated, "Content-Type", jsonCT)
	id := int64(created["id"].(float64))
	got, tag := e.get(nil, id)
	tr, _ := got["translations"].(map[string]any)
	if fr, _ := tr["fr"].(map[string]any); fr["title"] != "Pratique traduite" || fr["source_url"] != "https://example.org/fr" || len(tr) != 2 {
		t.Errorf("translations read back: %v", got["translations"])
	}
	path := fmt.Sprintf("/api/v1/practices/%d", id)
	send("PATCH", path, `{"translations": {"es": null}}`, http.StatusOK,
		"Content-Type", "application/merge-patch+json", "If-Match", tag)
	got, tag = e.get(nil, id)
	if tr, _ := got["translations"].(map[string]any); len(tr) != 1 || tr["fr"] == nil {
		t.Errorf("after removing es: %v", got["translations"])
	}
	send("PATCH", path, `{"translations": {"en": {"title": "Same as the original"}}}`, http.StatusBadRequest,
		"Content-Type", "application/merge-patch+json", "If-Match", tag)
}
