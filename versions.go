package lmo

// DataVersions are the counters that every write moves, one per kind of
// data a page or an answer may show. Read together in one statement, they
// name the state of the whole observatory: equal versions mean equal data,
// so a response derived from them (with the rest of its request) may be
// validated and cached by them, on any node.
type DataVersions struct {
	Practices  int64 // practices, their revisions and derived indexes
	Reference  int64 // countries, regions and vocabularies
	Standards  int64 // instruments and ratification events
	Statistics int64 // datasets, indicators, aggregates and observations
	Agreements int64 // agreements
	Projects   int64 // projects and organisations
}
