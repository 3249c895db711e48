package portal

import (
	"context"
	"errors"

	"casedesk/app"
	"casedesk/app/auth"
)

// Accounts is the account service that changes a signed-in person's own
// account. The portal is its only way in from the screens: every change
// goes through a live session, for the session's own account.
type Accounts interface {
	ChangePassword(ctx context.Context, accountID, current, next string) error
	NewBackupCodes(ctx context.Context, accountID, current string) ([]string, error)
	SetAuthenticator(ctx context.Context, accountID, password string, e auth.Enrolment, code string) error
	RemoveAuthenticator(ctx context.Context, accountID, password string) error
	HasAuthenticator(ctx context.Context, accountID string) (bool, error)
	BackupCodesLeft(ctx context.Context, accountID string) (int, error)
	Activity(ctx context.Context, accountID string) ([]app.AuditEvent, error)
}

var errNoAccounts = errors.New("portal: no account service")

// accounts checks the session and returns the account service.
func (p *Portal) accounts(s *Session) (Accounts, error) {
	if err := p.check(s); err != nil {
		return nil, err
	}
	if p.accts == nil {
		return nil, errNoAccounts
	}
	return p.accts, nil
}

// ChangePassword sets a new password after the current one is typed again.
func (p *Portal) ChangePassword(ctx context.Context, s *Session, current, next string) error {
	a, err := p.accounts(s)
	if err != nil {
		return err
	}
	return a.ChangePassword(ctx, s.AccountID, current, next)
}

// NewBackupCodes replaces the backup codes after the password is typed again.
func (p *Portal) NewBackupCodes(ctx context.Context, s *Session, current string) ([]string, error) {
	a, err := p.accounts(s)
	if err != nil {
		return nil, err
	}
	return a.NewBackupCodes(ctx, s.AccountID, current)
}

// SetAuthenticator sets up a new authenticator app, confirmed by its code.
func (p *Portal) SetAuthenticator(ctx context.Context, s *Session, password string, e auth.Enrolment, code string) error {
	a, err := p.accounts(s)
	if err != nil {
		return err
	}
	return a.SetAuthenticator(ctx, s.AccountID, password, e, code)
}

// RemoveAuthenticator stops the authenticator app.
func (p *Portal) RemoveAuthenticator(ctx context.Context, s *Session, password string) error {
	a, err := p.accounts(s)
	if err != nil {
		return err
	}
	return a.RemoveAuthenticator(ctx, s.AccountID, password)
}

// Security is what My account shows: backup codes left, whether an
// authenticator app is set up, recent sign-ins.
type Security struct {
	BackupCodesLeft  int
	HasAuthenticator bool
	Activity         []app.AuditEvent
}

// Security returns the session's account's 2-step state and recent sign-ins.
func (p *Portal) Security(ctx context.Context, s *Session) (Security, error) {
	a, err := p.accounts(s)
	if err != nil {
		return Security{}, err
	}
	var sec Security
	if sec.BackupCodesLeft, err = a.BackupCodesLeft(ctx, s.AccountID); err != nil {
		return Security{}, err
	}
	if sec.HasAuthenticator, err = a.HasAuthenticator(ctx, s.AccountID); err != nil {
		return Security{}, err
	}
	sec.Activity, err = a.Activity(ctx, s.AccountID)
	return sec, err
}
