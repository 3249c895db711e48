package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/i18n"
	"casedesk/app/notice"
)

// Clinic is an open store that the demo clinic is built into.
type Clinic interface {
	// OpenKeys puts the install's data key to use, which building the
	// clinic and issuing its codes need; looking at the store does not.
	OpenKeys(ctx context.Context) error
	Summary(ctx context.Context) (app.Summary, error)
	Backup(ctx context.Context, to string) error
	BeginBulk(ctx context.Context) (Batch, error)
	// PeopleWithoutAccounts lists up to n people who have no online account.
	PeopleWithoutAccounts(ctx context.Context, n int) ([]string, error)
	Codes() *auth.Codes
	Notices() *notice.Service
	// CreateStaff adds a staff account with a one-time password.
	CreateStaff(ctx context.Context, r desk.NewStaff) (desk.StaffMember, error)
	Close() error
}

// Files opens and makes the stores the demo clinic lives in; main
// implements it over the case store.
type Files interface {
	// Open opens the store at path.
	Open(ctx context.Context, path string) (Clinic, error)
	// Create makes a new store at path, filled by fill, all or nothing: a
	// failure leaves path as it was.
	Create(ctx context.Context, path string, fill func(Clinic) error) error
}

// Path is where the demo clinic that goes with the store at path lives: a
// file of its own beside it, so demo people never mix with real ones.
func Path(path string) string { return filepath.Join(filepath.Dir(path), "casedesk-demo.db") }

// CodeCount is how many unredeemed access codes the demo leaves for trying
// the set-up wizard.
const CodeCount = 5

// ErrRealStore means the store was set up by a clinic: the demo clinic is
// never built into it, not even when asked to replace what is there.
var ErrRealStore = errors.New("the store is a clinic's own store")

// FullError means the store already holds a demo clinic; Replace builds a
// new one in its place.
type FullError struct{ People, Cases int }

func (e *FullError) Error() string {
	return fmt.Sprintf("the store already holds %d people and %d cases", e.People, e.Cases)
}

// Installed says what Install built.
type Installed struct {
	Counts Counts
	Kept   string // where the store it replaced was backed up, if it replaced one
	Codes  Codes  // the demo access codes, to write out with Codes.Write
}

// Install builds the demo clinic into the store at path: into a new file,
// into a store nothing was ever put in, or (with replace) in place of an
// earlier demo clinic, which is backed up first. A clinic's own store is
// refused with ErrRealStore, and a demo store that is not empty, without
// replace, with *FullError. Whatever fails leaves the store as it was.
func Install(ctx context.Context, files Files, path string, opt Options, replace bool, progress func(done, total int)) (Installed, error) {
	var in Installed
	fill := func(c Clinic) (err error) {
		in.Counts, in.Codes, err = fill(ctx, c, opt, progress)
		return err
	}
	if _, err := os.Stat(path); err == nil {
		c, err := files.Open(ctx, path)
		if err != nil {
			return in, err
		}
		sum, err := c.Summary(ctx)
		switch {
		case err != nil:
		case sum.NeverSetUp() || (sum.Demo() && sum.Empty()):
			err = fill(c)
			c.Close()
			return in, err
		case !sum.Demo():
			err = ErrRealStore
		case !replace:
			err = &FullError{People: sum.People, Cases: sum.Cases}
		default:
			in.Kept = path + ".before-demo-" + time.Now().UTC().Format("20060102-150405")
			if err = c.Backup(ctx, in.Kept); err != nil {
				err = fmt.Errorf("could not back up the store first: %w", err)
			}
		}
		c.Close()
		if err != nil {
			return Installed{}, err
		}
	}
	err := files.Create(ctx, path, fill)
	if err != nil {
		in.Counts, in.Codes = Counts{}, Codes{}
	}
	return in, err
}

// Open opens the demo clinic at path, building it first (all or nothing,
// with the given number of people) when it is not there yet or is an empty
// file. It returns the clinic and, after a build, the sentence that says
// where its demo access codes are listed.
func Open(ctx context.Context, files Files, path string, people int, progress func(done, total int)) (Clinic, string, error) {
	opt := Options{People: people, Seed: 1}
	var codes Codes
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		err := files.Create(ctx, path, func(c Clinic) (err error) {
			_, codes, err = fill(ctx, c, opt, progress)
			return err
		})
		if err != nil {
			return nil, "", err
		}
	}
	c, err := files.Open(ctx, path)
	if err != nil {
		return nil, "", err
	}
	sum, err := c.Summary(ctx)
	if err == nil && sum.NeverSetUp() { // an empty file in its place: fill it
		if _, codes, err = fill(ctx, c, opt, progress); err == nil {
			sum, err = c.Summary(ctx)
		}
	}
	if err == nil && !sum.Demo() {
		err = fmt.Errorf("%s is not the demo clinic, so it was left alone", path)
	}
	if err != nil {
		c.Close()
		return nil, "", err
	}
	var note string
	if dir, err := codes.Write(ctx, path); err == nil && len(codes.Issued) > 0 {
		note = i18n.T("To try setting up an account, use one of the %d demo access codes listed, with each person's details, in %s. Their Account Access Notices are in the same folder. To try the clinic's desk, sign in as demo.admin or demo.staff with the one-time password listed there.",
			len(codes.Issued), filepath.Join(dir, "codes.txt"))
	}
	return c, note, nil
}

// fill builds the demo clinic into c and issues its access codes within the
// build, so the store is opened (and checked) once.
func fill(ctx context.Context, c Clinic, opt Options, progress func(done, total int)) (Counts, Codes, error) {
	if err := c.OpenKeys(ctx); err != nil {
		return Counts{}, Codes{}, err
	}
	n, err := Load(ctx, c.BeginBulk, opt, progress)
	if err != nil {
		return n, Codes{}, err
	}
	codes, err := IssueCodes(ctx, c, CodeCount)
	if err != nil {
		return n, Codes{}, fmt.Errorf("the demo access codes could not be made: %w", err)
	}
	if codes.Staff, err = addStaff(ctx, c, opt); err != nil {
		return n, Codes{}, fmt.Errorf("the demo staff accounts could not be made: %w", err)
	}
	return n, codes, nil
}

// Staff is a demo staff account and its one-time password.
type Staff struct {
	Name, Username, Password string
	Role                     app.Role
}

// demoStaff are the demo clinic's staff: an administrator and a staff member.
var demoStaff = []Staff{
	{Name: "Rosa Delgado", Username: "demo.admin", Role: app.RoleAdmin},
	{Name: "Tomás Herrera", Username: "demo.staff", Role: app.RoleStaff},
}

// addStaff gives the demo clinic its staff, each with a one-time password
// that the first sign-in replaces.
func addStaff(ctx context.Context, c Clinic, opt Options) ([]Staff, error) {
	var out []Staff
	for _, s := range demoStaff {
		pw, err := desk.OneTimePassword()
		if err != nil {
			return nil, err
		}
		given, family, _ := strings.Cut(s.Name, " ")
		at := opt.Clock
		if at.IsZero() {
			at = time.Now().UTC()
		}
		_, err = c.CreateStaff(ctx, desk.NewStaff{GivenName: given, FamilyName: family, Username: s.Username, Role: s.Role,
			PasswordHash: auth.HashPassword(pw, auth.DefaultArgon2), At: at,
			Audit: app.AuditEvent{At: at, ActorID: "demo", Action: "staff.add", RecordType: "account", Detail: "demo staff " + s.Username}})
		if err != nil {
			return nil, err
		}
		s.Password = pw
		out = append(out, s)
	}
	return out, nil
}

// Codes is the access codes just issued to demo people, waiting to be
// written out: the store keeps only their keyed hashes.
type Codes struct {
	Issued []auth.Issued
	Staff  []Staff           // the demo staff accounts and their one-time passwords
	lh     notice.Letterhead // read when the codes were issued, from the store they are in
}

// IssueCodes gives up to n demo people without an account an access code.
func IssueCodes(ctx context.Context, c Clinic, n int) (Codes, error) {
	ids, err := c.PeopleWithoutAccounts(ctx, n)
	if err != nil || len(ids) == 0 {
		return Codes{}, err
	}
	lh, err := c.Notices().Letterhead(ctx)
	if err != nil {
		return Codes{}, err
	}
	out := Codes{lh: lh}
	codes := c.Codes()
	for _, id := range ids {
		is, err := codes.Issue(ctx, id, "demo", auth.ForSetUp)
		if err != nil {
			return Codes{}, err
		}
		out.Issued = append(out.Issued, is)
	}
	return out, nil
}

// Write puts each code's Account Access Notice and a list, codes.txt, in
// the folder demo-codes beside the store at path, and returns the folder.
func (d Codes) Write(ctx context.Context, path string) (string, error) {
	dir := filepath.Join(filepath.Dir(path), "demo-codes")
	if len(d.Issued) == 0 && len(d.Staff) == 0 {
		return dir, nil
	}
	var list strings.Builder
	if len(d.Staff) > 0 {
		list.WriteString("Demo staff accounts, for trying the clinic's desk. Sign in with the one-time password;\nthe first sign-in asks for a password of your own and sets up 2-step verification.\n\n")
		for _, s := range d.Staff {
			fmt.Fprintf(&list, "%s (%s)  username %s  one-time password %s\n", s.Name, s.Role, s.Username, s.Password)
		}
		list.WriteString("\n")
	}
	list.WriteString("Demo access codes: made-up people, for trying the set-up wizard.\n\n")
	for _, is := range d.Issued {
		file := filepath.Join(dir, "access-notice-"+string(is.Account.Number)+".pdf")
		if err := notice.SaveDocs(ctx, file, d.lh, is.Notice()); err != nil {
			return "", err
		}
		fmt.Fprintf(&list, "%s  code %s  family name %s, born %s, ZIP %s, country of birth %s\n", is.Person.FullName(), is.Code,
			is.Person.FamilyName, is.Person.DateOfBirth.Short(), is.Person.Address.ZIP.Five(), is.Person.CountryOfBirth)
	}
	return dir, notice.Save(filepath.Join(dir, "codes.txt"), func(w io.Writer) error {
		_, err := io.WriteString(w, list.String())
		return err
	})
}
