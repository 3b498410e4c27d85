// Command lmo is the Labour Migration Observatory: one binary that serves the
// site and API, migrates and seeds the database, and exports the data.
//
//	lmo serve    run the observatory (default http://localhost:8080, ./lmo.db)
//	lmo migrate  apply database migrations
//	lmo seed     load the embedded starter dataset (idempotent)
//	lmo export   write the published practices as JSON
//	lmo copy     copy a whole observatory between SQLite and PostgreSQL
//	lmo backup   write a consistent copy of the database to a SQLite file
//	lmo restore  replace the database's contents with a backup, atomically
//	lmo import   import practices from JSON, in one transaction
//	lmo import projects FILE
//	             import organisations and projects from JSON, in one transaction
//	lmo import undesa-stock|undesa-origin|ilostat|wdi|rpw|statistics FILE
//	             import a publisher's statistics file, in one transaction
//	lmo fetch    download a publisher's statistics file and import it
//	lmo user     manage accounts: add, list, disable, enable, role,
//	             reset-password
//	lmo version  print the version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"syscall"

	"github.com/lmo-observatory/lmo/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "lmo:", err)
		}
		os.Exit(2)
	}
}

// commands maps each subcommand to its function and one line of help.
var commands = []struct {
	name, help string
	run        func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}{
	{"serve", "run the observatory's web site and API", runServe},
	{"migrate", "apply the database migrations and exit", runMigrate},
	{"seed", "load the embedded starter dataset (idempotent)", runSeed},
	{"export", "write the published practices as JSON (the import format)", runExport},
	{"copy", "copy a whole observatory between SQLite and PostgreSQL, verified", runCopy},
	{"backup", "write a consistent copy of the database to one SQLite file while it serves", runBackup},
	{"restore", "replace the database's contents with a backup, checked and atomically", runRestore},
	{"import", "import practices (JSON, the export format), ratifications (CSV), an ICMW status file, projects and organisations (JSON) or statistics (undesa-stock, undesa-origin, ilostat, wdi, rpw, statistics), atomically", runImport},
	{"user", "manage accounts: add, list, disable, enable, role, reset-password", runUser},
	{"fetch", "download statistics from their publisher (ilostat INDICATOR, undesa) and import them", runFetch},
	{"version", "print the version", runVersion},
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return errors.New("no command given")
		}
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	usage(stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: lmo <command> [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.help)
	}
	fmt.Fprintln(w, "\nRun 'lmo <command> -h' for the flags of a command.")
}

// version describes this build from its module and VCS information.
func version() string { return web.BuildVersion(debug.ReadBuildInfo()) }

func runVersion(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("version", "", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "lmo", version())
	return nil
}

// newFlagSet returns a flag set whose -h prints a usage line and the flags.
func newFlagSet(name, summary string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: lmo %s [flags]\n", name)
		if summary != "" {
			fmt.Fprintln(stderr, summary)
		}
		fs.PrintDefaults()
	}
	return fs
}

// envOr returns the environment variable key, or def when it is unset.
func envOr(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

// envInt returns the environment variable key as an integer, or def when
// it is unset or not a number.
func envInt(key string, def int) int {
	if n, err := strconv.Atoi(envOr(key, "")); err == nil {
		return n
	}
	return def
}
