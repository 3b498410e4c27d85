package lmo

import "context"

// Country is an ISO 3166-1 country or territory with its UN M49 and ILO
// regions. NameEN is the English name people read: the UN's short name
// where the UN has one (see starter/COUNTRIES.md), with NameSource saying
// where it comes from; NameISO and NameOfficial keep ISO 3166-1's short
// name (often inverted: "Tanzania, United Republic of") and the formal name.
type Country struct {
	Code            string `json:"code"` // ISO 3166-1 alpha-2
	Alpha3          string `json:"alpha3"`
	Numeric         string `json:"numeric"` // ISO 3166-1 numeric, also the M49 code
	NameEN          string `json:"name"`
	NameSource      string `json:"name_source,omitempty"`
	NameISO         string `json:"name_iso,omitempty"`
	NameOfficial    string `json:"name_official,omitempty"`
	NameFR          string `json:"name_fr,omitempty"`
	NameES          string `json:"name_es,omitempty"`
	M49Region       string `json:"m49_region,omitempty"`
	M49Subregion    string `json:"m49_subregion,omitempty"`
	M49Intermediate string `json:"m49_intermediate,omitempty"`
	ILORegion       string `json:"ilo_region,omitempty"`
}

// Name returns the country's name in lang ("en", "fr" or "es"), falling back
// to English when there is no translation.
func (c *Country) Name(lang string) string {
	switch {
	case lang == "fr" && c.NameFR != "":
		return c.NameFR
	case lang == "es" && c.NameES != "":
		return c.NameES
	}
	return c.NameEN
}

// Region kinds.
const (
	RegionM49World        = "m49-world"
	RegionM49             = "m49-region"
	RegionM49Subregion    = "m49-subregion"
	RegionM49Intermediate = "m49-intermediate"
	RegionILO             = "ilo"
)

// Region is a UN M49 region, sub-region or intermediate region, or one of
// the five ILO regions, with the published source of the grouping: its
// title, address and the date (YYYY-MM-DD) someone last checked it there,
// empty when not recorded.
type Region struct {
	Code          string `json:"code"`
	Kind          string `json:"kind"`
	Name          string `json:"name"`
	Parent        string `json:"parent,omitempty"`
	Source        string `json:"source,omitempty"`
	SourceURL     string `json:"source_url,omitempty"`
	SourceChecked string `json:"source_checked,omitempty"`
	// Translations are the region's names in other languages, keyed by
	// language ("fr", "es"), each official with its source or LMO's own.
	Translations map[string]Translation `json:"translations,omitempty"`
}

// NameIn returns the region's name in lang, falling back to English.
func (r *Region) NameIn(lang string) string {
	if t, ok := r.Translations[lang]; ok && t.Label != "" {
		return t.Label
	}
	return r.Name
}

// CountryService reads and writes the reference data on countries and
// regions.
type CountryService interface {
	// FindCountries returns every country, ordered by English name.
	FindCountries(ctx context.Context) ([]*Country, error)
	// FindCountryByCode returns one country by alpha-2 code (any case), or
	// ENOTFOUND.
	FindCountryByCode(ctx context.Context, code string) (*Country, error)
	// FindRegions returns every region: ILO regions first, then M49 from the
	// world down to intermediate regions, each level by code.
	FindRegions(ctx context.Context) ([]*Region, error)
	// ReplaceReferenceData replaces all regions and countries in one
	// transaction, keeping rows that others refer to. Admin only.
	ReplaceReferenceData(ctx context.Context, regions []*Region, countries []*Country) error
}
