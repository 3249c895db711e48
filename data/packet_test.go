package data

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/notice"
	"casedesk/app/packet"
	"casedesk/app/portal"
	"casedesk/app/settings"
)

// packetDesk is a clinic's store with its administrator and a staff
// member signed in (sessions live now), and the desk's services over it,
// deriving packet keys cheaply.
type packetDesk struct {
	s            *Store
	keys         *auth.Keys
	svc          *desk.Service
	admin, staff desk.StaffMember
}

func newPacketDesk(t *testing.T) packetDesk {
	t.Helper()
	s := openTest(t)
	ctx := context.Background()
	keys := auth.NewKeysForTest(testKey)
	svc := desk.New(s.Desk(), auth.NewCodes(s, keys, nil, cheapArgon), keys, notice.NewService(s, nil), settings.New(s), nil, cheapArgon).
		WithPackets(s.Desk()).WithPacketKDF(packet.Cheap)
	if _, err := s.SetUpClinic(ctx, clinicSetUp(1)); err != nil {
		t.Fatal(err)
	}
	staff := mustStaff(t, s, "Tomás", "Ruiz", "tomas", app.RoleStaff)
	s.db.Exec(`UPDATE accounts SET must_change_password = 0`)
	var admin desk.StaffMember
	list, _ := s.ListStaff(ctx)
	for _, m := range list {
		if m.Role == app.RoleAdmin {
			admin = m
		}
	}
	return packetDesk{s: s, keys: keys, svc: svc, admin: admin, staff: staff}
}

// as is the desk of a session of the account, signed in now.
func (p packetDesk) as(accountID string, role app.Role) *desk.Desk {
	return p.svc.For(portal.NewSession(app.Account{ID: accountID, Role: role}, time.Now(), 15*time.Minute))
}

// clientWithCases is a client with n cases of their own, each with a
// notice, an Account Access Notice and an appointment; a second client
// petitions on the first case (named on it) and has a case, a notice and
// an appointment of their own.
func clientWithCases(t *testing.T, s *Store, n int) (client, other app.Person) {
	t.Helper()
	ctx := context.Background()
	client = mustPerson(t, s, "María", "Núñez")
	other = mustPerson(t, s, "Pedro", "Salas")
	for i := range n {
		r, _ := app.ParseReceipt("IOE09" + strings.Repeat("0", 7) + string(rune('0'+i)))
		c := app.Case{Receipt: r, FormType: "I-485", ApplicantID: client.ID, ReceivedDate: app.NewDate(2025, 1, 10)}
		if i == 0 {
			c.FormType, c.PetitionerID = "I-130", other.ID
		}
		if err := s.CreateCase(ctx, &c, &app.CaseEvent{StatusCode: "received", Date: c.ReceivedDate}); err != nil {
			t.Fatal(err)
		}
		mustNotice(t, s, app.Notice{CaseID: c.ID, PersonID: client.ID, Kind: app.NoticeReceipt, NoticeDate: c.ReceivedDate,
			Fields: map[string]string{"receipt_number": string(r)}})
		if err := s.AddAppointment(ctx, &app.Appointment{PersonID: client.ID, CaseID: c.ID, Kind: app.AppointmentBiometrics,
			StartsAt: deskAt.Add(time.Duration(i+1) * 24 * time.Hour), PlaceName: "ASC", Status: "scheduled"}); err != nil {
			t.Fatal(err)
		}
	}
	mustNotice(t, s, app.Notice{PersonID: client.ID, Kind: app.NoticeAccountAccess, NoticeDate: app.NewDate(2025, 2, 1),
		Fields: map[string]string{"name": client.FullName()}})
	own := mustCase(t, s, "EAC2190099999", other.ID)
	mustNotice(t, s, app.Notice{CaseID: own.ID, PersonID: other.ID, Kind: app.NoticeApproval, NoticeDate: app.NewDate(2025, 6, 1),
		Fields: map[string]string{"receipt_number": string(own.Receipt)}})
	if err := s.AddAppointment(ctx, &app.Appointment{PersonID: other.ID, CaseID: own.ID, Kind: app.AppointmentInterview,
		StartsAt: deskAt, PlaceName: "Field office", Status: "scheduled"}); err != nil {
		t.Fatal(err)
	}
	return client, other
}

func mustNotice(t *testing.T, s *Store, n app.Notice) {
	t.Helper()
	if err := s.AddNotice(context.Background(), &n); err != nil {
		t.Fatal(err)
	}
}

// packetRows counts what writing a packet adds: packets, their audit rows
// and Account Access Notices.
func packetRows(t *testing.T, s *Store) int {
	return count(t, s, `SELECT (SELECT count(*) FROM packets) + (SELECT count(*) FROM audit_events WHERE action = 'packet.written')
		+ (SELECT count(*) FROM notices WHERE kind = 'account_access')`)
}

// The attacker's test: an applicant, a signed-out or timed-out session, a
// disabled staff member and no session at all are refused, and nothing is
// written: no row, no file, not even the clinic's key.
func TestPacketRefusesWhoMayNot(t *testing.T) {
	p := newPacketDesk(t)
	ctx := context.Background()
	client, _ := clientWithCases(t, p.s, 1)
	acct := issued(t, p.s, client.ID, deskAt.Add(24*time.Hour))
	ended := p.svc.For(portal.NewSession(app.Account{ID: p.staff.AccountID, Role: app.RoleStaff}, time.Now(), time.Minute))
	ended.Me(ctx) // a live session works…
	ended2 := portal.NewSession(app.Account{ID: p.staff.AccountID, Role: app.RoleStaff}, time.Now(), time.Minute)
	ended2.End()
	timedOut := portal.NewSession(app.Account{ID: p.staff.AccountID, Role: app.RoleStaff}, time.Now().Add(-time.Hour), time.Minute)
	disabled := mustStaff(t, p.s, "Ex", "Staff", "ex", app.RoleStaff)
	p.s.db.Exec(`UPDATE accounts SET must_change_password = 0 WHERE id = ?`, disabled.AccountID)
	if err := p.s.DisableStaff(ctx, disabled.AccountID, ev("staff.disabled")); err != nil {
		t.Fatal(err)
	}
	before := packetRows(t, p.s)
	dir := t.TempDir()
	for name, d := range map[string]*desk.Desk{
		"applicant":  p.as(acct.ID, app.RoleApplicant),
		"signed out": p.svc.For(ended2),
		"timed out":  p.svc.For(timedOut),
		"disabled":   p.as(disabled.AccountID, app.RoleStaff),
		"no session": p.svc.For(nil),
	} {
		file := filepath.Join(dir, name+".cdpacket")
		_, err := d.WritePacket(ctx, client.ID, file)
		if !errors.Is(err, desk.ErrNotStaff) && !errors.Is(err, portal.ErrSignedOut) {
			t.Errorf("%s: %v", name, err)
		}
		if _, err := os.Stat(file); err == nil {
			t.Errorf("%s: a file was written", name)
		}
	}
	if after := packetRows(t, p.s); after != before {
		t.Errorf("refused writes added %d rows", after-before)
	}
	if _, err := p.s.Setting(ctx, desk.SettingPacketKey); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("a refused write made the clinic's key: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files left: %v", entries)
	}
}

// noticeCode renders a packet's notice as the desk prints it and reads
// the code back from the PDF with pdftotext, as a person reads it.
func noticeCode(t *testing.T, p packetDesk, w desk.WrittenPacket) app.AccessCode {
	t.Helper()
	pdf := filepath.Join(t.TempDir(), "notice.pdf")
	if err := notice.NewService(p.s, nil).Save(context.Background(), pdf, w.Notice()); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (poppler-utils) reads the notice back: %v", err)
	}
	m := regexp.MustCompile(`\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b`).FindString(string(out))
	code, err := app.ParseAccessCode(m)
	if err != nil {
		t.Fatalf("no code on the notice: %v\n%s", err, out)
	}
	for _, want := range []string{filepath.Base(w.Path), "Clinic 1", "María Núñez", "This is my own computer"} {
		if !strings.Contains(strings.Join(strings.Fields(string(out)), " "), want) {
			t.Errorf("the notice lacks %q", want)
		}
	}
	if strings.Contains(string(out), "expires") {
		t.Error("a packet's code does not expire, but its notice says so")
	}
	return code
}

// A packet written from a real store opens with the code on its notice
// and holds the client's records exactly: their cases (with the case they
// are named on by another), each case's history, their notices but the
// Account Access Notices, their appointments; the other client by name
// only and nothing of theirs. The store keeps the packet's row, its
// notice record without the code, and an audit row without names.
func TestPacketHoldsTheClientsRecordsOnly(t *testing.T) {
	p := newPacketDesk(t)
	ctx := context.Background()
	client, other := clientWithCases(t, p.s, 3)
	file := filepath.Join(t.TempDir(), "out", desk.PacketFileName(client, app.NewDate(2026, 11, 27)))
	if filepath.Base(file) != "casedesk-cases-nunez-2026-11-27.cdpacket" {
		t.Errorf("file name %s", filepath.Base(file))
	}
	w, err := p.as(p.staff.AccountID, app.RoleStaff).WritePacket(ctx, client.ID, file)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(file)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("packet file: %v %v", fi, err)
	}
	b, _ := os.ReadFile(file)
	code := noticeCode(t, p, w)
	h, r, err := packet.Open(b, code)
	if err != nil {
		t.Fatal(err)
	}
	if h.Seq != 1 || h.Packet != w.ID || r.Person.ID != client.ID || r.Person.DateOfBirth != client.DateOfBirth || r.Clinic.Name != "Clinic 1" {
		t.Errorf("header %+v person %+v", h, r.Person)
	}
	if len(r.Cases) != 3 || len(r.Events) != 3 || len(r.Appointments) != 3 {
		t.Errorf("%d cases, %d events, %d appointments", len(r.Cases), len(r.Events), len(r.Appointments))
	}
	for _, c := range r.Cases {
		if c.ApplicantID != client.ID || c.Source.Kind != "" {
			t.Errorf("case %+v", c)
		}
	}
	if len(r.Notices) != 3 {
		t.Errorf("%d notices, want the 3 receipt notices", len(r.Notices))
	}
	for _, n := range r.Notices {
		if n.Kind == app.NoticeAccountAccess || n.PersonID != client.ID {
			t.Errorf("notice %+v", n)
		}
	}
	if len(r.People) != 1 || r.People[0].ID != other.ID || r.People[0].FamilyName != "Salas" || !r.People[0].DateOfBirth.IsZero() ||
		r.People[0].Address != (app.Address{}) || r.People[0].CountryOfBirth != "" {
		t.Errorf("people %+v", r.People)
	}
	if _, _, err := packet.Open(b, "7K3D9QXM2HTB"); !errors.Is(err, packet.ErrWrongCode) {
		t.Errorf("another code: %v", err)
	}
	// What the store kept.
	if n := count(t, p.s, `SELECT count(*) FROM packets WHERE id = ? AND person_id = ? AND seq = 1 AND made_by = 'tomas'`, w.ID, client.ID); n != 1 {
		t.Errorf("%d packet rows", n)
	}
	var fields string
	p.s.db.QueryRow(`SELECT fields FROM notices WHERE kind = 'account_access' AND fields LIKE '%packet%'`).Scan(&fields)
	if !strings.Contains(fields, filepath.Base(file)) || strings.Contains(fields, string(code)) || strings.Contains(fields, code.String()) {
		t.Errorf("notice record %s", fields)
	}
	var row app.AuditEvent
	p.s.db.QueryRow(`SELECT actor_id, record_id, detail FROM audit_events WHERE action = 'packet.written'`).Scan(&row.ActorID, &row.RecordID, &row.Detail)
	for _, secret := range []string{string(code), code.String(), "María", "Núñez", "Salas", string(r.Cases[0].Receipt)} {
		if strings.Contains(row.Detail, secret) {
			t.Errorf("the audit row holds %q: %q", secret, row.Detail)
		}
	}
	if row.ActorID != "tomas" || row.RecordID != client.ID || !strings.Contains(row.Detail, w.ID) || !strings.Contains(row.Detail, "3 cases") {
		t.Errorf("audit row %+v", row)
	}
	// No code of any kind is stored for a packet.
	if n := count(t, p.s, `SELECT count(*) FROM access_codes`); n != 0 {
		t.Errorf("%d access codes stored", n)
	}
	// A detail the home would refuse is found here, and nothing written.
	odd := mustPerson(t, p.s, "Odd", "State")
	p.s.db.Exec(`UPDATE people SET state = 'Texas' WHERE id = ?`, odd.ID)
	mustCase(t, p.s, "LIN2190000077", odd.ID)
	before := packetRows(t, p.s)
	oddFile := filepath.Join(t.TempDir(), "odd.cdpacket")
	if _, err := p.as(p.staff.AccountID, app.RoleStaff).WritePacket(ctx, odd.ID, oddFile); !errors.Is(err, desk.ErrPacketUnreadable) ||
		!strings.Contains(err.Error(), "state") {
		t.Errorf("a state the home refuses: %v", err)
	}
	if _, err := os.Stat(oddFile); err == nil || packetRows(t, p.s) != before {
		t.Error("a packet the home cannot read was written")
	}
	// A client with no case of their own gets no packet.
	lonely := mustPerson(t, p.s, "Lía", "Soto")
	if _, err := p.as(p.admin.AccountID, app.RoleAdmin).WritePacket(ctx, lonely.ID, filepath.Join(t.TempDir(), "x.cdpacket")); !errors.Is(err, desk.ErrNoCases) {
		t.Errorf("no cases: %v", err)
	}
	if packetRows(t, p.s) != before {
		t.Error("a refused packet wrote")
	}
}

// Each client's packets count 1, 2, 3, apart from other clients'; of
// packets written at once for one client each has its own number.
func TestPacketSeqGrowsPerClient(t *testing.T) {
	p := newPacketDesk(t)
	ctx := context.Background()
	client, other := clientWithCases(t, p.s, 1)
	d := p.as(p.staff.AccountID, app.RoleStaff)
	dir := t.TempDir()
	seq := func(personID, name string) int64 {
		t.Helper()
		w, err := d.WritePacket(ctx, personID, filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(w.Path)
		h, err := packet.ReadHeader(b)
		if err != nil || h.Seq != w.Seq {
			t.Fatalf("header %+v %v, written %d", h, err, w.Seq)
		}
		return w.Seq
	}
	if got := []int64{seq(client.ID, "a1.cdpacket"), seq(client.ID, "a2.cdpacket"), seq(client.ID, "a3.cdpacket")}; !slices.Equal(got, []int64{1, 2, 3}) {
		t.Errorf("seqs %v", got)
	}
	if got := seq(other.ID, "b1.cdpacket"); got != 1 {
		t.Errorf("the other client's first packet is %d", got)
	}
	const n = 6
	var wg sync.WaitGroup
	seqs := make([]int64, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			w, err := p.as(p.admin.AccountID, app.RoleAdmin).WritePacket(ctx, client.ID, filepath.Join(dir, "c"+string(rune('0'+i))+".cdpacket"))
			seqs[i], errs[i] = w.Seq, err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	slices.Sort(seqs)
	if !slices.Equal(seqs, []int64{4, 5, 6, 7, 8, 9}) {
		t.Errorf("concurrent seqs %v", seqs)
	}
	if c := count(t, p.s, `SELECT count(*) FROM packets WHERE person_id = ?`, client.ID); c != 9 {
		t.Errorf("%d packet rows", c)
	}
}

// A packet whose file cannot be put in place is not recorded: no row, no
// notice record, no audit row, and no temporary file left.
func TestPacketNotRecordedWithoutItsFile(t *testing.T) {
	p := newPacketDesk(t)
	ctx := context.Background()
	client, _ := clientWithCases(t, p.s, 1)
	dir := t.TempDir()
	taken := filepath.Join(dir, "taken.cdpacket")
	if err := os.MkdirAll(filepath.Join(taken, "inside"), 0o700); err != nil {
		t.Fatal(err)
	}
	before := packetRows(t, p.s)
	if _, err := p.as(p.staff.AccountID, app.RoleStaff).WritePacket(ctx, client.ID, taken); err == nil {
		t.Fatal("a packet over a folder was written")
	}
	if packetRows(t, p.s) != before {
		t.Error("a packet with no file was recorded")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

// The clinic's signing key: set-up makes it; a clinic without one makes
// it on first use, once, however many desks ask at once; the store holds
// it sealed, never the key itself.
func TestPacketSigningKey(t *testing.T) {
	ctx := context.Background()
	// Set-up through the desk makes it, in the set-up's transaction.
	s := openTest(t)
	keys := auth.NewKeysForTest(testKey)
	svc := desk.New(s.Desk(), nil, keys, notice.NewService(s, nil), settings.New(s), nil, cheapArgon).WithPackets(s.Desk())
	codes := make([]string, auth.BackupCodeCount)
	for i := range codes {
		codes[i] = "code" + string(rune('a'+i))
	}
	if _, err := svc.SetUpClinic(ctx, desk.ClinicForm{Name: "Clínica Sur", Address: "1 Main St\nAustin TX 78701", Phone: "512-555-0100", TimeZone: "America/Chicago"},
		desk.AdminForm{GivenName: "Ana", FamilyName: "Pérez", Username: "ana", Password: "river lamp orange 42"}, desk.TwoStep{BackupCodes: codes}); err != nil {
		t.Fatal(err)
	}
	v, err := s.Setting(ctx, desk.SettingPacketKey)
	if err != nil {
		t.Fatalf("set-up made no signing key: %v", err)
	}
	parts := strings.Fields(v)
	if len(parts) != 3 {
		t.Fatalf("kept %q", v)
	}
	sealed, _ := base64.RawURLEncoding.DecodeString(parts[2])
	seed, err := keys.Open(sealed)
	if err != nil || len(seed) != ed25519.SeedSize {
		t.Fatalf("the kept key does not open: %v", err)
	}
	for _, plain := range []string{hex.EncodeToString(seed), base64.StdEncoding.EncodeToString(seed), base64.RawURLEncoding.EncodeToString(seed),
		base64.RawStdEncoding.EncodeToString(seed)} {
		if strings.Contains(v, plain) {
			t.Error("the setting holds the key in the clear")
		}
	}
	if n := count(t, s, `SELECT count(*) FROM audit_events WHERE detail LIKE ?`, "%"+parts[2][:16]+"%"); n != 0 {
		t.Error("the key is in the audit log")
	}
	// Its packets are signed with it.
	client, _ := clientWithCases(t, s, 1)
	w, err := svc.WithPacketKDF(packet.Cheap).CommandLine("test").WritePacket(ctx, client.ID, filepath.Join(t.TempDir(), "p.cdpacket"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(w.Path)
	h, _ := packet.ReadHeader(b)
	if string(h.Key) != string(ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)) || h.Clinic != parts[1] {
		t.Errorf("the packet is not signed with the set-up's key")
	}

	// A clinic from before packets: desks writing at once end with one key.
	p := newPacketDesk(t)
	if _, err := p.s.Setting(ctx, desk.SettingPacketKey); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("a store set up without one has a key: %v", err)
	}
	client, _ = clientWithCases(t, p.s, 1)
	const n = 8
	var wg sync.WaitGroup
	heads := make([]packet.Header, n)
	errs := make([]error, n)
	dir := t.TempDir()
	for i := range n {
		wg.Go(func() {
			w, err := p.as(p.staff.AccountID, app.RoleStaff).WritePacket(ctx, client.ID, filepath.Join(dir, "k"+string(rune('0'+i))+".cdpacket"))
			if err != nil {
				errs[i] = err
				return
			}
			b, _ := os.ReadFile(w.Path)
			heads[i], errs[i] = packet.ReadHeader(b)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	for _, h := range heads[1:] {
		if string(h.Key) != string(heads[0].Key) || h.Clinic != heads[0].Clinic {
			t.Fatal("desks at once made two signing keys")
		}
	}
	// Keeping a key where one is kept keeps the first.
	first, _ := p.s.Setting(ctx, desk.SettingPacketKey)
	if got, err := p.s.Desk().KeepPacketKey(ctx, "v1 other key"); err != nil || got != first {
		t.Errorf("KeepPacketKey over a kept key = %q, %v", got, err)
	}
}
