package web

import (
	"slices"
	"testing"
)

// TestPatternWildcards reads the wildcard names of ServeMux patterns.
func TestPatternWildcards(t *testing.T) {
	for pattern, want := range map[string][]string{
		"GET /{$}":                         nil,
		"/":                                nil,
		"GET /practices/{slug}/cite.bib":   {"slug"},
		"GET /static/{hash}/{file}":        {"hash", "file"},
		"GET /files/{path...}":             {"path"},
		"GET /a/{x}/b/{y}/{$}":             {"x", "y"},
		"GET example.org/countries/{code}": {"code"},
	} {
		if got := patternWildcards(pattern); !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", pattern, got, want)
		}
	}
}
