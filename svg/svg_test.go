package svg

import (
	"encoding/csv"
	"encoding/xml"
	"flag"
	"fmt"
	"html/template"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got template.HTML) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./svg -update to create it)", err)
	}
	if string(want) != string(got)+"\n" {
		t.Errorf("%s differs from the rendering (run go test ./svg -update and review the diff)", path)
	}
}

// countryNames reads the English names from starter/countries.csv.
func countryNames(t testing.TB) map[string]string {
	t.Helper()
	f, err := os.Open("../starter/countries.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := rows[0]
	col := func(name string) int {
		for i, h := range head {
			if h == name {
				return i
			}
		}
		t.Fatalf("countries.csv has no column %s", name)
		return -1
	}
	a2, name := col("alpha2"), col("name_en")
	out := map[string]string{}
	for _, r := range rows[1:] {
		out[r[a2]] = r[name]
	}
	return out
}

var partyClasses = []Class{
	{Key: "party", Label: "Party", Shade: Shade5},
	{Key: "signed", Label: "Signed only", Shade: Shade3, Hatched: true},
	{Key: "not", Label: "Not a party", Shade: Shade1},
	{Key: "nodata", Label: "No data", Shade: ShadeNone},
}

// fullMap gives every country of starter/countries.csv a class, in turn,
// and a link: the largest map a page can show.
func fullMap(t testing.TB) WorldMap {
	names := countryNames(t)
	m := WorldMap{ID: "map-all", Title: "Test map of every country", Desc: "Every country in the starter list, classes given in turn.", Classes: partyClasses}
	i := 0
	for _, w := range worldCountries {
		name, ok := names[w.Code]
		if !ok {
			continue
		}
		m.Countries = append(m.Countries, MapCountry{Code: w.Code, Name: name, Class: partyClasses[i%len(partyClasses)].Key, Href: "/countries/" + w.Code})
		i++
	}
	return m
}

// partiesMap is a small map like an instrument page's: a few parties (the
// first states to ratify C189, by the ILO's NORMLEX list), a signatory and
// countries without data; the rest of the world plain.
func partiesMap() WorldMap {
	return WorldMap{
		ID: "c189-map", Title: "States parties to C189 & co", Desc: "Test data: a few countries <by class>.", Classes: partyClasses,
		Countries: []MapCountry{
			{Code: "UY", Name: "Uruguay", Class: "party", Href: "/countries/UY"},
			{Code: "PH", Name: "Philippines", Class: "party", Href: "/countries/PH"},
			{Code: "MU", Name: "Mauritius", Class: "party", Href: "/countries/MU"},
			{Code: "IT", Name: "Italy", Class: "party", Href: "/countries/IT"},
			{Code: "BH", Name: "Bahrain", Class: "signed", Href: "/countries/BH"},
			{Code: "FR", Name: "France", Class: "not", Href: "/countries/FR"},
			{Code: "TV", Name: "Tuvalu", Class: "nodata"},
			{Code: "GF", Name: "French Guiana", Class: "not", Href: "/countries/GF"}, // not on the map: left out
		},
	}
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// stepChart is synthetic test data shaped like an instrument's timeline.
func stepChart() StepChart {
	return StepChart{
		ID: "c189-steps", Title: "States parties over time (test data)", Desc: "Synthetic steps for the golden file.",
		XLabel: "Year", YLabel: "States parties",
		Steps: []Step{
			{At: day("2012-06-14"), Label: "2012-06-14", Count: 1, Note: "A ratified"},
			{At: day("2012-09-05"), Label: "2012-09-05", Count: 2},
			{At: day("2013-01-01"), Label: "2013", Count: 3, Note: "year only"},
			{At: day("2015-03-10"), Label: "2015-03-10", Count: 7},
			{At: day("2018-11-20"), Label: "2018-11-20", Count: 6, Note: "B denounced"},
			{At: day("2020-10-05"), Label: "2020-10-05", Count: 35},
		},
		Until: day("2021-06-30"),
	}
}

// lineChart is synthetic test data shaped like migrant stocks.
func lineChart() LineChart {
	return LineChart{
		ID: "stocks", Title: "Migrant stock (test data)", Desc: "Synthetic series for the golden file.",
		XLabel: "Year", YLabel: "Migrants (thousands)", Decimals: 1,
		Series: []Series{
			{Name: "Country A", Points: []Point{{1990, 1200.5}, {1995, 1500}, {2000, 1800.25}, {2005, 2600}, {2010, 3100}, {2015, 3900}, {2020, 4200}}},
			{Name: "Country B", Points: []Point{{1990, 800}, {2000, 950}, {2010, 1020}, {2020, 990}}},
			{Name: "Country C & D", Points: []Point{{2005, 300}, {2010, 12000}, {2020, 14150}}},
		},
	}
}

func render(t testing.TB, r interface{ Render() (template.HTML, error) }) template.HTML {
	t.Helper()
	out, err := r.Render()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGolden(t *testing.T) {
	golden(t, "map_all.svg", render(t, fullMap(t)))
	golden(t, "map_parties.svg", render(t, partiesMap()))
	golden(t, "step.svg", render(t, stepChart()))
	golden(t, "line.svg", render(t, lineChart()))
	golden(t, "bar.svg", render(t, barChart()))
}

// barChart uses real values: UN DESA's International Migrant Stock 2020,
// the stock in 2020 (World Bank and UN DESA figures are in the tests of
// package web; these are the workbook's Table 1).
func barChart() BarChart {
	return BarChart{
		ID: "stock-2020", Title: "International migrant stock, 2020", Desc: "UN DESA, International Migrant Stock 2020: world total by sex.",
		XLabel: "Persons, mid-2020",
		Bars: []Bar{
			{Label: "World, both sexes", Value: 280598105},
			{Label: "World, males", Value: 145655844},
			{Label: "World, females", Value: 134942261, Note: "estimated"},
			{Label: "A negative bar (test data)", Value: -20000000},
		},
	}
}

// TestDeterministic renders twice, the countries given in another order.
func TestDeterministic(t *testing.T) {
	m := fullMap(t)
	a := render(t, m)
	for i, j := 0, len(m.Countries)-1; i < j; i, j = i+1, j-1 {
		m.Countries[i], m.Countries[j] = m.Countries[j], m.Countries[i]
	}
	if b := render(t, m); a != b {
		t.Error("the same map in another input order renders differently")
	}
}

// node is a parsed XML element.
type node struct {
	Name     string
	Attr     map[string]string
	Children []*node
	Text     string
}

// parse reads a rendering with encoding/xml (strict) into a tree.
func parse(t *testing.T, s template.HTML) *node {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(s)))
	var stack []*node
	var root *node
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{Name: tok.Name.Local, Attr: map[string]string{}}
			for _, a := range tok.Attr {
				n.Attr[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, n)
			} else if root != nil {
				t.Fatal("more than one root element")
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(tok)
			}
		}
	}
	if root == nil || root.Name != "svg" || root.Attr["xmlns"] != "http://www.w3.org/2000/svg" && root.Attr["xmlns"] == "" {
		t.Fatalf("root is not an svg element")
	}
	return root
}

func (n *node) walk(f func(*node)) {
	f(n)
	for _, c := range n.Children {
		c.walk(f)
	}
}

func (n *node) child(name string) *node {
	for _, c := range n.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// TestWellFormed parses every rendering, checks its accessible name and
// description, and that no inline style is used and every id is unique.
func TestWellFormed(t *testing.T) {
	for name, r := range map[string]interface{ Render() (template.HTML, error) }{
		"map": fullMap(t), "parties": partiesMap(), "step": stepChart(), "line": lineChart(), "bar": barChart(),
	} {
		t.Run(name, func(t *testing.T) {
			root := parse(t, render(t, r))
			ids := map[string]bool{}
			root.walk(func(n *node) {
				if n.Name == "style" || n.Name == "script" || n.Name == "foreignObject" {
					t.Errorf("<%s> element", n.Name)
				}
				if _, ok := n.Attr["style"]; ok {
					t.Errorf("style attribute on <%s>", n.Name)
				}
				for a := range n.Attr {
					if strings.HasPrefix(a, "on") {
						t.Errorf("event handler %s on <%s>", a, n.Name)
					}
				}
				if id := n.Attr["id"]; id != "" {
					if ids[id] {
						t.Errorf("id %q twice", id)
					}
					ids[id] = true
				}
			})
			for _, ref := range strings.Fields(root.Attr["aria-labelledby"]) {
				if !ids[ref] {
					t.Errorf("aria-labelledby names %q, which is not an id", ref)
				}
			}
			title, desc := root.child("title"), root.child("desc")
			if title == nil || desc == nil || title.Text == "" || desc.Text == "" {
				t.Error("no <title> and <desc> first")
			}
			if root.Attr["viewBox"] == "" || root.Attr["width"] != "" {
				t.Error("not sized by a viewBox alone")
			}
		})
	}
}

// TestMapNamesAndLinks checks that the map names in a <title> every country
// it colours, with its class, and links each one given a link, once.
func TestMapNamesAndLinks(t *testing.T) {
	for _, m := range []WorldMap{fullMap(t), partiesMap()} {
		root := parse(t, render(t, m))
		labels := map[string]string{}
		for _, c := range m.Classes {
			labels[c.Key] = c.Label
		}
		seen := map[string]int{} // title text -> times
		links := map[string]string{}
		inherited := "" // the shade the countries' group gives shapes without one
		root.walk(func(n *node) {
			if n.Name == "g" && strings.HasPrefix(n.Attr["class"], "lmo-map-countries") {
				inherited = strings.TrimSpace(strings.TrimPrefix(n.Attr["class"], "lmo-map-countries"))
			}
		})
		root.walk(func(n *node) {
			if n.Name != "a" && !(n.Name == "g" && n.child("title") != nil) {
				return
			}
			title := n.child("title")
			if title == nil {
				t.Errorf("%s: a link without a <title>", m.ID)
				return
			}
			if n.Children[0] != title {
				t.Errorf("%s: %q: <title> is not the first child", m.ID, title.Text)
			}
			var shapes int
			for _, c := range n.Children[1:] {
				if c.Name == "path" || c.Name == "circle" {
					shapes++
					if c.Attr["class"] == "" && inherited == "" {
						t.Errorf("%s: %q: a shape without a class, in a group without one", m.ID, title.Text)
					}
				}
			}
			if shapes == 0 {
				t.Errorf("%s: %q draws nothing", m.ID, title.Text)
			}
			seen[title.Text]++
			if n.Name == "a" {
				links[title.Text] = n.Attr["href"]
			}
		})
		drawn := 0
		for _, c := range m.Countries {
			want := c.Name + ": " + labels[c.Class]
			if !OnMap(c.Code) {
				if seen[want] != 0 {
					t.Errorf("%s: %s is not on the map but is drawn", m.ID, c.Code)
				}
				continue
			}
			drawn++
			if seen[want] != 1 {
				t.Errorf("%s: %s (%q) is named %d times, want once", m.ID, c.Code, want, seen[want])
			}
			if links[want] != c.Href {
				t.Errorf("%s: %s links to %q, want %q", m.ID, c.Code, links[want], c.Href)
			}
		}
		if drawn != len(seen) {
			t.Errorf("%s: %d countries named, %d drawn", m.ID, len(seen), drawn)
		}
	}
}

// unMembers are the 193 member states of the United Nations by ISO 3166-1
// alpha-2 code (https://www.un.org/en/about-us/member-states).
var unMembers = strings.Fields(`
AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH
CM CA CF TD CL CN CO KM CG CR CI HR CU CY CZ KP CD DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ
FI FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI
KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM MC MN ME MA MZ MM NA NR
NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA KR MD RO RU RW KN LC VC WS SM ST
SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TH TL TG TO TT TN TR TM TV UG
UA AE GB TZ US UY UZ VU VE VN YE ZM ZW`)

// notOnMap are the codes of starter/countries.csv the map cannot draw, and
// why: Natural Earth's admin 0 countries draw these as part of another
// country (France's overseas departments, Norway's Svalbard, the Dutch
// Caribbean municipalities) or not at all (uninhabited or tiny
// territories), and Antarctica is left off on purpose.
var notOnMap = map[string]string{
	"AQ": "Antarctica: left off the map on purpose",
	"BQ": "Bonaire, Sint Eustatius and Saba: part of the Netherlands in Natural Earth",
	"BV": "Bouvet Island: not in Natural Earth's admin 0 countries",
	"CC": "Cocos (Keeling) Islands: in Natural Earth's 'Indian Ocean Ter.', which has no ISO code",
	"CX": "Christmas Island: in Natural Earth's 'Indian Ocean Ter.', which has no ISO code",
	"GF": "French Guiana: part of France in Natural Earth",
	"GP": "Guadeloupe: part of France in Natural Earth",
	"MQ": "Martinique: part of France in Natural Earth",
	"RE": "Réunion: part of France in Natural Earth",
	"SJ": "Svalbard and Jan Mayen: part of Norway in Natural Earth",
	"TK": "Tokelau: part of New Zealand in Natural Earth",
	"YT": "Mayotte: part of France in Natural Earth",
}

// TestCoverage checks that every UN member state is on the map, and that
// the codes of starter/countries.csv the map cannot draw are exactly those
// listed, with reasons, in notOnMap.
func TestCoverage(t *testing.T) {
	if len(unMembers) != 193 {
		t.Fatalf("%d UN members listed, want 193", len(unMembers))
	}
	names := countryNames(t)
	for _, c := range unMembers {
		if _, ok := names[c]; !ok {
			t.Errorf("UN member %s is not in starter/countries.csv", c)
		}
		if !OnMap(c) {
			t.Errorf("UN member %s (%s) is not on the map", c, names[c])
		}
	}
	for c, name := range names {
		_, excused := notOnMap[c]
		if !OnMap(c) && !excused {
			t.Errorf("%s (%s) is not on the map and not listed in notOnMap", c, name)
		}
		if OnMap(c) && excused {
			t.Errorf("%s (%s) is on the map but listed in notOnMap", c, name)
		}
	}
	for _, w := range worldCountries {
		if _, ok := names[w.Code]; !ok {
			t.Errorf("the map has %s, which starter/countries.csv does not", w.Code)
		}
		if w.D == "" && !w.Marker {
			t.Errorf("%s has neither a shape nor a marker", w.Code)
		}
		if w.X < 0 || w.X > worldWidth || w.Y < 0 || w.Y > worldHeight {
			t.Errorf("%s's marker (%d, %d) is off the map", w.Code, w.X, w.Y)
		}
	}
}

// TestMapSize keeps the largest map (every country coloured and linked)
// well under the page budget.
func TestMapSize(t *testing.T) {
	m := fullMap(t)
	out := render(t, m)
	var shapes, markers int
	for _, w := range worldCountries {
		if w.D != "" {
			shapes++
		}
		if w.Marker {
			markers++
		}
	}
	t.Logf("map of %d countries: %d bytes; %d countries with shapes, %d markers", len(m.Countries), len(out), shapes, markers)
	if len(out) > 60_000 {
		t.Errorf("the full map is %d bytes, over 60,000", len(out))
	}
}

func TestErrors(t *testing.T) {
	for name, r := range map[string]interface{ Render() (template.HTML, error) }{
		"no id":         WorldMap{Classes: partyClasses},
		"bad id":        WorldMap{ID: "1x", Classes: partyClasses},
		"unknown class": WorldMap{ID: "m", Classes: partyClasses, Countries: []MapCountry{{Code: "FR", Class: "x"}}},
		"dup country":   WorldMap{ID: "m", Classes: partyClasses, Countries: []MapCountry{{Code: "FR", Class: "party"}, {Code: "FR", Class: "not"}}},
		"dup class":     WorldMap{ID: "m", Classes: []Class{{Key: "a"}, {Key: "a"}}},
		"bad shade":     WorldMap{ID: "m", Classes: []Class{{Key: "a", Shade: 9}}},
		"no steps":      StepChart{ID: "s"},
		"steps order":   StepChart{ID: "s", Steps: []Step{{At: day("2020-01-01")}, {At: day("2019-01-01")}}},
		"no values":     LineChart{ID: "l", Series: []Series{{Name: "a"}}},
		"years order":   LineChart{ID: "l", Series: []Series{{Name: "a", Points: []Point{{2000, 1}, {2000, 2}}}}},
		"too many":      LineChart{ID: "l", Series: make([]Series, 7)},
		"no bars":       BarChart{ID: "b"},
		"bar NaN":       BarChart{ID: "b", Bars: []Bar{{Label: "a", Value: math.NaN()}}},
		"many bars":     BarChart{ID: "b", Bars: make([]Bar, 41)},
	} {
		if _, err := r.Render(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	for _, tc := range []struct {
		min, max float64
		want     string
	}{
		{0, 35, "[0 10 20 30 40]"},
		{0, 7, "[0 2 4 6 8]"},
		{0, 1, "[0 0.2 0.4 0.6 0.8 1]"},
		{0, 14150, "[0 5000 10000 15000]"},
		{-3, 12, "[-5 0 5 10 15]"},
		{0, 0, "[0 0.2 0.4 0.6 0.8 1]"},
	} {
		if got := fmt.Sprint(niceTicks(tc.min, tc.max, 5)); got != tc.want {
			t.Errorf("niceTicks(%v, %v) = %s, want %s", tc.min, tc.max, got, tc.want)
		}
	}
	if got := fmt.Sprint(yearTicks(2012, 2022)); got != "[2012 2014 2016 2018 2020 2022]" {
		t.Errorf("yearTicks(2012, 2022) = %s", got)
	}
	if got := fmt.Sprint(yearTicks(1951, 2026)); got != "[1960 1970 1980 1990 2000 2010 2020]" {
		t.Errorf("yearTicks(1951, 2026) = %s", got)
	}
}

func TestFormatNumber(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		d    int
		want string
	}{
		{1200.5, 1, "1200.5"},
		{14150, 0, "14\u202f150"},
		{281_000_000, 0, "281\u202f000\u202f000"},
		{-12345.678, 2, "-12\u202f345.68"},
		{-0.001, 1, "0.0"},
	} {
		if got := FormatNumber(tc.v, tc.d); got != tc.want {
			t.Errorf("FormatNumber(%v, %d) = %q, want %q", tc.v, tc.d, got, tc.want)
		}
	}
}

func BenchmarkWorldMap(b *testing.B) {
	m := fullMap(b)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		out, err := m.Render()
		if err != nil {
			b.Fatal(err)
		}
		n = len(out)
	}
	b.SetBytes(int64(n))
}

// TestLegendWraps checks that long legends take more rows, not more width.
func TestLegendWraps(t *testing.T) {
	var classes []Class
	for i := range 6 {
		classes = append(classes, Class{Key: fmt.Sprint(i), Label: fmt.Sprintf("From %d to %d thousand migrant workers", i*100, i*100+99), Shade: Shade(i)})
	}
	m := WorldMap{ID: "wide", Title: "t", Desc: "d", Classes: classes}
	at, rows := m.legendLayout()
	if rows < 2 {
		t.Errorf("6 long labels in %d row", rows)
	}
	for i, c := range classes {
		if end := at[i][0] + legendSize + 8 + textWidth(c.Label, legendSize); end > worldWidth {
			t.Errorf("label %d ends at %d, beyond the map's width", i, end)
		}
	}
	parse(t, render(t, m))
}
