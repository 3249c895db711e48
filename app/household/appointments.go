package household

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/portal"
)

// AppointmentForm is an appointment typed from its notice.
type AppointmentForm struct {
	Kind    app.AppointmentKind
	Date    string // the day, at the place
	Time    string // "9:30 AM" or "14:00", at the place
	Place   string // the office's name
	Address string // its address
	CaseID  string // optional: the case it is for
}

// maxPlace is the longest place name or address, in characters.
const maxPlace = 300

// AddAppointment adds an appointment from its notice. It shows with the
// owner's appointments; its time is on the clock of the owner's state.
func (s *Service) AddAppointment(ctx context.Context, sess *portal.Session, f AppointmentForm) (app.Appointment, error) {
	o, err := s.check(ctx, sess)
	if err != nil {
		return app.Appointment{}, err
	}
	caseID := strings.TrimSpace(f.CaseID)
	if caseID != "" {
		if _, err := s.caseOf(ctx, o, caseID); err != nil {
			return app.Appointment{}, err
		}
	}
	me, err := s.store.Person(ctx, o.personID)
	if err != nil {
		return app.Appointment{}, err
	}
	var errs []error
	switch f.Kind {
	case app.AppointmentBiometrics, app.AppointmentInterview, app.AppointmentOath:
	default:
		errs = append(errs, app.Invalid(app.FieldAppointment, "is not chosen; pick biometrics, interview or oath"))
	}
	zone := app.StateZone(me.Address.State)
	if zone == "" {
		zone = time.Local.String()
	}
	loc, err := auth.LoadZone(zone)
	if err != nil {
		loc, zone = time.UTC, "UTC"
	}
	day, err := app.ParseDate(f.Date)
	if strings.TrimSpace(f.Date) == "" {
		err = app.Invalid(app.FieldDate, "is empty; type the appointment's day, like 03/14/2026")
	}
	if err != nil {
		errs = append(errs, err)
	}
	h, m, err := app.ParseClock(f.Time)
	if err != nil {
		errs = append(errs, err)
	}
	place, addr := strings.Join(strings.Fields(f.Place), " "), strings.TrimSpace(f.Address)
	if place == "" {
		errs = append(errs, app.Invalid(app.FieldPlace, "is empty; type the office's name, like USCIS Application Support Center"))
	}
	if utf8.RuneCountInString(place) > maxPlace || utf8.RuneCountInString(addr) > maxPlace {
		errs = append(errs, app.Invalid(app.FieldPlace, "is longer than %d characters", maxPlace))
	}
	if err := errors.Join(errs...); err != nil {
		return app.Appointment{}, err
	}
	y, mo, dd := day.Time().Date()
	ap := app.Appointment{PersonID: o.personID, CaseID: caseID, Kind: f.Kind, StartsAt: time.Date(y, mo, dd, h, m, 0, 0, loc),
		TimeZone: zone, PlaceName: place, PlaceAddress: addr, Status: "scheduled"}
	err = s.store.SaveOwnAppointment(ctx, &ap, s.event(o, "household.appointment.add", "appointment", "", string(f.Kind)+" appointment added"))
	return ap, err
}
