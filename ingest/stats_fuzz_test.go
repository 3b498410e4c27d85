package ingest_test

import (
	"bytes"
	"errors"
	"testing"
	"testing/iotest"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

// statsFuzzCheck reads a statistics file to its end and checks what the
// readers promise: no panic; every error an EINVALID *ingest.Error; every
// observation valid, and counted in the report.
func statsFuzzCheck(t *testing.T, open func() (*ingest.StatisticsFile, error)) (int, error) {
	t.Helper()
	file, err := open()
	if err != nil {
		statsFuzzError(t, err)
		return 0, err
	}
	for _, in := range file.Import.Indicators {
		if err := in.Validate(); err != nil {
			t.Errorf("indicator %+v: %v", in, err)
		}
	}
	if err := file.Import.Dataset.Validate(); err != nil {
		t.Errorf("dataset: %v", err)
	}
	listed := map[string]bool{}
	for _, in := range file.Import.Indicators {
		listed[in.Code] = true
	}
	aggregates := map[string]bool{}
	for _, a := range file.Import.Aggregates {
		aggregates[a.Code] = true
	}
	n := 0
	for o, err := range file.Import.Observations {
		if err != nil {
			statsFuzzError(t, err)
			return n, err
		}
		n++
		if err := o.Validate(); err != nil {
			t.Errorf("observation %+v: %v", o, err)
		}
		if !listed[o.Indicator] {
			t.Errorf("observation %+v: indicator not listed", o)
		}
		if _, _, isAgg := cutAggregate(o.Area); isAgg && !aggregates[o.Area] {
			t.Errorf("observation %+v: aggregate not listed", o)
		}
	}
	if n != file.Report.Observations {
		t.Errorf("%d observations, the report says %d", n, file.Report.Observations)
	}
	return n, nil
}

func cutAggregate(area string) (string, string, bool) {
	for i := 0; i < len(area); i++ {
		if area[i] == ':' {
			return area[:i], area[i+1:], true
		}
	}
	return "", "", false
}

func statsFuzzError(t *testing.T, err error) {
	t.Helper()
	var e *ingest.Error
	if !errors.As(err, &e) || lmo.ErrorCode(err) != lmo.EINVALID {
		t.Fatalf("error %v (%T) is not an EINVALID *ingest.Error", err, err)
	}
}

// FuzzILOSTATCSV reads arbitrary bytes as an ILOSTAT file, both ways:
// from a reader that can seek (two passes) and from one that cannot.
func FuzzILOSTATCSV(f *testing.F) {
	for _, name := range []string{"ilostat_coded_synthetic.csv", "ilostat_labelled_synthetic.csv"} {
		f.Add(ilostatTestdata(f, name))
	}
	for _, s := range []string{
		"", "\uFEFF", "ref_area\n", "ref_area.label,time,obs_value\nWorld,2020,1\n",
		"ref_area,indicator,time,obs_value,obs_status\nX01,A_B,2020Q1,1,U\nX99,A_B,2020M13,1,\n",
		"ref_area,indicator,time,obs_value\nAFG,A_B,2020,1e400\n",
		"\uFEFF\"ref_area.label\",\"time\",\"obs_value\",\"note_source.label\"\n\"Arab States\",\"2020\",\"1\",\"\x00\"\n",
	} {
		f.Add([]byte(s))
	}
	areas := ilostatAreas(f)
	opt := ingest.ILOSTATOptions{Edition: "2025-06-01", Indicator: "EMP_X_NB_A"}
	f.Fuzz(func(t *testing.T, in []byte) {
		statsFuzzCheck(t, func() (*ingest.StatisticsFile, error) { return ingest.ILOSTAT(bytes.NewReader(in), areas, opt) })
		statsFuzzCheck(t, func() (*ingest.StatisticsFile, error) {
			return ingest.ILOSTAT(iotest.HalfReader(bytes.NewReader(in)), areas, opt)
		})
		statsFuzzCheck(t, func() (*ingest.StatisticsFile, error) {
			r, err := ingest.MaybeGzip(bytes.NewReader(in))
			if err != nil {
				return nil, err
			}
			return ingest.ILOSTAT(r, areas, ingest.ILOSTATOptions{FileName: "A_B_C_A-2025-06-01.csv"})
		})
	})
}

// FuzzWDICSV reads arbitrary bytes as a WDI file, both ways.
func FuzzWDICSV(f *testing.F) {
	f.Add(ilostatTestdata(f, "worldbank_wdi_small.csv"))
	for _, s := range []string{
		"", "\"Last Updated Date\",\"2021-09-15\",\n\"Country Code\",\"Indicator Code\",\"2020\"\nWLD,A.B,1\nCHI,A.B,2\n",
		"\"Last Updated Date\",\"2021-02-30\",\n\"Country Code\",\"Indicator Code\",\"2020\"\n",
		"\"Last Updated Date\",\"2021-09-15\",\n\"Country Code\",\"Indicator Code\",\"1799\",\"2020\",\"2020\"\nABW,A B,1,2,3\n",
	} {
		f.Add([]byte(s))
	}
	areas := ilostatAreas(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		statsFuzzCheck(t, func() (*ingest.StatisticsFile, error) { return ingest.WDI(bytes.NewReader(in), areas) })
		statsFuzzCheck(t, func() (*ingest.StatisticsFile, error) {
			return ingest.WDI(iotest.HalfReader(bytes.NewReader(in)), areas)
		})
	})
}

// FuzzRPWCSV reads arbitrary bytes as an RPW export.
func FuzzRPWCSV(f *testing.F) {
	f.Add(ilostatTestdata(f, "worldbank_rpw_small.csv"))
	for _, s := range []string{
		"", "Sending Countries Code,Series Code,Receiving Countries Code,2019Q1 [YR2019Q1]\nUSA,A.B,MEX,1\nLast Updated: 2/29/2020\n",
		"Sending Countries Code,Series Code,Receiving Countries Code,2019Q1 [YR2019Q1],2019Q1\nUSA,A.B,HIC,1,2\nLast Updated: 02/30/2020\n",
	} {
		f.Add([]byte(s))
	}
	areas := ilostatAreas(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		statsFuzzCheck(t, func() (*ingest.StatisticsFile, error) { return ingest.RPW(bytes.NewReader(in), areas) })
	})
}
