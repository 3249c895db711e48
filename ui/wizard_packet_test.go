package ui

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/home"
	"casedesk/app/notice"
	"casedesk/app/packet"
	"casedesk/app/printing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// homeStore is an in-memory stand-in for a home store's packet side.
type homeStore struct {
	tallies
	mu      sync.Mutex
	kind    string
	owner   app.Person
	pin     *home.Pin
	setUps  []home.SetUp
	applies []home.Apply
	notices map[string]bool
	audits  []string
	// notOwner makes the signed-in account a family member's.
	notOwner bool
}

func (s *homeStore) Summary(context.Context) (app.Summary, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return app.Summary{InstallKind: s.kind, Accounts: len(s.setUps)}, nil
}
func (s *homeStore) Setting(_ context.Context, key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if key != app.SettingInstallKind || s.kind == "" {
		return "", app.ErrNotFound
	}
	return s.kind, nil
}
func (s *homeStore) Person(context.Context, string) (app.Person, error) { return s.owner, nil }
func (s *homeStore) IsOwner(_ context.Context, _, personID string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.kind == app.InstallHousehold && personID != "" && !s.notOwner, nil
}
func (s *homeStore) Audit(_ context.Context, e *app.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.audits = append(s.audits, e.Action)
	return nil
}
func (s *homeStore) UsernameTaken(_ context.Context, u, _ string) (bool, error) {
	return strings.EqualFold(u, "ana.lopez"), nil
}
func (s *homeStore) ClinicPin(context.Context) (home.Pin, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pin == nil {
		return home.Pin{}, app.ErrNotFound
	}
	return *s.pin, nil
}
func (s *homeStore) SetUpFromPacket(_ context.Context, r home.SetUp) (app.Account, home.Applied, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.kind != "" {
		return app.Account{}, home.Applied{}, home.ErrSetUpAlready
	}
	s.kind, s.owner, s.pin = app.InstallHousehold, r.Records.Person, &r.Pin
	s.setUps = append(s.setUps, r)
	s.notices = map[string]bool{}
	for _, n := range r.Records.Notices {
		s.notices[n.ID] = true
	}
	return app.Account{ID: "acct-1", PersonID: r.Records.Person.ID, Username: r.Username, Number: "123456789012"},
		home.Applied{Clinic: r.Pin.Name, Made: r.Pin.Made, NewCases: len(r.Records.Cases), NewNotices: len(r.Records.Notices)}, nil
}
func (s *homeStore) ApplyPacket(_ context.Context, a home.Apply) (home.Applied, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pin == nil || s.pin.Seq != a.PrevSeq {
		return home.Applied{}, home.ErrPinMoved
	}
	s.pin = &a.Pin
	s.applies = append(s.applies, a)
	out := home.Applied{Clinic: a.Pin.Name, Made: a.Pin.Made, UpdatedCases: len(a.Records.Cases)}
	for _, n := range a.Records.Notices {
		if !s.notices[n.ID] {
			s.notices[n.ID] = true
			out.NewNotices++
		}
	}
	return out, nil
}

const testPacketCode = app.AccessCode("K7P3D9QXM2HT")

// clinicPackets writes a clinic's packets for José Muñoz into files.
type clinicPackets struct {
	dir    string
	signer packet.Signer
	seq    int64
}

func newClinicPackets(t *testing.T) *clinicPackets {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &clinicPackets{dir: t.TempDir(), signer: packet.Signer{Clinic: "clinic-1", Key: key}}
}

// write writes the next packet with cases and notices to a file and
// returns its path.
func (c *clinicPackets) write(t *testing.T, cases, notices int) string {
	t.Helper()
	p := app.Person{ID: "p-clinic", GivenName: "José", FamilyName: "Muñoz", DateOfBirth: app.NewDate(1985, 3, 14),
		CountryOfBirth: "Mexico", Language: "en", Address: app.Address{Line1: "1 Main St", City: "Springfield", State: "IL", ZIP: "62701"}}
	r := packet.Records{Clinic: packet.Clinic{Name: "Prairie Legal Aid"}, Person: p}
	for i := range cases {
		c := app.Case{ID: fmt.Sprintf("c%d", i), Receipt: app.Receipt(fmt.Sprintf("EAC21900%05d", i)), FormType: "I-130",
			ApplicantID: p.ID, ReceivedDate: app.NewDate(2025, 1, 2), StatusCode: "received", StatusDate: app.NewDate(2025, 1, 2)}
		r.Cases = append(r.Cases, c)
	}
	for i := range notices {
		r.Notices = append(r.Notices, app.Notice{ID: fmt.Sprintf("n%d", i), CaseID: "c0", PersonID: p.ID, Kind: app.NoticeReceipt,
			NoticeDate: app.NewDate(2025, 1, 5)})
	}
	c.seq++
	b, err := packet.Write(c.signer, packet.Header{Packet: fmt.Sprintf("pk-%d", c.seq), Seq: c.seq,
		Made: time.Date(2026, 11, 2, 15, 0, 0, 0, time.UTC)}, testPacketCode, packet.Cheap, r, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(c.dir, fmt.Sprintf("jose-munoz-%d%s", c.seq, packet.Ext))
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

type packetWizardRig struct {
	w      *Wizard
	store  *homeStore
	clinic *clinicPackets
	done   int
	win    fyne.Window
	picked []string // the titles the file dialog was opened with
}

func newTestPacketWizard(t *testing.T) *packetWizardRig {
	t.Helper()
	test.NewTempApp(t)
	r := &packetWizardRig{store: &homeStore{}, clinic: newClinicPackets(t)}
	keys := auth.NewKeysForTest(bytes.Repeat([]byte{5}, 32))
	svc := Services{
		Packets:   home.New(r.store, keys, nil, auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}),
		Notices:   notice.NewService(newNoticeStore(), nil),
		Printing:  printing.NewWith((&spooler{}).run, "linux"),
		PDFFolder: filepath.Join(t.TempDir(), "CaseDesk"),
		Runner:    inline,
	}
	r.win = test.NewTempWindow(t, nil)
	r.w = NewPacketWizard(svc, r.win.Canvas(), func(string) { r.done++ })
	r.win.SetContent(r.w.Content())
	r.win.Resize(fyne.NewSize(880, 700))
	r.w.Start()
	return r
}

// choose picks path in the (stand-in) file dialog.
func (r *packetWizardRig) choose(t *testing.T, path string) {
	t.Helper()
	r.w.pk.pick = func(title string, exts []string, picked func(string)) {
		if len(exts) != 1 || exts[0] != packet.Ext {
			t.Fatalf("the dialog offers %v", exts)
		}
		r.picked = append(r.picked, title)
		picked(path)
	}
	test.Tap(r.w.pk.choose)
}

func (r *packetWizardRig) identity(family string) {
	w := r.w
	typeIn(w.ident.family, family)
	typeIn(w.ident.dob, "03/14/1985")
	typeIn(w.ident.zip, "62701")
	typeIn(w.ident.country, "Mexico")
}

func TestPacketWizardWholeWay(t *testing.T) {
	r := newTestPacketWizard(t)
	w := r.w
	if w.title.Text != "Your access code and case packet" || !w.pk.choose.Visible() {
		t.Fatalf("step 1: %q", w.title.Text)
	}
	typeIn(w.code, "k7p3-d9qx-m2ht")
	r.choose(t, r.clinic.write(t, 3, 5))
	if w.pk.name.Text != "jose-munoz-1.cdpacket" || w.pk.file == nil || w.pk.msg.Visible() {
		t.Fatalf("the file chosen: %q %q", w.pk.name.Text, w.pk.msg.Text)
	}
	test.Tap(w.next)
	r.identity("munoz")
	test.Tap(w.next)
	if w.step != 3 || w.person().FamilyName != "Muñoz" {
		t.Fatalf("after the identity: %q %q", w.stepOf.Text, w.message.Text)
	}
	typeIn(w.username, "jose.munoz")
	typeIn(w.password, "river lamp orange 42")
	typeIn(w.confirm, "river lamp orange 42")
	test.Tap(w.next)
	if w.step != 4 {
		t.Fatalf("credentials: %q %q %q", w.message.Text, w.userMsg.Text, w.passMsg.Text)
	}
	w.method.SetSelected(w.method.Options[1]) // backup codes only
	test.Tap(w.next)
	if w.step != 5 || len(r.store.setUps) != 1 {
		t.Fatalf("set-up: %q %q", w.stepOf.Text, w.message.Text)
	}
	if !strings.Contains(w.doneNote.Text, "3 cases came from Prairie Legal Aid") || !strings.Contains(w.doneNote.Text, "jose.munoz") {
		t.Fatalf("done: %q", w.doneNote.Text)
	}
	su := r.store.setUps[0]
	if su.Username != "jose.munoz" || len(su.BackupHashes) != 10 || su.TOTPSecret != nil || su.Pin.Name != "Prairie Legal Aid" || len(su.Records.Cases) != 3 {
		t.Fatalf("set-up written %+v", su)
	}
	test.Tap(w.kept)
	test.Tap(w.next)
	if r.done != 1 || w.pk.file != nil {
		t.Fatal("Finish did not leave the wizard, or kept the packet")
	}
}

// A file that is not a good packet is said as soon as it is chosen, and
// step 1 does not go on without a good one.
func TestPacketWizardSaysABadFileAtOnce(t *testing.T) {
	r := newTestPacketWizard(t)
	w := r.w
	typeIn(w.code, string(testPacketCode))
	test.Tap(w.next)
	if w.step != 1 || !strings.Contains(w.pk.msg.Text, "Choose the case packet file") {
		t.Fatalf("no file: %q", w.pk.msg.Text)
	}
	notPacket := filepath.Join(t.TempDir(), "letter.cdpacket")
	os.WriteFile(notPacket, []byte("%PDF-1.7"), 0o600)
	r.choose(t, notPacket)
	if !strings.Contains(w.pk.msg.Text, "not a CaseDesk case packet") || w.pk.file != nil || w.pk.name.Text != "letter.cdpacket" {
		t.Fatalf("not a packet: %q", w.pk.msg.Text)
	}
	test.Tap(w.next)
	if w.step != 1 || !strings.Contains(w.pk.msg.Text, "not a CaseDesk case packet") {
		t.Fatalf("went on with a bad file: %q", w.pk.msg.Text)
	}
	good := r.clinic.write(t, 1, 1)
	b, _ := os.ReadFile(good)
	b[len(b)-10] ^= 1
	altered := filepath.Join(t.TempDir(), "altered.cdpacket")
	os.WriteFile(altered, b, 0o600)
	r.choose(t, altered)
	if !strings.Contains(w.pk.msg.Text, "changed after the clinic signed it") {
		t.Fatalf("altered: %q", w.pk.msg.Text)
	}
	r.choose(t, good)
	if w.pk.msg.Visible() || w.pk.file == nil {
		t.Fatalf("a good file after a bad one: %q", w.pk.msg.Text)
	}
	test.Tap(w.next)
	if w.step != 2 {
		t.Fatalf("a good file: %q", w.stepOf.Text)
	}
}

// A wrong code and a wrong identity get one message; Back keeps the file.
func TestPacketWizardWrongCodeOrIdentityOneMessage(t *testing.T) {
	r := newTestPacketWizard(t)
	w := r.w
	r.choose(t, r.clinic.write(t, 1, 1))
	typeIn(w.code, "AAAA-BBBB-CCCC")
	test.Tap(w.next)
	r.identity("Muñoz")
	test.Tap(w.next)
	wrongCode := w.message.Text
	test.Tap(w.back)
	if w.pk.name.Text != "jose-munoz-1.cdpacket" || w.pk.file == nil {
		t.Fatal("Back lost the packet")
	}
	typeIn(w.code, string(testPacketCode))
	test.Tap(w.next)
	r.identity("Smith")
	test.Tap(w.next)
	// The second wrong try adds how many are left, as every second try does.
	if w.step != 2 || w.message.Text != wrongCode+" 3 tries left before this code stops working; then ask the clinic for a new one." ||
		!strings.Contains(wrongCode, "do not match") {
		t.Fatalf("wrong code %q, wrong identity %q", wrongCode, w.message.Text)
	}
	if len(r.store.setUps) != 0 {
		t.Fatal("a wrong try set something up")
	}
}

// Cancel and the idle limit forget the packet's bytes with every answer.
func TestPacketWizardWipesThePacket(t *testing.T) {
	r := newTestPacketWizard(t)
	w := r.w
	r.choose(t, r.clinic.write(t, 1, 1))
	typeIn(w.code, string(testPacketCode))
	test.Tap(w.next)
	r.identity("Muñoz")
	test.Tap(w.next)
	if w.step != 3 || w.pk.ticket.Person.FamilyName == "" {
		t.Fatalf("not checked: %q", w.message.Text)
	}
	test.Tap(w.cancel)
	if r.done != 1 || w.pk.file != nil || w.pk.name.Text != "" || w.pk.ticket.Person.FamilyName != "" || w.code.Text != "" {
		t.Fatal("Cancel kept the packet or what it holds")
	}
}

// The window opens the packet's wizard from the welcome screen of a store
// never set up; a kiosk, and a window with no packet service, never do.
func TestShellOpensThePacketWizard(t *testing.T) {
	test.NewTempApp(t)
	packets := home.New(&homeStore{}, auth.NewKeysForTest(bytes.Repeat([]byte{5}, 32)), nil, auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1})
	shellWith := func(kiosk bool, p *home.Packets) (*shell, fyne.Window) {
		f := &fakeStore{needSetUp: true}
		svc := f.services()
		svc.Packets, svc.Kiosk = p, kiosk
		if kiosk {
			svc.KioskDir = filepath.Join(t.TempDir(), app.KioskFolderName)
		}
		win := test.NewTempWindow(t, nil)
		sh := &shell{w: win, welcome: NewWelcome(Services{StorePath: svc.StorePath}), closeStore: func() {}, focus: newFocusRing(win.Canvas())}
		sh.use(svc, func() {})
		return sh, win
	}
	sh, win := shellWith(false, packets)
	if sh.welcome.onPacket == nil {
		t.Fatal("no way to the packet's wizard")
	}
	sh.welcome.onPacket()
	if text := visibleText(win.Content()); !strings.Contains(text, "Your access code and case packet") || !strings.Contains(text, "Choose the packet file") {
		t.Fatalf("the packet's wizard is not shown:\n%s", text)
	}
	if sh, _ := shellWith(true, packets); sh.welcome.onPacket != nil {
		t.Fatal("a kiosk offers the packet's wizard")
	}
	if sh, _ := shellWith(false, nil); sh.welcome.onPacket != nil {
		t.Fatal("a window without packets offers them")
	}
}

// The packet's screens in Spanish: the wizard's first step with a bad
// file, its last step, and the home screen's card with its dialog and
// what a packet changed. None shows an English message, and each fits a
// window 800 wide.
func TestPacketScreensInSpanish(t *testing.T) {
	c := newSpanishCheck(t)
	r := newTestPacketWizard(t)
	w := r.w
	c.look("packet wizard, step 1", w.Content())
	notPacket := filepath.Join(t.TempDir(), "carta.cdpacket")
	os.WriteFile(notPacket, []byte("%PDF-1.7"), 0o600)
	r.choose(t, notPacket)
	c.look("packet wizard, a file that is not a packet", w.Content())
	typeIn(w.code, string(testPacketCode))
	r.choose(t, r.clinic.write(t, 2, 1))
	test.Tap(w.next)
	r.identity("Muñoz")
	test.Tap(w.next)
	typeIn(w.username, "jose.munoz")
	typeIn(w.password, "river lamp orange 42")
	typeIn(w.confirm, "river lamp orange 42")
	test.Tap(w.next)
	w.method.SetSelected(w.method.Options[1])
	test.Tap(w.next)
	if w.step != 5 {
		t.Fatalf("not done: %q", w.message.Text)
	}
	c.look("packet wizard, done", w.Content())

	h, _, cp := householdHome(t, true)
	c.look("home, the clinic's last update", h.Content())
	test.Tap(h.packet.add)
	cp.write(t, 1, 1) // the packet applied already
	newer := cp.write(t, 2, 3)
	h.packet.pick = func(_ string, _ []string, picked func(string)) { picked(newer) }
	test.Tap(h.packet.choose)
	typeIn(h.packet.code, "AAAA-BBBB-CCCC")
	test.Tap(h.packet.apply)
	c.look("home, a wrong code in the packet's dialog", h.packet.form)
	typeIn(h.packet.code, string(testPacketCode))
	test.Tap(h.packet.apply)
	if !h.packet.said.Visible() {
		t.Fatalf("not applied: %q", h.packet.msg.Text)
	}
	c.look("home, what the packet changed", h.Content())
}

// Left alone, the wizard closes and forgets the packet with every answer.
func TestPacketWizardIdleForgetsThePacket(t *testing.T) {
	r := newTestPacketWizard(t)
	w := r.w
	r.choose(t, r.clinic.write(t, 1, 1))
	typeIn(w.code, string(testPacketCode))
	if w.pk.file == nil {
		t.Fatal("no packet read")
	}
	w.idle.tick(time.Now().Add(time.Hour))
	if r.done != 1 || w.pk.file != nil || w.pk.name.Text != "" || w.code.Text != "" {
		t.Fatal("the idle limit kept the packet")
	}
}
