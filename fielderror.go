package lmo

import (
	"errors"
	"fmt"
	"strings"
)

// FieldProblem is one problem that validation found, with the field it
// concerns: the record's JSON name ("title", "sources"), or a row of a list
// as name.index, counted from 0 ("sources.1", "countries.0"). Forms use it to
// show each message beside its field.
//
// Message is the problem in English. Key names the message in a catalog
// ("problem.agreement.title.required"), stable across releases, so that a
// form can show it in the reader's language and an API client can tell
// problems apart without parsing English; Args are the values the message
// formats, in order, as fmt verbs take them. An Arg that is a Phrase is
// itself a message with a key (the name of a field, such as "source 2
// title"), to be translated before it is formatted. A problem that another
// package makes without a key shows its Message in every language.
type FieldProblem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	Key     string `json:"code,omitempty"`
	Args    []any  `json:"-"`
}

// Phrase is a part of a problem's message with its own key and arguments,
// such as the name of a field ("organisation 2 name"), which a translation
// renders in its own language before formatting the message around it. Its
// String is its English text. A Phrase without a key has English text only.
type Phrase struct {
	Key    string
	Args   []any
	format string // English, a fmt format of Args
}

// phrase returns the Phrase of key, whose English is format formatted with
// args.
func phrase(key, format string, args ...any) Phrase {
	return Phrase{Key: key, Args: args, format: format}
}

// words returns a Phrase without key: English text that no catalog
// translates, such as the name of a field in an import's error.
func words(s string) Phrase { return Phrase{format: "%s", Args: []any{s}} }

// String returns the phrase in English.
func (p Phrase) String() string { return fmt.Sprintf(p.format, p.Args...) }

// problem returns the FieldProblem of field with key, its English message
// format formatted with args.
func problem(field, key, format string, args ...any) FieldProblem {
	return FieldProblem{Field: field, Key: key, Args: args, Message: fmt.Sprintf(format, args...)}
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

// Add records a problem with field: its message key and its English text,
// format formatted with args.
func (fp *fieldProblems) Add(field, key, format string, args ...any) {
	fp.list = append(fp.list, problem(field, key, format, args...))
}

// AddProblem records a problem that a check returned (one with a Message),
// as a problem with field.
func (fp *fieldProblems) AddProblem(field string, p FieldProblem) {
	p.Field = field
	fp.list = append(fp.list, p)
}

// Err returns nil without problems, else the FieldErrors of what was
// validated.
func (fp *fieldProblems) Err(what string) error {
	if len(fp.list) == 0 {
		return nil
	}
	return newFieldErrors(what, fp.list)
}
