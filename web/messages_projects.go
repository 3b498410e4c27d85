package web

import "maps"

// projectMessages are the catalog's messages of the projects and
// organisations pages; they join the English catalog when the package
// loads.
var projectMessages = map[string]string{
	"nav.projects":                 "Projects",
	"projects.title":               "Projects",
	"projects.description":         "Development cooperation projects on labour migration: who funds them, who carries them out, where, when and with what budget, each with its sources.",
	"projects.intro":               "Development cooperation projects on labour migration, with their donors, implementers, countries, dates and budgets as their sources give them. See also the",
	"projects.filter":              "Filter projects",
	"projects.filter.country":      "Country",
	"projects.filter.organisation": "Organisation (donor or implementer)",
	"projects.filter.theme":        "Theme",
	"projects.filter.active":       "Running on",
	"projects.filter.any":          "Any",
	"projects.filter.apply":        "Show projects",
	"projects.filter.clear":        "Clear filters",
	"projects.count":               "%d projects",
	"projects.caption":             "Projects, the latest started first",
	"projects.col.project":         "Project",
	"projects.col.countries":       "Countries",
	"projects.col.donors":          "Donors",
	"projects.col.implementers":    "Implementers",
	"projects.col.period":          "Period",
	"projects.col.budget":          "Budget",
	"projects.col.themes":          "Themes",
	"projects.col.instruments":     "Instruments it promotes",
	"projects.col.practices":       "Practices it carried out or supported",
	"projects.col.website":         "Website",
	"projects.factschecked":        "Facts checked",
	"projects.global":              "Global",
	"projects.none":                "No project matches these filters.",
	"projects.since":               "since %s",
	"projects.until":               "until %s",
	"projects.sources":             "Sources",
	"projects.cite":                "Cite this list",
	"projects.cite.one":            "Cite this page",
	"projects.api":                 "Projects and organisations in the API",
	"projects.json.one":            "This project as JSON",
	"projects.download.csv":        "These projects as CSV",
	"projects.download.xlsx":       "These projects as Excel (XLSX)",
	"projects.download.json":       "These projects and their organisations as JSON (the import format)",
	"organisations.title":          "Organisations",
	"organisations.description":    "The organisations that fund, implement or take part in labour migration projects and practices, with the bodies they belong to.",
	"organisations.intro":          "The organisations that fund or carry out labour migration projects, by type, with the networks they belong to. See also the",
	"organisations.none":           "No organisations yet.",
	"organisations.type":           "Type",
	"organisations.country":        "Country",
	"organisations.memberships":    "Member of",
	"organisations.members":        "Its members",
	"organisations.asdonor":        "Projects it funds",
	"organisations.asimplementer":  "Projects it carries out",
	"organisations.practices":      "Practices that name it",
	"organisations.json.one":       "This organisation as JSON",
}

func init() { maps.Copy(messages["en"], projectMessages) }

// projectFormMessages are the catalog's messages of the project's form
// (projects_form*.go).
var projectFormMessages = map[string]string{
	"projects.acronym":                     "Acronym",
	"projects.propose":                     "Propose a project",
	"contrib.project.propose":              "Propose a project",
	"contrib.project.new.title":            "Propose a project",
	"contrib.project.intro":                "Fields marked “required” must be filled in. A project needs the countries it works in (or to be global), at least one implementing organisation and at least one source.",
	"contrib.project.basics":               "About the project",
	"contrib.project.countries":            "Countries it works in",
	"contrib.project.countries.hint":       "At least one country, unless the project is global.",
	"contrib.project.global":               "The project is global (it works worldwide, as well as or instead of in these countries)",
	"contrib.project.who":                  "Organisations",
	"contrib.project.orgs.hint":            "Chosen among the organisations LMO lists; ask an editor to add one that is missing.",
	"contrib.project.donor.n":              "Donor %d",
	"contrib.project.implementer.n":        "Implementer %d",
	"contrib.project.when":                 "Dates and budget",
	"contrib.project.start":                "Start",
	"contrib.project.end":                  "End",
	"contrib.project.budget.amount":        "Budget amount",
	"contrib.project.budget.amount.hint":   "In whole units of the currency, such as 1200000.",
	"contrib.project.budget.currency":      "Currency",
	"contrib.project.budget.currency.hint": "An ISO 4217 code such as USD, EUR or CHF.",
	"contrib.project.budget.note":          "Note on the budget",
	"contrib.project.practice.n":           "Practice %d",
	"contrib.addrow.countries":             "Add a country row",
	"contrib.addrow.donors":                "Add a donor row",
	"contrib.addrow.implementers":          "Add an implementer row",
	"contrib.addrow.practices":             "Add a practice row",
	"contrib.project.practices.hint":       "The address name (slug) of each practice, or its address, as in /practices/slug.",
}

func init() { maps.Copy(messages["en"], projectFormMessages) }
