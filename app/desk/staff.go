package desk

import (
	"context"
	"crypto/rand"
	"errors"
	"strings"

	"casedesk/app"
	"casedesk/app/auth"
)

// StaffForm is a staff member an administrator adds.
type StaffForm struct {
	GivenName, FamilyName string
	Username              string
	Role                  app.Role // staff or admin
}

// Errors of staff administration.
var (
	// ErrLastAdmin refuses to disable the only administrator left.
	ErrLastAdmin = errors.New("the clinic's last administrator cannot be disabled")
	// ErrSelf refuses an administrator disabling or resetting themselves.
	ErrSelf = errors.New("administrators cannot disable or reset their own account")
)

// Staff lists the clinic's staff, disabled ones included (administrators).
func (d *Desk) Staff(ctx context.Context) ([]StaffMember, error) {
	if _, err := d.check(ctx, true); err != nil {
		return nil, err
	}
	return d.svc.store.ListStaff(ctx)
}

// StaffNames lists the staff members clients may be assigned to (any staff
// member): enabled accounts only.
func (d *Desk) StaffNames(ctx context.Context) ([]StaffMember, error) {
	if _, err := d.check(ctx, false); err != nil {
		return nil, err
	}
	all, err := d.svc.store.ListStaff(ctx)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, m := range all {
		if !m.Disabled {
			out = append(out, m)
		}
	}
	return out, nil
}

// AddStaff adds a staff member (administrators). It returns the one-time
// password to hand them in person: their first sign-in replaces it with a
// password of their own and sets up 2-step verification. The password is
// never stored or audited, only its hash.
func (d *Desk) AddStaff(ctx context.Context, f StaffForm) (StaffMember, string, error) {
	a, err := d.check(ctx, true)
	if err != nil {
		return StaffMember{}, "", err
	}
	var errs []error
	given, family, username := strings.TrimSpace(f.GivenName), strings.TrimSpace(f.FamilyName), strings.TrimSpace(f.Username)
	if given == "" {
		errs = append(errs, app.Invalid(app.FieldGivenName, "is empty; type the staff member's given (first) name"))
	}
	if family == "" {
		errs = append(errs, app.Invalid(app.FieldFamilyName, "is empty; type the staff member's family (last) name"))
	}
	if err := auth.UsernameForm(username); err != nil {
		errs = append(errs, err)
	}
	if f.Role != app.RoleStaff && f.Role != app.RoleAdmin {
		errs = append(errs, app.Invalid(app.FieldRole, "%q is not a role; choose staff or admin", string(f.Role)))
	}
	if err := errors.Join(errs...); err != nil {
		return StaffMember{}, "", err
	}
	password, err := OneTimePassword()
	if err != nil {
		return StaffMember{}, "", err
	}
	now := d.svc.now().UTC()
	m, err := d.svc.store.CreateStaff(ctx, NewStaff{GivenName: given, FamilyName: family, Username: username, Role: f.Role,
		PasswordHash: auth.HashPassword(password, d.svc.argon), At: now,
		Audit: d.event(a, "staff.add", "account", "", "added "+username+" as "+string(f.Role))})
	if errors.Is(err, app.ErrAlreadyExists) {
		return StaffMember{}, "", app.Invalid(app.FieldUsername, "%s is taken; choose another", username)
	}
	if err != nil {
		return StaffMember{}, "", err
	}
	return m, password, nil
}

// DisableStaff disables a staff member's account (administrators): they
// cannot sign in again, and their name stays in the audit log. Nobody
// disables themselves or the last administrator.
func (d *Desk) DisableStaff(ctx context.Context, accountID string) error {
	a, err := d.check(ctx, true)
	if err != nil {
		return err
	}
	if accountID == a.accountID {
		return ErrSelf
	}
	m, err := d.svc.store.StaffAccount(ctx, accountID)
	if err != nil {
		return err
	}
	if m.Disabled {
		return app.ErrUnchanged
	}
	err = d.svc.store.DisableStaff(ctx, accountID, d.event(a, "staff.disable", "account", accountID, "disabled "+m.Username))
	if errors.Is(err, app.ErrConflict) {
		return ErrLastAdmin
	}
	return err
}

// ResetStaff resets a staff member's password and 2-step verification
// (administrators), for one who lost either: it returns a new one-time
// password to hand them in person, and their next sign-in sets both up
// again. It also unlocks the account.
func (d *Desk) ResetStaff(ctx context.Context, accountID string) (string, error) {
	a, err := d.check(ctx, true)
	if err != nil {
		return "", err
	}
	if accountID == a.accountID {
		return "", ErrSelf
	}
	m, err := d.svc.store.StaffAccount(ctx, accountID)
	if err != nil {
		return "", err
	}
	if m.Disabled {
		return "", app.Invalid(app.FieldUsername, "%s is disabled; a disabled account is not reset", m.Username)
	}
	password, err := OneTimePassword()
	if err != nil {
		return "", err
	}
	err = d.svc.store.ResetStaff(ctx, accountID, auth.HashPassword(password, d.svc.argon),
		d.event(a, "staff.reset", "account", accountID, "password and 2-step verification reset for "+m.Username))
	if err != nil {
		return "", err
	}
	return password, nil
}

// OneTimePassword makes a password to hand a staff member: 16 characters
// of Crockford Base32 in groups of four (80 random bits), easy to read out
// and type, and never on the list of common passwords.
func OneTimePassword() (string, error) {
	a, err := app.NewAccessCode(rand.Reader)
	if err != nil {
		return "", err
	}
	b, err := app.NewAccessCode(rand.Reader)
	if err != nil {
		return "", err
	}
	s := string(a) + string(b)[:4]
	return s[0:4] + "-" + s[4:8] + "-" + s[8:12] + "-" + s[12:16], nil
}
