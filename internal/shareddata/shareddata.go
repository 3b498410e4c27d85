// Package shareddata finds the publishers' real files that tests read from
// ../shared/data beside the project (see that directory's PROVENANCE.md).
// They are not committed: the project ships importers, not the files.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// Path returns the path of a file under ../shared/data, relative to the
// project root (the directory of go.mod above the test's working
// directory). When the file is missing the test is skipped, or fails where
// LMO_REQUIRE_SHARED_DATA is set (CI), with a message that says where the
// file was looked for.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
	path := filepath.Join(dir, "..", "shared", "data", rel)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("LMO_REQUIRE_SHARED_DATA") != "" {
			tb.Fatalf("the publisher's file %s is missing (LMO_REQUIRE_SHARED_DATA is set): %v", path, err)
		}
		tb.Skipf("the publisher's file %s is missing; skipping", path)
	}
	return path
}
