package textdiff

import "strings"

// Kind says what an Op does to the text.
type Kind int8

// The kinds of Op.
const (
	// Equal is text both sides share.
	Equal Kind = iota
	// Insert is text only the new side has.
	Insert
	// Delete is text only the old side has.
	Delete
)

// String returns the kind's name, as used in tests and templates.
func (k Kind) String() string {
	switch k {
	case Equal:
		return "equal"
	case Insert:
		return "insert"
	case Delete:
		return "delete"
	}
	return "unknown"
}

// Op is one step of a diff: a piece of text kept, inserted or deleted.
type Op struct {
	Kind Kind
	Text string
}

// MaxEdits is the most token insertions plus deletions the diff searches
// for between the common prefix and suffix; beyond it the middle is
// reported as one Delete and one Insert (see the package comment).
const MaxEdits = 4000

// Words diffs a and b word by word. Concatenating the Equal and Delete
// texts of the result gives a, the Equal and Insert texts give b; no op
// has empty text and no two adjacent ops have the same kind. Equal texts
// give one Equal op (or none when both are empty).
func Words(a, b string) []Op {
	return wordsLimit(a, b, MaxEdits)
}

// wordsLimit is Words with the edit limit as a parameter, for tests.
func wordsLimit(a, b string, limit int) []Op {
	if a == b {
		if a == "" {
			return nil
		}
		return []Op{{Equal, a}}
	}
	ta, tb := tokenize(a), tokenize(b)
	ia, ib := intern(ta, tb)
	d := &differ{a: ia, b: ib, limit: limit}
	d.diff()
	return tidy(d.steps, ta, tb)
}

// intern maps equal tokens to equal small integers, so the diff compares
// integers instead of strings.
func intern(ta, tb []string) (ia, ib []int32) {
	ids := make(map[string]int32, len(ta))
	id := func(t string) int32 {
		n, ok := ids[t]
		if !ok {
			n = int32(len(ids))
			ids[t] = n
		}
		return n
	}
	ia = make([]int32, len(ta))
	for i, t := range ta {
		ia[i] = id(t)
	}
	ib = make([]int32, len(tb))
	for i, t := range tb {
		ib[i] = id(t)
	}
	return ia, ib
}

// tidy turns the differ's token steps into ops: each run of changes
// between two Equal ops becomes one Delete and one Insert, and an Equal
// run made of separators only, between two changes, joins them.
func tidy(steps []step, ta, tb []string) []Op {
	var ops []Op
	var del, ins strings.Builder
	flush := func() {
		if del.Len() > 0 {
			ops = append(ops, Op{Delete, del.String()})
		}
		if ins.Len() > 0 {
			ops = append(ops, Op{Insert, ins.String()})
		}
		del.Reset()
		ins.Reset()
	}
	for i, s := range steps {
		switch s.kind {
		case Delete:
			del.WriteString(strings.Join(ta[s.a:s.a+s.n], ""))
		case Insert:
			ins.WriteString(strings.Join(tb[s.b:s.b+s.n], ""))
		case Equal:
			text := strings.Join(ta[s.a:s.a+s.n], "")
			if (del.Len() > 0 || ins.Len() > 0) && i+1 < len(steps) && !hasWord(text) {
				del.WriteString(text)
				ins.WriteString(text)
				continue
			}
			flush()
			ops = append(ops, Op{Equal, text})
		}
	}
	flush()
	return ops
}
