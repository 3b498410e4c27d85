package lmo

import (
	"strings"
	"testing"
)

// TestValidateNamesFields: each problem of a practice is keyed by its field
// or its row, and the error's message still joins them all.
func TestValidateNamesFields(t *testing.T) {
	vocabs := Vocabularies{
		VocabCountryRole:    {ID: VocabCountryRole, Terms: []*Term{{Code: RoleOrigin}}},
		VocabPracticeStatus: {ID: VocabPracticeStatus, Terms: []*Term{{Code: "ongoing"}}},
	}
	p := &Practice{Slug: "ok", Summary: "S", Status: "ongoing", Language: "en",
		Countries: []PracticeCountry{{Code: "PH", Role: RoleOrigin}, {Code: "XX", Role: "nope"}},
		Sources:   []Source{{Title: "A"}, {Title: "", URL: "javascript:x"}}, StartYear: 1800}
	err := p.Validate(vocabs, func(c string) bool { return c == "PH" })
	if ErrorCode(err) != EINVALID {
		t.Fatalf("Validate: %v", err)
	}
	var keys []string
	for _, pr := range FieldProblems(err) {
		keys = append(keys, pr.Field)
		if !strings.Contains(ErrorMessage(err), pr.Message) {
			t.Errorf("the message lacks %q", pr.Message)
		}
	}
	want := "title countries.1 countries.1 start_year sources.1 sources.1"
	if strings.Join(keys, " ") != want {
		t.Errorf("problems keyed %q, want %q", strings.Join(keys, " "), want)
	}
	if FieldProblems(Errorf(EINVALID, "x")) != nil {
		t.Errorf("a plain error has field problems")
	}
}

// TestValidateReservedSlug: a practice cannot take the slug of another page
// under /practices/.
func TestValidateReservedSlug(t *testing.T) {
	p := &Practice{Slug: "new"}
	err := p.Validate(Vocabularies{}, func(string) bool { return true })
	var slugProblems []string
	for _, pr := range FieldProblems(err) {
		if pr.Field == "slug" {
			slugProblems = append(slugProblems, pr.Message)
		}
	}
	if len(slugProblems) != 1 || !strings.Contains(slugProblems[0], "reserved") {
		t.Errorf("slug problems of %q: %q", p.Slug, slugProblems)
	}
}
