package web

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// update rewrites the golden files under testdata/golden instead of
// comparing with them: go test ./web/ -update.
var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// CompareGolden fails t when got differs from the golden file at path, or
// rewrites the file under -update. The external tests (package web_test)
// use it too.
func CompareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./web/ -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		lo := max(0, i-80)
		t.Errorf("%s differs at byte %d (got %d bytes, want %d):\ngot  …%q…\nwant …%q…", path, i, len(got), len(want),
			got[lo:min(len(got), i+80)], want[lo:min(len(want), i+80)])
	}
}
