package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestPracticeFormTexts: the form takes a practice's title and summary in
// other languages; a bad row comes back with its message beside it and
// what was typed; a good one is saved and shown again in the edit form.
func TestPracticeFormTexts(t *testing.T) {
	ts := newWorkflowServer(t)
	contributor := as(t, ts, ann)
	form := validPractice("Practice with a French text", "submit")
	form["text_lang"] = []string{"fr", "en"}
	form["text_title"] = []string{"Pratique avec un texte français", "Same language"}
	form["text_summary"] = []string{"Un résumé <typé>.", ""}
	form["text_source"] = []string{"", ""}
	resp, body := contributor.post("/practices/new", form)
	mustStatus(t, "a text in the original's language", resp, body, http.StatusBadRequest)
	for _, want := range []string{
		`href="#text-lang-1"`, `id="err-translations-1"`,
		`value="Pratique avec un texte français"`, `Un résumé &lt;typé&gt;.</textarea>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the form that failed lacks %s", want)
		}
	}

	form["text_lang"], form["text_title"], form["text_summary"] = []string{"fr", ""}, []string{"Pratique avec un texte français", ""}, []string{"Un résumé.", ""}
	resp, body = contributor.post("/practices/new", form)
	review := mustRedirect(t, "a practice with a French text", resp, body, "/review/practice/")
	_, body = contributor.get(review + "/edit")
	for _, want := range []string{`id="text-lang-0" name="text_lang" value="fr"`, `value="Pratique avec un texte français"`, `Un résumé.</textarea>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the edit form lacks %s", want)
		}
	}
}
