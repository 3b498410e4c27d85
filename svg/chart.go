package svg

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"time"
)

// The charts' box, in viewBox units. Text is 14 units high, so a chart
// shown 560 pixels wide has 14-pixel labels, and one across a 390-pixel
// phone almost 10.
const (
	chartWidth  = 560
	chartHeight = 320
	fontSize    = 14
	padLeft     = 64 // at least; widened for long y tick labels
	padRight    = 20
	padTop      = 16
	padBottom   = 58 // x tick labels and the x axis label
)

// frame is a chart's plot area and its scales.
type frame struct {
	left, right, top, bottom float64 // plot area in viewBox units
	x0, x1                   float64 // x domain
	yTicks                   []float64
	number                   NumberFormat // how the tick labels are written
}

func (f frame) x(v float64) float64 {
	if f.x1 == f.x0 {
		return (f.left + f.right) / 2
	}
	return f.left + (v-f.x0)/(f.x1-f.x0)*(f.right-f.left)
}

func (f frame) y(v float64) float64 {
	lo, hi := f.yTicks[0], f.yTicks[len(f.yTicks)-1]
	return f.bottom - (v-lo)/(hi-lo)*(f.bottom-f.top)
}

// leftFor returns the left edge of the plot: room for the y axis label
// (26 units) and the widest y tick label.
func leftFor(ticks []float64, number NumberFormat) float64 {
	dec := 0
	if len(ticks) > 1 {
		dec = decimals(ticks[1] - ticks[0])
	}
	w := 0
	for _, t := range ticks {
		w = max(w, textWidth(number.format(t, dec), fontSize))
	}
	return math.Max(padLeft, float64(26+w+10))
}

// writeOpen starts a chart: the <svg> with its accessible name and
// description. Charts are graphics documents whose data points are
// graphics symbols named by their <title>, so a screen reader can walk the
// values; the axes are hidden from it (their text only repeats the points).
func writeOpen(b *bytes.Buffer, id, title, desc string) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" class="lmo-chart" role="graphics-document" aria-labelledby="%s-t %s-d" font-size="%d">`,
		chartWidth, chartHeight, id, id, fontSize)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(desc))
}

// writeAxes draws the grid, the y ticks and labels, the x ticks and labels
// (given as positions and words) and the two axis labels.
func writeAxes(b *bytes.Buffer, f frame, xTicks []float64, xTickLabels []string, xLabel, yLabel string) {
	b.WriteString(`<g class="lmo-axis" aria-hidden="true">`)
	dec := 0
	if len(f.yTicks) > 1 {
		dec = decimals(f.yTicks[1] - f.yTicks[0])
	}
	b.WriteString(`<path class="lmo-grid" d="`)
	for _, t := range f.yTicks[1:] {
		fmt.Fprintf(b, "M%s %sH%s", num(f.left), num(f.y(t)), num(f.right))
	}
	b.WriteString(`"/>`)
	for _, t := range f.yTicks {
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="end">%s</text>`, num(f.left-8), num(f.y(t)+5), esc(f.number.format(t, dec)))
	}
	// The axes and the x ticks.
	fmt.Fprintf(b, `<path d="M%s %sV%sH%s`, num(f.left), num(f.top), num(f.bottom), num(f.right))
	for _, t := range xTicks {
		fmt.Fprintf(b, "M%s %sv6", num(f.x(t)), num(f.bottom))
	}
	b.WriteString(`"/>`)
	for i, t := range xTicks {
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle">%s</text>`, num(f.x(t)), num(f.bottom+22), esc(xTickLabels[i]))
	}
	if xLabel != "" {
		fmt.Fprintf(b, `<text class="lmo-label" x="%s" y="%d" text-anchor="middle">%s</text>`, num((f.left+f.right)/2), chartHeight-8, esc(xLabel))
	}
	if yLabel != "" {
		fmt.Fprintf(b, `<text class="lmo-label" transform="rotate(-90)" x="%s" y="16" text-anchor="middle">%s</text>`, num(-(f.top+f.bottom)/2), esc(yLabel))
	}
	b.WriteString(`</g>`)
}

// yearTicks returns round years covering [from, to]: a step of 1, 2, 5,
// 10, 20, 25 or 50 years, at most about eight ticks.
func yearTicks(from, to int) []int {
	step := 50
	for _, s := range []int{1, 2, 5, 10, 20, 25, 50} {
		if (to-from)/s <= 8 {
			step = s
			break
		}
	}
	var out []int
	for y := (from + step - 1) / step * step; y <= to; y += step {
		out = append(out, y)
	}
	return out
}

// Step is one point of a step chart: the count after an event.
type Step struct {
	At    time.Time // the day the count changed
	Label string    // that date as the page writes it: "2013-09-05", or "2013" when only the year is known
	Count int       // the count from then on
	Note  string    // optional words for the point, e.g. "Germany ratified"
}

// StepChart is a step chart of a count over time, such as the number of
// states parties to an instrument after each ratification or
// denunciation. The line starts at zero, rises or falls at each step and
// runs on to Until.
type StepChart struct {
	ID     string       // unique in the page; prefixes the ids inside
	Title  string       // the chart's accessible name
	Desc   string       // its description
	XLabel string       // e.g. "Year"
	YLabel string       // e.g. "States parties"
	Steps  []Step       // in time order
	Until  time.Time    // where the line ends, such as the as-of date; zero or earlier: the last step
	Number NumberFormat // how numbers are written (nil: FormatNumber)
}

// Render writes the chart as an <svg> element. Each step is a point whose
// <title> gives its date, count and note. It fails on a bad ID, no steps,
// or steps out of time order.
func (c StepChart) Render() (template.HTML, error) {
	if err := checkID(c.ID); err != nil {
		return "", err
	}
	if len(c.Steps) == 0 {
		return "", fmt.Errorf("svg: step chart %s has no steps", c.ID)
	}
	maxCount := 0
	for i, s := range c.Steps {
		if i > 0 && s.At.Before(c.Steps[i-1].At) {
			return "", fmt.Errorf("svg: step chart %s: step %d (%s) comes before step %d", c.ID, i, s.Label, i-1)
		}
		maxCount = max(maxCount, s.Count)
	}
	first, last := c.Steps[0].At, c.Steps[len(c.Steps)-1].At
	end := last
	if c.Until.After(end) {
		end = c.Until
	}
	fromYear, toYear := first.Year(), end.Year()+1
	yt := niceTicks(0, float64(maxCount), 5)
	if len(yt) > 1 && yt[1]-yt[0] < 1 { // counts are whole
		yt = niceTicks(0, math.Max(float64(maxCount), 1), 1)
	}
	f := frame{number: c.Number, left: leftFor(yt, c.Number), right: chartWidth - padRight, top: padTop, bottom: chartHeight - padBottom,
		x0: yearValue(time.Date(fromYear, 1, 1, 0, 0, 0, 0, time.UTC)), x1: yearValue(time.Date(toYear, 1, 1, 0, 0, 0, 0, time.UTC)), yTicks: yt}

	var b bytes.Buffer
	writeOpen(&b, c.ID, c.Title, c.Desc)
	var ticks []float64
	var labels []string
	for _, y := range yearTicks(fromYear, toYear) {
		ticks = append(ticks, float64(y))
		labels = append(labels, fmt.Sprint(y))
	}
	writeAxes(&b, f, ticks, labels, c.XLabel, c.YLabel)

	fmt.Fprintf(&b, `<path class="lmo-step" d="M%s %s`, num(f.left), num(f.y(0)))
	for _, s := range c.Steps {
		fmt.Fprintf(&b, "H%sV%s", num(f.x(yearValue(s.At))), num(f.y(float64(s.Count))))
	}
	fmt.Fprintf(&b, `H%s"/>`, num(f.x(yearValue(end))))
	b.WriteString(`<g class="lmo-step-point">`)
	for _, s := range c.Steps {
		name := fmt.Sprintf("%s, %s: %d", s.Label, c.YLabel, s.Count)
		if c.YLabel == "" {
			name = fmt.Sprintf("%s: %d", s.Label, s.Count)
		}
		if s.Note != "" {
			name += " (" + s.Note + ")"
		}
		fmt.Fprintf(&b, `<circle role="graphics-symbol" cx="%s" cy="%s" r="3.5"><title>%s</title></circle>`,
			num(f.x(yearValue(s.At))), num(f.y(float64(s.Count))), esc(name))
	}
	b.WriteString(`</g></svg>`)
	return template.HTML(b.String()), nil
}

// yearValue places a time on a continuous axis of years: 2013.5 is about
// 2 July 2013.
func yearValue(t time.Time) float64 {
	t = t.UTC()
	start := time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	next := time.Date(t.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
	return float64(t.Year()) + float64(t.Sub(start))/float64(next.Sub(start))
}

// Point is one value of a series in a line chart.
type Point struct {
	Year  int
	Value float64
}

// Series is one line of a line chart.
type Series struct {
	Name   string  // shown in the legend and in every point's title
	Points []Point // in year order; years with no value are left out
}

// maxSeries is how many series a line chart tells apart (by colour and by
// dash pattern).
const maxSeries = 6

// dashes are the series' dash patterns, so lines differ in more than hue.
var dashes = [maxSeries]string{"", "8 4", "2 3", "10 3 2 3", "4 4", "1 2"}

// LineChart is a line chart of values over years, one line per series
// (at most six), such as the stock of international migrants in a few
// countries. The y axis starts at zero (or below, for negative values).
type LineChart struct {
	ID       string // unique in the page; prefixes the ids inside
	Title    string // the chart's accessible name
	Desc     string // its description
	XLabel   string // e.g. "Year"
	YLabel   string // e.g. "Migrants (thousands)"
	Series   []Series
	Decimals int          // decimals of the values in the points' titles
	Number   NumberFormat // how numbers are written (nil: FormatNumber)
}

// Render writes the chart as an <svg> element: a legend above the plot,
// each series a line with its own colour and dash pattern and a point per
// value whose <title> gives series, year and value. It fails on a bad ID,
// no values, more than six series, or points out of year order.
func (c LineChart) Render() (template.HTML, error) {
	if err := checkID(c.ID); err != nil {
		return "", err
	}
	if len(c.Series) > maxSeries {
		return "", fmt.Errorf("svg: line chart %s has %d series; at most %d can be told apart", c.ID, len(c.Series), maxSeries)
	}
	minY, maxY := 0.0, math.Inf(-1)
	minX, maxX := math.MaxInt, math.MinInt
	for _, s := range c.Series {
		for i, p := range s.Points {
			if i > 0 && p.Year <= s.Points[i-1].Year {
				return "", fmt.Errorf("svg: line chart %s: series %q: year %d after %d", c.ID, s.Name, p.Year, s.Points[i-1].Year)
			}
			if math.IsNaN(p.Value) || math.IsInf(p.Value, 0) {
				return "", fmt.Errorf("svg: line chart %s: series %q: year %d has no finite value", c.ID, s.Name, p.Year)
			}
			minY, maxY = math.Min(minY, p.Value), math.Max(maxY, p.Value)
			minX, maxX = min(minX, p.Year), max(maxX, p.Year)
		}
	}
	if maxX < minX {
		return "", fmt.Errorf("svg: line chart %s has no values", c.ID)
	}
	// Legend rows above the plot.
	type item struct{ x, row int }
	items := make([]item, len(c.Series))
	x, row := padLeft, 0
	for i, s := range c.Series {
		w := 36 + textWidth(s.Name, fontSize) + 20
		if x+w > chartWidth && x > padLeft {
			x, row = padLeft, row+1
		}
		items[i] = item{x, row}
		x += w
	}
	top := float64(padTop + (row+1)*22)
	yt := niceTicks(minY, maxY, 5)
	f := frame{number: c.Number, left: leftFor(yt, c.Number), right: chartWidth - padRight, top: top, bottom: chartHeight - padBottom,
		x0: float64(minX), x1: float64(maxX), yTicks: yt}
	if minX == maxX {
		f.x0, f.x1 = float64(minX-1), float64(maxX+1)
	}
	var b bytes.Buffer
	writeOpen(&b, c.ID, c.Title, c.Desc)
	var ticks []float64
	var labels []string
	for _, y := range yearTicks(int(f.x0), int(f.x1)) {
		ticks = append(ticks, float64(y))
		labels = append(labels, fmt.Sprint(y))
	}
	writeAxes(&b, f, ticks, labels, c.XLabel, c.YLabel)
	b.WriteString(`<g class="lmo-legend" aria-hidden="true">`)
	for i, s := range c.Series {
		y := padTop + items[i].row*22 + 8
		fmt.Fprintf(&b, `<path class="lmo-line lmo-l%d"%s d="M%d %dh28"/><text x="%d" y="%d">%s</text>`,
			i+1, dashAttr(i), items[i].x, y, items[i].x+36, y+5, esc(s.Name))
	}
	b.WriteString(`</g>`)
	for i, s := range c.Series {
		if len(s.Points) == 0 {
			continue
		}
		fmt.Fprintf(&b, `<g role="graphics-object" aria-label="%s"><path class="lmo-line lmo-l%d"%s d="`, esc(s.Name), i+1, dashAttr(i))
		for j, p := range s.Points {
			cmd := "L"
			if j == 0 {
				cmd = "M"
			}
			fmt.Fprintf(&b, "%s%s %s", cmd, num(f.x(float64(p.Year))), num(f.y(p.Value)))
		}
		b.WriteString(`"/>`)
		for _, p := range s.Points {
			name := fmt.Sprintf("%s, %d: %s", s.Name, p.Year, c.Number.format(p.Value, c.Decimals))
			fmt.Fprintf(&b, `<circle class="lmo-point lmo-l%d" role="graphics-symbol" cx="%s" cy="%s" r="3.5"><title>%s</title></circle>`,
				i+1, num(f.x(float64(p.Year))), num(f.y(p.Value)), esc(name))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()), nil
}

func dashAttr(i int) string {
	if dashes[i] == "" {
		return ""
	}
	return fmt.Sprintf(` stroke-dasharray="%s"`, dashes[i])
}
