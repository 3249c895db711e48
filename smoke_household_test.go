//go:build smoke

package main

import (
	"bytes"
	"database/sql"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// TestSmokeHouseholdAtHome is a household's first day in the real window,
// by keyboard alone (TestHouseholdSmokeUsesNoMouse checks this file as
// TestApplicantSmokeTestsUseNoMouse checks the applicant's): "This is my
// own computer" on a store never set up, the owner's set-up with backup
// codes, a case added by its receipt number, a status recorded from a
// letter, the scanned letter attached through the file dialog and seen in
// the preview, then sign-out.
func TestSmokeHouseholdAtHome(t *testing.T) {
	parallel(t)
	display := startX(t)
	shots := shotsDir(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "store", "casedesk.db")
	env := []string{"CASEDESK_KEY_FILE=" + filepath.Join(dir, "keys", "casedesk.key"), "HOME=" + dir}
	letter := scannedLetter(t)
	if err := os.WriteFile(filepath.Join(dir, "RFE letter.pdf"), letter, 0o600); err != nil {
		t.Fatal(err)
	}

	w := open(t, display, shots, "^CaseDesk$", env, "--db", db)
	// "Set up my own CaseDesk": after the clinic's two buttons.
	w.key(welcomeTabs("Tab", "Tab", "Tab")...)
	w.ringed("home-01-welcome")
	w.key("space")
	time.Sleep(800 * time.Millisecond)
	for i, s := range []string{"Ana", "Lucia", "Munoz", "03/14/1985", "Mexico", "A-87654321", "1200 Oak Ave", "", "Springfield", "IL", "62701"} {
		if i > 0 {
			w.key("Tab")
		}
		w.typ(s)
	}
	w.shot("home-02-setup-you")
	w.key("Return")
	time.Sleep(500 * time.Millisecond)
	w.typ("ana.munoz")
	w.key("Tab")
	w.typ("copper kettle winter 19")
	w.key("Tab")
	w.typ("copper kettle winter 19")
	w.shot("home-03-setup-password")
	w.key("Return")
	time.Sleep(800 * time.Millisecond)
	w.key("shift+Tab", "Down", "space") // "Printed backup codes only"
	w.key("Tab", "Tab", "Tab", "space") // "Set up my CaseDesk"
	w.until("the household set up", func() bool {
		return count(t, db, `SELECT count(*) FROM settings WHERE key = 'install.kind' AND value = 'household'`) == 1 &&
			count(t, db, `SELECT count(*) FROM accounts WHERE role = 'applicant'`) == 1
	})
	w.shot("home-04-setup-codes")
	w.key("Tab", "Tab", "Tab", "space") // "I printed the sheet or wrote the codes down"
	w.key("Tab", "space")               // "Open my CaseDesk"
	time.Sleep(time.Second)
	w.shot("home-05-home")

	// Add a case: its receipt number typed loosely, the form and the
	// status chosen by typing their start.
	w.key("Tab", "space")
	time.Sleep(500 * time.Millisecond)
	w.key("Tab", "Tab")
	w.typ("ioe-09 1234 5678")
	w.key("Tab")
	w.typ("i-7")
	w.key("Tab", "Tab", "Tab")
	w.typ("a")
	w.key("Tab")
	w.typ(time.Now().AddDate(0, -2, 0).Format("01/02/2006"))
	w.key("Tab")
	time.Sleep(1200 * time.Millisecond) // a new search in the status list
	w.typ("case was received")
	w.shot("home-06-add-case")
	w.key("Tab", "Return")
	w.until("the case added", func() bool {
		return count(t, db, `SELECT count(*) FROM cases WHERE receipt_number = 'IOE0912345678' AND source = 'you'`) == 1
	})
	w.shot("home-07-case-added")

	// Its page: a status from a letter.
	w.key("Tab", "Tab", "space") // past "Family members" to "Open case"
	time.Sleep(800 * time.Millisecond)
	w.key("Tab", "Tab")
	w.typ("request for evidence was")
	w.key("Tab", "ctrl+a")
	w.typ(time.Now().AddDate(0, 0, -3).Format("01/02/2006"))
	w.key("Tab")
	w.typ("Birth certificate")
	w.shot("home-08-status")
	w.key("Return")
	w.until("the status recorded", func() bool {
		return count(t, db, `SELECT count(*) FROM cases WHERE receipt_number = 'IOE0912345678' AND status_code = 'evidence_requested'`) == 1
	})

	// The letter, through the file dialog: a status recorded, "Attach a
	// letter…" has the focus; in the dialog, the files' grid, the letter
	// in it, then Open, which is before the first control.
	w.ringed("home-09-attach")
	w.key("space")
	time.Sleep(time.Second)
	w.key("Tab", "Tab")
	for range letterPlace(t, dir, "RFE letter.pdf") {
		w.key("Right")
	}
	w.key("space")
	w.shot("home-10-dialog")
	w.key("shift+Tab", "shift+Tab", "space")
	w.until("the letter kept", func() bool {
		return count(t, db, `SELECT count(*) FROM case_attachments WHERE kind = 'pdf' AND size = ?`, len(letter)) == 1
	})
	// Sealed: the store does not hold the file's bytes.
	if count(t, db, `SELECT count(*) FROM case_attachments WHERE instr(sealed, ?) > 0`, letter[len(letter)/2:len(letter)/2+64]) != 0 {
		t.Fatal("the letter is in the store in plain text")
	}

	// The preview: View is four controls before "Attach a letter…", which
	// has the focus again.
	w.key("shift+Tab", "shift+Tab", "shift+Tab", "shift+Tab")
	w.ringed("home-11-view")
	w.key("space")
	if white := brightness(t, w.shotAt("home-12-preview"), previewArea); white < 0.8 {
		t.Fatalf("the scanned page is not shown (brightness %.2f)", white)
	}
	w.key("Escape")

	// My account, then Sign out: Shift+Tab from a tab's first control.
	w.key("alt+6")
	w.key("shift+Tab")
	w.ringed("home-13-sign-out")
	w.key("space")
	w.snap("home-14-signed-out")
	w.quit()
	if n := count(t, db, `SELECT count(*) FROM audit_events WHERE action LIKE 'household.%'`); n < 4 {
		t.Fatalf("%d household actions audited", n)
	}
}

// scannedLetter is a PDF as a scanner makes it: a JPEG of a white page
// with a few dark lines.
func scannedLetter(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 850, 1100))
	for x := range 850 {
		for y := range 1100 {
			c := color.RGBA{255, 255, 255, 255}
			if y%120 < 14 && x > 80 && x < 700 && y > 100 && y < 700 {
				c = color.RGBA{30, 30, 30, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", SizeStr: "Letter"})
	f.RegisterImageOptionsReader("page", fpdf.ImageOptions{ImageType: "JPG"}, &b)
	f.AddPage()
	f.ImageOptions("page", 0, 0, 612, 792, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	var out bytes.Buffer
	if err := f.Output(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// letterPlace is how many places after "(Parent)" the file dialog shows
// name in dir: it lists folders and files together by name, case aside,
// without hidden ones.
func letterPlace(t *testing.T, dir, name string) []struct{} {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	sort.Slice(names, func(i, j int) bool { return strings.ToLower(names[i]) < strings.ToLower(names[j]) })
	for i, n := range names {
		if n == name {
			return make([]struct{}, i+1)
		}
	}
	t.Fatalf("%s is not in %s", name, dir)
	return nil
}

// count runs a query that counts, on the store at db.
func count(t *testing.T, db, query string, args ...any) int {
	t.Helper()
	if _, err := os.Stat(db); err != nil {
		return 0
	}
	d, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.QueryRow(query, args...).Scan(&n); err != nil {
		return 0
	}
	return n
}
