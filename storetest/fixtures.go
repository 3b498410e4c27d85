package storetest

import (
	"fmt"

	"github.com/lmo-observatory/lmo"
)

// Test fixtures: a handful of countries and small vocabularies, enough to
// exercise every rule. They are test data, not facts about the world.

func fixtureRegions() []*lmo.Region {
	return []*lmo.Region{
		{Code: "001", Kind: lmo.RegionM49World, Name: "World"},
		{Code: "019", Kind: lmo.RegionM49, Name: "Americas", Parent: "001"},
		{Code: "142", Kind: lmo.RegionM49, Name: "Asia", Parent: "001"},
		{Code: "150", Kind: lmo.RegionM49, Name: "Europe", Parent: "001"},
		{Code: "americas", Kind: lmo.RegionILO, Name: "Americas"},
		{Code: "arab-states", Kind: lmo.RegionILO, Name: "Arab States"},
		{Code: "asia-pacific", Kind: lmo.RegionILO, Name: "Asia and the Pacific"},
		{Code: "europe-central-asia", Kind: lmo.RegionILO, Name: "Europe and Central Asia"},
	}
}

func fixtureCountries() []*lmo.Country {
	c := func(code, a3, num, en, fr, es, m49, ilo string) *lmo.Country {
		return &lmo.Country{Code: code, Alpha3: a3, Numeric: num, NameEN: en, NameFR: fr, NameES: es, M49Region: m49, ILORegion: ilo}
	}
	return []*lmo.Country{
		c("PE", "PER", "604", "Peru", "Pérou", "Perú", "019", "americas"),
		c("CA", "CAN", "124", "Canada", "Canada", "Canadá", "019", "americas"),
		c("PH", "PHL", "608", "Philippines", "Philippines", "Filipinas", "142", "asia-pacific"),
		c("NP", "NPL", "524", "Nepal", "Népal", "Nepal", "142", "asia-pacific"),
		c("QA", "QAT", "634", "Qatar", "Qatar", "Qatar", "142", "arab-states"),
		c("ES", "ESP", "724", "Spain", "Espagne", "España", "150", "europe-central-asia"),
		c("AQ", "ATA", "010", "Antarctica", "Antarctique", "Antártida", "", ""),
	}
}

func fixtureVocabularies() []*lmo.Vocabulary {
	v := func(id string, codes ...string) *lmo.Vocabulary {
		voc := &lmo.Vocabulary{ID: id, Name: "Test " + id, Source: &lmo.Source{Title: "storetest fixture"}}
		for _, c := range codes {
			voc.Terms = append(voc.Terms, &lmo.Term{Code: c, Label: "Label of " + c})
		}
		return voc
	}
	var gcm []string
	for i := 1; i <= 23; i++ {
		gcm = append(gcm, fmt.Sprint(i))
	}
	return []*lmo.Vocabulary{
		v(lmo.VocabGCMObjective, gcm...),
		v(lmo.VocabGuidingPrinciple, "human-rights", "gender-responsive"),
		v(lmo.VocabTheme, "fair-recruitment", "wage-protection", "social-protection", "regular-pathways"),
		v(lmo.VocabTargetGroup, "domestic-workers", "seasonal-workers", "women"),
		v(lmo.VocabMigrationStage, "pre-departure", "recruitment", "employment", "return-reintegration"),
		v(lmo.VocabOrganisationType, "government", "ngo", "international-organisation"),
		v(lmo.VocabEvidenceLevel, "documented", "monitoring"),
		v(lmo.VocabInstrument, "C189", "C097"),
		v(lmo.VocabSDGTarget, "8.8", "10.7"),
		v(lmo.VocabPracticeStatus, "ongoing", "completed"),
		v(lmo.VocabCountryRole, "origin", "transit", "destination"),
	}
}

// fixturePractices returns test practices chosen so that words, phrases,
// diacritics and every facet have something to find.
func fixturePractices() []*lmo.Practice {
	src := []lmo.Source{{Title: "storetest fixture source", URL: "https://example.org/fixture", Year: 2020}}
	gov := func(name, country string) lmo.PracticeOrganisation {
		return lmo.PracticeOrganisation{Name: name, Type: "government", Country: country, Role: lmo.OrgImplementing}
	}
	return []*lmo.Practice{
		{Slug: "ph-contract", Title: "Standard employment contract for domestic workers",
			Summary: "A standard contract protects domestic workers abroad.", Description: "Wage protection and **rest days**.",
			Countries: []lmo.PracticeCountry{{Code: "PH", Role: "origin"}, {Code: "QA", Role: "destination"}},
			Corridors: []lmo.Corridor{{Origin: "PH", Destination: "QA"}},
			Themes:    []string{"fair-recruitment"}, GCMObjectives: []string{"6"}, GuidingPrinciples: []string{"human-rights"},
			TargetGroups: []string{"domestic-workers", "women"}, Stages: []string{"pre-departure", "employment"},
			Instruments: []string{"C189"}, SDGTargets: []string{"8.8"},
			Organisations: []lmo.PracticeOrganisation{gov("Department of Migrant Workers", "PH")},
			StartYear:     2006, Status: "ongoing", EvidenceLevel: "documented", Sources: src,
			Results: "Fewer complaints about **wages**.", Lessons: "Labour inspections need interpreters.",
			Evaluations: []lmo.Source{{Title: "storetest fixture evaluation", Publisher: "Evaluation Office", URL: "https://example.org/evaluation", Year: 2021},
				{Title: "storetest fixture review"}},
			Contact:      &lmo.Contact{Name: "Welfare desk", Organisation: "Department of Migrant Workers", Email: "desk@example.org"},
			FactsChecked: "2025-03-14"},
		{Slug: "qa-wps", Title: "Wage protection system", Summary: "Electronic payment of wages monitored by the ministry.",
			Countries: []lmo.PracticeCountry{{Code: "QA", Role: "destination"}},
			Themes:    []string{"wage-protection"}, GCMObjectives: []string{"6"}, TargetGroups: []string{"domestic-workers"},
			Stages: []string{"employment"}, Organisations: []lmo.PracticeOrganisation{gov("Ministry of Labour", "QA")},
			StartYear: 2015, Status: "ongoing", Sources: src, FactsChecked: "2021-06-01"},
		{Slug: "ca-seasonal", Title: "Seasonal agricultural worker programme",
			Summary:   "Seasonal workers come each year for the harvest.",
			Countries: []lmo.PracticeCountry{{Code: "CA", Role: "destination"}},
			Themes:    []string{"regular-pathways"}, GCMObjectives: []string{"5"}, TargetGroups: []string{"seasonal-workers"},
			Stages: []string{"recruitment", "employment"}, Organisations: []lmo.PracticeOrganisation{gov("Employment and Social Development Canada", "CA")},
			StartYear: 1966, Status: "ongoing", Sources: src, FactsChecked: "2024-11-30"},
		{Slug: "pe-return", Title: "Return and reintegration support in Perú",
			Summary:   "Returning migrants get help to find work.",
			Countries: []lmo.PracticeCountry{{Code: "PE", Role: "origin"}},
			Themes:    []string{"social-protection"}, GCMObjectives: []string{"21"}, TargetGroups: []string{"women"},
			Stages:        []string{"return-reintegration"},
			Organisations: []lmo.PracticeOrganisation{{Name: "Migrant Support Network", Type: "ngo", Country: "PE", Role: lmo.OrgPartner}},
			StartYear:     2013, EndYear: 2019, Status: "completed", Sources: src},
		{Slug: "np-fee-free", Title: "Free visa, free ticket", Summary: "Employers pay the recruitment fees, not workers.",
			Countries: []lmo.PracticeCountry{{Code: "NP", Role: "origin"}, {Code: "QA", Role: "destination"}},
			Themes:    []string{"fair-recruitment"}, GCMObjectives: []string{"6"}, Stages: []string{"recruitment"},
			Organisations: []lmo.PracticeOrganisation{gov("Department of Foreign Employment", "NP"),
				{Name: "International Labour Organization", Acronym: "ILO", Type: "international-organisation", Role: lmo.OrgPartner}},
			StartYear: 2015, Status: "ongoing", Sources: src},
		{Slug: "es-regularisation", Title: "Regularisation of migrant workers",
			Summary:   "Workers in an irregular situation with a contract could apply for a permit.",
			Countries: []lmo.PracticeCountry{{Code: "ES", Role: "destination"}},
			Themes:    []string{"regular-pathways"}, GCMObjectives: []string{"5", "7"}, Stages: []string{"employment"},
			Organisations: []lmo.PracticeOrganisation{gov("Ministry of Labour", "ES")},
			StartYear:     2005, EndYear: 2005, Status: "completed", Sources: src, FactsChecked: "2021-06-01"},
	}
}
