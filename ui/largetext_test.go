package ui

import (
	"fmt"
	"testing"

	"casedesk/app/notice"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestLargerText: the "Larger text" choice makes every text size and the
// icons in a line 1.5 times as large at once, leaves paddings alone, is
// remembered for the next start, and resetLargerText (a kiosk's sign-out)
// puts the normal size back and forgets it.
func TestLargerText(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newAppTheme())
	normal := theme.DefaultTheme()
	c := newLargerTextCheck(func() bool { return true })
	win := test.NewTempWindow(t, c)
	if c.Checked || largerTextOn() {
		t.Fatal("larger text is on from the start")
	}
	label := widget.NewLabel("Welcome")
	win.SetContent(container.NewVBox(c, label))
	before := label.MinSize()
	test.Tap(c)
	th := a.Settings().Theme()
	if !c.Checked || !largerTextOn() || !a.Preferences().Bool(largerTextKey) {
		t.Fatalf("after the tap: checked %v, on %v, remembered %v", c.Checked, largerTextOn(), a.Preferences().Bool(largerTextKey))
	}
	for _, n := range []fyne.ThemeSizeName{theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameCaptionText, theme.SizeNameInlineIcon} {
		if got, want := th.Size(n), normal.Size(n)*largeScale; got != want {
			t.Errorf("%s is %.1f, want %.1f", n, got, want)
		}
	}
	for _, n := range []fyne.ThemeSizeName{theme.SizeNamePadding, theme.SizeNameInnerPadding, theme.SizeNameScrollBar} {
		if th.Size(n) != normal.Size(n) {
			t.Errorf("%s grew", n)
		}
	}
	if after := label.MinSize(); after.Width <= before.Width*1.3 {
		t.Errorf("a label on the screen did not grow: %v, then %v", before, after)
	}
	// The next start keeps it, with the colours that can be read.
	next, ok := newAppTheme().(appTheme)
	if !ok || !next.large {
		t.Fatal("the choice was not remembered for the next start")
	}
	// A kiosk's sign-out puts it back for the next visitor.
	resetLargerText()
	if largerTextOn() || a.Preferences().Bool(largerTextKey) || newAppTheme().(appTheme).large {
		t.Fatal("after the reset the text is still larger, or remembered so")
	}
	syncLargerText(c)
	if c.Checked {
		t.Fatal("the choice still shows larger text after the reset")
	}
}

// TestAKioskForgetsLargerText: at a kiosk a visitor's larger text lasts
// until they leave, and is never kept for the next start; on a person's own
// computer it stays after signing out, and the welcome screen shows it.
func TestAKioskForgetsLargerText(t *testing.T) {
	for _, kiosk := range []bool{true, false} {
		sh, a := languageShell(t, kiosk)
		a.Settings().SetTheme(newAppTheme())
		test.Tap(sh.welcome.larger)
		if !largerTextOn() {
			t.Fatalf("kiosk %v: the tap did not make the text larger", kiosk)
		}
		if kept := a.Preferences().Bool(largerTextKey); kept == kiosk {
			t.Errorf("kiosk %v: the choice is kept for the next start: %v", kiosk, kept)
		}
		sh.welcome.onSignIn()
		sh.leave("")
		if largerTextOn() == kiosk || sh.welcome.larger.Checked == kiosk {
			t.Errorf("kiosk %v: after the visitor left, larger text is %v, the welcome screen shows %v",
				kiosk, largerTextOn(), sh.welcome.larger.Checked)
		}
	}
}

// TestBackupCodesTakeFewerColumns: the sheet's ten codes stand in two rows
// of five at the normal size in the usual window, and in rows of two when
// five no longer fit (larger text), still in their order.
func TestBackupCodesTakeFewerColumns(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newAppTheme())
	p := newSheetPanel(Services{}, nil, nil)
	var codes []string
	for i := range 10 {
		codes = append(codes, fmt.Sprintf("AAAA%d-BBBBB", i))
	}
	p.show(notice.BackupCodes{Codes: codes})
	win := test.NewTempWindow(t, p.box)
	win.Resize(fyne.NewSize(880, 620))
	rows := func() (n int) {
		seen := map[float32]bool{}
		for _, o := range p.grid.Objects {
			seen[o.Position().Y] = true
		}
		return len(seen)
	}
	if rows() != 2 {
		t.Fatalf("at the normal size the codes stand in %d rows", rows())
	}
	setLargerText(true, false)
	win.Resize(fyne.NewSize(600, 620))
	if rows() != 5 {
		t.Fatalf("with larger text in a narrow window the codes stand in %d rows", rows())
	}
	first, second := p.grid.Objects[0].Position(), p.grid.Objects[1].Position()
	if second.Y != first.Y || second.X <= first.X {
		t.Error("the second code is not beside the first")
	}
}
