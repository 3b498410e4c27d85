package web

import "maps"

// French (fr): LMO's own translation of the English messages, formal, in
// the terms the ILO and the UN use in French; French typography (a
// no-break space, \u00a0, before : ; ? ! and inside « »).

// projectMessagesFR are the French messages of the projects and
// organisations pages, in the order of projectMessages.
var projectMessagesFR = map[string]string{
	"nav.projects":                 "Projets",
	"projects.title":               "Projets",
	"projects.description":         "Projets de coopération pour le développement sur les migrations de main-d’œuvre\u00a0: qui les finance, qui les met en œuvre, où, quand et avec quel budget, chacun avec ses sources.",
	"projects.intro":               "Projets de coopération pour le développement sur les migrations de main-d’œuvre, avec leurs donateurs, leurs organismes d’exécution, leurs pays, leurs dates et leurs budgets tels que leurs sources les indiquent. Voir aussi\u00a0:",
	"projects.filter":              "Filtrer les projets",
	"projects.filter.country":      "Pays",
	"projects.filter.organisation": "Organisation (donateur ou organisme d’exécution)",
	"projects.filter.theme":        "Thème",
	"projects.filter.active":       "En cours au",
	"projects.filter.any":          "Indifférent",
	"projects.filter.apply":        "Afficher les projets",
	"projects.filter.clear":        "Effacer les filtres",
	"projects.count":               "%d projets",
	"projects.caption":             "Projets, par date de début, du plus récent au plus ancien",
	"projects.col.project":         "Projet",
	"projects.col.countries":       "Pays",
	"projects.col.donors":          "Donateurs",
	"projects.col.implementers":    "Organismes d’exécution",
	"projects.col.period":          "Période",
	"projects.col.budget":          "Budget",
	"projects.col.themes":          "Thèmes",
	"projects.col.instruments":     "Instruments promus",
	"projects.col.practices":       "Pratiques mises en œuvre ou soutenues",
	"projects.col.website":         "Site web",
	"projects.factschecked":        "Informations vérifiées",
	"projects.global":              "Mondial",
	"projects.none":                "Aucun projet ne correspond à ces filtres.",
	"projects.since":               "depuis %s",
	"projects.until":               "jusqu’à %s",
	"projects.sources":             "Sources",
	"projects.cite":                "Citer cette liste",
	"projects.cite.one":            "Citer cette page",
	"projects.api":                 "Projets et organisations dans l’API",
	"projects.json.one":            "Ce projet au format JSON",
	"organisations.download.csv":   "Ces organisations au format CSV",
	"organisations.download.xlsx":  "Ces organisations au format Excel (XLSX)",
	"organisations.download.json":  "Ces organisations au format JSON (le format d’importation de lmo import projects)",
	"organisations.cite":           "%s. Organisations. %s (consulté le %s). Citez aussi les sources propres à chaque organisation.",
	"projects.download.csv":        "Ces projets au format CSV",
	"projects.download.xlsx":       "Ces projets au format Excel (XLSX)",
	"projects.download.json":       "Ces projets et leurs organisations au format JSON (le format d’importation)",
	"organisations.title":          "Organisations",
	"organisations.description":    "Les organisations qui financent ou mettent en œuvre des projets et des pratiques en matière de migrations de main-d’œuvre, ou qui y participent, avec les organismes dont elles font partie.",
	"organisations.intro":          "Les organisations qui financent ou mettent en œuvre des projets sur les migrations de main-d’œuvre, par type, avec les réseaux dont elles font partie. Voir aussi\u00a0:",
	"organisations.none":           "Aucune organisation pour l’instant.",
	"organisations.type":           "Type",
	"organisations.country":        "Pays",
	"organisations.memberships":    "Membre de",
	"organisations.members":        "Ses membres",
	"organisations.asdonor":        "Projets qu’elle finance",
	"organisations.asimplementer":  "Projets qu’elle met en œuvre",
	"organisations.practices":      "Pratiques qui la mentionnent",
	"organisations.json.one":       "Cette organisation au format JSON",
}

func init() { maps.Copy(messages["fr"], projectMessagesFR) }

// projectFormMessagesFR are the French messages of the project's form,
// in the order of projectFormMessages.
var projectFormMessagesFR = map[string]string{
	"projects.acronym":                     "Sigle",
	"projects.propose":                     "Proposer un projet",
	"contrib.project.propose":              "Proposer un projet",
	"contrib.project.new.title":            "Proposer un projet",
	"contrib.project.intro":                "Les champs marqués «\u00a0obligatoire\u00a0» doivent être remplis. Un projet doit indiquer les pays où il intervient (ou être mondial), au moins un organisme d’exécution et au moins une source.",
	"contrib.project.basics":               "À propos du projet",
	"contrib.project.countries":            "Pays où il intervient",
	"contrib.project.countries.hint":       "Au moins un pays, sauf si le projet est mondial.",
	"contrib.project.global":               "Le projet est mondial (il intervient dans le monde entier, en plus de ces pays ou à leur place)",
	"contrib.project.who":                  "Organisations",
	"contrib.project.orgs.hint":            "À choisir parmi les organisations que LMO répertorie\u00a0; demandez à un éditeur d’ajouter celle qui manque.",
	"contrib.project.donor.n":              "Donateur %d",
	"contrib.project.implementer.n":        "Organisme d’exécution %d",
	"contrib.project.when":                 "Dates et budget",
	"contrib.project.start":                "Début",
	"contrib.project.end":                  "Fin",
	"contrib.project.budget.amount":        "Montant du budget",
	"contrib.project.budget.amount.hint":   "En unités entières de la monnaie, par exemple 1200000.",
	"contrib.project.budget.currency":      "Monnaie",
	"contrib.project.budget.currency.hint": "Un code ISO 4217, par exemple USD, EUR ou CHF.",
	"contrib.project.budget.note":          "Note sur le budget",
	"contrib.project.practice.n":           "Pratique %d",
	"contrib.addrow.countries":             "Ajouter une ligne de pays",
	"contrib.addrow.donors":                "Ajouter une ligne de donateur",
	"contrib.addrow.implementers":          "Ajouter une ligne d’organisme d’exécution",
	"contrib.addrow.practices":             "Ajouter une ligne de pratique",
	"contrib.project.practices.hint":       "Le nom d’adresse (slug) de chaque pratique, ou son adresse, comme dans /practices/slug.",
}

func init() { maps.Copy(messages["fr"], projectFormMessagesFR) }
