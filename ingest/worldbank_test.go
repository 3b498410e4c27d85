package ingest_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
	"github.com/lmo-observatory/lmo/internal/shareddata"
)

const (
	wbWDIFile = "worldbank/API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv"
	wbRPWFile = "worldbank/rpw_corridor_average_total_cost_2011-2020.csv"
)

// wbFind returns the observation of an area (and origin) and period.
func wbFind(obs []lmo.Observation, area, origin string, p lmo.Period) (lmo.Observation, bool) {
	for _, o := range obs {
		if o.Area == area && o.Origin == origin && o.Period == p {
			return o, true
		}
	}
	return lmo.Observation{}, false
}

// TestWDIReal reads the WDI file of personal remittances paid, with
// expected values read from the file itself.
func TestWDIReal(t *testing.T) {
	f := ilostatOpenShared(t, wbWDIFile)
	file, err := ingest.WDI(f, ilostatAreas(t))
	if err != nil {
		t.Fatal(err)
	}
	d := file.Import.Dataset
	if d.Code != "wdi" || d.Edition != "2021-09-15" || d.Publisher != "World Bank" || d.Licence != "CC BY 4.0" ||
		d.URL != "https://databank.worldbank.org/source/world-development-indicators" {
		t.Errorf("dataset: %+v", d)
	}
	if err := d.Validate(); err != nil {
		t.Error(err)
	}
	want := []*lmo.Indicator{{Code: "BM.TRF.PWKR.CD.DT", Dataset: "wdi", Title: "Personal remittances, paid (current US$)", Unit: "current US$"}}
	if diff := cmp.Diff(want, file.Import.Indicators); diff != "" {
		t.Errorf("indicators (-want +got):\n%s", diff)
	}
	// 48 of the World Bank's aggregates; the world is the region 001.
	if n := len(file.Import.Aggregates); n != 48 {
		t.Errorf("%d aggregates, want 48", n)
	}
	if file.Import.Aggregates[0] != (lmo.Aggregate{Code: "WB:AFE", Name: "Africa Eastern and Southern"}) {
		t.Errorf("first aggregate %+v", file.Import.Aggregates[0])
	}
	obs, err := ilostatReadAll(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		area  string
		year  int
		value float64
	}{
		{"001", 2020, 384748760796.524},
		{"001", 2019, 448916461146.701},
		{"AW", 2019, 112627597.550605},
		{"AW", 1991, 16480446.9273743},
		{"PH", 2020, 211194462.415954},
		{"WB:HIC", 2020, 302435726935.683},
	} {
		o, ok := wbFind(obs, c.area, "", lmo.Period{Year: c.year})
		want := lmo.Observation{Indicator: "BM.TRF.PWKR.CD.DT", Area: c.area, Sex: "total", Period: lmo.Period{Year: c.year}, Value: c.value, Status: "reported"}
		if diff := cmp.Diff(want, o); !ok || diff != "" {
			t.Errorf("%s %d (-want +got):\n%s", c.area, c.year, diff)
		}
	}
	if _, ok := wbFind(obs, "AW", "", lmo.Period{Year: 1990}); ok {
		t.Error("Aruba 1990 is an empty cell, not an observation")
	}
	wantReport := &ingest.Report{Rows: 266, Observations: 8564, Skipped: map[string]int{"no value": 7645},
		Unmapped: map[string]int{"Kosovo (XKX)": 17}}
	if diff := cmp.Diff(wantReport, file.Report); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
}

// TestWDIOnce reads the real file through a reader that cannot seek.
func TestWDIOnce(t *testing.T) {
	b, err := os.ReadFile(shareddata.Path(t, wbWDIFile))
	if err != nil {
		t.Fatal(err)
	}
	file, err := ingest.WDI(iotest.HalfReader(bytes.NewReader(b)), ilostatAreas(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(file.Import.Indicators) != 1 || len(file.Import.Aggregates) != 48 {
		t.Errorf("indicators %v, %d aggregates", file.Import.Indicators, len(file.Import.Aggregates))
	}
	if _, err := ilostatReadAll(file); err != nil {
		t.Fatal(err)
	}
	if file.Report.Observations != 8564 {
		t.Errorf("%d observations", file.Report.Observations)
	}
}

// TestWBAggregatesAreNotCountries checks that no aggregate code of the
// World Bank's is a reference country's code.
func TestWBAggregatesAreNotCountries(t *testing.T) {
	in := "\"Last Updated Date\",\"2021-09-15\",\n\"Country Code\",\"Indicator Code\",\"2020\"\n"
	for _, code := range []string{"AFE", "AFW", "ARB", "CEB", "CSS", "EAP", "EAR", "EAS", "ECA", "ECS", "EMU", "EUU", "FCS", "HIC", "HPC",
		"IBD", "IBT", "IDA", "IDB", "IDX", "INX", "LAC", "LCN", "LDC", "LIC", "LMC", "LMY", "LTE", "MEA", "MIC", "MNA", "NAC", "OED", "OSS",
		"PRE", "PSS", "PST", "SAS", "SSA", "SSF", "SST", "TEA", "TEC", "TLA", "TMN", "TSA", "TSS", "UMC"} {
		if area, ok := ilostatAreas(t).Code(code); ok {
			t.Errorf("aggregate %s is also the reference area %s", code, area)
		}
		in += code + ",X.Y,1\n"
	}
	file, err := ingest.WDI(strings.NewReader(in), ilostatAreas(t))
	if err != nil {
		t.Fatal(err)
	}
	obs, err := ilostatReadAll(file)
	if err != nil || len(obs) != 48 || len(file.Report.Unmapped) != 0 {
		t.Errorf("%d observations, unmapped %v, %v", len(obs), file.Report.Unmapped, err)
	}
}

// TestWDISmall reads a small excerpt with lower-case headers in another
// order, an extra preamble line and gzip.
func TestWDISmall(t *testing.T) {
	in := ilostatTestdata(t, "worldbank_wdi_small.csv")
	in = bytes.Replace(in, []byte(`"Data Source"`), []byte("\"Exported\",\"by hand\"\n\"Data Source\""), 1)
	in = bytes.Replace(in, []byte(`"Country Name","Country Code","Indicator Name","Indicator Code"`), []byte(`"indicator code","COUNTRY_CODE","Indicator  Name","country name"`), 1)
	// the data columns follow the renamed header
	lines := strings.Split(string(in), "\n")
	for i, l := range lines {
		cells := strings.Split(l, `","`)
		if strings.Contains(l, "BM.TRF") && len(cells) > 4 {
			cells[0], cells[3] = `"`+strings.Trim(cells[3], `"`), strings.Trim(cells[0], `"`)
			lines[i] = strings.Join(cells, `","`)
		}
	}
	in = []byte(strings.Join(lines, "\n"))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(in)
	zw.Close()
	for _, r := range []func() io.Reader{
		func() io.Reader { return bytes.NewReader(in) },
		func() io.Reader {
			r, err := ingest.MaybeGzip(bytes.NewReader(gz.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			return r
		},
	} {
		file, err := ingest.WDI(r(), ilostatAreas(t))
		if err != nil {
			t.Fatal(err)
		}
		obs, err := ilostatReadAll(file)
		if err != nil {
			t.Fatal(err)
		}
		i := "BM.TRF.PWKR.CD.DT"
		want := []lmo.Observation{
			{Indicator: i, Area: "AW", Sex: "total", Period: lmo.Period{Year: 2019}, Value: 112627597.550605, Status: "reported"},
			{Indicator: i, Area: "AW", Sex: "total", Period: lmo.Period{Year: 2020}, Value: 94892760.4451446, Status: "reported"},
			{Indicator: i, Area: "WB:HIC", Sex: "total", Period: lmo.Period{Year: 2019}, Value: 343565650022.992, Status: "reported"},
			{Indicator: i, Area: "WB:HIC", Sex: "total", Period: lmo.Period{Year: 2020}, Value: 302435726935.683, Status: "reported"},
			{Indicator: i, Area: "001", Sex: "total", Period: lmo.Period{Year: 2019}, Value: 448916461146.701, Status: "reported"},
			{Indicator: i, Area: "001", Sex: "total", Period: lmo.Period{Year: 2020}, Value: 384748760796.524, Status: "reported"},
		}
		if diff := cmp.Diff(want, obs); diff != "" {
			t.Errorf("observations (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]lmo.Aggregate{{Code: "WB:HIC", Name: "High income"}}, file.Import.Aggregates); diff != "" {
			t.Errorf("aggregates (-want +got):\n%s", diff)
		}
		wantReport := &ingest.Report{Rows: 4, Observations: 6, Skipped: map[string]int{"no value": 4}, Unmapped: map[string]int{"Kosovo (XKX)": 2}}
		if diff := cmp.Diff(wantReport, file.Report); diff != "" {
			t.Errorf("report (-want +got):\n%s", diff)
		}
	}
}

// TestWDIErrors checks that faults name their line and column.
func TestWDIErrors(t *testing.T) {
	pre := "\"Data Source\",\"World Development Indicators\",\n\n\"Last Updated Date\",\"2021-09-15\",\n\n"
	header := "\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",\"2019\",\"2020\",\n"
	for _, tc := range []struct{ name, in, where, says string }{
		{"bad number", pre + header + "\"Aruba\",\"ABW\",\"R (current US$)\",\"X.Y\",\"1\",\"1.2.3\",\n", "line 6, column 6 (2020)", `"1.2.3" is not a number`},
		{"no edition", "\"Data Source\",\"World Development Indicators\",\n" + header, "", "Last Updated Date"},
		{"bad edition", "\"Last Updated Date\",\"15/09/2021\",\n" + header, "line 1, column 2", "not a date"},
		{"other database", "\"Data Source\",\"Doing Business\",\n\"Last Updated Date\",\"2021-09-15\",\n" + header, "", "not World Development Indicators"},
		{"missing code column", pre + "\"Country Name\",\"Country Code\",\"Indicator Name\",\"2019\"\n", "", "no header row"},
		{"no years", pre + "\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",\n", "line 5", "no year columns"},
		{"missing country code", pre + header + "\"Aruba\",\"\",\"R (current US$)\",\"X.Y\",\"1\",\"2\",\n", "line 6, column 2 (country code)", "missing"},
		{"second indicator", pre + header + "\"Aruba\",\"ABW\",\"R\",\"X.Y\",\"1\",\"2\",\n\"Aruba\",\"ABW\",\"S\",\"X.Z\",\"1\",\"2\",\n", "", ""},
	} {
		_, err := func() ([]lmo.Observation, error) {
			file, err := ingest.WDI(iotest.HalfReader(strings.NewReader(tc.in)), ilostatAreas(t))
			if err != nil {
				return nil, err
			}
			return ilostatReadAll(file)
		}()
		if tc.name == "second indicator" {
			if err == nil || ilostatPlace(t, err) != "line 7, column 4 (indicator code)" {
				t.Errorf("%s: %v", tc.name, err)
			}
			// Read from a file that can seek, it lists both.
			file, err := ingest.WDI(strings.NewReader(tc.in), ilostatAreas(t))
			if err != nil || len(file.Import.Indicators) != 2 {
				t.Errorf("%s, seekable: %v", tc.name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if where := ilostatPlace(t, err); where != tc.where || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v; want it at %q saying %q", tc.name, err, tc.where, tc.says)
		}
	}
}

// TestRPWReal reads the Remittance Prices Worldwide export, with expected
// values read from the file itself.
func TestRPWReal(t *testing.T) {
	f := ilostatOpenShared(t, wbRPWFile)
	file, err := ingest.RPW(f, ilostatAreas(t))
	if err != nil {
		t.Fatal(err)
	}
	d := file.Import.Dataset
	if d.Code != "rpw" || d.Edition != "2020-12-07" || d.Publisher != "World Bank" || d.Licence != "CC BY 4.0" {
		t.Errorf("dataset: %+v", d)
	}
	if err := d.Validate(); err != nil {
		t.Error(err)
	}
	if len(file.Import.Indicators) != 1 {
		t.Fatalf("indicators: %v", file.Import.Indicators)
	}
	in := file.Import.Indicators[0]
	if in.Code != "ATCR.CORR" || in.Title != "Average Total Cost to remit in corridor" || in.Unit != "percent" || !strings.Contains(in.Definition, "10.c.1") {
		t.Errorf("indicator: %+v", in)
	}
	if err := in.Validate(); err != nil {
		t.Error(err)
	}
	if len(file.Import.Aggregates) != 0 {
		t.Errorf("aggregates: %v", file.Import.Aggregates)
	}
	obs, err := ilostatReadAll(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		from, to string
		q        lmo.Period
		value    float64
	}{
		{"US", "MX", lmo.Period{Year: 2019, Quarter: 4}, 4.38857126235962},
		{"US", "MX", lmo.Period{Year: 2019, Quarter: 1}, 4.53357124328613},
		{"SA", "PH", lmo.Period{Year: 2019, Quarter: 2}, 4.27333354949951},
		{"ZA", "ZW", lmo.Period{Year: 2019, Quarter: 4}, 15.1292858123779},
	} {
		o, ok := wbFind(obs, c.from, c.to, c.q)
		want := lmo.Observation{Indicator: "ATCR.CORR", Area: c.from, Origin: c.to, Sex: "total", Period: c.q, Value: c.value, Status: "reported"}
		if diff := cmp.Diff(want, o); !ok || diff != "" {
			t.Errorf("%s to %s %s (-want +got):\n%s", c.from, c.to, c.q, diff)
		}
	}
	wantReport := &ingest.Report{Rows: 5328, Observations: 10322,
		Skipped:  map[string]int{"no value": 176063, "blank row": 3, "footer": 2},
		Unmapped: map[string]int{"Kosovo (KSV)": 80, "Netherlands-Antilles (ANT)": 15}}
	if diff := cmp.Diff(wantReport, file.Report); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
}

// TestRPWSmall reads a small excerpt, with headers of other spacing and
// case, and gzipped.
func TestRPWSmall(t *testing.T) {
	in := ilostatTestdata(t, "worldbank_rpw_small.csv")
	renamed := bytes.Replace(in, []byte("Sending Countries Name,Sending Countries Code"), []byte("sending country name , SENDING_COUNTRY_CODE"), 1)
	renamed = bytes.Replace(renamed, []byte("Receiving Countries  Code"), []byte("receiving countries code"), 1)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(renamed)
	zw.Close()
	for _, r := range []func() io.ReadSeeker{
		func() io.ReadSeeker { return bytes.NewReader(in) },
		func() io.ReadSeeker { return bytes.NewReader(renamed) },
		func() io.ReadSeeker {
			r, err := ingest.MaybeGzip(bytes.NewReader(gz.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			return r.(io.ReadSeeker)
		},
	} {
		file, err := ingest.RPW(r(), ilostatAreas(t))
		if err != nil {
			t.Fatal(err)
		}
		if file.Import.Dataset.Edition != "2020-12-07" {
			t.Errorf("edition %s", file.Import.Dataset.Edition)
		}
		obs, err := ilostatReadAll(file)
		if err != nil {
			t.Fatal(err)
		}
		c := "ATCR.CORR"
		q := func(n int) lmo.Period { return lmo.Period{Year: 2019, Quarter: n} }
		want := []lmo.Observation{
			{Indicator: c, Area: "SA", Origin: "PH", Sex: "total", Period: q(1), Value: 4.65000009536743, Status: "reported"},
			{Indicator: c, Area: "SA", Origin: "PH", Sex: "total", Period: q(2), Value: 4.27333354949951, Status: "reported"},
			{Indicator: c, Area: "SA", Origin: "PH", Sex: "total", Period: q(3), Value: 5.30999994277954, Status: "reported"},
			{Indicator: c, Area: "SA", Origin: "PH", Sex: "total", Period: q(4), Value: 4.06500005722046, Status: "reported"},
			{Indicator: c, Area: "US", Origin: "MX", Sex: "total", Period: q(1), Value: 4.53357124328613, Status: "reported"},
			{Indicator: c, Area: "US", Origin: "MX", Sex: "total", Period: q(3), Value: 4.6103572845459, Status: "reported"},
			{Indicator: c, Area: "US", Origin: "MX", Sex: "total", Period: q(4), Value: 4.38857126235962, Status: "reported"},
		}
		if diff := cmp.Diff(want, obs); diff != "" {
			t.Errorf("observations (-want +got):\n%s", diff)
		}
		wantReport := &ingest.Report{Rows: 3, Observations: 7, Skipped: map[string]int{"no value": 4, "blank row": 2, "footer": 2},
			Unmapped: map[string]int{"Kosovo (KSV)": 1}}
		if diff := cmp.Diff(wantReport, file.Report); diff != "" {
			t.Errorf("report (-want +got):\n%s", diff)
		}
	}
}

// TestRPWErrors checks that faults name their line and column.
func TestRPWErrors(t *testing.T) {
	header := "Sending Countries Name,Sending Countries Code,Series Name,Series Code,Receiving Countries  Name,Receiving Countries  Code,2019Q1 [YR2019Q1],2019Q2 [YR2019Q2]\n"
	row := "Saudi Arabia,SAU,Average Total Cost to remit in corridor,ATCR.CORR,Philippines,PHL,4.65,..\n"
	footer := ",,,,,,,\nData from database: Remittance Prices Worldwide (Corridors),,,,,,,\nLast Updated: 12/07/2020,,,,,,,\n"
	for _, tc := range []struct{ name, in, where, says string }{
		{"bad number", header + "Saudi Arabia,SAU,A,ATCR.CORR,Philippines,PHL,4.65,\"4,2x\"\n" + footer, "line 2, column 8 (2019q2 [yr2019q2])", `"4,2x" is not a number`},
		{"no footer", header + row, "", "Last Updated"},
		{"day-first date", header + row + strings.Replace(footer, "12/07/2020", "13/07/2020", 1), "line 5", "month/day/year"},
		{"other database", header + row + strings.Replace(footer, "Remittance Prices Worldwide (Corridors)", "Global Financial Development", 1), "", "not Remittance Prices Worldwide"},
		{"missing receiving code column", strings.Replace(header, "Receiving Countries  Code", "Receiving", 1) + row + footer, "line 1", "no column receiving countries code"},
		{"no periods", "Sending Countries Code,Series Code,Receiving Countries Code\nSAU,ATCR.CORR,PHL\n" + footer, "line 1", "no period columns"},
		{"missing series code", header + "Saudi Arabia,SAU,A,,Philippines,PHL,4.65,..\n" + footer, "line 2, column 4 (series code)", "missing"},
		{"not a file", "", "", "empty"},
	} {
		_, err := func() ([]lmo.Observation, error) {
			file, err := ingest.RPW(strings.NewReader(tc.in), ilostatAreas(t))
			if err != nil {
				return nil, err
			}
			return ilostatReadAll(file)
		}()
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if where := ilostatPlace(t, err); where != tc.where || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v; want it at %q saying %q", tc.name, err, tc.where, tc.says)
		}
	}
}
