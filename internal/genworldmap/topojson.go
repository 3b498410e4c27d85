package main

import (
	"encoding/json"
	"fmt"
	"io"
)

// topology is the part of a TopoJSON document (specification 1.0,
// https://github.com/topojson/topojson-specification) this generator reads:
// quantized, delta-encoded arcs and the geometries of its objects.
type topology struct {
	Type      string                `json:"type"`
	Transform *transform            `json:"transform"`
	Arcs      [][][]float64         `json:"arcs"`
	Objects   map[string]collection `json:"objects"`
}

type transform struct {
	Scale     [2]float64 `json:"scale"`
	Translate [2]float64 `json:"translate"`
}

type collection struct {
	Type       string     `json:"type"`
	Geometries []geometry `json:"geometries"`
}

// geometry is one Polygon or MultiPolygon; Arcs is left raw because its
// depth depends on Type.
type geometry struct {
	Type       string          `json:"type"`
	ID         json.RawMessage `json:"id"`
	Properties map[string]any  `json:"properties"`
	Arcs       json.RawMessage `json:"arcs"`
}

// point is a position: longitude and latitude in degrees when decoded, x and
// y once projected.
type point struct{ X, Y float64 }

// ring is a closed sequence of points (the last equals the first).
type ring []point

// polygon is an outer ring followed by its holes.
type polygon []ring

// feature is one decoded geometry: its id (an ISO 3166-1 numeric code in
// world-atlas, "" when it has none), its name and its polygons, each a list
// of rings given as arc indexes (see assemble).
type feature struct {
	ID   string
	Name string
	Arcs [][][]int
}

// polygons assembles the feature's rings from arcs (decoded, or projected
// and simplified, with the same indexes).
func (f feature) polygons(arcs [][]point) ([]polygon, error) {
	var out []polygon
	for _, p := range f.Arcs {
		var poly polygon
		for _, rg := range p {
			r, err := assemble(rg, arcs)
			if err != nil {
				return nil, fmt.Errorf("%s (%s): %w", f.Name, f.ID, err)
			}
			poly = append(poly, r)
		}
		out = append(out, poly)
	}
	return out, nil
}

// decodeTopology reads a TopoJSON document and returns its arcs as absolute
// positions (delta decoding and the transform applied) and the features of
// the named object, in file order. Only Polygon and MultiPolygon geometries
// are accepted (null geometries are skipped), which is all a map of
// countries holds.
func decodeTopology(r io.Reader, object string) (arcs [][]point, features []feature, err error) {
	var t topology
	if err := json.NewDecoder(r).Decode(&t); err != nil {
		return nil, nil, fmt.Errorf("read TopoJSON: %w", err)
	}
	if t.Type != "Topology" {
		return nil, nil, fmt.Errorf("read TopoJSON: type is %q, not Topology", t.Type)
	}
	arcs = make([][]point, len(t.Arcs))
	for i, a := range t.Arcs {
		pts := make([]point, len(a))
		var x, y float64
		for j, p := range a {
			if len(p) < 2 {
				return nil, nil, fmt.Errorf("read TopoJSON: arc %d position %d has %d coordinates", i, j, len(p))
			}
			if t.Transform != nil {
				x, y = x+p[0], y+p[1] // quantized positions are deltas
				pts[j] = point{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]}
			} else {
				pts[j] = point{p[0], p[1]}
			}
		}
		arcs[i] = pts
	}
	obj, ok := t.Objects[object]
	if !ok {
		return nil, nil, fmt.Errorf("read TopoJSON: no object %q", object)
	}
	for i, g := range obj.Geometries {
		f := feature{ID: rawID(g.ID)}
		if n, ok := g.Properties["name"].(string); ok {
			f.Name = n
		}
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return nil, nil, fmt.Errorf("read TopoJSON: geometry %d (%s): %w", i, f.Name, err)
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return nil, nil, fmt.Errorf("read TopoJSON: geometry %d (%s): %w", i, f.Name, err)
			}
		case "", "null":
			continue
		default:
			return nil, nil, fmt.Errorf("read TopoJSON: geometry %d (%s) is a %s, not a polygon", i, f.Name, g.Type)
		}
		for _, p := range polys {
			for _, rg := range p {
				for _, idx := range rg {
					if idx >= len(arcs) || ^idx >= len(arcs) {
						return nil, nil, fmt.Errorf("read TopoJSON: geometry %d (%s): arc %d does not exist (%d arcs)", i, f.Name, idx, len(arcs))
					}
				}
			}
		}
		f.Arcs = polys
		features = append(features, f)
	}
	return arcs, features, nil
}

// rawID reads an id given as a string or a number; "" when absent.
func rawID(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// assemble joins the arcs of one ring: index i is arc i, ^i (that is, -i-1)
// is arc i reversed; each arc after the first starts where the last ended,
// so its first position is dropped.
func assemble(indexes []int, arcs [][]point) (ring, error) {
	var r ring
	for k, idx := range indexes {
		a, err := arcAt(idx, arcs)
		if err != nil {
			return nil, err
		}
		if k > 0 && len(a) > 0 {
			a = a[1:]
		}
		r = append(r, a...)
	}
	if len(r) > 0 && r[0] != r[len(r)-1] {
		return nil, fmt.Errorf("ring of arcs %v is not closed", indexes)
	}
	return r, nil
}

// arcAt returns arc idx, reversed (as a copy) when idx is negative.
func arcAt(idx int, arcs [][]point) ([]point, error) {
	rev := idx < 0
	if rev {
		idx = ^idx
	}
	if idx >= len(arcs) {
		return nil, fmt.Errorf("arc %d does not exist (%d arcs)", idx, len(arcs))
	}
	a := arcs[idx]
	if !rev {
		return a, nil
	}
	out := make([]point, len(a))
	for i, p := range a {
		out[len(a)-1-i] = p
	}
	return out, nil
}
