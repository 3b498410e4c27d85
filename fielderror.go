package lmo

import (
	"errors"
	"strings"
)

// FieldProblem is one problem that validation found, with the field it
// concerns: the record's JSON name ("title", "sources"), or a row of a list
// as name.index, counted from 0 ("sources.1", "countries.0"). Forms use it to
// show each message beside its field.
type FieldProblem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// FieldErrors is the EINVALID error of a validation that names the field of
// each problem. Its message (through Unwrap, for ErrorCode and
// ErrorMessage) joins every problem, as before fields were named.
type FieldErrors struct {
	Err      *Error
	Problems []FieldProblem
}

// newFieldErrors returns the FieldErrors of problems, its message prefixed by
// what was validated.
func newFieldErrors(what string, problems []FieldProblem) *FieldErrors {
	msgs := make([]string, len(problems))
	for i, p := range problems {
		msgs[i] = p.Message
	}
	return &FieldErrors{Err: Errorf(EINVALID, "%s: %s.", what, strings.Join(msgs, "; ")), Problems: problems}
}

// Error implements the error interface.
func (e *FieldErrors) Error() string { return e.Err.Error() }

// Unwrap returns the EINVALID *Error.
func (e *FieldErrors) Unwrap() error { return e.Err }

// FieldProblems returns the problems of the first FieldErrors in err's
// chain, or nil.
func FieldProblems(err error) []FieldProblem {
	var fe *FieldErrors
	if errors.As(err, &fe) {
		return fe.Problems
	}
	return nil
}

// fieldProblems collects the problems of one validation.
type fieldProblems struct {
	list []FieldProblem
}

// Add records a problem with field.
func (fp *fieldProblems) Add(field, message string) {
	fp.list = append(fp.list, FieldProblem{Field: field, Message: message})
}

// Err returns nil without problems, else the FieldErrors of what was
// validated.
func (fp *fieldProblems) Err(what string) error {
	if len(fp.list) == 0 {
		return nil
	}
	return newFieldErrors(what, fp.list)
}
