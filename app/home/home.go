// Package home is a household's side of the clinic's case packet: the
// first packet sets up the person's own CaseDesk with the clinic's record
// of their cases, and later packets from the same clinic keep it current.
// The clinic's public key, which the first packet brings, is pinned: a
// packet signed by anyone else, older than the last one applied, or for
// another person changes nothing.
package home

import (
	"context"
	"crypto/ed25519"
	"errors"
	"sync"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/packet"
)

// MaxTries is how many wrong tries a packet's code takes before the packet
// is locked for good: the clinic then makes a new one, with a new code.
const MaxTries = auth.MaxCodeAttempts

// throttleKind counts the tries of one packet's code, by a keyed hash of
// the packet's id (store's UpdateThrottle).
const throttleKind = "packet code"

// Pin is the clinic whose packets this computer takes: the one the first
// packet came from, with its public key and the last packet applied.
type Pin struct {
	Clinic  string // the clinic's id, made at its set-up
	Name    string
	Address string
	Phone   string
	Key     ed25519.PublicKey
	// ClinicPersonID is the clinic's id of the person the packets are for;
	// PersonID the person's id in this store.
	ClinicPersonID string
	PersonID       string
	Seq            int64     // the last packet applied
	Made           time.Time // when the clinic made it
	AppliedAt      time.Time // when this computer applied it
}

// SetUp is what the store writes, in one transaction, when a first packet
// sets up a household: the install kind, the person and their account,
// the packet's records and the pin.
type SetUp struct {
	Records      packet.Records
	Pin          Pin
	Username     string
	PasswordHash string
	TOTPSecret   []byte // sealed; nil for backup codes only
	TOTPStep     int64
	BackupHashes []string
	NewNumber    func() (app.AccountNumber, error) // draws an online account number; called again on a clash
	At           time.Time
}

// Apply is what the store writes, in one transaction, when a later packet
// is applied: the records, and the pin moved on from PrevSeq (or made,
// when the household had none).
type Apply struct {
	Records packet.Records
	Pin     Pin
	// PrevSeq is the pin's Seq the checks were made against: the store
	// refuses (ErrPinMoved) if another packet was applied meanwhile.
	PrevSeq int64
	NewPin  bool
	ActorID string
	At      time.Time
}

// Applied is what a packet changed.
type Applied struct {
	Clinic       string // the clinic's name
	Made         time.Time
	NewCases     int
	UpdatedCases int
	// TakenOver are cases the person had entered by hand that the clinic's
	// record now keeps, in place: their attached letters stay with them.
	TakenOver    []app.Receipt
	NewEvents    int
	NewNotices   int
	Appointments int // added or changed
}

// Store is what the packet service needs from the case store.
type Store interface {
	Summary(ctx context.Context) (app.Summary, error)
	Setting(ctx context.Context, key string) (string, error)
	Person(ctx context.Context, id string) (app.Person, error)
	UpdateThrottle(ctx context.Context, kind, key string, rule func(app.Tally) app.Tally) (app.Tally, error)
	Audit(ctx context.Context, e *app.AuditEvent) error
	UsernameTaken(ctx context.Context, username, exceptPersonID string) (bool, error)
	// IsOwner says whether the account is the applicant account of the
	// person, and the person the owner of the household.
	IsOwner(ctx context.Context, accountID, personID string) (bool, error)
	// ClinicPin returns the pinned clinic, app.ErrNotFound when there is none.
	ClinicPin(ctx context.Context) (Pin, error)
	// SetUpFromPacket writes s only on a store never set up
	// (ErrSetUpAlready otherwise, writing nothing).
	SetUpFromPacket(ctx context.Context, s SetUp) (app.Account, Applied, error)
	// ApplyPacket writes a; ErrPinMoved, writing nothing, when the pin
	// is no longer at a.PrevSeq; an *OwnRecordsError, writing nothing,
	// when a record of the packet has the id of one the household made.
	ApplyPacket(ctx context.Context, a Apply) (Applied, error)
}

// ErrPinMoved is the store's answer when another packet was applied
// between the checks and the write.
var ErrPinMoved = errors.New("another packet was applied meanwhile")

// Packets opens clinic's case packets at home.
type Packets struct {
	// applying lets one Update at a time check the pin and apply: a second
	// apply of the same packet (a double click) then finds it applied and
	// takes no try, where at once it would take one and could find the
	// packet locked by the tries still in flight.
	applying sync.Mutex
	store    Store
	keys     *auth.Keys
	now      func() time.Time
	argon2   auth.Argon2Params
}

// New returns the packet service; now is the clock (nil: time.Now);
// argon the password-hashing costs (tests pass cheap ones).
func New(store Store, keys *auth.Keys, now func() time.Time, argon auth.Argon2Params) *Packets {
	if now == nil {
		now = time.Now
	}
	return &Packets{store: store, keys: keys, now: now, argon2: argon}
}

// pinOf is the pin a packet makes for the person at personID.
func pinOf(h packet.Header, r packet.Records, personID string, at time.Time) Pin {
	return Pin{Clinic: h.Clinic, Name: r.Clinic.Name, Address: r.Clinic.Address, Phone: r.Clinic.Phone, Key: h.Key,
		ClinicPersonID: r.Person.ID, PersonID: personID, Seq: h.Seq, Made: h.Made.UTC(), AppliedAt: at}
}

// audit writes an audit row; the row says which packet, never who it is
// for or what it holds.
func (p *Packets) audit(ctx context.Context, actor, action, packetID, detail string) error {
	return p.store.Audit(ctx, &app.AuditEvent{At: p.now().UTC(), ActorID: actor, Action: action,
		RecordType: "packet", RecordID: packetID, Detail: detail})
}
