package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/sqlite"
)

// TestImportProjects imports a directory file twice (the second time
// changes nothing), then a file with a bad item: it fails naming the item,
// and nothing is written.
func TestImportProjects(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lmo.db")
	if _, _, err := runCmd(t, "seed", "--db", db); err != nil {
		t.Fatal(err)
	}
	// Test data, not facts: an organisation and a project for this test only.
	good := writeFile(t, `{"organisations": [{"slug": "test-ngo", "name": "Test NGO", "type": "ngo",
		"memberships": [{"of": "ilo"}], "sources": [{"title": "t", "url": "https://example.org/t"}]}],
	"projects": [{"slug": "test-project", "title": "Test project", "summary": "", "countries": ["NP"], "donors": ["eu"],
		"implementers": ["test-ngo"], "themes": [], "practices": [], "instruments": [], "sources": [{"title": "t", "url": "https://example.org/t"}]}]}`)
	out, _, err := runCmd(t, "import", "projects", "--db", db, good)
	if err != nil || !strings.Contains(out, "organisations 1 created, 0 updated, 0 unchanged; projects 1 created, 0 updated, 0 unchanged") {
		t.Fatalf("first import: %q %v", out, err)
	}
	out, _, err = runCmd(t, "import", "projects", "--db", db, good)
	if err != nil || !strings.Contains(out, "organisations 0 created, 0 updated, 1 unchanged; projects 0 created, 0 updated, 1 unchanged") {
		t.Fatalf("second import: %q %v", out, err)
	}
	bad := writeFile(t, `{"projects": [{"slug": "other", "title": "Other", "countries": ["NP"], "implementers": ["test-ngo"],
		"sources": [{"title": "t", "url": "https://example.org/t"}]},
	{"slug": "broken", "title": "Broken", "countries": ["NP"], "implementers": ["nobody"], "sources": [{"title": "t", "url": "https://example.org/t"}]}]}`)
	_, _, err = runCmd(t, "import", "projects", "--db", db, bad)
	if err == nil || !strings.Contains(err.Error(), `project 2 (broken)`) || !strings.Contains(err.Error(), `"nobody"`) {
		t.Fatalf("bad import: %v", err)
	}
	malformed := writeFile(t, "{\"projects\": [\n  {\"slug\": \"x\", \"titel\": \"X\"}]}")
	_, _, err = runCmd(t, "import", "projects", "--db", db, malformed)
	if err == nil || !strings.Contains(err.Error(), `project 1 (x), line 2, column 17: unknown field "titel"`) {
		t.Fatalf("malformed import: %v", err)
	}
	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.FindProject(context.Background(), "other"); lmo.ErrorCode(err) != lmo.ENOTFOUND {
		t.Errorf("a failed import wrote a project: %v", err)
	}
}
