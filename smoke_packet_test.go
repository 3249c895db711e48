//go:build smoke

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/data"
)

// TestSmokePacket carries a client's cases home from a clinic in the real
// window, by keyboard alone:
//   - at the clinic (the demo's store, its own data key), `casedesk packet`
//     writes a client's case packet and its Account Access Notice;
//   - at home (another folder, another data key, a store never set up), the
//     code is read back from the notice with pdftotext; "This is my own
//     computer" → "I have an access code and a case packet from my clinic";
//     the packet is picked in the file dialog, then the code, the identity,
//     a username and password, backup codes (the sheet saved);
//   - the person signs in with a backup code and sees the clinic's cases and
//     when its last update was made;
//   - the clinic records an approval and writes a second packet, which the
//     person adds from the home screen: the case shows it.
func TestSmokePacket(t *testing.T) {
	parallel(t)
	display := startX(t)
	shots := shotsDir(t)
	dir := t.TempDir()
	clinicDB := filepath.Join(dir, "clinic", "casedesk.db")
	clinicEnv := []string{"CASEDESK_KEY_FILE=" + filepath.Join(dir, "clinic-key", "casedesk.key"), "HOME=" + filepath.Join(dir, "clinic")}
	clinic := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(binary(t), args...)
		cmd.Env = append(os.Environ(), clinicEnv...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("casedesk %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	clinic("demo", "--people", "50", "--db", clinicDB)
	list, err := os.ReadFile(filepath.Join(dir, "clinic", "demo-codes", "codes.txt"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`code \S+  family name (.+), born (\S+), ZIP (\d+), country of birth (.+)`).FindStringSubmatch(string(list))
	if m == nil {
		t.Fatalf("no demo client in\n%s", list)
	}
	// xdotool types accented letters unreliably; CaseDesk ignores accents.
	family, dob, zip, country := app.FoldName(m[1]), m[2], m[3], app.FoldName(m[4])
	receipt := receiptOf(t, clinicDB, m[1], zip)

	// The person's home folder holds the packets they were given, and
	// nothing else the file dialog would list; the store and its key are
	// elsewhere.
	home := filepath.Join(dir, "home")
	homeDB := filepath.Join(dir, "home-store", "casedesk.db")
	homeEnv := []string{"HOME=" + home, "CASEDESK_KEY_FILE=" + filepath.Join(dir, "home-key", "casedesk.key"),
		"XDG_CONFIG_HOME=" + filepath.Join(dir, "home-xdg", "config"), "XDG_DATA_HOME=" + filepath.Join(dir, "home-xdg", "data"),
		"XDG_CACHE_HOME=" + filepath.Join(dir, "home-xdg", "cache")}
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	first := filepath.Join(home, "cases-1.cdpacket")
	code := writePacket(t, clinic, clinicDB, receipt, first, filepath.Join(dir, "notice-1.pdf"))

	w := open(t, display, shots, "^CaseDesk$", homeEnv, "--db", homeDB)
	// Past the language, Larger text, the clinic's two buttons and "Set up
	// my own CaseDesk" to the packet's button.
	w.key(welcomeTabs("Tab", "Tab", "Tab", "Tab")...)
	w.ringed("packet-01-welcome")
	w.key("space")
	time.Sleep(500 * time.Millisecond)
	w.typ(code)
	w.key("Tab", "space") // "Choose the packet file…"
	time.Sleep(1200 * time.Millisecond)
	w.snap("packet-02-file-dialog")
	pickOnlyFile(w)
	w.ringed("packet-03-wizard-code-and-file")
	// Back in the code, Return goes on.
	w.key("shift+Tab", "Return")
	time.Sleep(500 * time.Millisecond)
	w.typ(family)
	w.key("Tab")
	w.typ(dob)
	w.key("Tab")
	w.typ(zip)
	w.key("Tab")
	w.typ(country)
	w.snap("packet-04-wizard-identity")
	w.key("Return") // the key is derived from the code: a moment
	time.Sleep(2000 * time.Millisecond)
	w.typ("packet.user")
	w.key("Tab")
	w.typ("river lamp orange 42")
	w.key("Tab")
	w.typ("river lamp orange 42")
	w.snap("packet-05-wizard-password")
	w.key("Return")
	time.Sleep(1500 * time.Millisecond)
	// Backup codes only, then "Set up my account".
	w.key("shift+Tab", "Down", "space")
	w.key("Tab", "Tab", "Tab", "space")
	w.until("the account set up from the packet", func() bool { return usernameTaken(t, homeDB, "packet.user") })
	w.settle(700 * time.Millisecond) // its last step is drawn
	w.ringed("packet-06-wizard-done")
	if text := w.reads("packet-06-wizard-done", "came from Riverside"); !strings.Contains(text, "came from Riverside") {
		t.Errorf("the last step does not say where the cases came from:\n%s", text)
	}
	w.key("Tab", "space") // "Save as PDF…", its dialog's Return saves
	time.Sleep(800 * time.Millisecond)
	w.key("Return")
	backup := savedBackupCode(t, filepath.Join(home, "backup-codes.pdf"), w.p)
	w.key("Tab", "space", "Tab", "Tab", "space") // kept the codes; Finish

	if kind := withStore(homeDB, func(ctx context.Context, s *data.Store) (string, error) {
		return s.Setting(ctx, app.SettingInstallKind)
	}); kind != app.InstallHousehold {
		t.Fatalf("the home store's install kind is %q", kind)
	}
	cases := withStore(homeDB, func(ctx context.Context, s *data.Store) (int, error) {
		sum, err := s.Summary(ctx)
		return sum.Cases, err
	})
	if cases == 0 || caseStatus(t, homeDB, receipt) == "" {
		t.Fatalf("the home store has %d cases, and not %s", cases, receipt)
	}

	// Sign in with a backup code.
	time.Sleep(800 * time.Millisecond)
	w.snap("packet-07-welcome-household")
	w.key(welcomeTabs("Tab", "space")...)
	time.Sleep(500 * time.Millisecond)
	w.typ("packet.user")
	w.key("Tab")
	w.typ("river lamp orange 42")
	w.key("Return")
	time.Sleep(1500 * time.Millisecond)
	w.typ(backup)
	w.key("Return")
	w.until("a sign-in", func() bool { return signedIn(t, homeDB) })
	if text := w.reads("packet-08-home", "last update made", "Add a newer packet"); !strings.Contains(text, "last update made") || !strings.Contains(text, "Add a newer packet") {
		t.Fatalf("the home screen does not show the clinic's last update:\n%s", text)
	}

	// The clinic approves the case and writes a second packet; the first
	// goes from the person's folder, the second comes in.
	clinic("cases", "status", "--receipt", receipt, "--status", "approved", "--date", time.Now().Format("01/02/2006"),
		"--notice", "approval", "--db", clinicDB)
	os.Remove(first)
	code2 := writePacket(t, clinic, clinicDB, receipt, filepath.Join(home, "cases-2.cdpacket"), filepath.Join(dir, "notice-2.pdf"))
	// "Add a newer packet from my clinic…" is the screen's first control;
	// its dialog has the cursor in the code.
	w.key("Tab", "space")
	time.Sleep(800 * time.Millisecond)
	w.typ(code2)
	w.key("shift+Tab", "space") // "Choose the packet file…"
	time.Sleep(1200 * time.Millisecond)
	pickOnlyFile(w)
	w.snap("packet-09-newer-packet")
	w.key("Return") // the cursor is back in the code
	w.until("the second packet applied", func() bool { return caseStatus(t, homeDB, receipt) == "Case Was Approved" })
	if text := w.reads("packet-10-applied", "is applied"); !strings.Contains(text, "is applied") {
		t.Errorf("the home screen does not say what the packet changed:\n%s", text)
	}
	seq := withStore(homeDB, func(ctx context.Context, s *data.Store) (int64, error) {
		p, err := s.ClinicPin(ctx)
		return p.Seq, err
	})
	if seq != 2 {
		t.Fatalf("the pin is at packet %d", seq)
	}
	w.quit()
}

// writePacket writes the case packet of the applicant of receipt at the
// clinic, and returns the access code read back from its notice.
func writePacket(t *testing.T, clinic func(...string) string, db, receipt, out, notice string) string {
	t.Helper()
	clinic("packet", "--receipt", receipt, "--out", out, "--notice", notice, "--db", db)
	text, err := exec.Command("pdftotext", notice, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	code := regexp.MustCompile(`\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b`).FindString(string(text))
	if code == "" {
		t.Fatalf("no access code on the packet's notice:\n%s", text)
	}
	return code
}

// pickOnlyFile picks, in Fyne's open dialog, the one file it lists after
// "(Parent)": Tab to the places, Tab to the files, Right, Space to choose;
// back past the places to "Open", Space.
func pickOnlyFile(w *win) {
	w.t.Helper()
	w.key("Tab", "Tab", "Right", "space")
	time.Sleep(300 * time.Millisecond)
	w.key("shift+Tab", "shift+Tab", "space")
	time.Sleep(800 * time.Millisecond)
}

// receiptOf is a receipt number of a case whose applicant is the client
// with that family name and ZIP code.
func receiptOf(t *testing.T, db, family, zip string) string {
	r := withStore(db, func(ctx context.Context, s *data.Store) (string, error) {
		ps, err := s.RecentClients(ctx, 1000)
		for _, p := range ps {
			if p.FamilyName != family || string(p.Address.ZIP) != zip {
				continue
			}
			cs, err := s.CasesOfPerson(ctx, p.ID)
			for _, c := range cs {
				if c.ApplicantID == p.ID {
					return string(c.Receipt), err
				}
			}
		}
		return "", err
	})
	if r == "" {
		t.Fatalf("no case of %s at ZIP %s in the demo", family, zip)
	}
	return r
}
