package starter

import (
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
)

// TestReadPracticesErrors: an error in a practice file names the file, the
// item, and its line and column, and is classed invalid.
func TestReadPracticesErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`[{"slug": "a"}, null]`, `starter/practices.json: item 2 (line 1, column 17): null is not a practice: each item must be a JSON object`},
		{"[\n  {\"slug\": \"a\", \"tags\": []}\n]", `starter/practices.json: item 1 (line 2, column 17): unknown field "tags"`},
		{`[] []`, `starter/practices.json: line 1, column 4: unexpected '[' after the end of the array`},
	}
	for _, tt := range tests {
		_, err := readPractices("starter/practices.json", strings.NewReader(tt.in))
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s:\n got %v\nwant %s", tt.in, err, tt.want)
		}
		if lmo.ErrorCode(err) != lmo.EINVALID {
			t.Errorf("%s: code %q, want invalid", tt.in, lmo.ErrorCode(err))
		}
	}
}
