package svg_test

import (
	"fmt"
	"time"

	"github.com/lmo-observatory/lmo/svg"
)

// An instrument page's map of states parties: every country gets a class
// and a link; the page puts the SVG in its template (Render returns
// template.HTML) beside the table of parties, and adds svg.CSS to the
// site's stylesheet.
func ExampleWorldMap() {
	m := svg.WorldMap{
		ID:    "parties-map",
		Title: "States parties to C189 on 2025-06-30",
		Desc:  "World map: 36 states parties shaded dark; the table below lists them.",
		Classes: []svg.Class{
			{Key: "party", Label: "Party", Shade: svg.Shade5},
			{Key: "signed", Label: "Signed only", Shade: svg.Shade3, Hatched: true},
			{Key: "not", Label: "Not a party", Shade: svg.Shade1},
		},
		Countries: []svg.MapCountry{
			{Code: "UY", Name: "Uruguay", Class: "party", Href: "/countries/UY"},
			{Code: "FR", Name: "France", Class: "not", Href: "/countries/FR"},
		},
	}
	out, err := m.Render()
	if err != nil {
		panic(err)
	}
	fmt.Println(len(out) > 0, svg.OnMap("UY"), svg.OnMap("GF"))
	// Output: true true false
}

// An instrument page's step chart: the count of parties after each event
// of the instrument's timeline, running on to the as-of date.
func ExampleStepChart() {
	day := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	c := svg.StepChart{
		ID:     "parties-steps",
		Title:  "Number of states parties to C189",
		Desc:   "Step chart from 2012 to 2025; the table below gives every step.",
		XLabel: "Year",
		YLabel: "States parties",
		Steps: []svg.Step{
			{At: day("2012-06-14"), Label: "2012-06-14", Count: 1, Note: "Uruguay ratified"},
			{At: day("2012-09-05"), Label: "2012-09-05", Count: 2, Note: "Philippines ratified"},
		},
		Until: day("2025-06-30"),
	}
	if _, err := c.Render(); err != nil {
		panic(err)
	}
	fmt.Println("ok")
	// Output: ok
}
