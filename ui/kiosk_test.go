package ui

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/portal"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"
)

// kioskHome is the home rig's home screen at a kiosk.
func kioskHome(t *testing.T) (*homeRig, *Home) {
	t.Helper()
	r := newHomeRig(t)
	r.svc.Kiosk = true
	r.svc.KioskDir = filepath.Join(t.TempDir(), app.KioskFolderName)
	if err := app.WipeKioskFolder(r.svc.KioskDir); err != nil {
		t.Fatal(err)
	}
	h, _, _ := r.home(t)
	return r, h
}

// readQR reads the QR code of a picture.
func readQR(t *testing.T, png []byte) string {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(png))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code: %v", err)
	}
	return res.GetText()
}

// At a kiosk an appointment goes to the phone as a QR code of its calendar
// event, which reads back to the event; no calendar file is written.
func TestKioskAppointmentIsAQRCode(t *testing.T) {
	r, h := kioskHome(t)
	a := h.appts
	if len(a.toCalendar) != 1 || a.toCalendar[0].Text != "Add to your phone's calendar (QR code)" {
		t.Fatalf("the appointment's button: %v", a.toCalendar)
	}
	test.Tap(a.toCalendar[0])
	var qr *canvas.Image
	var find func(o fyne.CanvasObject)
	find = func(o fyne.CanvasObject) {
		if i, ok := o.(*canvas.Image); ok && i.Resource != nil && o.Visible() {
			qr = i
		}
		for _, p := range parts(o) {
			find(p)
		}
	}
	find(a.list)
	if qr == nil || !a.toCalendar[0].Hidden {
		t.Fatalf("no QR code shown:\n%s", labels(a.list))
	}
	appts, _ := (&portalStore{}).AppointmentsOfPerson(context.Background(), "", time.Time{})
	if got, want := readQR(t, qr.Resource.Content()), app.EventText(appts[0]); got != want {
		t.Fatalf("the QR code reads\n%q\nwant\n%q", got, want)
	}
	if !strings.Contains(app.EventText(appts[0]), "DTSTART:20300504T143000Z") {
		t.Fatalf("the event's start: %s", app.EventText(appts[0]))
	}
	a.saveICS(appts[0]) // refused at a kiosk, even when called
	if _, err := os.Stat(r.svc.PDFFolder); !os.IsNotExist(err) {
		t.Fatalf("a kiosk wrote in the PDF folder: %v", err)
	}
}

// At a kiosk notices print from the kiosk's folder and leave nothing
// there; Save PDF and the PDF viewer are not offered, nor done when asked.
func TestKioskNoticesPrintAndKeepNothing(t *testing.T) {
	r, h := kioskHome(t)
	n := h.notices
	if text := visibleText(n.list); strings.Contains(text, "Save PDF") || !strings.Contains(text, "Print") {
		t.Fatalf("the notice's buttons at a kiosk:\n%s", text)
	}
	n.preview("n1")
	if !n.viewSave.Hidden || !n.viewOpen.Hidden || n.viewPrint.Hidden {
		t.Fatalf("the preview's buttons: save %v, viewer %v, print %v", !n.viewSave.Hidden, !n.viewOpen.Hidden, !n.viewPrint.Hidden)
	}
	test.Tap(n.viewPrint)
	if !strings.Contains(h.status.Text, "Sent to the printer. Nothing of it is kept") {
		t.Fatalf("print: %q", h.status.Text)
	}
	lp := strings.Join(r.sp.ran, "\n")
	if !strings.Contains(lp, "lp ") || !strings.Contains(lp, r.svc.KioskDir+string(filepath.Separator)+"print-") {
		t.Fatalf("not printed from the kiosk's folder:\n%s", lp)
	}
	for _, then := range []exportThen{exportSave, exportView} {
		n.export("n1", then)
		if !strings.Contains(h.status.Text, "keeps no files") {
			t.Fatalf("export %d at a kiosk: %q", then, h.status.Text)
		}
	}
	if strings.Contains(strings.Join(r.sp.ran, "\n"), "xdg-open") {
		t.Fatal("a viewer was started")
	}
	if left, _ := os.ReadDir(r.svc.KioskDir); len(left) != 0 {
		t.Fatalf("left in the kiosk's folder: %v", left)
	}
	if _, err := os.Stat(r.svc.PDFFolder); !os.IsNotExist(err) {
		t.Fatalf("a kiosk wrote in the PDF folder: %v", err)
	}
}

// At a kiosk no password field can show its password, and the backup-code
// sheet offers no save.
func TestKioskHidesRevealAndSave(t *testing.T) {
	_, h := kioskHome(t)
	for _, e := range h.account.entries()[:5] {
		if e.ActionItem == nil || strings.Contains(fmt.Sprintf("%T", e.ActionItem), "Revealer") || e.ActionItem.MinSize().Width > 1 {
			t.Fatalf("a password field at a kiosk has %T", e.ActionItem)
		}
	}
	if !h.account.sheet.save.Hidden {
		t.Fatal("the sheet's Save as PDF… is offered at a kiosk")
	}
	desk := newHomeRig(t)
	si := NewSignIn(desk.svc, nil, func(app.Account) {}, func(string) {})
	if !strings.Contains(fmt.Sprintf("%T", si.password.ActionItem), "Revealer") {
		t.Fatalf("on a desktop the password field lost its reveal: %T", si.password.ActionItem)
	}
	desk.svc.Kiosk = true
	si = NewSignIn(desk.svc, nil, func(app.Account) {}, func(string) {})
	for _, e := range []*widget.Entry{si.password, si.resetNew, si.resetAgain} {
		if strings.Contains(fmt.Sprintf("%T", e.ActionItem), "Revealer") {
			t.Fatal("sign-in's password field can be revealed at a kiosk")
		}
	}
	w := NewWizard(desk.svc, nil, func(string) {})
	if strings.Contains(fmt.Sprintf("%T", w.password.ActionItem), "Revealer") || strings.Contains(fmt.Sprintf("%T", w.confirm.ActionItem), "Revealer") {
		t.Fatal("the wizard's password fields can be revealed at a kiosk")
	}
}

// The kiosk's idle limit is 2 minutes unless the clinic set one, on every
// screen a visitor reaches before signing in.
func TestKioskIdleLimit(t *testing.T) {
	r := newHomeRig(t)
	if r.svc.idle() != 0 {
		t.Fatalf("desktop: %v", r.svc.idle())
	}
	r.svc.Kiosk = true
	if r.svc.idle() != portal.KioskIdle {
		t.Fatalf("kiosk: %v", r.svc.idle())
	}
	si := NewSignIn(r.svc, nil, func(app.Account) {}, func(string) {})
	w := NewWizard(r.svc, nil, func(string) {})
	if si.idle.limit != 2*time.Minute || w.idle.limit != 2*time.Minute {
		t.Fatalf("sign-in %v, wizard %v", si.idle.limit, w.idle.limit)
	}
	r.svc.SessionIdle = 5 * time.Minute
	if r.svc.idle() != 5*time.Minute {
		t.Fatalf("the clinic's own limit: %v", r.svc.idle())
	}
}

// kioskShell is a window with the shell over the fake store, at a kiosk.
func kioskShell(t *testing.T) (*shell, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	f := &fakeStore{sum: app.Summary{ClinicName: "Clínica Legal del Sur", InstallKind: app.InstallClinic, People: 1234, Cases: 2345}}
	svc := f.services()
	svc.KeyNote = "The data key is kept in /home/ana/.config/CaseDesk/key."
	svc.Kiosk = true
	svc.KioskDir = filepath.Join(t.TempDir(), "cache", app.KioskFolderName)
	win := test.NewTempWindow(t, nil)
	sh := &shell{w: win, welcome: NewWelcome(Services{StorePath: svc.StorePath}), closeStore: func() {}, focus: newFocusRing(win.Canvas())}
	sh.use(svc, func() {})
	return sh, win
}

// A kiosk's window is full screen and does not close for a visitor; its
// welcome screen offers only the access code and sign-in, and says nothing
// of the store.
func TestKioskWindowAndWelcome(t *testing.T) {
	sh, win := kioskShell(t)
	if !win.FullScreen() {
		t.Fatal("the kiosk is not full screen")
	}
	text := visibleText(win.Content())
	for _, gone := range []string{"casedesk.db", "1,234", "2,345", "What this store holds", "data key", "Set up", "Restore", "demo"} {
		if strings.Contains(text, gone) {
			t.Errorf("the kiosk's welcome shows %q:\n%s", gone, text)
		}
	}
	for _, want := range []string{"I have an access code", "Sign in"} {
		if !strings.Contains(text, want) {
			t.Errorf("the kiosk's welcome lacks %q:\n%s", want, text)
		}
	}
	if all := labels(win.Content()); strings.Contains(all, "casedesk.db") || strings.Contains(all, "1,234") {
		t.Fatalf("hidden widgets keep the store's details:\n%s", all)
	}
	if sh.welcome.onSetUp != nil || sh.welcome.onRestore != nil || sh.welcome.onDemo != nil {
		t.Fatal("the kiosk's welcome is wired to set-up, restore or the demo")
	}
	closed := false
	win.SetOnClosed(func() { closed = true })
	sh.closeAtKiosk()
	if closed {
		t.Fatal("a visitor closed the kiosk's window")
	}
	// The desk turns the kiosk off: the window is a window again and the
	// next welcome screen is the whole one.
	sh.svc.KioskChanged(false)
	if win.FullScreen() {
		t.Fatal("still full screen")
	}
	if _, err := os.Stat(sh.svc.KioskDir); !os.IsNotExist(err) {
		t.Fatalf("the kiosk's folder is still there: %v", err)
	}
	sh.home()
	if text := visibleText(win.Content()); !strings.Contains(text, "What this store holds") || sh.welcome.onSetUp == nil {
		t.Fatalf("the welcome with the kiosk off:\n%s", text)
	}
	sh.svc.KioskChanged(true)
	if st, err := os.Stat(sh.svc.KioskDir); err != nil || st.Mode().Perm() != 0o700 || !win.FullScreen() {
		t.Fatalf("the kiosk on again: %v %v", err, win.FullScreen())
	}
}

// An administrator signed in at the kiosk may close it.
func TestKioskClosesForAnAdministrator(t *testing.T) {
	sh, win := kioskShell(t)
	closed := false
	win.SetOnClosed(func() { closed = true })
	sh.w = test.NewWindow(nil) // closed here, not again at the test's end
	sh.w.SetOnClosed(func() { closed = true })
	sh.admin = true
	sh.closeAtKiosk()
	if !closed {
		t.Fatal("the administrator could not close the kiosk")
	}
}

// visibleText is the words of every shown label, button and text under o.
func visibleText(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.Button:
			b.WriteString(w.Text + "\n")
		case *pageButton:
			b.WriteString(w.Text + "\n")
		case *widget.Card:
			b.WriteString(w.Title + "\n")
			walk(w.Content)
			return
		}
		for _, p := range parts(o) {
			walk(p)
		}
	}
	walk(o)
	return b.String()
}

// At a kiosk the set-up wizard prints the backup codes and the account
// summary from the kiosk's folder, keeps neither, offers no save, and its
// idle limit is the kiosk's.
func TestKioskWizardKeepsNothing(t *testing.T) {
	r := newTestWizard(t)
	svc := r.w.svc
	svc.Kiosk = true
	svc.KioskDir = filepath.Join(t.TempDir(), app.KioskFolderName)
	if err := app.WipeKioskFolder(svc.KioskDir); err != nil {
		t.Fatal(err)
	}
	r.w = NewWizard(svc, r.win.Canvas(), func(reason string) { r.done++; r.reason = reason })
	r.win.SetContent(r.w.Content())
	r.w.Start()
	w := r.w
	if w.idle.limit != portal.KioskIdle || !w.sheet.save.Hidden {
		t.Fatalf("idle %v, save shown %v", w.idle.limit, !w.sheet.save.Hidden)
	}
	r.toTwoStep(t, "jose.munoz")
	w.method.SetSelected(w.method.Options[1])
	r.next()
	if w.step != 5 {
		t.Fatalf("not done: %q", w.message.Text)
	}
	test.Tap(w.sheet.print)
	w.printSummary()
	lp := strings.Join(r.sp.ran, "\n")
	if strings.Count(lp, "lp ") != 2 || strings.Count(lp, svc.KioskDir+string(filepath.Separator)+"print-") != 2 {
		t.Fatalf("not both printed from the kiosk's folder:\n%s", lp)
	}
	if !strings.Contains(w.printNote.Text, "Nothing of it is kept") || !strings.Contains(w.sheet.msg.Text, "Nothing of it is kept") {
		t.Fatalf("summary %q, sheet %q", w.printNote.Text, w.sheet.msg.Text)
	}
	if left, _ := os.ReadDir(svc.KioskDir); len(left) != 0 {
		t.Fatalf("left in the kiosk's folder: %v", left)
	}
	if _, err := os.Stat(svc.PDFFolder); !os.IsNotExist(err) {
		t.Fatalf("the wizard wrote in the PDF folder at a kiosk: %v", err)
	}
}

// BenchmarkKioskLeave is the end of a visit at a kiosk, on the UI
// goroutine: the wipe of the print folder, the clipboard and the pop-ups,
// the clinic's language and a fresh welcome screen.
func BenchmarkKioskLeave(b *testing.B) {
	test.NewTempApp(b)
	f := &fakeStore{sum: app.Summary{ClinicName: "Clínica Legal del Sur", InstallKind: app.InstallClinic, People: 1234}}
	svc := f.services()
	svc.Kiosk = true
	svc.KioskDir = filepath.Join(b.TempDir(), app.KioskFolderName)
	win := test.NewTempWindow(b, nil)
	sh := &shell{w: win, welcome: NewWelcome(Services{StorePath: svc.StorePath}), closeStore: func() {}, focus: newFocusRing(win.Canvas())}
	sh.use(svc, func() {})
	for b.Loop() {
		sh.leave("You were signed out.")
	}
}
