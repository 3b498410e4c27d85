package ingest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"math"
	"slices"
	"strconv"

	"github.com/lmo-observatory/lmo"
)

// StatisticsMeta is the JSON half of LMO's own statistics layout
// (starter/statistics/README.md): one dataset edition, its indicators and
// its aggregates, with the JSON names of the lmo types.
type StatisticsMeta struct {
	Dataset    lmo.Dataset      `json:"dataset"`
	Indicators []*lmo.Indicator `json:"indicators"`
	Aggregates []lmo.Aggregate  `json:"aggregates"`
}

// StatisticsColumns are the columns of the CSV half of LMO's statistics
// layout, in the order LMO writes them (a reader takes them in any order).
var StatisticsColumns = []string{"indicator", "area", "origin", "sex", "age", "migrant", "activity", "occupation", "other", "source", "period", "value", "status", "note"}

// lmoStatisticsLayout is the CSV layout: every column is named, those that
// an observation cannot do without are required.
var lmoStatisticsLayout = func() []column {
	required := []string{"indicator", "area", "sex", "period", "value", "status"}
	var out []column
	for _, name := range StatisticsColumns {
		out = append(out, column{name: name, required: slices.Contains(required, name)})
	}
	return out
}()

// LMOStatistics reads a dataset edition in LMO's own layout: meta, the
// JSON description (decoded strictly: an unknown field is an error), and
// rows, the CSV of its observations, streamed. Each observation must use
// an indicator the description lists and pass lmo.Observation.Validate; a
// fault is an *Error naming the line and column.
func LMOStatistics(meta, rows io.Reader) (*StatisticsFile, error) {
	var m StatisticsMeta
	dec := json.NewDecoder(meta)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, errorf("the description (JSON)", "%v", err)
	}
	if err := m.Dataset.Validate(); err != nil {
		return nil, errorf("the description (JSON)", "%s", lmo.ErrorMessage(err))
	}
	listed := map[string]bool{}
	for _, in := range m.Indicators {
		if err := in.Validate(); err != nil {
			return nil, errorf("the description (JSON)", "%s", lmo.ErrorMessage(err))
		}
		listed[in.Code] = true
	}
	report := NewReport()
	return &StatisticsFile{Report: report, Import: lmo.StatisticsImport{
		Dataset: m.Dataset, Indicators: m.Indicators, Aggregates: m.Aggregates,
		Observations: lmoObservations(rows, listed, report),
	}}, nil
}

// lmoObservations streams the observations of the CSV half.
func lmoObservations(r io.Reader, listed map[string]bool, report *Report) iter.Seq2[lmo.Observation, error] {
	return func(yield func(lmo.Observation, error) bool) {
		for rec, err := range csvTable(r, "statistics", lmoStatisticsLayout) {
			if err != nil {
				yield(lmo.Observation{}, err)
				return
			}
			report.Rows++
			o, err := lmoObservation(rec, listed)
			if err == nil {
				report.Observations++
			}
			if !yield(o, err) || err != nil {
				return
			}
		}
	}
}

// lmoObservation reads one row.
func lmoObservation(rec *csvRecord, listed map[string]bool) (lmo.Observation, error) {
	o := lmo.Observation{Indicator: rec.get("indicator"), Area: rec.get("area"), Origin: rec.get("origin"),
		Sex: rec.get("sex"), Age: rec.get("age"), Migrant: rec.get("migrant"), Activity: rec.get("activity"),
		Occupation: rec.get("occupation"), Other: rec.get("other"), Source: rec.get("source"),
		Status: rec.get("status"), Note: rec.get("note")}
	if !listed[o.Indicator] {
		return o, errorf(rec.at("indicator"), "indicator %q is not listed in the description", o.Indicator)
	}
	var err error
	if o.Period, err = lmo.ParsePeriod(rec.get("period")); err != nil {
		return o, errorf(rec.at("period"), "%s", lmo.ErrorMessage(err))
	}
	if v := rec.get("value"); v != "" || o.Status != lmo.StatusUnavailable {
		if o.Value, err = strconv.ParseFloat(v, 64); err != nil || math.IsInf(o.Value, 0) || math.IsNaN(o.Value) {
			return o, errorf(rec.at("value"), "%q is not a number (write 1234.5, without separators)", v)
		}
	}
	if err := o.Validate(); err != nil {
		return o, errorf(fmt.Sprintf("line %d", rec.line), "%s", lmo.ErrorMessage(err))
	}
	return o, nil
}

// WriteLMOStatistics writes a dataset edition in LMO's own layout: the
// description as indented JSON to meta, and the observations as CSV to
// rows (values in the shortest form that reads back exactly; an
// unavailable value empty). It returns the number of observations written
// and the first error of the stream or the writers.
func WriteLMOStatistics(meta, rows io.Writer, in lmo.StatisticsImport) (int, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	aggs := in.Aggregates
	if aggs == nil {
		aggs = []lmo.Aggregate{}
	}
	if err := enc.Encode(StatisticsMeta{Dataset: in.Dataset, Indicators: in.Indicators, Aggregates: aggs}); err != nil {
		return 0, err
	}
	if _, err := meta.Write(buf.Bytes()); err != nil {
		return 0, err
	}
	w := csv.NewWriter(rows)
	if err := w.Write(StatisticsColumns); err != nil {
		return 0, err
	}
	n := 0
	for o, err := range in.Observations {
		if err != nil {
			return n, err
		}
		value := strconv.FormatFloat(o.Value, 'f', -1, 64)
		if !o.HasValue() {
			value = ""
		}
		if err := w.Write([]string{o.Indicator, o.Area, o.Origin, o.Sex, o.Age, o.Migrant, o.Activity, o.Occupation,
			o.Other, o.Source, o.Period.String(), value, o.Status, o.Note}); err != nil {
			return n, err
		}
		n++
	}
	w.Flush()
	return n, w.Error()
}
