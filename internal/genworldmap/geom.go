package main

import "math"

// Equal Earth projection (Šavrič, Patterson and Jenny, 2018), for a sphere
// of radius 1: x in about ±2.7066, y in about ±1.3174.
const (
	eeA1 = 1.340264
	eeA2 = -0.081106
	eeA3 = 0.000893
	eeA4 = 0.003796
)

var eeM = math.Sqrt(3) / 2

// equalEarth projects a longitude and latitude in degrees; y grows north.
func equalEarth(lon, lat float64) (x, y float64) {
	lam := lon * math.Pi / 180
	phi := lat * math.Pi / 180
	th := math.Asin(eeM * math.Sin(phi))
	t2 := th * th
	t6 := t2 * t2 * t2
	x = lam * math.Cos(th) / (eeM * (eeA1 + 3*eeA2*t2 + t6*(7*eeA3+9*eeA4*t2)))
	y = th * (eeA1 + eeA2*t2 + t6*(eeA3+eeA4*t2))
	return x, y
}

// equalEarthHalfWidth is x at longitude 180 on the equator.
var equalEarthHalfWidth, _ = equalEarth(180, 0)

// simplify applies Douglas-Peucker to a line, keeping its two ends (so arcs
// shared by two countries are simplified once, the same for both, and meet
// at the same junctions). tol is in the points' units.
func simplify(pts []point, tol float64) []point {
	if len(pts) <= 2 {
		return pts
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	var rec func(i, j int)
	rec = func(i, j int) {
		best, at := -1.0, -1
		for k := i + 1; k < j; k++ {
			if d := segDist(pts[k], pts[i], pts[j]); d > best {
				best, at = d, k
			}
		}
		if at >= 0 && best > tol {
			keep[at] = true
			rec(i, at)
			rec(at, j)
		}
	}
	rec(0, len(pts)-1)
	out := make([]point, 0, len(pts))
	for k, p := range pts {
		if keep[k] {
			out = append(out, p)
		}
	}
	return out
}

// segDist is the distance from p to the segment a-b (to a when a == b, as
// for a closed arc).
func segDist(p, a, b point) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return math.Hypot(p.X-a.X, p.Y-a.Y)
	}
	t := ((p.X-a.X)*dx + (p.Y-a.Y)*dy) / l2
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(p.X-(a.X+t*dx), p.Y-(a.Y+t*dy))
}

// area is a ring's signed area (shoelace formula).
func area(r ring) float64 {
	var s float64
	for i := 0; i+1 < len(r); i++ {
		s += r[i].X*r[i+1].Y - r[i+1].X*r[i].Y
	}
	return s / 2
}

// centroid is the area-weighted centroid of a ring; for a degenerate ring,
// the mean of its points.
func centroid(r ring) point {
	var cx, cy, a float64
	for i := 0; i+1 < len(r); i++ {
		c := r[i].X*r[i+1].Y - r[i+1].X*r[i].Y
		a += c
		cx += (r[i].X + r[i+1].X) * c
		cy += (r[i].Y + r[i+1].Y) * c
	}
	if math.Abs(a) < 1e-12 {
		var m point
		for _, p := range r {
			m.X += p.X
			m.Y += p.Y
		}
		n := float64(len(r))
		return point{m.X / n, m.Y / n}
	}
	return point{cx / (3 * a), cy / (3 * a)}
}

// crossesAntimeridian reports whether a ring in degrees jumps from one side
// of longitude 180 to the other (Natural Earth cuts Russia and Fiji there,
// but some of their rings still run along it and jump).
func crossesAntimeridian(r ring) bool {
	for i := 1; i < len(r); i++ {
		if math.Abs(r[i].X-r[i-1].X) > 180 {
			return true
		}
	}
	return false
}

// cutAntimeridian splits a ring in degrees that jumps across longitude 180
// into the parts either side of it: it unwraps the longitudes so the ring
// is continuous, clips it at the meridian it overruns, and brings the part
// beyond back by 360 degrees. A ring that does not jump is returned as is.
func cutAntimeridian(r ring) []ring {
	if !crossesAntimeridian(r) {
		return []ring{r}
	}
	u := make(ring, len(r))
	u[0] = r[0]
	lo, hi := u[0].X, u[0].X
	for i := 1; i < len(r); i++ {
		x := r[i].X
		for x-u[i-1].X > 180 {
			x -= 360
		}
		for x-u[i-1].X < -180 {
			x += 360
		}
		u[i] = point{x, r[i].Y}
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	m, shift := 180.0, -360.0
	if hi <= 180 {
		m, shift = -180, 360
	}
	in := clipX(u, m, m == 180)  // the part on the map's side of m
	out := clipX(u, m, m != 180) // the part beyond it
	for i := range out {
		out[i].X += shift
	}
	var parts []ring
	for _, p := range []ring{in, out} {
		if len(p) >= 4 {
			parts = append(parts, p)
		}
	}
	return parts
}

// clipX clips a closed ring to x <= m (below) or x >= m (Sutherland-Hodgman
// against one line) and returns it closed.
func clipX(r ring, m float64, below bool) ring {
	inside := func(p point) bool {
		if below {
			return p.X <= m
		}
		return p.X >= m
	}
	var out ring
	for i := 0; i+1 < len(r); i++ {
		a, b := r[i], r[i+1]
		if inside(a) {
			out = append(out, a)
		}
		if inside(a) != inside(b) {
			t := (m - a.X) / (b.X - a.X)
			out = append(out, point{m, a.Y + t*(b.Y-a.Y)})
		}
	}
	if len(out) > 0 {
		out = append(out, out[0])
	}
	return out
}
