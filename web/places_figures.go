package web

import (
	"math"
	"strconv"
	"strings"
)

// compactNumber writes a figure for a headline: "1.2 million", "36.7
// billion", "845 300", "4.3%", "US$ 1.2 million".
func compactNumber(lang string, v float64, unit string) string {
	u := strings.ToLower(unit)
	if strings.Contains(u, "percent") || unit == "%" {
		return translate(lang, "num.percent", formatValue(lang, v, unit))
	}
	var s string
	switch a := math.Abs(v); {
	case a >= 1e9:
		s = translate(lang, pluralKeyOf(lang, "num.billion", v/1e9, 1), formatNumber(lang, v/1e9, 1))
	case a >= 1e6:
		s = translate(lang, pluralKeyOf(lang, "num.million", v/1e6, 1), formatNumber(lang, v/1e6, 1))
	default:
		s = formatValue(lang, v, unit)
	}
	if strings.Contains(u, "us$") {
		return "US$ " + s
	}
	return s
}

// figureOf makes a headline figure of a statistics block's latest value,
// or false when it has none.
func figureOf(lang string, b *statBlock, label string) (placeFigure, bool) {
	if !b.HasLatest {
		return placeFigure{}, false
	}
	f := placeFigure{Indicator: b.Code, Label: label, Period: b.LatestPeriod, Value: b.LatestValue, Unit: b.Unit,
		Text: compactNumber(lang, b.LatestValue, b.Unit), Source: b.Source, URL: b.Explorer, Trend: b.trend(lang)}
	return f, true
}

// trendYears is how far back a headline figure's trend looks: the value
// at least this many years before the latest, else the earliest.
const trendYears = 5

// trend says how a block's latest value compares with an earlier one:
// "up 12% since 2015", "unchanged since 2015"; "" without an earlier
// value or when that one is zero.
func (b *statBlock) trend(lang string) string {
	latest, ok := periodYear(b.LatestPeriod)
	if !ok {
		return ""
	}
	// The latest value at least trendYears back, else the earliest.
	var base *periodValue
	baseYear := 0
	for i := range b.Values {
		year, ok := periodYear(b.Values[i].Period)
		if !ok || year >= latest {
			continue
		}
		back, baseBack := year <= latest-trendYears, base != nil && baseYear <= latest-trendYears
		if base == nil || back && (!baseBack || year > baseYear) || !back && !baseBack && year < baseYear {
			base, baseYear = &b.Values[i], year
		}
	}
	if base == nil || base.Value == 0 {
		return ""
	}
	change := math.Round((b.LatestValue - base.Value) / math.Abs(base.Value) * 100)
	switch {
	case change > 0:
		return translate(lang, "place.fig.up", change, base.Period)
	case change < 0:
		return translate(lang, "place.fig.down", -change, base.Period)
	}
	return translate(lang, "place.fig.same", base.Period)
}

// periodYear is the year a period ("2020", "2020-Q1") starts in.
func periodYear(period string) (int, bool) {
	if len(period) < 4 {
		return 0, false
	}
	year, err := strconv.Atoi(period[:4])
	return year, err == nil
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
func countryFigures(lang string, st *countryStatistics) []placeFigure {
	blocks := map[string]*statBlock{}
	for i := range st.Blocks {
		blocks[st.Blocks[i].Code] = &st.Blocks[i]
	}
	var out []placeFigure
	if b := blocks["IMS_STOCK"]; b != nil {
		if f, ok := figureOf(lang, b, translate(lang, "place.fig.stock")); ok {
			if share := blocks["IMS_STOCK_PCT_POP"]; share != nil {
				if v, ok := share.valueIn(f.Period); ok {
					f.Detail = translate(lang, "place.fig.share", compactNumber(lang, v, share.Unit))
				}
			}
			out = append(out, f)
		}
	}
	for _, k := range []struct{ code, label string }{{"ILO_GE_MIGRANT_WORKERS", "place.fig.workers"},
		{"BX.TRF.PWKR.CD.DT", "place.fig.received"}, {"BM.TRF.PWKR.CD.DT", "place.fig.sent"}} {
		if b := blocks[k.code]; b != nil {
			if f, ok := figureOf(lang, b, translate(lang, k.label)); ok {
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
		out = append(out, placeFigure{Indicator: cb.Code, Label: translate(lang, "place.fig.cost"), Period: hi.Period, Value: hi.Value, Unit: cb.Unit,
			Text:   compactNumber(lang, lo.Value, cb.Unit) + " – " + compactNumber(lang, hi.Value, cb.Unit),
			Detail: translate(lang, "place.fig.cost.detail", len(rows)), Source: cb.Source, URL: cb.Explorer})
	}
	return out
}
