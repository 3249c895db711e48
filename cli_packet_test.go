package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/packet"
	"casedesk/data"
)

// codeOnNotice reads an Account Access Notice PDF back as a person would,
// and returns the access code printed on it.
func codeOnNotice(t *testing.T, pdf string) app.AccessCode {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext (poppler-utils) is needed to read the notice back")
	}
	out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", pdf, err)
	}
	m := regexp.MustCompile(`\b([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\b`).FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("no access code on the notice:\n%s", out)
	}
	code, err := app.ParseAccessCode(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// openPacket opens the packet file with the code from its notice.
func openPacket(t *testing.T, file, notice string) (packet.Header, packet.Records) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	h, r, err := packet.Open(b, codeOnNotice(t, notice))
	if err != nil {
		t.Fatalf("the packet does not open with the code on its notice: %v", err)
	}
	return h, r
}

// TestCLIPacket writes a client's case packet on the command line and
// opens it as the home will: with the code read back from the printed
// notice. It holds the client's own records only (a case of another client
// stays behind, and a petitioner on the client's case travels by name
// only), each packet counts one more for the client, and the store keeps
// neither the code nor a name in the audit row.
func TestCLIPacket(t *testing.T) {
	ctx := context.Background()
	d, client, receipt := clinicWithCase(t)
	// Set-up made the clinic's signing key.
	if _, err := readSetting(t, d.db, desk.SettingPacketKey); err != nil {
		t.Fatalf("setup made no signing key: %v", err)
	}
	dir := t.TempDir()
	today := time.Now().Format("01/02/2006")
	d.write("case.status", "cases", "status", "--receipt", receipt, "--status", "approved", "--date", today, "--notice", "approval")
	other := lastWord(d.write("client.add", "people", "add", "--given", "Pedro", "--family", "Salas", "--date-of-birth", "07/01/1980",
		"--street", "9 Oak St", "--city", "Austin", "--state", "TX", "--zip", "78702", "--a-number", "A123456789"))
	d.write("case.add", "cases", "add", "--person", other, "--role", "applicant", "--receipt", "EAC2190000001", "--form", "I-765",
		"--filed", today)
	d.write("case.status", "cases", "status", "--receipt", "EAC2190000001", "--status", "approved", "--date", today, "--notice", "approval")
	d.write("case.add", "cases", "add", "--person", client, "--role", "beneficiary", "--other", other, "--receipt", "WAC2190000002",
		"--form", "I-130", "--filed", today)
	d.write("client.edit", "people", "edit", client, "--country-of-birth", "México")
	d.write("access_code.issued", "codes", "issue", "--person", client, "--out", filepath.Join(dir, "code-notice.pdf"))

	// Refused before anything is written.
	d.refused(2, "--out", "packet", "--person", client)
	d.refused(2, "one of them", "packet", "--out", filepath.Join(dir, "x.cdpacket"))
	d.refused(1, "must end in .cdpacket", "packet", "--person", client, "--out", filepath.Join(dir, "x.zip"))
	d.refused(1, "no such client", "packet", "--person", "nobody", "--out", filepath.Join(dir, "x.cdpacket"))
	lonely := lastWord(d.write("client.add", "people", "add", "--given", "Lía", "--family", "Soto", "--date-of-birth", "01/02/1990"))
	d.refused(1, "no cases of their own", "packet", "--person", lonely, "--out", filepath.Join(dir, "x.cdpacket"))
	// A store named like a packet is never written over.
	storeLike := filepath.Join(dir, "store.cdpacket")
	head := []byte("SQLite format 3\x00 and the rest of a store")
	if err := os.WriteFile(storeLike, head, 0o600); err != nil {
		t.Fatal(err)
	}
	d.refused(1, "CaseDesk's own files", "packet", "--person", client, "--out", storeLike)
	if b, _ := os.ReadFile(storeLike); string(b) != string(head) {
		t.Error("a packet replaced a store")
	}
	if _, err := os.Stat(filepath.Join(dir, "x.cdpacket")); err == nil {
		t.Error("a refused packet left a file")
	}

	file := filepath.Join(dir, "casedesk-cases-nunez.cdpacket")
	out := d.write("packet.written", "packet", "--receipt", receipt, "--out", file)
	notice := filepath.Join(dir, "access-notice-packet-"+time.Now().In(mustZone(t, "America/Chicago")).Format("2006-01-02")+".pdf")
	if !strings.Contains(out, file) || !strings.Contains(out, notice) || !strings.Contains(out, "packet 1 for this client") {
		t.Fatalf("packet: %q", out)
	}
	for _, f := range []string{file, notice} {
		if fi, err := os.Stat(f); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v, want a 0600 file", f, fi, err)
		}
	}
	h, r := openPacket(t, file, notice)
	if h.Seq != 1 || r.Person.ID != client || r.Person.FamilyName != "Núñez" || r.Person.Address.ZIP != "78701" || r.Clinic.Name != "Clínica Sur" {
		t.Errorf("header %+v, person %+v, clinic %+v", h, r.Person, r.Clinic)
	}
	got := map[app.Receipt]bool{}
	for _, c := range r.Cases {
		got[c.Receipt] = true
	}
	if len(r.Cases) != 2 || !got[app.Receipt(receipt)] || !got["WAC2190000002"] {
		t.Errorf("cases %v, want the client's two and not the other client's", got)
	}
	if len(r.People) != 1 || r.People[0].ID != other || r.People[0].GivenName != "Pedro" ||
		!r.People[0].DateOfBirth.IsZero() || r.People[0].ANumber != "" || r.People[0].Address != (app.Address{}) {
		t.Errorf("the petitioner travels by name only: %+v", r.People)
	}
	if len(r.Notices) != 1 || r.Notices[0].Kind != app.NoticeApproval || r.Notices[0].PersonID != client {
		t.Errorf("notices %+v, want the client's approval alone (no Account Access Notice, nobody else's)", r.Notices)
	}
	if len(r.Events) < 3 {
		t.Errorf("%d status events", len(r.Events))
	}

	// The audit row names the packet and its counts: no name, no code.
	code := codeOnNotice(t, notice)
	var row app.AuditEvent
	for _, e := range readDeskState(t, d.db).Audit {
		if e.Action == "packet.written" {
			row = e
		}
	}
	for _, secret := range []string{string(code), code.String(), "Núñez", "María", "Pedro"} {
		if strings.Contains(row.Detail+row.RecordID+row.ActorID, secret) {
			t.Errorf("the audit row holds %q: %+v", secret, row)
		}
	}
	if row.RecordID != client || !strings.Contains(row.Detail, h.Packet) {
		t.Errorf("audit row %+v", row)
	}

	// The next packets count on, with a new code each; the second notice
	// of the day does not replace the first.
	second := filepath.Join(dir, "second.cdpacket")
	out = d.write("packet.written", "packet", "--person", client, "--out", second, "--notice", filepath.Join(dir, "n2.pdf"))
	h2, _ := openPacket(t, second, filepath.Join(dir, "n2.pdf"))
	if h2.Seq != 2 || h2.Packet == h.Packet || codeOnNotice(t, filepath.Join(dir, "n2.pdf")) == code || !bytesEqual(h2.Key, h.Key) || h2.Clinic != h.Clinic {
		t.Errorf("second packet %+v after %+v: %q", h2, h, out)
	}
	out = d.write("packet.written", "packet", "--person", client, "--out", filepath.Join(dir, "third.cdpacket"))
	if !strings.Contains(out, strings.TrimSuffix(notice, ".pdf")+"-2.pdf") {
		t.Errorf("the third packet's notice: %q", out)
	}
	if _, err := os.Stat(notice); err != nil {
		t.Error(err)
	}
	// The store keeps the signing key sealed, never as the key itself.
	s, keys := openWithKeys(t, d.db)
	v, err := s.Setting(ctx, desk.SettingPacketKey)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Fields(v)
	if len(parts) != 3 {
		t.Fatalf("kept key %q", v)
	}
	sealed, _ := base64.RawURLEncoding.DecodeString(parts[2])
	seed, err := keys.Open(sealed)
	if err != nil || !bytesEqual(ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey), h.Key) {
		t.Fatalf("the kept key does not open to the packets' key: %v", err)
	}
	for _, plain := range []string{hex.EncodeToString(seed), base64.StdEncoding.EncodeToString(seed), base64.RawURLEncoding.EncodeToString(seed)} {
		if strings.Contains(v, plain) {
			t.Error("the settings hold the signing key in the clear")
		}
	}
	if list := d.read("settings", "list"); strings.Contains(list, "packet") || strings.Contains(list, parts[2]) {
		t.Errorf("settings list shows the signing key: %q", list)
	}
}

// readSetting reads one setting from the store at db, and closes it.
func readSetting(t *testing.T, db, key string) (string, error) {
	t.Helper()
	s, err := data.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return s.Setting(context.Background(), key)
}

func bytesEqual(a, b []byte) bool { return string(a) == string(b) }

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestCLIPacketHelp: help lists the verb, and the verb explains itself.
func TestCLIPacketHelp(t *testing.T) {
	code, out, _ := runCLI(t, "help")
	if code != 0 || !strings.Contains(out, "\n  packet ") {
		t.Errorf("help lacks packet: %q", out)
	}
	code, _, errOut := runCLI(t, "packet", "--help")
	for _, w := range []string{"--person ID | --receipt R", "--out FILE.cdpacket", "--notice", "not keep it"} {
		if code != 0 || !strings.Contains(errOut, w) {
			t.Errorf("packet --help lacks %q: %d %q", w, code, errOut)
		}
	}
}
