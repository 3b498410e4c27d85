package fulltext

import (
	"database/sql"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/lmo-observatory/lmo"
	_ "modernc.org/sqlite"
)

// TestSameScoresAsFTS5 indexes a random corpus in SQLite's FTS5, as the
// SQLite store does (unicode61 remove_diacritics 2, bm25 with column
// weights), and checks that every random query matches the same records
// with the same scores here.
func TestSameScoresAsFTS5(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE VIRTUAL TABLE t USING fts5(f0, f1, f2, tokenize = 'unicode61 remove_diacritics 2')`); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(5, 6))
	z := rand.NewZipf(r, 1.1, 2, uint64(len(words)-1))
	var docs []Doc
	for id := int64(1); id <= 400; id++ {
		d := randomDoc(r, z, id)
		docs = append(docs, d)
		if _, err := db.Exec(`INSERT INTO t (rowid, f0, f1, f2) VALUES (?, ?, ?, ?)`, d.ID, d.Fields[0], d.Fields[1], d.Fields[2]); err != nil {
			t.Fatal(err)
		}
	}
	ix, err := Build(docs, []float64{10, 5, 1})
	if err != nil {
		t.Fatal(err)
	}
	for range 200 {
		s := randomQuery(r, z)
		q, _ := lmo.ParseQuery(s)
		q.Excluded = nil // the store subtracts them with a second MATCH
		if len(q.Clauses) == 0 {
			continue
		}
		want := fts5Scores(t, db, q)
		hits, total := ix.Search(q, len(docs), nil)
		if total != len(want) {
			t.Fatalf("%q: %d matches, FTS5 %d", s, total, len(want))
		}
		for _, h := range hits {
			w, ok := want[h.ID]
			if !ok || math.Abs(h.Score-w) > 1e-9*math.Abs(w) {
				t.Fatalf("%q: record %d scores %v, FTS5 %v (%v)", s, h.ID, h.Score, w, ok)
			}
		}
	}
}

// fts5Scores runs q in FTS5 and returns the records' BM25 scores.
func fts5Scores(t *testing.T, db *sql.DB, q lmo.Query) map[int64]float64 {
	clauses, _ := q.Render(func(t lmo.QueryTerm) string {
		s := `"` + strings.Join(t.Tokens, " ") + `"`
		if t.Prefix {
			s += "*"
		}
		return s
	}, " OR ")
	for i, c := range clauses {
		clauses[i] = "(" + c + ")"
	}
	rows, err := db.Query(`SELECT rowid, bm25(t, 10.0, 5.0, 1.0) FROM t WHERE t MATCH ?`, strings.Join(clauses, " AND "))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]float64{}
	for rows.Next() {
		var id int64
		var score float64
		if err := rows.Scan(&id, &score); err != nil {
			t.Fatal(err)
		}
		out[id] = -score
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
