package searchindex

import "slices"

// Shared returns the values of the named facets that records id and other
// both have, by facet, each facet's values in code order: what the two
// share, from the postings, without reading either record.
func (ix *Index) Shared(id, other int64, facets []string) map[string][]string {
	a, okA := ix.Position(id)
	b, okB := ix.Position(other)
	out := map[string][]string{}
	if !okA || !okB {
		return out
	}
	for _, name := range facets {
		var values []string
		for value, p := range ix.postings[name] {
			if p.Has(a) && p.Has(b) {
				values = append(values, value)
			}
		}
		if len(values) > 0 {
			slices.Sort(values)
			out[name] = values
		}
	}
	return out
}
