package data

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/home"
	"casedesk/app/packet"
	"casedesk/app/portal"

	"github.com/pquerna/otp/totp"
)

// A packet written from a clinic's store sets up a home store in another
// folder, with another data key: the person, their account, every case
// marked as the clinic's, the history, notices, appointments and the pin.
func TestPacketSetsUpAHome(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	h := newHomeRig(t)
	b := c.packet(t, c.signer, c.records(t, c.client), packet.Cheap)
	s, applied := h.setUp(t, b)
	if applied.NewCases != 3 || applied.NewNotices != 3 || applied.NewEvents != 3 || applied.Appointments != 1 || applied.Clinic != "Prairie Legal Aid" {
		t.Fatalf("applied %+v", applied)
	}
	if kind, _ := h.s.Setting(ctx, app.SettingInstallKind); kind != app.InstallHousehold {
		t.Fatalf("install kind %q", kind)
	}
	me, err := h.s.Person(ctx, s.PersonID)
	if err != nil || me.FamilyName != "Muñoz" || me.DateOfBirth != app.NewDate(1985, 3, 14) {
		t.Fatalf("person %+v %v", me, err)
	}
	if n := count(t, h.s, `SELECT count(*) FROM people WHERE date_of_birth != '' OR sealed IS NULL AND id = ?`, s.PersonID); n != 0 {
		t.Fatal("the date of birth is kept in plain text")
	}
	cases, err := h.s.CasesOfPerson(ctx, s.PersonID)
	if err != nil || len(cases) != 3 {
		t.Fatalf("cases %v %v", cases, err)
	}
	for _, cs := range cases {
		if cs.Source.Kind != app.SourceClinic || cs.Source.Clinic != "Prairie Legal Aid" || cs.Source.On != app.NewDate(2026, 11, 3) {
			t.Fatalf("case source %+v", cs.Source)
		}
	}
	// The spouse travels by name only.
	if n := count(t, h.s, `SELECT count(*) FROM people WHERE id = ? AND sealed IS NULL AND given_name = 'Ana'`, c.spouse.ID); n != 1 {
		t.Fatal("the other person is not there by name only")
	}
	pin, ok, err := h.svc.Clinic(ctx, s)
	if err != nil || !ok || pin.Seq != 1 || pin.Name != "Prairie Legal Aid" || !bytes.Equal(pin.Key, c.signer.Key.Public().(ed25519.PublicKey)) {
		t.Fatalf("pin %+v %v %v", pin, ok, err)
	}
	// The account signs in with what was chosen.
	si := auth.NewSignIn(h.s, auth.NewKeysForTest(homeKey), h.clk.now, cheapArgon)
	if _, err := si.Password(ctx, "jose.munoz", "correct horse battery staple"); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	// The clinic's data key opens nothing here.
	if err := h.s.UseKeys(ctx, auth.NewKeysForTest(testKey)); !errors.Is(err, app.ErrWrongKey) {
		t.Fatalf("the clinic's key at home: %v", err)
	}
}

// A second packet updates the cases: a status change and its notice at
// the clinic come home, and a case the person had entered by hand with
// the same receipt number is taken over in place.
func TestSecondPacketUpdates(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	h := newHomeRig(t)
	s, _ := h.setUp(t, c.packet(t, c.signer, c.records(t, c.client), packet.Cheap))

	// At home the person entered a case the clinic did not have yet.
	r4, _ := app.ParseReceipt("EAC2190000200")
	mine := app.Case{Receipt: r4, FormType: "I-131", ApplicantID: s.PersonID, ReceivedDate: app.NewDate(2025, 5, 1),
		Source: app.CaseSource{Kind: app.SourceYou}}
	if err := h.s.CreateCase(ctx, &mine, &app.CaseEvent{StatusCode: "received", Date: mine.ReceivedDate}); err != nil {
		t.Fatal(err)
	}
	// At the clinic: a status change with its notice, and the same case.
	ev := app.CaseEvent{CaseID: c.cases[1].ID, StatusCode: "biometrics_scheduled", Date: app.NewDate(2025, 2, 1)}
	if err := c.s.RecordEvent(ctx, &ev); err != nil {
		t.Fatal(err)
	}
	n := app.Notice{CaseID: c.cases[1].ID, PersonID: c.client.ID, Kind: app.NoticeAppointment, NoticeDate: app.NewDate(2025, 2, 1)}
	if err := c.s.AddNotice(ctx, &n); err != nil {
		t.Fatal(err)
	}
	theirs := mustCase(t, c.s, "EAC2190000200", c.client.ID)

	applied, err := h.svc.Update(ctx, s, c.packet(t, c.signer, c.records(t, c.client), packet.Cheap), string(packetCode))
	if err != nil {
		t.Fatal(err)
	}
	if applied.UpdatedCases != 1 || applied.NewNotices != 1 || applied.NewEvents != 2 || applied.NewCases != 0 ||
		len(applied.TakenOver) != 1 || applied.TakenOver[0] != r4 {
		t.Fatalf("applied %+v", applied)
	}
	got, err := h.s.Case(ctx, c.cases[1].ID)
	if err != nil || got.StatusCode != "biometrics_scheduled" {
		t.Fatalf("case %+v %v", got, err)
	}
	kept, err := h.s.CaseByReceipt(ctx, r4)
	if err != nil || kept.ID != mine.ID || kept.ID == theirs.ID || kept.Source.Kind != app.SourceClinic {
		t.Fatalf("the case entered by hand was not taken over in place: %+v %v", kept, err)
	}
	if pin, _, _ := h.svc.Clinic(ctx, s); pin.Seq != 2 {
		t.Fatalf("pin at %d", pin.Seq)
	}
	// The same packet's content again, in a newer packet: nothing new.
	again, err := h.svc.Update(ctx, s, c.packet(t, c.signer, c.records(t, c.client), packet.Cheap), string(packetCode))
	if err != nil || again.NewCases+again.UpdatedCases+again.NewNotices+again.NewEvents+again.Appointments != 0 {
		t.Fatalf("a packet with nothing new: %+v %v", again, err)
	}
}

// Every refused packet says why in its own words and leaves every table
// as it was.
func TestRefusedPacketsChangeNothing(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	h := newHomeRig(t)
	first := c.packet(t, c.signer, c.records(t, c.client), packet.Cheap)
	s, _ := h.setUp(t, first)
	_, otherKey, _ := ed25519.GenerateKey(rand.Reader)
	other := mustPerson(t, c.s, "Olga", "Petrova")
	mustCase(t, c.s, "EAC2190000300", other.ID)

	altered := bytes.Clone(c.packet(t, c.signer, c.records(t, c.client), packet.Cheap))
	altered[len(altered)/2] ^= 1
	for _, tc := range []struct {
		name string
		file []byte
		want func(error) bool
		says string
	}{
		{"altered byte", altered, func(err error) bool { return errors.Is(err, packet.ErrAltered) }, "altered after it was signed"},
		{"same clinic id, another key", c.packet(t, packet.Signer{Clinic: c.signer.Clinic, Key: otherKey}, c.records(t, c.client), packet.Cheap),
			isOtherClinic, "not made by Prairie Legal Aid"},
		{"another clinic", c.packet(t, packet.Signer{Clinic: "clinic-other", Key: otherKey}, c.records(t, c.client), packet.Cheap),
			isOtherClinic, "not made by Prairie Legal Aid"},
		{"replayed older", first, isOlder, "older than the one already applied on 2026-11-20"},
		{"another person", c.packet(t, c.signer, c.records(t, other), packet.Cheap),
			func(err error) bool { return errors.Is(err, home.ErrOtherPerson) }, "another person's cases"},
		{"not a packet", []byte("%PDF-1.7 not a packet"), func(err error) bool { return errors.Is(err, packet.ErrNotPacket) }, "not a CaseDesk case packet"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := dumpTables(t, h.s)
			_, err := h.svc.Update(ctx, s, tc.file, string(packetCode))
			if !tc.want(err) {
				t.Fatalf("refused with %v", err)
			}
			if !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("refused with %q", err)
			}
			if after := dumpTables(t, h.s); after != before {
				t.Fatalf("a refused packet changed the store:\n%s\n---\n%s", before, after)
			}
			// A refusal of a packet opened with its code counts no try.
			if n := count(t, h.s, `SELECT coalesce(sum(failures), 0) FROM throttles WHERE kind = 'packet code'`); n != 0 {
				t.Fatalf("%d tries counted", n)
			}
		})
	}
	if n := count(t, h.s, `SELECT count(*) FROM audit_events WHERE action = 'packet.refused'`); n != 4 {
		t.Fatalf("%d refusals audited", n)
	}
}

func isOtherClinic(err error) bool { var e *home.OtherClinicError; return errors.As(err, &e) }
func isOlder(err error) bool       { var e *home.OlderError; return errors.As(err, &e) }

// A wrong code is refused and counted: the fifth locks the packet for
// good, and then the right code is refused too, without deriving a key.
func TestWrongCodeLocksThePacket(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	h := newHomeRig(t)
	s, _ := h.setUp(t, c.packet(t, c.signer, c.records(t, c.client), packet.Cheap))
	next := c.packet(t, c.signer, c.records(t, c.client), packet.Cheap)
	before := dumpTables(t, h.s)
	for i := 1; i <= home.MaxTries; i++ {
		_, err := h.svc.Update(ctx, s, next, "AAAA-BBBB-CCCC")
		var wrong *home.WrongCodeError
		switch {
		case i < home.MaxTries && (!errors.As(err, &wrong) || wrong.Left != home.MaxTries-i):
			t.Fatalf("try %d: %v", i, err)
		case i == home.MaxTries && !errors.Is(err, auth.ErrCodeLocked):
			t.Fatalf("try %d: %v", i, err)
		}
	}
	_, err := h.svc.Update(ctx, s, next, string(packetCode))
	if !errors.Is(err, auth.ErrCodeLocked) {
		t.Fatalf("the right code after the lock: %v", err)
	}
	if after := dumpTables(t, h.s); after != before {
		t.Fatal("wrong codes changed the store")
	}
	if n := count(t, h.s, `SELECT count(*) FROM audit_events WHERE action IN ('packet.code_failed', 'packet.code_locked')`); n != home.MaxTries {
		t.Fatalf("%d failures audited", n)
	}
	if n := count(t, h.s, `SELECT count(*) FROM audit_events WHERE detail LIKE '%AAAA%' OR detail LIKE '%K7P3%' OR detail LIKE '%Muñoz%'`); n != 0 {
		t.Fatal("a code or a name in the audit log")
	}
}

// At set-up, a wrong code and a wrong identity get the same answer after
// the same work; tries count per packet and lock it.
func TestSameAnswerForWrongCodeAndWrongIdentity(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	h := newHomeRig(t)
	b := c.packet(t, c.signer, c.records(t, c.client), packet.Cheap)
	wrongID := clientID
	wrongID.CountryOfBirth = "Peru"
	_, e1 := h.svc.Check(ctx, b, "AAAA-BBBB-CCCC", clientID)
	_, e2 := h.svc.Check(ctx, b, string(packetCode), wrongID)
	var t1, t2 *auth.TriesLeftError
	if !errors.As(e1, &t1) || !errors.As(e2, &t2) || t1.Left != 4 || t2.Left != 3 {
		t.Fatalf("answers %v / %v", e1, e2)
	}
	// One error, that says which of the two was wrong in no way (the
	// screen's words for it are tested in ui).
	if !errors.Is(e1, auth.ErrCodeOrIdentity) || !errors.Is(e2, auth.ErrCodeOrIdentity) ||
		strings.Replace(e1.Error(), "4", "3", 1) != e2.Error() {
		t.Fatalf("answers differ: %q / %q", e1, e2)
	}
	for range 3 {
		_, _ = h.svc.Check(ctx, b, string(packetCode), wrongID)
	}
	if _, err := h.svc.Check(ctx, b, string(packetCode), clientID); !errors.Is(err, auth.ErrCodeLocked) {
		t.Fatalf("the right code and identity after five wrong tries: %v", err)
	}
	if n := count(t, h.s, `SELECT count(*) FROM people`); n != 0 {
		t.Fatal("a check wrote a person")
	}
}

// A store set up already takes no first packet, and writes nothing.
func TestSetUpRefusedOnAStoreSetUp(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	h := newHomeRig(t)
	b := c.packet(t, c.signer, c.records(t, c.client), packet.Cheap)
	tk, err := h.svc.Check(ctx, b, string(packetCode), clientID)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.s.SetSetting(ctx, app.SettingInstallKind, app.InstallClinic); err != nil {
		t.Fatal(err)
	}
	before := dumpTables(t, h.s)
	if _, _, err := h.svc.Redeem(ctx, tk, homeSetup(t)); !errors.Is(err, home.ErrSetUpAlready) {
		t.Fatalf("set-up over a clinic: %v", err)
	}
	if dumpTables(t, h.s) != before {
		t.Fatal("a refused set-up wrote something")
	}
	if _, err := h.svc.Check(ctx, b, string(packetCode), clientID); !errors.Is(err, home.ErrSetUpAlready) {
		t.Fatalf("check on a store set up: %v", err)
	}
	// The clinic's own store takes no packets either, even signed in.
	acct := app.Account{ID: "a1", PersonID: "p1", Username: "staff"}
	if _, err := h.svc.Update(ctx, portal.NewSession(acct, h.clk.now(), 0), b, string(packetCode)); !errors.Is(err, home.ErrNotHousehold) {
		t.Fatalf("update at a clinic: %v", err)
	}
}

// Update and Clinic need a live session: a signed-out one is refused
// before anything is read.
func TestPacketsNeedASession(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	h := newHomeRig(t)
	s, _ := h.setUp(t, c.packet(t, c.signer, c.records(t, c.client), packet.Cheap))
	next := c.packet(t, c.signer, c.records(t, c.client), packet.Cheap)
	if _, err := h.svc.Update(ctx, nil, next, string(packetCode)); !errors.Is(err, portal.ErrSignedOut) {
		t.Fatalf("no session: %v", err)
	}
	s.End()
	if _, err := h.svc.Update(ctx, s, next, string(packetCode)); !errors.Is(err, portal.ErrSignedOut) {
		t.Fatalf("ended session: %v", err)
	}
	if _, _, err := h.svc.Clinic(ctx, s); !errors.Is(err, portal.ErrSignedOut) {
		t.Fatalf("ended session: %v", err)
	}
}

// A household set up by hand takes its first packet when the packet is
// its owner's (given and family name, date and country of birth, written
// without their accents here), and pins that clinic.
func TestHandMadeHouseholdPinsItsFirstPacket(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	h := newHomeRig(t)
	r := householdSetUp("jose")
	r.Owner.GivenName, r.Owner.FamilyName, r.Owner.CountryOfBirth = "Jose", "Munoz", "Mexico"
	acct, err := h.s.Household().SetUpHousehold(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	owner := app.Person{ID: acct.PersonID}
	s := portal.NewSession(acct, h.clk.now(), 0)

	other := mustPerson(t, c.s, "Olga", "Petrova")
	mustCase(t, c.s, "EAC2190000300", other.ID)
	before := dumpTables(t, h.s)
	if _, err := h.svc.Update(ctx, s, c.packet(t, c.signer, c.records(t, other), packet.Cheap), string(packetCode)); !errors.Is(err, home.ErrOtherPerson) {
		t.Fatalf("another person's first packet: %v", err)
	}
	if dumpTables(t, h.s) != before {
		t.Fatal("a refused first packet changed the store")
	}
	applied, err := h.svc.Update(ctx, s, c.packet(t, c.signer, c.records(t, c.client), packet.Cheap), string(packetCode))
	if err != nil || applied.NewCases != 3 {
		t.Fatalf("first packet: %+v %v", applied, err)
	}
	pin, ok, err := h.svc.Clinic(ctx, s)
	if err != nil || !ok || pin.PersonID != owner.ID || pin.ClinicPersonID != c.client.ID {
		t.Fatalf("pin %+v %v %v", pin, ok, err)
	}
	cases, err := h.s.CasesOfPerson(ctx, owner.ID)
	if err != nil || len(cases) != 3 || cases[0].ApplicantID != owner.ID {
		t.Fatalf("the owner's cases: %+v %v", cases, err)
	}
}

// Set up with an authenticator app: the secret is kept sealed, after one
// code from the app confirmed it; a wrong code writes nothing.
func TestPacketSetUpWithAnAuthenticator(t *testing.T) {
	ctx := context.Background()
	c := newClinicRig(t)
	h := newHomeRig(t)
	tk, err := h.svc.Check(ctx, c.packet(t, c.signer, c.records(t, c.client), packet.Cheap), string(packetCode), clientID)
	if err != nil {
		t.Fatal(err)
	}
	e, err := auth.NewEnrolment("jose.munoz")
	if err != nil {
		t.Fatal(err)
	}
	st := homeSetup(t)
	st.Enrolment, st.ConfirmCode = &e, "000000"
	if _, _, err := h.svc.Redeem(ctx, tk, st); err == nil {
		t.Fatal("a wrong authenticator code set up the account")
	}
	if n := count(t, h.s, `SELECT count(*) FROM accounts`); n != 0 {
		t.Fatal("a refused set-up wrote an account")
	}
	st.ConfirmCode, _ = totp.GenerateCode(e.Secret, h.clk.now())
	acct, _, err := h.svc.Redeem(ctx, tk, st)
	if err != nil {
		t.Fatal(err)
	}
	var sealed []byte
	if err := h.s.db.QueryRow(`SELECT totp_secret FROM accounts WHERE id = ?`, acct.ID).Scan(&sealed); err != nil || len(sealed) == 0 ||
		bytes.Contains(sealed, []byte(e.Secret)) {
		t.Fatalf("the authenticator secret is not kept sealed: %v", err)
	}
	if n := count(t, h.s, `SELECT count(*) FROM backup_codes WHERE account_id = ?`, acct.ID); n != auth.BackupCodeCount {
		t.Fatalf("%d backup codes", n)
	}
}
