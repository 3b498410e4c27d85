package svg

import (
	"bytes"
	"fmt"
	"html/template"
	"slices"
	"strings"
)

//go:generate go run ../internal/genworldmap -atlas=$WORLD_ATLAS -countries ../starter/countries.csv -out worldmap_data.go

// worldCountry is one country of the generated map: its ISO 3166-1 alpha-2
// code, its marker position (the centroid of its largest polygon at 1:10m),
// whether it is drawn with a marker (it is missing or tiny at 1:110m), and
// its path data ("" when 1:110m has no shape for it).
type worldCountry struct {
	Code   string
	X, Y   int
	Marker bool
	D      string
}

// markerRadius is the radius of the circle drawn for small countries.
const markerRadius = 4

// Shade is how a class of a map is filled. The stylesheet (CSS) gives each
// shade its colour in light and dark mode; the shades of one ramp differ in
// lightness, so they do not rely on hue.
type Shade int

// Shades, from "no data" through the faintest to the strongest: Shade1 is
// closest to the page background and Shade5 furthest from it (darkest in
// light mode, lightest in dark mode), so give the strongest shade to the
// class that matters most ("party") or to the highest values. ShadeNone is
// the page background with a dashed outline, for "no data" classes.
const (
	ShadeNone Shade = iota
	Shade1
	Shade2
	Shade3
	Shade4
	Shade5
)

// Class is one category of a choropleth, in legend order.
type Class struct {
	Key     string // what MapCountry.Class refers to, e.g. "party"
	Label   string // the legend's words, e.g. "Party"
	Shade   Shade
	Hatched bool // draw diagonal hatching over the shade, so the class stands out without colour
}

// MapCountry is one country's entry on a map.
type MapCountry struct {
	Code  string // ISO 3166-1 alpha-2, e.g. "UY"
	Name  string // e.g. "Uruguay"
	Class string // a Class.Key
	Href  string // the country's link ("" for none)
}

// WorldMap is a choropleth of the world: each country given is filled with
// its class's shade, named in a <title> ("Uruguay: Party") and linked; the
// rest of the world's land is drawn plain. Countries too small to see at
// this scale get a circle marker at their centroid. A legend lists the
// classes.
//
// The <svg> has role="graphics-document" (not "img", whose children are
// presentational: it would hide the links from assistive technology) and is
// named by its <title> and <desc> through aria-labelledby. Each country is
// an SVG <a>, which Chromium puts in the Tab order (TestBrowser checks it),
// whose first child <title> names it; the stylesheet outlines it on focus.
//
// For an instrument's states parties, for example: Classes "party"
// (Shade5), "signed only" (Shade3, Hatched), "not a party" (Shade1),
// "no data" (ShadeNone).
type WorldMap struct {
	ID        string // unique in the page; prefixes the ids inside
	Title     string // the map's accessible name
	Desc      string // its description
	Classes   []Class
	Countries []MapCountry
}

// OnMap reports whether the map can draw the country with this ISO 3166-1
// alpha-2 code (as a shape, a marker or both). Render leaves out the codes
// it cannot draw, such as French Guiana (GF) and Réunion (RE), which
// Natural Earth draws as part of France; the page's table still lists them.
func OnMap(code string) bool {
	_, ok := worldIndex(code)
	return ok
}

func worldIndex(code string) (int, bool) {
	return slices.BinarySearchFunc(worldCountries, code, func(c worldCountry, code string) int {
		return strings.Compare(c.Code, code)
	})
}

// Render writes the map as an <svg> element. It fails on a bad ID, a
// duplicate class key or country code, or a country whose class is not in
// Classes; it leaves out countries the map cannot draw (see OnMap).
func (m WorldMap) Render() (template.HTML, error) {
	if err := checkID(m.ID); err != nil {
		return "", err
	}
	classes := map[string]int{}
	for i, c := range m.Classes {
		if _, dup := classes[c.Key]; dup {
			return "", fmt.Errorf("svg: map %s: class %q given twice", m.ID, c.Key)
		}
		if c.Shade < ShadeNone || c.Shade > Shade5 {
			return "", fmt.Errorf("svg: map %s: class %q has no shade %d", m.ID, c.Key, c.Shade)
		}
		classes[c.Key] = i
	}
	given := map[string]MapCountry{}
	for _, c := range m.Countries {
		if _, dup := given[c.Code]; dup {
			return "", fmt.Errorf("svg: map %s: country %q given twice", m.ID, c.Code)
		}
		if _, ok := classes[c.Class]; !ok {
			return "", fmt.Errorf("svg: map %s: country %s has class %q, which is not among the classes", m.ID, c.Code, c.Class)
		}
		given[c.Code] = c
	}

	legend, rows := m.legendLayout()
	legendY := worldHeight + 8
	height := legendY + rows*(legendSize+10)
	var b bytes.Buffer
	b.Grow(64 << 10)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" class="lmo-map" role="graphics-document" aria-labelledby="%s-t %s-d">`,
		worldWidth, height, m.ID, m.ID)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, m.ID, esc(m.Title), m.ID, esc(m.Desc))
	m.writePatterns(&b)

	// Plain land first: unassigned shapes and the countries not given.
	b.WriteString(`<g class="lmo-map-land" fill-rule="evenodd"><path d="`)
	for _, d := range worldLand {
		b.WriteString(d)
	}
	for _, w := range worldCountries {
		if _, ok := given[w.Code]; !ok {
			b.WriteString(w.D)
		}
	}
	b.WriteString(`"/></g>`)

	// Then the countries given: shapes, then those with markers on top.
	fills := make([]string, len(m.Classes))
	for i := range m.Classes {
		fills[i] = m.fill(i)
	}
	// The commonest shade is the group's, inherited, not repeated on every
	// shape: a map of the world's parties to one treaty is mostly one shade.
	group := ""
	if i := m.commonestShade(); i >= 0 {
		group, fills[i] = " "+strings.TrimSuffix(strings.TrimPrefix(fills[i], `class="`), `"`), ""
	}
	fmt.Fprintf(&b, `<g class="lmo-map-countries%s" fill-rule="evenodd">`, group)
	for _, markers := range []bool{false, true} {
		for _, w := range worldCountries {
			c, ok := given[w.Code]
			if !ok || w.Marker != markers {
				continue
			}
			i := classes[c.Class]
			writeCountry(&b, w, c, m.Classes[i].Label, fills[i])
		}
	}
	b.WriteString(`</g>`)
	m.writeLegend(&b, legend, legendY)
	b.WriteString(`</svg>`)
	return template.HTML(b.String()), nil
}

// commonestShade returns the class of the most countries among those
// filled by a shade alone (not hatched, and not ShadeNone, whose dashed
// outline would be inherited too), or -1 when no country is.
func (m WorldMap) commonestShade() int {
	count := make([]int, len(m.Classes))
	index := map[string]int{}
	for i, c := range m.Classes {
		index[c.Key] = i
	}
	best := -1
	for _, c := range m.Countries {
		i := index[c.Class]
		if cl := m.Classes[i]; cl.Hatched || cl.Shade == ShadeNone {
			continue
		}
		if count[i]++; best < 0 || count[i] > count[best] {
			best = i
		}
	}
	return best
}

// fill returns the attribute that fills a shape of class i.
func (m WorldMap) fill(i int) string {
	c := m.Classes[i]
	if c.Hatched {
		return fmt.Sprintf(`fill="url(#%s-h%d)" class="lmo-hatched"`, m.ID, i)
	}
	return fmt.Sprintf(`class="lmo-s%d"`, c.Shade)
}

// writePatterns defines the hatching of hatched classes: the class's shade
// under diagonal lines.
func (m WorldMap) writePatterns(b *bytes.Buffer) {
	var defs bool
	for i, c := range m.Classes {
		if !c.Hatched {
			continue
		}
		if !defs {
			b.WriteString(`<defs>`)
			defs = true
		}
		fmt.Fprintf(b, `<pattern id="%s-h%d" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="5" height="5" class="lmo-s%d"/><path d="M0 0v5" class="lmo-hatch" stroke-width="2.2"/></pattern>`,
			m.ID, i, c.Shade)
	}
	if defs {
		b.WriteString(`</defs>`)
	}
}

// writeCountry draws one country given on the map: a link (or a group,
// without one) named by its <title>, holding its shape and its marker.
func writeCountry(b *bytes.Buffer, w worldCountry, c MapCountry, label, fill string) {
	if c.Href != "" {
		b.WriteString(`<a href="`)
		b.WriteString(esc(c.Href))
		b.WriteString(`">`)
	} else {
		b.WriteString(`<g>`)
	}
	b.WriteString(`<title>`)
	b.WriteString(esc(c.Name))
	b.WriteString(": ")
	b.WriteString(esc(label))
	b.WriteString(`</title>`)
	if w.D != "" {
		b.WriteString(`<path `)
		if fill != "" {
			b.WriteString(fill)
			b.WriteString(" ")
		}
		b.WriteString(`d="`)
		b.WriteString(w.D)
		b.WriteString(`"/>`)
	}
	if w.Marker {
		if fill != "" {
			fill += " "
		}
		fmt.Fprintf(b, `<circle %scx="%d" cy="%d" r="%d"/>`, fill, w.X, w.Y, markerRadius)
	}
	if c.Href != "" {
		b.WriteString(`</a>`)
	} else {
		b.WriteString(`</g>`)
	}
}

// legendSize is the height of the legend's text and swatches: 20 units of
// a 1000-unit-wide map, so about 8 pixels on a 390-pixel phone.
const legendSize = 20

// legendLayout places the classes in rows under the map, as many to a row
// as fit: each class's x and row, and the number of rows (at least one).
func (m WorldMap) legendLayout() (at [][2]int, rows int) {
	x, row := 10, 0
	for _, c := range m.Classes {
		w := legendSize + 8 + textWidth(c.Label, legendSize)
		if x+w > worldWidth-10 && x > 10 {
			x, row = 10, row+1
		}
		at = append(at, [2]int{x, row})
		x += w + 32
	}
	return at, row + 1
}

// writeLegend draws the legend: a swatch and the label of each class.
func (m WorldMap) writeLegend(b *bytes.Buffer, at [][2]int, top int) {
	fmt.Fprintf(b, `<g class="lmo-legend" font-size="%d">`, legendSize)
	for i, c := range m.Classes {
		x, y := at[i][0], top+at[i][1]*(legendSize+10)
		fmt.Fprintf(b, `<rect %s x="%d" y="%d" width="%d" height="%d"/><text x="%d" y="%d">%s</text>`,
			m.fill(i), x, y, legendSize, legendSize, x+legendSize+8, y+legendSize-3, esc(c.Label))
	}
	b.WriteString(`</g>`)
}

// textWidth estimates the width of a label in a sans-serif font (an average
// glyph is about 0.55 em), enough to lay labels out without overlap.
func textWidth(s string, size int) int {
	return (len([]rune(s))*size*55 + 99) / 100
}
