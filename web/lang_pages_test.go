package web

import (
	"html"
	"os"
	"regexp"
	"strings"
	"testing"
)

// englishFragments returns, for lang, the pieces of English catalog text
// that must not appear on a page in lang: each message's fixed text
// between its arguments, where the translation differs, long enough (15
// characters or more) not to be a name or a word both languages share.
func englishFragments(lang string) map[string]string {
	out := map[string]string{}
	for key, en := range messages[defaultLang] {
		tr := messages[lang][key]
		if tr == en {
			continue
		}
		for _, frag := range verb.Split(en, -1) {
			frag = strings.TrimSpace(frag)
			if len(frag) >= 15 && strings.Contains(frag, " ") && !strings.Contains(tr, frag) {
				out[frag] = key
			}
		}
	}
	return out
}

var (
	tagOrScript = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)
	readAttrs   = regexp.MustCompile(`\s(?:aria-label|title|placeholder|alt|content)="([^"]*)"`)
	// otherLang is an element marked as another language: the text a
	// page shows in its original language, said so (not a silent mix).
	otherLang = regexp.MustCompile(`(?s)<(span|p|div|h1|h2|h3|a|li|td|th|blockquote)\b[^>]*\slang="[a-z-]+"[^>]*>.*?</(?:span|p|div|h1|h2|h3|a|li|td|th|blockquote)>`)
)

// readableText returns what a person reads or hears on a page: its text
// and the attributes that are read out.
func readableText(page string) string {
	if i := strings.Index(page, "<body"); i >= 0 {
		page = page[:i] + otherLang.ReplaceAllString(page[i:], "")
	}
	var b strings.Builder
	for _, m := range readAttrs.FindAllStringSubmatch(page, -1) {
		b.WriteString(html.UnescapeString(m[1]) + "\n")
	}
	b.WriteString(html.UnescapeString(tagOrScript.ReplaceAllString(page, "\n")))
	return b.String()
}

// TestEnglishFragments: the check finds English on an English page, so it
// can fail.
func TestEnglishFragments(t *testing.T) {
	frags := englishFragments("fr")
	page := "<p>" + html.EscapeString(messages["en"]["search.hint"]) + "</p>"
	found := false
	for frag := range frags {
		if strings.Contains(readableText(page), frag) {
			found = true
		}
	}
	if !found || len(frags) < 500 {
		t.Errorf("the English fragments do not find English text (%d fragments)", len(frags))
	}
}

// EnglishLeft returns the English catalog fragments on a page in lang, for
// the page walks of package web_test.
func EnglishLeft(lang, page string) []string {
	text := readableText(page)
	var out []string
	for frag, key := range englishFragments(lang) {
		if strings.Contains(text, frag) {
			out = append(out, key+": "+frag)
		}
	}
	return out
}

// BenchmarkLocalizeLinks measures the pass that moves a page's links into
// its language, over a rendered page given by LMO_BENCH_PAGE (an HTML
// file; skipped without it): go test ./web -run XXX -bench LocalizeLinks.
func BenchmarkLocalizeLinks(b *testing.B) {
	name := os.Getenv("LMO_BENCH_PAGE")
	if name == "" {
		b.Skip("LMO_BENCH_PAGE names no HTML file")
	}
	page, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		localizeLinks("fr", page)
	}
}
