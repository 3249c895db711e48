package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"time"

	"casedesk/app"
	"casedesk/app/i18n"
)

// SeatStore is what enrolling a seat needs of the clinic's database: its
// id, the key check of its data key, a count of wrong tries and the audit
// log. data.Store is one.
type SeatStore interface {
	StoreID(ctx context.Context) (string, error)
	// KeyCheck is app.ErrNotFound when the database has no key yet.
	KeyCheck(ctx context.Context) (string, error)
	UpdateThrottle(ctx context.Context, kind, key string, rule func(app.Tally) app.Tally) (app.Tally, error)
	Audit(ctx context.Context, e *app.AuditEvent) error
}

// Enrolling a seat: wrong recovery keys are counted for the clinic's
// database as a whole, from every seat; 5 in a day stop enrolment until the
// day is over. A key is 256 bits, so the limit guards against nothing a
// guess could do; it keeps a stolen, mistyped or misread sheet from being
// tried for ever, and every try leaves an audit row.
const (
	MaxSeatEnrolFailures = 5
	SeatEnrolWindow      = 24 * time.Hour
	seatEnrolKind        = "seat enrol"
)

// SeatLimitError means too many wrong recovery keys were typed today.
type SeatLimitError struct{ Until time.Time }

func (e *SeatLimitError) Error() string {
	return fmt.Sprintf("too many wrong recovery keys: enrolling a seat is stopped until %s", e.Until.Local().Format("2006-01-02 15:04"))
}

// Unwrap makes it an ErrSeatKeyWrong too.
func (e *SeatLimitError) Unwrap() error { return app.ErrSeatKeyWrong }

// ErrNothingToEnrol means the clinic's database has no data key yet: the
// first seat to open it makes one.
var ErrNothingToEnrol = errors.New("the clinic's database has no data key yet; open it with CaseDesk and the first seat makes one")

// EnrolSeat makes this computer a seat of the clinic's database st: the
// recovery key typed (as ParseRecoveryKey reads it) must be the key the
// database is sealed with. A key mistyped (a group that fails its check
// letter) is refused at once, counting nothing: it says nothing of the
// key. A well-formed wrong key takes one of the day's tries, is audited
// (without the key) and refused with app.ErrSeatKeyWrong, after the same
// work whatever the key; nothing is saved. The right key is kept in this
// seat's keyring (SaveSeatKey), audited, and returned. actor is who the
// audit log names.
func EnrolSeat(ctx context.Context, st SeatStore, kr Keyring, typed, actor string, now time.Time) (*Keys, error) {
	key, err := ParseRecoveryKey(typed)
	if err != nil {
		return nil, err
	}
	id, err := st.StoreID(ctx)
	if err != nil {
		return nil, err
	}
	kept, err := st.KeyCheck(ctx)
	if errors.Is(err, app.ErrNotFound) {
		return nil, ErrNothingToEnrol
	}
	if err != nil {
		return nil, err
	}
	audit := func(action, detail string) {
		_ = st.Audit(ctx, &app.AuditEvent{At: now, ActorID: actor, Action: action, RecordType: "store", RecordID: id, Detail: detail})
	}
	// The try is taken before the key is compared: enrolments at once are
	// each counted.
	var locked bool
	t, err := st.UpdateThrottle(ctx, seatEnrolKind, id, app.Take(now, app.DailyRule(now, MaxSeatEnrolFailures, SeatEnrolWindow), &locked))
	if err != nil {
		return nil, err
	}
	if locked {
		audit("seat.enrol_refused", "too many wrong recovery keys today")
		return nil, &SeatLimitError{Until: t.LockedUntil}
	}
	k, err := KeysFromRecovered(key)
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(k.KeyCheck()), []byte(kept)) != 1 {
		audit("seat.enrol_failed", fmt.Sprintf("a recovery key that does not open this database (%d of %d tries today)", t.Failures, MaxSeatEnrolFailures))
		if t.Locked(now) {
			return nil, &SeatLimitError{Until: t.LockedUntil}
		}
		return nil, app.ErrSeatKeyWrong
	}
	if _, err := st.UpdateThrottle(ctx, seatEnrolKind, id, app.GiveBack(MaxSeatEnrolFailures, 0)); err != nil {
		return nil, err
	}
	saved, err := SaveSeatKey(ctx, kr, id, key)
	if err != nil {
		return nil, err
	}
	where := "this computer's keyring"
	if saved.Source == FromFile {
		where = "a key file readable only by its user"
	}
	audit("seat.enrolled", "a seat was enrolled with the recovery key; its key is kept in "+where)
	return saved, nil
}

// SeatEnrolMessage is err from EnrolSeat in words for the person enrolling.
func SeatEnrolMessage(err error) string {
	var le *SeatLimitError
	var re *RecoveryKeyError
	switch {
	case errors.As(err, &le):
		return i18n.T("Too many wrong recovery keys were typed today, so enrolling seats is stopped until %s. Nothing was saved. Find the clinic's Recovery Key sheet and try again then.", le.Until.Local().Format("2006-01-02 15:04"))
	case errors.Is(err, app.ErrSeatKeyWrong):
		return i18n.T("That is not the recovery key of this clinic's database, so nothing was saved. Check that the sheet is this clinic's, and type every group again.")
	case errors.As(err, &re):
		return re.Msg
	case errors.Is(err, ErrNothingToEnrol):
		return i18n.T("The clinic's database has no data key yet, so there is nothing to enrol. Open it with CaseDesk: the first computer to open it makes the key.")
	}
	return err.Error()
}
