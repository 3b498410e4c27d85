package ingest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

// directorySample is a small directory file (test data, not facts).
const directorySample = `{
  "organisations": [
    {"slug": "ilo", "name": "International Labour Organization", "acronym": "ILO", "type": "international-organisation",
     "memberships": [{"of": "gmg", "joined": "2006"}], "sources": [{"title": "About", "url": "https://example.org/a"}]},
    {"slug": "gmg", "name": "Global Migration Group", "type": "international-organisation",
     "sources": [{"title": "About", "url": "https://example.org/g"}]}
  ],
  "projects": [
    {"slug": "gap-mdw", "title": "Global action", "summary": "", "countries": ["PH"], "donors": [], "implementers": ["ilo"],
     "start": "2013-01", "budget": {"amount": 100, "currency": "EUR"},
     "themes": [], "practices": [], "instruments": ["C189"], "sources": [{"title": "P", "url": "https://example.org/p"}], "review_status": ""}
  ]
}`

func TestDirectory(t *testing.T) {
	d, err := ingest.Directory(strings.NewReader("\uFEFF" + directorySample))
	if err != nil {
		t.Fatal(err)
	}
	want := lmo.Directory{
		Organisations: []*lmo.Organisation{
			{Slug: "ilo", Name: "International Labour Organization", Acronym: "ILO", Type: "international-organisation",
				Memberships: []lmo.Membership{{Of: "gmg", Joined: lmo.MustParseDate("2006")}}, Sources: []lmo.Source{{Title: "About", URL: "https://example.org/a"}}},
			{Slug: "gmg", Name: "Global Migration Group", Type: "international-organisation", Sources: []lmo.Source{{Title: "About", URL: "https://example.org/g"}}},
		},
		Projects: []*lmo.Project{{Slug: "gap-mdw", Title: "Global action", Countries: []string{"PH"}, Donors: []string{}, Implementers: []string{"ilo"},
			Start: lmo.MustParseDate("2013-01"), Budget: &lmo.Budget{Amount: 100, Currency: "EUR"}, Themes: []string{}, Practices: []string{},
			Instruments: []string{"C189"}, Sources: []lmo.Source{{Title: "P", URL: "https://example.org/p"}}}},
	}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	only, err := ingest.Directory(strings.NewReader(`{"projects": []}`))
	if err != nil || only.Organisations == nil || len(only.Projects) != 0 {
		t.Errorf("a file of projects only: %+v, %v", only, err)
	}
}

func TestDirectoryErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "  ", "line 1, column 3: the file is empty"},
		{"an array", `[]`, "line 1, column 1: want a JSON object with organisations and projects, not an array"},
		{"unknown list", "{\n \"partners\": []}", `line 2, column 2: unknown field "partners"`},
		{"list twice", `{"projects": [], "projects": []}`, `line 1, column 18: "projects" appears twice`},
		{"list not an array", `{"projects": {}}`, "line 1, column 14: projects must be an array, not an object"},
		{"item not an object", `{"projects": [{"slug": "a"}, 5]}`, "project 2, line 1, column 30: a number is not a project: each item must be a JSON object"},
		{"unknown field in an item", "{\"projects\": [\n {\"slug\": \"a\"},\n {\"slug\": \"gap-mdw\", \"titel\": \"x\"}]}",
			`project 2 (gap-mdw), line 3, column 22: unknown field "titel"`},
		{"unknown field in a membership", `{"organisations": [{"slug": "ilo", "memberships": [{"of": "x", "since": "2000"}]}]}`,
			`organisation 1 (ilo), line 1, column 64: unknown field "memberships.since"`},
		{"wrong type", `{"projects": [{"slug": "b", "budget": {"amount": "many"}}]}`,
			`project 1 (b), line 1, column 50: "budget.amount" must be a whole number, not a string`},
		{"bad date", `{"projects": [{"slug": "c", "start": "2013-13"}]}`, "project 1 (c), line 1, column 15: "},
		{"syntax error in an item", `{"projects": [{"slug": "a",}]}`, "line 1, column 28: invalid character '}'"},
		{"not closed", `{"projects": [`, "unexpected end of file"},
		{"something after", `{"projects": []} x`, "line 1, column 18: unexpected \"x\" after the end of the object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ingest.Directory(strings.NewReader(tt.in))
			var ie *ingest.Error
			if !errors.As(err, &ie) || lmo.ErrorCode(err) != lmo.EINVALID {
				t.Fatalf("error %v (%T) is not an EINVALID *ingest.Error", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want %q", err, tt.want)
			}
		})
	}
}

// FuzzDirectory checks that the reader never panics; that every rejection
// is an EINVALID *ingest.Error; that it accepts only well-formed JSON and
// reads a byte at a time alike; and that what it accepts, encoded again,
// reads back the same.
func FuzzDirectory(f *testing.F) {
	for _, s := range []string{directorySample, ``, `{}`, `[]`, `{"projects": null}`, `{"projects": [null]}`,
		`{"organisations": [{"slug": "a", "memberships": [{"of": 1}]}]}`, `{"projects": []} {}`, "\uFEFF{}",
		`{"projects": [{"start": "2020-02-30"}]}`, `{"projects": [{"Slug": "a", "slug": "b"}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := ingest.Directory(bytes.NewReader(in))
		slow, errSlow := ingest.Directory(iotest.OneByteReader(bytes.NewReader(in)))
		if errString(err) != errString(errSlow) || !cmp.Equal(got, slow) {
			t.Fatalf("byte at a time: %v, whole: %v", errSlow, err)
		}
		if err != nil {
			var ie *ingest.Error
			if !errors.As(err, &ie) || lmo.ErrorCode(err) != lmo.EINVALID {
				t.Fatalf("%v (%T) is not an EINVALID *ingest.Error", err, err)
			}
			return
		}
		if !json.Valid(bytes.TrimPrefix(in, []byte("\uFEFF"))) {
			t.Fatalf("accepted malformed JSON")
		}
		b, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ingest.Directory(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("encoded again: %v", err)
		}
		if diff := cmp.Diff(got, again); diff != "" {
			t.Fatalf("-read +read after encoding\n%s", diff)
		}
	})
}
