package ui

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/home"
	"casedesk/app/i18n"
	"casedesk/app/packet"
	"casedesk/app/portal"
)

// Every refusal of a packet says what is wrong and what to do, in its own
// words, in English and in Spanish.
func TestPacketMessages(t *testing.T) {
	applied := time.Date(2026, 11, 3, 15, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		err    error
		en, es string
	}{
		{packet.ErrNotPacket, "not a CaseDesk case packet", "no es un paquete de casos"},
		{fmt.Errorf("%w: bad records", packet.ErrNotPacket), "Choose the file ending in .cdpacket", "terminado en .cdpacket"},
		{packet.ErrAltered, "changed after the clinic signed it", "después de que la clínica lo firmó"},
		{packet.ErrNewerFormat, "from a newer CaseDesk", "de un CaseDesk más reciente"},
		{&home.OtherClinicError{Pinned: "Prairie Legal Aid"}, "This packet was not made by Prairie Legal Aid", "no lo hizo Prairie Legal Aid"},
		{&home.OlderError{Applied: applied}, "older than the one already applied on November 3, 2026", "ya se aplicó el 3 de noviembre de 2026"},
		{home.ErrOtherPerson, "another person's cases", "casos de otra persona"},
		{&home.WrongCodeError{Left: 4}, "does not open this packet", "no abre este paquete"},
		{&home.WrongCodeError{Left: 2}, "2 tries left before this packet stops opening", "Quedan 2 intentos"},
		{auth.ErrCodeLocked, "This packet is locked after too many tries", "bloqueado después de demasiados intentos"},
		{&auth.TriesLeftError{Left: 4}, "do not match our records", "no coinciden"},
		{home.ErrSetUpAlready, "already set up on this computer", "ya está configurado"},
		{home.ErrNotHousehold, "household's own computer only", "computadora propia de un hogar"},
		{home.ErrNotOwner, "only for the owner of a household's own CaseDesk", "dueño"},
		{&home.OwnRecordsError{Kind: "a case"}, "records you entered on this computer yourself, so nothing was changed", "registros que usted mismo ingresó"},
		{portal.ErrSignedOut, "You were signed out", "Se cerró su sesión"},
		{&fs.PathError{Op: "open", Path: "/media/usb/casos.cdpacket", Err: fs.ErrPermission}, "could not read the file casos.cdpacket", "no pudo leer el archivo casos.cdpacket"},
	} {
		if got := packetMessage(tc.err); !strings.Contains(got, tc.en) {
			t.Errorf("%v: %q", tc.err, got)
		}
		if err := i18n.Use("es"); err != nil {
			t.Fatal(err)
		}
		if got := packetMessage(tc.err); !strings.Contains(got, tc.es) {
			t.Errorf("%v in Spanish: %q", tc.err, got)
		}
		i18n.Reset()
	}
	if m := packetMessage(&home.WrongCodeError{Left: 4}); strings.Contains(m, "left") {
		t.Fatalf("warns with 4 tries left: %q", m)
	}
}

func TestAppliedSummary(t *testing.T) {
	for _, tc := range []struct {
		a    home.Applied
		want string
	}{
		{home.Applied{UpdatedCases: 2, NewNotices: 3}, "2 cases updated, 3 new notices."},
		{home.Applied{NewCases: 1, NewEvents: 1, Appointments: 2}, "1 new case, 1 new status change, 2 appointments added or changed."},
		{home.Applied{}, "Nothing had changed since the last packet."},
		{home.Applied{UpdatedCases: 1, TakenOver: []app.Receipt{"EAC2190000200"}},
			"1 case updated. The clinic's record now keeps 1 case you entered yourself (EAC2190000200); its letters stay attached."},
		{home.Applied{TakenOver: []app.Receipt{"EAC2190000200", "EAC2190000201"}, NewEvents: 2},
			"2 new status changes. The clinic's record now keeps the 2 cases you entered yourself (EAC2190000200, EAC2190000201); their letters stay attached."},
	} {
		if got := appliedSummary(tc.a); got != tc.want {
			t.Errorf("%+v:\n got %q\nwant %q", tc.a, got, tc.want)
		}
	}
	if err := i18n.Use("es"); err != nil {
		t.Fatal(err)
	}
	defer i18n.Reset()
	if got := appliedSummary(home.Applied{UpdatedCases: 2, NewNotices: 3}); got != "2 casos actualizados, 3 avisos nuevos." {
		t.Fatalf("in Spanish: %q", got)
	}
}
