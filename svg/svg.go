// Package svg renders LMO's charts and maps as server-side SVG: a
// choropleth world map (WorldMap), a step chart of counts over dates
// (StepChart) and a line chart of values over years (LineChart).
//
// Every rendering is deterministic (the same input gives the same bytes),
// carries its accessible name and description (<title> and <desc>, referred
// to by aria-labelledby), and uses no inline style: no style attribute and
// no <style> element, so the site's Content-Security-Policy can forbid
// inline style. Sizes are in a viewBox, so a rendering scales to its
// container; colours come from CSS classes that the site's stylesheet
// defines, in light and dark mode: CSS holds those rules.
//
// A chart or map is never the only way to the data: the page shows the same
// values in an HTML table beside it (DESIGN.md, "a table behind every chart
// and map").
//
// The world map's country shapes are generated (worldmap_data.go, by
// internal/genworldmap) from Natural Earth's public-domain boundaries as
// redistributed by the npm package world-atlas; see ATTRIBUTION.md.
package svg

import (
	_ "embed"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// CSS holds the stylesheet rules every rendering relies on (colours in
// light and dark mode, outlines, focus rings), to be added to the site's
// stylesheet. It uses the site's custom properties --bg, --ink, --muted,
// --line and --focus when they are set, with fallbacks.
//
//go:embed svg.css
var CSS string

// checkID reports whether id can prefix the ids inside a rendering: a
// letter, then letters, digits, '-' or '_'. It must be unique in the page.
func checkID(id string) error {
	if id == "" {
		return fmt.Errorf("svg: an ID is required (it prefixes the ids inside the SVG and must be unique in the page)")
	}
	for i, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && (r >= '0' && r <= '9' || r == '-' || r == '_')
		if !ok {
			return fmt.Errorf("svg: ID %q: use a letter then letters, digits, '-' or '_'", id)
		}
	}
	return nil
}

// esc escapes text for XML content and attribute values.
func esc(s string) string { return html.EscapeString(s) }

// num formats a coordinate with at most one decimal.
func num(f float64) string {
	f = math.Round(f*10) / 10
	if f == 0 {
		return "0" // no "-0"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// niceStep returns a round step (1, 2 or 5 times a power of ten) that cuts
// span into at most about want intervals.
func niceStep(span float64, want int) float64 {
	if span <= 0 || want < 1 {
		return 1
	}
	raw := span / float64(want)
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

// niceTicks returns the round values from 0 (or below min) to at least max.
func niceTicks(min, max float64, want int) []float64 {
	if min > 0 {
		min = 0
	}
	if max <= min {
		max = min + 1
	}
	step := niceStep(max-min, want)
	lo := math.Floor(min/step) * step
	hi := math.Ceil(max/step) * step
	var out []float64
	for i := 0; ; i++ {
		v := lo + float64(i)*step
		if v > hi+step/1e6 {
			break
		}
		out = append(out, cleanFloat(v, step))
	}
	return out
}

// cleanFloat rounds v to the precision of step, so 0.30000000000000004
// becomes 0.3.
func cleanFloat(v, step float64) float64 {
	d := decimals(step)
	p := math.Pow(10, float64(d))
	return math.Round(v*p) / p
}

// decimals is the number of decimals a round step needs.
func decimals(step float64) int {
	if step >= 1 {
		return 0
	}
	return int(math.Ceil(-math.Log10(step) - 1e-9))
}

// NumberFormat writes a value with the decimals given, as a language
// writes numbers. The zero value is FormatNumber.
type NumberFormat func(v float64, decimals int) string

// format writes v with f, or FormatNumber when f is nil.
func (f NumberFormat) format(v float64, decimals int) string {
	if f == nil {
		return FormatNumber(v, decimals)
	}
	return f(v, decimals)
}

// FormatNumber writes a value with the decimals given and digits grouped in
// threes by a narrow no-break space (U+202F, as ISO 80000 and the SI
// brochure do, readable in English, French and Spanish alike).
func FormatNumber(v float64, decimals int) string {
	s := group(strconv.FormatFloat(math.Abs(v), 'f', decimals, 64))
	if v < 0 && strings.Trim(s, "0.") != "" {
		return "-" + s
	}
	return s
}

// group inserts U+202F between groups of three digits of the integer part.
func group(s string) string {
	intPart, frac, _ := strings.Cut(s, ".")
	if len(intPart) <= 4 { // 1000-9999 stay whole, as years and most style guides do
		return s
	}
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString("\u202f")
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}
