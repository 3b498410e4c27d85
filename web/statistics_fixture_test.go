package web_test

import (
	"iter"
	"net/http/httptest"
	"testing"

	"github.com/lmo-observatory/lmo"
)

// The statistics fixture of the web tests. The UN DESA and World Bank
// values are real, copied from the publishers' files in ../shared/data:
//
//   - UN DESA, International Migrant Stock 2020 (undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx,
//     Table 1 for the stock by sex, Table 3 for the share of the population; 1990-2020);
//   - UN DESA, International Migrant Stock 2019, female stock in the world
//     (UN_MigrantStockFemale_2019.csv, the WORLD rows), as an older edition;
//   - World Bank, WDI, personal remittances paid, current US$
//     (API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv, 2011-2020; WLD is
//     the world);
//   - World Bank, Remittance Prices Worldwide, average total cost of
//     sending 200 US$ from the United States and Canada to the
//     Philippines, 2020 Q1-Q3 (rpw_corridor_average_total_cost_2011-2020.csv).
//
// The dataset "lmo-synthetic" is SYNTHETIC, made up for these tests: its
// values stand for nothing. It carries the statuses the real extracts do
// not (estimated, imputed, break, unavailable), a quarterly period, a
// breakdown, a corridor and an aggregate.
//
// The seeded database already holds the starter statistics (real
// extracts of the same publishers' files, and the ILO global estimates):
// importing these editions again replaces the starter's observations of
// the indicators listed here, so the tests know exactly what each holds;
// the rest of the starter statistics (the ILO estimates, UN DESA's female
// share) stays as seeded.

var (
	undesaYears = []string{"1990", "1995", "2000", "2005", "2010", "2015", "2020"}
	// UN DESA 2020, Table 1: total, males, females by year.
	undesaStock = map[string][3][7]float64{
		"001": {{152986157, 161289976, 173230585, 191446828, 220983187, 247958644, 280598105},
			{77563467, 81581501, 87719833, 97663081, 113940881, 128238058, 145655844},
			{75422690, 79708475, 85510752, 93783747, 107042306, 119720586, 134942261}},
		"PH": {{154071, 207345, 318095, 257468, 208599, 211862, 225525},
			{81347, 107524, 161904, 133023, 107933, 109783, 117105},
			{72724, 99821, 156191, 124445, 100666, 102079, 108420}},
		"DE": {{5936181, 7464406, 8992631, 9402447, 9812263, 10220418, 15762457},
			{3293128, 3898397, 4503666, 4676178, 4848689, 5037961, 7891635},
			{2643053, 3566009, 4488965, 4726269, 4963574, 5182457, 7870822}},
		"MX": {{695674, 458549, 538051, 712648, 969710, 1013691, 1197624},
			{348353, 229589, 270896, 359724, 490779, 508232, 601509},
			{347321, 228960, 267155, 352924, 478931, 505459, 596115}},
		"US": {{23251026, 28451053, 34814053, 39258293, 44183643, 48178877, 50632836},
			{11372985, 14032159, 17310785, 19614878, 21694169, 23446873, 24478996},
			{11878041, 14418894, 17503268, 19643415, 22489474, 24732004, 26153840}},
	}
	// UN DESA 2020, Table 3: international migrants as a percentage of
	// the population, both sexes.
	undesaShare = map[string][7]float64{
		"001": {2.8717762721866524, 2.8078690321112454, 2.8197405331607168, 2.9264682192462534, 3.1764954825242295, 3.3599656617761799, 3.5998120638581024},
		"PH":  {0.24892249668144537, 0.29712361214957211, 0.40785720470433823, 0.29824994948523825, 0.22199227335480587, 0.2074775715101923, 0.20580650392355579},
		"DE":  {7.5090219361999511, 9.1995685459555254, 11.047338393122837, 11.522219860781879, 12.13983307385115, 12.496321713863763, 18.81321892875777},
	}
	// UN DESA 2019: female migrants in the world.
	undesa2019Years  = []string{"1990", "1995", "2000", "2005", "2010", "2015", "2019"}
	undesa2019Female = [7]float64{75349784, 79630779, 85559220, 93754736, 106720229, 119997907, 130154101}
	// World Bank WDI, BM.TRF.PWKR.CD.DT, 2011-2020.
	wdiPaid = map[string][10]float64{
		"001": {352890849088.401, 365211695570.342, 399313986941.382, 411514087234.878, 388048854113.957, 390771331081.952, 422302809073.577, 446611121170.548, 448916461146.701, 384748760796.524},
		"PH":  {134766836.320995, 152357506.991629, 210262023.325796, 182981951.679176, 153322154.937973, 196072883.620123, 246211590.137985, 258523555.919344, 225723157.628142, 211194462.415954},
		"DE":  {16125581285.6331, 15581428609.4727, 19976705774.6346, 20084390151.7533, 18248805576.3985, 19348107339.6236, 21699115805.257, 24351171161.2546, 23935924316.6126, 22024495026.4746},
		"MX":  {0, 0, 866997321, 1001831236, 810619117, 653519183, 806222560, 999848929, 981248256, 898705958},
		"US":  {50854000000, 52371000000, 55003000000, 57239000000, 60719000000, 62870000000, 64058000000, 67009000000, 71562000000, 68000000000},
	}
)

func period(s string) lmo.Period {
	p, err := lmo.ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return p
}

func obsOf(obs []lmo.Observation) iter.Seq2[lmo.Observation, error] {
	return func(yield func(lmo.Observation, error) bool) {
		for _, o := range obs {
			if !yield(o, nil) {
				return
			}
		}
	}
}

func undesaDataset(edition string) lmo.Dataset {
	return lmo.Dataset{Code: "undesa-ims", Edition: edition, Publisher: "United Nations, Department of Economic and Social Affairs, Population Division",
		Title: "International Migrant Stock " + edition, URL: "https://www.un.org/development/desa/pd/content/international-migrant-stock",
		Licence: "CC BY 3.0 IGO", LicenceURL: "https://creativecommons.org/licenses/by/3.0/igo/",
		Citation:  "United Nations Department of Economic and Social Affairs, Population Division (" + edition + "). International Migrant Stock " + edition + ".",
		Retrieved: lmo.MustParseDate("2025-06-01")}
}

// statisticsFixture lists the imports of the fixture, in order.
func statisticsFixture() []lmo.StatisticsImport {
	sexes := []string{lmo.SexTotal, lmo.SexMale, lmo.SexFemale}
	var stock2020 []lmo.Observation
	for _, area := range []string{"001", "DE", "MX", "PH", "US"} {
		for s, sex := range sexes {
			for i, y := range undesaYears {
				stock2020 = append(stock2020, lmo.Observation{Indicator: "IMS_STOCK", Area: area, Sex: sex, Period: period(y),
					Value: undesaStock[area][s][i], Status: lmo.StatusReported})
			}
		}
	}
	for _, area := range []string{"001", "DE", "PH"} {
		for i, y := range undesaYears {
			stock2020 = append(stock2020, lmo.Observation{Indicator: "IMS_STOCK_PCT_POP", Area: area, Sex: lmo.SexTotal, Period: period(y),
				Value: undesaShare[area][i], Status: lmo.StatusReported})
		}
	}
	var stock2019 []lmo.Observation
	for i, y := range undesa2019Years {
		stock2019 = append(stock2019, lmo.Observation{Indicator: "IMS_STOCK", Area: "001", Sex: lmo.SexFemale, Period: period(y),
			Value: undesa2019Female[i], Status: lmo.StatusReported})
	}
	var wdi []lmo.Observation
	for _, area := range []string{"001", "DE", "MX", "PH", "US"} {
		for i := range 10 {
			wdi = append(wdi, lmo.Observation{Indicator: "BM.TRF.PWKR.CD.DT", Area: area, Sex: lmo.SexTotal, Period: lmo.Period{Year: 2011 + i},
				Value: wdiPaid[area][i], Status: lmo.StatusReported})
		}
	}
	var rpw []lmo.Observation
	for from, costs := range map[string][3]float64{"US": {4.49652194976807, 3.50536584854126, 3.63761901855469}, "CA": {5.50479984283447, 4.56304359436035, 4.84739112854004}} {
		for q, v := range costs {
			rpw = append(rpw, lmo.Observation{Indicator: "ATCR.CORR", Area: from, Origin: "PH", Sex: lmo.SexTotal, Period: lmo.Period{Year: 2020, Quarter: q + 1},
				Value: v, Status: lmo.StatusReported})
		}
	}
	synthetic := []lmo.Observation{
		{Indicator: "LMO_TEST_SYNTHETIC", Area: "PH", Sex: lmo.SexTotal, Period: period("2018"), Value: 10, Status: lmo.StatusEstimated, Note: "Synthetic note."},
		{Indicator: "LMO_TEST_SYNTHETIC", Area: "PH", Sex: lmo.SexTotal, Period: period("2019"), Value: 11, Status: lmo.StatusImputed},
		{Indicator: "LMO_TEST_SYNTHETIC", Area: "PH", Sex: lmo.SexTotal, Period: period("2020"), Value: 0, Status: lmo.StatusUnavailable},
		{Indicator: "LMO_TEST_SYNTHETIC", Area: "PH", Sex: lmo.SexTotal, Period: period("2021"), Value: 14, Status: lmo.StatusBreak},
		{Indicator: "LMO_TEST_SYNTHETIC", Area: "PH", Sex: lmo.SexTotal, Period: period("2021-Q1"), Value: 3.5, Status: lmo.StatusProvisional},
		{Indicator: "LMO_TEST_SYNTHETIC", Area: "PH", Sex: lmo.SexTotal, Age: "AGE_YGE15", Period: period("2021"), Value: 12, Status: lmo.StatusReported},
		{Indicator: "LMO_TEST_SYNTHETIC", Area: "NP", Sex: lmo.SexTotal, Period: period("2021"), Value: 20, Status: lmo.StatusReported},
		{Indicator: "LMO_TEST_SYNTHETIC", Area: "QA", Origin: "NP", Sex: lmo.SexTotal, Period: period("2021"), Value: 7, Status: lmo.StatusReported},
		{Indicator: "LMO_TEST_SYNTHETIC", Area: "TEST:AGG", Sex: lmo.SexTotal, Period: period("2021"), Value: 30, Status: lmo.StatusReported},
	}
	return []lmo.StatisticsImport{
		{Dataset: undesaDataset("2019"), Indicators: []*lmo.Indicator{{Code: "IMS_STOCK", Title: "International migrant stock", Unit: "persons"}},
			Observations: obsOf(stock2019)},
		{Dataset: undesaDataset("2020"), Indicators: []*lmo.Indicator{
			{Code: "IMS_STOCK", Title: "International migrant stock", Unit: "persons", Definition: "Persons living in a country other than their country of birth or citizenship, at mid-year."},
			{Code: "IMS_STOCK_PCT_POP", Title: "International migrants as a share of the population", Unit: "percent"}},
			Observations: obsOf(stock2020)},
		{Dataset: lmo.Dataset{Code: "wdi", Edition: "2021-09-15", Publisher: "World Bank", Title: "World Development Indicators",
			URL: "https://datacatalog.worldbank.org/dataset/world-development-indicators", Licence: "CC BY 4.0", LicenceURL: "https://creativecommons.org/licenses/by/4.0/",
			Citation: "World Bank (2021). World Development Indicators: Personal remittances, paid (current US$), BM.TRF.PWKR.CD.DT."},
			Indicators:   []*lmo.Indicator{{Code: "BM.TRF.PWKR.CD.DT", Title: "Personal remittances, paid", Unit: "current US$"}},
			Observations: obsOf(wdi)},
		{Dataset: lmo.Dataset{Code: "rpw", Edition: "2020-12-07", Publisher: "World Bank", Title: "Remittance Prices Worldwide",
			URL: "https://remittanceprices.worldbank.org", Licence: "CC BY 4.0", LicenceURL: "https://creativecommons.org/licenses/by/4.0/",
			Citation: "World Bank, Remittance Prices Worldwide (2020)."},
			Indicators:   []*lmo.Indicator{{Code: "ATCR.CORR", Title: "Average total cost of sending 200 US$ in a corridor", Unit: "percent"}},
			Observations: obsOf(rpw)},
		{Dataset: lmo.Dataset{Code: "lmo-synthetic", Edition: "2026", Publisher: "LMO tests", Title: "Synthetic test data (not real values)",
			URL: "https://example.org/synthetic", Licence: "CC0 1.0", LicenceURL: "https://creativecommons.org/publicdomain/zero/1.0/"},
			Indicators: []*lmo.Indicator{
				{Code: "LMO_TEST_SYNTHETIC", Title: "A synthetic test indicator", Unit: "percent"}},
			Aggregates:   []lmo.Aggregate{{Code: "TEST:AGG", Name: "A synthetic aggregate"}},
			Observations: obsOf(synthetic)},
	}
}

// fixtureCount is how many observations the fixture holds in all
// editions.
func fixtureCount() int { return 7 + 5*3*7 + 3*7 + 5*10 + 6 + 9 }

// fixtureQuery selects exactly the fixture's observations.
const fixtureQuery = "indicator=IMS_STOCK&indicator=IMS_STOCK_PCT_POP&indicator=BM.TRF.PWKR.CD.DT&indicator=ATCR.CORR&indicator=LMO_TEST_SYNTHETIC&edition=all"

// importFixture writes the statistics fixture into db through the real
// store's ImportStatistics.
func importFixture(t testing.TB, db stores) {
	t.Helper()
	ctx := lmo.NewContextWithUser(t.Context(), lmo.SystemUser)
	for _, in := range statisticsFixture() {
		if _, err := db.ImportStatistics(ctx, in, "web test fixture"); err != nil {
			t.Fatalf("importing %s %s: %v", in.Dataset.Code, in.Dataset.Edition, err)
		}
	}
}

// newStatsServer returns a test server over a seeded database holding
// the statistics fixture.
func newStatsServer(t testing.TB) (*httptest.Server, stores) {
	t.Helper()
	db := seededDB(t)
	importFixture(t, db)
	ts, _ := serveStores(t, db)
	return ts, db
}
