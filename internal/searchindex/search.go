package searchindex

import (
	"fmt"

	"github.com/lmo-observatory/lmo"
)

// FullText is a store's part of a search: its full-text engine and the
// loading of whole practices, all on the snapshot of the index.
type FullText struct {
	// Key is the query's words as the store's engine reads them, "" when
	// there are none; it keys the cache of recent searches' words.
	Key string
	// Match returns the practices that match the words.
	Match func() (Set, error)
	// Rank returns the practices that match the positive words, best first.
	Rank func() ([]int64, error)
	// Load returns whole practices in the order of ids.
	Load func(ids []int64) ([]*lmo.Practice, error)
}

// Search runs a checked filter f with its parsed query q: the full text
// (from texts when the same words were searched at this version) gives the
// matches and their rank, the index filters, orders, pages and counts.
func (ix *Index) Search(f lmo.PracticeFilter, q lmo.Query, texts *TextCache, ft FullText) (*lmo.PracticeResults, error) {
	entry := texts.Get(ix.Version, ft.Key)
	if entry == nil && ft.Key != "" {
		set, err := ft.Match()
		if err != nil {
			return nil, fmt.Errorf("full text: %w", err)
		}
		entry = &TextEntry{Set: set}
		texts.Put(ix.Version, ft.Key, entry)
	}
	var text Set
	if entry != nil {
		text = entry.Set
	}
	filtered := ix.Filter(f, text, "")
	var ids []int64
	if len(q.Clauses) > 0 && f.Sort == lmo.SortRelevance {
		if entry.Ranked == nil {
			ranked, err := ft.Rank()
			if err != nil {
				return nil, fmt.Errorf("rank: %w", err)
			}
			entry = &TextEntry{Set: entry.Set, Ranked: ranked} // entries are never changed once cached
			texts.Put(ix.Version, ft.Key, entry)
		}
		ids = ix.PageOf(entry.Ranked, filtered, f.Offset, f.Limit)
	} else {
		ids = ix.Page(filtered, f.Sort, f.Offset, f.Limit)
	}
	ps, err := ft.Load(ids)
	if err != nil {
		return nil, fmt.Errorf("hits: %w", err)
	}
	res := &lmo.PracticeResults{Total: filtered.Count(), Hits: []*lmo.PracticeHit{}}
	for _, p := range ps {
		res.Hits = append(res.Hits, &lmo.PracticeHit{Practice: p, Snippet: q.HitSnippet(p)})
	}
	if !f.NoFacets {
		res.Facets = ix.Counts(f, text, filtered)
	}
	return res, nil
}
