package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"casedesk/app"
	"casedesk/app/auth"
)

const seatUsage = `Usage:
  casedesk seat enrol --db postgres://…

seat enrol makes this computer a seat of the clinic's database on a server.
Every seat keeps the clinic's one data key; a new seat gets it from the
clinic's printed Recovery Key sheet. The key is read from standard input:
type it when asked (it is not shown), or pass it from a file with
  casedesk seat enrol --db postgres://… < key.txt
never on the command line, where other users of the computer could read it.
The right key is kept in this computer's keyring (or, with no keyring, in a
file only you can read) and nothing else changes. A wrong key is refused and
saves nothing; 5 wrong keys in a day stop enrolment until the day is over.
`

// SeatEnroller is a store on a database server that can make this
// computer one of its seats; the stores main opens for commands are.
type SeatEnroller interface {
	// EnrolSeat checks the typed recovery key against the clinic's
	// database and keeps it as this seat's data key (auth.EnrolSeat).
	EnrolSeat(ctx context.Context, typedKey, actor string) (SeatEnrolled, error)
}

// SeatEnrolled says where the enrolled seat keeps the data key.
type SeatEnrolled struct {
	InKeyring bool
	File      string // the key file, when there is no keyring
}

// seatCommand is "seat enrol".
func seatCommand(ctx context.Context, env Env, args []string) error {
	c, err := flags(env, "seat", seatUsage, args, nil)
	if err != nil {
		return err
	}
	if len(c.words) != 1 || (c.words[0] != "enrol" && c.words[0] != "enroll") {
		return usage(seatUsage)
	}
	typed, err := readRecoveryKey(env)
	if err != nil {
		return failed("seat", "%v", err)
	}
	s, err := open(ctx, env, "seat", c.db)
	if err != nil {
		return err
	}
	defer s.Close()
	en, ok := s.(SeatEnroller)
	if !ok {
		return failed("seat", "this CaseDesk cannot enrol seats")
	}
	res, err := en.EnrolSeat(ctx, typed, env.Actor)
	var re *auth.RecoveryKeyError
	var le *auth.SeatLimitError
	switch {
	case errors.Is(err, ErrNotOnServer):
		return failed("seat", "%s is a store file, which one computer keeps; seats are for a clinic's database on a server (--db postgres://…).", c.db)
	case errors.As(err, &re), errors.As(err, &le), errors.Is(err, app.ErrSeatKeyWrong), errors.Is(err, auth.ErrNothingToEnrol):
		return failed("seat", "%s", auth.SeatEnrolMessage(err))
	case err != nil:
		return failed("seat", "%s", app.StoreMessage(c.db, err))
	}
	where := "this computer's keyring"
	if !res.InKeyring {
		where = "the file " + res.File + ", readable only by you"
	}
	fmt.Fprintf(env.Stdout, "This computer is now a seat of the clinic's database %s; it keeps the clinic's data key in %s.\n", c.db, where)
	fmt.Fprintf(env.Stdout, "Open CaseDesk on it with: casedesk --db %s\nPut the Recovery Key sheet back where it is kept.\n", c.db)
	return nil
}

// ErrNotOnServer means a command for a clinic's database on a server was
// given a store file.
var ErrNotOnServer = errors.New("the store is a file, not a database on a server")

// readRecoveryKey reads the recovery key from standard input: on a
// terminal without showing it, else the first 4 KB.
func readRecoveryKey(env Env) (string, error) {
	if env.Stdin == nil {
		return "", errors.New("there is no standard input to read the recovery key from")
	}
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(env.Stderr, "The recovery key from the clinic's Recovery Key sheet, 13 groups (it is not shown as you type): ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		return string(b), err
	}
	b, err := io.ReadAll(io.LimitReader(env.Stdin, 4096))
	return string(b), err
}
