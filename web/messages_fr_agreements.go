package web

import "maps"

// French (fr): LMO's own translation of the English messages, formal, in
// the terms the ILO and the UN use in French; French typography (a
// no-break space, \u00a0, before : ; ? ! and inside « »).

// agreementMessagesFR are the French messages of the agreements' pages,
// in the order of agreementMessages.
var agreementMessagesFR = map[string]string{
	"nav.agreements":             "Accords",
	"agreements.title":           "Accords",
	"agreements.description":     "Accords de sécurité sociale, accords bilatéraux de main-d’œuvre et mémorandums d’accord sur les migrations de main-d’œuvre\u00a0: parties, dates, branches couvertes et sources.",
	"agreements.intro":           "Les accords de sécurité sociale permettent aux travailleurs migrants de conserver, de totaliser et de percevoir à l’étranger les droits qu’ils acquièrent\u00a0; les accords bilatéraux de main-d’œuvre et les mémorandums d’accord organisent le recrutement et l’emploi entre pays. Chaque accord présenté ici cite ses sources.",
	"agreements.filters":         "Filtrer les accords",
	"agreements.f.country":       "Pays",
	"agreements.f.partner":       "Pays partenaire",
	"agreements.f.type":          "Type",
	"agreements.f.branch":        "Branche de la sécurité sociale",
	"agreements.f.scope":         "Bilatéral ou régional",
	"agreements.f.inforce":       "En vigueur au",
	"agreements.f.inforce.hint":  "Un jour\u00a0; les accords dont les dates ne sont connues qu’à l’année ou au mois près sont retenus s’ils ont pu être en vigueur ce jour-là.",
	"agreements.f.any":           "Indifférent",
	"agreements.f.apply":         "Appliquer les filtres",
	"agreements.f.clear":         "Effacer les filtres",
	"agreements.count":           "%d accords (dont %d bilatéraux)",
	"agreements.caption":         "Accords, de la signature la plus récente à la plus ancienne",
	"agreements.col.title":       "Accord",
	"agreements.col.type":        "Type",
	"agreements.col.parties":     "Parties",
	"agreements.col.signed":      "Signature",
	"agreements.col.inforce":     "Entrée en vigueur",
	"agreements.unknown":         "inconnue",
	"agreements.none":            "Aucun accord ne correspond.",
	"agreements.download":        "Télécharger cette liste au format %s",
	"agreements.api":             "L’API des accords",
	"agreements.cite.h":          "Citer",
	"agreements.cite":            "%s. Accords. %s (consulté le %s). Citez aussi les sources propres à chaque accord.",
	"agreements.signed.short":    "signature\u00a0: %s",
	"agreements.inforce.now":     "en vigueur à ce jour",
	"agreements.scope.bilateral": "Bilatéral",

	"agreements.type.social-security": "Accord de sécurité sociale",
	"agreements.type.labour":          "Accord bilatéral de main-d’œuvre",
	"agreements.type.mou":             "Mémorandum d’accord",

	"agreements.branch.sickness":          "Maladie et soins de santé",
	"agreements.branch.unemployment":      "Chômage",
	"agreements.branch.old-age":           "Vieillesse",
	"agreements.branch.employment-injury": "Accidents du travail et maladies professionnelles",
	"agreements.branch.family":            "Prestations familiales",
	"agreements.branch.maternity":         "Maternité",
	"agreements.branch.invalidity":        "Invalidité",
	"agreements.branch.survivors":         "Survivants",

	"agreement.description":      "%s\u00a0: parties, dates, branches de la sécurité sociale couvertes et sources.",
	"agreement.facts":            "Informations clés",
	"agreement.ended":            "Fin",
	"agreement.inforce.today":    "En vigueur à ce jour",
	"agreement.benefits_abroad":  "Prestations versées à l’étranger",
	"agreement.totalisation":     "Totalisation des périodes",
	"agreement.domestic_workers": "Couvre les travailleurs domestiques",
	"agreement.workers":          "Travailleurs couverts",
	"agreement.facts_checked":    "Informations vérifiées",
	"agreement.not_checked":      "pas encore vérifiées au regard des sources",
	"agreement.truth.yes":        "Oui",
	"agreement.truth.no":         "Non",
	"agreement.truth.unknown":    "Inconnu",
	"agreement.branches":         "Branches de la sécurité sociale",
	"agreement.branches.caption": "Branches de la sécurité sociale (au sens de la convention n° 102 de l’OIT) couvertes par l’accord",
	"agreement.branch":           "Branche",
	"agreement.covered":          "Couverte",
	"agreement.yes":              "Oui",
	"agreement.not_recorded":     "non renseigné",
	"agreement.branches.note":    "Un tiret signifie que les sources n’indiquent pas que la branche est couverte.",
	"agreement.sources":          "Sources",
	"agreement.cite":             "%s. %s. Version %d, %s. %s",
	"agreement.json":             "Cet accord au format JSON",
	"agreement.all":              "Tous les accords",
	"agreement.history":          "Historique",

	"matrix.title":       "Qui a conclu des accords avec qui",
	"matrix.description": "Un tableau croisé, pays par pays, des accords bilatéraux sur les migrations de main-d’œuvre et la sécurité sociale, avec une liste des mêmes paires.",
	"matrix.intro":       "Chaque ligne et chaque colonne correspond à un pays partie à un accord bilatéral\u00a0; un nombre indique combien d’accords les deux pays ont conclus et renvoie vers eux. La liste ci-dessous donne les mêmes informations.",
	"matrix.table":       "Tableau des accords bilatéraux",
	"matrix.caption":     "Accords bilatéraux entre pays (lignes et colonnes\u00a0: pays\u00a0; cellules\u00a0: nombre d’accords)",
	"matrix.cell":        "%d accords (%s et %s)",
	"matrix.self":        "le même pays",
	"matrix.list":        "Paires de pays",
	"matrix.cite":        "%s. Qui a conclu des accords avec qui. %s (consulté le %s). Citez aussi les sources propres à chaque accord.",
	"matrix.downloads":   "Les accords bilatéraux comptés ici\u00a0:",
	"matrix.none":        "Aucun accord bilatéral ne correspond.",
}

func init() { maps.Copy(messages["fr"], agreementMessagesFR) }

// agreementFormMessagesFR are the French messages of the agreement's form
// and of what the forms of agreements and projects share, in the order of
// agreementFormMessages.
var agreementFormMessagesFR = map[string]string{
	"agreements.propose":              "Proposer un accord",
	"contrib.agreement.propose":       "Proposer un accord",
	"contrib.agreement.new.title":     "Proposer un accord",
	"contrib.agreement.intro":         "Les champs marqués «\u00a0obligatoire\u00a0» doivent être remplis. Un accord doit avoir un type, au moins deux parties et au moins une source\u00a0; laissez vide, ou à «\u00a0Inconnu\u00a0», ce que les sources ne disent pas.",
	"contrib.agreement.basics":        "À propos de l’accord",
	"contrib.agreement.title.hint":    "Son titre tel que sa source l’écrit, en anglais si une source le donne en anglais.",
	"contrib.agreement.who":           "Parties",
	"contrib.agreement.parties":       "États parties",
	"contrib.agreement.parties.hint":  "Deux pour un accord bilatéral\u00a0; davantage pour un accord régional, dont vous indiquez alors l’organisation ci-dessous.",
	"contrib.agreement.party.n":       "Partie %d",
	"contrib.agreement.regional.hint": "L’organisation régionale d’un accord multilatéral (CEDEAO, MERCOSUR, CARICOM, UE)\u00a0; laissez vide pour un accord bilatéral.",
	"contrib.agreement.coverage":      "Ce qu’il couvre",
	"contrib.agreement.workers.hint":  "Les travailleurs couverts, dans les termes de la source.",
	"contrib.slug.hint":               "Lettres minuscules, chiffres et traits d’union, comme dans son adresse. Laissez vide pour le former à partir du titre.",
	"contrib.dates":                   "Dates",
	"contrib.date.hint":               "AAAA-MM-JJ, ou AAAA-MM ou AAAA si le jour ou le mois n’est pas connu.",
	"contrib.sources.hint":            "Au moins une source, chacune avec un titre et une adresse\u00a0: les documents qui étayent ce que vous écrivez.",
	"contrib.website.hint":            "Une adresse commençant par https:// ou http://.",
	"contrib.checks":                  "Vérifications et note",
	"contrib.addrow.parties":          "Ajouter une ligne de partie",
	"contrib.error.date":              "%s\u00a0: %q n’est pas une date\u00a0; écrivez AAAA-MM-JJ, ou AAAA-MM ou AAAA si le jour ou le mois n’est pas connu",
	"contrib.error.amount":            "Le montant du budget %q doit être un nombre entier, par exemple 1200000",
	"form.factschecked.hint":          "Le jour où les informations ont été vérifiées pour la dernière fois au regard des sources, au format AAAA-MM-JJ.",
}

func init() { maps.Copy(messages["fr"], agreementFormMessagesFR) }
