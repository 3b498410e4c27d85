package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/lmo-observatory/lmo/internal/fulltext"
	"github.com/lmo-observatory/lmo/internal/searchindex"
)

// The change log (table practice_changes) says which practice ids each
// practices_version changed. A write that changes one practice logs it in
// the transaction that moves the version; a write that changes what every
// practice derives from (reference data, RebuildIndexes) logs nothing, and
// a version with no rows makes nodes rebuild.
const (
	// changeLogVersions is how many versions the log keeps: a node that
	// fell further behind rebuilds.
	changeLogVersions = 20000
	// maxIncremental is the most changed practices a node applies to its
	// indexes rather than rebuilding them.
	maxIncremental = 5000
)

// logPracticeChange records that the version tx has just moved to changed
// practice id, and forgets the versions older than the log keeps.
func logPracticeChange(ctx context.Context, tx *Tx, id int64) error {
	if _, err := tx.Exec(ctx, `INSERT INTO practice_changes (version, practice_id)
		SELECT version, ? FROM practices_version WHERE id = 1 ON CONFLICT DO NOTHING`, id); err != nil {
		return fmt.Errorf("log the change of practice %d: %w", id, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM practice_changes
		WHERE version <= (SELECT version FROM practices_version WHERE id = 1) - ?`, changeLogVersions); err != nil {
		return fmt.Errorf("trim the change log: %w", err)
	}
	return nil
}

// changedSince returns the ids of the practices changed after version from
// up to version to, in id order, or ok false when the log does not cover
// every version between or more than limit practices changed.
func changedSince(ctx context.Context, tx *Tx, from, to int64, limit int) (ids []int64, ok bool, err error) {
	versions := map[int64]bool{}
	seen := map[int64]bool{}
	rows := 0
	err = tx.Each(ctx, `SELECT version, practice_id FROM practice_changes WHERE version > ? AND version <= ? LIMIT ?`,
		[]any{from, to, limit + 1}, func(r *sql.Rows) error {
			var v, id int64
			if err := r.Scan(&v, &id); err != nil {
				return err
			}
			rows++
			versions[v] = true
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
			return nil
		})
	if err != nil {
		return nil, false, fmt.Errorf("read the change log: %w", err)
	}
	if rows > limit || int64(len(versions)) != to-from {
		return nil, false, nil
	}
	slices.Sort(ids)
	return ids, true, nil
}

// updateIndex derives the index of version from prev (an older version) by
// reading the practices changed between them: their texts, spans, sort keys
// and facet postings, applied with fulltext's Update and searchindex's
// Update. It returns nil (and no error) when the log does not reach back to
// prev, when more changed than is worth applying, or when too many
// positions of prev are empty: then the caller builds the index anew.
func (s *Practices) updateIndex(ctx context.Context, tx *Tx, prev *practiceIndex, version int64) (*practiceIndex, error) {
	n := prev.facets.Count()
	if prev.facets.Len()-n > max(4096, n/4) {
		return nil, nil // mostly holes: a build packs the positions
	}
	ids, ok, err := changedSince(ctx, tx, prev.version, version, min(maxIncremental, max(500, n/20)))
	if err != nil || !ok {
		return nil, err
	}
	pix, err := applyChanges(ctx, tx, prev, version, ids)
	if err != nil {
		return nil, err
	}
	if pix.text.NeedsCompact() {
		s.compactLater(pix)
	}
	return pix, nil
}

// applyChanges reads the practices ids as the snapshot has them and
// replaces them in both indexes of prev: each is removed, and added again
// at a new position when it is published.
func applyChanges(ctx context.Context, tx *Tx, prev *practiceIndex, version int64, ids []int64) (*practiceIndex, error) {
	pix := &practiceIndex{version: version, extended: new(atomic.Bool), root: prev.root}
	if len(ids) == 0 {
		pix.keys, pix.text = prev.keys, prev.text
		var err error
		pix.facets, err = prev.facets.Update(version, searchindex.Change{}, practiceOrders(prev.keys))
		return pix, err
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	docs, keys, texts, postings, err := readChanged(ctx, tx, args)
	if err != nil {
		return nil, err
	}
	if prev.extended.CompareAndSwap(false, true) {
		pix.keys = append(prev.keys, keys...) // in place: prev reads only its own length
	} else {
		pix.keys = append(slices.Clip(prev.keys), keys...)
	}
	if pix.facets, err = prev.facets.Update(version, searchindex.Change{Remove: ids, Add: docs, Postings: postings}, practiceOrders(pix.keys)); err != nil {
		return nil, err
	}
	if pix.text, err = prev.text.Update(ids, texts); err != nil {
		return nil, err
	}
	if pix.facets.Len() != pix.text.Len() {
		return nil, fmt.Errorf("the full-text index (%d slots) and the facet index (%d positions) disagree", pix.text.Len(), pix.facets.Len())
	}
	for _, d := range docs {
		a, _ := pix.facets.Position(d.ID)
		b, _ := pix.text.Slot(d.ID)
		if a != b {
			return nil, fmt.Errorf("practice %d: position %d in the facet index, slot %d in the full-text index", d.ID, a, b)
		}
	}
	return pix, nil
}

// changedSQL reads what the indexes keep of the published practices among
// a list: span, change time and sort keys (as readDocs), the six text
// fields (as readTexts) and the facet rows (facet, unit separator, value;
// record separator between), in one statement, so that the first search
// after a write waits for one round trip to the database, not three.
var changedSQL = textSQL(`, coalesce(p.start_year, 0), coalesce(p.end_year, 0), p.created_at, p.updated_at, p.facts_checked,
	coalesce((SELECT string_agg(f.facet || ? || f.value, ?) FROM practice_facets f WHERE f.practice_id = p.id), '')`)

// readChanged reads the published practices of ids (as arguments).
func readChanged(ctx context.Context, tx *Tx, ids []any) (docs []searchindex.Doc, keys []practiceKeys, texts []fulltext.Doc,
	postings []searchindex.Posting, err error) {
	const unit, record = "\x1f", "\x1e"
	query := changedSQL + "p.id IN (" + placeholders(len(ids)) + ") ORDER BY p.id"
	err = tx.Each(ctx, query, append([]any{unit, record}, ids...), func(rows *sql.Rows) error {
		var d searchindex.Doc
		var k practiceKeys
		t := fulltext.Doc{Fields: make([]string, len(TextWeights))}
		f := t.Fields
		var facets string
		if err := rows.Scan(&d.ID, &f[0], &f[1], &f[2], &d.From, &d.To, scanTime(&k.created), scanTime(&d.Changed), &k.checked,
			&facets, &f[3], &f[4], &f[5]); err != nil {
			return err
		}
		t.ID, k.id, k.from, k.title = d.ID, d.ID, d.From, asciiLower(f[0])
		docs, keys, texts = append(docs, d), append(keys, k), append(texts, t)
		for _, fv := range strings.Split(facets, record) {
			if facet, value, ok := strings.Cut(fv, unit); ok {
				postings = append(postings, searchindex.Posting{Facet: facet, Value: value, IDs: []int64{d.ID}})
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("read the changed practices: %w", err)
	}
	return docs, keys, texts, postings, nil
}

// compactLater compacts the full-text index of pix in the background and
// puts the result in the cache in its place, if pix is still the cached
// index by then; one compaction at a time.
func (s *Practices) compactLater(pix *practiceIndex) {
	if !s.compacting.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer s.compacting.Store(false)
		c := &practiceIndex{version: pix.version, facets: pix.facets, text: pix.text.Compact(), keys: pix.keys, extended: pix.extended, root: pix.root}
		s.index.Swap(pix, c)
	}()
}

// IndexUpdates returns how many times this node built its search index from
// scratch and how many times it updated it from the change log.
func (s *Practices) IndexUpdates() (builds, incremental int) {
	return int(s.builds.Load()), int(s.updates.Load())
}
