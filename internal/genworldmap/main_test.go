package main

import (
	"math"
	"strings"
	"testing"
)

// tiny is a hand-made TopoJSON topology: two unit squares side by side
// sharing the arc between them (arc 0, used reversed by the second), a
// quantized transform with delta-encoded arcs, a MultiPolygon, a geometry
// with a numeric id, one with none and a null geometry.
//
// In quantized units (scale 0.5, translate 10,20): arc 0 is the shared edge
// (2,0)->(2,2); arc 1 closes the left square (2,2)->(0,2)->(0,0)->(2,0);
// arc 2 closes the right square (2,0)->(4,0)->(4,2)->(2,2); arc 3 is a
// separate triangle.
const tiny = `{
  "type": "Topology",
  "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
  "arcs": [
    [[2, 0], [0, 2]],
    [[2, 2], [-2, 0], [0, -2], [2, 0]],
    [[2, 0], [2, 0], [0, 2], [-2, 0]],
    [[6, 6], [1, 0], [-1, 1], [0, -1]]
  ],
  "objects": {"countries": {"type": "GeometryCollection", "geometries": [
    {"type": "Polygon", "id": "001", "properties": {"name": "Left"}, "arcs": [[0, 1]]},
    {"type": "MultiPolygon", "id": 2, "properties": {"name": "Right"}, "arcs": [[[-1, 2]], [[3]]]},
    {"type": "Polygon", "properties": {"name": "Nobody's"}, "arcs": [[3]]},
    {"type": null, "id": "004"}
  ]}}
}`

func TestDecodeTopology(t *testing.T) {
	arcs, feats, err := decodeTopology(strings.NewReader(tiny), "countries")
	if err != nil {
		t.Fatal(err)
	}
	if got := arcs[1]; got[0] != (point{11, 21}) || got[1] != (point{10, 21}) || got[3] != (point{11, 20}) {
		t.Errorf("arc 1 decodes to %v", got)
	}
	if len(feats) != 3 {
		t.Fatalf("%d features, want 3 (the null geometry skipped)", len(feats))
	}
	for i, want := range []struct{ id, name string }{{"001", "Left"}, {"2", "Right"}, {"", "Nobody's"}} {
		if feats[i].ID != want.id || feats[i].Name != want.name {
			t.Errorf("feature %d is %q %q, want %q %q", i, feats[i].ID, feats[i].Name, want.id, want.name)
		}
	}
	left, err := feats[0].polygons(arcs)
	if err != nil {
		t.Fatal(err)
	}
	want := ring{{11, 20}, {11, 21}, {10, 21}, {10, 20}, {11, 20}}
	if len(left) != 1 || len(left[0]) != 1 || !equalRing(left[0][0], want) {
		t.Errorf("left square is %v, want %v", left, want)
	}
	right, err := feats[1].polygons(arcs)
	if err != nil {
		t.Fatal(err)
	}
	want = ring{{11, 21}, {11, 20}, {12, 20}, {12, 21}, {11, 21}}
	if len(right) != 2 || !equalRing(right[0][0], want) {
		t.Errorf("right square is %v, want %v (the shared arc reversed)", right, want)
	}
	if a := area(right[0][0]); a != 1 && a != -1 {
		t.Errorf("right square's area is %v", a)
	}
}

func equalRing(a, b ring) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDecodeErrors(t *testing.T) {
	for name, doc := range map[string]string{
		"not JSON":     `{`,
		"not topology": `{"type": "FeatureCollection"}`,
		"no object":    `{"type": "Topology", "arcs": [], "objects": {}}`,
		"missing arc":  `{"type": "Topology", "arcs": [], "objects": {"countries": {"geometries": [{"type": "Polygon", "arcs": [[0]]}]}}}`,
		"short point":  `{"type": "Topology", "arcs": [[[1]]], "objects": {"countries": {"geometries": []}}}`,
		"line":         `{"type": "Topology", "arcs": [[[0,0],[1,1]]], "objects": {"countries": {"geometries": [{"type": "LineString", "arcs": [0]}]}}}`,
	} {
		if _, _, err := decodeTopology(strings.NewReader(doc), "countries"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// A ring whose arcs do not close fails when assembled.
	arcs, feats, err := decodeTopology(strings.NewReader(`{"type": "Topology", "arcs": [[[0,0],[1,1]]], "objects": {"countries": {"geometries": [{"type": "Polygon", "arcs": [[0]]}]}}}`), "countries")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := feats[0].polygons(arcs); err == nil {
		t.Error("an open ring: no error")
	}
}

func FuzzDecodeTopology(f *testing.F) {
	f.Add(tiny)
	f.Add(`{"type": "Topology", "arcs": [[[0,0],[1,1]]], "objects": {"countries": {"geometries": [{"type": "Polygon", "arcs": [[-1]]}]}}}`)
	f.Fuzz(func(t *testing.T, doc string) {
		arcs, feats, err := decodeTopology(strings.NewReader(doc), "countries")
		if err != nil {
			return
		}
		for _, ft := range feats {
			ft.polygons(arcs) // must not panic: every index was checked
		}
	})
}

func TestEqualEarth(t *testing.T) {
	if x, y := equalEarth(0, 0); x != 0 || y != 0 {
		t.Errorf("(0, 0) projects to (%v, %v)", x, y)
	}
	want := math.Pi / (eeM * eeA1)
	if math.Abs(equalEarthHalfWidth-want) > 1e-12 {
		t.Errorf("half width %v, want %v", equalEarthHalfWidth, want)
	}
	x1, y1 := equalEarth(30, 45)
	x2, y2 := equalEarth(-30, -45)
	if x1 != -x2 || y1 != -y2 || x1 <= 0 || y1 <= 0 {
		t.Errorf("not symmetric: (%v, %v) and (%v, %v)", x1, y1, x2, y2)
	}
	// Equal area: two cells of one degree at the same latitude but far
	// apart in longitude have the same projected area.
	cell := func(lon, lat float64) float64 {
		var r ring
		for _, p := range []point{{lon, lat}, {lon + 1, lat}, {lon + 1, lat + 1}, {lon, lat + 1}, {lon, lat}} {
			x, y := equalEarth(p.X, p.Y)
			r = append(r, point{x, y})
		}
		return math.Abs(area(r))
	}
	if a, b := cell(0, 60), cell(150, 60); math.Abs(a-b)/a > 0.01 {
		t.Errorf("cells at 60N: %v and %v", a, b)
	}
}

func TestSimplify(t *testing.T) {
	line := []point{{0, 0}, {1, 0.1}, {2, 0}, {3, 5}, {4, 0}}
	got := simplify(line, 0.5)
	want := []point{{0, 0}, {2, 0}, {3, 5}, {4, 0}}
	if len(got) != len(want) {
		t.Fatalf("simplify = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("simplify = %v, want %v", got, want)
		}
	}
	// A closed arc keeps its ends and its far points.
	closed := []point{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}
	if got := simplify(closed, 1); len(got) != 5 {
		t.Errorf("closed arc simplifies to %v", got)
	}
}

func TestCutAntimeridian(t *testing.T) {
	// An island from 179 to 181 degrees east, written as Natural Earth
	// writes it: jumping from 180 to -180.
	r := ring{{179, 0}, {180, 0}, {-180, 0}, {-179, 0}, {-179, 1}, {-180, 1}, {180, 1}, {179, 1}, {179, 0}}
	parts := cutAntimeridian(r)
	if len(parts) != 2 {
		t.Fatalf("%d parts, want 2: %v", len(parts), parts)
	}
	for _, p := range parts {
		if crossesAntimeridian(p) {
			t.Errorf("part %v still jumps", p)
		}
		var total float64
		total += math.Abs(area(p))
		if math.Abs(total-1) > 1e-9 {
			t.Errorf("part %v has area %v, want 1", p, total)
		}
	}
	plain := ring{{0, 0}, {1, 0}, {1, 1}, {0, 0}}
	if got := cutAntimeridian(plain); len(got) != 1 || !equalRing(got[0], plain) {
		t.Errorf("a ring that does not jump came back as %v", got)
	}
}

func TestPathData(t *testing.T) {
	polys := []polygon{
		{ring{{10, 10}, {20, 10}, {20, 20}, {10, 20}, {10, 10}}},       // 100 square units
		{ring{{50.2, 50.2}, {50.4, 50.2}, {50.3, 50.4}, {50.2, 50.2}}}, // rounds to nothing
	}
	d, a := pathData(polys, 5, 1.5)
	if d != "M10 15l10 0 0 10-10 0z" {
		t.Errorf("path data %q", d)
	}
	if a != 100 {
		t.Errorf("area %v, want 100", a)
	}
}

// TestBuild runs the generator's core on the tiny topology: codes mapped,
// the unassigned shape kept as land, Antarctica left out, a country only in
// the points file given a marker.
func TestBuild(t *testing.T) {
	arcs, feats, err := decodeTopology(strings.NewReader(tiny), "countries")
	if err != nil {
		t.Fatal(err)
	}
	src := source{arcs, feats}
	codes := map[string]string{"001": "AA", "2": "BB", "004": "DD"}
	cfg := config{Width: 1000, Tolerance: 0.6, MinRing: 1.5, MarkerArea: 10}
	// The points file has the same shapes plus a small country of its own.
	pointsArcs := append(append([][]point{}, arcs...), []point{{-50, -10}, {-49.9, -10}, {-49.9, -9.9}, {-50, -10}})
	pointsFeats := append(append([]feature{}, feats...), feature{ID: "004", Name: "Dot", Arcs: [][][]int{{{4}}}})
	m, err := build(src, source{pointsArcs, pointsFeats}, codes, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Countries) != 3 || m.Countries[0].Code != "AA" || m.Countries[1].Code != "BB" || m.Countries[2].Code != "DD" {
		t.Fatalf("countries %+v", m.Countries)
	}
	if dd := m.Countries[2]; dd.D != "" || !dd.Marker {
		t.Errorf("DD (only in the points file) is %+v, want a marker and no shape", dd)
	}
	if aa := m.Countries[0]; aa.D == "" || aa.Marker {
		t.Errorf("AA (a square of about 7.5 units a side) is %+v, want a shape and no marker", aa)
	}
	if len(m.Land) != 1 || m.Land[0].Name != "Nobody's" {
		t.Errorf("land %+v", m.Land)
	}
	src2, err := m.source("test")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src2), "DO NOT EDIT") || !strings.Contains(string(src2), "Made with Natural") {
		t.Error("the generated file lacks its header or its attribution")
	}
}
