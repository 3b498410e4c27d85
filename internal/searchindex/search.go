package searchindex

import "fmt"

// FullText is a store's part of a search: its full-text engine on the
// snapshot of the index.
type FullText struct {
	// Key is the query's words as the store's engine reads them, "" when
	// there are none; it keys the cache of recent searches' words.
	Key string
	// Match returns the records that match the words.
	Match func() (Set, error)
	// Rank returns the records that match the positive words, best first.
	Rank func() ([]int64, error)
}

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
// at this version) gives the matches and their rank, the index filters,
// orders, pages and counts.
func (ix *Index) Search(r Request, texts *TextCache) (*Result, error) {
	entry := texts.Get(ix.Version, r.Text.Key)
	if entry == nil && r.Text.Key != "" {
		set, err := r.Text.Match()
		if err != nil {
			return nil, fmt.Errorf("full text: %w", err)
		}
		entry = &TextEntry{Set: set}
		texts.Put(ix.Version, r.Text.Key, entry)
	}
	var text Set
	if entry != nil {
		text = entry.Set
	}
	filtered := ix.Filter(r.Filter, text, "")
	res := &Result{Total: filtered.Count()}
	if r.Ranked && entry != nil {
		if entry.Ranked == nil {
			ranked, err := r.Text.Rank()
			if err != nil {
				return nil, fmt.Errorf("rank: %w", err)
			}
			entry = &TextEntry{Set: entry.Set, Ranked: ranked} // entries are never changed once cached
			texts.Put(ix.Version, r.Text.Key, entry)
		}
		res.IDs = ix.PageOf(entry.Ranked, filtered, r.Offset, r.Limit)
	} else {
		res.IDs = ix.Page(filtered, r.Sort, r.Offset, r.Limit)
	}
	if !r.NoCounts {
		res.Counts = ix.Counts(r.Filter, text, filtered)
	}
	return res, nil
}
