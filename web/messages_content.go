package web

import "maps"

// contentMessages are the messages about the language of practices' texts
// (practice_lang.go), in each interface language: what a page says when it
// shows a text in another language than its own, and the form's fieldset
// of the texts in other languages.
var contentMessages = map[string]map[string]string{
	"en": {
		"content.original":           "Shown in its original language: %s.",
		"content.original.summary":   "The summary is shown in its original language: %s.",
		"content.original.body":      "The description, results and lessons are in the practice's original language: %s.",
		"content.translation.source": "Translation taken from",
		"content.form.legend":        "Title and summary in other languages",
		"content.form.hint":          "The practice's title and summary in another language than its original one, if you have them: one language per group, its code (fr, es, pt-BR...), the title (required), the summary, and where the text was taken from, if someone else published it. Empty every box of a group to remove that language.",
		"content.form.row":           "Other language %d",
		"content.form.add":           "Add another language",
		"content.form.lang":          "Language code",
		"content.form.title":         "Title",
		"content.form.summary":       "Summary",
		"content.form.source":        "Taken from (web address)",
	},
	"fr": {
		"content.original":           "Affiché dans sa langue d'origine : %s.",
		"content.original.summary":   "Le résumé est affiché dans sa langue d'origine : %s.",
		"content.original.body":      "La description, les résultats et les enseignements sont dans la langue d'origine de la pratique : %s.",
		"content.translation.source": "Traduction reprise de",
		"content.form.legend":        "Titre et résumé dans d'autres langues",
		"content.form.hint":          "Le titre et le résumé de la pratique dans une autre langue que sa langue d'origine, si vous les avez : une langue par groupe, son code (fr, es, pt-BR...), le titre (obligatoire), le résumé, et d'où le texte est repris, si quelqu'un d'autre l'a publié. Videz toutes les cases d'un groupe pour retirer cette langue.",
		"content.form.row":           "Autre langue %d",
		"content.form.add":           "Ajouter une autre langue",
		"content.form.lang":          "Code de la langue",
		"content.form.title":         "Titre",
		"content.form.summary":       "Résumé",
		"content.form.source":        "Repris de (adresse web)",
	},
	"es": {
		"content.original":           "Se muestra en su idioma original: %s.",
		"content.original.summary":   "El resumen se muestra en su idioma original: %s.",
		"content.original.body":      "La descripción, los resultados y las lecciones están en el idioma original de la práctica: %s.",
		"content.translation.source": "Traducción tomada de",
		"content.form.legend":        "Título y resumen en otros idiomas",
		"content.form.hint":          "El título y el resumen de la práctica en otro idioma que el original, si los tiene: un idioma por grupo, su código (fr, es, pt-BR...), el título (obligatorio), el resumen y de dónde se tomó el texto, si otra persona lo publicó. Vacíe todas las casillas de un grupo para quitar ese idioma.",
		"content.form.row":           "Otro idioma %d",
		"content.form.add":           "Añadir otro idioma",
		"content.form.lang":          "Código del idioma",
		"content.form.title":         "Título",
		"content.form.summary":       "Resumen",
		"content.form.source":        "Tomado de (dirección web)",
	},
}

func init() {
	for _, lang := range languages {
		if messages[lang] == nil {
			messages[lang] = map[string]string{}
		}
		maps.Copy(messages[lang], contentMessages[lang])
	}
}
