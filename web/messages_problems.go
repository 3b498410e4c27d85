package web

import (
	"maps"

	lmo "github.com/lmo-observatory/lmo"
)

// Validation problems in the interface languages. Each lmo.FieldProblem
// carries a message key (problem.*) and its arguments; the English here is
// word for word the problem's Message, so English pages read as before, and
// French and Spanish forms show the problem in their language through
// problemMessage. Keys of problem.field.* are the names of fields inside
// another message (lmo.Phrase). Sentences of the practice's checks begin
// in lower case and have no full stop: forms make them sentences.

// problemMessagesEN are the problems in English, exactly as lmo writes them.
var problemMessagesEN = map[string]string{
	// Text and web addresses, in any record.
	"problem.text.utf8":     "%s is not valid UTF-8 text",
	"problem.text.one_line": "%s must be one line (a line break or tab at character %d)",
	"problem.text.control":  "%s holds the control character U+%04X at character %d",
	"problem.text.too_long": "%s is %d characters long, more than the %d allowed",
	"problem.text.url":      "%s must be an http:// or https:// address, not %q",

	// The names of fields inside messages.
	"problem.field.title":                "title",
	"problem.field.summary":              "summary",
	"problem.field.description":          "description",
	"problem.field.results":              "results",
	"problem.field.lessons":              "lessons",
	"problem.field.language":             "language",
	"problem.field.evidence_level":       "evidence_level",
	"problem.field.themes":               "themes",
	"problem.field.gcm_objectives":       "gcm_objectives",
	"problem.field.guiding_principles":   "guiding_principles",
	"problem.field.target_groups":        "target_groups",
	"problem.field.stages":               "stages",
	"problem.field.instruments":          "instruments",
	"problem.field.sdg_targets":          "sdg_targets",
	"problem.field.status":               "status",
	"problem.field.organisation.name":    "organisation %d name",
	"problem.field.organisation.acronym": "organisation %d acronym",
	"problem.field.organisation.type":    "organisation %s type",
	"problem.field.source.title":         "source %d title",
	"problem.field.source.publisher":     "source %d publisher",
	"problem.field.source.url":           "source %d: URL",
	"problem.field.evaluation.title":     "evaluation %d title",
	"problem.field.evaluation.publisher": "evaluation %d publisher",
	"problem.field.evaluation.url":       "evaluation %d: URL",
	"problem.field.contact.name":         "contact name",
	"problem.field.contact.organisation": "contact organisation",
	"problem.field.contact.url":          "contact url",

	// Practices.
	"problem.practice.title.required":       "title is required",
	"problem.practice.summary.required":     "summary is required",
	"problem.practice.slug.invalid":         "slug %q must be lowercase letters, digits and single hyphens",
	"problem.practice.slug.reserved":        "slug %q is reserved: /practices/%s is another page",
	"problem.practice.countries.required":   "at least one country is required unless the practice is global",
	"problem.practice.country.unknown":      "unknown country %q",
	"problem.practice.country.role":         "country %s: unknown role %q",
	"problem.practice.country.twice":        "country %s listed twice as %s",
	"problem.practice.corridor.invalid":     "corridor %s-%s needs two different known countries",
	"problem.practice.term.unknown":         "%s: unknown value %q",
	"problem.practice.organisation.name":    "an organisation has no name",
	"problem.practice.organisation.role":    "organisation %s: unknown role %q",
	"problem.practice.organisation.country": "organisation %s: unknown country %q",
	"problem.practice.start_year.range":     "start_year %d is out of range",
	"problem.practice.end_year.before":      "end_year %d is before start_year %d",
	"problem.practice.sources.required":     "at least one source is required",
	"problem.practice.source.title":         "source %d has no title",
	"problem.practice.evaluations.too_many": "evaluations: %d listed, more than the %d allowed",
	"problem.practice.evaluation.title":     "evaluation %d has no title",
	"problem.practice.evaluation.year":      "evaluation %d: year %d is out of range",
	"problem.practice.facts_checked.format": "facts_checked %q is not a date written YYYY-MM-DD",
	"problem.practice.facts_checked.early":  "facts_checked %s is before 1990",
	"problem.practice.facts_checked.future": "facts_checked %s is in the future",
	"problem.practice.contact.email":        "contact email %q is not an email address (name@example.org)",
	"problem.practice.language":             "language %q is not a BCP 47 language tag (en, fr, es, pt-BR...)",
	"problem.field.translation.title":       "translation %s: title",
	"problem.field.translation.summary":     "translation %s: summary",
	"problem.field.translation.source":      "translation %s: source URL",
	"problem.practice.translation.language": "translation language %q is not a BCP 47 language tag (fr, es, pt-BR...)",
	"problem.practice.translation.original": "translation %s: the practice's original language is %s; a translation is in another language",
	"problem.practice.translation.twice":    "translation %s is given twice",
	"problem.practice.translation.title":    "translation %s: title is required",
	"problem.practice.review_status":        "review_status %q is not one of %s",

	// Agreements, organisations and projects.
	"problem.sources.required":                           "Give at least one source: nothing in LMO is unsourced.",
	"problem.source.invalid":                             "Every source needs a title and an http(s) address.",
	"problem.facts_checked.day":                          "Write the day the facts were checked as YYYY-MM-DD.",
	"problem.country.unknown":                            "Country %s is not an ISO 3166-1 alpha-2 code.",
	"problem.website.invalid":                            "The website must be an http(s) address.",
	"problem.agreement.slug.invalid":                     "The slug must be lower-case letters, digits and hyphens, such as ph-es-social-security-1988.",
	"problem.agreement.slug.reserved":                    "The slug %s is reserved: /agreements/%s is another page.",
	"problem.agreement.title.required":                   "Give the agreement's title.",
	"problem.agreement.type.invalid":                     "The type must be one of %s.",
	"problem.agreement.parties.too_few":                  "An agreement needs at least two parties.",
	"problem.agreement.parties.bilateral":                "A bilateral agreement has two parties; name the regional organisation of one with more.",
	"problem.agreement.party.unknown":                    "Party %s is not an ISO 3166-1 alpha-2 country code.",
	"problem.agreement.branch.unknown":                   "Unknown branch of social security %s: give one of %s.",
	"problem.agreement.truth.invalid":                    "Write yes, no or unknown.",
	"problem.agreement.in_force.before_signed":           "It cannot enter into force before it was signed.",
	"problem.agreement.ended.before_in_force":            "It cannot end before it entered into force.",
	"problem.organisation.slug.invalid":                  "The slug must be lower-case letters, digits and hyphens, such as ilo.",
	"problem.organisation.name.required":                 "Give the organisation's name.",
	"problem.organisation.type.unknown":                  "Unknown organisation type %q.",
	"problem.organisation.membership.unknown":            "Membership of %q: no such other organisation.",
	"problem.organisation.membership.left_before_joined": "It cannot leave before it joined.",
	"problem.project.slug.invalid":                       "The slug must be lower-case letters, digits and hyphens, such as gap-mdw.",
	"problem.project.slug.reserved":                      "The slug new is reserved: /projects/new is the form to propose a project.",
	"problem.project.title.required":                     "Give the project's title.",
	"problem.project.countries.required":                 "Name the countries it works in, or mark it global.",
	"problem.project.organisation.unknown":               "No organisation has the slug %q.",
	"problem.project.implementers.required":              "Name at least one implementing organisation.",
	"problem.project.end.before_start":                   "It cannot end before it started.",
	"problem.project.budget.invalid":                     "A budget is a positive amount and an ISO 4217 currency code such as USD.",
	"problem.project.theme.unknown":                      "Unknown theme %q.",
	"problem.project.practice.unknown":                   "No practice has the slug %q.",
	"problem.project.instrument.unknown":                 "No instrument has the code %q.",
}

// problemMessagesFR are the problems in French.
var problemMessagesFR = map[string]string{
	"problem.text.utf8":     "le champ « %s » n'est pas un texte UTF-8 valide",
	"problem.text.one_line": "le champ « %s » doit tenir sur une seule ligne (saut de ligne ou tabulation en position %d)",
	"problem.text.control":  "le champ « %s » contient le caractère de contrôle U+%04X en position %d",
	"problem.text.too_long": "le champ « %s » compte %d caractères, soit plus que les %d autorisés",
	"problem.text.url":      "le champ « %s » doit contenir une adresse http:// ou https://, et non %q",

	"problem.field.title":                "titre",
	"problem.field.summary":              "résumé",
	"problem.field.description":          "description",
	"problem.field.results":              "résultats",
	"problem.field.lessons":              "enseignements tirés",
	"problem.field.language":             "langue",
	"problem.field.evidence_level":       "niveau de preuve",
	"problem.field.themes":               "thèmes",
	"problem.field.gcm_objectives":       "objectifs du Pacte mondial sur les migrations",
	"problem.field.guiding_principles":   "principes directeurs",
	"problem.field.target_groups":        "groupes cibles",
	"problem.field.stages":               "étapes de la migration",
	"problem.field.instruments":          "instruments",
	"problem.field.sdg_targets":          "cibles des objectifs de développement durable",
	"problem.field.status":               "statut",
	"problem.field.organisation.name":    "nom de l'organisation %d",
	"problem.field.organisation.acronym": "sigle de l'organisation %d",
	"problem.field.organisation.type":    "type de l'organisation %s",
	"problem.field.source.title":         "titre de la source %d",
	"problem.field.source.publisher":     "éditeur de la source %d",
	"problem.field.source.url":           "adresse (URL) de la source %d",
	"problem.field.evaluation.title":     "titre de l'évaluation %d",
	"problem.field.evaluation.publisher": "éditeur de l'évaluation %d",
	"problem.field.evaluation.url":       "adresse (URL) de l'évaluation %d",
	"problem.field.contact.name":         "nom de la personne à contacter",
	"problem.field.contact.organisation": "organisation de la personne à contacter",
	"problem.field.contact.url":          "adresse web de contact",

	"problem.practice.title.required":       "le titre est obligatoire",
	"problem.practice.summary.required":     "le résumé est obligatoire",
	"problem.practice.slug.invalid":         "le nom dans l'adresse (slug) %q ne doit contenir que des lettres minuscules, des chiffres et des tirets simples",
	"problem.practice.slug.reserved":        "le nom dans l'adresse (slug) %q est réservé : /practices/%s est une autre page",
	"problem.practice.countries.required":   "au moins un pays est requis, sauf si la pratique est de portée mondiale",
	"problem.practice.country.unknown":      "pays inconnu : %q",
	"problem.practice.country.role":         "pays %s : rôle inconnu %q",
	"problem.practice.country.twice":        "le pays %s figure deux fois avec le rôle %s",
	"problem.practice.corridor.invalid":     "le corridor %s-%s doit relier deux pays connus et différents",
	"problem.practice.term.unknown":         "%s : valeur inconnue %q",
	"problem.practice.organisation.name":    "une organisation n'a pas de nom",
	"problem.practice.organisation.role":    "organisation %s : rôle inconnu %q",
	"problem.practice.organisation.country": "organisation %s : pays inconnu %q",
	"problem.practice.start_year.range":     "l'année de début %d est hors de la plage admise",
	"problem.practice.end_year.before":      "l'année de fin (%d) est antérieure à l'année de début (%d)",
	"problem.practice.sources.required":     "au moins une source est requise",
	"problem.practice.source.title":         "la source %d n'a pas de titre",
	"problem.practice.evaluations.too_many": "évaluations : %d indiquées, soit plus que les %d autorisées",
	"problem.practice.evaluation.title":     "l'évaluation %d n'a pas de titre",
	"problem.practice.evaluation.year":      "évaluation %d : l'année %d est hors de la plage admise",
	"problem.practice.facts_checked.format": "la date de vérification des faits %q n'est pas une date au format AAAA-MM-JJ",
	"problem.practice.facts_checked.early":  "la date de vérification des faits %s est antérieure à 1990",
	"problem.practice.facts_checked.future": "la date de vérification des faits %s est une date future",
	"problem.practice.contact.email":        "l'adresse électronique de contact %q n'est pas une adresse électronique valide (nom@example.org)",
	"problem.practice.language":             "la langue %q n'est pas une étiquette de langue BCP 47 (en, fr, es, pt-BR...)",
	"problem.field.translation.title":       "traduction %s : titre",
	"problem.field.translation.summary":     "traduction %s : résumé",
	"problem.field.translation.source":      "traduction %s : adresse de la source",
	"problem.practice.translation.language": "la langue de traduction %q n'est pas une étiquette de langue BCP 47 (fr, es, pt-BR...)",
	"problem.practice.translation.original": "traduction %s : la langue d'origine de la pratique est %s ; une traduction est dans une autre langue",
	"problem.practice.translation.twice":    "la traduction %s est donnée deux fois",
	"problem.practice.translation.title":    "traduction %s : le titre est obligatoire",
	"problem.practice.review_status":        "le statut de révision %q n'est pas l'un des suivants : %s",

	"problem.sources.required":                           "Indiquez au moins une source : aucune information de LMO n'est dépourvue de source.",
	"problem.source.invalid":                             "Chaque source doit avoir un titre et une adresse http(s).",
	"problem.facts_checked.day":                          "Indiquez le jour de la vérification des faits sous la forme AAAA-MM-JJ.",
	"problem.country.unknown":                            "Pays %s : code ISO 3166-1 alpha-2 inconnu.",
	"problem.website.invalid":                            "Le site web doit être une adresse http(s).",
	"problem.agreement.slug.invalid":                     "Le nom dans l'adresse (slug) ne doit contenir que des lettres minuscules, des chiffres et des tirets, par exemple ph-es-social-security-1988.",
	"problem.agreement.slug.reserved":                    "Le nom dans l'adresse (slug) %s est réservé : /agreements/%s est une autre page.",
	"problem.agreement.title.required":                   "Indiquez le titre de l'accord.",
	"problem.agreement.type.invalid":                     "Le type doit être l'un des suivants : %s.",
	"problem.agreement.parties.too_few":                  "Un accord doit compter au moins deux parties.",
	"problem.agreement.parties.bilateral":                "Un accord bilatéral compte deux parties ; pour un accord qui en compte davantage, indiquez l'organisation régionale.",
	"problem.agreement.party.unknown":                    "Partie %s : code de pays ISO 3166-1 alpha-2 inconnu.",
	"problem.agreement.branch.unknown":                   "Branche de la sécurité sociale inconnue : %s. Indiquez l'une des branches suivantes : %s.",
	"problem.agreement.truth.invalid":                    "Indiquez yes (oui), no (non) ou unknown (inconnu).",
	"problem.agreement.in_force.before_signed":           "L'accord ne peut pas entrer en vigueur avant sa signature.",
	"problem.agreement.ended.before_in_force":            "L'accord ne peut pas prendre fin avant son entrée en vigueur.",
	"problem.organisation.slug.invalid":                  "Le nom dans l'adresse (slug) ne doit contenir que des lettres minuscules, des chiffres et des tirets, par exemple ilo.",
	"problem.organisation.name.required":                 "Indiquez le nom de l'organisation.",
	"problem.organisation.type.unknown":                  "Type d'organisation inconnu : %q.",
	"problem.organisation.membership.unknown":            "Adhésion à %q : cette autre organisation n'existe pas.",
	"problem.organisation.membership.left_before_joined": "La date de départ ne peut pas précéder la date d'adhésion.",
	"problem.project.slug.invalid":                       "Le nom dans l'adresse (slug) ne doit contenir que des lettres minuscules, des chiffres et des tirets, par exemple gap-mdw.",
	"problem.project.slug.reserved":                      "Le nom dans l'adresse (slug) new est réservé : /projects/new est le formulaire pour proposer un projet.",
	"problem.project.title.required":                     "Indiquez le titre du projet.",
	"problem.project.countries.required":                 "Indiquez les pays dans lesquels le projet intervient, ou précisez qu'il est de portée mondiale.",
	"problem.project.organisation.unknown":               "Aucune organisation n'a pour nom dans l'adresse (slug) %q.",
	"problem.project.implementers.required":              "Indiquez au moins un organisme d'exécution.",
	"problem.project.end.before_start":                   "Le projet ne peut pas prendre fin avant d'avoir commencé.",
	"problem.project.budget.invalid":                     "Un budget se compose d'un montant positif et d'un code de monnaie ISO 4217, par exemple USD.",
	"problem.project.theme.unknown":                      "Thème inconnu : %q.",
	"problem.project.practice.unknown":                   "Aucune pratique n'a pour nom dans l'adresse (slug) %q.",
	"problem.project.instrument.unknown":                 "Aucun instrument ne porte le code %q.",
}

// problemMessagesES are the problems in Spanish.
var problemMessagesES = map[string]string{
	"problem.text.utf8":     "el campo «%s» no es un texto UTF-8 válido",
	"problem.text.one_line": "el campo «%s» debe ocupar una sola línea (salto de línea o tabulación en la posición %d)",
	"problem.text.control":  "el campo «%s» contiene el carácter de control U+%04X en la posición %d",
	"problem.text.too_long": "el campo «%s» tiene %d caracteres, más de los %d permitidos",
	"problem.text.url":      "el campo «%s» debe contener una dirección http:// o https://, no %q",

	"problem.field.title":                "título",
	"problem.field.summary":              "resumen",
	"problem.field.description":          "descripción",
	"problem.field.results":              "resultados",
	"problem.field.lessons":              "lecciones aprendidas",
	"problem.field.language":             "idioma",
	"problem.field.evidence_level":       "nivel de evidencia",
	"problem.field.themes":               "temas",
	"problem.field.gcm_objectives":       "objetivos del Pacto Mundial sobre Migración",
	"problem.field.guiding_principles":   "principios rectores",
	"problem.field.target_groups":        "grupos destinatarios",
	"problem.field.stages":               "etapas de la migración",
	"problem.field.instruments":          "instrumentos",
	"problem.field.sdg_targets":          "metas de los Objetivos de Desarrollo Sostenible",
	"problem.field.status":               "estado",
	"problem.field.organisation.name":    "nombre de la organización %d",
	"problem.field.organisation.acronym": "sigla de la organización %d",
	"problem.field.organisation.type":    "tipo de la organización %s",
	"problem.field.source.title":         "título de la fuente %d",
	"problem.field.source.publisher":     "editor de la fuente %d",
	"problem.field.source.url":           "dirección (URL) de la fuente %d",
	"problem.field.evaluation.title":     "título de la evaluación %d",
	"problem.field.evaluation.publisher": "editor de la evaluación %d",
	"problem.field.evaluation.url":       "dirección (URL) de la evaluación %d",
	"problem.field.contact.name":         "nombre de la persona de contacto",
	"problem.field.contact.organisation": "organización de la persona de contacto",
	"problem.field.contact.url":          "dirección web de contacto",

	"problem.practice.title.required":       "el título es obligatorio",
	"problem.practice.summary.required":     "el resumen es obligatorio",
	"problem.practice.slug.invalid":         "el nombre en la dirección (slug) %q solo puede contener letras minúsculas, cifras y guiones simples",
	"problem.practice.slug.reserved":        "el nombre en la dirección (slug) %q está reservado: /practices/%s es otra página",
	"problem.practice.countries.required":   "se requiere al menos un país, salvo que la práctica sea de alcance mundial",
	"problem.practice.country.unknown":      "país desconocido: %q",
	"problem.practice.country.role":         "país %s: función desconocida %q",
	"problem.practice.country.twice":        "el país %s figura dos veces con la función %s",
	"problem.practice.corridor.invalid":     "el corredor %s-%s debe unir dos países conocidos y distintos",
	"problem.practice.term.unknown":         "%s: valor desconocido %q",
	"problem.practice.organisation.name":    "una organización no tiene nombre",
	"problem.practice.organisation.role":    "organización %s: función desconocida %q",
	"problem.practice.organisation.country": "organización %s: país desconocido %q",
	"problem.practice.start_year.range":     "el año de inicio %d está fuera del intervalo admitido",
	"problem.practice.end_year.before":      "el año de finalización (%d) es anterior al año de inicio (%d)",
	"problem.practice.sources.required":     "se requiere al menos una fuente",
	"problem.practice.source.title":         "la fuente %d no tiene título",
	"problem.practice.evaluations.too_many": "evaluaciones: se indican %d, más de las %d permitidas",
	"problem.practice.evaluation.title":     "la evaluación %d no tiene título",
	"problem.practice.evaluation.year":      "evaluación %d: el año %d está fuera del intervalo admitido",
	"problem.practice.facts_checked.format": "la fecha de verificación de los hechos %q no es una fecha con el formato AAAA-MM-DD",
	"problem.practice.facts_checked.early":  "la fecha de verificación de los hechos %s es anterior a 1990",
	"problem.practice.facts_checked.future": "la fecha de verificación de los hechos %s es una fecha futura",
	"problem.practice.contact.email":        "el correo electrónico de contacto %q no es una dirección de correo electrónico válida (nombre@example.org)",
	"problem.practice.language":             "el idioma %q no es una etiqueta de idioma BCP 47 (en, fr, es, pt-BR...)",
	"problem.field.translation.title":       "traducción %s: título",
	"problem.field.translation.summary":     "traducción %s: resumen",
	"problem.field.translation.source":      "traducción %s: dirección de la fuente",
	"problem.practice.translation.language": "el idioma de traducción %q no es una etiqueta de idioma BCP 47 (fr, es, pt-BR...)",
	"problem.practice.translation.original": "traducción %s: el idioma original de la práctica es %s; una traducción está en otro idioma",
	"problem.practice.translation.twice":    "la traducción %s figura dos veces",
	"problem.practice.translation.title":    "traducción %s: el título es obligatorio",
	"problem.practice.review_status":        "el estado de revisión %q no es uno de los siguientes: %s",

	"problem.sources.required":                           "Indique al menos una fuente: ninguna información de LMO carece de fuente.",
	"problem.source.invalid":                             "Cada fuente debe tener un título y una dirección http(s).",
	"problem.facts_checked.day":                          "Indique el día en que se verificaron los hechos con el formato AAAA-MM-DD.",
	"problem.country.unknown":                            "País %s: código ISO 3166-1 alfa-2 desconocido.",
	"problem.website.invalid":                            "El sitio web debe ser una dirección http(s).",
	"problem.agreement.slug.invalid":                     "El nombre en la dirección (slug) solo puede contener letras minúsculas, cifras y guiones, por ejemplo ph-es-social-security-1988.",
	"problem.agreement.slug.reserved":                    "El nombre en la dirección (slug) %s está reservado: /agreements/%s es otra página.",
	"problem.agreement.title.required":                   "Indique el título del acuerdo.",
	"problem.agreement.type.invalid":                     "El tipo debe ser uno de los siguientes: %s.",
	"problem.agreement.parties.too_few":                  "Un acuerdo debe tener al menos dos partes.",
	"problem.agreement.parties.bilateral":                "Un acuerdo bilateral tiene dos partes; para un acuerdo con más partes, indique la organización regional.",
	"problem.agreement.party.unknown":                    "Parte %s: código de país ISO 3166-1 alfa-2 desconocido.",
	"problem.agreement.branch.unknown":                   "Rama de la seguridad social desconocida: %s. Indique una de las siguientes: %s.",
	"problem.agreement.truth.invalid":                    "Indique yes (sí), no (no) o unknown (desconocido).",
	"problem.agreement.in_force.before_signed":           "El acuerdo no puede entrar en vigor antes de su firma.",
	"problem.agreement.ended.before_in_force":            "El acuerdo no puede terminar antes de su entrada en vigor.",
	"problem.organisation.slug.invalid":                  "El nombre en la dirección (slug) solo puede contener letras minúsculas, cifras y guiones, por ejemplo ilo.",
	"problem.organisation.name.required":                 "Indique el nombre de la organización.",
	"problem.organisation.type.unknown":                  "Tipo de organización desconocido: %q.",
	"problem.organisation.membership.unknown":            "Adhesión a %q: no existe esa otra organización.",
	"problem.organisation.membership.left_before_joined": "La fecha de retiro no puede ser anterior a la de adhesión.",
	"problem.project.slug.invalid":                       "El nombre en la dirección (slug) solo puede contener letras minúsculas, cifras y guiones, por ejemplo gap-mdw.",
	"problem.project.slug.reserved":                      "El nombre en la dirección (slug) new está reservado: /projects/new es el formulario para proponer un proyecto.",
	"problem.project.title.required":                     "Indique el título del proyecto.",
	"problem.project.countries.required":                 "Indique los países en los que se ejecuta el proyecto, o señale que es de alcance mundial.",
	"problem.project.organisation.unknown":               "Ninguna organización tiene el nombre en la dirección (slug) %q.",
	"problem.project.implementers.required":              "Indique al menos un organismo de ejecución.",
	"problem.project.end.before_start":                   "El proyecto no puede terminar antes de haber comenzado.",
	"problem.project.budget.invalid":                     "Un presupuesto consta de un importe positivo y un código de moneda ISO 4217, por ejemplo USD.",
	"problem.project.theme.unknown":                      "Tema desconocido: %q.",
	"problem.project.practice.unknown":                   "Ninguna práctica tiene el nombre en la dirección (slug) %q.",
	"problem.project.instrument.unknown":                 "Ningún instrumento tiene el código %q.",
}

func init() {
	maps.Copy(messages["en"], problemMessagesEN)
	maps.Copy(messages["fr"], problemMessagesFR)
	maps.Copy(messages["es"], problemMessagesES)
}

// problemMessage returns the message of a validation problem in lang: its
// key's text in lang's catalog (English where lang has none), with the field
// names inside it (lmo.Phrase) in lang too; the problem's own Message for a
// problem without a key or with a key that no catalog has. Forms make the
// result a sentence (sentence) as they do Message.
func problemMessage(lang string, p lmo.FieldProblem) string {
	if msg, ok := localMessage(lang, p.Key, p.Args); ok {
		return msg
	}
	return p.Message
}

// localMessage returns the text of key in lang formatted with args, each
// Phrase among them in lang first, and false when no catalog has key.
func localMessage(lang, key string, args []any) (string, bool) {
	if _, ok := messages["en"][key]; key == "" || !ok {
		return "", false
	}
	local := make([]any, len(args))
	for i, a := range args {
		local[i] = a
		if ph, ok := a.(lmo.Phrase); ok {
			if msg, ok := localMessage(lang, ph.Key, ph.Args); ok {
				local[i] = msg
			} else {
				local[i] = ph.String()
			}
		}
	}
	return translate(lang, key, local...), true
}
