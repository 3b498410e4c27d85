package ingest

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/lmo-observatory/lmo"
)

// undesaFuzzAreas is a small area index: a few countries, M49 regions and
// an ILO region, enough for every branch of the area rules.
func undesaFuzzAreas() *lmo.AreaIndex {
	return lmo.NewAreaIndex([]*lmo.Country{
		{Code: "MX", Alpha3: "MEX", Numeric: "484", NameEN: "Mexico"},
		{Code: "DE", Alpha3: "DEU", Numeric: "276", NameEN: "Germany"},
		{Code: "TR", Alpha3: "TUR", Numeric: "792", NameEN: "Türkiye"},
		{Code: "ER", Alpha3: "ERI", Numeric: "232", NameEN: "Eritrea"},
	}, []*lmo.Region{
		{Code: "001", Kind: "m49-world", Name: "World"},
		{Code: "419", Kind: "m49-subregion", Name: "Latin America and the Caribbean"},
		{Code: "009", Kind: "m49-region", Name: "Oceania"},
		{Code: "021", Kind: "m49-subregion", Name: "Northern America"},
		{Code: "africa", Kind: "ilo", Name: "Africa"},
	})
}

// undesaCheckStream reads a stream to the end and checks what a store
// relies on: every error is an EINVALID *Error and ends the stream, every
// observation is valid, no key comes twice, every aggregate area is
// listed, and the report counts what was yielded. It returns the stream
// written as text, and the error.
func undesaCheckStream(t *testing.T, in lmo.StatisticsImport, rep *Report) (string, error) {
	t.Helper()
	aggs := map[string]bool{}
	for _, a := range in.Aggregates {
		aggs[a.Code] = true
	}
	keys := map[string]bool{}
	var out strings.Builder
	var failed error
	for o, err := range in.Observations {
		if failed != nil {
			t.Fatalf("the stream went on after %v", failed)
		}
		if err != nil {
			var ie *Error
			if !errors.As(err, &ie) || lmo.ErrorCode(err) != lmo.EINVALID {
				t.Fatalf("%v is not an EINVALID *Error", err)
			}
			failed = err
			continue
		}
		if err := o.Validate(); err != nil {
			t.Fatalf("%+v: %v", o, err)
		}
		if keys[o.Key()] {
			t.Fatalf("observation twice: %q", o.Key())
		}
		keys[o.Key()] = true
		for _, a := range []string{o.Area, o.Origin} {
			if strings.Contains(a, ":") && !aggs[a] {
				t.Fatalf("area %s is not among the aggregates %v", a, in.Aggregates)
			}
		}
		fmt.Fprintf(&out, "%s=%v %s %q\n", o.Key(), o.Value, o.Status, o.Note)
	}
	if failed == nil && rep.Observations != len(keys) {
		t.Fatalf("the report counts %d observations, the stream gave %d", rep.Observations, len(keys))
	}
	return out.String(), failed
}

// FuzzUNDESAOriginCSV checks that the origin-by-destination reader never
// panics, that its errors are EINVALID *Errors, that what it yields is
// valid and unique, and that a reader that cannot seek (read into memory)
// gives the same as one that can (read twice).
func FuzzUNDESAOriginCSV(f *testing.F) {
	b, err := os.ReadFile("testdata/undesa_origin_synthetic.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
	head := "International Migrant Stock 2019\nFemale migrant stock at mid-year by origin and by destination\n" +
		"Year,Destination,Notes,Code,Type of data (a),Country or area of origin,,\n,,,,,Total,Other North,Mexico\n"
	for _, s := range []string{
		"", head, head + "2019,WORLD,,900,,1,2,3\n", head + "2019,Mexico,1,484,I R,\"1,5\",..,-\n",
		head + "2019,A,,0001,,1,1,1\n2019,B,,1,,2,2,2\n", head + "2019,x,,-5,,1,1,1\n", head + "2019Q1,x,,5,,1,1,1\n",
		head + "2019,Africa,,903,,1,,\n2019,World,,1,,1,,\n", head + "2019,W,,900,,NaN,Inf,1e400\n",
	} {
		f.Add(s)
	}
	ix := undesaFuzzAreas()
	f.Fuzz(func(t *testing.T, in string) {
		var results [2]string
		var errs [2]error
		for i, r := range []io.Reader{strings.NewReader(in), iotest.OneByteReader(strings.NewReader(in))} {
			sf, err := UNDESAOrigin(r, ix)
			if err != nil {
				var ie *Error
				if !errors.As(err, &ie) || lmo.ErrorCode(err) != lmo.EINVALID {
					t.Fatalf("%v is not an EINVALID *Error", err)
				}
				errs[i] = err
				continue
			}
			if err := sf.Import.Dataset.Validate(); err != nil {
				t.Fatalf("dataset: %v", err)
			}
			results[i], errs[i] = undesaCheckStream(t, sf.Import, sf.Report)
		}
		if results[0] != results[1] || fmt.Sprint(errs[0]) != fmt.Sprint(errs[1]) {
			t.Fatalf("a seeker and a plain reader differ:\n%s %v\n%s %v", results[0], errs[0], results[1], errs[1])
		}
	})
}

// FuzzUNDESAStockRows fuzzes the interpretation of a workbook's rows apart
// from excelize: the input is a sheet written as lines of tab-separated
// cells (what excelize gives as raw cell values, always UTF-8), read as
// UNDESAStock reads a sheet: the header found by its text, then each row.
func FuzzUNDESAStockRows(f *testing.F) {
	title := "International Migrant Stock 2020: Destination\nTable 1: International migrant stock at mid-year by sex and by region, country or area of destination\n"
	header := "\t\t\t\t\tInternational migrant stock at mid-year, both sexes combined\t\tInternational migrant stock at mid-year, males\n" +
		"\tRegion, development group, country or area\tNotes\tLocation code\tType of data\t1990\t2020\t1990\t2020\n"
	f.Add(title + header + "1\tWORLD\t\t900\t\t100\t200\t60\t110\n2\t  Sub-Saharan Africa\t\t947\t\t1\t2\t3\t4\n3\t  Mexico*\t1\t484\tB R\t5\t..\t~\t—\n")
	f.Add(title + header + "1\tAfrica\t\t903\t\t1\t1\t1\t1\n2\tWorld\t\t1\t\t1\t1\t1\t1\n3\tX\t\t900\t\t1\t1\t1\t1\n4\tX\t\t0900\t\t2\t2\t2\t2\n")
	f.Add(title + header + "1\tY\t\t12a\t\t1\t1\t1\t1\n2\tZ\t3,4\t232\tI\t1e400\tNaN\t-1\t0\n")
	f.Add("Female migrants as a percentage of the international migrant stock\nInternational Migrant Stock 2024\n\tcountry or area\tcode\t1990\t1990\n\tW\t900\t1\t2\n")
	f.Add("Annual rate of change\n\tcountry or area\tcode\t1990-1995\n\tW\t900\t1\n")
	ix := undesaFuzzAreas()
	f.Fuzz(func(t *testing.T, in string) {
		in = strings.ToValidUTF8(in, "\uFFFD")
		lines := strings.Split(in, "\n")
		if len(lines) > 200 {
			lines = lines[:200]
		}
		rows := make([][]string, len(lines))
		for i, l := range lines {
			rows[i] = strings.Split(l, "\t")
		}
		scan := &undesaHeaderScan{sheet: "Fuzz"}
		for n, cells := range rows {
			found, err := scan.row(n+1, cells)
			if err != nil {
				var ie *Error
				if !errors.As(err, &ie) || !strings.HasPrefix(ie.Where, "sheet Fuzz") {
					t.Fatalf("%v is not an *Error naming the sheet", err)
				}
				return
			}
			if found {
				break
			}
		}
		l := scan.layout
		if l == nil || l.indicator == "" {
			return
		}
		areas := newUndesaAreas(ix)
		for _, cells := range rows[l.headerRow:] {
			areas.add(undesaGet(cells, l.code), undesaGet(cells, l.name))
		}
		areas.settle()
		rep := NewReport()
		imp := lmo.StatisticsImport{Aggregates: areas.aggs}
		imp.Observations = func(yield func(lmo.Observation, error) bool) {
			seen := map[string]bool{}
			for i, cells := range rows[l.headerRow:] {
				if !l.rowObs(l.headerRow+i+1, cells, areas, map[string]string{"1": "a note"}, seen, rep, yield) {
					return
				}
			}
		}
		if _, err := undesaCheckStream(t, imp, rep); err != nil && !strings.HasPrefix(err.(*Error).Where, "sheet Fuzz, cell ") {
			t.Fatalf("%v does not name the cell", err)
		}
	})
}
