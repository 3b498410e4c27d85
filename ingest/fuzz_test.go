package ingest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

// FuzzPracticesJSON checks that the reader never panics; that it accepts
// exactly what decoding the whole file strictly accepts (a BOM stripped, an
// array, no null item, only white space after it) and then yields the same
// practices; that every rejection is an EINVALID *ingest.Error; that reading
// a byte at a time gives the same result and message; and that what it
// accepts, encoded again, reads back the same.
func FuzzPracticesJSON(f *testing.F) {
	f.Add(starterSample(f, 2))
	for _, s := range []string{
		``, `[]`, "\uFEFF[]", `null`, `[null]`, `{}`, `[{"slug":"a"}] x`, `[{"slug":"a"},]`,
		`[{"title": 5}]`, `[{"countries": [{"code": "PE", "rol": "x"}]}]`, `[{"created_at": "2020-01-01T00:00:00+05:00"}]`,
		"[\n  {\"title\": \"C\u00f4te\", \"start_year\": 1.5}\n]", `[{"Title": "x", "title": "y"}]`, `[{"title": "a\u0000b"}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := readAll(bytes.NewReader(in))
		gotSlow, errSlow := readAll(iotest.OneByteReader(bytes.NewReader(in)))
		if !cmp.Equal(got, gotSlow) || errString(err) != errString(errSlow) {
			t.Fatalf("byte at a time: %v, whole: %v", errSlow, err)
		}
		want, ok := decodeWhole(in)
		if err != nil {
			var ie *ingest.Error
			if !errors.As(err, &ie) || lmo.ErrorCode(err) != lmo.EINVALID {
				t.Fatalf("%v (%T) is not an EINVALID *ingest.Error", err, err)
			}
			if ok {
				t.Fatalf("rejected what a whole-file decode accepts: %v", err)
			}
			return
		}
		if !ok {
			t.Fatalf("accepted what a whole-file decode rejects")
		}
		if diff := cmp.Diff(want, got, cmp.Comparer(emptyIsNil)); diff != "" {
			t.Fatalf("-whole +stream\n%s", diff)
		}
		b, err := json.Marshal(append([]*lmo.Practice{}, got...)) // [] for none, not null
		if err != nil {
			t.Fatal(err)
		}
		again, err := readAll(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("encoded again: %v", err)
		}
		if diff := cmp.Diff(got, again, cmp.Comparer(emptyIsNil)); diff != "" {
			t.Fatalf("-read +read after encoding\n%s", diff)
		}
	})
}

// decodeWhole is the reference: the whole file decoded strictly at once,
// as lmo import did, plus the rules that decoding alone does not enforce.
func decodeWhole(in []byte) ([]*lmo.Practice, bool) {
	r := bytes.NewReader(bytes.TrimPrefix(in, []byte("\uFEFF")))
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var ps []*lmo.Practice
	if err := dec.Decode(&ps); err != nil || ps == nil {
		return nil, false
	}
	for _, p := range ps {
		if p == nil {
			return nil, false
		}
	}
	rest, err := io.ReadAll(io.MultiReader(dec.Buffered(), r))
	return ps, err == nil && len(bytes.Trim(rest, " \t\r\n")) == 0
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// starterSample returns the first n practices of the starter set as an
// import file: a real seed, small enough for the fuzzer to minimise quickly
// what it finds from it (the whole file takes minutes).
func starterSample(tb testing.TB, n int) []byte {
	b, err := os.ReadFile("../starter/practices.json")
	if err != nil {
		tb.Fatal(err)
	}
	var ps []*lmo.Practice
	if err := json.Unmarshal(b, &ps); err != nil {
		tb.Fatal(err)
	}
	out, err := json.MarshalIndent(ps[:n], "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	return out
}
