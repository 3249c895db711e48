package desk

import (
	"context"
	"errors"
	"strings"

	"casedesk/app/notice"
)

// PasswordCheck confirms an account's password typed again, counting a
// wrong one as a failed sign-in try (auth.Account.ConfirmPassword).
type PasswordCheck func(ctx context.Context, accountID, password string) error

// CheckPasswordsWith gives the desk the check it asks for before the
// administrators' most sensitive step, the recovery key. Without one, that
// step is refused to every signed-in administrator.
func (s *Service) CheckPasswordsWith(f PasswordCheck) { s.confirm = f }

// ErrNoKey means the desk has no data key to print.
var ErrNoKey = errors.New("desk: the install's data key is not loaded")

// RecoverySheet returns the clinic's Recovery Key sheet: the data key that
// seals the store and its backups, to print and lock away. Only an
// administrator may have it, after typing their password again (a wrong
// one counts toward locking the account, as at sign-in); the command line,
// whose user can read the key where this computer keeps it anyway, needs
// no password. Every sheet made is audited, without the key.
func (d *Desk) RecoverySheet(ctx context.Context, password string) (notice.RecoveryKey, error) {
	a, err := d.check(ctx, true)
	if err != nil {
		return notice.RecoveryKey{}, err
	}
	if a.accountID != "" {
		if d.svc.confirm == nil {
			return notice.RecoveryKey{}, ErrNotAdmin
		}
		if err := d.svc.confirm(ctx, a.accountID, password); err != nil {
			return notice.RecoveryKey{}, err
		}
	}
	k := d.svc.keys
	if k == nil {
		return notice.RecoveryKey{}, ErrNoKey
	}
	sheet := notice.RecoveryKey{Groups: k.RecoveryGroups(), QR: k.RecoveryQR(), Fingerprint: Fingerprint(k.KeyCheck())}
	if d.svc.notices != nil {
		sheet.Issued = d.svc.notices.Today()
		if lh, err := d.svc.notices.Letterhead(ctx); err == nil {
			sheet.Clinic = lh.Name
		}
	}
	e := d.event(a, "recovery_key.sheet", "clinic", "", "the recovery key sheet was made to print")
	if err := d.svc.store.Audit(ctx, &e); err != nil {
		return notice.RecoveryKey{}, err
	}
	return sheet, nil
}

// Fingerprint is how a sheet and a store show which data key they hold:
// the first 8 characters of the key check, in two groups. It reveals
// nothing of the key.
func Fingerprint(keyCheck string) string {
	if len(keyCheck) < 8 {
		return ""
	}
	f := strings.ToUpper(keyCheck[:8])
	return f[:4] + " " + f[4:]
}
