package ingest_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
	"github.com/lmo-observatory/lmo/internal/shareddata"
)

// TestUNDESAOrigin2019 reads the publisher's 2019 table of female migrants
// by origin and destination and checks cells against the file (line and
// column of the CSV, from 1).
func TestUNDESAOrigin2019(t *testing.T) {
	f, err := os.Open(shareddata.Path(t, "undesa/UN_MigrantStockFemale_2019.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sf, err := ingest.UNDESAOrigin(f, undesaAreaIndex(t))
	if err != nil {
		t.Fatal(err)
	}
	ds := sf.Import.Dataset
	if err := ds.Validate(); err != nil {
		t.Fatal(err)
	}
	if ds.Code != "undesa-ims" || ds.Edition != "2019" || ds.Title != "International Migrant Stock 2019" ||
		ds.Citation != "United Nations, Department of Economic and Social Affairs. Population Division (2019). International Migrant Stock 2019 (United Nations database, POP/DB/MIG/Stock/Rev.2019)." ||
		ds.Licence != "CC BY 3.0 IGO" {
		t.Errorf("dataset %+v", ds)
	}
	if len(sf.Import.Indicators) != 1 || sf.Import.Indicators[0].Code != "IMS_STOCK_BY_ORIGIN" || sf.Import.Indicators[0].Unit != "persons" {
		t.Errorf("indicators %+v", sf.Import.Indicators)
	}
	var aggs []string
	for _, a := range sf.Import.Aggregates {
		aggs = append(aggs, a.Code)
	}
	// 1830 and 917/918 are the SDG regions' twins of the geographic 904, 908
	// and 905 (the smaller codes take the M49 regions); 903 Africa is M49
	// 002; 927 "Australia / New Zealand" is read as M49 053.
	wantAggs := []string{"UNDESA:901", "UNDESA:902", "UNDESA:917", "UNDESA:918", "UNDESA:921", "UNDESA:934", "UNDESA:941",
		"UNDESA:1500", "UNDESA:1501", "UNDESA:1502", "UNDESA:1503", "UNDESA:1517", "UNDESA:1829", "UNDESA:1830", "UNDESA:1832", "UNDESA:1833",
		"UNDESA:OTHER_SOUTH", "UNDESA:OTHER_NORTH"}
	if diff := cmp.Diff(wantAggs, aggs); diff != "" {
		t.Errorf("aggregates (-want +got):\n%s", diff)
	}
	obs := undesaObs(t, sf)
	for _, c := range []struct {
		key    string
		value  float64
		status string
	}{
		// WORLD 2019, line 1715: Total (column 7), Other South (8), Other North (9).
		{"IMS_STOCK_BY_ORIGIN 001 female 2019", 130154101, "estimated"},
		{"IMS_STOCK_BY_ORIGIN 001>UNDESA:OTHER_SOUTH female 2019", 3677163, "estimated"},
		{"IMS_STOCK_BY_ORIGIN 001>UNDESA:OTHER_NORTH female 2019", 1699000, "estimated"},
		// WORLD 1990, line 17, column 7.
		{"IMS_STOCK_BY_ORIGIN 001 female 1990", 75349784, "estimated"},
		// Germany 2019 (line 1986) from Turkey (column 221): the origin
		// "Turkey" found through the file's own destination row (code 792).
		{"IMS_STOCK_BY_ORIGIN DE>TR female 2019", 716185, "estimated"},
		// United States of America 2019 (line 1997) from Mexico (column 144)
		// and the Philippines (173).
		{"IMS_STOCK_BY_ORIGIN US>MX female 2019", 5351204, "estimated"},
		{"IMS_STOCK_BY_ORIGIN US>PH female 2019", 1269989, "estimated"},
		// Saudi Arabia 2019 (line 1814) from India (column 108).
		{"IMS_STOCK_BY_ORIGIN SA>IN female 2019", 743457, "estimated"},
		// Guam 2019 (line 1921) from Micronesia (Fed. States of) (column 145).
		{"IMS_STOCK_BY_ORIGIN GU>FM female 2019", 5405, "estimated"},
		// France 2019 (line 1985): Total and Algeria (column 12).
		{"IMS_STOCK_BY_ORIGIN FR female 2019", 4315585, "estimated"},
		{"IMS_STOCK_BY_ORIGIN FR>DZ female 2019", 743797, "estimated"},
		// Montenegro 2019 (line 1975) from Albania (column 11); 1990 is "-".
		{"IMS_STOCK_BY_ORIGIN ME>AL female 2019", 1609, "estimated"},
		// Regions: Oceania (909, line 1734), Latin America and the Caribbean
		// (904, line 1732) and its SDG twin (1830), Africa (903, line 1729).
		{"IMS_STOCK_BY_ORIGIN 009 female 2019", 4502733, "estimated"},
		{"IMS_STOCK_BY_ORIGIN 419 female 2019", 5826152, "estimated"},
		{"IMS_STOCK_BY_ORIGIN UNDESA:1830 female 2019", 5826152, "estimated"},
		{"IMS_STOCK_BY_ORIGIN 002 female 2019", 12468436, "estimated"},
	} {
		o, ok := obs[c.key]
		if !ok {
			t.Errorf("%s: missing", c.key)
			continue
		}
		if o.Value != c.value || o.Status != c.status {
			t.Errorf("%s = %v %s, want %v %s", c.key, o.Value, o.Status, c.value, c.status)
		}
	}
	for _, k := range []string{"IMS_STOCK_BY_ORIGIN ME>AL female 1990", "IMS_STOCK_BY_ORIGIN JP>KP female 2019"} {
		if _, ok := obs[k]; ok {
			t.Errorf("%s: yielded, want none (\"-\" or an empty cell)", k)
		}
	}
	count := map[string]int{}
	for _, o := range obs {
		count[o.Status]++
	}
	if diff := cmp.Diff(map[string]int{"estimated": 156521, "imputed": 569}, count); diff != "" {
		t.Errorf("observations by status (-want +got):\n%s", diff)
	}
	wantReport := []string{
		"rows read: 1981",
		"observations: 157090",
		"skipped 298213: cell empty",
		"skipped 358: cell not available (..)",
		"skipped 35: row without a location code (a heading or a footnote)",
		// OCEANIA and Oceania (909), once for each year.
		"skipped 7: row repeated under a second grouping (same location code and year)",
		"skipped 4: cell with no value (-)",
	}
	if diff := cmp.Diff(wantReport, sf.Report.Lines()); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
}

func readOrigin(tb testing.TB, in string) (*ingest.StatisticsFile, map[string]lmo.Observation, error) {
	tb.Helper()
	sf, err := ingest.UNDESAOrigin(strings.NewReader(in), undesaAreaIndex(tb))
	if err != nil {
		return nil, nil, err
	}
	return sf, undesaObs(tb, sf), nil
}

func TestUNDESAOriginSynthetic(t *testing.T) {
	b, err := os.ReadFile("testdata/undesa_origin_synthetic.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		in   string
		sex  string
	}{
		{"as published", string(b), "female"},
		{"a male table, read a byte at a time", strings.Replace(string(b), "Table 3. Female migrant", "Table 2. Male migrant", 1), "male"},
		{"both sexes", strings.Replace(string(b), "Table 3. Female migrant", "Table 1. International migrant", 1), "total"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sf *ingest.StatisticsFile
			var err error
			if tc.sex == "male" {
				sf, err = ingest.UNDESAOrigin(iotest.OneByteReader(strings.NewReader(tc.in)), undesaAreaIndex(t))
			} else {
				sf, err = ingest.UNDESAOrigin(strings.NewReader(tc.in), undesaAreaIndex(t))
			}
			if err != nil {
				t.Fatal(err)
			}
			obs := undesaObs(t, sf)
			want := map[string]float64{
				"001": 1000, "001>UNDESA:OTHER_SOUTH": 10, "001>UNDESA:OTHER_NORTH": 20, "001>TR": 30,
				"UNDESA:901": 1200, "UNDESA:901>UNDESA:OTHER_NORTH": 1, "UNDESA:901>MX": 5,
				"419": 50, "419>MX": 2, "UNDESA:1830": 50, "UNDESA:1830>MX": 2, "009": 7,
				"DE": 2643053, "DE>UNDESA:OTHER_SOUTH": 31, "DE>UNDESA:OTHER_NORTH": 109678, "DE>MX": 12, "TR": 1150,
			}
			got := map[string]float64{}
			for k, o := range obs {
				if o.Sex != tc.sex {
					t.Errorf("%s: sex %s", k, o.Sex)
				}
				if o.Period.Year == 1990 {
					got[strings.Fields(k)[1]] = o.Value
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("1990 (-want +got):\n%s", diff)
			}
			if len(obs) != 21 {
				t.Errorf("%d observations", len(obs))
			}
			if n := obs["IMS_STOCK_BY_ORIGIN UNDESA:901 "+tc.sex+" 1990"].Note; n != "Note b of the publisher's table." {
				t.Errorf("note %q", n)
			}
			if n := obs["IMS_STOCK_BY_ORIGIN TR "+tc.sex+" 1990"].Note; n != "Type of data B R: estimated from data on the foreign-born population; refugees and asylum seekers reported by UNHCR or UNRWA added." {
				t.Errorf("note %q", n)
			}
			wantReport := []string{
				"rows read: 11", "observations: 21",
				"skipped 18: cell empty", "skipped 3: cell not available (..)",
				"skipped 1: cell with no value (-)", "skipped 1: row repeated under a second grouping (same location code and year)",
				"skipped 1: row without a location code (a heading or a footnote)",
				"area not mapped, 2 observations: Atlantis (111)",
			}
			if diff := cmp.Diff(wantReport, sf.Report.Lines()); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUNDESAOriginColumnsReordered(t *testing.T) {
	in := "International Migrant Stock 2019\nFemale migrant stock at mid-year by origin and by destination\n" +
		"Code,Type of data (a),Country or area of origin,,,Destination,Year\n" +
		",,Mexico,Total,Unknownland,,\n" +
		"484,B,..,\"1,234\",5,Mexico,2019\n" +
		"276,C,7,10,3,Germany,2019\n"
	sf, obs, err := readOrigin(t, in)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"IMS_STOCK_BY_ORIGIN DE female 2019", "IMS_STOCK_BY_ORIGIN DE>MX female 2019", "IMS_STOCK_BY_ORIGIN MX female 2019"}
	var got []string
	for k := range obs {
		got = append(got, k)
	}
	if diff := cmp.Diff(want, got, cmpSorted); diff != "" {
		t.Errorf("observations (-want +got):\n%s", diff)
	}
	if obs[want[2]].Value != 1234 || obs[want[1]].Value != 7 {
		t.Errorf("values %+v", obs)
	}
	if sf.Report.Unmapped["origin Unknownland"] != 2 {
		t.Errorf("unmapped %v", sf.Report.Unmapped)
	}
}

var cmpSorted = cmp.Transformer("sort", func(in []string) []string {
	out := append([]string(nil), in...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
})

func TestUNDESAOriginErrors(t *testing.T) {
	const head = "International Migrant Stock 2019\nTable 3. Female migrant stock at mid-year by origin and by destination\n" +
		"Year,Sort order,Destination,Notes,Code,Type of data (a),Country or area of origin,\n" +
		",,,,,,Total,Mexico\n"
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "no header row"},
		{"not the right table", "Country Name,Country Code,1990\nWorld,WLD,1\n", "no header row"},
		{"no title", "Year,Destination,Code,Country or area of origin\n,,,Total\n", "line 1: the title rows above the header do not say which table this is"},
		{"no edition", "Female migrant stock by origin\nYear,Destination,Code,Country or area of origin\n,,,Total\n", "line 2: the title rows above the header do not say the edition"},
		{"no origins", strings.SplitAfterN(head, "\n", 4)[0] + strings.SplitAfterN(head, "\n", 4)[1] + strings.SplitAfterN(head, "\n", 4)[2], "the row of origins' names is missing"},
		{"two origins one area", strings.Replace(head, "Total,Mexico", "Mexico,México", 1), `line 4, column 8: the origin "México" is the same area as "Mexico"`},
		{"a bad number", head + "2019,1,WORLD,,900,,\"1,000\",12x\n", `line 5, column 8 (Mexico): WORLD: "12x" is not a number`},
		{"a bad year", head + "19,1,WORLD,,900,,\"1,000\",1\n", `line 5, column 1 (year): "19" is not a year`},
		{"a bad code", head + "2019,1,WORLD,,9o0,,\"1,000\",1\n", `line 5, column 5 (code): the location code "9o0" is not a number`},
		{"a bare quote", head + "2019,1,WO\"RLD,,900,,1,1\n", "line 5, column"},
		{"not UTF-8", head + "2019,1,W\xffRLD,,900,,1,1\n", "line 5, column 3: the text is not UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sf, _, err := func() (*ingest.StatisticsFile, int, error) {
				sf, err := ingest.UNDESAOrigin(strings.NewReader(tc.in), undesaAreaIndex(t))
				if err != nil {
					return nil, 0, err
				}
				for _, err := range sf.Import.Observations {
					if err != nil {
						return sf, 0, err
					}
				}
				return sf, 0, nil
			}()
			if err == nil {
				t.Fatalf("no error; report %v", sf.Report.Lines())
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want %q", err, tc.want)
			}
			var ie *ingest.Error
			if !errors.As(err, &ie) || lmo.ErrorCode(err) != lmo.EINVALID {
				t.Errorf("%v is not an EINVALID *ingest.Error", err)
			}
		})
	}
}
