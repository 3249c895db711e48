package home

import (
	"context"
	"crypto/rand"
	"errors"
	"strings"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/packet"
)

// ErrSetUpAlready means CaseDesk is set up on this computer already: a
// first packet sets up only a store nobody set up; later ones are added
// from the signed-in home.
var ErrSetUpAlready = errors.New("CaseDesk is already set up on this computer")

// Ticket is a packet whose code and person matched; only Check makes one.
type Ticket struct {
	header  packet.Header
	records packet.Records
	// Person is the client the packet is for; Clinic the clinic's name.
	Person app.Person
	Clinic string
	Cases  int
}

// ReadHeader checks a packet's form and signature without its code, so a
// wrong file is said as soon as it is chosen: packet.ErrNotPacket,
// ErrAltered or ErrNewerFormat.
func ReadHeader(file []byte) (packet.Header, error) { return packet.ReadHeader(file) }

// Check opens a first packet with the typed code and checks that the
// person at the screen is its client (wizard steps 1 and 2). A try is
// counted before the key is derived and given back when both match. A
// wrong code and a wrong identity take the same work (the key is always
// derived in full) and get one answer, auth.ErrCodeOrIdentity with the
// tries left, which never says which was wrong; the fifth locks the packet.
func (p *Packets) Check(ctx context.Context, file []byte, typedCode string, id auth.Identity) (Ticket, error) {
	code, err := app.ParseAccessCode(typedCode)
	if err != nil {
		return Ticket{}, err
	}
	typedID, err := id.Checked()
	if err != nil {
		return Ticket{}, err
	}
	h, err := packet.ReadHeader(file)
	if err != nil {
		return Ticket{}, err
	}
	if err := p.neverSetUp(ctx); err != nil {
		return Ticket{}, err
	}
	t, err := p.takeTry(ctx, h)
	if err != nil {
		return Ticket{}, err
	}
	_, r, err := packet.Open(file, code)
	wrong := errors.Is(err, packet.ErrWrongCode)
	if err != nil && !wrong {
		// The code opened it, but what it holds does not hold together.
		return Ticket{}, errors.Join(err, t.giveBack(ctx))
	}
	if !wrong {
		wrong = !typedID.Matches(r.Person)
	}
	if wrong {
		return Ticket{}, t.failed(ctx, "", h.Packet, func(left int) error { return &auth.TriesLeftError{Left: left} })
	}
	if err := t.giveBack(ctx); err != nil {
		return Ticket{}, err
	}
	return Ticket{header: h, records: r, Person: r.Person, Clinic: r.Clinic.Name, Cases: len(r.Cases)}, nil
}

// neverSetUp refuses a store that was set up (ErrSetUpAlready).
func (p *Packets) neverSetUp(ctx context.Context) error {
	sum, err := p.store.Summary(ctx)
	if err != nil {
		return err
	}
	if !sum.NeverSetUp() {
		return ErrSetUpAlready
	}
	return nil
}

// CheckUsername applies the username rules (wizard step 3).
func (p *Packets) CheckUsername(ctx context.Context, t Ticket, username string) error {
	u := strings.TrimSpace(username)
	if err := auth.UsernameForm(u); err != nil {
		return err
	}
	taken, err := p.store.UsernameTaken(ctx, u, "")
	if err != nil {
		return err
	}
	if taken {
		return app.Invalid(app.FieldUsername, "%s is taken; choose another", u)
	}
	return nil
}

// Redeem sets up this computer for the packet's person, in one
// transaction: the household install, the person, their account with the
// password and 2-step verification they chose, every case with its
// history, notices and appointments, the other people on the cases (names
// only), and the clinic pinned. A store set up meanwhile is refused with
// ErrSetUpAlready, and nothing is written.
func (p *Packets) Redeem(ctx context.Context, t Ticket, s auth.Setup) (app.Account, Applied, error) {
	if t.header.Packet == "" {
		return app.Account{}, Applied{}, errors.New("home: set-up without a checked packet")
	}
	username := strings.TrimSpace(s.Username)
	if err := p.CheckUsername(ctx, t, username); err != nil {
		return app.Account{}, Applied{}, err
	}
	c := t.Person
	if err := auth.CheckPassword(s.Password, username, c.GivenName, c.MiddleName, c.FamilyName); err != nil {
		return app.Account{}, Applied{}, err
	}
	if len(s.BackupCodes) != auth.BackupCodeCount {
		return app.Account{}, Applied{}, errors.New("home: a sheet of backup codes is always issued")
	}
	now := p.now().UTC()
	r := SetUp{Records: t.records, Pin: pinOf(t.header, t.records, c.ID, now), Username: username,
		PasswordHash: auth.HashPassword(s.Password, p.argon2), At: now,
		NewNumber: func() (app.AccountNumber, error) { return app.NewAccountNumber(rand.Reader) }}
	if s.Enrolment != nil {
		step, err := auth.CheckTOTP(s.Enrolment.Secret, s.ConfirmCode, now, 0)
		if err != nil {
			return app.Account{}, Applied{}, err
		}
		r.TOTPSecret, r.TOTPStep = p.keys.Seal([]byte(s.Enrolment.Secret)), step
	}
	for _, code := range s.BackupCodes {
		r.BackupHashes = append(r.BackupHashes, p.keys.BackupHash(code))
	}
	acct, applied, err := p.store.SetUpFromPacket(ctx, r)
	switch {
	case errors.Is(err, app.ErrAlreadyExists):
		return app.Account{}, Applied{}, app.Invalid(app.FieldUsername, "%s is taken; choose another", username)
	}
	return acct, applied, err
}
