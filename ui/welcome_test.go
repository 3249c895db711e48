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
	"fyne.io/fyne/v2/widget"
)

// fakeStore stands in for the store behind the services.
type fakeStore struct {
	mu        sync.Mutex
	sum       app.Summary
	loadErr   error
	printTaps int
}

func (f *fakeStore) services() Services {
	return Services{
		StorePath: "/home/ana/.config/CaseDesk/casedesk.db",
		Summary: func(context.Context) (app.Summary, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			return f.sum, nil
		},
		LoadDemo: func(_ context.Context, people int, progress func(done, total int)) (demo.Counts, error) {
			progress(0, people)
			progress(people/2, people)
			if f.loadErr != nil {
				return demo.Counts{}, f.loadErr
			}
			f.mu.Lock()
			f.sum = app.Summary{ClinicName: demo.ClinicName, People: people, Cases: 2 * people, Events: 18 * people,
				Notices: 6 * people, Appointments: 2 * people, Messages: people + people/2}
			f.mu.Unlock()
			progress(people, people)
			return demo.Counts{People: people}, nil
		},
		DemoCodes: func(context.Context) (string, int, error) {
			if f.loadErr != nil {
				return "", 0, nil
			}
			return "/home/ana/.config/CaseDesk/demo-codes", 5, nil
		},
	}
}

func newTestWelcome(t *testing.T, f *fakeStore) (*Welcome, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	w := NewWelcome(f.services())
	w.onPrint = func() { f.printTaps++ }
	w.onRedeem = func() {}
	w.onSignIn = func() {}
	win := test.NewTempWindow(t, w.Content())
	win.Resize(fyne.NewSize(880, 620))
	w.Refresh()
	w.busy.Wait()
	return w, win
}

func TestWelcomeOffersTheDemoOnAnEmptyStore(t *testing.T) {
	f := &fakeStore{}
	w, _ := newTestWelcome(t, f)
	if !w.empty.Visible() || w.clinic.Text != "A new, empty store" || w.counts["People"].Text != "0" {
		t.Fatalf("empty store: offer visible %v, clinic %q, people %q", w.empty.Visible(), w.clinic.Text, w.counts["People"].Text)
	}
	test.Tap(w.loadDemo)
	w.busy.Wait()
	if w.empty.Visible() || w.progress.Visible() || w.loadDemo.Disabled() {
		t.Errorf("after loading: offer %v, progress %v, button disabled %v", w.empty.Visible(), w.progress.Visible(), w.loadDemo.Disabled())
	}
	if w.clinic.Text != demo.ClinicName || w.counts["People"].Text != "2,000" || w.counts["Status events"].Text != "36,000" {
		t.Errorf("after loading: clinic %q, people %q, events %q", w.clinic.Text, w.counts["People"].Text, w.counts["Status events"].Text)
	}
	if !w.status.Visible() || !strings.Contains(w.status.Text, "5 demo access codes") || !strings.Contains(w.status.Text, "demo-codes/codes.txt") || w.status.Importance == widget.DangerImportance {
		t.Errorf("after loading, the demo codes are not pointed out: %q", w.status.Text)
	}
}

func TestWelcomeShowsWhyTheDemoFailed(t *testing.T) {
	f := &fakeStore{loadErr: app.ErrStoreFull}
	w, _ := newTestWelcome(t, f)
	test.Tap(w.loadDemo)
	w.busy.Wait()
	if !w.status.Visible() || !strings.Contains(w.status.Text, "nothing was added") || !strings.Contains(w.status.Text, "disk") {
		t.Errorf("status %v %q", w.status.Visible(), w.status.Text)
	}
	if !w.empty.Visible() || w.loadDemo.Disabled() || w.counts["People"].Text != "0" {
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
	w.busy.Wait()
	if !w.status.Visible() || w.status.Text != svc.KeyNote {
		t.Fatalf("key note: %v %q", w.status.Visible(), w.status.Text)
	}
	w.status.Hide()
	w.Refresh()
	w.busy.Wait()
	if w.status.Visible() {
		t.Fatal("the key note came back")
	}
}
