package web

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
)

func TestSlugify(t *testing.T) {
	for _, tt := range []struct{ title, want string }{
		{"Ça marche: Workers' rights 2024!", "ca-marche-workers-rights-2024"},
		{"  --Fair   recruitment--  ", "fair-recruitment"},
		{"Ærø & Ōsaka", "r-osaka"},
		{"日本", ""},
		{strings.Repeat("long-word ", 30), strings.TrimSuffix(strings.Repeat("long-word-", 12), "-")},
	} {
		if got := slugify(tt.title); got != tt.want {
			t.Errorf("slugify(%q) = %q, want %q", tt.title, got, tt.want)
		}
		if got := slugify(tt.title); len(got) > maxSlug {
			t.Errorf("slugify(%q) is %d long", tt.title, len(got))
		}
	}
}

// TestReadPracticeForm: rows are read by position, wholly blank rows are
// dropped (so that row i is item i of the practice), and the years that
// are not numbers are problems keyed as validation keys them.
func TestReadPracticeForm(t *testing.T) {
	form := url.Values{
		"title": {"T"}, "country_code": {"", "PH", "MX"}, "country_role": {"", "origin"},
		"source_title": {"A", "", "B"}, "source_year": {"x", "", "2020"}, "start_year": {"soon"},
		"theme": {"fair-recruitment"},
	}
	r := httptest.NewRequest("POST", "/practices/new", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := r.ParseForm(); err != nil {
		t.Fatal(err)
	}
	f := readPracticeForm(r)
	if len(f.Countries) != 2 || f.Countries[0] != (formCountry{"PH", "origin"}) || f.Countries[1] != (formCountry{"MX", ""}) {
		t.Errorf("countries: %+v", f.Countries)
	}
	p, problems := f.practice("en", &lmo.Practice{})
	if p.Slug != "t" || len(p.Sources) != 2 || p.Sources[1].Year != 2020 || len(p.Themes) != 1 {
		t.Errorf("practice: %+v", p)
	}
	var keys []string
	for _, pr := range problems {
		keys = append(keys, pr.Field)
	}
	if strings.Join(keys, " ") != "sources.0 start_year" {
		t.Errorf("problems keyed %v", keys)
	}
}

// TestFieldIDs: each problem key links to a field of the form.
func TestFieldIDs(t *testing.T) {
	for key, want := range map[string]string{
		"title": "f-title", "start_year": "f-start-year", "countries": "country-code-0", "countries.2": "country-code-2",
		"sources.1": "source-title-1", "themes": "term-theme-0", "contact": "f-contact-name", "": "",
	} {
		if got := fieldID(key); got != want {
			t.Errorf("fieldID(%q) = %q, want %q", key, got, want)
		}
	}
}
