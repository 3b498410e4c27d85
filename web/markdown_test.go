package web

import (
	"strings"
	"testing"
)

func TestRenderMarkdownSanitises(t *testing.T) {
	got := string(renderMarkdown("**Bold** [link](https://example.org) <script>alert(1)</script> <a href=\"javascript:alert(1)\">x</a> <img src=x onerror=alert(1)>"))
	for _, want := range []string{"<strong>Bold</strong>", `href="https://example.org"`, `rel="nofollow"`} {
		if !strings.Contains(got, want) {
			t.Errorf("rendered Markdown lacks %q: %s", want, got)
		}
	}
	for _, bad := range []string{"<script", "javascript:", "onerror"} {
		if strings.Contains(got, bad) {
			t.Errorf("rendered Markdown keeps %q: %s", bad, got)
		}
	}
}

func TestHighlightEscapes(t *testing.T) {
	got := string(highlight("a <b> \x02match\x03 & c"))
	if want := "a &lt;b&gt; <mark>match</mark> &amp; c"; got != want {
		t.Errorf("highlight = %q, want %q", got, want)
	}
}
