package ingest

import (
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// StatisticsFile is what a statistics reader finds in a publisher's file:
// the import to give the store (its dataset edition, indicators and
// aggregates read from the file's titles and headers before any
// observation, and the observations as a stream), and a Report that the
// stream fills in as it is read. Read the stream once, then the Report.
type StatisticsFile struct {
	Import lmo.StatisticsImport
	Report *Report
}

// Report counts what a reader did with the rows of a file: rows read,
// observations yielded, and what it skipped and why. Nothing is skipped
// silently: a row that is not data (a footer, a blank line, a title) is
// counted under its reason, and an area that maps to no reference area
// and is not a publisher's aggregate is counted under Unmapped by what the
// file writes for it ("Channel Islands (830)").
type Report struct {
	Rows         int            // data rows read
	Observations int            // observations yielded
	Skipped      map[string]int // reason -> rows
	Unmapped     map[string]int // area as written -> observations not imported
}

// NewReport returns an empty Report.
func NewReport() *Report {
	return &Report{Skipped: map[string]int{}, Unmapped: map[string]int{}}
}

// Skip counts a row skipped for reason.
func (r *Report) Skip(reason string) { r.Skipped[reason]++ }

// Unmap counts an observation not imported because its area, as written,
// maps to nothing.
func (r *Report) Unmap(written string) { r.Unmapped[written]++ }

// Lines writes the report as lines for a person: the counts, each reason
// for skipping, and each unmapped area, most frequent first.
func (r *Report) Lines() []string {
	lines := []string{
		"rows read: " + strconv.Itoa(r.Rows),
		"observations: " + strconv.Itoa(r.Observations),
	}
	for _, k := range byCount(r.Skipped) {
		lines = append(lines, "skipped "+strconv.Itoa(r.Skipped[k])+": "+k)
	}
	for _, k := range byCount(r.Unmapped) {
		lines = append(lines, "area not mapped, "+strconv.Itoa(r.Unmapped[k])+" observations: "+k)
	}
	return lines
}

func byCount(m map[string]int) []string {
	keys := slices.Collect(maps.Keys(m))
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}

// parseStatValue reads a number as statistical publishers write it:
// "1,234,567", " 12.5 ", "-3", "1.2E+05". It returns false for the marks
// of a missing value ("..", "…", "-", "", "x", "n/a").
func parseStatValue(s string) (float64, bool, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "", "..", "…", "-", "–", "x", "n/a", "na", ":":
		return 0, false, nil
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(s, ",", ""), " ", ""), 64)
	if err != nil {
		return 0, false, errorf("", "%q is not a number", s)
	}
	return v, true, nil
}
