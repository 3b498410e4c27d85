package starter

import (
	"cmp"
	"os"
	"slices"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

// corridorsPerDestination is how many origins the starter keeps for each
// destination of UN DESA's table by origin and destination: its largest,
// by the stock of the latest year. `lmo import undesa-origin` loads the
// whole table.
const corridorsPerDestination = 10

// readLargestCorridors reads UN DESA's (female) migrant stock by origin and
// destination and keeps, for each destination country, the
// corridorsPerDestination origin countries with the largest stock in its
// latest year, every year of those pairs. Regions, aggregates and the
// totals of all origins are left out.
func readLargestCorridors(f *os.File, areas *lmo.AreaIndex) (*ingest.StatisticsFile, error) {
	sf, err := ingest.UNDESAOrigin(f, areas)
	if err != nil {
		return nil, err
	}
	var all []lmo.Observation
	for o, err := range sf.Import.Observations {
		if err != nil {
			return nil, err
		}
		if len(o.Area) == 2 && len(o.Origin) == 2 && o.HasValue() {
			all = append(all, o)
		}
	}
	kept := largestCorridors(all, corridorsPerDestination)
	var out []lmo.Observation
	for _, o := range all {
		if kept[o.Area+">"+o.Origin] {
			out = append(out, o)
		}
	}
	sf.Import.Aggregates = nil
	sf.Import.Observations = func(yield func(lmo.Observation, error) bool) {
		for _, o := range out {
			if !yield(o, nil) {
				return
			}
		}
	}
	return sf, nil
}

// largestCorridors returns the pairs "AREA>ORIGIN" of the n origins with
// the largest value in each area's latest year (ties by origin code).
func largestCorridors(obs []lmo.Observation, n int) map[string]bool {
	latest := map[string]int{}
	for _, o := range obs {
		latest[o.Area] = max(latest[o.Area], o.Period.Year)
	}
	byArea := map[string][]lmo.Observation{}
	for _, o := range obs {
		if o.Period.Year == latest[o.Area] && o.Period.Quarter == 0 && o.Period.Month == 0 {
			byArea[o.Area] = append(byArea[o.Area], o)
		}
	}
	kept := map[string]bool{}
	for area, list := range byArea {
		slices.SortFunc(list, func(a, b lmo.Observation) int {
			return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(a.Origin, b.Origin))
		})
		for _, o := range list[:min(n, len(list))] {
			kept[area+">"+o.Origin] = true
		}
	}
	return kept
}
