package ui

import (
	"os"
	"path/filepath"
	"testing"

	"casedesk/app"
	"casedesk/app/auth"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// applicantScreen is one screen an applicant can reach, shown in its
// window; name says which.
type applicantScreen struct {
	name string
	win  fyne.Window
}

// eachApplicantScreen shows every screen an applicant can reach, one after
// another, each filled as a visitor sees it, and calls visit with each:
// the welcome screen, every step of the set-up wizard, sign-in and its
// second step, both recovery forms and the new backup-code sheet, the
// first sign-in with a one-time password, every tab of the home screen, a
// case page and a notice's preview. large says whether the theme has
// larger text.
func eachApplicantScreen(t *testing.T, large bool, visit func(applicantScreen)) {
	t.Helper()
	use := func(win fyne.Window) {
		fyne.CurrentApp().Settings().SetTheme(appTheme{Theme: theme.DefaultTheme(), large: large})
		win.Resize(fyne.NewSize(1024, 768))
	}
	show := func(name string, win fyne.Window) {
		t.Helper()
		use(win)
		visit(applicantScreen{name, win})
	}

	// Welcome, on a clinic's store with people in it: sign in, redeem a code.
	f := &fakeStore{sum: app.Summary{ClinicName: "Clínica Legal de Ñuñoa", People: 50000, Cases: 102344,
		Events: 897470, Notices: 308165, Appointments: 121117, Messages: 80073}}
	w, win := newTestWelcome(t, f)
	w.onLanguage = func(string) {} // the choice of language shows once the store is open
	w.Refresh()
	if !w.langRow.Visible() || !w.larger.Visible() {
		t.Fatal("the welcome screen shows no choice of language or of larger text")
	}
	show("welcome", win)

	// The wizard, step by step.
	r := newTestWizard(t)
	show("wizard step 1 (access code)", r.win)
	typeIn(r.w.code, r.code.String())
	r.next()
	show("wizard step 2 (identity)", r.win)
	typeIn(r.w.ident.family, "Muñoz")
	typeIn(r.w.ident.dob, "03/14/1985")
	typeIn(r.w.ident.zip, "62701")
	typeIn(r.w.ident.country, "Mexico")
	r.next()
	show("wizard step 3 (username and password)", r.win)
	typeIn(r.w.username, "jose.munoz")
	typeIn(r.w.password, "river lamp orange 42")
	typeIn(r.w.confirm, "river lamp orange 42")
	r.next()
	show("wizard step 4 (2-step, with an app)", r.win)
	r.w.method.SetSelected(r.w.method.Options[1])
	show("wizard step 4 (2-step, backup codes only)", r.win)
	r.next()
	if r.w.step != 5 {
		t.Fatalf("the wizard did not reach its last step: %q", r.w.message.Text)
	}
	show("wizard step 5 (done)", r.win)

	// Sign-in, its second step, and the recovery forms.
	hr := newHomeRig(t)
	s := NewSignIn(hr.svc, hr.win.Canvas(), func(app.Account) {}, func(string) {})
	hr.win.SetContent(s.Content())
	s.Start()
	show("sign-in", hr.win)
	typeIn(s.username, "ana.lopez")
	typeIn(s.password, "river lamp orange 42")
	test.Tap(s.next)
	show("sign-in, second step", hr.win)
	s.showSteps()
	s.showRecovery(s.resetForm, s.resetUser)
	show("forgot password", hr.win)
	typeIn(s.resetUser, "ana.lopez")
	typeIn(s.resetCode, hr.codes[2])
	typeIn(s.resetNew, "a brand new passphrase")
	typeIn(s.resetAgain, "a brand new passphrase")
	s.resetPassword()
	show("password changed, new backup codes", hr.win)
	s.showSteps()
	s.showRecovery(s.findForm, s.find.family)
	show("forgot username", hr.win)

	// The first sign-in with a one-time password.
	fr := newHomeRig(t)
	const oneTime = "K7QM-2XWD-9RTA-HV3E"
	fr.accounts.cred.PasswordHash = auth.HashPassword(oneTime, auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1})
	fr.accounts.cred.MustChange = true
	var first *StaffSetUp
	fs := NewSignIn(fr.svc, fr.win.Canvas(), func(app.Account) {}, func(string) {})
	fs.OnFirstSignIn(func(c auth.Challenge, username string) {
		first = NewFirstSignIn(fr.svc, fr.win.Canvas(), c, username, func(app.Account) {}, func(string) {})
		fr.win.SetContent(first.Content())
		first.Start()
	})
	fr.win.SetContent(fs.Content())
	fs.Start()
	typeIn(fs.username, "ana.lopez")
	typeIn(fs.password, oneTime)
	test.Tap(fs.next)
	if first == nil {
		t.Fatalf("the first sign-in did not open: %q", fs.message.Text)
	}
	show("first sign-in", fr.win)

	// Home: every tab, a case page, a notice's preview.
	home := newHomeRig(t)
	h, _, _ := home.home(t)
	for i, it := range h.tabs.Items {
		h.tabs.SelectIndex(i)
		show("home, "+it.Text, home.win)
	}
	h.tabs.SelectIndex(0)
	test.Tap(h.cases.open[0])
	show("case page", home.win)
	h.notices.preview("n1")
	if shown(h) != h.notices.viewer {
		t.Fatal("the preview is not shown")
	}
	show("notice preview", home.win)

	eachHouseholdScreen(t, show)
}

// eachHouseholdScreen shows a household's own screens (household_test.go):
// the first run's card, each step of its set-up, and at home the family,
// a new case, a case page with its letter, checklist and status form, a
// letter shown, and a new appointment.
func eachHouseholdScreen(t *testing.T, show func(name string, win fyne.Window)) {
	t.Helper()
	f := &fakeStore{needSetUp: true}
	w, win := newTestWelcome(t, f)
	w.onOwn, w.onPacket, w.onLanguage = func() {}, func() {}, func(string) {}
	w.Refresh()
	show("welcome, never set up (with my own computer)", win)

	s, _, _, _ := houseSetUp(t)
	win = windowOf(s.canvas)
	show("household set-up, about you", win)
	fillOwner(s)
	test.Tap(s.next)
	show("household set-up, username and password", win)
	typeIn(s.user, "ana.munoz")
	typeIn(s.password, "copper kettle winter 19")
	typeIn(s.confirm, "copper kettle winter 19")
	test.Tap(s.next)
	show("household set-up, 2-step", win)
	s.method.SetSelected(s.method.Options[1])
	test.Tap(s.next)
	show("household set-up, backup codes", win)

	r := newHouseRig(t)
	h, _ := r.home(t)
	show("household home", r.win)
	test.Tap(h.own.family)
	show("household, family members", r.win)
	h.back()
	test.Tap(h.own.addCase)
	show("household, add a case", r.win)
	c := h.own.caseForm
	typeIn(c.receipt, "IOE0912345678")
	c.form.SetSelectedIndex(1)
	c.person.SetSelectedIndex(0)
	c.role.SetSelectedIndex(0)
	typeIn(c.received, "09/01/2026")
	c.status.SetSelectedIndex(0)
	test.Tap(c.add)
	test.Tap(h.cases.open[0])
	p := h.own.parts
	for i, st := range p.statuses {
		if st.Code == "evidence_requested" {
			p.status.SetSelectedIndex(i)
		}
	}
	typeIn(p.date, "10/01/2026")
	test.Tap(p.record)
	p = h.own.parts
	path := filepath.Join(t.TempDir(), "A letter with a rather long file name, as scanners name them 2026-10-01.pdf")
	os.WriteFile(path, scanPDF(t, 1), 0o600)
	h.own.pick = func(picked func(string)) { picked(path) }
	test.Tap(p.attach)
	typeIn(p.newItem, "Birth certificate with its certified English translation")
	test.Tap(p.addItem)
	show("household, case page", r.win)
	for _, row := range p.rows {
		test.Tap(row.view)
	}
	show("household, a letter shown", r.win)
	h.back()
	h.back()
	test.Tap(h.own.addAppt)
	show("household, add an appointment", r.win)
}
