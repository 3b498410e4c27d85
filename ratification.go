package lmo

import (
	"maps"
	"slices"
	"strings"
)

// RatificationEvent is one act of a state about an instrument (a
// signature, a ratification, a denunciation...), with its date, a note and
// its source. A state's standing on any day is derived from its events
// (StandingOn) and never stored.
type RatificationEvent struct {
	Instrument string `json:"instrument"` // instrument code
	Country    string `json:"country"`    // ISO 3166-1 alpha-2
	Event      string `json:"event"`
	Date       Date   `json:"date"`
	Note       string `json:"note,omitempty"` // parts accepted, declarations, disagreements between sources
	SourceURL  string `json:"source_url"`
}

// Kinds of ratification event.
const (
	EventSignature    = "signature" // UN treaties: signing does not make a party
	EventRatification = "ratification"
	EventAccession    = "accession"
	// EventRatificationOrAccession is for sources that do not say which.
	EventRatificationOrAccession = "ratification-or-accession"
	EventSuccession              = "succession"
	// EventEntryIntoForce is the day the instrument entered into force for
	// the state, when the source gives it; otherwise it is derived from the
	// instrument's InForceRule.
	EventEntryIntoForce = "entry-into-force"
	EventDenunciation   = "denunciation"
	// EventDenunciationEffective is the day a denunciation took effect; a
	// denunciation without it takes effect on its own date.
	EventDenunciationEffective = "denunciation-effective"
	EventDeclaration           = "declaration"
	EventAcceptedParts         = "accepted-parts"   // C143 parts, C102 and C118 branches: in the note
	EventExcludedAnnexes       = "excluded-annexes" // C097 annexes: in the note
)

// EventKinds lists the kinds of ratification event.
var EventKinds = []string{
	EventSignature, EventRatification, EventAccession, EventRatificationOrAccession, EventSuccession, EventEntryIntoForce,
	EventDenunciation, EventDenunciationEffective, EventDeclaration, EventAcceptedParts, EventExcludedAnnexes,
}

// MaxEventNote is the longest note an event may carry, in characters.
const MaxEventNote = 2000

// Joins reports whether an event kind makes a state a party.
func Joins(kind string) bool {
	switch kind {
	case EventRatification, EventAccession, EventRatificationOrAccession, EventSuccession:
		return true
	}
	return false
}

// Validate checks an event's own fields (not whether its instrument and
// country exist) and says what is wrong.
func (e *RatificationEvent) Validate() error {
	e.Instrument = NormalizeInstrumentCode(e.Instrument)
	e.Country = strings.ToUpper(strings.TrimSpace(e.Country))
	e.Event = strings.ToLower(strings.TrimSpace(e.Event))
	e.Note = strings.TrimSpace(e.Note)
	switch {
	case e.Instrument == "":
		return Errorf(EINVALID, "the instrument is missing")
	case len(e.Country) != 2 || !isUpperASCII(e.Country):
		return Errorf(EINVALID, "country %q is not an ISO 3166-1 alpha-2 code", e.Country)
	case !slices.Contains(EventKinds, e.Event):
		return Errorf(EINVALID, "event %q is not one of %s", e.Event, strings.Join(EventKinds, ", "))
	case e.Date.IsZero():
		return Errorf(EINVALID, "the date is missing")
	case e.SourceURL == "":
		return Errorf(EINVALID, "the source URL is missing: every event needs its source")
	}
	if problem := checkText(textField{words("note"), e.Note, MaxEventNote, true}); problem != "" {
		return Errorf(EINVALID, "%s", problem)
	}
	if problem := checkURL("source URL", e.SourceURL); problem != "" {
		return Errorf(EINVALID, "%s", problem)
	}
	return nil
}

func isUpperASCII(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r < 'A' || r > 'Z' })
}

// Truth is a derived fact that may be unknown: an event dated only by its
// year or month may fall either side of the day asked about.
type Truth string

// Truth values.
const (
	Yes     Truth = "yes"
	No      Truth = "no"
	Unknown Truth = "unknown"
)

// Standing is a state's position on an instrument on a day, derived from
// its events by StandingOn.
type Standing struct {
	Instrument string `json:"instrument"`
	Country    string `json:"country"`
	AsOf       Date   `json:"as_of"`
	// Party: the state had ratified, acceded or succeeded, and no
	// denunciation had taken effect.
	Party  Truth              `json:"party"`
	Joined *RatificationEvent `json:"joined,omitempty"` // the event that made it a party
	Signed *RatificationEvent `json:"signed,omitempty"`
	// InForce: the instrument was in force for the state (a separate fact:
	// most ILO conventions enter into force for a state 12 months after it
	// ratifies). InForceFrom is that day, given or derived, even when it is
	// after AsOf.
	InForce     Truth `json:"in_force"`
	InForceFrom Date  `json:"in_force_from,omitzero"`
	// Denounced is the last denunciation made by AsOf, and
	// DenunciationEffective the day it takes effect.
	Denounced             *RatificationEvent `json:"denounced,omitempty"`
	DenunciationEffective Date               `json:"denunciation_effective,omitzero"`
	// Other events by AsOf: declarations, parts accepted, annexes excluded.
	Other []RatificationEvent `json:"other,omitempty"`
}

// StandingOn derives a state's standing on an instrument on day (a date to
// the day) from that state's events for that instrument. Events that may
// have happened by then count; an event whose date may fall either side of
// the day makes the answer Unknown rather than a guess.
func StandingOn(in *Instrument, events []RatificationEvent, day Date) Standing {
	st := Standing{Instrument: in.Code, AsOf: day, Party: No, InForce: No}
	sorted := slices.Clone(events)
	slices.SortStableFunc(sorted, func(a, b RatificationEvent) int { return a.Date.Compare(b.Date) })
	var inForceGiven *RatificationEvent
	for i := range sorted {
		e := &sorted[i]
		st.Country = e.Country
		if e.Date.After(day) {
			// Later days of what has already happened: when it enters
			// into force, when a denunciation takes effect.
			switch {
			case e.Event == EventEntryIntoForce && st.Joined != nil:
				inForceGiven = e
			case e.Event == EventDenunciationEffective && st.Denounced != nil:
				st.DenunciationEffective = e.Date
			}
			continue
		}
		switch {
		case Joins(e.Event):
			st.Joined, st.Denounced, st.DenunciationEffective, inForceGiven = e, nil, Date{}, nil
		case e.Event == EventSignature:
			st.Signed = e
		case e.Event == EventEntryIntoForce:
			inForceGiven = e
		case e.Event == EventDenunciation:
			st.Denounced, st.DenunciationEffective = e, e.Date
		case e.Event == EventDenunciationEffective:
			st.DenunciationEffective = e.Date
		default:
			st.Other = append(st.Other, *e)
		}
	}
	st.Party = party(st, day)
	st.InForceFrom = in.InForceRule.For(dateOf(st.Joined), in.EntryIntoForce)
	if inForceGiven != nil {
		st.InForceFrom = inForceGiven.Date
	}
	st.InForce = inForce(st, in, day)
	return st
}

func dateOf(e *RatificationEvent) Date {
	if e == nil {
		return Date{}
	}
	return e.Date
}

// party decides Standing.Party from the joining and denouncing events.
func party(st Standing, day Date) Truth {
	if st.Joined == nil {
		return No
	}
	joined := Yes
	if !st.Joined.Date.OnOrBefore(day) {
		joined = Unknown
	}
	if st.Denounced == nil {
		return joined
	}
	switch {
	case st.DenunciationEffective.OnOrBefore(day):
		return No
	case st.DenunciationEffective.After(day):
		return joined
	}
	return Unknown
}

// inForce decides Standing.InForce: in force for the state when it is a
// party and the day it entered into force for it has come.
func inForce(st Standing, in *Instrument, day Date) Truth {
	switch {
	case st.Party == No:
		return No
	case st.InForceFrom.IsZero():
		if in.EntryIntoForce.IsZero() || !in.EntryIntoForce.OnOrBefore(day) {
			return No // not in force anywhere yet
		}
		return Unknown // no rule and no date given
	case st.InForceFrom.After(day):
		return No
	case st.InForceFrom.OnOrBefore(day):
		return st.Party
	}
	return Unknown
}

// Standings derives the standing on day of every state with events for an
// instrument, in order of country code. events may hold any number of
// states, in any order.
func Standings(in *Instrument, events []RatificationEvent, day Date) []Standing {
	byCountry := map[string][]RatificationEvent{}
	for _, e := range events {
		byCountry[e.Country] = append(byCountry[e.Country], e)
	}
	out := make([]Standing, 0, len(byCountry))
	for _, country := range slices.Sorted(maps.Keys(byCountry)) {
		out = append(out, StandingOn(in, byCountry[country], day))
	}
	return out
}

// PartyCount counts standings by Party: certainly parties, and those whose
// standing an imprecise date leaves unknown.
func PartyCount(standings []Standing) (parties, unknown int) {
	for _, st := range standings {
		switch st.Party {
		case Yes:
			parties++
		case Unknown:
			unknown++
		}
	}
	return parties, unknown
}
