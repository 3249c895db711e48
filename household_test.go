package main

// A household's own CaseDesk over a real store: the set-up, then a family
// member, a case, a status from a letter, the letters themselves (a 20 MB
// scan and a photo), a request for evidence with its checklist and cover
// sheet, and an appointment. And the attacks: each is refused and leaves
// the store as it was.

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/household"
	"casedesk/app/portal"
)

// homeRig is a store with the household's services over it.
type homeRig struct {
	c    *clinic
	svc  *household.Service
	db   string
	now  time.Time
	pass string
	code []string // the backup codes issued at set-up
}

func newHomeRig(t testing.TB) *homeRig {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "casedesk.db")
	c, err := openClinic(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.OpenKeys(ctx); err != nil {
		t.Fatal(err)
	}
	r := &homeRig{c: c, db: db, now: time.Now()}
	r.svc = household.New(c.Store.Household(), c.keys, func() time.Time { return r.now }, cheapArgon)
	return r
}

var ownerForm = household.OwnerForm{GivenName: "Ana", MiddleName: "Lucía", FamilyName: "Muñoz", DateOfBirth: "03/14/1985",
	CountryOfBirth: "Mexico", Street: "1200 Oak Ave", City: "Springfield", State: "IL", ZIP: "62701"}

// setUp sets the store up as the household of Ana Muñoz, backup codes only.
func (r *homeRig) setUp(t testing.TB) app.Account {
	t.Helper()
	codes, err := auth.NewBackupCodes()
	if err != nil {
		t.Fatal(err)
	}
	r.pass, r.code = "copper kettle winter 19", codes
	a, err := r.svc.SetUp(context.Background(), ownerForm, household.AccountForm{Username: "ana.munoz", Password: r.pass},
		household.TwoStep{BackupCodes: codes}, "es")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// signIn signs the owner in as the window does: password, then a backup code.
func (r *homeRig) signIn(t testing.TB) *portal.Session {
	t.Helper()
	ctx := context.Background()
	si := auth.NewSignIn(r.c.Store, r.c.keys, nil, cheapArgon)
	ch, err := si.Password(ctx, "ana.munoz", r.pass)
	if err != nil {
		t.Fatal(err)
	}
	a, err := si.Code(ctx, ch, r.code[0])
	if err != nil {
		t.Fatal(err)
	}
	r.code = r.code[1:]
	return portal.NewSession(a, r.now, portal.DesktopIdle)
}

// dumpStore is every row of the tables the household writes, as text; a
// sealed letter as its length and a hash of it.
func dumpStore(t testing.TB, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	for _, q := range []string{
		`SELECT * FROM settings ORDER BY key`, `SELECT * FROM people ORDER BY id`, `SELECT * FROM accounts ORDER BY id`,
		`SELECT id, account_id, code_hash, created_at FROM backup_codes ORDER BY id`, `SELECT * FROM cases ORDER BY id`,
		`SELECT * FROM case_events ORDER BY id`, `SELECT * FROM case_links ORDER BY case_id`,
		`SELECT * FROM household_members ORDER BY person_id`,
		`SELECT id, case_id, name, kind, size, length(sealed), hex(substr(sealed, 1, 32)) FROM case_attachments ORDER BY id`,
		`SELECT * FROM case_rfe ORDER BY case_id`, `SELECT * FROM rfe_items ORDER BY id`,
		`SELECT * FROM appointments ORDER BY id`, `SELECT * FROM audit_events ORDER BY id`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
	}
	return b.String()
}

// fakePDF is a PDF's header and n bytes in all, the rest random.
func fakePDF(t testing.TB, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	copy(b, "%PDF-1.4\n")
	return b
}

// photo is a small PNG, as a phone's photo of a letter would be (smaller).
func photo(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		img.Set(x, x%30, color.RGBA{200, 30, 30, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestHouseholdFlow(t *testing.T) {
	ctx := context.Background()
	r := newHomeRig(t)
	if need, err := r.svc.NeedsSetUp(ctx); err != nil || !need {
		t.Fatalf("a new store needs set-up: %v %v", need, err)
	}
	acct := r.setUp(t)
	if acct.Role != app.RoleApplicant || len(acct.Number) != 12 {
		t.Fatalf("owner's account %+v", acct)
	}
	if ok, _ := r.svc.IsHousehold(ctx); !ok {
		t.Fatal("the store is not a household's after set-up")
	}
	s := r.signIn(t)
	me, err := r.c.Person(ctx, s.PersonID)
	if err != nil || me.DateOfBirth.ISO() != "1985-03-14" || me.Language != "es" || me.Address.ZIP != "62701" {
		t.Fatalf("owner %+v %v", me, err)
	}
	// The date of birth is sealed in the store, never plain.
	if strings.Contains(dumpStore(t, r.db), "1985-03-14") {
		t.Fatal("the date of birth is in the store in plain text")
	}
	defer func() {
		if strings.Contains(dumpStore(t, r.db), "76543219") {
			t.Error("the A-number is in the store in plain text")
		}
	}()

	// A family member.
	kid, err := r.svc.AddMember(ctx, s, household.MemberForm{GivenName: "Sofía", FamilyName: "Muñoz", DateOfBirth: "2012-06-01", ANumber: "a-76543219", Relationship: "daughter"})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := r.svc.Members(ctx, s)
	if err != nil || len(ms) != 2 || ms[0].Relationship != household.Self || ms[1].Person.GivenName != "Sofía" || ms[1].Relationship != "daughter" {
		t.Fatalf("members %+v %v", ms, err)
	}

	// A case for the daughter, by a receipt number typed loosely.
	received := r.now.AddDate(0, -3, 0).Format("2006-01-02")
	c, err := r.svc.AddCase(ctx, s, household.CaseForm{Receipt: "ioe-09 1234 5678", FormType: "I-765", PersonID: kid.ID,
		Role: household.AsApplicant, Received: received, Status: "received"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Receipt != "IOE0912345678" || c.Office == "" || c.Source.Kind != app.SourceYou {
		t.Fatalf("case %+v", c)
	}
	// The owner follows it: the portal's dashboard and case page show it.
	d, err := portal.New(r.c.Store, nil, nil).Dashboard(ctx, s)
	if err != nil || len(d.Cases) != 1 || d.Cases[0].ID != c.ID || d.Cases[0].Source.Kind != app.SourceYou {
		t.Fatalf("dashboard %+v %v", d, err)
	}

	// A status from a letter.
	rfeOn := r.now.AddDate(0, 0, -5).Format("01/02/2006")
	if _, err := r.svc.RecordStatus(ctx, s, household.StatusForm{CaseID: c.ID, Status: "evidence_requested", Date: rfeOn, Note: "letter came Tuesday"}); err != nil {
		t.Fatal(err)
	}
	v, err := portal.New(r.c.Store, nil, nil).Case(ctx, s, c.ID)
	if err != nil || v.Case.StatusCode != "evidence_requested" || len(v.Events) != 2 || v.Events[1].Note != "letter came Tuesday" {
		t.Fatalf("case view %+v %v", v, err)
	}
	// Not in the future, not before the case was received.
	for _, bad := range []string{r.now.AddDate(0, 0, 2).Format("01/02/2006"), r.now.AddDate(-1, 0, 0).Format("01/02/2006")} {
		if _, err := r.svc.RecordStatus(ctx, s, household.StatusForm{CaseID: c.ID, Status: "approved", Date: bad}); !app.IsInput(err, app.FieldDate) {
			t.Fatalf("status on %s: %v", bad, err)
		}
	}

	// The letters: a 20 MB scan and a photo, byte for byte back, sealed in the store.
	scan := fakePDF(t, 20<<20)
	a1, err := r.svc.Attach(ctx, s, c.ID, "/home/ana/Scans/RFE letter.PDF", scan)
	if err != nil {
		t.Fatal(err)
	}
	pic := photo(t)
	a2, err := r.svc.Attach(ctx, s, c.ID, `C:\Users\ana\IMG_2041.png`, pic)
	if err != nil {
		t.Fatal(err)
	}
	if a1.Name != "RFE letter.pdf" || a1.Kind != household.KindPDF || a2.Name != "IMG_2041.png" || a2.Kind != household.KindPNG {
		t.Fatalf("names %q %q", a1.Name, a2.Name)
	}
	list, err := r.svc.Attachments(ctx, s, c.ID)
	if err != nil || len(list) != 2 || list[0].Size != 20<<20 {
		t.Fatalf("attachments %+v %v", list, err)
	}
	for _, want := range []struct {
		id   string
		data []byte
	}{{a1.ID, scan}, {a2.ID, pic}} {
		_, got, err := r.svc.AttachmentData(ctx, s, want.id)
		if err != nil || !bytes.Equal(got, want.data) {
			t.Fatalf("attachment %s does not round-trip: %v", want.id, err)
		}
	}
	raw := sealedColumn(t, r.db, a2.ID)
	if bytes.Contains(raw, pic[:16]) || len(raw) <= len(pic) {
		t.Fatal("the photo is stored in plain text")
	}
	if bytes.Contains(sealedColumn(t, r.db, a1.ID), scan[:64]) {
		t.Fatal("the scan is stored in plain text")
	}
	if err := r.svc.RemoveAttachment(ctx, s, a2.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := r.svc.Attachments(ctx, s, c.ID); len(list) != 1 {
		t.Fatalf("after removing one: %d", len(list))
	}

	// The request for evidence: its due date and checklist, and the warning.
	due := r.now.AddDate(0, 0, 12)
	if _, err := r.svc.SetRFEDue(ctx, s, c.ID, due.Format("01/02/2006")); err != nil {
		t.Fatal(err)
	}
	for _, item := range []string{"Birth certificate with translation", "School records 2023–2025", "Two passport photos", "Proof of address", "Form I-765 copy"} {
		if _, err := r.svc.AddRFEItem(ctx, s, c.ID, item); err != nil {
			t.Fatal(err)
		}
	}
	rfe, err := r.svc.RFE(ctx, s, c.ID)
	if err != nil || len(rfe.Items) != 5 {
		t.Fatalf("rfe %+v %v", rfe, err)
	}
	for _, i := range []int{0, 1, 2, 3} {
		if err := r.svc.TickRFEItem(ctx, s, c.ID, rfe.Items[i].ID, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.svc.TickRFEItem(ctx, s, c.ID, rfe.Items[3].ID, false); err != nil {
		t.Fatal(err)
	}
	if err := r.svc.RemoveRFEItem(ctx, s, c.ID, rfe.Items[4].ID); err != nil {
		t.Fatal(err)
	}
	soon, err := r.svc.DueSoon(ctx, s)
	if err != nil || len(soon) != 1 || soon[0].Receipt != c.Receipt || soon[0].Ready() != 3 || len(soon[0].Items) != 4 {
		t.Fatalf("due soon %+v %v", soon, err)
	}
	if left := household.DaysLeft(app.DateOf(r.now), soon[0].Due); left != 12 {
		t.Fatalf("%d days left, want 12", left)
	}
	// Forty days out, it is not shown yet.
	r.now = r.now.AddDate(0, 0, -28)
	if soon, _ := r.svc.DueSoon(ctx, s); len(soon) != 0 {
		t.Fatalf("40 days ahead shown: %+v", soon)
	}
	r.now = r.now.AddDate(0, 0, 28)

	// The cover sheet, read back.
	var pdf bytes.Buffer
	if _, err := r.svc.WriteCover(ctx, s, c.ID, &pdf); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("CASEDESK_SHOTS"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "cover.pdf"), pdf.Bytes(), 0o600)
	}
	text := pdfBytesText(t, pdf.Bytes())
	for _, want := range []string{"IOE0912345678", "Sofía Muñoz", "A076543219", "Birth certificate with translation", "no emitida por USCIS", "1200 Oak Ave", "Springfield, IL 62701"} {
		if !strings.Contains(text, want) {
			t.Fatalf("cover sheet lacks %q:\n%s", want, text)
		}
	}
	// The same case, the same day: the same bytes.
	var again bytes.Buffer
	if _, err := r.svc.WriteCover(ctx, s, c.ID, &again); err != nil || !bytes.Equal(pdf.Bytes(), again.Bytes()) {
		t.Fatalf("the cover sheet is not deterministic: %v", err)
	}

	// An appointment, on the Appointments tab.
	day := r.now.AddDate(0, 0, 9).Format("01/02/2006")
	ap, err := r.svc.AddAppointment(ctx, s, household.AppointmentForm{Kind: app.AppointmentBiometrics, Date: day, Time: "9:30 AM",
		Place: "USCIS Application Support Center", Address: "101 W Congress Pkwy, Chicago, IL 60605", CaseID: c.ID})
	if err != nil || ap.TimeZone != "America/Chicago" {
		t.Fatalf("appointment %+v %v", ap, err)
	}
	as, err := portal.New(r.c.Store, nil, nil).Appointments(ctx, s)
	if err != nil || len(as) != 1 || as[0].PlaceName != "USCIS Application Support Center" {
		t.Fatalf("appointments %+v %v", as, err)
	}

	// No audit row holds a name, a date of birth or a file name.
	details := auditDetails(t, r.db)
	if !strings.Contains(details, "household.letter.add") || !strings.Contains(details, "household.setup") {
		t.Fatalf("audit rows missing:\n%s", details)
	}
	for _, secret := range []string{"Sofía", "Muñoz", "1985", "2012-06-01", "A076543219", "76543219", "RFE letter", "Birth certificate", "Oak Ave"} {
		if strings.Contains(details, secret) {
			t.Fatalf("an audit row holds %q:\n%s", secret, details)
		}
	}
}

// auditDetails is every audit row's actor, action and detail.
func auditDetails(t testing.TB, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT actor_id, action, detail FROM audit_events ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var actor, action, detail string
		if err := rows.Scan(&actor, &action, &detail); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&b, actor, action, detail)
	}
	return b.String()
}

// sealedColumn is a letter's sealed bytes as the store holds them.
func sealedColumn(t testing.TB, path, id string) []byte {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b []byte
	if err := db.QueryRow(`SELECT sealed FROM case_attachments WHERE id = ?`, id).Scan(&b); err != nil {
		t.Fatal(err)
	}
	return b
}

// pdfBytesText is a PDF's text, read back with pdftotext.
func pdfBytesText(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	return pdfText(t, path)
}

func TestHouseholdAttacks(t *testing.T) {
	ctx := context.Background()
	r := newHomeRig(t)
	r.setUp(t)
	s := r.signIn(t)
	me := s.PersonID
	received := r.now.AddDate(0, -2, 0).Format("2006-01-02")
	mine, err := r.svc.AddCase(ctx, s, household.CaseForm{Receipt: "EAC2190012345", FormType: "I-485", PersonID: me,
		Role: household.AsApplicant, Received: received, Status: "received"})
	if err != nil {
		t.Fatal(err)
	}
	// A stranger's case and person in the same store, which the household does not follow.
	stranger := app.Person{GivenName: "Olga", FamilyName: "Ivanova", Language: "en"}
	if err := r.c.CreatePerson(ctx, &stranger); err != nil {
		t.Fatal(err)
	}
	theirs := app.Case{Receipt: "WAC2290054321", FormType: "N-400", ApplicantID: stranger.ID, ReceivedDate: app.DateOf(r.now.AddDate(0, -1, 0)), Source: app.CaseSource{Kind: app.SourceYou}}
	if err := r.c.CreateCase(ctx, &theirs, &app.CaseEvent{StatusCode: "received", Date: theirs.ReceivedDate}); err != nil {
		t.Fatal(err)
	}
	// A clinic's case the household follows (as a case packet brings them).
	clinicCase := app.Case{Receipt: "LIN2390011111", FormType: "I-765", ApplicantID: me, ReceivedDate: app.DateOf(r.now.AddDate(0, -1, 0)),
		Source: app.CaseSource{Kind: app.SourceClinic, Clinic: "Clínica Legal del Sur", On: app.DateOf(r.now)}}
	if err := r.c.CreateCase(ctx, &clinicCase, &app.CaseEvent{StatusCode: "received", Date: clinicCase.ReceivedDate}); err != nil {
		t.Fatal(err)
	}
	if err := r.c.LinkCase(ctx, me, clinicCase.ID, r.now); err != nil {
		t.Fatal(err)
	}
	letter, err := r.svc.Attach(ctx, s, mine.ID, "a.pdf", fakePDF(t, 1000))
	if err != nil {
		t.Fatal(err)
	}
	// Another applicant account in the store: not the household's owner.
	other := app.Account{ID: "other-account", PersonID: stranger.ID, Username: "olga", Role: app.RoleApplicant}
	otherSession := portal.NewSession(other, r.now, portal.DesktopIdle)

	ended := r.signIn(t)
	ended.End()
	stale := portal.NewSession(app.Account{ID: s.AccountID, PersonID: me, Role: app.RoleApplicant}, r.now.Add(-time.Hour), portal.DesktopIdle)
	statusForm := household.StatusForm{CaseID: mine.ID, Status: "approved", Date: r.now.Format("01/02/2006")}

	exe := append([]byte("MZ\x90\x00\x03"), make([]byte, 4000)...)
	for _, tc := range []struct {
		name string
		call func() error
		want error
	}{
		{"signed out", func() error { _, err := r.svc.RecordStatus(ctx, ended, statusForm); return err }, portal.ErrSignedOut},
		{"timed out", func() error { _, err := r.svc.RecordStatus(ctx, stale, statusForm); return err }, portal.ErrSignedOut},
		{"no session", func() error { _, err := r.svc.Members(ctx, nil); return err }, portal.ErrSignedOut},
		{"another account", func() error { _, err := r.svc.RecordStatus(ctx, otherSession, statusForm); return err }, household.ErrNotHousehold},
		{"another account's member", func() error {
			_, err := r.svc.AddMember(ctx, otherSession, household.MemberForm{GivenName: "X", FamilyName: "Y", DateOfBirth: "2000-01-01"})
			return err
		}, household.ErrNotHousehold},
		{"a stranger's case: status", func() error {
			_, err := r.svc.RecordStatus(ctx, s, household.StatusForm{CaseID: theirs.ID, Status: "approved", Date: r.now.Format("01/02/2006")})
			return err
		}, app.ErrNotFound},
		{"a stranger's case: letter", func() error { _, err := r.svc.Attach(ctx, s, theirs.ID, "x.pdf", fakePDF(t, 100)); return err }, app.ErrNotFound},
		{"a stranger's case: checklist", func() error { _, err := r.svc.AddRFEItem(ctx, s, theirs.ID, "anything"); return err }, app.ErrNotFound},
		{"a stranger as whose case", func() error {
			_, err := r.svc.AddCase(ctx, s, household.CaseForm{Receipt: "SRC2190012345", FormType: "I-90", PersonID: stranger.ID,
				Role: household.AsApplicant, Received: received, Status: "received"})
			return err
		}, app.Invalid(app.FieldOtherPerson, "")},
		{"a clinic's case", func() error {
			_, err := r.svc.RecordStatus(ctx, s, household.StatusForm{CaseID: clinicCase.ID, Status: "approved", Date: r.now.Format("01/02/2006")})
			return err
		}, household.ErrClinicCase},
		{"another account reads a letter", func() error { _, _, err := r.svc.AttachmentData(ctx, otherSession, letter.ID); return err }, household.ErrNotHousehold},
		{"another account removes a letter", func() error { return r.svc.RemoveAttachment(ctx, otherSession, letter.ID) }, household.ErrNotHousehold},
		{"a second set-up", func() error {
			codes, _ := auth.NewBackupCodes()
			_, err := r.svc.SetUp(ctx, ownerForm, household.AccountForm{Username: "mallory", Password: "another long passphrase 7"}, household.TwoStep{BackupCodes: codes}, "en")
			return err
		}, household.ErrSetUpAlready},
		{"a 26 MB file", func() error { _, err := r.svc.Attach(ctx, s, mine.ID, "big.pdf", fakePDF(t, 26<<20)); return err }, household.ErrFileTooLarge},
		{"a 26 MB file, read", func() error {
			_, _, err := household.ReadLetter(bytes.NewReader(fakePDF(t, 26<<20)), 26<<20)
			return err
		}, household.ErrFileTooLarge},
		{"a 26 MB file of unknown size, read", func() error {
			_, _, err := household.ReadLetter(bytes.NewReader(fakePDF(t, 26<<20)), -1)
			return err
		}, household.ErrFileTooLarge},
		{"a file that grew after its size was taken", func() error {
			_, _, err := household.ReadLetter(bytes.NewReader(fakePDF(t, 2000)), 1000)
			return err
		}, household.ErrFileTooLarge},
		{"a program renamed .pdf", func() error { _, err := r.svc.Attach(ctx, s, mine.ID, "letter.pdf", exe); return err }, household.ErrFileKind},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := dumpStore(t, r.db)
			err := tc.call()
			var in *app.InputError
			if want, ok := tc.want.(*app.InputError); ok {
				if !app.IsInput(err, want.Code) {
					t.Fatalf("got %v, want an input error about %s", err, want.Code)
				}
			} else if !errors.Is(err, tc.want) || errors.As(err, &in) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if after := dumpStore(t, r.db); after != before {
				t.Fatal("the store changed")
			}
		})
	}
	// The message for a refused file says which kinds work.
	if msg := household.Message(household.ErrFileKind); !strings.Contains(msg, "PDF") || !strings.Contains(msg, ".jpg") || !strings.Contains(msg, ".png") {
		t.Fatalf("message %q", msg)
	}
	// A clinic's store is not a household's: set up as a clinic, every call is refused.
	d := newDeskRig(t)
	d.setUp(t)
	hs := household.New(d.c.Store.Household(), d.c.keys, nil, cheapArgon)
	if _, err := hs.Members(ctx, s); !errors.Is(err, household.ErrNotHousehold) {
		t.Fatalf("on a clinic's store: %v", err)
	}
	codes, _ := auth.NewBackupCodes()
	if _, err := hs.SetUp(ctx, ownerForm, household.AccountForm{Username: "ana.munoz", Password: "copper kettle winter 19"}, household.TwoStep{BackupCodes: codes}, "en"); !errors.Is(err, household.ErrSetUpAlready) {
		t.Fatalf("household set-up on a clinic's store: %v", err)
	}
}

// The household's real-window test drives the window by keyboard alone,
// as the applicant's do: TestApplicantSmokeTestsUseNoMouse checks it too.
func init() { applicantSmokeFiles = append(applicantSmokeFiles, "smoke_household_test.go") }
