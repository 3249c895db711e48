package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"casedesk/app"
	"casedesk/app/home"
)

// ClinicPin returns the clinic whose packets this household takes;
// app.ErrNotFound when no packet was ever applied.
func (s *Store) ClinicPin(ctx context.Context) (home.Pin, error) {
	var p home.Pin
	var made, applied string
	err := s.db.QueryRowContext(ctx, `SELECT clinic_id, name, address, phone, public_key, clinic_person_id, person_id,
		last_seq, last_made, applied_at FROM clinic_pins`).Scan(&p.Clinic, &p.Name, &p.Address, &p.Phone, &p.Key,
		&p.ClinicPersonID, &p.PersonID, &p.Seq, &made, &applied)
	if err != nil {
		return home.Pin{}, mapErr(err)
	}
	p.Made, p.AppliedAt = parseTime(made), parseTime(applied)
	return p, nil
}

// SetUpFromPacket sets up a store nobody set up for the person a first
// packet is for, in one transaction: the household install, the person
// as the household's owner, their account, the packet's records and the
// pin. A store with an
// install kind, an account or a person is refused with
// home.ErrSetUpAlready, and nothing is written. The write transaction is
// IMMEDIATE, so of set-ups at once exactly one finds the store empty.
func (s *Store) SetUpFromPacket(ctx context.Context, r home.SetUp) (app.Account, home.Applied, error) {
	var acct app.Account
	var applied home.Applied
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var kinds, accounts, people int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM settings WHERE key = ?),
			(SELECT count(*) FROM accounts), (SELECT count(*) FROM people)`, app.SettingInstallKind).
			Scan(&kinds, &accounts, &people); err != nil {
			return err
		}
		if kinds > 0 || accounts > 0 || people > 0 {
			return home.ErrSetUpAlready
		}
		if _, err := tx.ExecContext(ctx, upsertSetting, app.SettingInstallKind, app.InstallHousehold); err != nil {
			return err
		}
		p := r.Records.Person
		p.CreatedAt = r.At
		if err := insertPerson(ctx, tx, s.sealer, &p); err != nil {
			return err
		}
		// The owner's household row, as a set-up by hand writes it: without
		// it every household call refuses the owner.
		if err := addHouseholdOwner(ctx, tx, p.ID, r.At); err != nil {
			return err
		}
		var err error
		if acct, err = newHomeAccount(ctx, tx, p.ID, r); err != nil {
			return err
		}
		if err := insertBackupCodes(ctx, tx, acct.ID, r.BackupHashes, r.At); err != nil {
			return err
		}
		if applied, err = applyRecords(ctx, tx, r.Records, r.Pin, p.ID, r.At); err != nil {
			return err
		}
		if err := writePin(ctx, tx, r.Pin, true, 0); err != nil {
			return err
		}
		method := "backup codes"
		if r.TOTPSecret != nil {
			method = "authenticator app and backup codes"
		}
		if err := audit(ctx, tx, r.At, acct.ID, "household.set_up", "account", acct.ID,
			"from a clinic's case packet; 2-step: "+method); err != nil {
			return err
		}
		return auditApplied(ctx, tx, r.At, acct.ID, r.Pin, applied)
	})
	return acct, applied, err
}

// newHomeAccount makes the owner's account with the username, password and
// 2-step verification chosen, drawing account numbers until one is free.
func newHomeAccount(ctx context.Context, tx *sql.Tx, personID string, r home.SetUp) (app.Account, error) {
	for range 10 {
		num, err := r.NewNumber()
		if err != nil {
			return app.Account{}, err
		}
		a := app.Account{ID: newID(), PersonID: personID, Username: r.Username, Number: num, Role: app.RoleApplicant, CreatedAt: r.At}
		res, err := tx.ExecContext(ctx, `INSERT INTO accounts (id, person_id, username, account_number, password_hash, role,
			totp_secret, totp_last_step, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`+numberFree,
			a.ID, a.PersonID, a.Username, string(a.Number), r.PasswordHash, string(a.Role), blob(r.TOTPSecret), r.TOTPStep,
			formatTime(r.At))
		if inserted, err := oneInserted(res, err); inserted || err != nil {
			return a, err
		}
	}
	return app.Account{}, errors.New("no free online account number after 10 draws")
}

// IsOwner says whether the account is the applicant account of the person,
// and the person the owner of a household (home.Store).
func (s *Store) IsOwner(ctx context.Context, accountID, personID string) (bool, error) {
	return s.Household().IsOwner(ctx, accountID, personID)
}

// ApplyPacket applies a later packet in one transaction, only while the
// pin is still at a.PrevSeq (or, for a.NewPin, while there is none):
// home.ErrPinMoved otherwise, and nothing is written.
func (s *Store) ApplyPacket(ctx context.Context, a home.Apply) (home.Applied, error) {
	var applied home.Applied
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := writePin(ctx, tx, a.Pin, a.NewPin, a.PrevSeq); err != nil {
			return err
		}
		var err error
		if applied, err = applyRecords(ctx, tx, a.Records, a.Pin, a.Pin.PersonID, a.At); err != nil {
			return err
		}
		return auditApplied(ctx, tx, a.At, a.ActorID, a.Pin, applied)
	})
	return applied, err
}

// writePin makes the pin (fresh) or moves it on from prev; home.ErrPinMoved
// when the pin is not where the checks found it.
func writePin(ctx context.Context, tx *sql.Tx, p home.Pin, fresh bool, prev int64) error {
	var res sql.Result
	var err error
	if fresh {
		res, err = tx.ExecContext(ctx, `INSERT INTO clinic_pins (clinic_id, name, address, phone, public_key, clinic_person_id,
			person_id, last_seq, last_made, applied_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			p.Clinic, p.Name, p.Address, p.Phone, []byte(p.Key), p.ClinicPersonID, p.PersonID, p.Seq, formatTime(p.Made), formatTime(p.AppliedAt))
	} else {
		res, err = tx.ExecContext(ctx, `UPDATE clinic_pins SET name = ?, address = ?, phone = ?, last_seq = ?, last_made = ?,
			applied_at = ? WHERE clinic_id = ? AND public_key = ? AND clinic_person_id = ? AND last_seq = ? AND last_seq < ?`,
			p.Name, p.Address, p.Phone, p.Seq, formatTime(p.Made), formatTime(p.AppliedAt), p.Clinic, []byte(p.Key),
			p.ClinicPersonID, prev, p.Seq)
	}
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return home.ErrPinMoved
	}
	return nil
}

// auditApplied records a packet applied: its place in the clinic's count
// and what changed, never a name or a receipt number.
func auditApplied(ctx context.Context, tx execer, at time.Time, actor string, p home.Pin, a home.Applied) error {
	return audit(ctx, tx, at, actor, "packet.applied", "clinic", p.Clinic,
		fmt.Sprintf("packet %d: %d new cases, %d updated (%d entered by hand taken over), %d new status changes, %d new notices, %d appointments",
			p.Seq, a.NewCases, a.UpdatedCases, len(a.TakenOver), a.NewEvents, a.NewNotices, a.Appointments))
}
