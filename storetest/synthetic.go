package storetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/lmo-observatory/lmo"
)

// Synthetic practices for load tests and benchmarks. Everything here is
// generated and labelled as such: every slug starts with SyntheticSlugPrefix,
// every title with SyntheticTitlePrefix, and the only source of every
// practice is SyntheticSource. They are never content and must never be
// shipped or seeded into a real observatory.

// Labels that mark a practice as synthetic.
const (
	SyntheticSlugPrefix  = "synthetic-"
	SyntheticTitlePrefix = "[Synthetic] "
	SyntheticSourceTitle = "Synthetic benchmark data, not a real practice"
)

// SyntheticVersion changes whenever SyntheticPractices generates different
// practices from the same arguments, so that caches of generated corpora
// (the benchmark databases) are rebuilt.
const SyntheticVersion = 1

// Shape of the generated corpus.
const (
	synthVocabularySize = 3000 // words, real ones first, then pseudo-words
	synthOrganisations  = 2000 // the pool practices draw organisations from
	synthZipfS          = 1.1  // word frequency ~ 1/(v+rank)^s
	synthZipfV          = 2.0
	synthPhraseRate     = 0.06 // chance that a word slot holds a term label instead
)

// SyntheticPractices returns n generated practices, the same for the same
// arguments: text drawn with a Zipf-like distribution from a vocabulary of
// about 3,000 words (the words of the vocabularies' names, labels and
// descriptions, most frequent first, then pseudo-words), 1-3 countries with
// roles, 1-3 themes and GCM objectives, 0-2 target groups, 1-2 stages and
// 1-2 organisations from a pool of synthetic ones. Codes are valid for
// countries and vocabs, so the practices pass Practice.Validate.
func SyntheticPractices(n int, seed int64, countries []*lmo.Country, vocabs []*lmo.Vocabulary) []*lmo.Practice {
	g := newSynthGen(seed, countries, vocabs)
	out := make([]*lmo.Practice, n)
	for i := range out {
		out[i] = g.practice(i)
	}
	return out
}

// PseudoWord returns the i-th generated pseudo-word (i >= 0): a pronounceable
// string that is no English word, the same for the same i.
func PseudoWord(i int) string {
	r := rand.New(rand.NewPCG(0x1a60, uint64(i)))
	onsets := []string{"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kr", "tr", "st", "pl"}
	vowels := []string{"a", "e", "i", "o", "u", "ai", "ou", "ei"}
	codas := []string{"", "", "", "n", "r", "s", "l", "m", "k"}
	var sb strings.Builder
	for range 2 + r.IntN(3) {
		sb.WriteString(onsets[r.IntN(len(onsets))])
		sb.WriteString(vowels[r.IntN(len(vowels))])
		sb.WriteString(codas[r.IntN(len(codas))])
	}
	// The index in base 26 keeps every pseudo-word distinct.
	sb.WriteString("q")
	for j := i; ; j /= 26 {
		sb.WriteByte(byte('a' + j%26))
		if j < 26 {
			break
		}
	}
	return sb.String()
}

// synthWordList ranks the words of the vocabularies by how often they occur
// there, then pads the list with pseudo-words to synthVocabularySize.
func synthWordList(vocabs []*lmo.Vocabulary) []string {
	freq := map[string]int{}
	add := func(s string) {
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len([]rune(w)) >= 2 || w == "a" {
				freq[w]++
			}
		}
	}
	for _, v := range vocabs {
		add(v.Name)
		add(v.Description)
		for _, t := range v.Terms {
			add(t.Label)
			add(t.Description)
		}
	}
	words := make([]string, 0, synthVocabularySize)
	for w := range freq {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool {
		if freq[words[i]] != freq[words[j]] {
			return freq[words[i]] > freq[words[j]]
		}
		return words[i] < words[j]
	})
	for i := 0; len(words) < synthVocabularySize; i++ {
		words = append(words, PseudoWord(i))
	}
	return words
}

type synthOrg struct {
	name, acronym, typ, country string
}

type synthGen struct {
	r         *rand.Rand
	words     []string
	wordZipf  *rand.Zipf
	phrases   []string // lowercased term labels of a few vocabularies
	countries []string // codes, the popular ones first
	cZipf     *rand.Zipf
	orgs      []synthOrg
	orgZipf   *rand.Zipf
	terms     map[string][]string // vocabulary -> codes
	vocabZipf map[string]*rand.Zipf
}

// popularCountries are drawn more often than the rest, so that some facet
// values are common and most are rare, as in real collections. The order is
// a choice for load testing, not a statement about migration.
var popularCountries = []string{"PH", "IN", "NP", "BD", "ID", "LK", "PK", "MX", "QA", "AE", "SA", "KW", "MY", "SG",
	"US", "CA", "ES", "IT", "DE", "GB", "FR", "ET", "KE", "GT", "CO", "MA", "TN", "JO", "LB", "TH", "KH", "MM", "VN", "KR", "JP", "AU", "NZ"}

func newSynthGen(seed int64, countries []*lmo.Country, vocabs []*lmo.Vocabulary) *synthGen {
	g := &synthGen{
		r:         rand.New(rand.NewPCG(uint64(seed), 0x5717e7)),
		words:     synthWordList(vocabs),
		terms:     map[string][]string{},
		vocabZipf: map[string]*rand.Zipf{},
	}
	g.wordZipf = rand.NewZipf(g.r, synthZipfS, synthZipfV, uint64(len(g.words)-1))
	for _, v := range vocabs {
		for _, t := range v.Terms {
			g.terms[v.ID] = append(g.terms[v.ID], t.Code)
			switch v.ID {
			case lmo.VocabTheme, lmo.VocabTargetGroup, lmo.VocabMigrationStage:
				g.phrases = append(g.phrases, strings.ToLower(t.Label))
			}
		}
		if len(v.Terms) > 1 {
			g.vocabZipf[v.ID] = rand.NewZipf(g.r, 1.2, 3, uint64(len(v.Terms)-1))
		}
	}

	known := map[string]bool{}
	var rest []string
	for _, c := range countries {
		known[c.Code] = true
		rest = append(rest, c.Code)
	}
	slices.Sort(rest)
	for _, c := range popularCountries {
		if known[c] {
			g.countries = append(g.countries, c)
		}
	}
	for _, c := range rest {
		if !slices.Contains(g.countries, c) {
			g.countries = append(g.countries, c)
		}
	}
	if len(g.countries) > 1 {
		g.cZipf = rand.NewZipf(g.r, 1.1, 4, uint64(len(g.countries)-1))
	}
	g.orgs = g.organisationPool()
	if len(g.orgs) > 1 {
		g.orgZipf = rand.NewZipf(g.r, 1.05, 5, uint64(len(g.orgs)-1))
	}
	return g
}

// organisationPool returns synthOrganisations distinct synthetic
// organisations, each with one type (and a country unless international).
func (g *synthGen) organisationPool() []synthOrg {
	kinds := map[string][]string{
		"government":                 {"Ministry of", "Department of", "National Agency for", "Office of"},
		"workers-organisation":       {"Federation of", "Union of", "Confederation of"},
		"employers-organisation":     {"Chamber of", "Employers' Council for", "Association of Employers in"},
		"ngo":                        {"Foundation for", "Centre for", "Network for", "Alliance for"},
		"international-organisation": {"International Programme on", "Regional Initiative on"},
		"private-sector":             {"Consortium for", "Services Group for"},
		"academic":                   {"Institute of", "Observatory of", "Research Unit on"},
	}
	types := g.terms[lmo.VocabOrganisationType]
	seen := map[string]bool{}
	var pool []synthOrg
	for len(pool) < synthOrganisations && len(types) > 0 {
		typ := types[g.r.IntN(len(types))]
		prefixes := kinds[typ]
		if prefixes == nil {
			prefixes = []string{"Organisation for"}
		}
		words := []string{"Synthetic", prefixes[g.r.IntN(len(prefixes))]}
		for range 1 + g.r.IntN(3) {
			words = append(words, capitalise(g.contentWord()))
		}
		name := strings.Join(words, " ")
		country := ""
		if typ != "international-organisation" && len(g.countries) > 0 {
			country = g.country()
		}
		if seen[name+"|"+country] {
			continue
		}
		seen[name+"|"+country] = true
		acronym := ""
		if g.r.IntN(3) == 0 {
			for _, w := range strings.Fields(name) {
				if r := []rune(w); unicode.IsUpper(r[0]) {
					acronym += string(r[0])
				}
			}
		}
		pool = append(pool, synthOrg{name: name, acronym: acronym, typ: typ, country: country})
	}
	return pool
}

func (g *synthGen) word() string { return g.words[g.wordZipf.Uint64()] }

// contentWord is a word of at least four letters: names read better without
// "and" and "of".
func (g *synthGen) contentWord() string {
	for {
		if w := g.word(); len(w) >= 4 {
			return w
		}
	}
}

func (g *synthGen) country() string {
	if g.cZipf == nil {
		return g.countries[0]
	}
	return g.countries[g.cZipf.Uint64()]
}

// text returns n words; a term label's words may stand in for one of them.
func (g *synthGen) text(n int) []string {
	out := make([]string, 0, n+4)
	for len(out) < n {
		if len(g.phrases) > 0 && g.r.Float64() < synthPhraseRate {
			out = append(out, strings.Fields(g.phrases[g.r.IntN(len(g.phrases))])...)
			continue
		}
		out = append(out, g.word())
	}
	return out[:n]
}

// sentences renders words as sentences of 8-20 words.
func (g *synthGen) sentences(words []string) string {
	var sb strings.Builder
	for len(words) > 0 {
		k := min(len(words), 8+g.r.IntN(13))
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		s := slices.Clone(words[:k])
		s[0] = capitalise(s[0])
		sb.WriteString(strings.Join(s, " "))
		sb.WriteByte('.')
		words = words[k:]
	}
	return sb.String()
}

// paragraphs renders words as Markdown paragraphs of sentences.
func (g *synthGen) paragraphs(words []string) string {
	var paras []string
	for len(words) > 0 {
		k := min(len(words), 40+g.r.IntN(60))
		paras = append(paras, g.sentences(words[:k]))
		words = words[k:]
	}
	return strings.Join(paras, "\n\n")
}

// codes picks between lo and hi distinct codes of a vocabulary, the first
// ones more often.
func (g *synthGen) codes(vocab string, lo, hi int) []string {
	all := g.terms[vocab]
	n := min(lo+g.r.IntN(hi-lo+1), len(all))
	var out []string
	for tries := 0; len(out) < n && tries < 50; tries++ {
		i := 0
		if z := g.vocabZipf[vocab]; z != nil {
			i = int(z.Uint64())
		}
		if !slices.Contains(out, all[i]) {
			out = append(out, all[i])
		}
	}
	return out
}

func (g *synthGen) practice(i int) *lmo.Practice {
	title := g.text(4 + g.r.IntN(6))
	title[0] = capitalise(title[0])
	p := &lmo.Practice{
		Slug:        fmt.Sprintf("%s%06d", SyntheticSlugPrefix, i+1),
		Title:       SyntheticTitlePrefix + strings.Join(title, " "),
		Summary:     g.sentences(g.text(20 + g.r.IntN(21))),
		Description: g.paragraphs(g.text(80 + g.r.IntN(121))),
		Sources:     []lmo.Source{{Title: SyntheticSourceTitle, URL: ""}},
		Language:    "en",
	}

	// Countries: the first origin or destination, the others mostly the
	// other side of the corridor.
	roles := g.terms[lmo.VocabCountryRole]
	hasRole := func(r string) bool { return slices.Contains(roles, r) }
	for range 1 + g.r.IntN(3) {
		if len(g.countries) == 0 || len(roles) == 0 {
			break
		}
		code := g.country()
		if slices.ContainsFunc(p.Countries, func(c lmo.PracticeCountry) bool { return c.Code == code }) {
			continue
		}
		role := roles[g.r.IntN(len(roles))]
		switch x := g.r.IntN(20); {
		case len(p.Countries) == 0 && x < 10 && hasRole(lmo.RoleOrigin):
			role = lmo.RoleOrigin
		case len(p.Countries) == 0 && x < 19 && hasRole(lmo.RoleDestination):
			role = lmo.RoleDestination
		case len(p.Countries) > 0 && p.Countries[0].Role == lmo.RoleOrigin && x < 17 && hasRole(lmo.RoleDestination):
			role = lmo.RoleDestination
		case len(p.Countries) > 0 && p.Countries[0].Role == lmo.RoleDestination && x < 17 && hasRole(lmo.RoleOrigin):
			role = lmo.RoleOrigin
		}
		p.Countries = append(p.Countries, lmo.PracticeCountry{Code: code, Role: role})
	}
	if len(p.Countries) == 0 {
		p.Global = true
	}
	for _, o := range p.Countries {
		for _, d := range p.Countries {
			if o.Role == lmo.RoleOrigin && d.Role == lmo.RoleDestination && o.Code != d.Code && g.r.IntN(2) == 0 {
				p.Corridors = append(p.Corridors, lmo.Corridor{Origin: o.Code, Destination: d.Code})
			}
		}
	}

	p.Themes = g.codes(lmo.VocabTheme, 1, 3)
	p.GCMObjectives = g.codes(lmo.VocabGCMObjective, 1, 3)
	p.TargetGroups = g.codes(lmo.VocabTargetGroup, 0, 2)
	p.Stages = g.codes(lmo.VocabMigrationStage, 1, 2)
	p.GuidingPrinciples = g.codes(lmo.VocabGuidingPrinciple, 0, 2)
	if g.r.IntN(3) == 0 {
		p.Instruments = g.codes(lmo.VocabInstrument, 1, 2)
	}
	if g.r.IntN(3) == 0 {
		p.SDGTargets = g.codes(lmo.VocabSDGTarget, 1, 2)
	}

	for range 1 + g.r.IntN(2) {
		if len(g.orgs) == 0 {
			break
		}
		o := g.orgs[0]
		if g.orgZipf != nil {
			o = g.orgs[g.orgZipf.Uint64()]
		}
		if slices.ContainsFunc(p.Organisations, func(x lmo.PracticeOrganisation) bool { return x.Name == o.name && x.Country == o.country }) {
			continue
		}
		role := lmo.OrgImplementing
		if len(p.Organisations) > 0 {
			role = []string{lmo.OrgPartner, lmo.OrgDonor}[g.r.IntN(2)]
		}
		p.Organisations = append(p.Organisations, lmo.PracticeOrganisation{Name: o.name, Acronym: o.acronym, Type: o.typ, Country: o.country, Role: role})
	}

	// Years: more practices start recently; completed ones have ended, a
	// fifth of the ongoing ones have a planned end.
	p.StartYear = 2025 - int(float64(36)*g.r.Float64()*g.r.Float64())
	status := g.terms[lmo.VocabPracticeStatus]
	if len(status) > 0 {
		p.Status = status[0]
		if slices.Contains(status, "ongoing") {
			p.Status = "ongoing"
		}
		if slices.Contains(status, "completed") && p.StartYear < 2024 && g.r.IntN(5) < 2 {
			p.Status = "completed"
		}
	}
	switch {
	case p.Status == "completed":
		p.EndYear = min(2025, p.StartYear+g.r.IntN(10))
	case g.r.IntN(5) == 0:
		p.EndYear = max(p.StartYear, 2026) + g.r.IntN(6)
	}
	if levels := g.terms[lmo.VocabEvidenceLevel]; len(levels) > 0 && g.r.IntN(2) == 0 {
		p.EvidenceLevel = levels[g.r.IntN(len(levels))]
	}
	if g.r.IntN(10) < 3 {
		p.Results = g.sentences(g.text(20 + g.r.IntN(41)))
	}
	p.Normalize()
	return p
}

func capitalise(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}
