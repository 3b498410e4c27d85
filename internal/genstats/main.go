// Command genstats writes the starter statistics (starter/statistics/) from
// the publishers' own files in ../shared/data, through LMO's importers'
// readers: `go generate ./starter` runs it from the starter directory.
// Only the extracts change; the hand-sourced files beside them stay.
package main

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/lmo-observatory/lmo/starter"
)

func main() {
	if err := run("../../shared/data", "statistics"); err != nil {
		fmt.Fprintln(os.Stderr, "genstats:", err)
		os.Exit(1)
	}
}

// run extracts from shared into dir (relative to the starter directory).
func run(shared, dir string) error {
	files, err := starter.ExtractStatistics(shared)
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
			return err
		}
		fmt.Printf("wrote %s (%d bytes)\n", filepath.Join(dir, name), len(files[name]))
	}
	return nil
}
