package main

// Attacks on the desk's case packet writer: who may write one, what a
// packet may hold, and where the clinic's signing key and a packet's access
// code may never be found afterwards.

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/i18n"
	"casedesk/app/packet"
	"casedesk/app/portal"
	"casedesk/ui"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// packetClinic is a set-up clinic that writes packets, with two clients:
// Marisol, whose packet is written, with a case and a petition on which Pedro
// is the other party; and Pedro, with a case, notice and appointment of
// his own that must never travel in her packet.
type packetClinic struct {
	r           *deskRig
	admin       *portal.Session
	jose, pedro desk.Client
	pedroCase   app.Case
}

func newPacketClinic(t *testing.T) *packetClinic {
	t.Helper()
	ctx := context.Background()
	useConfigDir(t, newMemKeyring())
	r := newDeskRig(t)
	r.desk.WithBackups(r.c.backups()).WithPackets(r.c.Store.Desk()).WithPacketKDF(packet.Cheap)
	p := &packetClinic{r: r, admin: r.setUp(t)}
	d := r.desk.For(p.admin)
	var err error
	if p.jose, err = d.AddClient(ctx, desk.ClientForm{GivenName: "Marisol", FamilyName: "Quintero", DateOfBirth: "06/21/1979",
		CountryOfBirth: "Mexico", Line1: "1 Elm St", City: "Springfield", State: "IL", ZIP: "62701", ANumber: "A012345678"}, false); err != nil {
		t.Fatal(err)
	}
	if p.pedro, err = d.AddClient(ctx, desk.ClientForm{GivenName: "Pedro", FamilyName: "Salas", DateOfBirth: "07/01/1980",
		CountryOfBirth: "Peru", Line1: "9 Oak St", City: "Austin", State: "TX", ZIP: "78702", ANumber: "A123456789"}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := d.AddCase(ctx, desk.CaseForm{PersonID: p.jose.ID, Role: desk.AsApplicant, Receipt: "IOE0912345678", FormType: "I-485", Filed: "01/15/2026"}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.AddCase(ctx, desk.CaseForm{PersonID: p.jose.ID, Role: desk.AsBeneficiary, OtherPersonID: p.pedro.ID,
		Receipt: "WAC2190000002", FormType: "I-130", Filed: "01/15/2026"}); err != nil {
		t.Fatal(err)
	}
	if p.pedroCase, err = d.AddCase(ctx, desk.CaseForm{PersonID: p.pedro.ID, Role: desk.AsApplicant, Receipt: "EAC2190000001", FormType: "I-765", Filed: "01/15/2026"}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.RecordStatus(ctx, desk.StatusForm{CaseID: p.pedroCase.ID, Status: "approved", Date: time.Now().Format("01/02/2006"),
		Note: "Pedro's own", Notice: app.NoticeApproval}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ScheduleAppointment(ctx, desk.AppointmentForm{CaseID: p.pedroCase.ID, Kind: app.AppointmentBiometrics,
		Date: time.Now().AddDate(0, 1, 0).Format("01/02/2006"), Time: "9:30 AM", Place: "ASC Austin", Address: "1 Congress Ave, Austin, TX"}); err != nil {
		t.Fatal(err)
	}
	return p
}

// Only staff and administrators may write a packet: an applicant (even
// one claiming to be an administrator), disabled staff, a signed-out or
// timed-out session and no session are refused, leaving no file and no
// audit row.
func TestSecurityPacketWriterRefusesIntruders(t *testing.T) {
	ctx := context.Background()
	p := newPacketClinic(t)
	who := intruders(t, p.r, p.admin)
	out := t.TempDir()
	before := auditCount(t, p.r)
	for w, s := range who {
		if _, err := p.r.desk.For(s).WritePacket(ctx, p.jose.ID, filepath.Join(out, "x.cdpacket")); err == nil {
			t.Errorf("a packet written by %s", w)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("refused writes left %d files", len(entries))
	}
	if after := auditCount(t, p.r); after != before {
		t.Errorf("refused writes made %d audit rows", after-before)
	}
	staff := p.r.staffSession(t, p.admin, "tomas.h", app.RoleStaff)
	if _, err := p.r.desk.For(staff).WritePacket(ctx, p.jose.ID, filepath.Join(out, "x.cdpacket")); err != nil {
		t.Fatalf("staff: %v", err)
	}
}

// A packet holds the client's own records only: another client's case,
// notice and appointment stay behind, and another client named on the
// client's case travels by name only. The clinic's signing key is not in
// the packet, and neither is any Account Access Notice.
func TestSecurityPacketHoldsOnlyTheClientsRecords(t *testing.T) {
	ctx := context.Background()
	p := newPacketClinic(t)
	path := filepath.Join(t.TempDir(), "jose.cdpacket")
	w, err := p.r.desk.For(p.admin).WritePacket(ctx, p.jose.ID, path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, rec, err := packet.Open(b, w.Code)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Cases) != 2 || len(rec.People) != 1 || rec.People[0].ID != p.pedro.ID {
		t.Fatalf("the packet holds %d cases and %d other people", len(rec.Cases), len(rec.People))
	}
	for _, c := range rec.Cases {
		if c.ID == p.pedroCase.ID || c.Receipt == p.pedroCase.Receipt {
			t.Errorf("another client's case %s in the packet", c.Receipt)
		}
	}
	for _, n := range rec.Notices {
		if n.PersonID != p.jose.ID || n.CaseID == p.pedroCase.ID || n.Kind == app.NoticeAccountAccess {
			t.Errorf("a notice %s of %s in the packet", n.Kind, n.PersonID)
		}
	}
	for _, a := range rec.Appointments {
		if a.PersonID != p.jose.ID || a.CaseID == p.pedroCase.ID {
			t.Errorf("another client's appointment in the packet")
		}
	}
	for _, o := range rec.People {
		if o.ID == p.pedro.ID && (!o.DateOfBirth.IsZero() || o.ANumber != "" || o.Address.Line1 != "" || o.CountryOfBirth != "") {
			t.Errorf("the other client travels whole: %+v", o)
		}
	}
	for _, e := range rec.Events {
		if e.CaseID == p.pedroCase.ID || strings.Contains(e.Note, "Pedro's own") {
			t.Error("another client's status change in the packet")
		}
	}
	seed, v := signingSeed(t, p.r)
	for what, secret := range map[string][]byte{"seed": seed, "private key": ed25519.NewKeyFromSeed(seed), "kept value": []byte(v),
		"seed, base64": []byte(base64.StdEncoding.EncodeToString(seed)), "seed, base64url": []byte(base64.RawURLEncoding.EncodeToString(seed))} {
		if bytes.Contains(b, secret) {
			t.Errorf("the packet file holds the signing key's %s", what)
		}
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the packet file's mode: %v %v", info.Mode(), err)
	}
}

// signingSeed is the clinic's signing key's seed, opened as the desk does,
// and the value the store keeps it as.
func signingSeed(t *testing.T, r *deskRig) ([]byte, string) {
	t.Helper()
	v, err := r.c.Store.Desk().PacketKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Fields(v)
	sealed, err := base64.RawURLEncoding.DecodeString(parts[len(parts)-1])
	if err != nil {
		t.Fatal(err)
	}
	seed, err := r.c.keys.Open(sealed)
	if err != nil || len(seed) != ed25519.SeedSize {
		t.Fatalf("the signing key does not open: %v", err)
	}
	return seed, v
}

// After packets are written, the access codes are nowhere in the store (in
// any table or in its files on disk), in the audit log, or in an export;
// the signing key is in no settings list, export or audit row, and the
// store's files never hold it in the clear.
func TestSecurityPacketCodeAndKeyNowhere(t *testing.T) {
	ctx := context.Background()
	p := newPacketClinic(t)
	d := p.r.desk.For(p.admin)
	dir := t.TempDir()
	var codes []app.AccessCode
	for i := range 3 {
		w, err := d.WritePacket(ctx, p.jose.ID, filepath.Join(dir, "p"+string(rune('1'+i))+".cdpacket"))
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, w.Code)
	}
	seed, kept := signingSeed(t, p.r)
	secrets := map[string][]byte{"seed": seed, "private key": ed25519.NewKeyFromSeed(seed),
		"seed, base64": []byte(base64.StdEncoding.EncodeToString(seed)), "seed, base64url": []byte(base64.RawURLEncoding.EncodeToString(seed))}
	for i, c := range codes {
		s := string(c)
		for _, form := range []string{s, strings.ToLower(s), s[:4] + "-" + s[4:8] + "-" + s[8:]} {
			secrets["code "+string(rune('1'+i))+" "+form] = []byte(form)
		}
	}

	vals, err := d.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vals {
		if v.Key == desk.SettingPacketKey || strings.Contains(v.Value, kept) || strings.Contains(v.Key, "signing") {
			t.Errorf("the settings list shows %s", v.Key)
		}
	}
	exports := t.TempDir()
	if _, err := d.ExportClients(ctx, filepath.Join(exports, "clients.csv"), true); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ExportCases(ctx, filepath.Join(exports, "cases.csv"), true); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ExportAudit(ctx, filepath.Join(exports, "audit.csv"), true); err != nil {
		t.Fatal(err)
	}
	secretsWithKept := map[string][]byte{"kept value": []byte(kept)}
	for k, v := range secrets {
		secretsWithKept[k] = v
	}
	look := func(where string, b []byte, set map[string][]byte) {
		for what, s := range set {
			if bytes.Contains(b, s) {
				t.Errorf("%s holds the %s", where, what)
			}
		}
	}
	for _, f := range []string{"clients.csv", "cases.csv", "audit.csv"} {
		b, _ := os.ReadFile(filepath.Join(exports, f))
		look(f, b, secretsWithKept)
	}
	var audit bytes.Buffer
	if err := p.r.c.EachAuditEvent(ctx, func(e app.AuditEvent) error {
		audit.WriteString(e.Action + " " + e.RecordID + " " + e.Detail + "\n")
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	look("the audit log", audit.Bytes(), secretsWithKept)
	for _, name := range []string{"Quintero", "Marisol", "1979-06-21", "06/21/1979", "A012345678", "012345678"} {
		if strings.Contains(audit.String(), name) {
			t.Errorf("the audit log holds %q", name)
		}
	}
	// The store's own files: the key is there only sealed, the codes not at all.
	storeDir := filepath.Dir(p.r.c.Path())
	entries, _ := os.ReadDir(storeDir)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(storeDir, e.Name()))
		if err != nil {
			continue
		}
		look(e.Name(), b, secrets)
	}
	if err := d.BackUpTo(ctx, filepath.Join(exports, "b.cdbackup"), false); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(exports, "b.cdbackup"))
	look("a backup", b, secretsWithKept)
}

// ownComputerWords are the words of the household's ways in: the
// own-computer card, its set-up, the packet's set-up and a later packet.
var ownComputerWords = []string{"This is my own computer", "Set up my own CaseDesk",
	"I have an access code and a case packet from my clinic", "Add a newer packet from my clinic…", "Add a case packet from my clinic…"}

// shownOwnComputer says which of the household's ways in the window shows.
func shownOwnComputer(win fyne.Window) []string {
	var found []string
	shown := words(win.Content())
	for _, w := range ownComputerWords {
		if strings.Contains(shown, i18n.T(w)) || anyButton(win.Content(), i18n.T(w)) != nil {
			found = append(found, w)
		}
	}
	return found
}

// At a kiosk, the welcome screen offers neither the own-computer card nor
// the household's set-up nor a packet's; nor does a store never set up
// when the window is a kiosk's.
func TestSecurityKioskOffersNoHousehold(t *testing.T) {
	w, _, _ := kioskWindow(t)
	if got := shownOwnComputer(w.win); len(got) != 0 {
		t.Errorf("the kiosk's welcome offers %v", got)
	}

	fresh := newDeskWindow(t)
	svc := fresh.svc
	svc.Kiosk, svc.KioskDir = true, t.TempDir()+"/casedesk-kiosk"
	t.Cleanup(func() { _ = i18n.SetDefault(i18n.English) })
	ui.ShowIn(fresh.win, svc)
	if got := shownOwnComputer(fresh.win); len(got) != 0 {
		t.Errorf("a kiosk over a store never set up offers %v", got)
	}
	// The same store, not a kiosk, does offer it: the check above can fail.
	plain := newDeskWindow(t)
	ui.ShowIn(plain.win, plain.svc)
	if got := shownOwnComputer(plain.win); len(got) == 0 {
		t.Fatal("a store never set up offers no own-computer card: the kiosk's check proves nothing")
	}
}

// A visitor signed in at the kiosk is offered no case packet, and the
// visit leaves no packet file or a packet's bytes in the kiosk's folders.
func TestSecurityKioskVisitorHasNoPacket(t *testing.T) {
	w, v, _ := kioskWindow(t)
	win := w.win
	tapIn(t, win, "Sign in")
	fieldTyped(t, win.Content(), i18n.T("Username"), v.username)
	fieldTyped(t, win.Content(), i18n.T("Password"), v.password)
	tapIn(t, win, "Next")
	fieldTyped(t, win.Content(), i18n.T("Backup code"), v.backups[0])
	test.Tap(first(win.Content(), func(b *widget.Button) bool {
		return b.Text == i18n.T("Sign in") && b.Importance == widget.HighImportance
	}))
	if text := words(win.Content()); !strings.Contains(text, i18n.T("Welcome, %s", "José")) {
		t.Fatalf("not signed in:\n%s", text)
	}
	if got := shownOwnComputer(win); len(got) != 0 {
		t.Errorf("a visitor at the kiosk is offered %v", got)
	}
	tapIn(t, win, "Sign out")
	var found []string
	for _, root := range []string{w.svc.KioskDir, w.svc.PDFFolder} {
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, _ := os.ReadFile(path)
				if strings.HasSuffix(path, packet.Ext) || bytes.HasPrefix(b, []byte(packet.Magic)) {
					found = append(found, path)
				}
			}
			return nil
		})
	}
	if len(found) > 0 {
		t.Errorf("a visit left packets behind: %v", found)
	}
}

// A packet is never written over the store's own files, nor for a person
// who is not a client (a staff member's own record), nor for no one.
func TestSecurityPacketWriterPathsAndPeople(t *testing.T) {
	ctx := context.Background()
	p := newPacketClinic(t)
	d := p.r.desk.For(p.admin)
	store := p.r.c.Path()
	before := fileSum(t, store)
	for _, path := range []string{store, store + "-wal", store + "-shm"} {
		if _, err := d.WritePacket(ctx, p.jose.ID, path); err == nil {
			t.Errorf("a packet written over %s", filepath.Base(path))
		}
	}
	if fileSum(t, store) != before {
		t.Fatal("the store's file changed")
	}
	out := t.TempDir()
	for who, id := range map[string]string{"the administrator": p.admin.PersonID, "no one": "", "a made-up id": "no-such-person"} {
		if _, err := d.WritePacket(ctx, id, filepath.Join(out, "x.cdpacket")); err == nil {
			t.Errorf("a packet written for %s", who)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("refused packets left %d files", len(entries))
	}
}

// The signing key cannot be replaced or cleared as a setting: an
// administrator who sets it to a key of their own (to sign packets the
// clinic's homes would take) is refused, and the key stays as it was.
func TestSecurityPacketKeyIsNoSetting(t *testing.T) {
	ctx := context.Background()
	p := newPacketClinic(t)
	d := p.r.desk.For(p.admin)
	if _, err := d.WritePacket(ctx, p.jose.ID, filepath.Join(t.TempDir(), "x.cdpacket")); err != nil {
		t.Fatal(err)
	}
	_, kept := signingSeed(t, p.r)
	for _, v := range []string{"", "v1 AAAA BBBB", kept + " "} {
		if err := d.SetSetting(ctx, desk.SettingPacketKey, v); err == nil {
			t.Errorf("the signing key set to %q as a setting", v)
		}
	}
	if _, now := signingSeed(t, p.r); now != kept {
		t.Fatal("the signing key changed")
	}
}
