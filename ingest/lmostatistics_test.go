package ingest_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

// TestLMOStatisticsRoundTrip reads every starter edition in LMO's layout,
// writes it again and reads it back: the same import, the same bytes.
func TestLMOStatisticsRoundTrip(t *testing.T) {
	metas, _ := filepath.Glob("../starter/statistics/*.json")
	if len(metas) == 0 {
		t.Fatal("no starter statistics")
	}
	for _, meta := range metas {
		t.Run(filepath.Base(meta), func(t *testing.T) {
			m, r := readFile(t, meta), readFile(t, strings.TrimSuffix(meta, ".json")+".csv")
			first := readLMO(t, m, r)
			var m2, r2 bytes.Buffer
			n, err := ingest.WriteLMOStatistics(&m2, &r2, sliceImport(first))
			if err != nil || n != len(first.obs) {
				t.Fatalf("write: %d, %v", n, err)
			}
			second := readLMO(t, m2.Bytes(), r2.Bytes())
			if diff := cmp.Diff(first, second, cmp.AllowUnexported(lmoRead{})); diff != "" {
				t.Errorf("round trip (-first +second):\n%s", diff)
			}
			if !bytes.Equal(r, r2.Bytes()) {
				t.Errorf("the CSV written differs from the starter file")
			}
		})
	}
}

// TestLMOStatisticsErrors: each fault names its line and column.
func TestLMOStatisticsErrors(t *testing.T) {
	meta := `{"dataset": {"code": "x", "edition": "2020", "publisher": "P", "title": "T", "url": "https://example.org/", "licence": "CC BY 4.0", "licence_url": "", "citation": ""},
		"indicators": [{"code": "I", "dataset": "x", "title": "I", "unit": "persons"}], "aggregates": []}`
	head := "indicator,area,origin,sex,age,migrant,activity,occupation,other,source,period,value,status,note\n"
	for _, c := range []struct{ meta, rows, want string }{
		{meta, head + "J,001,,total,,,,,,,2020,1,estimated,\n", "line 2, column 1 (indicator): indicator \"J\" is not listed"},
		{meta, head + "I,001,,total,,,,,,,20x0,1,estimated,\n", "line 2, column 11 (period)"},
		{meta, head + "I,001,,total,,,,,,,2020,\"1,000\",estimated,\n", "line 2, column 12 (value): \"1,000\" is not a number"},
		{meta, head + "I,001,,both,,,,,,,2020,1,estimated,\n", "line 2: sex \"both\" is not one of"},
		{meta, "indicator,area\nI,001\n", "line 1: the header row has no column sex, period, value, status"},
		{`{"dataset": {"code": "x"}, "extra": 1}`, head, "the description (JSON)"},
	} {
		f, err := ingest.LMOStatistics(strings.NewReader(c.meta), strings.NewReader(c.rows))
		if err == nil {
			for _, e := range f.Import.Observations {
				if err = e; err != nil {
					break
				}
			}
		}
		var ie *ingest.Error
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.As(err, &ie) || lmo.ErrorCode(err) != lmo.EINVALID {
			t.Errorf("%q: error %v, want one containing %q", c.rows, err, c.want)
		}
	}
}

type lmoRead struct {
	imp lmo.StatisticsImport
	obs []lmo.Observation
}

func readLMO(t *testing.T, meta, rows []byte) lmoRead {
	t.Helper()
	f, err := ingest.LMOStatistics(bytes.NewReader(meta), bytes.NewReader(rows))
	if err != nil {
		t.Fatal(err)
	}
	out := lmoRead{imp: f.Import}
	for o, err := range f.Import.Observations {
		if err != nil {
			t.Fatal(err)
		}
		out.obs = append(out.obs, o)
	}
	out.imp.Observations = nil
	return out
}

func sliceImport(r lmoRead) lmo.StatisticsImport {
	imp := r.imp
	imp.Observations = func(yield func(lmo.Observation, error) bool) {
		for _, o := range r.obs {
			if !yield(o, nil) {
				return
			}
		}
	}
	return imp
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// FuzzLMOStatistics: any CSV half either reads into valid observations of
// listed indicators or fails with an *Error; never a panic.
func FuzzLMOStatistics(f *testing.F) {
	meta, err := os.ReadFile("../starter/statistics/ilo-global-estimates-2015.json")
	if err != nil {
		f.Fatal(err)
	}
	rows, err := os.ReadFile("../starter/statistics/ilo-global-estimates-2015.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(rows)
	f.Add([]byte("status,value,period,sex,area,indicator\nunavailable,,2020-Q1,female,PH,ILO_GE_MIGRANT_WORKERS\n"))
	f.Fuzz(func(t *testing.T, rows []byte) {
		file, err := ingest.LMOStatistics(bytes.NewReader(meta), bytes.NewReader(rows))
		if err != nil {
			t.Fatal(err)
		}
		for o, err := range file.Import.Observations {
			if err != nil {
				var ie *ingest.Error
				if !errors.As(err, &ie) || lmo.ErrorCode(err) != lmo.EINVALID {
					t.Fatalf("error %v is not an EINVALID *ingest.Error", err)
				}
				return
			}
			if err := o.Validate(); err != nil {
				t.Fatalf("invalid observation %+v yielded: %v", o, err)
			}
		}
	})
}
