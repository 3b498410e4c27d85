package textdiff

// step is a run of n tokens with one kind, starting at token a of the old
// text and token b of the new one.
type step struct {
	kind Kind
	a, b int
	n    int
}

// differ diffs two token lists (as interned ids) into steps.
type differ struct {
	a, b   []int32
	limit  int   // the most edits searched for, MaxEdits in Words
	v1, v2 []int // the furthest x per diagonal, forward and reverse; reused
	steps  []step
}

// diff fills d.steps with the diff of all of d.a and d.b.
func (d *differ) diff() {
	d.compare(0, len(d.a), 0, len(d.b))
}

// emit appends a step, merging it into the previous one when it has the
// same kind.
func (d *differ) emit(kind Kind, a, b, n int) {
	if n == 0 {
		return
	}
	if k := len(d.steps) - 1; k >= 0 && d.steps[k].kind == kind {
		d.steps[k].n += n
		return
	}
	d.steps = append(d.steps, step{kind, a, b, n})
}

// compare diffs a[aLo:aHi] against b[bLo:bHi].
func (d *differ) compare(aLo, aHi, bLo, bHi int) {
	p := 0
	for aLo+p < aHi && bLo+p < bHi && d.a[aLo+p] == d.b[bLo+p] {
		p++
	}
	d.emit(Equal, aLo, bLo, p)
	aLo, bLo = aLo+p, bLo+p
	s := 0
	for aLo < aHi-s && bLo < bHi-s && d.a[aHi-1-s] == d.b[bHi-1-s] {
		s++
	}
	aHi, bHi = aHi-s, bHi-s
	switch {
	case aLo == aHi || bLo == bHi:
		d.emit(Delete, aLo, bLo, aHi-aLo)
		d.emit(Insert, aHi, bLo, bHi-bLo)
	default:
		x, y, ok := d.bisect(aLo, aHi, bLo, bHi)
		if !ok {
			d.emit(Delete, aLo, bLo, aHi-aLo)
			d.emit(Insert, aHi, bLo, bHi-bLo)
			break
		}
		d.compare(aLo, x, bLo, y)
		d.compare(x, aHi, y, bHi)
	}
	d.emit(Equal, aHi, bHi, s)
}

// bisect finds a point (x, y) on a shortest edit path from (aLo, bLo) to
// (aHi, bHi), where the forward and reverse searches of Myers' algorithm
// meet, as diff-match-patch's diff_bisect does. It reports false when the
// path needs more than about d.limit edits. Both ranges are non-empty.
func (d *differ) bisect(aLo, aHi, bLo, bHi int) (x, y int, ok bool) {
	n, m := aHi-aLo, bHi-bLo
	maxD := min((n+m+1)/2, d.limit/2+1)
	off := maxD
	v1, v2 := d.buffers(2*maxD + 2)
	v1[off+1], v2[off+1] = 0, 0
	delta := n - m
	front := delta%2 != 0
	var k1start, k1end, k2start, k2end int
	for e := 0; e < maxD; e++ {
		for k1 := -e + k1start; k1 <= e-k1end; k1 += 2 {
			x1 := furthest(v1, off, k1, e)
			y1 := x1 - k1
			for x1 < n && y1 < m && d.a[aLo+x1] == d.b[bLo+y1] {
				x1++
				y1++
			}
			v1[off+k1] = x1
			switch {
			case x1 > n:
				k1end += 2
			case y1 > m:
				k1start += 2
			case front:
				k2 := off + delta - k1
				if k2 >= 0 && k2 < len(v2) && v2[k2] != -1 && x1 >= n-v2[k2] {
					return aLo + x1, bLo + y1, true
				}
			}
		}
		for k2 := -e + k2start; k2 <= e-k2end; k2 += 2 {
			x2 := furthest(v2, off, k2, e)
			y2 := x2 - k2
			for x2 < n && y2 < m && d.a[aHi-1-x2] == d.b[bHi-1-y2] {
				x2++
				y2++
			}
			v2[off+k2] = x2
			switch {
			case x2 > n:
				k2end += 2
			case y2 > m:
				k2start += 2
			case !front:
				k1 := off + delta - k2
				if k1 >= 0 && k1 < len(v1) && v1[k1] != -1 && v1[k1] >= n-x2 {
					x1 := v1[k1]
					return aLo + x1, bLo + off + x1 - k1, true
				}
			}
		}
	}
	return 0, 0, false
}

// furthest is the x a path of e edits can start its snake from on
// diagonal k, given the furthest x reached with e-1 edits in v.
func furthest(v []int, off, k, e int) int {
	if k == -e || (k != e && v[off+k-1] < v[off+k+1]) {
		return v[off+k+1]
	}
	return v[off+k-1] + 1
}

// buffers returns d.v1 and d.v2 grown to size entries and set to -1.
func (d *differ) buffers(size int) (v1, v2 []int) {
	if cap(d.v1) < size {
		d.v1, d.v2 = make([]int, size), make([]int, size)
	}
	v1, v2 = d.v1[:size], d.v2[:size]
	for i := range v1 {
		v1[i], v2[i] = -1, -1
	}
	return v1, v2
}
