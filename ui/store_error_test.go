package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"casedesk/app"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// A window started while the clinic's database server is down says so and
// offers to try again, with the focus on it; a try while it is still down
// says so again, and one once it is back opens the welcome screen as if
// the first had worked. Any other store error offers only Close.
func TestServerDownAtStartOffersTryAgain(t *testing.T) {
	test.NewTempApp(t)
	f := &fakeStore{sum: app.Summary{ClinicName: "Clínica Legal del Sur", InstallKind: app.InstallClinic, People: 12, Cases: 20}}
	svc := f.services()
	win := test.NewTempWindow(t, nil)
	const addr = "postgres://casedesk_app@db.clinic.example/casedesk?sslmode=verify-full"
	sh := &shell{w: win, welcome: NewWelcome(Services{StorePath: addr}), closeStore: func() {}, focus: newFocusRing(win.Canvas())}
	down, tries, quits := true, 0, 0
	open := func(context.Context) (Services, func(), error) {
		tries++
		if down {
			return Services{}, nil, fmt.Errorf("%w: dial tcp: connection refused", app.ErrServerUnreachable)
		}
		return svc, func() {}, nil
	}
	var opened []bool
	sh.open(context.Background(), inline, func() { quits++ }, addr, open, func(ok bool) { opened = append(opened, ok) })
	if !strings.Contains(screenText(win.Content()), "cannot open its store") {
		t.Fatalf("screen: %q", screenText(win.Content()))
	}
	retry, ok := win.Canvas().Focused().(*widget.Button)
	if !ok || retry.Text != "Try again" {
		t.Fatalf("focused: %#v", win.Canvas().Focused())
	}
	test.Tap(retry)
	if tries != 2 || !strings.Contains(screenText(win.Content()), "cannot open its store") {
		t.Fatalf("%d tries; screen: %q", tries, screenText(win.Content()))
	}
	down = false
	retry = win.Canvas().Focused().(*widget.Button)
	test.Tap(retry)
	if tries != 3 || sh.svc.Summary == nil || !strings.Contains(screenText(win.Content()), "Clínica Legal del Sur") {
		t.Fatalf("%d tries; screen: %q", tries, screenText(win.Content()))
	}
	if fmt.Sprint(opened) != "[false false true]" || quits != 0 {
		t.Fatalf("opened %v, quit %d times", opened, quits)
	}

	// A damaged file is not a server that may come back: Close only.
	sh2 := &shell{w: win, welcome: NewWelcome(Services{StorePath: "/tmp/x.db"}), closeStore: func() {}, focus: newFocusRing(win.Canvas())}
	sh2.open(context.Background(), inline, func() { quits++ }, "/tmp/x.db",
		func(context.Context) (Services, func(), error) { return Services{}, nil, app.ErrStoreDamaged }, func(bool) {})
	if strings.Contains(screenText(win.Content()), "Try again") || !strings.Contains(screenText(win.Content()), "Close CaseDesk") {
		t.Fatalf("screen: %q", screenText(win.Content()))
	}
}
