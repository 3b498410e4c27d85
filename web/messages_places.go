package web

import "maps"

// placesMessages are the catalog's messages of the country, corridor and
// region pages (places*.go), kept in a file of their own.
var placesMessages = map[string]string{
	"place.fig.h":                 "Key figures",
	"place.fig.stock":             "Migrant stock",
	"place.fig.share":             "%s of the population",
	"place.fig.received":          "Remittances received",
	"place.fig.sent":              "Remittances sent",
	"place.fig.cost":              "Cost of sending 200 US$",
	"place.fig.cost.detail":       "lowest and highest of %d corridors, latest quarter of each",
	"place.fig.none":              "LMO holds no statistics on %s.",
	"place.fig.source":            "Source:",
	"place.corridors.h":           "Largest corridors",
	"place.corridors.origins":     "Where migrants in %s come from",
	"place.corridors.dests":       "Where migrants from %s live",
	"place.corridors.none":        "LMO holds no data on this country's migration corridors.",
	"place.corridors.female":      "Female migrants (UN DESA 2019).",
	"place.corridors.stock.note":  "Ranked by migrant stock in the latest year; LMO's starter data hold each destination's %d largest corridors only, so a country's list of destinations may miss some: import the full table (lmo import undesa-origin) for all.",
	"place.corridors.cost.note":   "LMO holds no migrant stock by origin and destination for this country: these are the corridors on which it holds remittance costs, by name.",
	"place.corridors.col.country": "Country",
	"place.corridors.col.value":   "Value",
	"place.corridors.col.period":  "Year",
	"place.regions.h":             "Regions",
	"place.cite.h":                "Cite this page",
	"place.cite":                  "%s. %s. %s (retrieved %s).",
	"place.cite.data":             "The data's own citations:",
	"place.cite.country":          "Country profile: %s",
	"place.cite.corridor":         "Corridor: %s to %s",
	"place.cite.region":           "Region: %s",
	"place.data.h":                "Download",
	"place.data.zip":              "All of this country's data (ZIP of CSV files)",
	"place.data.api":              "This profile in the API (JSON)",
	"place.practices.none":        "No practice in LMO concerns %s.",
	"place.print":                 "Print",
}

func init() { maps.Copy(messages["en"], placesMessages) }
