package starter

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io/fs"
	"strings"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

//go:embed statistics/*.json statistics/*.csv
var statisticsFiles embed.FS

// loadStatistics reads every dataset edition in statistics/ (LMO's own
// layout, statistics/README.md), oldest file name first, and checks each
// observation once; an error names the file and line. Each import's
// observations can be read again, each time from the embedded file.
func loadStatistics() ([]lmo.StatisticsImport, error) {
	metas, err := fs.Glob(statisticsFiles, "statistics/*.json")
	if err != nil {
		return nil, err
	}
	var out []lmo.StatisticsImport
	for _, meta := range metas {
		imp, err := readStatistics(meta)
		if err != nil {
			return nil, err
		}
		for _, err := range imp.Observations {
			if err != nil {
				return nil, fmt.Errorf("starter/%s: %w", strings.TrimSuffix(meta, ".json")+".csv", err)
			}
		}
		out = append(out, imp)
	}
	return out, nil
}

// readStatistics reads one edition's description, with its observations
// as a stream that reads the embedded CSV anew each time it is ranged over.
func readStatistics(meta string) (lmo.StatisticsImport, error) {
	rowsName := strings.TrimSuffix(meta, ".json") + ".csv"
	open := func() (*ingest.StatisticsFile, error) {
		m, err := statisticsFiles.ReadFile(meta)
		if err != nil {
			return nil, err
		}
		rows, err := statisticsFiles.ReadFile(rowsName)
		if err != nil {
			return nil, err
		}
		return ingest.LMOStatistics(bytes.NewReader(m), bytes.NewReader(rows))
	}
	file, err := open()
	if err != nil {
		return lmo.StatisticsImport{}, fmt.Errorf("starter/%s: %w", meta, err)
	}
	imp := file.Import
	imp.Observations = func(yield func(lmo.Observation, error) bool) {
		again, err := open()
		if err != nil {
			yield(lmo.Observation{}, err)
			return
		}
		again.Import.Observations(yield)
	}
	return imp, nil
}

// SeedStatistics imports the starter statistics as the system user, one
// dataset edition at a time (each atomic and idempotent).
func SeedStatistics(ctx context.Context, s lmo.StatisticsService, d *Data) error {
	ctx = lmo.NewContextWithUser(ctx, lmo.SystemUser)
	for _, imp := range d.Statistics {
		if _, err := s.ImportStatistics(ctx, imp, "starter dataset"); err != nil {
			return fmt.Errorf("seed statistics %s %s: %w", imp.Dataset.Code, imp.Dataset.Edition, err)
		}
	}
	return nil
}
