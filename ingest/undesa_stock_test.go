package ingest_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
	"github.com/lmo-observatory/lmo/internal/shareddata"
	"github.com/lmo-observatory/lmo/starter"
	"github.com/xuri/excelize/v2"
)

// undesaAreaIndex is the area index of the starter reference data, as the
// import command builds it.
func undesaAreaIndex(tb testing.TB) *lmo.AreaIndex {
	tb.Helper()
	d, err := starter.Load()
	if err != nil {
		tb.Fatal(err)
	}
	return lmo.NewAreaIndex(d.Countries, d.Regions)
}

// undesaObs reads a stream to the end into observations by a short key
// ("IMS_STOCK 001 total 2020", with the origin after the area when there is
// one), checking that each is valid, that no key comes twice, and that
// every area is a reference area or one of the import's aggregates.
func undesaObs(tb testing.TB, sf *ingest.StatisticsFile) map[string]lmo.Observation {
	tb.Helper()
	aggs := map[string]bool{}
	for _, a := range sf.Import.Aggregates {
		if aggs[a.Code] {
			tb.Errorf("aggregate %s listed twice", a.Code)
		}
		aggs[a.Code] = true
	}
	out := map[string]lmo.Observation{}
	keys := map[string]bool{}
	for o, err := range sf.Import.Observations {
		if err != nil {
			tb.Fatal(err)
		}
		if err := o.Validate(); err != nil {
			tb.Fatalf("%+v: %v", o, err)
		}
		if keys[o.Key()] {
			tb.Fatalf("observation twice: %s", o.Key())
		}
		keys[o.Key()] = true
		for _, a := range []string{o.Area, o.Origin} {
			if strings.Contains(a, ":") && !aggs[a] {
				tb.Fatalf("%s is not among the import's aggregates", a)
			}
		}
		k := o.Indicator + " " + o.Area
		if o.Origin != "" {
			k += ">" + o.Origin
		}
		out[k+" "+o.Sex+" "+o.Period.String()] = o
	}
	if len(keys) != sf.Report.Observations {
		tb.Errorf("the report counts %d observations, the stream gave %d", sf.Report.Observations, len(keys))
	}
	return out
}

func openStock(tb testing.TB) (*os.File, int64) {
	tb.Helper()
	f, err := os.Open(shareddata.Path(tb, "undesa/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	st, err := f.Stat()
	if err != nil {
		tb.Fatal(err)
	}
	return f, st.Size()
}

// TestUNDESAStock2020 reads the publisher's 2020 workbook and checks values
// against its own cells (raw values, as stored in the workbook).
func TestUNDESAStock2020(t *testing.T) {
	f, size := openStock(t)
	sf, err := ingest.UNDESAStock(f, size, undesaAreaIndex(t))
	if err != nil {
		t.Fatal(err)
	}
	ds := sf.Import.Dataset
	if err := ds.Validate(); err != nil {
		t.Fatal(err)
	}
	want := lmo.Dataset{Code: "undesa-ims", Edition: "2020",
		Publisher:  "United Nations Department of Economic and Social Affairs, Population Division",
		Title:      "International Migrant Stock 2020: Destination",
		URL:        "https://www.un.org/development/desa/pd/content/international-migrant-stock",
		Licence:    "CC BY 3.0 IGO",
		LicenceURL: "https://creativecommons.org/licenses/by/3.0/igo/",
		Citation:   "United Nations Department of Economic and Social Affairs, Population Division (2020). International Migrant Stock 2020."}
	if diff := cmp.Diff(want, ds); diff != "" {
		t.Errorf("dataset (-want +got):\n%s", diff)
	}
	var codes []string
	for _, in := range sf.Import.Indicators {
		if err := in.Validate(); err != nil || in.Dataset != "undesa-ims" {
			t.Errorf("indicator %+v: %v", in, err)
		}
		codes = append(codes, in.Code+" "+in.Unit)
	}
	if diff := cmp.Diff([]string{"IMS_STOCK persons", "IMS_STOCK_PCT_POP percent", "IMS_FEMALE_PCT percent"}, codes); diff != "" {
		t.Errorf("indicators (-want +got):\n%s", diff)
	}
	var aggs []string
	for _, a := range sf.Import.Aggregates {
		aggs = append(aggs, a.Code+" "+a.Name)
	}
	// Development and income groups, SDG regions that are not M49 regions,
	// the SDG region of Latin America and the Caribbean (1830: the
	// geographic region 904, the smaller code, takes M49 419). AFRICA (903)
	// is M49 002: a name means the M49 region before the ILO region.
	wantAggs := []string{
		"UNDESA:901 Developed regions", "UNDESA:902 Less developed regions",
		"UNDESA:921 Central and Southern Asia", "UNDESA:934 Less developed regions, excluding least developed countries",
		"UNDESA:941 Least developed countries", "UNDESA:948 Less developed regions, excluding China",
		"UNDESA:1500 Low-income countries", "UNDESA:1501 Lower-middle-income countries", "UNDESA:1502 Upper-middle-income countries",
		"UNDESA:1503 High-income countries", "UNDESA:1517 Middle-income countries",
		"UNDESA:1636 Land-locked Developing Countries (LLDC)", "UNDESA:1637 Small island developing States (SIDS)",
		"UNDESA:1829 Europe and Northern America", "UNDESA:1830 Latin America and the Caribbean",
		"UNDESA:1832 Eastern and South-Eastern Asia", "UNDESA:1833 Northern Africa and Western Asia",
		"UNDESA:1835 Oceania (excluding Australia and New Zealand)",
	}
	if diff := cmp.Diff(wantAggs, aggs); diff != "" {
		t.Errorf("aggregates (-want +got):\n%s", diff)
	}

	obs := undesaObs(t, sf)
	for _, c := range []struct {
		key    string
		value  float64
		status string
	}{
		// Table 1, WORLD (row 12): L12, S12, Z12 (2020 by sex), F12 (1990).
		{"IMS_STOCK 001 total 2020", 280598105, "estimated"},
		{"IMS_STOCK 001 male 2020", 145655844, "estimated"},
		{"IMS_STOCK 001 female 2020", 134942261, "estimated"},
		{"IMS_STOCK 001 total 1990", 152986157, "estimated"},
		// Table 1: France* (row 200, code 250, B, note 12) L200, S200, Z200.
		{"IMS_STOCK FR total 2020", 8524876, "estimated"},
		{"IMS_STOCK FR male 2020", 4130737, "estimated"},
		{"IMS_STOCK FR female 2020", 4394139, "estimated"},
		// Germany (row 201) F201 and L201; Chile (row 250) L250; United States
		// of America* (row 266) L266.
		{"IMS_STOCK DE total 1990", 5936181, "estimated"},
		{"IMS_STOCK DE total 2020", 15762457, "estimated"},
		{"IMS_STOCK CL total 2020", 1645015, "estimated"},
		{"IMS_STOCK US total 2020", 50632836, "estimated"},
		// Eritrea (row 38, type "I R"): L38, imputed.
		{"IMS_STOCK ER total 2020", 13934, "imputed"},
		// South Sudan (row 50): J50 (F50..I50 are "..").
		{"IMS_STOCK SS total 2010", 230732, "estimated"},
		// Channel Islands* (row 167, code 830): an M49 region of the starter.
		{"IMS_STOCK 830 total 2020", 84087, "estimated"},
		// Regions by name: Sub-Saharan Africa (947, row 13) L13; LATIN AMERICA
		// AND THE CARIBBEAN (904, row 207) L207 and its SDG twin (1830, row 17);
		// NORTHERN AMERICA (905, row 261); OCEANIA (909, row 267).
		{"IMS_STOCK 202 total 2020", 22221538, "estimated"},
		{"IMS_STOCK 419 total 2020", 14794623, "estimated"},
		{"IMS_STOCK UNDESA:1830 total 2020", 14794623, "estimated"},
		{"IMS_STOCK 021 total 2020", 58708795, "estimated"},
		{"IMS_STOCK 009 total 2020", 9380653, "estimated"},
		{"IMS_STOCK 002 total 2020", 25389464, "estimated"},
		{"IMS_STOCK UNDESA:1503 female 2020", 86569390, "estimated"},
		// Table 3: WORLD L12, S12, Z12; Switzerland (row 206) L206.
		{"IMS_STOCK_PCT_POP 001 total 2020", 3.5998120638581024, "estimated"},
		{"IMS_STOCK_PCT_POP 001 male 2020", 3.7062801367630334, "estimated"},
		{"IMS_STOCK_PCT_POP 001 female 2020", 3.4915492634484186, "estimated"},
		{"IMS_STOCK_PCT_POP CH total 2020", 28.785198838354276, "estimated"},
		// Table 4: WORLD L12; Mozambique (row 45) F45.
		{"IMS_FEMALE_PCT 001 total 2020", 48.090938105230613, "estimated"},
		{"IMS_FEMALE_PCT MZ total 1990", 45.999411437726842, "estimated"},
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
	for _, k := range []string{"IMS_STOCK SS total 1990", "IMS_STOCK TW total 2020", "IMS_FEMALE_PCT 001 female 2020"} {
		if _, ok := obs[k]; ok {
			t.Errorf("%s: yielded, want none (a \"..\" cell, or no such column)", k)
		}
	}
	fr := obs["IMS_STOCK FR total 2020"].Note
	if !strings.HasPrefix(fr, "Type of data B: estimated from data on the foreign-born population. Note 12: For statistical purposes, the foreign-born population includes persons born in French Guiana,") {
		t.Errorf("France's note: %q", fr)
	}
	if n := obs["IMS_STOCK ER total 2020"].Note; n != "Type of data I R: imputed: no data on the migrant stock; refugees and asylum seekers reported by UNHCR or UNRWA added." {
		t.Errorf("Eritrea's note: %q", n)
	}
	if n := obs["IMS_STOCK 001 total 2020"].Note; n != "" {
		t.Errorf("the world's note: %q", n)
	}

	count := map[string]int{}
	for _, o := range obs {
		count[o.Indicator]++
	}
	// 7 years × 3 sexes (stock, share of population) or 7 years (female
	// share) for each of 279 areas, less the ".." cells.
	if diff := cmp.Diff(map[string]int{"IMS_STOCK": 5800, "IMS_STOCK_PCT_POP": 5372, "IMS_FEMALE_PCT": 1931}, count); diff != "" {
		t.Errorf("observations (-want +got):\n%s", diff)
	}
	wantReport := []string{
		"rows read: 849",
		"observations: 13103",
		"skipped 715: cell not available (..)",
		"skipped 283: table not imported: the annual rate of change over five-year periods derives from the migrant stock",
		"skipped 283: table not imported: the refugee stock (mixing stocks, shares of the migrant stock and rates of change)",
		"skipped 283: table not imported: the total population (thousands) is World Population Prospects' denominator, not a migration statistic",
		// Australia and New Zealand (927): an SDG region, and again under OCEANIA.
		"skipped 3: row repeated under a second grouping (same location code)",
	}
	if diff := cmp.Diff(wantReport, sf.Report.Lines()); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	if len(sf.Report.Unmapped) != 0 {
		t.Errorf("unmapped: %v", sf.Report.Unmapped)
	}
}

// stockSheet is a synthetic table in the layout of the 2020 workbook's
// Table 1, for tests: title rows, the labels of the blocks, the header,
// then rows.
type stockSheet struct {
	name   string
	rows   [][]any // from row 1
	header int     // the header's row, from 1
}

// stockTable builds a small Table 1: two years per sex, WORLD, a region, a
// development group, two countries and one unknown area; pad blank rows
// are put before the header.
func stockTable(name, edition string, pad int) stockSheet {
	rows := [][]any{
		{},
		{nil, nil, nil, nil, "International Migrant Stock " + edition + ": Destination"},
		{nil, nil, nil, nil, "Table 1: International migrant stock at mid-year by sex and by region, country or area of destination, 1990-" + edition},
		{nil, nil, nil, nil, "Suggested citation: United Nations Department of Economic and Social Affairs, Population Division (" + edition + "). International Migrant Stock " + edition + "."},
	}
	for range pad {
		rows = append(rows, []any{})
	}
	rows = append(rows,
		[]any{nil, nil, nil, nil, nil, "International migrant stock at mid-year, both sexes combined", nil, "International migrant stock at mid-year, males", nil, "International migrant stock at mid-year, females"},
		[]any{nil, "Region, development group, country or area", "Notes", "Location code", "Type of data", "1990", "2020", "1990", "2020", "1990", "2020"},
		[]any{1, "WORLD", nil, 900, nil, 100, 200, 60, 110, 40, 90},
		[]any{2, "  Northern America", nil, 905, nil, 10, 20, 6, 11, 4, 9},
		[]any{3, "  High-income countries", nil, 1503, nil, 30, 40, 16, 21, 14, 19},
		[]any{4, "   Mexico", 1, 484, "B R", 5, 6, 3, 3, 2, 3},
		[]any{5, "   Eritrea", nil, 232, "I", 1, "..", 1, "..", 0, ".."},
		[]any{6, "   Atlantis*", nil, 111, "B", 7, 8, 4, 4, 3, 4},
	)
	return stockSheet{name: name, rows: rows, header: 6 + pad}
}

var notesSheet = stockSheet{name: "Notes", rows: [][]any{
	{}, {nil, "International Migrant Stock 2020: Destination"}, {nil, "Notes"}, {},
	{"1", "Mexico's note."},
}}

// stockWorkbook writes sheets to an .xlsx in memory.
func stockWorkbook(tb testing.TB, sheets ...stockSheet) *bytes.Reader {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				tb.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			tb.Fatal(err)
		}
		for r, row := range s.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s.name, cell, &row); err != nil {
				tb.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return bytes.NewReader(buf.Bytes())
}

func readStock(tb testing.TB, sheets ...stockSheet) (*ingest.StatisticsFile, map[string]lmo.Observation, error) {
	tb.Helper()
	r := stockWorkbook(tb, sheets...)
	sf, err := ingest.UNDESAStock(r, r.Size(), undesaAreaIndex(tb))
	if err != nil {
		return nil, nil, err
	}
	return sf, undesaObs(tb, sf), nil
}

func TestUNDESAStockLayouts(t *testing.T) {
	check := func(t *testing.T, sf *ingest.StatisticsFile, obs map[string]lmo.Observation, edition string) {
		t.Helper()
		if sf.Import.Dataset.Edition != edition || sf.Import.Dataset.Title != "International Migrant Stock "+edition+": Destination" {
			t.Errorf("dataset %+v", sf.Import.Dataset)
		}
		for k, v := range map[string]float64{
			"IMS_STOCK 001 total 1990": 100, "IMS_STOCK 001 male 2020": 110, "IMS_STOCK 001 female 2020": 90,
			"IMS_STOCK 021 female 1990": 4, "IMS_STOCK UNDESA:1503 total 2020": 40, "IMS_STOCK MX male 1990": 3, "IMS_STOCK ER female 1990": 0,
		} {
			if o, ok := obs[k]; !ok || o.Value != v {
				t.Errorf("%s = %v (%v), want %v", k, o.Value, ok, v)
			}
		}
		if n := obs["IMS_STOCK MX total 1990"].Note; n != "Type of data B R: estimated from data on the foreign-born population; refugees and asylum seekers reported by UNHCR or UNRWA added. Note 1: Mexico's note." {
			t.Errorf("Mexico's note %q", n)
		}
		if s := obs["IMS_STOCK ER total 1990"].Status; s != lmo.StatusImputed {
			t.Errorf("Eritrea's status %q", s)
		}
		if len(obs) != 27 || sf.Report.Unmapped["Atlantis (111)"] != 6 || sf.Report.Skipped["cell not available (..)"] != 3 {
			t.Errorf("%d observations; report %v", len(obs), sf.Report.Lines())
		}
		if diff := cmp.Diff([]lmo.Aggregate{{Code: "UNDESA:1503", Name: "High-income countries"}}, sf.Import.Aggregates); diff != "" {
			t.Errorf("aggregates: %s", diff)
		}
	}
	t.Run("as published", func(t *testing.T) {
		sf, obs, err := readStock(t, stockTable("Table 1", "2020", 0), notesSheet)
		if err != nil {
			t.Fatal(err)
		}
		check(t, sf, obs, "2020")
	})
	t.Run("header moved down, sheet renamed, another edition", func(t *testing.T) {
		sf, obs, err := readStock(t, stockSheet{name: "Contents", rows: [][]any{{"International Migrant Stock 2024"}}},
			stockTable("Migrants by sex", "2024", 7), notesSheet)
		if err != nil {
			t.Fatal(err)
		}
		check(t, sf, obs, "2024")
	})
	t.Run("columns reordered", func(t *testing.T) {
		// Location code first, the name last, the blocks females, both sexes,
		// males, the years in descending order.
		s := stockTable("Table 1", "2020", 0)
		order := []int{3, 4, 2, 9, 10, 6, 5, 7, 8, 1, 0}
		for i, row := range s.rows {
			if i < s.header-2 {
				continue
			}
			out := make([]any, len(order))
			for j, k := range order {
				if k < len(row) {
					out[j] = row[k]
				}
			}
			s.rows[i] = out
		}
		// The labels go over the first column of each block.
		s.rows[s.header-2] = []any{nil, nil, nil, "International migrant stock at mid-year, females", nil, "International migrant stock at mid-year, both sexes combined", nil, "International migrant stock at mid-year, males"}
		sf, obs, err := readStock(t, s, notesSheet)
		if err != nil {
			t.Fatal(err)
		}
		check(t, sf, obs, "2020")
	})
}

func TestUNDESAStockErrors(t *testing.T) {
	bad := stockTable("Table 1", "2020", 0)
	bad.rows[bad.header+2][5] = "12a" // F of the third data row
	twice := stockTable("Table 1", "2020", 0)
	twice.rows[twice.header-2] = []any{} // no labels: both blocks of 1990 are totals
	noEdition := stockTable("Table 1", "2020", 0)
	noEdition.rows[1], noEdition.rows[3] = []any{}, []any{}
	badCode := stockTable("Table 1", "2020", 0)
	badCode.rows[badCode.header+1][3] = "90x"
	population := stockTable("Table 2", "2020", 0)
	population.rows[2] = []any{nil, nil, nil, nil, "Table 2: Total population at mid-year by sex and by region, country or area of destination, 1990-2020 (thousands)"}
	population.rows[population.header-2] = nil
	for _, tc := range []struct {
		name   string
		sheets []stockSheet
		want   string
	}{
		{"a bad number", []stockSheet{bad}, `sheet Table 1, cell F9: High-income countries: "12a" is not a number`},
		{"a bad location code", []stockSheet{badCode}, `sheet Table 1, cell D8: the location code "90x" is not a number`},
		{"a year twice for one sex", []stockSheet{twice}, "sheet Table 1, cell H6: the year 1990 comes twice for sex total (also cell F6)"},
		{"no edition", []stockSheet{noEdition}, `sheet Table 1: the title rows do not say the edition`},
		{"not the right table", []stockSheet{population}, "no sheet holds a table of UN DESA's International Migrant Stock by destination"},
		{"no table at all", []stockSheet{{name: "Sheet", rows: [][]any{{"a", "b"}, {1, 2}}}}, "no sheet holds a table"},
		{"two editions", []stockSheet{stockTable("Table 1", "2020", 0), stockTable("x", "2019", 0)}, "sheet x: the title says International Migrant Stock 2019, another sheet's 2020"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sf, _, err := func() (sf *ingest.StatisticsFile, obs map[string]lmo.Observation, err error) {
				r := stockWorkbook(t, tc.sheets...)
				sf, err = ingest.UNDESAStock(r, r.Size(), undesaAreaIndex(t))
				if err != nil {
					return nil, nil, err
				}
				for _, err := range sf.Import.Observations {
					if err != nil {
						return sf, nil, err
					}
				}
				return sf, nil, nil
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
	t.Run("not a workbook", func(t *testing.T) {
		r := strings.NewReader("Year,Code\n1990,900\n")
		_, err := ingest.UNDESAStock(r, r.Size(), undesaAreaIndex(t))
		if err == nil || !strings.Contains(err.Error(), "the file is not an Excel workbook (.xlsx)") || lmo.ErrorCode(err) != lmo.EINVALID {
			t.Errorf("error %v", err)
		}
	})
}

// TestUNDESAStop checks that both readers stop cleanly when the consumer
// stops (a range-over-func stream must not yield again).
func TestUNDESAStop(t *testing.T) {
	r := stockWorkbook(t, stockTable("Table 1", "2020", 0))
	sf, err := ingest.UNDESAStock(r, r.Size(), undesaAreaIndex(t))
	if err != nil {
		t.Fatal(err)
	}
	for range sf.Import.Observations {
		break
	}
	b, err := os.ReadFile("testdata/undesa_origin_synthetic.csv")
	if err != nil {
		t.Fatal(err)
	}
	sf, err = ingest.UNDESAOrigin(bytes.NewReader(b), undesaAreaIndex(t))
	if err != nil {
		t.Fatal(err)
	}
	for range sf.Import.Observations {
		break
	}
}

func BenchmarkUNDESAStock(b *testing.B) {
	f, size := openStock(b)
	ix := undesaAreaIndex(b)
	b.SetBytes(size)
	for b.Loop() {
		sf, err := ingest.UNDESAStock(f, size, ix)
		if err != nil {
			b.Fatal(err)
		}
		for _, err := range sf.Import.Observations {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkUNDESAOrigin(b *testing.B) {
	f, err := os.Open(shareddata.Path(b, "undesa/UN_MigrantStockFemale_2019.csv"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	ix := undesaAreaIndex(b)
	b.SetBytes(st.Size())
	for b.Loop() {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			b.Fatal(err)
		}
		sf, err := ingest.UNDESAOrigin(f, ix)
		if err != nil {
			b.Fatal(err)
		}
		for _, err := range sf.Import.Observations {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}
