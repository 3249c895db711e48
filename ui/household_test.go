package ui

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/printing"

	"codeberg.org/go-pdf/fpdf"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestWelcomeOffersOwnComputer: a store never set up offers "This is my
// own computer" with its set-up; the case packet's button shows only once
// the window can open a packet.
func TestWelcomeOffersOwnComputer(t *testing.T) {
	f := &fakeStore{needSetUp: true}
	w, _ := newTestWelcome(t, f)
	if w.own.card.Visible() {
		t.Fatal("the card shows with no way to set up a household")
	}
	opened := 0
	w.onOwn = func() { opened++ }
	w.Refresh()
	if !w.own.card.Visible() || !w.own.setUp.Visible() || w.own.packet.Visible() {
		t.Fatalf("card %v, set-up %v, packet %v", w.own.card.Visible(), w.own.setUp.Visible(), w.own.packet.Visible())
	}
	if !strings.Contains(screenText(w.Content()), "This is my own computer") {
		t.Fatal("the card has no title")
	}
	test.Tap(w.own.setUp)
	if opened != 1 {
		t.Fatal("the set-up did not open")
	}
	packets := 0
	w.onPacket = func() { packets++ }
	w.Refresh()
	if !w.own.packet.Visible() || w.own.packet.Text != "I have an access code and a case packet from my clinic" {
		t.Fatalf("packet button %v %q", w.own.packet.Visible(), w.own.packet.Text)
	}
	test.Tap(w.own.packet)
	if packets != 1 {
		t.Fatal("the packet's set-up did not open")
	}
	// Once set up, the card goes.
	f.needSetUp = false
	f.sum = app.Summary{InstallKind: app.InstallHousehold, People: 1, Accounts: 1}
	w.Refresh()
	if w.own.card.Visible() {
		t.Fatal("the card shows on a store set up")
	}
	if w.clinic.Text != "Your own CaseDesk, for your household" || !w.signInBtn.Visible() || w.redeemBtn.Visible() {
		t.Fatalf("a household's welcome: %q, sign in %v, redeem %v", w.clinic.Text, w.signInBtn.Visible(), w.redeemBtn.Visible())
	}
}

// houseSetUp is the household's set-up over a fresh houseStore.
func houseSetUp(t *testing.T) (*HouseholdSetUp, *houseStore, *app.Account, *string) {
	t.Helper()
	r := newHouseRig(t)
	r.store.kind = ""
	done, left := new(app.Account), new(string)
	s := NewHouseholdSetUp(r.svc, r.win.Canvas(), func(a app.Account) { *done = a }, func(why string) { *left = "left: " + why })
	r.win.SetContent(s.Content())
	s.Start()
	return s, r.store, done, left
}

func fillOwner(s *HouseholdSetUp) {
	typeIn(s.given, "Ana")
	typeIn(s.middle, "Lucía")
	typeIn(s.family, "Muñoz")
	typeIn(s.dob, "03/14/1985")
	typeIn(s.country, "Mexico")
	typeIn(s.street, "1200 Oak Ave")
	typeIn(s.city, "Springfield")
	typeIn(s.state, "IL")
	typeIn(s.zip, "62701")
}

// TestHouseholdSetUpWholeWay: the owner's details, username and password
// (the wizard's rules), backup codes, the sheet; Back and errors keep
// every answer; one write at the 2-step step.
func TestHouseholdSetUpWholeWay(t *testing.T) {
	s, store, done, _ := houseSetUp(t)
	if s.canvas.Focused() != s.given {
		t.Fatal("the cursor is not in the first field")
	}
	test.Tap(s.next)
	if s.at != 0 || !s.message.Visible() || !strings.Contains(s.message.Text, "Given name is empty") {
		t.Fatalf("empty details: step %d, %q", s.at, s.message.Text)
	}
	fillOwner(s)
	typeIn(s.zip, "90210") // a California ZIP code in Illinois
	test.Tap(s.next)
	if s.at != 0 || !strings.Contains(s.message.Text, "ZIP code 90210 is a ZIP code in CA") || s.given.Text != "Ana" || s.country.Text != "Mexico" {
		t.Fatalf("wrong ZIP: step %d, %q, given %q", s.at, s.message.Text, s.given.Text)
	}
	typeIn(s.zip, "62701")
	test.Tap(s.next)
	if s.at != 1 {
		t.Fatalf("not at the password step: %q", s.message.Text)
	}
	typeIn(s.user, "ana.munoz")
	typeIn(s.password, "ana munoz 1985")
	if !s.passMsg.Visible() {
		t.Fatal("a password with the owner's name is not refused as typed")
	}
	typeIn(s.password, "copper kettle winter 19")
	typeIn(s.confirm, "copper kettle winter 19")
	if s.meter.label.Text == "" {
		t.Fatal("the strength meter says nothing")
	}
	test.Tap(s.back)
	if s.at != 0 || s.given.Text != "Ana" || s.zip.Text != "62701" {
		t.Fatal("Back lost the answers")
	}
	test.Tap(s.next)
	if s.at != 1 || s.user.Text != "ana.munoz" || s.password.Text != "copper kettle winter 19" {
		t.Fatal("the password step lost its answers")
	}
	test.Tap(s.next)
	if s.at != 2 || s.next.Text != "Set up my CaseDesk" {
		t.Fatalf("not at 2-step: %d %q", s.at, s.message.Text)
	}
	if store.setUp != nil {
		t.Fatal("written before the 2-step step")
	}
	// A wrong authenticator code keeps everything and writes nothing.
	typeIn(s.enrol.code, "000000")
	test.Tap(s.next)
	if s.at != 2 || store.setUp != nil || !strings.Contains(s.message.Text, "authenticator app shows") {
		t.Fatalf("wrong code: %d %q", s.at, s.message.Text)
	}
	s.method.SetSelected(s.method.Options[1]) // backup codes only
	test.Tap(s.next)
	if store.setUp == nil || s.at != 3 {
		t.Fatalf("not written: %q", s.message.Text)
	}
	r := store.setUp
	if r.Owner.FamilyName != "Muñoz" || r.Owner.MiddleName != "Lucía" || r.Owner.DateOfBirth.ISO() != "1985-03-14" || r.Owner.Language != "en" ||
		r.Username != "ana.munoz" || len(r.BackupHashes) != 10 || r.TOTPSecret != nil || r.Settings[app.SettingInstallKind] != app.InstallHousehold {
		t.Fatalf("written %+v", r)
	}
	if strings.Contains(r.PasswordHash, "copper") || strings.Contains(r.Audit.Detail, "Muñoz") {
		t.Fatal("a secret or a name in what was written")
	}
	if s.next.Disabled() == false {
		t.Fatal("the sheet's Next is on before the codes are kept")
	}
	s.kept.SetChecked(true)
	test.Tap(s.next)
	if done.ID != "acct-1" {
		t.Fatal("the home did not open")
	}
	if s.dob.Text != "" || s.password.Text != "" || s.street.Text != "" {
		t.Fatal("answers left in the screen after it closed")
	}
}

// TestHouseholdSetUpRefusedWhenSetUpMeanwhile: a store set up meanwhile
// closes the set-up with a message; nothing more is written.
func TestHouseholdSetUpRefusedWhenSetUpMeanwhile(t *testing.T) {
	s, store, done, left := houseSetUp(t)
	fillOwner(s)
	test.Tap(s.next)
	typeIn(s.user, "ana.munoz")
	typeIn(s.password, "copper kettle winter 19")
	typeIn(s.confirm, "copper kettle winter 19")
	test.Tap(s.next)
	s.method.SetSelected(s.method.Options[1])
	store.kind = app.InstallClinic
	test.Tap(s.next)
	if done.ID != "" || store.setUp != nil || !strings.Contains(*left, "set up meanwhile") {
		t.Fatalf("done %+v, left %q", done, *left)
	}
	// A store error keeps the answers and says so.
	s2, store2, _, _ := houseSetUp(t)
	fillOwner(s2)
	test.Tap(s2.next)
	typeIn(s2.user, "ana.munoz")
	typeIn(s2.password, "copper kettle winter 19")
	typeIn(s2.confirm, "copper kettle winter 19")
	test.Tap(s2.next)
	s2.method.SetSelected(s2.method.Options[1])
	store2.failSet = app.ErrStoreFull
	test.Tap(s2.next)
	if s2.at != 2 || !s2.message.Visible() || s2.user.Text != "ana.munoz" || s2.given.Text != "Ana" {
		t.Fatalf("store error: step %d %q", s2.at, s2.message.Text)
	}
}

// scanPDF is a scanned letter: a PDF with one JPEG page image per page.
func scanPDF(t *testing.T, pages int) []byte {
	t.Helper()
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", SizeStr: "Letter"})
	for i := range pages {
		img := image.NewRGBA(image.Rect(0, 0, 425, 550))
		for x := range 425 {
			for y := range 550 {
				img.Set(x, y, color.RGBA{255, uint8(255 - i*40), 255, 255})
			}
		}
		var b bytes.Buffer
		if err := jpeg.Encode(&b, img, nil); err != nil {
			t.Fatal(err)
		}
		name := "page" + string(rune('a'+i))
		f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "JPG"}, &b)
		f.AddPage()
		f.ImageOptions(name, 0, 0, 612, 792, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	}
	var out bytes.Buffer
	if err := f.Output(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestHouseholdHome: at home, signed in: a family member, a case by its
// receipt number, a status from a letter, a scanned letter kept, viewed,
// printed and removed, the request's checklist and cover sheet, the due
// date on My cases, and an appointment.
func TestHouseholdHome(t *testing.T) {
	r := newHouseRig(t)
	var printedMode os.FileMode
	var printedPath string
	r.svc.Printing = printing.NewWith(func(ctx context.Context, name string, args ...string) ([]byte, error) {
		if name == "lp" {
			printedPath = args[len(args)-1]
			if st, err := os.Stat(printedPath); err == nil {
				printedMode = st.Mode().Perm()
			}
		}
		return r.sp.run(ctx, name, args...)
	}, "linux")
	h, _ := r.home(t)
	o := h.own
	if !o.on || !o.box.Visible() || !o.apptsTop.Visible() || h.cases.paper.Visible() {
		t.Fatal("the household's actions are not shown")
	}
	if !strings.Contains(screenText(h.cases.list), "You follow no cases yet") {
		t.Fatalf("no cases: %q", screenText(h.cases.list))
	}
	// No clinic records a household's notices: its own letters are on
	// each case's page.
	if got := screenText(h.notices.list); !strings.Contains(got, "The letters you keep yourself are on each case's page") || strings.Contains(got, "once the clinic records them") {
		t.Fatalf("no notices: %q", got)
	}
	if got := screenText(h.profile.box); strings.Contains(got, "clinic") || !strings.Contains(got, "CaseDesk does not tell USCIS") {
		t.Fatalf("a household's profile speaks of a clinic: %q", got)
	}
	// No clinic reads a reply written here: no Messages tab. Alt+5 and
	// Alt+6 are Profile and My account still; Alt+4 stays where it is.
	if slices.Contains(h.tabs.Items, h.messages.item) || len(h.tabs.Items) != 5 {
		t.Fatal("a household's home has a Messages tab")
	}
	for _, k := range []struct {
		key  fyne.KeyName
		want *container.TabItem
	}{{fyne.Key5, h.profile.item}, {fyne.Key4, h.profile.item}, {fyne.Key6, h.account.item}, {fyne.Key1, h.cases.item}} {
		h.shortcut(&desktop.CustomShortcut{KeyName: k.key, Modifier: fyne.KeyModifierAlt})
		if h.tabs.Selected() != k.want {
			t.Fatalf("Alt+%s shows %q", k.key, h.tabs.Selected().Text)
		}
	}

	// A family member.
	test.Tap(o.family)
	f := o.memberForm
	typeIn(f.given, "Sofía")
	typeIn(f.family, "Muñoz")
	typeIn(f.dob, "2031-06-01") // in the future
	test.Tap(f.add)
	if !f.msg.Visible() || !strings.Contains(f.msg.Text, "in the future") || f.given.Text != "Sofía" {
		t.Fatalf("future DOB: %q", f.msg.Text)
	}
	typeIn(f.dob, "06/01/2012")
	typeIn(f.relation, "daughter")
	test.Tap(f.add)
	if shown(h) != h.tabs || !strings.Contains(h.status.Text, "Sofía Muñoz is added") || len(o.members) != 2 {
		t.Fatalf("member: %q, %d members", h.status.Text, len(o.members))
	}

	// A case for her, by a receipt number typed loosely.
	test.Tap(o.addCase)
	c := o.caseForm
	typeIn(c.receipt, "ioe-09 1234 5678")
	if c.office.Text == "" {
		t.Fatal("the office is not read from the receipt number")
	}
	c.form.SetSelectedIndex(2) // I-765
	c.person.SetSelectedIndex(1)
	c.role.SetSelectedIndex(0)
	typeIn(c.received, time.Now().AddDate(0, -2, 0).Format("01/02/2006"))
	test.Tap(c.add)
	if !strings.Contains(c.msg.Text, "Status is not chosen") || c.receipt.Text != "ioe-09 1234 5678" {
		t.Fatalf("no status: %q", c.msg.Text)
	}
	c.status.SetSelectedIndex(0)
	if !c.meaning.Visible() || c.meaning.Text == "" {
		t.Fatal("the status's meaning is not shown as it is picked")
	}
	test.Tap(c.add)
	if shown(h) != h.tabs || len(h.cases.open) != 1 {
		t.Fatalf("case not added: %q %q", c.msg.Text, h.status.Text)
	}
	if !strings.Contains(screenText(h.cases.list), "Entered by you") {
		t.Fatalf("the case row does not say where it came from: %q", screenText(h.cases.list))
	}

	// Its page: a status from a letter.
	test.Tap(h.cases.open[0])
	p := o.parts
	if p == nil || p.status == nil || !strings.Contains(screenText(h.cases.page), "Entered by you") {
		t.Fatal("the case page has no status form or source")
	}
	for i, st := range p.statuses {
		if st.Code == "evidence_requested" {
			p.status.SetSelectedIndex(i)
		}
	}
	typeIn(p.date, time.Now().AddDate(0, 0, 3).Format("01/02/2006"))
	test.Tap(p.record)
	if !strings.Contains(p.stMsg.Text, "in the future") {
		t.Fatalf("future status date: %q", p.stMsg.Text)
	}
	typeIn(p.date, time.Now().AddDate(0, 0, -1).Format("01/02/2006"))
	typeIn(p.note, "Birth certificate")
	test.Tap(p.record)
	p = o.parts
	if !strings.Contains(screenText(h.cases.page), "Request for Evidence Was Sent — Birth certificate") || !p.rfeBox.Visible() {
		t.Fatalf("status not recorded: %q", h.status.Text)
	}

	// A letter: a program renamed .pdf is refused, a scan kept and viewed.
	dir := t.TempDir()
	exe := filepath.Join(dir, "letter.pdf")
	os.WriteFile(exe, append([]byte("MZ\x90\x00"), make([]byte, 100)...), 0o600)
	scan := filepath.Join(dir, "RFE scan.pdf")
	os.WriteFile(scan, scanPDF(t, 2), 0o600)
	pick := exe
	o.pick = func(picked func(string)) { picked(pick) }
	test.Tap(p.attach)
	if !strings.Contains(p.letterMsg.Text, "Choose a scanned PDF (.pdf) or a photo (.jpg or .png)") {
		t.Fatalf("renamed program: %q", p.letterMsg.Text)
	}
	pick = scan
	test.Tap(p.attach)
	if len(p.rows) != 1 || !strings.Contains(screenText(p.letters), "RFE scan.pdf") {
		t.Fatalf("letter not kept: %q", p.letterMsg.Text)
	}
	var row *letterRow
	for _, rr := range p.rows {
		row = rr
	}
	test.Tap(row.view)
	if p.view == nil || len(p.view.pages) != 2 || shown(h) != p.view.box {
		t.Fatalf("the scan's pages are not shown: %+v", p.view)
	}
	test.Tap(p.view.print)
	if printedPath == "" || printedMode != 0o600 || !strings.Contains(p.viewMsg.Text, "Sent to the printer") {
		t.Fatalf("print: %q mode %v, %q", printedPath, printedMode, p.viewMsg.Text)
	}
	if _, err := os.Stat(printedPath); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the printed file was left behind")
	}
	test.Tap(p.view.save)
	saved := filepath.Join(r.svc.PDFFolder, "RFE scan.pdf")
	if b, err := os.ReadFile(saved); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("saved: %v", err)
	}
	if st, _ := os.Stat(saved); st.Mode().Perm() != 0o600 {
		t.Fatalf("saved with mode %v", st.Mode().Perm())
	}
	test.Tap(p.view.back)
	// Remove asks first.
	test.Tap(row.remove)
	if !row.ask.Visible() || len(r.store.letters) != 1 {
		t.Fatal("Remove did not ask")
	}
	test.Tap(row.keep)
	if row.ask.Visible() || len(r.store.letters) != 1 {
		t.Fatal("Keep it removed the letter")
	}
	test.Tap(row.remove)
	test.Tap(row.sure)
	if len(r.store.letters) != 0 || !strings.Contains(screenText(p.letters), "No letters") {
		t.Fatal("the letter was not removed")
	}

	// The request's checklist and due date.
	typeIn(p.due, time.Now().AddDate(0, 0, 12).Format("01/02/2006"))
	test.Tap(p.saveDue)
	for _, item := range []string{"Birth certificate with translation", "School records", "Passport photos"} {
		typeIn(p.newItem, item)
		test.Tap(p.addItem)
	}
	if len(p.ticks) != 3 {
		t.Fatalf("%d items", len(p.ticks))
	}
	p.ticks[0].SetChecked(true)
	p.ticks[1].SetChecked(true)
	p.ticks[1].SetChecked(false)
	rfe := r.store.rfe[p.c.ID]
	if !rfe.Items[0].Done || rfe.Items[1].Done {
		t.Fatalf("ticks: %+v", rfe.Items)
	}
	test.Tap(p.cover)
	if !strings.Contains(printedPath, "Cover sheet IOE0912345678.pdf") || !strings.Contains(p.rfeMsg.Text, "Sent to the printer") {
		t.Fatalf("cover sheet: %q %q", printedPath, p.rfeMsg.Text)
	}
	// Back on My cases, the due date shows.
	h.back()
	banner := screenText(o.banners)
	if !strings.Contains(banner, "Evidence for IOE0912345678 is due in 12 days") || !strings.Contains(banner, "1 of 3 items ready") {
		t.Fatalf("banner %q", banner)
	}

	// An appointment, on the Appointments tab.
	test.Tap(o.addAppt)
	a := o.apptForm
	a.kind.SetSelectedIndex(0)
	typeIn(a.date, time.Now().AddDate(0, 0, 9).Format("01/02/2006"))
	typeIn(a.clock, "9:30 AM")
	typeIn(a.place, "USCIS Application Support Center")
	typeIn(a.address, "101 W Congress Pkwy, Chicago, IL")
	a.onCase.SetSelectedIndex(1)
	test.Tap(a.add)
	if len(r.store.appts) != 1 || r.store.appts[0].CaseID == "" || !strings.Contains(screenText(h.appts.list), "USCIS Application Support Center") {
		t.Fatalf("appointment: %q", a.msg.Text)
	}
}

// TestHouseholdClinicCase: a clinic's case says where its statuses come
// from, on its row and page, and offers no status form.
func TestHouseholdClinicCase(t *testing.T) {
	r := newHouseRig(t)
	r.store.cases["c9"] = app.Case{ID: "c9", Receipt: "LIN2390011111", FormType: "I-130", ApplicantID: "p1", ReceivedDate: app.NewDate(2026, 1, 5),
		StatusCode: "received", StatusDate: app.NewDate(2026, 1, 5), Source: app.CaseSource{Kind: app.SourceClinic, Clinic: "Clínica Legal del Sur", On: app.NewDate(2026, 10, 2)}}
	r.store.links["c9"] = true
	h, _ := r.home(t)
	if !strings.Contains(screenText(h.cases.list), "From Clínica Legal del Sur (updated October 2, 2026)") {
		t.Fatalf("row: %q", screenText(h.cases.list))
	}
	test.Tap(h.cases.open[0])
	page := screenText(h.cases.page)
	if h.own.parts.status != nil || !strings.Contains(page, "The statuses of this case come from Clínica Legal del Sur") {
		t.Fatalf("page: %q", page)
	}
}

// TestHomeOfAClinicShowsNoHouseholdParts: on a clinic's store the home
// has none of a household's actions, and the paper-filed case form stays.
func TestHomeOfAClinicShowsNoHouseholdParts(t *testing.T) {
	r := newHouseRig(t)
	r.store.kind = app.InstallClinic
	h, _ := r.home(t)
	if h.own.on || h.own.box.Visible() || h.own.apptsTop.Visible() || !h.cases.paper.Visible() {
		t.Fatal("a clinic's applicant sees a household's actions")
	}
	if got := screenText(h.notices.list); !strings.Contains(got, "once the clinic records them") {
		t.Fatalf("no notices: %q", got)
	}
	if got := screenText(h.profile.box); !strings.Contains(got, "How the clinic reaches you") {
		t.Fatalf("profile: %q", got)
	}
	if h.tabs.Items[3] != h.messages.item || len(h.tabs.Items) != 6 {
		t.Fatal("a clinic's applicant has no Messages tab")
	}
}

// TestHouseholdHomeForgetsOnSignOut: nothing of the household stays after
// a sign-out.
func TestHouseholdHomeForgetsOnSignOut(t *testing.T) {
	r := newHouseRig(t)
	h, ended := r.home(t)
	test.Tap(h.own.family)
	typeIn(h.own.memberForm.given, "Sofía")
	h.end("")
	if *ended == "" || h.own.on || h.own.memberForm != nil || len(h.own.page.Objects) != 0 || len(h.own.members) != 0 {
		t.Fatal("the household's screens were not forgotten")
	}
}

// TestHouseholdScreensInSpanish: a household's screens, in Spanish, show
// no English message and fit the narrowest window.
func TestHouseholdScreensInSpanish(t *testing.T) {
	c := newSpanishCheck(t)
	eachHouseholdScreen(t, func(name string, win fyne.Window) {
		c.look(name, win.Canvas().Content())
	})
	if c.screens < 10 {
		t.Fatalf("only %d screens looked at", c.screens)
	}
}

// TestSpaceThatOpensTheSetUpTypesNothing: "Set up my own CaseDesk" pressed
// with Space opens the set-up with the cursor in the given name, which
// the Space's letter must not reach (" Ana"), nor Next's on the next step.
func TestSpaceThatOpensTheSetUpTypesNothing(t *testing.T) {
	r := newHouseRig(t)
	r.store.kind = ""
	later := &laterRunner{}
	r.svc.Runner = later.runner()
	var s *HouseholdSetUp
	open := widget.NewButton("Set up my own CaseDesk", func() {
		s = NewHouseholdSetUp(r.svc, r.win.Canvas(), func(app.Account) {}, func(string) {})
		r.win.SetContent(s.Content())
		s.Start()
	})
	r.win.SetContent(open)
	c := r.win.Canvas()
	c.Focus(open)
	spacePress(c)
	later.run()
	if c.Focused() != s.given || s.given.Text != "" {
		t.Fatalf("the focus is on %T; the given name has %q", c.Focused(), s.given.Text)
	}
	fillOwner(s)
	c.Focus(s.next)
	spacePress(c)
	later.run()
	if s.at != 1 || c.Focused() != s.user || s.user.Text != "" {
		t.Fatalf("step %d, the focus on %T, the username %q", s.at, c.Focused(), s.user.Text)
	}
}
