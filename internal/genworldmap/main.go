// Command genworldmap writes svg/worldmap_data.go, the country shapes of the
// world map that package svg draws, from Natural Earth's country boundaries
// as redistributed in TopoJSON by the npm package world-atlas (version 2).
//
// Get the input once (the npm registry serves it; ISC licence, Mike Bostock;
// the geometry is Natural Earth 4.1.0, public domain):
//
//	cd /tmp && npm pack world-atlas@2 && tar xzf world-atlas-*.tgz
//
// then, from the svg directory:
//
//	WORLD_ATLAS=/tmp/package go generate
//
// which runs
//
//	go run ../internal/genworldmap -atlas=$WORLD_ATLAS -countries ../starter/countries.csv -out worldmap_data.go
//
// What it does:
//
//   - Shapes come from countries-110m.json (Natural Earth 1:110m admin 0),
//     whose ids are ISO 3166-1 numeric codes; starter/countries.csv maps them
//     to alpha-2. The three unassigned shapes (Kosovo, Northern Cyprus,
//     Somaliland: no ISO code) are kept as plain land so the map has no
//     holes. Antarctica is left out: it is no one's state and would take a
//     sixth of the height.
//   - Projection: Equal Earth (Šavrič, Patterson and Jenny, 2018). It is
//     equal-area, which a choropleth needs (a country's share of the ink is
//     its share of the land, so Russia and Canada do not outweigh Africa as
//     on Mercator or, less so, Robinson), its shape is close to Robinson's
//     familiar one, and it has closed-form equations (Robinson is a table to
//     interpolate). The map is 1000 units wide.
//   - Simplification: Douglas-Peucker on each TopoJSON arc with a tolerance
//     of -tolerance units, so a border shared by two countries is simplified
//     once and both draw exactly the same line; then coordinates are rounded
//     to whole units, repeated points dropped and rings smaller than
//     -minring square units dropped.
//   - Markers: every country in starter/countries.csv that 1:110m leaves out
//     (Bahrain, Singapore, Malta, most island states) or draws smaller than
//     -markerarea square units gets a marker position: the centroid of its
//     largest polygon in countries-10m.json (1:10m, which unlike 1:50m also
//     has Tuvalu and Gibraltar), projected the same way. The renderer draws a
//     circle there, so every state can be coloured and reached.
//
// The output is sorted by alpha-2 code and byte-for-byte reproducible.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

func main() {
	atlas := flag.String("atlas", "", "directory of the unpacked world-atlas@2 npm package (holding countries-110m.json and countries-10m.json)")
	countries := flag.String("countries", "../starter/countries.csv", "LMO's countries file (alpha2, alpha3, numeric columns)")
	out := flag.String("out", "worldmap_data.go", "output Go file")
	cfg := defaultConfig
	flag.Float64Var(&cfg.Width, "width", cfg.Width, "map width in SVG units")
	flag.Float64Var(&cfg.Tolerance, "tolerance", cfg.Tolerance, "Douglas-Peucker tolerance in SVG units")
	flag.Float64Var(&cfg.MinRing, "minring", cfg.MinRing, "rings smaller than this (square units) are dropped")
	flag.Float64Var(&cfg.MarkerArea, "markerarea", cfg.MarkerArea, "countries drawn smaller than this (square units) also get a marker")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "genworldmap: unexpected arguments %q\n", flag.Args())
		os.Exit(2)
	}
	if *atlas == "" {
		fmt.Fprintln(os.Stderr, "genworldmap: -atlas is required (go generate passes $WORLD_ATLAS): cd /tmp && npm pack world-atlas@2 && tar xzf world-atlas-*.tgz, then -atlas /tmp/package")
		os.Exit(2)
	}
	if err := run(*atlas, *countries, *out, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "genworldmap:", err)
		os.Exit(1)
	}
}

// config holds the generator's tunable numbers.
type config struct {
	Width, Tolerance, MinRing, MarkerArea float64
}

var defaultConfig = config{Width: 1000, Tolerance: 0.6, MinRing: 1.5, MarkerArea: 10}

func run(atlasDir, countriesPath, outPath string, cfg config) error {
	codes, err := readCountries(countriesPath)
	if err != nil {
		return err
	}
	version, err := atlasVersion(filepath.Join(atlasDir, "package.json"))
	if err != nil {
		return err
	}
	shapes, err := readFeatures(filepath.Join(atlasDir, "countries-110m.json"))
	if err != nil {
		return err
	}
	points, err := readFeatures(filepath.Join(atlasDir, "countries-10m.json"))
	if err != nil {
		return err
	}
	m, err := build(shapes, points, codes, cfg)
	if err != nil {
		return err
	}
	src, err := m.source(version)
	if err != nil {
		return err
	}
	return os.WriteFile(outPath, src, 0o644)
}

// readCountries maps ISO 3166-1 numeric codes to alpha-2 from LMO's
// countries file, finding its columns by name.
func readCountries(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	a2, num := slices.Index(head, "alpha2"), slices.Index(head, "numeric")
	if a2 < 0 || num < 0 {
		return nil, fmt.Errorf("%s: no alpha2 or numeric column in %v", path, head)
	}
	codes := map[string]string{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return codes, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		codes[rec[num]] = rec[a2]
	}
}

func atlasVersion(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var p struct{ Name, Version string }
	if err := json.Unmarshal(b, &p); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	if p.Name != "world-atlas" {
		return "", fmt.Errorf("%s: package %q is not world-atlas", path, p.Name)
	}
	return p.Version, nil
}

// source is a decoded TopoJSON file of countries: its arcs in degrees and
// its features.
type source struct {
	Arcs     [][]point
	Features []feature
}

func readFeatures(path string) (source, error) {
	f, err := os.Open(path)
	if err != nil {
		return source{}, err
	}
	defer f.Close()
	arcs, feats, err := decodeTopology(f, "countries")
	if err != nil {
		return source{}, fmt.Errorf("%s: %w", path, err)
	}
	return source{arcs, feats}, nil
}

// worldMap is the generator's result, in SVG units (y down).
type worldMap struct {
	Width, Height int
	Countries     []country // sorted by Code
	Land          []land    // shapes with no ISO code, sorted by Name
}

type country struct {
	Code   string
	Name   string // Natural Earth's name, for the generated file's comments
	D      string // SVG path data, "" when 1:110m has no shape
	X, Y   int    // marker position (centroid of the largest polygon)
	Marker bool
}

type land struct{ Name, D string }

// antarctica is left off the map (ISO 3166-1 numeric 010).
const antarctica = "010"

// build projects, simplifies and quantizes the shapes and finds the markers.
func build(shapes, points source, codes map[string]string, cfg config) (worldMap, error) {
	s := cfg.Width / (2 * equalEarthHalfWidth)
	proj := func(p point) point {
		x, y := equalEarth(p.X, p.Y)
		return point{cfg.Width/2 + s*x, -s * y}
	}
	arcs := make([][]point, len(shapes.Arcs))
	for i, a := range shapes.Arcs {
		pa := make([]point, len(a))
		for j, p := range a {
			pa[j] = proj(p)
		}
		arcs[i] = simplify(pa, cfg.Tolerance)
	}
	// Group the features by code; merge features sharing one.
	type drawn struct {
		name  string
		polys []polygon
	}
	byCode := map[string]*drawn{}
	var lands []drawn
	for _, f := range shapes.Features {
		if f.ID == antarctica {
			continue
		}
		polys, err := projected(f, shapes.Arcs, arcs, proj, cfg.Tolerance)
		if err != nil {
			return worldMap{}, err
		}
		code, ok := codes[f.ID]
		if f.ID == "" || !ok {
			if f.ID != "" {
				return worldMap{}, fmt.Errorf("110m shape %s has ISO numeric code %s, which countries.csv does not know", f.Name, f.ID)
			}
			lands = append(lands, drawn{f.Name, polys})
			continue
		}
		if d := byCode[code]; d != nil {
			d.polys = append(d.polys, polys...)
		} else {
			byCode[code] = &drawn{f.Name, polys}
		}
	}
	// Marker positions: the largest polygon of each country at 1:10m.
	centre := map[string]point{}
	names := map[string]string{}
	largest := map[string]float64{}
	for _, f := range points.Features {
		code, ok := codes[f.ID]
		if !ok || f.ID == antarctica {
			continue
		}
		polys, err := f.polygons(points.Arcs)
		if err != nil {
			return worldMap{}, err
		}
		for _, p := range polys {
			for _, part := range cutAntimeridian(p[0]) {
				pr := make(ring, len(part))
				for i, q := range part {
					pr[i] = proj(q)
				}
				if a := math.Abs(area(pr)); a > largest[code] || largest[code] == 0 {
					largest[code] = a
					centre[code] = centroid(pr)
					if names[code] == "" {
						names[code] = f.Name
					}
				}
			}
		}
	}
	// Bounds of what is drawn, to place the map at the top of its box.
	minY, maxY := math.Inf(1), math.Inf(-1)
	grow := func(p point) {
		minY, maxY = math.Min(minY, p.Y), math.Max(maxY, p.Y)
	}
	for _, d := range byCode {
		for _, p := range d.polys {
			for _, q := range p[0] {
				grow(q)
			}
		}
	}
	for code, c := range centre {
		if byCode[code] == nil {
			grow(c)
		}
	}
	const pad = 6 // room for a marker's circle at the edge
	shift := pad - minY
	m := worldMap{Width: int(cfg.Width), Height: int(math.Ceil(maxY + shift + pad))}
	for _, code := range slices.Sorted(func(yield func(string) bool) {
		seen := map[string]bool{}
		for c := range byCode {
			seen[c] = true
		}
		for c := range centre {
			seen[c] = true
		}
		for c := range seen {
			if !yield(c) {
				return
			}
		}
	}) {
		c := country{Code: code, Name: names[code]}
		var drawnArea float64
		if d := byCode[code]; d != nil {
			c.Name = d.name
			c.D, drawnArea = pathData(d.polys, shift, cfg.MinRing)
		}
		p, ok := centre[code]
		if !ok { // drawn at 110m but not in 10m: never so far
			return worldMap{}, fmt.Errorf("%s has a shape at 1:110m but none at 1:10m", code)
		}
		c.X, c.Y = int(math.Round(p.X)), int(math.Round(p.Y+shift))
		c.Marker = drawnArea < cfg.MarkerArea
		m.Countries = append(m.Countries, c)
	}
	slices.SortFunc(lands, func(a, b drawn) int { return strings.Compare(a.name, b.name) })
	for _, l := range lands {
		d, _ := pathData(l.polys, shift, cfg.MinRing)
		m.Land = append(m.Land, land{l.name, d})
	}
	return m, nil
}

// projected assembles a feature's polygons from the projected, simplified
// arcs, except for rings that jump across the antimeridian: those are
// assembled in degrees, cut there (each part a polygon of its own),
// projected and simplified as whole rings.
func projected(f feature, geoArcs, arcs [][]point, proj func(point) point, tol float64) ([]polygon, error) {
	geo, err := f.polygons(geoArcs)
	if err != nil {
		return nil, err
	}
	flat, err := f.polygons(arcs)
	if err != nil {
		return nil, err
	}
	var out []polygon
	for i, p := range geo {
		var keep polygon
		for j, r := range p {
			if !crossesAntimeridian(r) {
				keep = append(keep, flat[i][j])
				continue
			}
			for _, part := range cutAntimeridian(r) {
				pr := make(ring, len(part))
				for k, q := range part {
					pr[k] = proj(q)
				}
				out = append(out, polygon{simplify(pr, tol)})
			}
		}
		if len(keep) > 0 {
			out = append(out, keep)
		}
	}
	return out, nil
}

// pathData writes polygons as compact SVG path data in whole units: an
// absolute moveto per ring, then relative linetos, then closepath. Rings
// that rounding leaves with fewer than three points or smaller than minRing
// square units are dropped. It returns the data and the area drawn.
func pathData(polys []polygon, shift, minRing float64) (string, float64) {
	var b strings.Builder
	var total float64
	for _, p := range polys {
		for ri, r := range p {
			q := make(ring, 0, len(r))
			for _, pt := range r {
				pt = point{math.Round(pt.X), math.Round(pt.Y + shift)}
				if len(q) == 0 || q[len(q)-1] != pt {
					q = append(q, pt)
				}
			}
			if len(q) > 1 && q[0] == q[len(q)-1] {
				q = q[:len(q)-1]
			}
			if len(q) < 3 {
				continue
			}
			a := area(append(q, q[0]))
			if math.Abs(a) < minRing {
				continue
			}
			if ri == 0 {
				total += math.Abs(a)
			}
			b.WriteByte('M')
			writeNums(&b, int(q[0].X), int(q[0].Y))
			b.WriteByte('l')
			for i := 1; i < len(q); i++ {
				writeNums(&b, int(q[i].X-q[i-1].X), int(q[i].Y-q[i-1].Y))
			}
			b.WriteByte('z')
		}
	}
	return b.String(), total
}

// writeNums appends two numbers to path data with the fewest separators:
// none before a minus sign or after a command letter.
func writeNums(b *strings.Builder, x, y int) {
	for _, n := range []int{x, y} {
		s := b.String()
		if last := s[len(s)-1]; n >= 0 && last != 'M' && last != 'l' {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(n))
	}
}

// source renders the Go file.
func (m worldMap) source(version string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, `// Code generated by genworldmap from world-atlas %s; DO NOT EDIT.
//
// Country boundaries: Natural Earth 4.1.0, Admin 0 countries at 1:110m
// (shapes) and 1:10m (marker positions), public domain. Made with Natural
// Earth, https://www.naturalearthdata.com/.
// TopoJSON: world-atlas %s, https://github.com/topojson/world-atlas,
// Copyright 2013-2019 Michael Bostock, ISC licence (see ATTRIBUTION.md).
// Projected with Equal Earth, simplified and rounded to whole units by
// internal/genworldmap.

package svg

const (
	worldWidth  = %d
	worldHeight = %d
)

// worldCountries holds every country with a shape or a marker, by code.
var worldCountries = []worldCountry{
`, version, version, m.Width, m.Height)
	for _, c := range m.Countries {
		fmt.Fprintf(&b, "\t{%q, %d, %d, %t, %s}, // %s\n", c.Code, c.X, c.Y, c.Marker, strconv.Quote(c.D), c.Name)
	}
	b.WriteString("}\n\n// worldLand holds land with no ISO 3166-1 code, drawn plain.\nvar worldLand = []string{\n")
	for _, l := range m.Land {
		fmt.Fprintf(&b, "\t%s, // %s\n", strconv.Quote(l.D), l.Name)
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}
