package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// The forms of the account pages: what was typed comes back with the
// errors (never a password), the errors are listed at the top in a summary
// that is focused and announced (role="alert"), each linking to its field,
// and each field carries its own message (aria-invalid, aria-describedby).

// maxFormBytes bounds the body of an account form, well below the
// site-wide maxBodyBytes: the largest holds a password of
// lmo.MaxPasswordLength and a few short fields.
const maxFormBytes = 16 << 10

// fieldError is one error of a form: the id of its field ("" for the form
// as a whole) and the message a person reads.
type fieldError struct {
	Field   string
	Message string
}

// form is a submitted form: the values to show again and the errors.
type form struct {
	values map[string]string
	Errors []fieldError
}

// newForm returns a form that shows values again.
func newForm(values map[string]string) *form {
	if values == nil {
		values = map[string]string{}
	}
	return &form{values: values}
}

// Value returns what was typed in field.
func (f *form) Value(field string) string {
	if f == nil {
		return ""
	}
	return f.values[field]
}

// Error returns the message of field, or "".
func (f *form) Error(field string) string {
	if f == nil {
		return ""
	}
	for _, e := range f.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// fail adds an error of field (the first per field is shown).
func (f *form) fail(field, msg string) { f.Errors = append(f.Errors, fieldError{field, msg}) }

// ok reports whether the form has no error.
func (f *form) ok() bool { return f == nil || len(f.Errors) == 0 }

// title returns a page title, marked when the form has errors, so that the
// first thing read of the page again says so.
func (f *form) title(lang string, title string) string {
	if f.ok() {
		return title
	}
	return translate(lang, "auth.form.titleprefix", title)
}

// parseForm reads a form's body, at most maxFormBytes (413 beyond), and
// checks every field as the edge checks query values: UTF-8 text without
// control characters, so no store sees what a database cannot compare.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return &httpError{status: http.StatusRequestEntityTooLarge, msg: "The form is too large."}
		}
		return lmo.Errorf(lmo.EINVALID, "The form could not be read.")
	}
	for name, values := range r.PostForm {
		for _, v := range values {
			if err := checkValue(fmt.Sprintf("The field %q", name), v, maxQueryValue); err != nil {
				return err
			}
		}
	}
	return nil
}

// renderPrivate renders a personal page with status, past the error
// catcher (a form's errors are the page itself), never kept by any cache.
func (s *Server) renderPrivate(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	body, err := s.execute(r, name, data)
	if err != nil {
		return err
	}
	w = pastCatcher(w)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", privateCache)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if status == http.StatusTooManyRequests {
		h.Set("Retry-After", strconv.Itoa(retryAfterTooMany))
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
	return nil
}

// formStatus is the status of a page that shows a failed form: 429 when
// the store refused for too many attempts (its message says when to try
// again), else 400.
func formStatus(err error) int {
	if lmo.ErrorCode(err) == lmo.ETOOMANY {
		return http.StatusTooManyRequests
	}
	return http.StatusBadRequest
}

// fieldView is one input of a form, for the layout's "field" template:
// its label, hint and error, and what was typed (a password never comes
// back).
type fieldView struct {
	Form                                *form
	ID, Type, Autocomplete, Label, Hint string
}

// newField returns the view of the field id (also its name) of f; the
// template function "field".
func newField(f *form, id, typ, autocomplete, label, hint string) fieldView {
	return fieldView{Form: f, ID: id, Type: typ, Autocomplete: autocomplete, Label: label, Hint: hint}
}

// Value returns what the field shows: what was typed, but never a
// password.
func (v fieldView) Value() string {
	if v.Type == "password" {
		return ""
	}
	return v.Form.Value(v.ID)
}

// Error returns the field's error message, or "".
func (v fieldView) Error() string { return v.Form.Error(v.ID) }

// DescribedBy returns the ids of the field's hint and error, for
// aria-describedby.
func (v fieldView) DescribedBy() string {
	var ids []string
	if v.Hint != "" {
		ids = append(ids, v.ID+"-hint")
	}
	if v.Error() != "" {
		ids = append(ids, v.ID+"-error")
	}
	return strings.Join(ids, " ")
}
