package searchindex

import "fmt"

// FullText is a store's part of a search: its full-text index on the
// snapshot of the index, numbering records as the Index does.
type FullText struct {
	// Key is the query's words in a canonical form, "" when there are
	// none; it keys the cache of recent searches' words.
	Key string
	// Match returns the records that match the words, and what ranks them.
	Match func() (Set, Ranker, error)
}

// Ranker returns the best k records of within (a subset of the matches,
// such as the matches filtered by facets) by relevance, best first. It
// must be safe for concurrent use: a TextCache shares it.
type Ranker func(k int, within Set) []int64

// Request is one search of an index.
type Request struct {
	Filter Filter
	Text   FullText
	// Ranked orders by the full text's rank; otherwise by the order named
	// Sort.
	Ranked        bool
	Sort          string
	Offset, Limit int
	NoCounts      bool // skip the facet counts
}

// Result is one page of a search: the ids in order, the total and the facet
// counts (nil when not asked for).
type Result struct {
	IDs    []int64
	Total  int
	Counts map[string][]Count
}

// Search runs r: the full text (from texts when the same words were searched
// at this version) gives the matches and their ranker, the index filters,
// orders, pages and counts. Ranked by relevance, the page is the best
// Offset+Limit of the filtered matches, skipping Offset: never a ranking
// of every match.
func (ix *Index) Search(r Request, texts *TextCache) (*Result, error) {
	entry := texts.Get(ix.Version, r.Text.Key)
	if entry == nil && r.Text.Key != "" {
		set, rank, err := r.Text.Match()
		if err != nil {
			return nil, fmt.Errorf("full text: %w", err)
		}
		entry = &TextEntry{Set: set, Rank: rank}
		texts.Put(ix.Version, r.Text.Key, entry)
	}
	var text Set
	if entry != nil {
		text = entry.Set
	}
	filtered := ix.Filter(r.Filter, text, "")
	res := &Result{Total: filtered.Count()}
	if r.Ranked && entry != nil && entry.Rank != nil {
		ids := entry.Rank(r.Offset+r.Limit, filtered)
		res.IDs = ids[min(r.Offset, len(ids)):]
	} else {
		res.IDs = ix.Page(filtered, r.Sort, r.Offset, r.Limit)
	}
	if !r.NoCounts {
		res.Counts = ix.Counts(r.Filter, text, filtered)
	}
	return res, nil
}
