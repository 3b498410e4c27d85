package web

import (
	"encoding/json"
	"fmt"
	"io"
	"iter"
)

// jsonList is a JSON document that ends in one long list: the members of
// Head, then the member named List holding Items. It is written as the
// items come, one at a time, and its bytes are exactly those of
// json.Marshal of the whole document with a final newline (the API's
// form, jsonBody): Head's members in order, then the list.
type jsonList struct {
	Head  any                   // a value that encodes as a JSON object: the members before the list
	List  string                // the name of the list member, written last
	Items iter.Seq2[any, error] // the list's items; an error ends the download
}

// write writes d to w.
func (d *jsonList) write(w io.Writer) error {
	head, err := json.Marshal(d.Head)
	if err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	if len(head) < 2 || head[0] != '{' || head[len(head)-1] != '}' {
		return fmt.Errorf("encode JSON: the head of %q is not an object", d.List)
	}
	name, err := json.Marshal(d.List)
	if err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	open := head[:len(head)-1]
	if len(head) > 2 {
		open = append(open, ',')
	}
	open = append(append(open, name...), ":["...)
	if _, err := w.Write(open); err != nil {
		return err
	}
	first := true
	for item, err := range d.Items {
		if err != nil {
			return err
		}
		b, err := json.Marshal(item)
		if err != nil {
			return fmt.Errorf("encode JSON: %w", err)
		}
		if !first {
			b = append([]byte{','}, b...)
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
		first = false
	}
	_, err = io.WriteString(w, "]}\n")
	return err
}
