package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/lmo-observatory/lmo"
)

// stdin is where --password-stdin reads; tests replace it.
var stdin io.Reader = os.Stdin

// userCommands are the subcommands of lmo user.
var userCommands = []struct {
	name, help string
	run        func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}{
	{"add", "create an account and print a one-time sign-in link (or read its password from standard input)", runUserAdd},
	{"list", "list the accounts", runUserList},
	{"disable", "disable an account: its sessions end and its tokens stop working", runUserDisabled(true)},
	{"enable", "enable a disabled account", runUserDisabled(false)},
	{"role", "change an account's role", runUserRole},
	{"reset-password", "print a new one-time sign-in link (or read a new password from standard input)", runUserResetPassword},
}

// runUser dispatches lmo user's subcommands, which act as the system (an
// administrator) from the address "local".
func runUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stderr, "Usage: lmo user <command> [flags]\n\nCommands:")
		for _, c := range userCommands {
			fmt.Fprintf(stderr, "  %-15s %s\n", c.name, c.help)
		}
		if len(args) == 0 {
			return errors.New("no user command given")
		}
		return flag.ErrHelp
	}
	ctx = lmo.NewContextWithUser(ctx, lmo.SystemUser)
	for _, c := range userCommands {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	return fmt.Errorf("unknown user command %q (run 'lmo user -h')", args[0])
}

// userFlags are the flags of the user subcommands.
type userFlags struct {
	fs                    *flag.FlagSet
	db, email, role, name *string
	baseURL               *string
	passwordStdin         *bool
}

// newUserFlags declares --db and --email, and whichever of the others
// with names: "role", "name", "password" (--password-stdin and
// --base-url).
func newUserFlags(cmd, summary string, stderr io.Writer, with ...string) *userFlags {
	f := &userFlags{fs: newFlagSet("user "+cmd, summary, stderr)}
	f.db = dbFlag(f.fs)
	f.email = f.fs.String("email", "", "the account's email address")
	for _, w := range with {
		switch w {
		case "role":
			f.role = f.fs.String("role", "", "the role: "+strings.Join(lmo.Roles, ", "))
		case "name":
			f.name = f.fs.String("name", "", "the person's name (default: the email)")
		case "password":
			f.passwordStdin = f.fs.Bool("password-stdin", false, "read the password from standard input instead of printing a sign-in link")
			f.baseURL = f.fs.String("base-url", envOr("LMO_BASE_URL", "http://localhost:8080"), "the site's address, for the sign-in link (env LMO_BASE_URL)")
		}
	}
	return f
}

// parse parses args and requires --email (and --role when declared).
func (f *userFlags) parse(args []string) error {
	if err := f.fs.Parse(args); err != nil {
		return err
	}
	if f.fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", f.fs.Args())
	}
	if *f.email == "" {
		return errors.New("--email is required")
	}
	if f.role != nil && *f.role == "" {
		return errors.New("--role is required")
	}
	return nil
}

// withAccount opens the store and finds the account of --email.
func (f *userFlags) withAccount(ctx context.Context, fn func(store, *lmo.Account) error) error {
	s, err := openStore(ctx, *f.db)
	if err != nil {
		return err
	}
	defer s.Close()
	a, err := s.FindAccountByEmail(ctx, *f.email)
	if err != nil {
		return userError(err)
	}
	return fn(s, a)
}

// userError shows a store's error by its safe message.
func userError(err error) error {
	if err == nil || lmo.ErrorCode(err) == lmo.EINTERNAL {
		return err
	}
	return errors.New(lmo.ErrorMessage(err))
}

func runUserAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newUserFlags("add", "Create an account. It signs in with the one-time link printed, or with the password read by --password-stdin.", stderr, "role", "name", "password")
	if err := f.parse(args); err != nil {
		return err
	}
	pw, err := f.password()
	if err != nil {
		return err
	}
	s, err := openStore(ctx, *f.db)
	if err != nil {
		return err
	}
	defer s.Close()
	a := &lmo.Account{Email: *f.email, Name: *f.name, Role: *f.role}
	if err := s.CreateAccount(ctx, a); err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "created %s %s (account %d)\n", a.Role, a.Email, a.ID)
	return f.credentials(ctx, s, a, pw, stdout)
}

// password reads the password from standard input with --password-stdin,
// before anything is written; "" without.
func (f *userFlags) password() (string, error) {
	if !*f.passwordStdin {
		return "", nil
	}
	pw, err := readPassword(stdin)
	if err == nil && (utf8.RuneCountInString(pw) < lmo.MinPasswordLength || len(pw) > lmo.MaxPasswordLength) {
		// The store checks it too; checked here so that user add creates
		// no account it cannot give the password.
		err = fmt.Errorf("the password must be %d to %d characters long", lmo.MinPasswordLength, lmo.MaxPasswordLength)
	}
	return pw, err
}

// credentials sets the account's password pw, or without one prints a new
// one-time sign-in link.
func (f *userFlags) credentials(ctx context.Context, s store, a *lmo.Account, pw string, stdout io.Writer) error {
	if pw != "" {
		if err := s.SetPassword(ctx, a.ID, pw); err != nil {
			return userError(err)
		}
		fmt.Fprintf(stdout, "password set for %s\n", a.Email)
		return nil
	}
	secret, err := s.CreateSignInLink(ctx, a.ID)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "one-time sign-in link for %s (valid %s):\n%s/signin/link/%s\n",
		a.Email, lmo.SignInLinkTTL, strings.TrimRight(*f.baseURL, "/"), secret)
	return nil
}

// readPassword reads one line (the newline not included) from r.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, lmo.MaxPasswordLength+3)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read the password from standard input: %w", err)
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", errors.New("no password on standard input")
	}
	return line, nil
}

func runUserList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("user list", "List the accounts by email.", stderr)
	db := dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	accounts, err := s.Accounts(ctx)
	if err != nil {
		return userError(err)
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "EMAIL\tNAME\tROLE\tDISABLED\tLAST SIGN-IN")
	for _, a := range accounts {
		last := "never"
		if !a.LastSignIn.IsZero() {
			last = a.LastSignIn.UTC().Format(time.DateTime + " UTC")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", a.Email, a.Name, a.Role, map[bool]string{true: "yes", false: "no"}[a.Disabled], last)
	}
	return w.Flush()
}

// runUserDisabled returns lmo user disable (true) or enable (false).
func runUserDisabled(disabled bool) func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd, summary := "enable", "Enable a disabled account."
	if disabled {
		cmd, summary = "disable", "Disable an account: its sessions end and its API tokens stop working."
	}
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		f := newUserFlags(cmd, summary, stderr)
		if err := f.parse(args); err != nil {
			return err
		}
		return f.withAccount(ctx, func(s store, a *lmo.Account) error {
			if err := s.SetAccountDisabled(ctx, a.ID, disabled); err != nil {
				return userError(err)
			}
			fmt.Fprintf(stdout, "%sd %s\n", cmd, a.Email)
			return nil
		})
	}
}

func runUserRole(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newUserFlags("role", "Change an account's role.", stderr, "role")
	if err := f.parse(args); err != nil {
		return err
	}
	return f.withAccount(ctx, func(s store, a *lmo.Account) error {
		if err := s.SetAccountRole(ctx, a.ID, *f.role); err != nil {
			return userError(err)
		}
		fmt.Fprintf(stdout, "%s is now %s\n", a.Email, *f.role)
		return nil
	})
}

func runUserResetPassword(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newUserFlags("reset-password", "Print a new one-time sign-in link with which the account sets a new password, or set the password read by --password-stdin (either way its sessions end when the password changes).", stderr, "password")
	if err := f.parse(args); err != nil {
		return err
	}
	pw, err := f.password()
	if err != nil {
		return err
	}
	return f.withAccount(ctx, func(s store, a *lmo.Account) error { return f.credentials(ctx, s, a, pw, stdout) })
}
