package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"casedesk/app/auth"
	"casedesk/data"
)

// The staff member whose desk is measured: the demo's staff account, set up
// by benchreport with a password and an authenticator secret of its own.
const (
	deskUser     = "demo.staff"
	deskPassword = "copper meadow lantern 42"
	deskSecret   = "KZXW6YTBOJQWIZLTNNRGK3TDNBWWC4TL" // base32, 20 bytes
	deskSearch   = "gar"                              // a prefix of many family names
)

// totpOpts are an authenticator app's settings for CaseDesk (RFC 6238 defaults).
var totpOpts = totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// openWithKeys opens the store at path with the install's data key in use,
// found as the casedesk binary finds it (CASEDESK_KEY_FILE, the keyring or
// the key file in the configuration folder).
func openWithKeys(ctx context.Context, path string) (*data.Store, *auth.Keys, error) {
	s, err := data.Open(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	keys, _, err := auth.InstallKeys(ctx, auth.SystemKeyring{}, path)
	if err == nil {
		err = s.UseKeys(ctx, keys)
	}
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, keys, nil
}

// prepareStaff does deskUser's first sign-in on the demo store at ref, as
// the window's would: the one-time password the demo listed beside the
// store is replaced by deskPassword, and deskSecret becomes the account's
// authenticator. A store where that was done already is left as it is.
func prepareStaff(ref string) error {
	ctx := context.Background()
	s, keys, err := openWithKeys(ctx, ref)
	if err != nil {
		return err
	}
	defer s.Close()
	cred, err := s.CredentialsByUsername(ctx, deskUser)
	if err != nil {
		return fmt.Errorf("the staff account %s on %s: %w", deskUser, ref, err)
	}
	if !cred.MustChange {
		ok, err := auth.VerifyPassword(deskPassword, cred.PasswordHash)
		if err != nil {
			return err
		}
		secret, serr := keys.Open(cred.TOTPSecret)
		if !ok || cred.TOTPSecret == nil || serr != nil || string(secret) != deskSecret {
			return fmt.Errorf("%s on %s was set up by hand, so the benchmark cannot sign in with it; build the store again (make bench does)", deskUser, ref)
		}
		return nil
	}
	once, err := oneTimePassword(ref)
	if err != nil {
		return err
	}
	acct := auth.NewAccount(s, keys, nil, auth.DefaultArgon2)
	ch, err := acct.Password(ctx, deskUser, once)
	if err != nil {
		return fmt.Errorf("%s's one-time password, as listed in demo-codes beside %s (by the last demo built in that folder): %w", deskUser, ref, err)
	}
	backups, err := auth.NewBackupCodes()
	if err != nil {
		return err
	}
	code, err := totpCode(time.Now().Unix() / 30)
	if err != nil {
		return err
	}
	_, err = acct.FirstSignIn(ctx, ch, auth.Setup{Username: deskUser, Password: deskPassword,
		Enrolment: &auth.Enrolment{Secret: deskSecret}, ConfirmCode: code, BackupCodes: backups})
	if err != nil {
		return fmt.Errorf("%s's first sign-in: %w", deskUser, err)
	}
	return nil
}

// oneTimePassword reads deskUser's one-time password from the list the demo
// writes beside its store.
func oneTimePassword(ref string) (string, error) {
	list := filepath.Join(filepath.Dir(ref), "demo-codes", "codes.txt")
	b, err := os.ReadFile(list)
	if err != nil {
		return "", fmt.Errorf("the demo's list of staff accounts: %w", err)
	}
	m := regexp.MustCompile(`username ` + regexp.QuoteMeta(deskUser) + `\s+one-time password (\S+)`).FindSubmatch(b)
	if m == nil {
		return "", fmt.Errorf("%s lists no one-time password for %s", list, deskUser)
	}
	return string(m[1]), nil
}

// totpCode is the code an authenticator app with deskSecret shows in the
// 30-second step step.
func totpCode(step int64) (string, error) {
	return totp.GenerateCodeCustom(deskSecret, time.Unix(step*30, 0), totpOpts)
}

// nextCode waits, when it has to, for a code the sign-in will take: each
// step's code works once, so it is one of a step after lastStep, and
// CaseDesk takes the current step's and those one step either side. It
// returns the code and its step, never one of a step already ending.
func nextCode(lastStep int64) (string, int64, error) {
	for {
		now := time.Now()
		current := now.Unix() / 30
		step := max(current, lastStep+1)
		if step <= current+1 {
			code, err := totpCode(step)
			if err != nil {
				return "", 0, err
			}
			// The app's own check, at the same moment, must take it.
			if _, err := auth.CheckTOTP(deskSecret, code, now, lastStep); err != nil {
				return "", 0, fmt.Errorf("the authenticator code for step %d: %w", step, err)
			}
			return code, step, nil
		}
		time.Sleep(time.Until(time.Unix((current+1)*30, 0)) + 100*time.Millisecond)
	}
}

// staffState reads deskUser's account: its id, the last authenticator step
// used and whether it is locked.
func staffState(ref string) (id string, lastStep int64, err error) {
	ctx := context.Background()
	s, err := data.Open(ctx, ref)
	if err != nil {
		return "", 0, err
	}
	defer s.Close()
	cred, err := s.CredentialsByUsername(ctx, deskUser)
	if err != nil {
		return "", 0, err
	}
	if until := cred.Account.LockedUntil; until.After(time.Now()) {
		return "", 0, fmt.Errorf("%s is locked after failed sign-ins until %s; build the store again (make bench does)", deskUser, until.Local().Format(time.Kitchen))
	}
	return cred.Account.ID, cred.TOTPLastStep, nil
}

// errNoSignIn is a sign-in the audit log does not show (yet).
var errNoSignIn = errors.New("no sign-in")

// signedInSince reports whether the audit log shows account's successful
// sign-in at or after since; an error when it shows a failed one.
func signedInSince(ref, account string, since time.Time) error {
	ctx := context.Background()
	s, err := data.Open(ctx, ref)
	if err != nil {
		return err
	}
	defer s.Close()
	events, err := s.SignInActivity(ctx, account, 10)
	if err != nil {
		return err
	}
	since = since.Truncate(time.Second) // the log keeps whole seconds
	for _, e := range events {
		if e.At.Before(since) {
			break
		}
		switch e.Action {
		case "signin.ok":
			return nil
		case "signin.failed", "signin.refused":
			return fmt.Errorf("the sign-in failed: %s", e.Detail)
		}
	}
	return errNoSignIn
}

// deskPeak starts CaseDesk on the demo store at ref, signs deskUser in by
// keyboard as a staff member would (the welcome screen's Sign in, username
// and password, the authenticator's code), types deskSearch in the desk's
// search once the audit log shows the sign-in, lets the results settle and
// returns the process's peak RSS in kB. The screen is saved to shot.
func deskPeak(display, bin, ref, shot string) (int, error) {
	account, lastStep, err := staffState(ref)
	if err != nil {
		return 0, err
	}
	cmd := exec.Command(bin, "--db", ref)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer stopWindow(cmd)
	failed := func(what string, err error) (int, error) {
		file := filepath.Join(filepath.Dir(shot), "desk-failed.png")
		screenshot(display, file)
		return 0, fmt.Errorf("the staff desk: %s: %v (the screen is in %s)\n%s", what, err, file, stderr.String())
	}
	// The demo store's title says DEMO once the store is open.
	win, err := waitWindow(display, "^CaseDesk — DEMO$", 30*time.Second)
	if err != nil {
		return failed("the window", err)
	}
	time.Sleep(2 * time.Second) // the welcome screen counts what the store holds, then offers Sign in
	steps := [][]string{
		{"windowfocus", "--sync", win},
		{"key", "--delay", "60", "Tab", "Tab", "Tab", "space"}, // Sign in, after the language and Larger text
		nil,
		{"type", "--delay", "20", deskUser},
		{"key", "--delay", "60", "Tab"},
		{"type", "--delay", "20", deskPassword},
		{"key", "--delay", "60", "Return"},
		nil, // the password's hash is checked, then the code is asked for
	}
	for _, s := range steps {
		if s == nil {
			time.Sleep(1500 * time.Millisecond)
			continue
		}
		if err := xdo(display, s...); err != nil {
			return failed("typing", err)
		}
	}
	code, _, err := nextCode(lastStep)
	if err != nil {
		return failed("the code", err)
	}
	if err := xdo(display, "type", "--delay", "20", code); err != nil {
		return failed("typing", err)
	}
	if err := xdo(display, "key", "Return"); err != nil {
		return failed("typing", err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		err := signedInSince(ref, account, start)
		if err == nil {
			break
		}
		if !errors.Is(err, errNoSignIn) || time.Now().After(deadline) {
			return failed("signing in as "+deskUser, err)
		}
		time.Sleep(250 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond) // the desk opens with the cursor in its search
	if err := xdo(display, "type", "--delay", "80", deskSearch); err != nil {
		return failed("typing", err)
	}
	time.Sleep(4 * time.Second) // the search as typed, and its list, settle
	peak := vmHWM(cmd.Process.Pid)
	if peak == 0 { // a process that ended has no memory figures
		return failed("CaseDesk", errors.New("it exited"))
	}
	screenshot(display, shot)
	return peak, nil
}

// waitWindow waits for a visible window whose title matches name, and
// returns its id.
func waitWindow(display, name string, within time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	for ctx.Err() == nil {
		search := exec.CommandContext(ctx, "xdotool", "search", "--onlyvisible", "--name", name)
		search.Env = append(os.Environ(), "DISPLAY="+display)
		if out, _ := search.Output(); len(bytes.Fields(out)) > 0 {
			return string(bytes.Fields(out)[0]), nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return "", fmt.Errorf("no window %q within %s", name, within)
}

// xdo runs xdotool on display.
func xdo(display string, args ...string) error {
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("xdotool %v: %v\n%s", args, err, out)
	}
	return nil
}

// screenshot saves the screen of display to file, as far as it can.
func screenshot(display, file string) {
	cmd := exec.Command("import", "-window", "root", file)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	cmd.Run()
}
