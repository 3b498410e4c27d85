package svg

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// cssColours reads "selector { prop: #rrggbb; }" rules from CSS, outside
// and inside the dark-mode block, as selector+" "+prop -> colour. A
// var(--x, #rrggbb) counts as its fallback, the site's own value.
func cssColours(t *testing.T) (light, dark map[string]string) {
	t.Helper()
	top, inner, ok := strings.Cut(CSS, "@media (prefers-color-scheme: dark)")
	if !ok {
		t.Fatal("CSS has no dark-mode block")
	}
	rule := regexp.MustCompile(`([^{}]+)\{([^{}]*)\}`)
	decl := regexp.MustCompile(`(fill|stroke):\s*(?:var\(--[a-z-]+,\s*)?(#[0-9a-f]{6})`)
	read := func(s string) map[string]string {
		out := map[string]string{}
		for _, m := range rule.FindAllStringSubmatch(s, -1) {
			for _, sel := range strings.Split(m[1], ",") {
				sel = strings.TrimSpace(sel)
				for _, d := range decl.FindAllStringSubmatch(m[2], -1) {
					out[sel+" "+d[1]] = d[2]
				}
			}
		}
		return out
	}
	light = read(top)
	dark = read(top) // dark mode inherits what it does not change
	for k, v := range read(inner) {
		dark[k] = v
	}
	return light, dark
}

// contrast is the WCAG 2 contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	lum := func(h string) float64 {
		var c [3]float64
		for i := range c {
			v, _ := strconv.ParseUint(h[1+2*i:3+2*i], 16, 8)
			x := float64(v) / 255
			if x <= 0.03928 {
				c[i] = x / 12.92
			} else {
				c[i] = math.Pow((x+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
	}
	la, lb := lum(a), lum(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// TestContrast checks the colours of CSS against the site's backgrounds
// (web/static/style.css: --bg #fff, and #0d1117 in dark mode), by WCAG 2.1
// 1.4.3 and 1.4.11: text 4.5:1; lines, outlines and the darker shades 3:1
// against the background; and shades that differ from their neighbours by
// at least 1.4:1 in lightness, in order, so no class relies on hue alone.
func TestContrast(t *testing.T) {
	light, dark := cssColours(t)
	for _, mode := range []struct {
		name string
		bg   string
		c    map[string]string
	}{{"light", "#ffffff", light}, {"dark", "#0d1117", dark}} {
		get := func(key string) string {
			v, ok := mode.c[key]
			if !ok {
				t.Fatalf("%s: CSS sets no %s", mode.name, key)
			}
			return v
		}
		need := func(key string, min float64) {
			if r := contrast(get(key), mode.bg); r < min {
				t.Errorf("%s: %s %s has %.2f:1 against the background, want %.1f:1", mode.name, key, get(key), r, min)
			}
		}
		need(".lmo-legend text fill", 4.5)
		need(".lmo-map-countries stroke", 3)
		need(".lmo-legend rect stroke", 3)
		need(".lmo-axis line stroke", 3)
		need(".lmo-step stroke", 3)
		for _, s := range []string{"3", "4", "5"} {
			need(".lmo-s"+s+" fill", 3)
		}
		for i := 1; i <= maxSeries; i++ {
			need(".lmo-l"+strconv.Itoa(i)+" stroke", 3)
			need(".lmo-point.lmo-l"+strconv.Itoa(i)+" fill", 3)
		}
		ramp := []string{".lmo-map-land fill", ".lmo-s1 fill", ".lmo-s2 fill", ".lmo-s3 fill", ".lmo-s4 fill", ".lmo-s5 fill"}
		for i := 1; i < len(ramp); i++ {
			a, b := get(ramp[i-1]), get(ramp[i])
			if r := contrast(a, b); r < 1.4 {
				t.Errorf("%s: %s %s and %s %s differ by %.2f:1, want 1.4:1", mode.name, ramp[i-1], a, ramp[i], b, r)
			}
			if contrast(b, mode.bg) <= contrast(a, mode.bg) {
				t.Errorf("%s: %s is not further from the background than %s", mode.name, ramp[i], ramp[i-1])
			}
		}
	}
}
