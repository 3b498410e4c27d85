package ingest_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
	"github.com/lmo-observatory/lmo/internal/shareddata"
	"github.com/lmo-observatory/lmo/starter"
)

var (
	ilostatAreaIndex     *lmo.AreaIndex
	ilostatAreaIndexOnce sync.Once
)

// ilostatAreas is the area index of the starter reference data
// (starter/countries.csv and regions.csv).
func ilostatAreas(tb testing.TB) *lmo.AreaIndex {
	tb.Helper()
	ilostatAreaIndexOnce.Do(func() {
		d, err := starter.Load()
		if err != nil {
			panic(err)
		}
		ilostatAreaIndex = lmo.NewAreaIndex(d.Countries, d.Regions)
	})
	return ilostatAreaIndex
}

// ilostatReadAll reads a file's stream to its end or first error.
func ilostatReadAll(file *ingest.StatisticsFile) ([]lmo.Observation, error) {
	var out []lmo.Observation
	for o, err := range file.Import.Observations {
		if err != nil {
			return out, err
		}
		out = append(out, o)
	}
	return out, nil
}

// ilostatPlace returns the place an *ingest.Error names, or fails.
func ilostatPlace(t *testing.T, err error) string {
	t.Helper()
	var e *ingest.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *ingest.Error", err, err)
	}
	if !errors.Is(err, &lmo.Error{Code: lmo.EINVALID}) && lmo.ErrorCode(err) != lmo.EINVALID {
		t.Errorf("error %v is not EINVALID", err)
	}
	return e.Where
}

func ilostatOpenShared(t *testing.T, rel string) *os.File {
	t.Helper()
	f, err := os.Open(shareddata.Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

const ilostatEAR = "ilostat/EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv"

// TestILOSTATLabelledReal reads ILOSTAT's labelled download of average
// monthly earnings, with expected values read from the file itself.
func TestILOSTATLabelledReal(t *testing.T) {
	f := ilostatOpenShared(t, ilostatEAR)
	file, err := ingest.ILOSTAT(f, ilostatAreas(t), ingest.ILOSTATOptions{FileName: f.Name()})
	if err != nil {
		t.Fatal(err)
	}
	d := file.Import.Dataset
	if d.Code != "ilostat" || d.Edition != "2025-06-01" || d.Publisher != "International Labour Organization (ILOSTAT)" ||
		d.URL != "https://ilostat.ilo.org/data/" || d.Licence != "CC BY 4.0" || d.LicenceURL != "https://creativecommons.org/licenses/by/4.0/" {
		t.Errorf("dataset: %+v", d)
	}
	if err := d.Validate(); err != nil {
		t.Error(err)
	}
	want := []*lmo.Indicator{{Code: "EAR_4MTH_SEX_GEO_CUR_NB_A", Dataset: "ilostat",
		Title: "Average monthly earnings of employees by sex and rural / urban areas", Unit: "currency (the classification says which)"}}
	if diff := cmp.Diff(want, file.Import.Indicators); diff != "" {
		t.Errorf("indicators (-want +got):\n%s", diff)
	}
	if len(file.Import.Aggregates) != 0 {
		t.Errorf("aggregates: %v", file.Import.Aggregates)
	}
	obs, err := ilostatReadAll(file)
	if err != nil {
		t.Fatal(err)
	}
	// The 18 rows of Afghanistan: the LFS of 2020 (a break in series) and
	// the HIES of 2014 (no status), by sex and area type.
	var afg []lmo.Observation
	statuses := map[string]int{}
	for _, o := range obs {
		statuses[o.Status]++
		if o.Area == "AF" {
			afg = append(afg, o)
		}
	}
	if len(afg) != 18 {
		t.Fatalf("%d observations of Afghanistan, want 18", len(afg))
	}
	lfs := lmo.Observation{Indicator: "EAR_4MTH_SEX_GEO_CUR_NB_A", Area: "AF", Sex: lmo.SexTotal, Other: "Area type: National | Currency: 2021 PPP $",
		Source: "LFS - Labour Force Survey", Period: lmo.Period{Year: 2020}, Value: 836.263, Status: lmo.StatusBreak,
		Note: "Currency: AFG - Afghani (AFN) | Break in series: Methodology revised | Repository: ILO-STATISTICS - Micro data processing"}
	if diff := cmp.Diff(lfs, afg[0]); diff != "" {
		t.Errorf("Afghanistan, LFS 2020, total, national (-want +got):\n%s", diff)
	}
	hies := lmo.Observation{Indicator: "EAR_4MTH_SEX_GEO_CUR_NB_A", Area: "AF", Sex: lmo.SexFemale, Other: "Area type: Urban | Currency: 2021 PPP $",
		Source: "HIES - Households Living Conditions Survey", Period: lmo.Period{Year: 2014}, Value: 434.81, Status: lmo.StatusReported,
		Note: "Currency: AFG - Afghani (AFN) | Repository: ILO-STATISTICS - Micro data processing"}
	if diff := cmp.Diff(hies, afg[17]); diff != "" {
		t.Errorf("Afghanistan, HIES 2014, female, urban (-want +got):\n%s", diff)
	}
	if afg[4].Value != 720.672 || afg[4].Sex != lmo.SexMale || afg[4].Other != "Area type: Rural | Currency: 2021 PPP $" {
		t.Errorf("Afghanistan, LFS 2020, male, rural: %+v", afg[4])
	}
	// Counts, so that any change shows.
	// Every area maps: the United Kingdom and Tanzania by their ISO names.
	wantReport := &ingest.Report{Rows: 6234, Observations: 6234, Skipped: map[string]int{}, Unmapped: map[string]int{}}
	if diff := cmp.Diff(wantReport, file.Report); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{lmo.StatusReported: 5725, lmo.StatusBreak: 504, lmo.StatusUnreliable: 5}, statuses); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
}

// TestILOSTATLabelledOnce reads the real file through a reader that cannot
// seek: one pass, the same observations.
func TestILOSTATLabelledOnce(t *testing.T) {
	b, err := os.ReadFile(shareddata.Path(t, ilostatEAR))
	if err != nil {
		t.Fatal(err)
	}
	twice, err := ingest.ILOSTAT(bytes.NewReader(b), ilostatAreas(t), ingest.ILOSTATOptions{FileName: ilostatEAR})
	if err != nil {
		t.Fatal(err)
	}
	once, err := ingest.ILOSTAT(iotest.HalfReader(bytes.NewReader(b)), ilostatAreas(t), ingest.ILOSTATOptions{FileName: ilostatEAR})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(twice.Import.Indicators, once.Import.Indicators); diff != "" {
		t.Errorf("indicators (-twice +once):\n%s", diff)
	}
	a, errA := ilostatReadAll(twice)
	o, errO := ilostatReadAll(once)
	if errA != nil || errO != nil {
		t.Fatal(errA, errO)
	}
	if diff := cmp.Diff(a, o); diff != "" {
		t.Errorf("observations (-twice +once):\n%s", diff)
	}
}

func ilostatTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestILOSTATCoded reads a small synthetic coded file: several
// indicators and frequencies, the world, an ILO aggregate, an area that
// maps to nothing, breakdowns by code prefix, statuses by code.
func TestILOSTATCoded(t *testing.T) {
	in := ilostatTestdata(t, "ilostat_coded_synthetic.csv")
	file, err := ingest.ILOSTAT(bytes.NewReader(in), ilostatAreas(t), ingest.ILOSTATOptions{Edition: "2025-06-01"})
	if err != nil {
		t.Fatal(err)
	}
	wantIndicators := []*lmo.Indicator{
		{Code: "MFL_FEMP_SEX_CBR_NB_A", Dataset: "ilostat", Title: "MFL_FEMP_SEX_CBR_NB_A", Unit: "number (see the indicator's label for its scale)"},
		{Code: "EMP_TEMP_SEX_AGE_GEO_NB_Q", Dataset: "ilostat", Title: "EMP_TEMP_SEX_AGE_GEO_NB_Q", Unit: "number (see the indicator's label for its scale)"},
		{Code: "EMP_TEMP_SEX_AGE_GEO_NB_M", Dataset: "ilostat", Title: "EMP_TEMP_SEX_AGE_GEO_NB_M", Unit: "number (see the indicator's label for its scale)"},
		{Code: "EMP_TEMP_SEX_AGE_GEO_NB_A", Dataset: "ilostat", Title: "EMP_TEMP_SEX_AGE_GEO_NB_A", Unit: "number (see the indicator's label for its scale)"},
	}
	if diff := cmp.Diff(wantIndicators, file.Import.Indicators); diff != "" {
		t.Errorf("indicators (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]lmo.Aggregate{{Code: "ILO:X06", Name: "ILOSTAT aggregate X06"}}, file.Import.Aggregates); diff != "" {
		t.Errorf("aggregates (-want +got):\n%s", diff)
	}
	obs, err := ilostatReadAll(file)
	if err != nil {
		t.Fatal(err)
	}
	a := "MFL_FEMP_SEX_CBR_NB_A"
	y2020 := lmo.Period{Year: 2020}
	want := []lmo.Observation{
		{Indicator: a, Area: "AF", Sex: "total", Migrant: "CBR_BIR_FOREIGN", Source: "BA:1", Period: y2020, Value: 12.5, Status: "reported", Note: "R1:3513"},
		{Indicator: a, Area: "AF", Sex: "female", Migrant: "CBR_BIR_FOREIGN", Source: "BA:1", Period: y2020, Value: 4.25, Status: "break", Note: "T30:5971 | R1:3513"},
		{Indicator: a, Area: "001", Sex: "male", Migrant: "CBR_BIR_FOREIGN", Source: "XA:9", Period: y2020, Value: 8.25, Status: "reported"},
		{Indicator: a, Area: "ILO:X06", Sex: "total", Migrant: "CBR_BIR_NATIVE", Source: "XA:9", Period: y2020, Value: 100, Status: "estimated"},
		{Indicator: "EMP_TEMP_SEX_AGE_GEO_NB_Q", Area: "PH", Sex: "other", Age: "AGE_YTHADULT_YGE15", Other: "GEO_COV_URB", Source: "BA:3",
			Period: lmo.Period{Year: 2020, Quarter: 1}, Value: 7, Status: "unreliable", Note: "C30:6542"},
		{Indicator: "EMP_TEMP_SEX_AGE_GEO_NB_M", Area: "PH", Sex: "total", Activity: "ECO_SECTOR_AGR", Occupation: "OCU_SKILL_L1", Source: "BA:3",
			Period: lmo.Period{Year: 2020, Month: 1}, Status: "unavailable"},
		{Indicator: "EMP_TEMP_SEX_AGE_GEO_NB_A", Area: "PH", Sex: "total", Other: "GEO_COV_URB EDU_AGGREGATE_BAS", Source: "BA:3",
			Period: lmo.Period{Year: 2021}, Value: 1234.5, Status: "imputed"},
	}
	if diff := cmp.Diff(want, obs); diff != "" {
		t.Errorf("observations (-want +got):\n%s", diff)
	}
	wantReport := &ingest.Report{Rows: 8, Observations: 7, Skipped: map[string]int{}, Unmapped: map[string]int{"KOS": 1}}
	if diff := cmp.Diff(wantReport, file.Report); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}

	// The same file gzipped, through MaybeGzip: the same import.
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(in)
	zw.Close()
	r, err := ingest.MaybeGzip(bytes.NewReader(gz.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	zfile, err := ingest.ILOSTAT(r, ilostatAreas(t), ingest.ILOSTATOptions{Edition: "2025-06-01"})
	if err != nil {
		t.Fatal(err)
	}
	zobs, err := ilostatReadAll(zfile)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, zobs); diff != "" {
		t.Errorf("gzipped (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(file.Import, zfile.Import, cmp.FilterPath(func(p cmp.Path) bool { return p.String() == "Observations" }, cmp.Ignore())); diff != "" {
		t.Errorf("gzipped import (-plain +gz):\n%s", diff)
	}
	// A gzip stream that cannot seek is read once.
	r, err = ingest.MaybeGzip(iotest.HalfReader(bytes.NewReader(gz.Bytes())))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := r.(interface {
		Seek(int64, int) (int64, error)
	}); ok {
		t.Error("MaybeGzip of a reader that cannot seek returned a Seeker")
	}
	// Plain input comes back as it was.
	plain := bytes.NewReader(in)
	if r, err := ingest.MaybeGzip(plain); err != nil || r != plain {
		t.Errorf("MaybeGzip(plain) = %v, %v; want the reader itself", r, err)
	}
}

// TestILOSTATCodedOnce reads a coded file that cannot seek: its
// indicator comes from the first row, an ILO aggregate cannot be listed
// in advance and is reported unmapped, and a second indicator is an error
// that says what to do.
func TestILOSTATCodedOnce(t *testing.T) {
	in := ilostatTestdata(t, "ilostat_coded_synthetic.csv")
	file, err := ingest.ILOSTAT(iotest.HalfReader(bytes.NewReader(in)), ilostatAreas(t), ingest.ILOSTATOptions{Edition: "2025-06-01"})
	if err != nil {
		t.Fatal(err)
	}
	if len(file.Import.Indicators) != 1 || file.Import.Indicators[0].Code != "MFL_FEMP_SEX_CBR_NB_A" || len(file.Import.Aggregates) != 0 {
		t.Errorf("indicators %v, aggregates %v", file.Import.Indicators, file.Import.Aggregates)
	}
	obs, err := ilostatReadAll(file)
	if err == nil || ilostatPlace(t, err) != "line 8, column 3 (indicator)" || !strings.Contains(err.Error(), "read twice") {
		t.Errorf("err = %v", err)
	}
	if len(obs) != 3 {
		t.Errorf("%d observations before the error, want 3", len(obs))
	}
	if diff := cmp.Diff(map[string]int{"KOS": 1, "X06 (an ILO aggregate, not listed: the file was read once)": 1}, file.Report.Unmapped); diff != "" {
		t.Errorf("unmapped (-want +got):\n%s", diff)
	}
}

// TestILOSTATLabelled reads a small synthetic labelled file: a title line
// before the header, columns in another order with other case and
// spacing, ILOSTAT's region names as the ILO regions, the world and an
// income group, breakdowns by label prefix, statuses by label.
func TestILOSTATLabelled(t *testing.T) {
	in := ilostatTestdata(t, "ilostat_labelled_synthetic.csv")
	file, err := ingest.ILOSTAT(bytes.NewReader(in), ilostatAreas(t), ingest.ILOSTATOptions{FileName: "/tmp/EAR_XEES_SEX_ECO_NB_A-20250601.csv", Edition: "2025-06-01"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*lmo.Indicator{{Code: "EAR_XEES_SEX_ECO_NB_A", Dataset: "ilostat", Title: "Average monthly earnings of employees", Unit: "number (see the indicator's label for its scale)"}}, file.Import.Indicators); diff != "" {
		t.Errorf("indicators (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]lmo.Aggregate{{Code: "ILO:world-low-income", Name: "World: Low income"}}, file.Import.Aggregates); diff != "" {
		t.Errorf("aggregates (-want +got):\n%s", diff)
	}
	obs, err := ilostatReadAll(file)
	if err != nil {
		t.Fatal(err)
	}
	c := "EAR_XEES_SEX_ECO_NB_A"
	y := lmo.Period{Year: 2019}
	want := []lmo.Observation{
		{Indicator: c, Area: "PH", Sex: "female", Migrant: "Place of birth: Foreign-born", Activity: "Economic activity (Aggregate): Agriculture",
			Source: "LFS - Labour Force Survey", Period: y, Value: 1500.5, Status: "reported", Note: "Currency: PHP | Repository: ILO"},
		{Indicator: c, Area: "arab-states", Sex: "total", Age: "Age (Youth, adults): 15+", Occupation: "Occupation (ISCO-08): Total",
			Source: "ILO - Modelled Estimates", Period: y, Value: 20, Status: "unreliable"},
		{Indicator: c, Area: "americas", Sex: "male", Migrant: "Citizenship: Non-citizens", Other: "Area type: Urban",
			Source: "ILO - Modelled Estimates", Period: y, Value: 21, Status: "reported"},
		{Indicator: c, Area: "001", Sex: "total", Other: "Area type: National | Currency: 2021 PPP $", Period: y, Value: 22, Status: "break"},
		{Indicator: c, Area: "ILO:world-low-income", Sex: "total", Period: y, Value: 23, Status: "reported"},
		{Indicator: c, Area: "CI", Sex: "other", Period: y, Status: "unavailable"},
	}
	if diff := cmp.Diff(want, obs); diff != "" {
		t.Errorf("observations (-want +got):\n%s", diff)
	}
	wantReport := &ingest.Report{Rows: 7, Observations: 6, Skipped: map[string]int{}, Unmapped: map[string]int{"Kosovo": 1}}
	if diff := cmp.Diff(wantReport, file.Report); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
}

// TestILOSTATOptions checks where the edition and a labelled file's
// indicator come from, and the errors that ask for them.
func TestILOSTATOptions(t *testing.T) {
	in := ilostatTestdata(t, "ilostat_labelled_synthetic.csv")
	for _, tc := range []struct {
		opt           ingest.ILOSTATOptions
		edition, code string
		err           string
	}{
		{opt: ingest.ILOSTATOptions{FileName: "EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv"}, edition: "2025-06-01", code: "EAR_4MTH_SEX_GEO_CUR_NB_A"},
		{opt: ingest.ILOSTATOptions{FileName: "dir/EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv.gz", Edition: "2025-07-01", Indicator: "X_Y_Z_A"}, edition: "2025-07-01", code: "X_Y_Z_A"},
		{opt: ingest.ILOSTATOptions{FileName: "EAR_4MTH_SEX_GEO_CUR_NB_A.csv"}, err: "--edition"},
		{opt: ingest.ILOSTATOptions{Edition: "2025-06-01"}, err: "--indicator"},
		{opt: ingest.ILOSTATOptions{FileName: "download-2025-06-01.csv"}, err: "--indicator"},
		{opt: ingest.ILOSTATOptions{Edition: "2025-13-01", Indicator: "A_B_C_A"}, err: "no month 13"},
		{opt: ingest.ILOSTATOptions{Edition: "2025-06-01", Indicator: "A B"}, err: "--indicator: indicator code"},
	} {
		file, err := ingest.ILOSTAT(bytes.NewReader(in), ilostatAreas(t), tc.opt)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%+v: err = %v, want one that says %s", tc.opt, err, tc.err)
			} else {
				ilostatPlace(t, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%+v: %v", tc.opt, err)
			continue
		}
		if file.Import.Dataset.Edition != tc.edition || file.Import.Indicators[0].Code != tc.code {
			t.Errorf("%+v: edition %s, indicator %s", tc.opt, file.Import.Dataset.Edition, file.Import.Indicators[0].Code)
		}
	}
}

// TestILOSTATErrors checks that faults name their line and column.
func TestILOSTATErrors(t *testing.T) {
	coded := "ref_area,indicator,sex,time,obs_value,obs_status\n"
	labelled := "ref_area.label,indicator.label,time,obs_value,obs_status.label\n"
	for _, tc := range []struct{ name, in, where, says string }{
		{"bad number", coded + "AFG,EMP_X_NB,SEX_T,2020,1\nAFG,EMP_X_NB,SEX_T,2021,\"12,5x\",\n", "line 3, column 5 (obs value)", `"12,5x" is not a number`},
		{"unknown status code", coded + "AFG,EMP_X_NB,SEX_T,2020,1,Z\n", "line 2, column 6 (obs status)", `status "Z"`},
		{"unknown status label", labelled + "Philippines,T,2020,1,Provisional-ish\n", "line 2, column 5 (obs status.label)", `status "Provisional-ish"`},
		{"bad period", coded + "AFG,EMP_X_NB,SEX_T,2020S1,1,\n", "line 2, column 4 (time)", "period"},
		{"bad sex", coded + "AFG,EMP_X_NB,SEX_X,2020,1,\n", "line 2, column 3 (sex)", `sex "SEX_X"`},
		{"missing area", coded + ",EMP_X_NB,SEX_T,2020,1,\n", "line 2, column 1 (ref area)", "missing"},
		{"missing column", "ref_area,indicator,sex,time,value\nAFG,EMP_X_NB,SEX_T,2020,1\n", "line 1", "no column obs value"},
		{"no header", "a,b\n1,2\n", "", "no header row"},
		{"empty", "", "", "empty"},
		{"two indicators in a labelled file", labelled + "Philippines,T,2020,1,\nPhilippines,U,2020,1,\n", "line 3, column 2 (indicator.label)", "a second indicator"},
		{"bad quote", coded + "AFG,EMP_X_NB,SEX_T,2020,1\"x,\n", "line 2, column 26", "quote"},
	} {
		_, err := func() ([]lmo.Observation, error) {
			file, err := ingest.ILOSTAT(strings.NewReader(tc.in), ilostatAreas(t), ingest.ILOSTATOptions{Edition: "2025-06-01", Indicator: "EMP_X_NB_A"})
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

// TestILOSTATUnits checks the units read from indicators' labels and codes.
func TestILOSTATUnits(t *testing.T) {
	in := "ref_area,indicator,indicator.label,time,obs_value\n" +
		"AFG,UNE_DEAP_SEX_AGE_RT,Unemployment rate by sex and age (%),2020,1\n" +
		"AFG,EMP_TEMP_SEX_AGE_NB,Employment by sex and age (thousands),2020,1\n" +
		"AFG,EAR_4MTH_SEX_GEO_CUR_NB,Average monthly earnings,2020,1\n" +
		"AFG,EMP_DWAP_SEX_AGE_RT,Employment-to-population ratio,2020,1\n" +
		"AFG,POP_XWAP_SEX_AGE_CUR_XX,Something (per mille),2020,1\n"
	file, err := ingest.ILOSTAT(strings.NewReader(in), ilostatAreas(t), ingest.ILOSTATOptions{Edition: "2025-06-01"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, in := range file.Import.Indicators {
		got = append(got, in.Code+": "+in.Unit)
	}
	want := []string{"UNE_DEAP_SEX_AGE_RT_A: percent", "EMP_TEMP_SEX_AGE_NB_A: thousands",
		"EAR_4MTH_SEX_GEO_CUR_NB_A: currency (the classification says which)", "EMP_DWAP_SEX_AGE_RT_A: percent",
		"POP_XWAP_SEX_AGE_CUR_XX_A: currency (the classification says which)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("units (-want +got):\n%s", diff)
	}
}

// BenchmarkILOSTATCoded reads a synthetic coded file of 100,000 rows
// (made-up values) twice, as ILOSTAT does with a file that can seek:
// rows a second are the measure, and allocations a row show that memory
// does not grow with the file.
func BenchmarkILOSTATCoded(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("ref_area,source,indicator,sex,classif1,classif2,time,obs_value,obs_status,note_classif,note_indicator,note_source\n")
	countries := []string{"AFG", "PHL", "MEX", "X01", "X06"}
	for i := range 100000 {
		buf.WriteString(countries[i%len(countries)])
		buf.WriteString(",BA:1,EMP_TEMP_SEX_CBR_NB,SEX_T,CBR_BIR_FOREIGN,,")
		buf.WriteString(strconv.Itoa(1990 + i%30))
		buf.WriteString(",")
		buf.WriteString(strconv.Itoa(i))
		buf.WriteString(".5,,,,R1:3513\n")
	}
	in := buf.Bytes()
	areas := ilostatAreas(b)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		file, err := ingest.ILOSTAT(bytes.NewReader(in), areas, ingest.ILOSTATOptions{Edition: "2025-06-01"})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, err := range file.Import.Observations {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 100000 {
			b.Fatal(n)
		}
	}
	b.ReportMetric(float64(b.N*100000)/b.Elapsed().Seconds(), "rows/s")
}
