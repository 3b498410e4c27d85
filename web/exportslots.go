package web

import (
	"net/http"
	"sync/atomic"
)

// maxHeavyExports is how many large downloads (table.Large) one node
// streams at a time. Each costs a database read transaction per page, a
// core for encoding and, for XLSX, up to 16 MiB of sheet buffer; beyond
// this many, a node answers 503 with Retry-After rather than slowing
// every page down.
const maxHeavyExports = 3

// exportSlots counts the large downloads in flight on this node. The zero
// value is ready for use.
type exportSlots struct {
	n atomic.Int32
}

// acquire takes a slot, or reports false when all are taken; release
// gives it back.
func (e *exportSlots) acquire() (release func(), ok bool) {
	if e.n.Add(1) > maxHeavyExports {
		e.n.Add(-1)
		return nil, false
	}
	return func() { e.n.Add(-1) }, true
}

// errExportsBusy answers a large download when every export slot is taken:
// 503, and the adapter adds Retry-After.
var errExportsBusy = &httpError{status: http.StatusServiceUnavailable,
	msg: "Too many large downloads are being prepared at the moment. Please try again in a few seconds."}
