package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// countingFile is an input file that counts how far it has been read, for
// the progress of an import. It reads, seeks and reads at an offset as the
// file does, so a reader that reads a file twice (listing its indicators
// before streaming them) still can; each return to the start is a new
// pass.
type countingFile struct {
	f      *os.File
	size   int64
	pos    atomic.Int64 // bytes read on this pass
	far    atomic.Int64 // the furthest position read on this pass
	passes atomic.Int32 // passes begun (1 once anything is read)
	onRead func()       // called after every read
}

func newCountingFile(f *os.File, size int64) *countingFile { return &countingFile{f: f, size: size} }

// Read reads from the file and counts the bytes.
func (c *countingFile) Read(p []byte) (int, error) {
	n, err := c.f.Read(p)
	if n > 0 {
		if c.passes.Load() == 0 {
			c.passes.Store(1)
		}
		if at := c.pos.Add(int64(n)); at > c.far.Load() {
			c.far.Store(at)
		}
		if c.onRead != nil {
			c.onRead()
		}
	}
	return n, err
}

// Seek moves in the file; back to the start after reading most of it
// (not after a look at its first bytes), a new pass.
func (c *countingFile) Seek(offset int64, whence int) (int64, error) {
	at, err := c.f.Seek(offset, whence)
	if err != nil {
		return at, err
	}
	if at == 0 && c.far.Load() > 0 && c.far.Load() >= c.size/2 {
		c.passes.Add(1)
		c.far.Store(0)
	}
	c.pos.Store(at)
	return at, nil
}

// ReadAt reads at an offset (a workbook is read this way, whole, so its
// progress is told by observations rather than bytes).
func (c *countingFile) ReadAt(p []byte, off int64) (int, error) { return c.f.ReadAt(p, off) }

// isTerminal reports whether w is a terminal (a character device), where
// progress is a bar redrawn in place rather than lines.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progress reports how an import goes, on standard error: on a terminal a
// one-line bar redrawn with \r every fifth of a second; otherwise a plain
// line every tenth of the file (or, when the file's bytes say nothing,
// every plainEvery observations) and when the reading is done, so that a
// log of a scheduled import shows it moving without filling up.
type progress struct {
	w     io.Writer
	tty   bool
	name  string
	size  int64         // bytes; 0 when bytes do not tell progress (a workbook)
	file  *countingFile // nil with size 0
	start time.Time
	obs   atomic.Int64
	read  atomic.Bool // the stream has ended: the store is writing

	mu        sync.Mutex
	nextTenth int   // plain mode: the next tenth of the file to report
	pass      int32 // plain mode: the pass nextTenth belongs to
	nextObs   int64 // plain mode without a size
	drawn     bool  // tty: a bar is on the line
	stop      chan struct{}
	done      chan struct{}
}

// plainEvery is how many observations apart plain progress lines are when
// the file's bytes do not measure progress.
const plainEvery = 100000

// newProgress starts reporting the import of name to w. file counts the
// bytes read; nil reports observations only.
func newProgress(w io.Writer, name string, file *countingFile) *progress {
	return startProgress(w, name, file, isTerminal(w))
}

// startProgress is newProgress, told whether w is a terminal.
func startProgress(w io.Writer, name string, file *countingFile, tty bool) *progress {
	p := &progress{w: w, tty: tty, name: name, file: file, start: time.Now(),
		nextTenth: 1, pass: 1, nextObs: plainEvery}
	if file != nil {
		p.size = file.size
	}
	if p.size <= 0 {
		p.size, p.file = 0, nil
	}
	if p.tty {
		p.stop, p.done = make(chan struct{}), make(chan struct{})
		go p.redraw()
	} else if p.file != nil {
		file.onRead = p.plainBytes
	}
	return p
}

// observed counts an observation of the stream.
func (p *progress) observed() {
	n := p.obs.Add(1)
	if !p.tty && p.file == nil && n%plainEvery == 0 {
		p.mu.Lock()
		if n >= p.nextObs {
			p.nextObs = n + plainEvery
			fmt.Fprintf(p.w, "%s: %s observations, %s observations/s\n", p.name, thousands(n), thousands(p.rate(n)))
		}
		p.mu.Unlock()
	}
}

// readAll notes that the stream has ended, so that what remains is the
// store's: a plain line says so.
func (p *progress) readAll() {
	p.read.Store(true)
	if !p.tty {
		n := p.obs.Load()
		fmt.Fprintf(p.w, "%s: read, %s observations; writing to the database\n", p.name, thousands(n))
	}
}

// plainBytes writes a line when the reading passes a tenth of the file.
func (p *progress) plainBytes() {
	pos, pass := p.file.pos.Load(), p.file.passes.Load()
	p.mu.Lock()
	defer p.mu.Unlock()
	if pass != p.pass {
		p.pass, p.nextTenth = pass, 1
	}
	tenth := int(pos * 10 / p.size)
	if tenth < p.nextTenth || p.nextTenth > 10 {
		return
	}
	p.nextTenth = tenth + 1
	n := p.obs.Load()
	fmt.Fprintf(p.w, "%s: %d%% read%s, %s observations, %s observations/s\n", p.name, min(tenth, 10)*10, passNote(pass), thousands(n), thousands(p.rate(n)))
}

// passNote says which reading of a file this is, after the first.
func passNote(pass int32) string {
	if pass <= 1 {
		return ""
	}
	return " (reading " + strconv.Itoa(int(pass)) + " of the file)"
}

func (p *progress) rate(n int64) int64 {
	s := time.Since(p.start).Seconds()
	if s <= 0 {
		return 0
	}
	return int64(float64(n) / s)
}

// redraw draws the bar until finish.
func (p *progress) redraw() {
	defer close(p.done)
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			fmt.Fprint(p.w, "\r"+p.bar(40)+"\x1b[K")
			p.drawn = true
			p.mu.Unlock()
		}
	}
}

// bar is the line a terminal shows: the file, a bar of width cells (when
// bytes tell progress), the share read, observations and their rate.
func (p *progress) bar(width int) string {
	n := p.obs.Load()
	var b strings.Builder
	b.WriteString(p.name)
	if p.file != nil {
		frac := float64(p.file.pos.Load()) / float64(p.size)
		frac = max(0, min(frac, 1))
		full := int(frac * float64(width))
		b.WriteString(" [" + strings.Repeat("=", full))
		if full < width {
			b.WriteString(">" + strings.Repeat(" ", width-full-1))
		}
		fmt.Fprintf(&b, "] %3d%%%s", int(frac*100), passNote(p.file.passes.Load()))
	}
	fmt.Fprintf(&b, " %s observations, %s/s", thousands(n), thousands(p.rate(n)))
	if p.read.Load() {
		b.WriteString("; writing to the database")
	}
	return b.String()
}

// finish stops the bar and clears its line, or writes the last plain line.
func (p *progress) finish() {
	if p.tty {
		close(p.stop)
		<-p.done
		if p.drawn {
			fmt.Fprint(p.w, "\r\x1b[K")
		}
		return
	}
}

// thousands writes n with commas between groups of three digits.
func thousands[T int | int64](n T) string {
	s := strconv.FormatInt(int64(n), 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
