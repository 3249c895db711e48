package home

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"casedesk/app"
	"casedesk/app/packet"
	"casedesk/app/portal"
)

// Why a later packet is refused. Each leaves the store as it was.
var (
	// ErrNotHousehold: packets are added on a household's own computer only.
	ErrNotHousehold = errors.New("case packets are applied on a household's computer only")
	// ErrOtherPerson: the packet holds another person's cases.
	ErrOtherPerson = errors.New("the packet holds another person's cases")
	// ErrNotOwner: the session is another account's than the household
	// owner's (a family member's); it is an ErrNotHousehold.
	ErrNotOwner = fmt.Errorf("%w: only its owner applies them", ErrNotHousehold)
	// ErrWrongCode: the code does not open the packet (Update; the set-up
	// answers auth.ErrCodeOrIdentity instead).
	ErrWrongCode = errors.New("the access code does not open this case packet")
)

// OtherClinicError: the packet was not signed by the pinned clinic.
type OtherClinicError struct{ Pinned string }

func (e *OtherClinicError) Error() string {
	return fmt.Sprintf("the packet was not made by %s", e.Pinned)
}

// OlderError: the packet is older than, or the same as, the last one applied.
type OlderError struct{ Applied time.Time }

func (e *OlderError) Error() string {
	return "the packet is older than the one already applied on " + e.Applied.UTC().Format(time.DateOnly)
}

// OwnRecordsError: a record of the packet has the id of one the household
// made itself — a person of the household, a case or an appointment
// entered by hand — which a packet never rewrites. Kind says which: "a
// person", "a case" or "an appointment".
type OwnRecordsError struct{ Kind string }

func (e *OwnRecordsError) Error() string {
	return "the packet would change " + e.Kind + " entered on this computer"
}

// WrongCodeError is a wrong code with the tries the packet has left.
type WrongCodeError struct{ Left int }

func (e *WrongCodeError) Error() string {
	return fmt.Sprintf("%v (tries left: %d)", ErrWrongCode, e.Left)
}
func (e *WrongCodeError) Unwrap() error { return ErrWrongCode }

// signedIn refuses a missing, ended or timed-out session, a store that is
// not a household's, and an account that is not the household owner's
// (ErrNotOwner: a family member's account may not apply the owner's
// packets nor see which clinic is pinned); it counts the call as activity.
func (p *Packets) signedIn(ctx context.Context, s *portal.Session) error {
	if s == nil || s.PersonID == "" || s.Ended() {
		return portal.ErrSignedOut
	}
	now := p.now()
	if s.State(now) == portal.Over {
		return portal.ErrSignedOut
	}
	kind, err := p.store.Setting(ctx, app.SettingInstallKind)
	if errors.Is(err, app.ErrNotFound) || (err == nil && kind != app.InstallHousehold) {
		return ErrNotHousehold
	}
	if err != nil {
		return err
	}
	owner, err := p.store.IsOwner(ctx, s.AccountID, s.PersonID)
	if err != nil {
		return err
	}
	if !owner {
		return ErrNotOwner
	}
	s.Touch(now)
	return nil
}

// Clinic is the clinic whose packets this computer takes, and its last
// packet applied; false when no packet was ever applied.
func (p *Packets) Clinic(ctx context.Context, s *portal.Session) (Pin, bool, error) {
	if err := p.signedIn(ctx, s); err != nil {
		return Pin{}, false, err
	}
	pin, err := p.store.ClinicPin(ctx)
	if errors.Is(err, app.ErrNotFound) {
		return Pin{}, false, nil
	}
	return pin, err == nil, err
}

// Update applies a later packet from the clinic, in one transaction, for
// the signed-in owner of a household. The packet must be signed with the
// pinned clinic's key, be newer than the last one applied, and hold the
// pinned person's cases; a household set up by hand takes its first
// packet when the packet's person is its owner (given and family name,
// date of birth and country of birth), and pins that clinic. A packet
// whose records have the ids of ones the household made itself is refused
// (*OwnRecordsError). Tries of the code are counted as at set-up.
// Anything refused changes nothing but the count and the audit log.
func (p *Packets) Update(ctx context.Context, s *portal.Session, file []byte, typedCode string) (Applied, error) {
	if err := p.signedIn(ctx, s); err != nil {
		return Applied{}, err
	}
	code, err := app.ParseAccessCode(typedCode)
	if err != nil {
		return Applied{}, err
	}
	h, err := packet.ReadHeader(file)
	if err != nil {
		return Applied{}, err
	}
	p.applying.Lock()
	defer p.applying.Unlock()
	pin, err := p.store.ClinicPin(ctx)
	pinned := err == nil
	if err != nil && !errors.Is(err, app.ErrNotFound) {
		return Applied{}, err
	}
	if pinned {
		// The header is signed by the key it names: these need no code.
		switch {
		case h.Clinic != pin.Clinic || !bytes.Equal(h.Key, pin.Key):
			return Applied{}, p.refuse(ctx, s, h, "another signer", &OtherClinicError{Pinned: pin.Name})
		case h.Seq <= pin.Seq:
			return Applied{}, p.refuse(ctx, s, h, "older", &OlderError{Applied: pin.AppliedAt})
		}
	}
	t, err := p.takeTry(ctx, h)
	if err != nil {
		return Applied{}, err
	}
	_, r, err := packet.Open(file, code)
	if errors.Is(err, packet.ErrWrongCode) {
		return Applied{}, t.failed(ctx, s.AccountID, h.Packet, func(left int) error { return &WrongCodeError{Left: left} })
	}
	if err != nil {
		// The code opened it, but what it holds does not hold together.
		return Applied{}, errors.Join(err, t.giveBack(ctx))
	}
	if err := t.giveBack(ctx); err != nil {
		return Applied{}, err
	}
	a := Apply{Records: r, PrevSeq: pin.Seq, NewPin: !pinned, ActorID: s.AccountID, At: p.now().UTC()}
	personID, err := p.whose(ctx, s, r, pin, pinned)
	if errors.Is(err, ErrOtherPerson) {
		return Applied{}, p.refuse(ctx, s, h, "another person", err)
	}
	if err != nil {
		return Applied{}, err
	}
	a.Pin = pinOf(h, r, personID, a.At)
	applied, err := p.store.ApplyPacket(ctx, a)
	var own *OwnRecordsError
	switch {
	case errors.Is(err, ErrPinMoved):
		// Another packet was applied meanwhile: say so as its checks would.
		return Applied{}, &OlderError{Applied: p.now()}
	case errors.As(err, &own):
		return Applied{}, p.refuse(ctx, s, h, "would change records entered here", err)
	}
	return applied, err
}

// whose is the person in this store whose cases the packet holds: the
// pinned person, or, before any pin, the signed-in owner when the packet is
// theirs (the same given and family name, date of birth and country of
// birth: a twin shares the last two and the family name); ErrOtherPerson
// otherwise.
func (p *Packets) whose(ctx context.Context, s *portal.Session, r packet.Records, pin Pin, pinned bool) (string, error) {
	if pinned {
		if r.Person.ID != pin.ClinicPersonID {
			return "", ErrOtherPerson
		}
		return pin.PersonID, nil
	}
	owner, err := p.store.Person(ctx, s.PersonID)
	if err != nil {
		return "", err
	}
	if !app.SameName(owner.FamilyName, r.Person.FamilyName) || !app.SameName(owner.GivenName, r.Person.GivenName) ||
		owner.DateOfBirth.IsZero() || owner.DateOfBirth.ISO() != r.Person.DateOfBirth.ISO() ||
		!app.SameName(owner.CountryOfBirth, r.Person.CountryOfBirth) {
		return "", ErrOtherPerson
	}
	return owner.ID, nil
}

// refuse audits a refused packet (why, in a word; nothing it holds) and
// returns err.
func (p *Packets) refuse(ctx context.Context, s *portal.Session, h packet.Header, why string, err error) error {
	if aerr := p.audit(ctx, s.AccountID, "packet.refused", h.Packet, why); aerr != nil {
		return aerr
	}
	return err
}
