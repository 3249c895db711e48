package ui

import (
	"context"
	"strings"
	"sync"
	"testing"

	"casedesk/app"
	"casedesk/app/demo"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// fakeStore stands in for the store behind the services.
type fakeStore struct {
	mu         sync.Mutex
	sum        app.Summary
	loadErr    error
	setUps     int
	needSetUp  bool
	demoOpened int
	demoClosed int
}

func (f *fakeStore) services() Services {
	return Services{
		StorePath: "/home/ana/.config/CaseDesk/casedesk.db",
		Runner:    inline,
		Summary: func(context.Context) (app.Summary, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			return f.sum, nil
		},
		NeedsSetUp: func(context.Context) (bool, error) { return f.needSetUp, nil },
		OpenDemo: func(_ context.Context, people int, progress func(done, total int)) (Services, func(), string, error) {
			progress(0, people)
			progress(people/2, people)
			if f.loadErr != nil {
				return Services{}, nil, "", f.loadErr
			}
			progress(people, people)
			f.mu.Lock()
			f.demoOpened++
			f.mu.Unlock()
			demoSum := app.Summary{ClinicName: demo.ClinicName, InstallKind: app.InstallDemo, People: people, Cases: 2 * people,
				Events: 18 * people, Notices: 6 * people, Appointments: 2 * people, Messages: people + people/2}
			return Services{StorePath: "/home/ana/.config/CaseDesk/casedesk-demo.db", Demo: true, Runner: inline,
					Summary: func(context.Context) (app.Summary, error) { return demoSum, nil }},
				func() { f.mu.Lock(); f.demoClosed++; f.mu.Unlock() },
				"To try setting up an account, use one of the 5 demo access codes listed in /home/ana/.config/CaseDesk/demo-codes/codes.txt", nil
		},
	}
}

func newTestWelcome(t *testing.T, f *fakeStore) (*Welcome, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	w := NewWelcome(f.services())
	w.onSetUp = func() { f.setUps++ }
	w.onRedeem = func() {}
	w.onSignIn = func() {}
	win := test.NewTempWindow(t, w.Content())
	win.Resize(fyne.NewSize(880, 620))
	w.Refresh()
	return w, win
}

func TestWelcomeOffersTheDemoOnANewStore(t *testing.T) {
	f := &fakeStore{}
	w, _ := newTestWelcome(t, f)
	var switched Services
	w.onDemo = func(d Services, closer func(), note string) {
		switched = d
		closer()
		w.svc = d
		w.Refresh() // from inside a UI callback: waiting here would deadlock
		w.say(note)
	}
	if !w.firstRun.Visible() || !w.loadDemo.Visible() || w.clinic.Text != "A new, empty store" || w.signInBtn.Visible() {
		t.Fatalf("new store: offer visible %v, clinic %q, sign-in %v", w.firstRun.Visible(), w.clinic.Text, w.signInBtn.Visible())
	}
	if !strings.Contains(w.demoText.Text, "file of its own") {
		t.Fatalf("the offer does not say the demo is kept apart: %q", w.demoText.Text)
	}
	test.Tap(w.loadDemo)
	if f.demoOpened != 1 || !switched.Demo || f.demoClosed != 1 {
		t.Fatalf("the demo was not opened in its own store: opened %d, switched %+v", f.demoOpened, switched)
	}
	if w.firstRun.Visible() || w.progress.Visible() || w.loadDemo.Disabled() || !w.signInBtn.Visible() {
		t.Errorf("after opening: offer %v, progress %v, button disabled %v, sign-in %v", w.firstRun.Visible(), w.progress.Visible(), w.loadDemo.Disabled(), w.signInBtn.Visible())
	}
	if w.clinic.Text != demo.ClinicName || w.counts["People"].Text != "2,000" || w.counts["Status events"].Text != "36,000" {
		t.Errorf("after opening: clinic %q, people %q, events %q", w.clinic.Text, w.counts["People"].Text, w.counts["Status events"].Text)
	}
	if !w.status.Visible() || !strings.Contains(w.status.Text, "5 demo access codes") || w.status.Importance == widget.DangerImportance {
		t.Errorf("after opening, the demo codes are not pointed out: %q", w.status.Text)
	}
}

// TestWelcomeOffersNoDemoOnASetUpStore: a clinic's store with no clients
// yet (its name set, say) never offers the demo.
func TestWelcomeOffersNoDemoOnASetUpStore(t *testing.T) {
	for _, sum := range []app.Summary{{ClinicName: "Clínica Sur", Settings: 1}, {Accounts: 1}, {Settings: 1}} {
		f := &fakeStore{sum: sum}
		w, _ := newTestWelcome(t, f)
		if w.loadDemo.Visible() || w.firstRun.Visible() {
			t.Errorf("%+v: the demo is offered", sum)
		}
		if !w.signInBtn.Visible() || w.redeemBtn.Visible() {
			t.Errorf("%+v: staff cannot sign in, or codes are offered on a store with no clients", sum)
		}
		if !w.empty.Visible() || !strings.Contains(w.explain.Text, "no clients yet") {
			t.Errorf("%+v: the empty clinic is not explained: %q", sum, w.explain.Text)
		}
	}
}

func TestWelcomeShowsWhyTheDemoFailed(t *testing.T) {
	f := &fakeStore{loadErr: app.ErrStoreFull}
	w, _ := newTestWelcome(t, f)
	test.Tap(w.loadDemo)
	if !w.status.Visible() || !strings.Contains(w.status.Text, "nothing was added") || !strings.Contains(w.status.Text, "disk") {
		t.Errorf("status %v %q", w.status.Visible(), w.status.Text)
	}
	if !w.firstRun.Visible() || w.loadDemo.Disabled() || w.counts["People"].Text != "0" {
		t.Errorf("after a failed load the offer must stay usable and the store empty")
	}
}

func TestWelcomeLayout(t *testing.T) {
	f := &fakeStore{sum: app.Summary{ClinicName: "Clínica Legal de Ñuñoa", People: 50000, Cases: 102344,
		Events: 897470, Notices: 308165, Appointments: 121117, Messages: 80073}}
	_, win := newTestWelcome(t, f)
	test.AssertRendersToMarkup(t, "welcome_filled.xml", win.Canvas())
}

func TestWelcomeSaysOnceWhereTheKeyIs(t *testing.T) {
	f := &fakeStore{sum: app.Summary{People: 3, Cases: 3}}
	test.NewTempApp(t)
	svc := f.services()
	svc.KeyNote = "No system keyring answered, so CaseDesk keeps its data key in /home/ana/.config/CaseDesk/casedesk.key"
	w := NewWelcome(svc)
	test.NewTempWindow(t, w.Content())
	w.Refresh()
	if !w.status.Visible() || w.status.Text != svc.KeyNote {
		t.Fatalf("key note: %v %q", w.status.Visible(), w.status.Text)
	}
	w.status.Hide()
	w.Refresh()
	if w.status.Visible() {
		t.Fatal("the key note came back")
	}
}

// TestWelcomeFitsNarrowWindows: a long clinic name and store path wrap, so
// the welcome screen asks for no window wider than 800; on a wide window
// it keeps to a column.
func TestWelcomeFitsNarrowWindows(t *testing.T) {
	f := &fakeStore{sum: app.Summary{ClinicName: long("Clínica Legal de Ñuñoa"), People: 50000, Cases: 102344,
		Events: 897470, Notices: 308165, Appointments: 121117, Messages: 80073}}
	w, win := newTestWelcome(t, f)
	fyne.CurrentApp().Settings().SetTheme(newAppTheme())
	w.svc.StorePath = "/home/" + strings.Repeat("a-very-long-folder-name/", 8) + "casedesk.db"
	w.Refresh()
	if min := w.Content().MinSize().Width + 2*theme.Padding(); min > 800 {
		t.Fatalf("the welcome screen needs a window %.0f wide", min)
	}
	win.Resize(fyne.NewSize(1440, 900))
	if w.body.Size().Width > maxColumn {
		t.Fatalf("on a wide window the welcome screen is %.0f wide", w.body.Size().Width)
	}
}

// TestWelcomeOffersOnlySetUpBeforeSetUp: a store nobody set up offers the
// clinic's set-up (and, when empty, the demo), and no way in: no sign-in,
// no access code, no printing.
func TestWelcomeOffersOnlySetUpBeforeSetUp(t *testing.T) {
	for _, sum := range []app.Summary{{}, {People: 12, Cases: 20}} {
		f := &fakeStore{sum: sum, needSetUp: true}
		w, _ := newTestWelcome(t, f)
		if !w.firstRun.Visible() || !w.setUpCard.Visible() || w.signInBtn.Visible() || w.redeemBtn.Visible() || w.holds.Visible() {
			t.Fatalf("%+v: first run %v, set-up %v, sign-in %v, redeem %v, counts %v", sum, w.firstRun.Visible(), w.setUpCard.Visible(),
				w.signInBtn.Visible(), w.redeemBtn.Visible(), w.holds.Visible())
		}
		if w.demoCard.Visible() != sum.NeverSetUp() {
			t.Errorf("%+v: demo offered %v", sum, w.demoCard.Visible())
		}
		test.Tap(w.setUpBtn)
		if f.setUps != 1 {
			t.Errorf("%+v: set-up not opened", sum)
		}
	}
}
