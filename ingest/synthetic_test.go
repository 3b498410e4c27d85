package ingest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// syntheticPractice returns the i-th practice of a generated set. It is
// SYNTHETIC benchmark data, not a real practice: about the size and shape of
// a starter practice (3-4 KB of JSON) with made-up text.
func syntheticPractice(i int) *lmo.Practice {
	return &lmo.Practice{
		Slug:              fmt.Sprintf("synthetic-practice-%d", i),
		Title:             fmt.Sprintf("Synthetic practice %d, generated for a benchmark", i),
		Summary:           strings.Repeat("A synthetic summary of a generated practice, not a real policy. ", 3),
		Description:       strings.Repeat("A synthetic paragraph of description, generated for the benchmark; no such programme exists. ", 20),
		Countries:         []lmo.PracticeCountry{{Code: "PE", Role: lmo.RoleOrigin}, {Code: "AR", Role: lmo.RoleDestination}},
		Corridors:         []lmo.Corridor{{Origin: "PE", Destination: "AR"}},
		Themes:            []string{"fair-recruitment", "wage-protection"},
		GCMObjectives:     []string{"6", "22"},
		GuidingPrinciples: []string{"rule-of-law"},
		TargetGroups:      []string{"all-migrant-workers", "domestic-workers"},
		Stages:            []string{"pre-departure", "employment"},
		Instruments:       []string{"C189"},
		SDGTargets:        []string{"8.8", "10.7"},
		Organisations: []lmo.PracticeOrganisation{
			{Name: "Synthetic Ministry of Labour", Type: "government", Country: "PE", Role: lmo.OrgImplementing},
			{Name: "Synthetic Workers' Union", Type: "trade-union", Country: "AR", Role: lmo.OrgPartner},
		},
		StartYear:     2000 + i%25,
		Status:        "ongoing",
		Results:       strings.Repeat("Synthetic results. ", 10),
		EvidenceLevel: "monitoring",
		Sources:       []lmo.Source{{Title: "Synthetic source", Publisher: "Nobody", URL: "https://example.org/synthetic", Year: 2020}},
		Language:      "en",
	}
}

// syntheticFile is an import file of n synthetic practices, generated as it
// is read, so that the file itself takes no memory. It cycles through a
// few pre-encoded items, indented as lmo export indents them.
type syntheticFile struct {
	items [][]byte
	n, i  int    // items in all, items written
	buf   []byte // what is ready to be read
	done  bool
}

func newSyntheticFile(n int) *syntheticFile {
	f := &syntheticFile{n: n, buf: []byte("[\n")}
	for i := range 100 {
		b, err := json.MarshalIndent(syntheticPractice(i), "  ", "  ")
		if err != nil {
			panic(err)
		}
		f.items = append(f.items, b)
	}
	return f
}

// Read implements io.Reader.
func (f *syntheticFile) Read(p []byte) (int, error) {
	for len(f.buf) == 0 {
		switch {
		case f.done:
			return 0, io.EOF
		case f.i == f.n:
			f.buf, f.done = []byte("\n]\n"), true
		default:
			if f.i > 0 {
				f.buf = append(f.buf, ",\n"...)
			}
			f.buf = append(append(f.buf, "  "...), f.items[f.i%len(f.items)]...)
			f.i++
		}
	}
	n := copy(p, f.buf)
	f.buf = f.buf[n:]
	return n, nil
}

// again returns the same file from its start.
func (f *syntheticFile) again() *syntheticFile {
	return &syntheticFile{items: f.items, n: f.n, buf: []byte("[\n")}
}

// size is the length of the file in bytes.
func (f *syntheticFile) size() int64 {
	n, _ := io.Copy(io.Discard, f.again())
	return n
}
