package svg

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
)

// Bar is one bar of a bar chart.
type Bar struct {
	Label string // the bar's name, written at its left: "Philippines"
	Value float64
	Note  string // optional words for the bar's title, e.g. "estimated"
}

// maxBars is how many bars a chart holds: a page compares a few areas.
const maxBars = 40

// barHeight is the height of one bar's row, in viewBox units.
const barHeight = 26

// BarChart is a horizontal bar chart of values for one moment, one bar
// per row, such as the stock of international migrants in 2020 in the
// areas a reader compares. The bars start at zero (negative values go
// left of it); each value is written at the end of its bar.
type BarChart struct {
	ID       string       // unique in the page; prefixes the ids inside
	Title    string       // the chart's accessible name
	Desc     string       // its description
	XLabel   string       // the values' axis, e.g. "International migrants, 2020"
	Bars     []Bar        // in the order shown, top to bottom
	Decimals int          // decimals of the values written
	Number   NumberFormat // how numbers are written (nil: FormatNumber)
}

// Render writes the chart as an <svg> element whose height follows the
// number of bars. Each bar is a graphics symbol whose <title> gives label
// and value. It fails on a bad ID, no bars, more than maxBars, or a value
// that is not finite.
func (c BarChart) Render() (template.HTML, error) {
	if err := checkID(c.ID); err != nil {
		return "", err
	}
	if len(c.Bars) == 0 {
		return "", fmt.Errorf("svg: bar chart %s has no bars", c.ID)
	}
	if len(c.Bars) > maxBars {
		return "", fmt.Errorf("svg: bar chart %s has %d bars; at most %d", c.ID, len(c.Bars), maxBars)
	}
	lo, hi := 0.0, 0.0
	labelW := 0
	valueW := 0
	for _, b := range c.Bars {
		if math.IsNaN(b.Value) || math.IsInf(b.Value, 0) {
			return "", fmt.Errorf("svg: bar chart %s: bar %q has no finite value", c.ID, b.Label)
		}
		lo, hi = math.Min(lo, b.Value), math.Max(hi, b.Value)
		labelW = max(labelW, textWidth(b.Label, fontSize))
		valueW = max(valueW, textWidth(c.Number.format(b.Value, c.Decimals), fontSize))
	}
	labelW = min(labelW, 190) // longer labels run under the bar's start; their title keeps them whole
	ticks := niceTicks(lo, hi, 4)
	top := float64(padTop)
	height := padTop + len(c.Bars)*barHeight + 52
	f := frame{number: c.Number, left: float64(labelW + 16), right: float64(chartWidth - padRight - valueW - 8), top: top, bottom: top + float64(len(c.Bars)*barHeight),
		x0: ticks[0], x1: ticks[len(ticks)-1], yTicks: []float64{0, 1}}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" class="lmo-chart" role="graphics-document" aria-labelledby="%s-t %s-d" font-size="%d">`,
		chartWidth, height, c.ID, c.ID, fontSize)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, c.ID, esc(c.Title), c.ID, esc(c.Desc))
	dec := decimals(niceStep(ticks[len(ticks)-1]-ticks[0], 4))
	b.WriteString(`<g class="lmo-axis" aria-hidden="true"><path class="lmo-grid" d="`)
	for _, t := range ticks {
		fmt.Fprintf(&b, "M%s %sV%s", num(f.x(t)), num(f.top), num(f.bottom))
	}
	b.WriteString(`"/>`)
	for _, t := range ticks {
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle">%s</text>`, num(f.x(t)), num(f.bottom+20), esc(c.Number.format(t, dec)))
	}
	fmt.Fprintf(&b, `<path d="M%s %sV%s"/>`, num(f.x(0)), num(f.top), num(f.bottom))
	for i, bar := range c.Bars {
		y := f.top + float64(i*barHeight)
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end">%s</text>`, num(f.left-8), num(y+barHeight/2+5), esc(bar.Label))
	}
	if c.XLabel != "" {
		fmt.Fprintf(&b, `<text class="lmo-label" x="%s" y="%d" text-anchor="middle">%s</text>`, num((f.left+f.right)/2), height-8, esc(c.XLabel))
	}
	b.WriteString(`</g>`)
	for i, bar := range c.Bars {
		y := f.top + float64(i*barHeight) + 4
		x0, x1 := f.x(0), f.x(bar.Value)
		if x1 < x0 {
			x0, x1 = x1, x0
		}
		name := fmt.Sprintf("%s: %s", bar.Label, c.Number.format(bar.Value, c.Decimals))
		if bar.Note != "" {
			name += " (" + bar.Note + ")"
		}
		fmt.Fprintf(&b, `<g role="graphics-symbol"><title>%s</title><rect class="lmo-bar" x="%s" y="%s" width="%s" height="%d"/>`,
			esc(name), num(x0), num(y), num(math.Max(x1-x0, 1)), barHeight-8)
		fmt.Fprintf(&b, `<text class="lmo-bar-value" aria-hidden="true" x="%s" y="%s">%s</text></g>`,
			num(math.Max(f.x(bar.Value), f.x(0))+6), num(y+barHeight/2+1), esc(c.Number.format(bar.Value, c.Decimals)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()), nil
}
