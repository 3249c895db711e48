package desk

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/files"
	"casedesk/app/notice"
	"casedesk/app/packet"

	"github.com/google/uuid"
)

// ErrNoCases refuses a packet for a client with no case of their own:
// there would be nothing to take home.
var ErrNoCases = errors.New("the client has no cases to take home")

// ErrPacketUnreadable refuses a packet the home could not read back: a
// detail of the client's record is in a form the home refuses.
var ErrPacketUnreadable = errors.New("the client's record has a detail the home would refuse; correct the client's details and cases, then try again")

// PacketStore is what writing a client's case packet needs of the store.
type PacketStore interface {
	// PacketKey is the clinic's signing key as kept (SettingPacketKey);
	// app.ErrNotFound until one is made.
	PacketKey(ctx context.Context) (string, error)
	// KeepPacketKey keeps v as the signing key unless one is kept
	// already, in one transaction, and returns the one kept.
	KeepPacketKey(ctx context.Context, v string) (string, error)
	// PacketRecords reads what a packet carries for the client: the
	// person, the cases in which they are applicant, petitioner or
	// beneficiary with their status events, the other people those cases
	// name, and the notices and appointments addressed to the client.
	PacketRecords(ctx context.Context, personID string) (packet.Records, error)
	// PacketCount is how many packets the clinic wrote for the client.
	PacketCount(ctx context.Context, personID string) (int64, error)
	// RecordPacket writes, at once, the packet's row, the record of its
	// Account Access Notice and its audit row, calling publish last,
	// before the commit: an error from publish writes nothing.
	// app.ErrConflict when the client's packet r.Seq is recorded already.
	RecordPacket(ctx context.Context, r PacketRecord, publish func() error) error
}

// PacketRecord is a written packet as the clinic's store keeps it: no
// code, no contents, only what was sent and how much.
type PacketRecord struct {
	ID       string
	PersonID string
	Seq      int64
	MadeAt   time.Time
	MadeBy   string
	Counts   PacketCounts
	Notice   app.Notice // the record of its Account Access Notice
	Audit    app.AuditEvent
}

// PacketCounts is how many of each record a packet holds.
type PacketCounts struct {
	Cases, Events, Notices, Appointments, People int
}

// String is the counts as the audit row says them.
func (c PacketCounts) String() string {
	return strings.Join([]string{count(c.Cases, "case", "cases"), count(c.Events, "status event", "status events"),
		count(c.Notices, "notice", "notices"), count(c.Appointments, "appointment", "appointments"),
		count(c.People, "other person named", "other people named")}, ", ")
}

func count(n int, one, other string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, other)
}

// WithPackets lets the desk write clients' case packets into ps.
func (s *Service) WithPackets(ps PacketStore) *Service {
	s.packets = ps
	return s
}

// WritesPackets says whether this desk can write case packets, for the
// screens that offer it.
func (s *Service) WritesPackets() bool { return s.packets != nil }

// WithPacketKDF sets the key derivation of the packets this desk writes;
// packet.Default unless a test makes it cheap.
func (s *Service) WithPacketKDF(k packet.KDF) *Service {
	s.kdf = &k
	return s
}

// WrittenPacket is a packet written to a file: the code that opens it is
// here and on its notice only.
type WrittenPacket struct {
	ID     string
	Seq    int64
	Path   string
	Made   app.Date // the clinic's day it was made
	Code   app.AccessCode
	Person app.Person
	Clinic string
	Counts PacketCounts
}

// maxPacketTries bounds the tries when other desks write the same
// client's packets at the same moment. A try fails only when another
// desk's packet took its number, so of n desks at once each needs at most
// n tries.
const maxPacketTries = 16

// WritePacket writes a client's case packet to path (replacing what is
// there, unless it is one of CaseDesk's own files) under a fresh access
// code, and records it with its notice and audit row. The code is kept
// nowhere, not even hashed: the packet is its only lock. The file appears
// at path only once the packet is recorded, and the record is kept only
// once the file is in place.
func (d *Desk) WritePacket(ctx context.Context, personID, path string) (WrittenPacket, error) {
	a, err := d.check(ctx, false)
	if err != nil {
		return WrittenPacket{}, err
	}
	ps := d.svc.packets
	if ps == nil {
		return WrittenPacket{}, errors.New("desk: this desk writes no case packets")
	}
	if err := files.CheckReplace(path); err != nil {
		return WrittenPacket{}, err
	}
	if _, err := d.svc.store.Client(ctx, personID); err != nil {
		return WrittenPacket{}, err
	}
	signer, err := d.svc.signer(ctx, ps)
	if err != nil {
		return WrittenPacket{}, err
	}
	for range maxPacketTries {
		w, err := d.writePacket(ctx, a, ps, signer, personID, path)
		if !errors.Is(err, app.ErrConflict) {
			return w, err
		}
	}
	return WrittenPacket{}, errors.New("desk: other desks kept writing packets for this client at the same moment; try again")
}

// writePacket is one try of WritePacket, at the client's next place in
// the count; app.ErrConflict when another desk took that place meanwhile.
func (d *Desk) writePacket(ctx context.Context, a actor, ps PacketStore, signer packet.Signer, personID, path string) (WrittenPacket, error) {
	recs, err := d.packetRecords(ctx, ps, personID)
	if err != nil {
		return WrittenPacket{}, err
	}
	n, err := ps.PacketCount(ctx, personID)
	if err != nil {
		return WrittenPacket{}, err
	}
	code, err := app.NewAccessCode(rand.Reader)
	if err != nil {
		return WrittenPacket{}, err
	}
	now := d.svc.now()
	w := WrittenPacket{ID: uuid.Must(uuid.NewV7()).String(), Seq: n + 1, Path: path, Made: d.svc.clinicDay(ctx, now), Code: code,
		Person: recs.Person, Clinic: recs.Clinic.Name, Counts: countsOf(recs)}
	kdf := packet.Default
	if d.svc.kdf != nil {
		kdf = *d.svc.kdf
	}
	b, err := packet.Write(signer, packet.Header{Packet: w.ID, Seq: w.Seq, Made: now}, code, kdf, recs, rand.Reader)
	if err != nil {
		return WrittenPacket{}, err
	}
	// The home reads every detail as typed input (a ZIP code, a state, an
	// A-number); a record the clinic's store holds in a form the home would
	// refuse must show here, not on the client's computer.
	if _, _, err := packet.Open(b, code); err != nil {
		return WrittenPacket{}, fmt.Errorf("%w (%s)", ErrPacketUnreadable, strings.TrimPrefix(err.Error(), packet.ErrNotPacket.Error()+": "))
	}
	r := PacketRecord{ID: w.ID, PersonID: personID, Seq: w.Seq, MadeAt: now.UTC(), MadeBy: a.name, Counts: w.Counts,
		Notice: w.record(filepath.Base(path), now),
		// No name and no code: which client is the record's id.
		Audit: d.event(a, "packet.written", "person", personID,
			fmt.Sprintf("case packet %s, number %d for the client: %s", w.ID, w.Seq, w.Counts))}
	if err := recordAndPublish(ctx, ps, r, b, path); err != nil {
		return WrittenPacket{}, err
	}
	return w, nil
}

// recordAndPublish writes the packet b beside path, and records it with
// r: the file is renamed into place inside the store's transaction, just
// before its commit, and removed again if the commit fails, so there is
// never a recorded packet without its file nor a file without its record.
func recordAndPublish(ctx context.Context, ps PacketStore, r PacketRecord, b []byte, path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := writeTemp(path, b)
	if err != nil {
		return err
	}
	published := false
	err = ps.RecordPacket(ctx, r, func() error {
		if err := os.Rename(tmp, path); err != nil {
			return err
		}
		published = true
		return nil
	})
	switch {
	case err != nil && published:
		os.Remove(path)
	case !published:
		os.Remove(tmp)
	}
	return err
}

// packetRecords is what the client's packet carries: their cases, the
// cases' history, and the notices and appointments that belong with them.
// Account Access Notices stay behind: each only records that a code was
// given, never the code, and at home the person already holds the one
// that matters, on paper; a notice or an appointment about a case that is
// not the client's own (one linked to their account) stays behind too.
func (d *Desk) packetRecords(ctx context.Context, ps PacketStore, personID string) (packet.Records, error) {
	r, err := ps.PacketRecords(ctx, personID)
	if err != nil {
		return packet.Records{}, err
	}
	if len(r.Cases) == 0 {
		return packet.Records{}, ErrNoCases
	}
	// At home the client proves the packet is theirs with these details;
	// without them every try would fail and the fifth lock the packet.
	if err := auth.CheckIdentityRecorded(r.Person); err != nil {
		return packet.Records{}, err
	}
	cases := map[string]bool{}
	for _, c := range r.Cases {
		cases[c.ID] = true
	}
	notices := r.Notices[:0:0]
	for _, n := range r.Notices {
		if n.Kind != app.NoticeAccountAccess && n.PersonID == personID && (n.CaseID == "" || cases[n.CaseID]) {
			notices = append(notices, n)
		}
	}
	r.Notices = notices
	appts := r.Appointments[:0:0]
	for _, a := range r.Appointments {
		if a.PersonID == personID && (a.CaseID == "" || cases[a.CaseID]) {
			appts = append(appts, a)
		}
	}
	r.Appointments = appts
	if r.Clinic, err = d.svc.packetClinic(ctx); err != nil {
		return packet.Records{}, err
	}
	return r, nil
}

// packetClinic is the clinic as its letterheads name it.
func (s *Service) packetClinic(ctx context.Context) (packet.Clinic, error) {
	var c packet.Clinic
	for _, f := range []struct {
		key string
		to  *string
	}{{app.SettingClinicName, &c.Name}, {app.SettingClinicAddress, &c.Address}, {app.SettingClinicPhone, &c.Phone}} {
		v, err := s.store.Setting(ctx, f.key)
		if err != nil && !errors.Is(err, app.ErrNotFound) {
			return packet.Clinic{}, err
		}
		*f.to = strings.TrimSpace(v)
	}
	if c.Name == "" {
		c.Name = "CaseDesk"
	}
	return c, nil
}

// clinicDay is the clinic's day at t (its time zone, else the computer's).
func (s *Service) clinicDay(ctx context.Context, t time.Time) app.Date {
	loc := time.Local
	if v, err := s.store.Setting(ctx, auth.SettingTimeZone); err == nil && strings.TrimSpace(v) != "" {
		if l, err := auth.LoadZone(v); err == nil {
			loc = l
		}
	}
	return app.DateOf(t.In(loc))
}

func countsOf(r packet.Records) PacketCounts {
	return PacketCounts{Cases: len(r.Cases), Events: len(r.Events), Notices: len(r.Notices),
		Appointments: len(r.Appointments), People: len(r.People)}
}

// Notice is the packet's Account Access Notice, with the code: the one
// place the code exists in words.
func (w WrittenPacket) Notice() notice.AccessNotice {
	return notice.AccessNotice{Name: w.Person.FullName(), Address: notice.AddressBlock(w.Person), Code: w.Code,
		Issued: w.Made, Lang: w.Person.Language,
		Packet: &notice.PacketNote{Clinic: w.Clinic, File: filepath.Base(w.Path), Made: w.Made}}
}

// record is the Account Access Notice as the store keeps it: like a code's
// record, without the code.
func (w WrittenPacket) record(file string, now time.Time) app.Notice {
	return app.Notice{PersonID: w.Person.ID, Kind: app.NoticeAccountAccess, NoticeDate: w.Made, Fields: map[string]string{
		"name": w.Person.FullName(), "address": notice.AddressBlock(w.Person), "packet": file, "packet_id": w.ID,
	}, CreatedAt: now.UTC()}
}

// writeTemp writes b to a new 0600 file beside path, synced, and returns
// its name; the caller renames it into place or removes it.
func writeTemp(path string, b []byte) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.part") // 0600
	if err != nil {
		return "", err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o600)
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// PacketFileName is the name a client's packet is saved under by
// default: casedesk-cases-<family name>-<date>.cdpacket, in ASCII letters
// and digits so that every USB stick and mail program keeps it.
func PacketFileName(p app.Person, made app.Date) string {
	var b strings.Builder
	for _, r := range app.FoldName(p.FamilyName) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' && b.Len() > 0:
			b.WriteByte('-')
		}
	}
	name := strings.Trim(b.String(), "-")
	if len(name) > 40 {
		name = strings.Trim(name[:40], "-")
	}
	if name == "" {
		name = "client"
	}
	return "casedesk-cases-" + name + "-" + made.ISO() + packet.Ext
}
