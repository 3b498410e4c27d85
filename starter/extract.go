package starter

//go:generate go run ../internal/genstats

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

// Extract is one publisher's file that the starter statistics are
// extracted from, by LMO's own reader for it.
type Extract struct {
	File string // under ../shared/data
	Read func(f *os.File, areas *lmo.AreaIndex) (*ingest.StatisticsFile, error)
}

// Extracts are the publishers' files the starter statistics come from
// (starter/statistics/SOURCES.md names each with its licence): UN DESA's
// International Migrant Stock 2020 by sex and destination, the World
// Bank's personal remittances paid (WDI) and its Remittance Prices
// Worldwide corridor costs, and UN DESA's 2019 female migrant stock by
// origin and destination (each destination's largest corridors only).
var Extracts = []Extract{
	{"undesa/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx", func(f *os.File, areas *lmo.AreaIndex) (*ingest.StatisticsFile, error) {
		st, err := f.Stat()
		if err != nil {
			return nil, err
		}
		return ingest.UNDESAStock(f, st.Size(), areas)
	}},
	{"worldbank/API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv", func(f *os.File, areas *lmo.AreaIndex) (*ingest.StatisticsFile, error) {
		return ingest.WDI(f, areas)
	}},
	{"worldbank/rpw_corridor_average_total_cost_2011-2020.csv", func(f *os.File, areas *lmo.AreaIndex) (*ingest.StatisticsFile, error) {
		return ingest.RPW(f, areas)
	}},
	{"undesa/UN_MigrantStockFemale_2019.csv", readLargestCorridors},
}

// ExtractStatistics reads the publishers' files under shared (the
// ../shared/data directory) with LMO's readers and returns the starter
// statistics files they make, by name ("undesa-ims-2020.json", ".csv"):
// what `go generate ./starter` writes, and what the test compares with
// the committed files.
func ExtractStatistics(shared string) (map[string][]byte, error) {
	d := &Data{}
	var err error
	if d.Regions, err = loadRegions(); err != nil {
		return nil, err
	}
	if d.Countries, err = loadCountries(); err != nil {
		return nil, err
	}
	areas := lmo.NewAreaIndex(d.Countries, d.Regions)
	out := map[string][]byte{}
	for _, x := range Extracts {
		if err := extractOne(filepath.Join(shared, x.File), x, areas, out); err != nil {
			return nil, fmt.Errorf("%s: %w", x.File, err)
		}
	}
	return out, nil
}

func extractOne(path string, x Extract, areas *lmo.AreaIndex, out map[string][]byte) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	file, err := x.Read(f, areas)
	if err != nil {
		return err
	}
	var meta, rows bytes.Buffer
	if _, err := ingest.WriteLMOStatistics(&meta, &rows, file.Import); err != nil {
		return err
	}
	stem := file.Import.Dataset.Code + "-" + file.Import.Dataset.Edition
	out[stem+".json"], out[stem+".csv"] = meta.Bytes(), rows.Bytes()
	return nil
}
