package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/i18n"
	"casedesk/app/notice"
	"casedesk/data"
)

const codesUsage = `Usage:
  casedesk codes issue  (--person ID | --receipt R) [--out FILE] [--print] [--printer P]
  casedesk codes revoke (--person ID | --receipt R)

issue makes a new one-time online access code for the person (a case's
applicant or petitioner with --receipt), replacing any code they had, and
writes the Account Access Notice with the code to FILE; the code is stored
only as a keyed hash, so the notice is the one place it exists. revoke stops
the person's live codes.
`

// systemKeyring is where the data key is kept; tests put a fake here.
var systemKeyring auth.Keyring = auth.SystemKeyring{}

// keyFile is where the data key lives when the computer has no keyring
// service: the user's configuration folder, whatever --db says, so that a
// copy of the store's folder never carries the key with the data it seals.
// CASEDESK_KEY_FILE names a file to use instead of the keyring; it may not
// sit beside the store either (unless the store is in the configuration
// folder too, as it is by default).
func keyFile(store string) (file string, fileOnly bool, err error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", false, &app.KeyError{Err: app.ErrKeyFile, Cause: err,
			Msg: i18n.T("CaseDesk could not find your configuration folder, where it keeps its data key. Set HOME (or XDG_CONFIG_HOME) and start CaseDesk again.")}
	}
	config := filepath.Join(dir, "CaseDesk")
	file = filepath.Join(config, "casedesk.key")
	if f := os.Getenv("CASEDESK_KEY_FILE"); f != "" {
		if file, err = filepath.Abs(f); err != nil {
			return "", false, err
		}
		fileOnly = true
	}
	storeDir, err := filepath.Abs(filepath.Dir(store))
	if err != nil {
		return "", false, err
	}
	if sameDir(storeDir, filepath.Dir(file)) && !sameDir(storeDir, config) {
		return "", false, &app.KeyError{Err: app.ErrKeyFile,
			Msg: i18n.T("CASEDESK_KEY_FILE puts the data key in %s, beside the store %s: a copy of that folder would carry the key with the data it protects. Keep the key file in another folder.", file, store)}
	}
	return file, fileOnly, nil
}

// sameDir reports whether two folder paths name one folder.
func sameDir(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

// loadKeys finds the install's data key for the store at db, saying once
// where it is kept when there is no keyring.
func loadKeys(ctx context.Context, db string, stderr io.Writer) (*auth.Keys, error) {
	k, note, err := windowKeys(ctx, db)
	if note != "" {
		fmt.Fprintln(stderr, note)
	}
	return k, err
}

// windowKeys loads the data key for the store at db and, when it had to be
// put in a file, the sentence that says so once.
func windowKeys(ctx context.Context, db string) (*auth.Keys, string, error) {
	file, fileOnly, err := keyFile(db)
	if err != nil {
		return nil, "", err
	}
	kr := systemKeyring
	if fileOnly {
		kr = nil
	}
	k, err := auth.LoadKeys(ctx, kr, file)
	if err != nil {
		return nil, "", err
	}
	if k.Created && k.Source == auth.FromFile && !fileOnly {
		return k, i18n.T("This computer has no keyring, so CaseDesk keeps its data key in %s, readable only by you. Without it the store cannot be read: never keep a copy beside your backups.", k.File), nil
	}
	return k, "", nil
}

func codesVerb(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") || (args[0] != "issue" && args[0] != "revoke") {
		fmt.Fprint(stderr, codesUsage)
		return 2
	}
	sub, args := args[0], args[1:]
	var personID, receipt, out, printer string
	var print, reset bool
	db, rest, code, ok := flags("codes "+sub, args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&personID, "person", "", "the person's id")
		fs.StringVar(&receipt, "receipt", "", "a receipt number of one of the person's cases")
		if sub == "issue" {
			fs.StringVar(&out, "out", "", "the Account Access Notice PDF (default access-notice-<account number>.pdf)")
			fs.BoolVar(&print, "print", false, "print the notice once it is written")
			fs.BoolVar(&reset, "reset-account", false, "for a person whose account is set up: after checking who they are in person, "+
				"issue a code that replaces their password and 2-step verification when they use it")
			fs.StringVar(&printer, "printer", "", "with --print: the printer (default: the system default)")
		}
	})
	if !ok {
		return code
	}
	if len(rest) > 0 || (personID == "") == (receipt == "") {
		fmt.Fprintf(stderr, "casedesk codes %s: name the person with --person or --receipt (one of them)\n\n%s", sub, codesUsage)
		return 2
	}
	s, ok := openStore(ctx, db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	if receipt != "" {
		r, err := app.ParseReceipt(receipt)
		if err != nil {
			fmt.Fprintln(stderr, "casedesk codes:", err)
			return 2
		}
		c, err := s.CaseByReceipt(ctx, r)
		if err != nil {
			fmt.Fprintf(stderr, "casedesk codes: CaseDesk has no case with receipt number %s.\n", r)
			return 1
		}
		personID = c.ApplicantID
	}
	keys, err := loadKeys(ctx, db, stderr)
	if err == nil {
		err = s.UseKeys(ctx, keys)
	}
	if err != nil {
		fmt.Fprintln(stderr, "casedesk codes:", app.StoreMessage(db, err))
		return 1
	}
	codes := auth.NewCodes(s, keys, nil, auth.DefaultArgon2)
	if sub == "revoke" {
		n, err := codes.Revoke(ctx, personID, commandLineActor())
		if err != nil {
			fmt.Fprintln(stderr, "casedesk codes:", personMessage(err))
			return 1
		}
		fmt.Fprintf(stdout, "Revoked %d live access code(s).\n", n)
		return 0
	}
	purpose := auth.ForSetUp
	if reset {
		purpose = auth.ForReset
	}
	is, err := codes.Issue(ctx, personID, commandLineActor(), purpose)
	if errors.Is(err, auth.ErrAccountSetUp) {
		fmt.Fprintln(stderr, "casedesk codes: this person's account is already set up. A new code would replace its password and "+
			"2-step verification when it is used. Check who the person is in person (photo identification), then run the "+
			"same command with --reset-account. Nothing was changed.")
		return 1
	}
	if err != nil {
		fmt.Fprintln(stderr, "casedesk codes:", personMessage(err))
		return 1
	}
	if out == "" {
		out = "access-notice-" + string(is.Account.Number) + ".pdf"
	}
	if err := writeAccessNotice(ctx, s, is, out); err != nil {
		fmt.Fprintf(stderr, "casedesk codes: the code was issued but its notice could not be written: %v. Revoke it and issue another.\n", err)
		return 1
	}
	abs, _ := filepath.Abs(out)
	fmt.Fprintf(stdout, "Issued an access code for %s (online account number %s), valid through %s.\nThe Account Access Notice with the code is in %s\n",
		is.Person.FullName(), is.Account.Number, is.Expires, abs)
	if is.Reset {
		fmt.Fprintln(stdout, "This code resets the account: when it is used, the old password, authenticator app and backup codes stop working. The reset is in the audit log.")
	}
	if print {
		return printFile(ctx, abs, printer, stdout, stderr)
	}
	return 0
}

func personMessage(err error) string {
	if errors.Is(err, app.ErrNotFound) {
		return "CaseDesk has no such person."
	}
	return err.Error()
}

// writeAccessNotice renders the Account Access Notice of a new code.
func writeAccessNotice(ctx context.Context, s *data.Store, is auth.Issued, path string) error {
	lh, err := notice.NewService(s, nil).Letterhead(ctx)
	if err != nil {
		return err
	}
	return saveAccessNotice(ctx, lh, is, path)
}

// saveAccessNotice writes the Account Access Notice of a new code to path.
func saveAccessNotice(ctx context.Context, lh notice.Letterhead, is auth.Issued, path string) error {
	doc := notice.AccessNotice{Name: is.Person.FullName(), Address: notice.AddressBlock(is.Person),
		AccountNumber: is.Account.Number, Code: is.Code, Issued: is.Issued, Expires: is.Expires, Reset: is.Reset}
	return notice.Save(path, func(w io.Writer) error { return notice.Write(ctx, w, lh, []notice.Doc{doc}, nil) })
}

// demoIssue is the access codes just issued to demo people, with the
// letterhead for their notices, waiting to be written out.
type demoIssue struct {
	lh     notice.Letterhead
	issued []auth.Issued
}

// issueDemo gives up to n demo people without an account an access code in
// s. The codes exist only in what it returns: write them out with write.
func issueDemo(ctx context.Context, s *data.Store, keys *auth.Keys, n int) (demoIssue, error) {
	ids, err := s.PeopleWithoutAccounts(ctx, n)
	if err != nil || len(ids) == 0 {
		return demoIssue{}, err
	}
	lh, err := notice.NewService(s, nil).Letterhead(ctx)
	if err != nil {
		return demoIssue{}, err
	}
	d := demoIssue{lh: lh}
	codes := auth.NewCodes(s, keys, nil, auth.DefaultArgon2)
	for _, id := range ids {
		is, err := codes.Issue(ctx, id, "demo", auth.ForSetUp)
		if err != nil {
			return demoIssue{}, err
		}
		d.issued = append(d.issued, is)
	}
	return d, nil
}

// write puts each code's Account Access Notice and a list (codes.txt) in
// the folder demo-codes beside the store at db, and returns the folder.
func (d demoIssue) write(ctx context.Context, db string) (string, error) {
	dir := filepath.Join(filepath.Dir(db), "demo-codes")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	var list strings.Builder
	list.WriteString("Demo access codes: made-up people, for trying the set-up wizard.\n\n")
	for _, is := range d.issued {
		file := filepath.Join(dir, "access-notice-"+string(is.Account.Number)+".pdf")
		if err := saveAccessNotice(ctx, d.lh, is, file); err != nil {
			return "", err
		}
		fmt.Fprintf(&list, "%s  code %s  family name %s, born %s, ZIP %s, country of birth %s\n", is.Person.FullName(), is.Code,
			is.Person.FamilyName, is.Person.DateOfBirth.Short(), is.Person.Address.ZIP.Five(), is.Person.CountryOfBirth)
	}
	return dir, os.WriteFile(filepath.Join(dir, "codes.txt"), []byte(list.String()), 0o600)
}

// accountsVerb is "accounts unlock --username U": staff clear a lock after
// checking who is asking.
func accountsVerb(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const usage = "Usage:\n  casedesk accounts unlock --username U\n\nunlock clears the lock that 5 failed sign-ins put on an account.\n"
	if len(args) == 0 || args[0] != "unlock" {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var username string
	db, rest, code, ok := flags("accounts unlock", args[1:], stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "the account's username")
	})
	if !ok {
		return code
	}
	if len(rest) > 0 || strings.TrimSpace(username) == "" {
		fmt.Fprint(stderr, usage)
		return 2
	}
	s, ok := openStore(ctx, db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	cred, err := s.CredentialsByUsername(ctx, strings.TrimSpace(username))
	if err != nil {
		fmt.Fprintf(stderr, "casedesk accounts: there is no account with the username %s.\n", username)
		return 1
	}
	if err := s.Unlock(ctx, cred.Account.ID, commandLineActor(), time.Now()); err != nil {
		fmt.Fprintln(stderr, "casedesk accounts:", err)
		return 1
	}
	fmt.Fprintf(stdout, "Unlocked %s; they can sign in again now.\n", cred.Account.Username)
	return 0
}

// commandLineActor is who the audit log names for a command: the computer
// account that ran it, until staff sign in to the command line.
func commandLineActor() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "command line (" + u.Username + ")"
	}
	return "command line"
}
