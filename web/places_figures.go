package web

import (
	"fmt"
	"math"
	"strings"
)

// compactNumber writes a figure for a headline: "1.2 million", "36.7
// billion", "845 300", "4.3%", "US$ 1.2 million".
func compactNumber(v float64, unit string) string {
	u := strings.ToLower(unit)
	if strings.Contains(u, "percent") || unit == "%" {
		return formatValue(v, unit) + "%"
	}
	var s string
	switch a := math.Abs(v); {
	case a >= 1e9:
		s = fmt.Sprintf("%s billion", formatNumber(v/1e9, 1))
	case a >= 1e6:
		s = fmt.Sprintf("%s million", formatNumber(v/1e6, 1))
	default:
		s = formatValue(v, unit)
	}
	if strings.Contains(u, "us$") {
		return "US$ " + s
	}
	return s
}

// figureOf makes a headline figure of a statistics block's latest value,
// or false when it has none.
func figureOf(b *statBlock, label string) (placeFigure, bool) {
	if !b.HasLatest {
		return placeFigure{}, false
	}
	f := placeFigure{Indicator: b.Code, Label: label, Period: b.LatestPeriod, Value: b.LatestValue, Unit: b.Unit,
		Text: compactNumber(b.LatestValue, b.Unit), Source: b.Source, URL: b.Explorer}
	return f, true
}

// valueIn returns a block's value in a period, or false.
func (b *statBlock) valueIn(period string) (float64, bool) {
	for _, r := range b.Values {
		if r.Period == period {
			return r.Value, true
		}
	}
	return 0, false
}

// countryFigures is a country page's headline strip: the migrant stock
// and its share of the population, migrant workers, remittances received
// and sent, and the
// range of remittance costs on its corridors, each in its latest period
// with its source. What LMO lacks is left out (the page says so below).
func countryFigures(st *countryStatistics) []placeFigure {
	blocks := map[string]*statBlock{}
	for i := range st.Blocks {
		blocks[st.Blocks[i].Code] = &st.Blocks[i]
	}
	var out []placeFigure
	if b := blocks["IMS_STOCK"]; b != nil {
		if f, ok := figureOf(b, translate("en", "place.fig.stock")); ok {
			if share := blocks["IMS_STOCK_PCT_POP"]; share != nil {
				if v, ok := share.valueIn(f.Period); ok {
					f.Detail = translate("en", "place.fig.share", compactNumber(v, share.Unit))
				}
			}
			out = append(out, f)
		}
	}
	for _, k := range []struct{ code, label string }{{"ILO_GE_MIGRANT_WORKERS", "place.fig.workers"},
		{"BX.TRF.PWKR.CD.DT", "place.fig.received"}, {"BM.TRF.PWKR.CD.DT", "place.fig.sent"}} {
		if b := blocks[k.code]; b != nil {
			if f, ok := figureOf(b, translate("en", k.label)); ok {
				out = append(out, f)
			}
		}
	}
	for _, cb := range st.Corridors {
		rows := append(append([]corridorRow(nil), cb.From...), cb.To...)
		if len(rows) == 0 {
			continue
		}
		lo, hi := rows[0], rows[0]
		for _, r := range rows {
			if r.Value < lo.Value {
				lo = r
			}
			if r.Value > hi.Value {
				hi = r
			}
		}
		out = append(out, placeFigure{Indicator: cb.Code, Label: translate("en", "place.fig.cost"), Period: hi.Period, Value: hi.Value, Unit: cb.Unit,
			Text:   compactNumber(lo.Value, cb.Unit) + " – " + compactNumber(hi.Value, cb.Unit),
			Detail: translate("en", "place.fig.cost.detail", len(rows)), Source: cb.Source, URL: cb.Explorer})
	}
	return out
}
