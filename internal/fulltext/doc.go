// Package fulltext is an in-memory inverted index of a list's records with
// FTS5's BM25 ranking, for the full-text part of a search: the set of the
// records a query matches (to count them and combine them with the facet
// bitsets of package searchindex) and the best k of a subset of them,
// found without scoring every match. It is the same on both backends, so
// both rank alike.
//
// # In the store
//
// Every practice search uses it (internal/sqlstore/practice_search.go): a
// node builds an Index of the published practices' six fields
// (sqlstore.PracticeTextSQL, the same SQL on SQLite and PostgreSQL) from the
// snapshot it builds its searchindex.Index from, in the same order, so that
// slot i is the facet index's position i and their Sets combine directly.
// A search evaluates the words (Query), intersects the matches with the
// facet filters, and for relevance asks Matches.Top for the best
// offset+limit within the filtered set. After a write the node reads the
// changed practices from the change log and calls Update (the facet index
// does the same with searchindex.Index.Update, giving the same new
// positions); when NeedsCompact it runs Compact in the background.
//
// # Tokens
//
// Text is folded (lower case, accents removed: NFD, drop Mn, NFC, as lmo's
// snippets and FTS5's unicode61 remove_diacritics do) and split on anything
// not a letter, digit or nonspacing mark: "Perú" is "peru", "e-mail" is the
// phrase "e mail".
//
// # Layout
//
// Each record has a slot, its position in the Sets (searchindex.Set, a
// bitset). A segment holds a sorted vocabulary and, per word, its postings
// in slot order: slots (int32), weighted term frequency (float32: the sum
// over fields of field weight × occurrences) and positions (field<<24 |
// offset, uvarint gaps). Besides the words, a segment indexes:
//
//   - pairs of adjacent common words (in 1/8 of the records or more at
//     Build): a phrase of two common words is the pair's postings, a longer
//     one is covered by pairs, so "of the" reads one short list instead of
//     the positions of 70,000 records;
//   - the merged postings of heavy prefixes (up to 3 runes, with 2^18
//     postings or more), so that w* does not merge thousands of lists;
//   - for each word with 2,048 postings or more, an upper bound of its BM25
//     term-frequency part per range of 128 slots.
//
// # Ranking
//
// The score is FTS5's bm25() with column weights, exactly: for each
// positive query term (word, prefix or phrase, including every OR
// alternative), idf × f × (k1+1) / (f + k1 × (1 − b + b × |D| / avgdl)),
// k1 1.2, b 0.75, with f the weighted frequency in the record, |D| its
// number of tokens over all fields and idf log((N − n + 0.5)/(n + 0.5)),
// at least 1e-6. That is what SQLite ranks by today (bm25(10, 5, 1, 3, 3,
// 2)): keeping it keeps the SQLite order and gives PostgreSQL the same.
// It is BM25F-like (weighted frequencies, one saturation, one length
// normalisation over all fields) rather than a weighted sum of per-field
// BM25s, which would let a word repeated in six fields saturate six times.
// Ties go to the lower id, as FTS5 listed them, so the order is total.
//
// # Top k
//
// Matches.Top bounds each slot range's best score by the sum over query
// terms of idf × the range's largest term-frequency part, visits the ranges
// best bound first and stops at the first whose bound is below the k-th
// score found. Bounds computed at Build stay valid after writes, scaled by
// max(1, avgdl/avgdl at build). The synthetic benchmarks score 5-45 % of
// the matches for k=20 (one common word: a few %); scores are exact and
// the result equals a brute force over all matches (TestAgainstBruteForce,
// FuzzQuery).
//
// # Writes
//
// An Index is immutable and safe for concurrent readers. Add, Remove,
// Replace and Update (a batch of removals and additions) return a new Index: the written records go to a small delta
// segment copied on write term by term, removed slots are cleared from the
// live set, and the base is shared. Replace gives the record a new slot.
// When NeedsCompact, a store runs Compact in the background (about a
// second at 100,000 records) and swaps the result in; it keeps the slots.
//
// # Benchmarks
//
// On 100,000 synthetic practices (fixed seed, six fields weighted 10, 5,
// 3, 3, 2, 1, Zipf words whose head is the real corpus's common words):
//
//	go test ./internal/fulltext -run XXX -bench Build100k -benchtime 1x
//	go test ./internal/fulltext -run XXX -bench 'Search100k|Update100k' -benchtime 200x
//	go test ./internal/fulltext -run XXX -bench Compact100k -benchtime 3x
//	go test ./internal/fulltext -run XXX -bench EachQuery100k -benchtime 1x -v
//
// Search100k reports p50 and p99 per kind of query (each evaluated from
// scratch, total counted, top 20 ranked) and, as "/exhaustive", the same
// with every match scored; Update100k the cost of one Replace and of the
// first search after it.
package fulltext
