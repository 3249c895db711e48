package desk

import (
	"errors"
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/auth"
)

func TestParseClientNamesEveryWrongField(t *testing.T) {
	_, err := ParseClient(ClientForm{GivenName: " ", FamilyName: strings.Repeat("x", 81), DateOfBirth: "02/30/1990",
		ANumber: "B123", ZIP: "1234", State: "ZZ", Phone: "555", Email: "a@", Language: "english"})
	got := map[app.Field]bool{}
	for _, e := range app.InputErrors(err) {
		got[e.Code] = true
	}
	for _, f := range []app.Field{app.FieldGivenName, app.FieldFamilyName, app.FieldDateOfBirth, app.FieldANumber, app.FieldZIP,
		app.FieldPhone, app.FieldEmail, app.FieldLanguage} {
		if !got[f] {
			t.Errorf("no message for %s: %v", f, err)
		}
	}
	c, err := ParseClient(ClientForm{GivenName: "  José  Luis ", FamilyName: "Muñoz", DateOfBirth: "3/14/1985", ANumber: "a 1234567"})
	if err != nil {
		t.Fatal(err)
	}
	if c.GivenName != "José Luis" || c.ANumber != "A001234567" || c.Language != "en" || c.DateOfBirth.ISO() != "1985-03-14" {
		t.Errorf("parsed %+v", c.Person)
	}
	// A name that cannot print on a notice is refused where it is typed.
	for _, name := range []string{"Ana\u0007", "王芳"} {
		if _, err := ParseClient(ClientForm{GivenName: name, FamilyName: "B", DateOfBirth: "1/1/1990"}); !app.IsInput(err, app.FieldGivenName) {
			t.Errorf("%q accepted: %v", name, err)
		}
	}
}

func TestParseClock(t *testing.T) {
	for in, want := range map[string][2]int{"9:30 AM": {9, 30}, "9:30am": {9, 30}, "12:00 PM": {12, 0}, "12:15 am": {0, 15},
		"14:00": {14, 0}, "2 PM": {14, 0}, " 08:05 ": {8, 5}} {
		h, m, err := app.ParseClock(in)
		if err != nil || h != want[0] || m != want[1] {
			t.Errorf("%q: %d:%02d %v", in, h, m, err)
		}
	}
	for _, in := range []string{"", "25:00", "13:00 PM", "9:3", "noon", "9:60"} {
		if _, _, err := app.ParseClock(in); !app.IsInput(err, app.FieldTime) {
			t.Errorf("%q accepted: %v", in, err)
		}
	}
}

func TestNoticeForStatus(t *testing.T) {
	for code, want := range map[string]app.NoticeKind{"received": app.NoticeReceipt, "approved": app.NoticeApproval,
		"denied": app.NoticeDenial, "evidence_requested": app.NoticeRFE, "transferred_other_office": app.NoticeTransfer,
		"rejected_not_signed": app.NoticeRejection} {
		if got, ok := NoticeForStatus(code); !ok || got != want {
			t.Errorf("%s: %q %v", code, got, ok)
		}
	}
	if _, ok := NoticeForStatus("actively_reviewed"); ok {
		t.Error("a status with no notice offered one")
	}
	for _, s := range app.Statuses() {
		if k, ok := NoticeForStatus(s.Code); ok && !containsKind(NoticeKinds, k) {
			t.Errorf("%s offers %q, which the desk cannot record", s.Code, k)
		}
	}
}

func containsKind(ks []app.NoticeKind, k app.NoticeKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func TestOneTimePassword(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		pw, err := OneTimePassword()
		if err != nil {
			t.Fatal(err)
		}
		if len(pw) != 19 || strings.Count(pw, "-") != 3 || seen[pw] {
			t.Fatalf("%q", pw)
		}
		seen[pw] = true
		if err := auth.CheckPassword(pw, "maria.l"); err != nil {
			t.Fatalf("%q is refused as a password: %v", pw, err)
		}
	}
}

func TestCheckClinicAndAdmin(t *testing.T) {
	if err := CheckClinic(ClinicForm{Name: "Sur", Address: "1 Main St", TimeZone: "America/Chicago"}); err != nil {
		t.Errorf("a good clinic: %v", err)
	}
	if err := CheckClinic(ClinicForm{Name: "Sur", Address: "1 Main St", TimeZone: "Chicago"}); !app.IsInput(err, app.FieldTimeZone) {
		t.Errorf("a bad zone: %v", err)
	}
	err := CheckAdmin(AdminForm{GivenName: "Rosa", FamilyName: "Delgado", Username: "rosa", Password: "rosadelgado1"})
	if !app.IsInput(err, app.FieldPassword) {
		t.Errorf("a password made of the name: %v", err)
	}
	if err := CheckAdmin(AdminForm{GivenName: "Rosa", FamilyName: "Delgado", Username: "rosa.d", Password: "copper kettle winter 19"}); err != nil {
		t.Errorf("a good administrator: %v", err)
	}
	if !errors.Is(ErrNotAdmin, ErrNotAdmin) || Message(ErrNotStaff) == "" {
		t.Error("messages")
	}
}
