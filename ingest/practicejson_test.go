package ingest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

// readAll collects what PracticesJSON yields from r: the practices before
// the first error, and that error.
func readAll(r io.Reader) ([]*lmo.Practice, error) {
	var ps []*lmo.Practice
	for p, err := range ingest.PracticesJSON(r) {
		if err != nil {
			return ps, err
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// readers gives the same input whole, a byte at a time, and in halves, so
// that positions cannot depend on how the input arrives.
var readers = map[string]func(string) io.Reader{
	"whole":   func(s string) io.Reader { return strings.NewReader(s) },
	"onebyte": func(s string) io.Reader { return iotest.OneByteReader(strings.NewReader(s)) },
	"half":    func(s string) io.Reader { return iotest.HalfReader(strings.NewReader(s)) },
	"dataerr": func(s string) io.Reader { return iotest.DataErrReader(strings.NewReader(s)) },
}

func TestPracticesJSONErrors(t *testing.T) {
	const ok = `{"slug":"a"}`
	tests := []struct {
		name, in string
		n        int // practices yielded before the error
		want     string
	}{
		{"empty", ``, 0, `line 1, column 1: the file is empty: want a JSON array of practices`},
		{"white space only", "\n  ", 0, `line 2, column 3: the file is empty: want a JSON array of practices`},
		{"BOM only", "\uFEFF", 0, `line 1, column 1: the file is empty: want a JSON array of practices`},
		{"null", `null`, 0, `line 1, column 1: want a JSON array of practices, not null`},
		{"object", "\n {}", 0, `line 2, column 2: want a JSON array of practices, not an object`},
		{"string", `"[]"`, 0, `line 1, column 1: want a JSON array of practices, not a string`},
		{"not JSON", `x`, 0, `line 1, column 1: invalid character 'x' looking for beginning of value`},
		{"null item", `[null]`, 0, `item 1 (line 1, column 2): null is not a practice: each item must be a JSON object`},
		{"null after one", "[" + ok + ",\n  null]", 1, `item 2 (line 2, column 3): null is not a practice: each item must be a JSON object`},
		{"number item", "[\n\n" + ok + ", 5]", 1, `item 2 (line 3, column 15): a number is not a practice: each item must be a JSON object`},
		{"array item", `[[]]`, 0, `item 1 (line 1, column 2): an array is not a practice: each item must be a JSON object`},
		{"string item", `["a"]`, 0, `item 1 (line 1, column 2): a string is not a practice: each item must be a JSON object`},
		{"boolean item", `[false]`, 0, `item 1 (line 1, column 2): a boolean is not a practice: each item must be a JSON object`},
		{"trailing garbage", "[" + ok + "] garbage", 1, `line 1, column 16: unexpected 'g' after the end of the array`},
		{"second array", "[]\n[]", 0, `line 2, column 1: unexpected '[' after the end of the array`},
		{"trailing non-ASCII", "[] Ȁ", 0, `line 1, column 4: unexpected 'Ȁ' after the end of the array`},
		{"trailing NUL", "[]\x00", 0, `line 1, column 3: unexpected '\x00' after the end of the array`},
		{"not closed", "[" + ok, 1, `line 1, column 14: unexpected end of file: the array is not closed`},
		{"nothing after comma", "[" + ok + ",\n", 1, `line 2, column 1: unexpected end of file: want an item after ','`},
		{"cut in an item", "[" + ok + ",\n" + `{"title": "a`, 1, `item 2 (line 2, column 13): unexpected end of file in the middle of item 2`},
		{"missing comma", "[" + ok + "\n" + ok + "]", 1, `line 2, column 1: want ',' or ']' after item 1, not '{'`},
		{"wrong closer", "[" + ok + "}", 1, `line 1, column 14: want ',' or ']' after item 1, not '}'`},
		{"leading comma", `[,]`, 0, `item 1 (line 1, column 2): invalid character ',' looking for beginning of value`},
		{"trailing comma", "[" + ok + ",]", 1, `item 2 (line 1, column 15): invalid character ']' looking for beginning of value`},
		{"syntax in item", "[" + ok + ",\n" + `  {"title" "a"}]`, 1, `item 2 (line 2, column 12): invalid character '"' after object key`},
		{"type error", "[\n  {\n    \"title\": 5\n  }\n]", 0, `item 1 (line 3, column 14): "title" must be a string, not a number`},
		{"nested type error", `[{"countries": [{"code": "PE"}, {"code": 7}]}]`, 0, `item 1 (line 1, column 42): "countries.code" must be a string, not a number`},
		{"list element", `[{"themes": ["a", 3]}]`, 0, `item 1 (line 1, column 19): "themes" must be a string, not a number`},
		{"fraction for a year", `[{"start_year": 1.5}]`, 0, `item 1 (line 1, column 17): "start_year" must be a whole number, not 1.5`},
		{"string for a boolean", `[{"global": "yes"}]`, 0, `item 1 (line 1, column 13): "global" must be true or false, not a string`},
		{"object for a string", `[{"title": {"en": "x"}}]`, 0, `item 1 (line 1, column 12): "title" must be a string, not an object`},
		{"unknown field", "[\n  {\"title\": \"Perú\", \"titel\": \"x\"}]", 0, `item 1 (line 2, column 21): unknown field "titel"`},
		{"unknown nested field", `[{"countries": [{"code": "PE", "rol": "origin"}]}]`, 0, `item 1 (line 1, column 32): unknown field "countries.rol"`},
		{"unknown field known elsewhere", `[{"countries": [{"code": "PE", "role": "origin"}], "role": "x"}]`, 0, `item 1 (line 1, column 52): unknown field "role"`},
		{"unknown field after escaped quote", `[{"title": "a \"q\": b", "q": 1}]`, 0, `item 1 (line 1, column 26): unknown field "q"`},
		{"unknown field spelled with escapes", `[{"\u0078": 1}]`, 0, `item 1 (line 1, column 2): unknown field "x"`},
		{"bad time", `[{"created_at": "soon"}]`, 0, `item 1 (line 1, column 2): parsing time "soon" as "2006-01-02T15:04:05Z07:00": cannot parse "soon" as "2006"`},
		{"columns count characters", "[\n{\"title\": \"Côte d'Ivoire\", \"x\": 1}]", 0, `item 1 (line 2, column 28): unknown field "x"`},
		{"BOM then error", "\uFEFF[null]", 0, `item 1 (line 1, column 2): null is not a practice: each item must be a JSON object`},
	}
	for _, tt := range tests {
		for rname, reader := range readers {
			t.Run(tt.name+"/"+rname, func(t *testing.T) {
				ps, err := readAll(reader(tt.in))
				if err == nil || err.Error() != tt.want {
					t.Fatalf("error\n got %v\nwant %s", err, tt.want)
				}
				if len(ps) != tt.n {
					t.Errorf("%d practices before the error, want %d", len(ps), tt.n)
				}
				var ie *ingest.Error
				if !errors.As(err, &ie) {
					t.Errorf("%T is not an *ingest.Error", err)
				}
				if lmo.ErrorCode(err) != lmo.EINVALID || lmo.ErrorMessage(err) != tt.want {
					t.Errorf("code %q message %q, want EINVALID with the same message", lmo.ErrorCode(err), lmo.ErrorMessage(err))
				}
			})
		}
	}
}

func TestPracticesJSONGood(t *testing.T) {
	tests := []struct{ name, in string }{
		{"empty array", `[]`},
		{"white space around", " \r\n\t[ ]\r\n "},
		{"BOM", "\uFEFF[{\"slug\": \"a\"}]"},
		{"CRLF", "[\r\n  {\"slug\": \"a\"},\r\n  {\"slug\": \"b\", \"countries\": [{\"code\": \"PE\", \"role\": \"origin\"}]}\r\n]\r\n"},
		{"case-insensitive names, as encoding/json", `[{"Title": "x", "START_YEAR": 2001}]`},
		{"nulls for fields", `[{"themes": null, "title": null, "start_year": null}]`},
	}
	for _, tt := range tests {
		for rname, reader := range readers {
			t.Run(tt.name+"/"+rname, func(t *testing.T) {
				got, err := readAll(reader(tt.in))
				if err != nil {
					t.Fatal(err)
				}
				var want []*lmo.Practice
				if err := json.Unmarshal(bytes.TrimPrefix([]byte(tt.in), []byte("\uFEFF")), &want); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got, cmp.Comparer(emptyIsNil)); diff != "" {
					t.Errorf("-json.Unmarshal +PracticesJSON\n%s", diff)
				}
			})
		}
	}
}

// emptyIsNil lets an empty array read as json.Unmarshal reads it ([]) equal
// the nil slice that collecting no items gives.
func emptyIsNil(a, b []*lmo.Practice) bool {
	return len(a) == 0 && len(b) == 0 || cmp.Equal(a, b)
}

// TestPracticesJSONStarter reads the real starter set and gets what decoding
// the whole file gives.
func TestPracticesJSONStarter(t *testing.T) {
	b, err := os.ReadFile("../starter/practices.json")
	if err != nil {
		t.Fatal(err)
	}
	var want []*lmo.Practice
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	got, err := readAll(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 30 {
		t.Errorf("%d practices", len(got))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("-json.Unmarshal +PracticesJSON\n%s", diff)
	}
}

// TestPracticesJSONReadError: a failing reader is not the file's fault, so
// its error is passed on, not classed EINVALID.
func TestPracticesJSONReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	for _, at := range []int{0, 1, 2, 3, 12, 40} {
		in := `[{"slug": "a"}, {"slug": "b"}, {"slug": "c"}]`
		r := io.MultiReader(strings.NewReader(in[:at]), iotest.ErrReader(boom))
		_, err := readAll(r)
		if !errors.Is(err, boom) || lmo.ErrorCode(err) != lmo.EINTERNAL {
			t.Errorf("failing after %d bytes: %v (code %s), want the read error", at, err, lmo.ErrorCode(err))
		}
	}
}

// TestPracticesJSONStop: a consumer that stops early stops the reading.
func TestPracticesJSONStop(t *testing.T) {
	r := strings.NewReader(`[{"slug": "a"}, {"slug": "b"}, null]`)
	for p := range ingest.PracticesJSON(r) {
		if p.Slug != "a" {
			t.Errorf("first practice %q", p.Slug)
		}
		break
	}
}
