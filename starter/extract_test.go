package starter_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/lmo-observatory/lmo/internal/shareddata"
	"github.com/lmo-observatory/lmo/starter"
)

// TestStatisticsExtractsAreFresh checks that the committed starter
// statistics equal what LMO's readers make of the publishers' files today:
// run `go generate ./starter` after changing a reader.
func TestStatisticsExtractsAreFresh(t *testing.T) {
	shared := filepath.Dir(filepath.Dir(shareddata.Path(t, starter.Extracts[0].File)))
	files, err := starter.ExtractStatistics(shared)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2*len(starter.Extracts) {
		t.Fatalf("%d files from %d extracts", len(files), len(starter.Extracts))
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("statistics", name))
		if err != nil {
			t.Errorf("%s: %v (run go generate ./starter)", name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("statistics/%s differs from a fresh extract of the publisher's file: run go generate ./starter", name)
		}
	}
}
