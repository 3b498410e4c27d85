package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// obsBatch is a run of validated observations on their way to one table:
// observations itself for a series that had none (the bulk path), or the
// staging table stat_import for a series that is merged.
type obsBatch struct {
	staged bool
	pos    []int // their positions in the stream, from 1
	series []int64
	obs    []lmo.Observation
}

func (b *obsBatch) reset(staged bool) *obsBatch {
	b.staged, b.pos, b.series, b.obs = staged, b.pos[:0], b.series[:0], b.obs[:0]
	return b
}

// batchesInFlight bounds the batches between the reader and the writer:
// two being filled, two queued, one being written, one spare.
const batchesInFlight = 6

// loadObservations reads the stream in one goroutine (validating and
// routing every observation) while this one writes the batches it fills,
// so that reading and writing overlap; then merges the staged series.
func (im *statImport) loadObservations(ctx context.Context) error {
	w, err := newObsWriter(ctx, im)
	if err != nil {
		return err
	}
	defer w.close()
	readCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	full, free, read := im.startReader(readCtx, w.batchRows)
	var werr error
	for b := range full {
		if werr == nil {
			if werr = w.write(ctx, b); werr != nil {
				cancel()
			}
		}
		free <- b
	}
	if rerr := <-read; rerr != nil && werr == nil {
		return rerr
	}
	if werr != nil {
		return werr
	}
	return w.merge(ctx)
}

// startReader starts the goroutine that reads the stream into batches of
// size rows, sent on full and given back on free; its result (nil or the
// first fault) comes on read once full is closed.
func (im *statImport) startReader(ctx context.Context, size int) (full <-chan *obsBatch, free chan<- *obsBatch, read <-chan error) {
	fullc := make(chan *obsBatch, 2)
	freec := make(chan *obsBatch, batchesInFlight)
	for range batchesInFlight {
		freec <- &obsBatch{}
	}
	readc := make(chan error, 1)
	go func() {
		defer close(fullc)
		defer func() {
			if p := recover(); p != nil { // the caller's stream panicked: fail the import, not the process
				readc <- lmo.Errorf(lmo.EINTERNAL, "reading the observations: %v", p)
			}
		}()
		readc <- im.readStream(ctx, size, fullc, freec)
	}()
	return fullc, freec, readc
}

// readStream validates each observation of the stream, in order, and
// sends them to full in batches of size rows; it returns the first fault.
func (im *statImport) readStream(ctx context.Context, size int, full chan<- *obsBatch, free chan *obsBatch) error {
	var open [2]*obsBatch // direct, staged
	send := func(b *obsBatch) error {
		select {
		case full <- b:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	pos := 0
	var fail error
	for o, err := range im.in.Observations {
		pos++
		st, err := im.check(pos, &o, err)
		if err != nil {
			fail = err
			break
		}
		k := 0
		if st.merge {
			k = 1
		}
		if open[k] == nil {
			select {
			case b := <-free:
				open[k] = b.reset(k == 1)
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		b := open[k]
		b.pos, b.series, b.obs = append(b.pos, pos), append(b.series, st.id), append(b.obs, o)
		if len(b.obs) == size {
			open[k] = nil
			if fail = send(b); fail != nil {
				break
			}
		}
	}
	if fail != nil {
		return fail
	}
	im.counts.Read = pos
	for _, b := range open {
		if b != nil {
			if err := send(b); err != nil {
				return err
			}
		}
	}
	return nil
}

// check validates one observation of the stream (or the reader's error at
// its position) and returns its series.
func (im *statImport) check(pos int, o *lmo.Observation, err error) (*seriesState, error) {
	if err != nil {
		return nil, fault(pos, nil, "%s", lmo.ErrorMessage(err))
	}
	if err := o.Validate(); err != nil {
		return nil, fault(pos, o, "%s", lmo.ErrorMessage(err))
	}
	edition := im.in.Dataset.Edition
	if o.Edition != "" && o.Edition != edition {
		return nil, fault(pos, o, "its edition %s is not the dataset's, %s", o.Edition, edition)
	}
	st := im.series[o.Indicator]
	switch {
	case st == nil:
		return nil, fault(pos, o, "indicator %s is not one of the import's indicators", o.Indicator)
	case !im.areas[o.Area]:
		return nil, fault(pos, o, "there is no country, region or aggregate %s", o.Area)
	case o.Origin != "" && !im.areas[o.Origin]:
		return nil, fault(pos, o, "its origin %s is no country, region or aggregate", o.Origin)
	}
	o.Edition = edition
	return st, nil
}

// keyEqual compares the key columns of two aliases.
func keyEqual(a, b string) string {
	s := a + ".series = " + b + ".series"
	for _, c := range keyColumns {
		s += " AND " + a + "." + c + " = " + b + "." + c
	}
	return s
}

// keyColumns are obsKey's columns.
var keyColumns = strings.Split(obsKey, ", ")

// duplicate explains a unique key violation of a direct batch: an
// observation that repeats one of the same batch (both named), or one
// already written by an earlier batch.
func (w *obsWriter) duplicate(ctx context.Context, b *obsBatch, cause error) error {
	seen := make(map[string]int, len(b.obs))
	for i := range b.obs {
		k := b.obs[i].Key()
		if first, ok := seen[k]; ok {
			return fault(b.pos[i], &b.obs[i], "it repeats observation %d (the same indicator, area, breakdown and period)", first)
		}
		seen[k] = b.pos[i]
	}
	for i := range b.obs {
		o := &b.obs[i]
		var n int
		args := []any{b.series[i], o.Area, o.Origin, o.Sex, o.Age, o.Migrant, o.Activity, o.Occupation, o.Other, o.Source, o.Period.Start(), o.Period.End()}
		err := w.tx.QueryRow(ctx, `SELECT count(*) FROM observations WHERE series = ? AND (`+obsKey+`) = (`+placeholders(11)+`)`, args, &n)
		if err != nil {
			return fmt.Errorf("find a repeated observation: %w", err)
		}
		if n > 0 {
			return fault(b.pos[i], o, "it repeats an earlier observation (the same indicator, area, breakdown and period)")
		}
	}
	return cause
}
