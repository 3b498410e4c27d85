// Package textdiff compares two texts word by word, for showing what a
// revision changed.
//
// # Tokens
//
// A text is split into words (maximal runs of letters, digits and marks)
// and the runs of everything else between them (spaces, punctuation,
// invalid UTF-8 bytes), so every byte belongs to exactly one token and the
// tokens concatenate back to the text.
//
// # Result
//
// Words returns a list of Ops such that concatenating the texts of the
// Equal and Delete ops gives a, and of the Equal and Insert ops gives b,
// byte for byte. Between two Equal ops there is at most one Delete followed
// by at most one Insert; an Equal run of separators alone (a space between
// two changed words) is folded into the change around it, so a rewritten
// phrase reads as one deletion and one insertion instead of alternating
// single words.
//
// # Algorithm and limit
//
// The common prefix and suffix are matched first; the middle is diffed by
// Myers' O(ND) algorithm in its linear-space form (the "middle snake"
// divide and conquer of Myers 1986, section 4b): memory O(N+M) in the
// number of tokens and time O((N+M)·D) for D edits. To keep the time
// bounded on large, very different texts, the search gives up once the
// middle part needs more than MaxEdits token insertions and deletions, and
// the middle is then reported as one Delete of all of it followed by one
// Insert (the common prefix and suffix stay Equal). Two 100 KB texts that
// share nothing thus cost O((N+M)·MaxEdits) time and O(N+M) memory, never
// quadratic.
package textdiff
