// Package desk is the clinic's side of CaseDesk: setting a clinic up, its
// staff accounts, and the desk where staff enter clients, cases, status
// changes, notices, appointments and messages, issue access codes and read
// the audit log.
//
// Every call is made through a Desk, which checks first, in this package
// and not only on the screen, that whoever is calling may: a live staff
// session whose account is still staff and not disabled (administrators
// for the administrators' calls), or the command line, which acts as the
// operating-system user who can open the store file anyway. An applicant's
// session is refused with ErrNotStaff on every call.
package desk

import (
	"context"
	"errors"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/notice"
	"casedesk/app/packet"
	"casedesk/app/portal"
	"casedesk/app/settings"
)

// Errors of the desk.
var (
	// ErrNotStaff refuses a call from anyone but signed-in staff.
	ErrNotStaff = errors.New("only clinic staff may do this")
	// ErrNotAdmin refuses an administrator's call from other staff.
	ErrNotAdmin = errors.New("only a clinic administrator may do this")
)

// Codes is what the desk needs of the access-code service.
type Codes interface {
	Issue(ctx context.Context, personID, by string, purpose auth.CodePurpose) (auth.Issued, error)
	Revoke(ctx context.Context, personID, by string) (int, error)
}

// Service is the desk's services over one store.
type Service struct {
	store    Store
	codes    Codes
	keys     *auth.Keys
	notices  *notice.Service
	settings *settings.Service
	backups  Backups // nil: this desk makes no backups
	now      func() time.Time
	argon    auth.Argon2Params
	confirm  PasswordCheck // see CheckPasswordsWith
	packets  PacketStore   // nil: this desk writes no case packets (packet.go)
	kdf      *packet.KDF   // nil: packet.Default
}

// New returns the desk's services. now is the clock (nil: time.Now); argon
// the password-hashing costs (tests pass cheap ones).
func New(store Store, codes Codes, keys *auth.Keys, notices *notice.Service, set *settings.Service, now func() time.Time, argon auth.Argon2Params) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, codes: codes, keys: keys, notices: notices, settings: set, now: now, argon: argon}
}

// Desk is the desk of one caller: a staff session, or the command line.
type Desk struct {
	svc     *Service
	session *portal.Session
	command string // the operating-system user, on the command line
}

// For is the desk of a signed-in session. Every call checks the session.
func (s *Service) For(session *portal.Session) *Desk { return &Desk{svc: s, session: session} }

// CommandLine is the desk of the command line, acting as osUser (such as
// "command line (maria)"): it may do what an administrator may.
func (s *Service) CommandLine(osUser string) *Desk {
	if osUser == "" {
		osUser = "command line"
	}
	return &Desk{svc: s, command: osUser}
}

// actor is who is calling, once checked.
type actor struct {
	name      string // the username, or the operating-system user: what the audit names
	accountID string // "" on the command line
	role      app.Role
}

// check refuses a caller who may not make the call: no session, an ended
// or timed-out one, an account that is not staff or was disabled since
// sign-in, or (admin) one that is not an administrator. The role is read
// from the store on every call, not trusted from sign-in.
func (d *Desk) check(ctx context.Context, admin bool) (actor, error) {
	if d == nil || d.svc == nil {
		return actor{}, ErrNotStaff
	}
	if d.session == nil {
		if d.command == "" {
			return actor{}, ErrNotStaff
		}
		return actor{name: d.command, role: app.RoleAdmin}, nil
	}
	s := d.session
	now := d.svc.now()
	if s.Ended() || s.State(now) == portal.Over {
		return actor{}, portal.ErrSignedOut
	}
	m, err := d.svc.store.StaffAccount(ctx, s.AccountID)
	if errors.Is(err, app.ErrNotFound) {
		return actor{}, ErrNotStaff
	}
	if err != nil {
		return actor{}, err
	}
	if m.Disabled || m.MustChange || (m.Role != app.RoleStaff && m.Role != app.RoleAdmin) {
		return actor{}, ErrNotStaff
	}
	if admin && m.Role != app.RoleAdmin {
		return actor{}, ErrNotAdmin
	}
	s.Touch(now)
	return actor{name: m.Username, accountID: m.AccountID, role: m.Role}, nil
}

// event is an audit row written by a.
func (d *Desk) event(a actor, action, recordType, recordID, detail string) app.AuditEvent {
	return app.AuditEvent{At: d.svc.now().UTC(), ActorID: a.name, Action: action, RecordType: recordType, RecordID: recordID, Detail: detail}
}

// Me is the signed-in staff member; on the command line, an administrator
// named after the operating-system user.
func (d *Desk) Me(ctx context.Context) (StaffMember, error) {
	a, err := d.check(ctx, false)
	if err != nil {
		return StaffMember{}, err
	}
	if a.accountID == "" {
		return StaffMember{Name: a.name, Username: a.name, Role: a.role}, nil
	}
	return d.svc.store.StaffAccount(ctx, a.accountID)
}

// IsAdmin says whether the caller is an administrator (for showing the
// administrators' screens; every administrator's call checks again).
func (d *Desk) IsAdmin(ctx context.Context) bool {
	_, err := d.check(ctx, true)
	return err == nil
}

// Message explains a desk error to the person at the screen.
func Message(err error) string {
	switch {
	case errors.Is(err, ErrNotAdmin):
		return "Only a clinic administrator may do this. Ask one of your administrators."
	case errors.Is(err, ErrNotStaff):
		return "Only clinic staff may do this. Sign in with a staff account."
	case errors.Is(err, portal.ErrSignedOut):
		return "You were signed out. Sign in again to go on; nothing you saved was lost."
	case errors.Is(err, app.ErrServerUnreachable):
		return "The database server did not answer, so nothing was saved. Try again in a moment, when the server is back; what you typed is kept."
	case errors.Is(err, app.ErrServerSignIn):
		return "The database server refused CaseDesk's user name or password, so nothing was saved. Ask whoever looks after the server."
	}
	if in := app.InputErrors(err); len(in) > 0 {
		msg := ""
		for i, e := range in {
			if i > 0 {
				msg += "\n"
			}
			msg += e.Error()
		}
		return msg
	}
	return err.Error()
}

func joinErrs(errs []error) error { return errors.Join(errs...) }
