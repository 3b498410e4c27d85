package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

// importKinds are the kinds of file lmo import reads; "practices" is the
// default when the first argument is a flag.
var importKinds = map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) error{
	"practices":     runImportPractices,
	"ratifications": runImportRatifications,
	"icmw-status":   runImportICMWStatus,
	"projects":      runImportProjects,
	"agreements":    runImportAgreements,
}

// runImport dispatches lmo import KIND [flags] FILE.
func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		run, ok := importKinds[args[0]]
		if !ok {
			return fmt.Errorf("import: %q is not a kind of file lmo imports: practices, ratifications, icmw-status, agreements or projects; statistics: %s", args[0], statisticsKindNames())
		}
		return run(ctx, args[1:], stdout, stderr)
	}
	return runImportPractices(ctx, args, stdout, stderr)
}

// openInput opens the file named by --file or the first argument ("-" is
// standard input).
func openInput(name string) (io.Reader, func(), error) {
	if name == "-" {
		return os.Stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

// fileArg returns the file named by --file or, failing that, the one
// positional argument.
func fileArg(fileFlag string, rest []string) string {
	if fileFlag != "" || len(rest) == 0 {
		return fileFlag
	}
	return rest[0]
}

// importCommand is the flags the import commands share: --db, and the file
// to read by --file or as the one argument.
type importCommand struct {
	*flag.FlagSet
	db     *string
	file   *string
	format string // "CSV", "JSON": what the file is, for messages
}

// newImportCommand makes the flags of lmo name (such as "import
// agreements"), which reads a file of format.
func newImportCommand(name, summary, format string, stderr io.Writer) *importCommand {
	fs := newFlagSet(name, summary, stderr)
	return &importCommand{FlagSet: fs, format: format, db: dbFlag(fs),
		file: fs.String("file", "", "the "+format+" file (or give it as the argument), - for standard input")}
}

// parse parses args and returns the file named; without one it prints the
// usage and fails.
func (c *importCommand) parse(args []string) (string, error) {
	if err := c.Parse(args); err != nil {
		return "", err
	}
	name := fileArg(*c.file, c.Args())
	if name == "" {
		c.Usage()
		return "", fmt.Errorf("%s: name the %s file", c.Name(), c.format)
	}
	return name, nil
}

func runImportRatifications(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := newImportCommand("import ratifications", "Import ratification events from a CSV file whose header row names the columns instrument, country (ISO alpha-2 or alpha-3 code, or a name), event, date (YYYY-MM-DD, or YYYY-MM or YYYY when that is all the source gives), note (optional) and source_url, in any order. Events are matched by instrument, country, event and date: new ones are created, changed notes or sources updated, identical ones left alone. A file with any bad row writes nothing and the error names its line and column.", "CSV", stderr)
	name, err := cmd.parse(args)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, *cmd.db)
	if err != nil {
		return err
	}
	defer store.Close()
	events, err := readRatifications(ctx, store, name)
	if err != nil {
		return fmt.Errorf("import %s: %s", name, userMessage(err))
	}
	counts, err := store.ImportStandards(lmo.NewContextWithUser(ctx, lmo.SystemUser), lmo.StandardsImport{Events: events}, "lmo import ratifications "+name)
	if err != nil {
		return fmt.Errorf("import %s: %s", name, userMessage(err))
	}
	fmt.Fprintf(stdout, "imported %s into %s: events %d created, %d updated, %d unchanged\n",
		name, redact(*cmd.db), counts.Events.Created, counts.Events.Updated, counts.Events.Unchanged)
	return nil
}

// readRatifications reads a ratifications file whole (they hold thousands
// of rows, not millions), resolving countries and checking instruments
// against the store, so that every fault names its line.
func readRatifications(ctx context.Context, s store, name string) ([]lmo.RatificationEvent, error) {
	r, done, err := openInput(name)
	if err != nil {
		return nil, err
	}
	defer done()
	countries, err := s.FindCountries(ctx)
	if err != nil {
		return nil, err
	}
	known, err := instrumentCodes(ctx, s)
	if err != nil {
		return nil, err
	}
	var events []lmo.RatificationEvent
	for row, err := range ingest.RatificationsCSV(r, lmo.NewCountryIndex(countries).Resolve) {
		if err != nil {
			return nil, err
		}
		if !known[row.Event.Instrument] {
			return nil, lmo.Errorf(lmo.EINVALID, "line %d: there is no instrument %s in this observatory (it has %s)",
				row.Line, row.Event.Instrument, strings.Join(sortedKeys(known), ", "))
		}
		events = append(events, row.Event)
	}
	return events, nil
}

func instrumentCodes(ctx context.Context, s store) (map[string]bool, error) {
	instruments, err := s.FindInstruments(ctx)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, in := range instruments {
		known[in.Code] = true
	}
	return known, nil
}

func runImportICMWStatus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := newImportCommand("import icmw-status", "Import the parties to the UN migrant workers convention (ICMW) from a status file in the layout iso2, member, state party, year ratification or accession, signatory, no action, status, note. The file gives years, not days, and does not say whether a state ratified or acceded: each party the observatory does not know yet becomes a year-only ratification-or-accession event. A state it already knows as a party keeps its events (a different year is reported). Signatures are not imported: the file gives no dates for them.", "CSV", stderr)
	source := cmd.String("source", "", "the URL the file comes from (required: every event needs its source)")
	name, err := cmd.parse(args)
	if err != nil {
		return err
	}
	if *source == "" {
		cmd.Usage()
		return errors.New("import icmw-status: give --source, the URL the file comes from")
	}
	store, err := openStore(ctx, *cmd.db)
	if err != nil {
		return err
	}
	defer store.Close()
	plan, err := planICMWImport(ctx, store, name, *source)
	if err != nil {
		return fmt.Errorf("import %s: %s", name, userMessage(err))
	}
	counts, err := store.ImportStandards(lmo.NewContextWithUser(ctx, lmo.SystemUser), lmo.StandardsImport{Events: plan.events}, "lmo import icmw-status "+name)
	if err != nil {
		return fmt.Errorf("import %s: %s", name, userMessage(err))
	}
	fmt.Fprintf(stdout, "imported %s into %s: %d parties read; events %d created, %d updated, %d unchanged; %d parties already known (their events kept); %d signatories not imported (no date in the file)\n",
		name, redact(*cmd.db), plan.parties, counts.Events.Created, counts.Events.Updated, counts.Events.Unchanged, plan.known, plan.undatedSignatories)
	for _, d := range plan.disagreements {
		fmt.Fprintln(stdout, "  differs:", d)
	}
	return nil
}

// icmwPlan is what an ICMW status file adds to what the observatory holds.
type icmwPlan struct {
	events             []lmo.RatificationEvent
	parties, known     int
	undatedSignatories int
	disagreements      []string
}

func planICMWImport(ctx context.Context, s store, name, source string) (*icmwPlan, error) {
	r, done, err := openInput(name)
	if err != nil {
		return nil, err
	}
	defer done()
	if _, err := s.FindInstrument(ctx, "ICMW"); err != nil {
		return nil, lmo.Errorf(lmo.EINVALID, "the observatory has no instrument ICMW to import its status into")
	}
	held, err := s.FindEvents(ctx, lmo.EventFilter{Instrument: "ICMW"})
	if err != nil {
		return nil, err
	}
	joinedIn := map[string]lmo.Date{}
	for _, e := range held {
		if lmo.Joins(e.Event) {
			joinedIn[e.Country] = e.Date
		}
	}
	countries, err := s.FindCountries(ctx)
	if err != nil {
		return nil, err
	}
	resolve := lmo.NewCountryIndex(countries).Resolve
	plan := &icmwPlan{}
	for row, err := range ingest.ICMWStatusCSV(r) {
		if err != nil {
			return nil, err
		}
		code, err := resolve(row.Country)
		if err != nil {
			return nil, lmo.Errorf(lmo.EINVALID, "%s: %s", row.CountryAt, lmo.ErrorMessage(err))
		}
		switch {
		case row.Party:
			plan.parties++
		case row.Signatory:
			plan.undatedSignatories++
			continue
		default:
			continue
		}
		if held, ok := joinedIn[code]; ok {
			plan.known++
			if held.Year != row.Year {
				plan.disagreements = append(plan.disagreements, fmt.Sprintf("%s: the file gives %d, the observatory holds %s", code, row.Year, held))
			}
			continue
		}
		note := "from a status file that gives the year only and does not say whether the state ratified or acceded"
		if row.Note != "" {
			note += "; its note: " + row.Note
		}
		plan.events = append(plan.events, lmo.RatificationEvent{Instrument: "ICMW", Country: code, Event: lmo.EventRatificationOrAccession,
			Date: lmo.Date{Year: row.Year}, Note: note, SourceURL: source})
	}
	return plan, nil
}

// userMessage is the message of an error for the person at the terminal:
// the place and fault of bad input, or the error itself.
func userMessage(err error) string {
	if lmo.ErrorCode(err) != lmo.EINTERNAL {
		return lmo.ErrorMessage(err)
	}
	return err.Error()
}

func sortedKeys(m map[string]bool) []string {
	return slices.Sorted(maps.Keys(m))
}
