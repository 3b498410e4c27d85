// Package ingest reads the files that publishers send: one file per format,
// each a reader that streams its records as an iter.Seq2[T, error], one
// record decoded at a time, so that memory does not grow with the file and a
// store can write millions of records inside one transaction.
//
// Readers never assume fixed positions: a layout is read from the file's own
// headers (column names, keys, sheet titles). Every error a reader yields for
// bad input is an *Error that names the place in the file (the item, line and
// column, or the sheet and cell), and after an error the sequence stops.
//
// Readers check the shape of a file, not its meaning: whether a record uses
// known vocabularies and countries is the store's to decide.
package ingest

import (
	"fmt"

	"github.com/lmo-observatory/lmo"
)

// Error is a fault in a publisher's file at a place a person can find. It
// unwraps to an *lmo.Error with code lmo.EINVALID carrying the same message,
// so that callers classify it by code, and to Err.
type Error struct {
	Where string // "item 3 (line 40, column 5)", "line 12, column 5", "sheet Data, cell B7"
	Err   error  // what is wrong there
}

// Error returns the place and the fault, as "item 3 (line 40, column 5):
// null is not a practice".
func (e *Error) Error() string {
	if e.Where == "" {
		return e.Err.Error()
	}
	return e.Where + ": " + e.Err.Error()
}

// Unwrap returns an EINVALID *lmo.Error with e's message, and e.Err.
func (e *Error) Unwrap() []error {
	return []error{&lmo.Error{Code: lmo.EINVALID, Message: e.Error()}, e.Err}
}

// errorf returns an *Error at where with a formatted fault; %w wraps.
func errorf(where, format string, args ...any) *Error {
	return &Error{Where: where, Err: fmt.Errorf(format, args...)}
}
