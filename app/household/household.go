// Package household is CaseDesk on a person's own computer: one household
// that follows its own cases with no clinic. Its owner sets the store up
// with their account, adds the family members whose cases they follow,
// adds cases by receipt number, records the status changes from the
// letters they receive, keeps the letters themselves (sealed), tracks the
// evidence a request for evidence needs, and adds appointments.
//
// Every call takes the signed-in session and checks, here and not only on
// the screen, that the session is live, that the store is a household's,
// that the session's person is its owner, and that the case or person asked
// about belongs to the household: anything else is app.ErrNotFound, as if
// it did not exist.
package household

import (
	"context"
	"errors"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/i18n"
	"casedesk/app/portal"
)

// Errors of the household.
var (
	// ErrSetUpAlready refuses a second set-up: the store is set up already
	// (as a clinic, the demo, or a household).
	ErrSetUpAlready = errors.New("this store is already set up")
	// ErrNotHousehold refuses a call on a store that is not a household's,
	// or from an account that is not the household's owner.
	ErrNotHousehold = errors.New("this is not your household's CaseDesk")
	// ErrClinicCase refuses a status typed by hand on a case whose statuses
	// come from a clinic's case packet.
	ErrClinicCase = errors.New("this case's statuses come from the clinic")
	// ErrFileKind refuses a file that is not a PDF, JPEG or PNG.
	ErrFileKind = errors.New("not a PDF, JPEG or PNG file")
	// ErrFileTooLarge refuses a file over MaxAttachment.
	ErrFileTooLarge = errors.New("file too large")
	// ErrNoRFE refuses a checklist on a case with no request for evidence.
	ErrNoRFE = errors.New("the case has no request for evidence")
)

// Message is err in words for the person at home, in the screen's language.
func Message(err error) string {
	switch {
	case errors.Is(err, portal.ErrSignedOut):
		return i18n.T("You were signed out. Sign in again to go on.")
	case errors.Is(err, ErrSetUpAlready):
		return i18n.T("This computer is already set up. Sign in with its account.")
	case errors.Is(err, ErrNotHousehold):
		return i18n.T("This is only for the owner of a household's own CaseDesk.")
	case errors.Is(err, ErrClinicCase):
		return i18n.T("The statuses of this case come from your clinic's case packet. A new packet from the clinic brings the next ones.")
	case errors.Is(err, ErrFileKind):
		return i18n.T("That file is not a letter CaseDesk can keep. Choose a scanned PDF (.pdf) or a photo (.jpg or .png).")
	case errors.Is(err, ErrFileTooLarge):
		return i18n.T("That file is larger than 25 MB. Scan the letter at a lower resolution, or take the photo again at a smaller size.")
	case errors.Is(err, ErrNoRFE):
		return i18n.T("Record the status “Request for Evidence Was Sent” first; then add its due date and checklist.")
	case errors.Is(err, app.ErrNotFound):
		return i18n.T("That is not in your household's records.")
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
	return i18n.T("Something went wrong: %v", err)
}

// Service is the household's services over one store.
type Service struct {
	store Store
	keys  *auth.Keys
	now   func() time.Time
	argon auth.Argon2Params
}

// New returns the household's services. now is the clock (nil: time.Now);
// argon the password-hashing costs (tests pass cheap ones).
func New(store Store, keys *auth.Keys, now func() time.Time, argon auth.Argon2Params) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, keys: keys, now: now, argon: argon}
}

// IsHousehold says whether the store is a household's own.
func (s *Service) IsHousehold(ctx context.Context) (bool, error) {
	kind, err := s.store.Setting(ctx, app.SettingInstallKind)
	if errors.Is(err, app.ErrNotFound) {
		return false, nil
	}
	return kind == app.InstallHousehold, err
}

// owner is the checked caller: the household owner's person and account.
type owner struct {
	personID, accountID string
}

// check refuses a missing, ended or timed-out session, a store that is not
// a household's, and an account that is not its owner; it counts the call
// as activity.
func (s *Service) check(ctx context.Context, sess *portal.Session) (owner, error) {
	if sess == nil || sess.PersonID == "" || sess.Ended() {
		return owner{}, portal.ErrSignedOut
	}
	now := s.now()
	if sess.State(now) == portal.Over {
		return owner{}, portal.ErrSignedOut
	}
	if ok, err := s.IsHousehold(ctx); err != nil {
		return owner{}, err
	} else if !ok {
		return owner{}, ErrNotHousehold
	}
	ok, err := s.store.IsOwner(ctx, sess.AccountID, sess.PersonID)
	if err != nil {
		return owner{}, err
	}
	if !ok {
		return owner{}, ErrNotHousehold
	}
	sess.Touch(now)
	return owner{personID: sess.PersonID, accountID: sess.AccountID}, nil
}

// caseOf returns a case the owner follows, or app.ErrNotFound.
func (s *Service) caseOf(ctx context.Context, o owner, caseID string) (app.Case, error) {
	c, err := s.store.Case(ctx, caseID)
	if err != nil {
		return app.Case{}, err
	}
	linked, err := s.store.CaseLinked(ctx, o.personID, c.ID)
	if err != nil {
		return app.Case{}, err
	}
	if !linked {
		return app.Case{}, app.ErrNotFound
	}
	return c, nil
}

// today is the household's today, in the computer's zone.
func (s *Service) today() app.Date { return app.DateOf(s.now()) }

// event is an audit row by the owner's account; detail holds no personal data.
func (s *Service) event(o owner, action, recordType, recordID, detail string) app.AuditEvent {
	return app.AuditEvent{At: s.now().UTC(), ActorID: o.accountID, Action: action, RecordType: recordType, RecordID: recordID, Detail: detail}
}
