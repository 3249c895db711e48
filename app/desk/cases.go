package desk

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/notice"
)

// CaseRole is the client's part in a case.
type CaseRole string

// The client's parts in a case.
const (
	AsApplicant   CaseRole = "applicant"
	AsPetitioner  CaseRole = "petitioner"
	AsBeneficiary CaseRole = "beneficiary"
)

// CaseForm is a case as typed at the desk.
type CaseForm struct {
	PersonID string   // the client
	Role     CaseRole // the client's part
	// OtherPersonID is the other client on a petition: the beneficiary
	// when the client petitions, the petitioner when the client benefits.
	OtherPersonID string
	Receipt       string
	FormType      string // from app.Forms
	Office        string // empty: derived from the receipt number
	Filed         string // the date USCIS received it
	PriorityDate  string // optional
}

// MaxNote is the longest note on a status change, in characters.
const MaxNote = 1000

// AddCase adds a client's case, with "Case Was Received" on the date filed
// as its first status.
func (d *Desk) AddCase(ctx context.Context, f CaseForm) (app.Case, error) {
	a, err := d.check(ctx, false)
	if err != nil {
		return app.Case{}, err
	}
	if _, err := d.svc.store.Client(ctx, f.PersonID); err != nil {
		return app.Case{}, err
	}
	var errs []error
	r, err := app.ParseReceipt(f.Receipt)
	if err != nil {
		errs = append(errs, err)
	}
	form, ok := app.FormByType(strings.TrimSpace(f.FormType))
	if !ok {
		names := make([]string, len(app.Forms))
		for i, f := range app.Forms {
			names[i] = f.Type
		}
		errs = append(errs, app.Invalid(app.FieldForm, "%q is not a form CaseDesk knows; choose one of %s", f.FormType, strings.Join(names, ", ")))
	}
	filed, err := app.ParseDate(f.Filed)
	if strings.TrimSpace(f.Filed) == "" {
		err = app.Invalid(app.FieldDate, "is empty; type the date USCIS received the case, like 03/14/2025")
	}
	if err != nil {
		errs = append(errs, err)
	} else if d.today().Before(filed) {
		errs = append(errs, app.Invalid(app.FieldDate, "%s is in the future; type the date USCIS received the case", filed))
	}
	var priority app.Date
	if strings.TrimSpace(f.PriorityDate) != "" {
		if priority, err = app.ParseDate(f.PriorityDate); err != nil {
			errs = append(errs, err)
		}
	}
	c := app.Case{Receipt: r, FormType: form.Type, FormTitle: form.Title, ReceivedDate: filed, PriorityDate: priority,
		Office: strings.TrimSpace(f.Office), StatusCode: "received", StatusDate: filed, UpdatedAt: d.svc.now().UTC()}
	if c.Office == "" && err == nil {
		c.Office = r.Office()
	}
	other := strings.TrimSpace(f.OtherPersonID)
	switch f.Role {
	case AsApplicant:
		c.ApplicantID = f.PersonID
	case AsPetitioner:
		c.ApplicantID, c.PetitionerID, c.BeneficiaryID = f.PersonID, f.PersonID, other
	case AsBeneficiary:
		c.ApplicantID, c.PetitionerID, c.BeneficiaryID = other, other, f.PersonID
		if other == "" {
			errs = append(errs, app.Invalid(app.FieldOtherPerson, "is empty; a petition's notices go to its petitioner, so add the petitioner as a client first and choose them"))
		}
	default:
		errs = append(errs, app.Invalid(app.FieldCaseRole, "%q is not a role; choose applicant, petitioner or beneficiary", string(f.Role)))
	}
	if ok && form.Petition && f.Role == AsApplicant {
		errs = append(errs, app.Invalid(app.FieldCaseRole, "is applicant, but %s is a petition; choose petitioner or beneficiary", form.Type))
	}
	if ok && !form.Petition && f.Role != AsApplicant && f.Role != "" {
		errs = append(errs, app.Invalid(app.FieldCaseRole, "is %s, but %s has an applicant; choose applicant", f.Role, form.Type))
	}
	if other != "" {
		if other == f.PersonID {
			errs = append(errs, app.Invalid(app.FieldOtherPerson, "is the client themselves; choose the other person on the petition"))
		} else if _, err := d.svc.store.Client(ctx, other); err != nil {
			errs = append(errs, app.Invalid(app.FieldOtherPerson, "is not a client; add them first"))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return app.Case{}, err
	}
	first := app.CaseEvent{StatusCode: "received", Date: filed, RecordedBy: a.name, CreatedAt: d.svc.now().UTC()}
	err = d.svc.store.AddCase(ctx, &c, &first, d.event(a, "case.add", "case", "", string(r)+" "+form.Type))
	if errors.Is(err, app.ErrAlreadyExists) {
		return app.Case{}, app.Invalid(app.FieldReceipt, "%s is already in CaseDesk; search for it to open its client", r)
	}
	return c, err
}

// today is the clinic's today, in the computer's zone.
func (d *Desk) today() app.Date { return app.DateOf(d.svc.now()) }

// CaseView is a case with its history and notices.
type CaseView struct {
	Case    app.Case
	Events  []app.CaseEvent
	Notices []app.Notice
}

// Case returns a case with its history and notices.
func (d *Desk) Case(ctx context.Context, caseID string) (CaseView, error) {
	if _, err := d.check(ctx, false); err != nil {
		return CaseView{}, err
	}
	c, err := d.svc.store.Case(ctx, caseID)
	if err != nil {
		return CaseView{}, err
	}
	v := CaseView{Case: c}
	if v.Events, err = d.svc.store.Events(ctx, caseID); err != nil {
		return CaseView{}, err
	}
	v.Notices, err = d.svc.store.NoticesOfCase(ctx, caseID)
	return v, err
}

// NoticeForStatus is the kind of notice USCIS mails for a status, if any:
// what the desk offers to record with it.
func NoticeForStatus(code string) (app.NoticeKind, bool) {
	st, ok := app.StatusByCode(code)
	if !ok {
		return "", false
	}
	switch {
	case code == "received" || code == "received_other_office":
		return app.NoticeReceipt, true
	case strings.Contains(code, "evidence_requested"):
		return app.NoticeRFE, true
	case strings.HasPrefix(code, "approved") || code == "approval_certified":
		return app.NoticeApproval, true
	case strings.HasPrefix(code, "denied"):
		return app.NoticeDenial, true
	case st.Group == app.GroupTransfer:
		return app.NoticeTransfer, true
	case st.Group == app.GroupCard && strings.Contains(strings.ToLower(st.Title), "mailed"):
		return app.NoticeCard, true
	case st.Group == app.GroupRejected:
		return app.NoticeRejection, true
	}
	return "", false
}

// NoticeKinds are the notices of a status change the desk can record.
var NoticeKinds = []app.NoticeKind{app.NoticeReceipt, app.NoticeApproval, app.NoticeDenial, app.NoticeRFE,
	app.NoticeTransfer, app.NoticeCard, app.NoticeRejection}

// StatusForm is a status change as typed at the desk.
type StatusForm struct {
	CaseID string
	Status string // a status code from the catalog
	Date   string
	Note   string
	// Notice is the kind of notice USCIS mailed for it; "" records none.
	Notice     app.NoticeKind
	NoticeDate string // empty: the status's date
	DueDate    string // a request for evidence's response date
}

// Recorded is what recording a status change wrote.
type Recorded struct {
	Event  app.CaseEvent
	Notice *app.Notice
}

// RecordStatus records a status change of a case, and with it the notice
// USCIS mailed when one is given and a note in the client's inbox when
// they have an account, all at once. The client sees the change as new on
// their next visit.
func (d *Desk) RecordStatus(ctx context.Context, f StatusForm) (Recorded, error) {
	a, err := d.check(ctx, false)
	if err != nil {
		return Recorded{}, err
	}
	c, err := d.svc.store.Case(ctx, f.CaseID)
	if err != nil {
		return Recorded{}, err
	}
	var errs []error
	st, ok := app.StatusByCode(f.Status)
	if !ok {
		errs = append(errs, app.Invalid(app.FieldStatus, "is not chosen; pick the status USCIS shows for the case"))
	}
	on, err := app.ParseDate(f.Date)
	if strings.TrimSpace(f.Date) == "" {
		err = app.Invalid(app.FieldDate, "is empty; type the date of the change, like 03/14/2025")
	}
	if err != nil {
		errs = append(errs, err)
	} else if d.today().Before(on) {
		errs = append(errs, app.Invalid(app.FieldDate, "%s is in the future; type the date USCIS made the change", on))
	} else if on.Before(c.ReceivedDate) {
		errs = append(errs, app.Invalid(app.FieldDate, "%s is before the case was received (%s)", on, c.ReceivedDate))
	}
	note := strings.TrimSpace(f.Note)
	if n := utf8.RuneCountInString(note); n > MaxNote {
		errs = append(errs, app.Invalid(app.FieldNote, "has %d characters; keep it under %d", n, MaxNote))
	} else if note != "" {
		if err := notice.CheckPrintable(app.FieldNote, note); err != nil {
			errs = append(errs, err)
		}
	}
	var n *app.Notice
	if f.Notice != "" {
		n, err = d.caseNotice(ctx, c, st, f, on)
		if err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Recorded{}, err
	}
	now := d.svc.now().UTC()
	r := StatusRecord{
		Event:  app.CaseEvent{CaseID: c.ID, StatusCode: st.Code, Date: on, Note: note, RecordedBy: a.name, CreatedAt: now},
		Notice: n,
		Audit:  d.event(a, "case.status", "case", c.ID, fmt.Sprintf("%s: %s on %s", c.Receipt, st.Title, on.ISO())),
	}
	if m, ok := d.inboxNote(ctx, c.ApplicantID, c.ID, "Your case "+string(c.Receipt)+" has a new status",
		fmt.Sprintf("Your case %s (%s) is now: %s.\n\n%s", c.Receipt, c.FormType, st.Title, st.Explain), now); ok {
		r.Message = m
	}
	if n != nil {
		r.Audit.Detail += ", with its " + strings.ToLower(notice.KindTitle(n.Kind))
	}
	if err := d.svc.store.RecordStatus(ctx, r); err != nil {
		return Recorded{}, err
	}
	return Recorded{Event: r.Event, Notice: n}, nil
}

// inboxNote is a note from the clinic for a client's inbox, when the
// client has an account to read it in.
func (d *Desk) inboxNote(ctx context.Context, personID, caseID, subject, body string, at time.Time) (*app.Message, bool) {
	acct, err := d.svc.store.AccountOfPerson(ctx, personID)
	if err != nil || acct.Username == "" {
		return nil, false
	}
	return &app.Message{PersonID: personID, CaseID: caseID, FromStaff: true, Subject: subject, Body: body, SentAt: at}, true
}

// caseNotice builds the notice of a status change from the case's fields,
// as the notice printed them on the day.
func (d *Desk) caseNotice(ctx context.Context, c app.Case, st app.Status, f StatusForm, on app.Date) (*app.Notice, error) {
	known := false
	for _, k := range NoticeKinds {
		known = known || k == f.Notice
	}
	if !known {
		return nil, app.Invalid(app.FieldNoticeKind, "%q is not a notice of a status change; choose receipt, approval, denial, request for evidence, transfer, card mailed or rejection", string(f.Notice))
	}
	date := on
	if strings.TrimSpace(f.NoticeDate) != "" {
		var err error
		if date, err = app.ParseDate(f.NoticeDate); err != nil {
			return nil, err
		}
	}
	recipient, err := d.svc.store.Client(ctx, c.ApplicantID)
	if err != nil {
		return nil, err
	}
	fields := map[string]string{
		"receipt_number": string(c.Receipt), "form_type": c.FormType, "form_title": c.FormTitle,
		"received_date": c.ReceivedDate.ISO(), "notice_type": st.Title, "name": recipient.FullName(),
		"address": notice.AddressBlock(recipient.Person), "office": c.Office,
	}
	if !c.PriorityDate.IsZero() {
		fields["priority_date"] = c.PriorityDate.ISO()
	}
	if c.BeneficiaryID != "" {
		if b, err := d.svc.store.Client(ctx, c.BeneficiaryID); err == nil {
			fields["beneficiary"] = b.FullName()
		}
	}
	n := &app.Notice{CaseID: c.ID, PersonID: c.ApplicantID, Kind: f.Notice, NoticeDate: date, Fields: fields, CreatedAt: d.svc.now().UTC()}
	if f.Notice == app.NoticeRFE {
		due, err := app.ParseDate(f.DueDate)
		if strings.TrimSpace(f.DueDate) == "" {
			err = app.Invalid(app.FieldDueDate, "is empty; type the response date printed on the request for evidence")
		}
		if err != nil {
			return nil, err
		}
		if due.Before(date) {
			return nil, app.Invalid(app.FieldDueDate, "%s is before the notice's date (%s)", due, date)
		}
		n.DueDate = due
	}
	return n, nil
}

// AppointmentForm is an appointment as typed at the desk.
type AppointmentForm struct {
	CaseID   string
	Kind     app.AppointmentKind
	Date     string // the day, at the place
	Time     string // "9:30 AM" or "14:00", at the place
	TimeZone string // the place's zone; empty: from the client's state
	Place    string // the office's name
	Address  string // its address
	Bring    string // what to bring
}

// MaxBring is the longest list of what to bring, in characters.
const MaxBring = 1000

// ScheduleAppointment schedules an appointment on a client's case and
// records its appointment notice, and tells the client in their inbox.
func (d *Desk) ScheduleAppointment(ctx context.Context, f AppointmentForm) (app.Appointment, error) {
	return d.saveAppointment(ctx, "", f)
}

// RescheduleAppointment moves an appointment to a new time or place, with
// a new appointment notice.
func (d *Desk) RescheduleAppointment(ctx context.Context, id string, f AppointmentForm) (app.Appointment, error) {
	return d.saveAppointment(ctx, id, f)
}

func (d *Desk) saveAppointment(ctx context.Context, id string, f AppointmentForm) (app.Appointment, error) {
	a, err := d.check(ctx, false)
	if err != nil {
		return app.Appointment{}, err
	}
	if id != "" {
		old, err := d.svc.store.Appointment(ctx, id)
		if err != nil {
			return app.Appointment{}, err
		}
		f.CaseID = old.CaseID
		if old.Status == "cancelled" {
			return app.Appointment{}, app.Invalid(app.FieldAppointment, "was cancelled; schedule a new one instead")
		}
	}
	c, err := d.svc.store.Case(ctx, f.CaseID)
	if err != nil {
		return app.Appointment{}, err
	}
	client, err := d.svc.store.Client(ctx, c.ApplicantID)
	if err != nil {
		return app.Appointment{}, err
	}
	var errs []error
	switch f.Kind {
	case app.AppointmentBiometrics, app.AppointmentInterview, app.AppointmentOath:
	default:
		errs = append(errs, app.Invalid(app.FieldAppointment, "is not chosen; pick biometrics, interview or oath"))
	}
	zone := strings.TrimSpace(f.TimeZone)
	if zone == "" {
		zone = app.StateZone(client.Address.State)
	}
	loc, err := auth.LoadZone(zone)
	if zone == "" {
		err = app.Invalid(app.FieldTimeZone, "is empty; pick the time zone of the place, like America/Chicago")
	}
	if err != nil {
		errs = append(errs, err)
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
	place, addr, bring := strings.TrimSpace(f.Place), strings.TrimSpace(f.Address), strings.TrimSpace(f.Bring)
	if place == "" {
		errs = append(errs, app.Invalid(app.FieldPlace, "is empty; type the office's name, like USCIS Application Support Center"))
	}
	if addr == "" {
		errs = append(errs, app.Invalid(app.FieldStreet, "is empty; type the office's street, city and state"))
	}
	if n := utf8.RuneCountInString(bring); n > MaxBring {
		errs = append(errs, app.Invalid(app.FieldNote, "has %d characters; keep it under %d", n, MaxBring))
	}
	for _, v := range []string{place, addr, bring} {
		if err := notice.CheckPrintable(app.FieldPlace, v); err != nil {
			errs = append(errs, err)
			break
		}
	}
	if err := errors.Join(errs...); err != nil {
		return app.Appointment{}, err
	}
	y, mo, dd := day.Time().Date()
	start := time.Date(y, mo, dd, h, m, 0, 0, loc)
	if start.Before(d.svc.now()) {
		return app.Appointment{}, app.Invalid(app.FieldDate, "%s at %s is in the past; type the day and time of an appointment to come", day, f.Time)
	}
	ap := app.Appointment{ID: id, PersonID: c.ApplicantID, CaseID: c.ID, Kind: f.Kind, StartsAt: start, TimeZone: zone,
		PlaceName: place, PlaceAddress: addr, Status: "scheduled"}
	action, verb := "appointment.schedule", "scheduled"
	if id != "" {
		ap.Status, action, verb = "rescheduled", "appointment.reschedule", "rescheduled"
	}
	now := d.svc.now().UTC()
	today := d.today()
	fields := map[string]string{
		"receipt_number": string(c.Receipt), "form_type": c.FormType, "form_title": c.FormTitle,
		"received_date": c.ReceivedDate.ISO(), "name": client.FullName(), "address": notice.AddressBlock(client.Person),
		"office": c.Office, "appointment_kind": string(ap.Kind), "appointment_at": ap.Local().Format(time.RFC3339),
		"appointment_zone": zone, "appointment_place": place + "\n" + addr,
	}
	if bring != "" {
		fields["appointment_bring"] = bring
	}
	r := AppointmentRecord{
		Appointment: &ap,
		Notice:      &app.Notice{CaseID: c.ID, PersonID: c.ApplicantID, Kind: app.NoticeAppointment, NoticeDate: today, Fields: fields, CreatedAt: now},
		Audit:       d.event(a, action, "case", c.ID, fmt.Sprintf("%s: %s appointment %s for %s", c.Receipt, ap.Kind, verb, ap.Local().Format("2006-01-02 15:04 MST"))),
	}
	if msg, ok := d.inboxNote(ctx, c.ApplicantID, c.ID, "Your "+string(ap.Kind)+" appointment was "+verb,
		fmt.Sprintf("Your %s appointment for case %s is on %s, at:\n\n%s\n%s", ap.Kind, c.Receipt, ap.When(), place, addr), now); ok {
		r.Message = msg
	}
	if err := d.svc.store.SaveAppointment(ctx, r); err != nil {
		return app.Appointment{}, err
	}
	return ap, nil
}

// CancelAppointment cancels an appointment and tells the client.
func (d *Desk) CancelAppointment(ctx context.Context, id string) error {
	a, err := d.check(ctx, false)
	if err != nil {
		return err
	}
	ap, err := d.svc.store.Appointment(ctx, id)
	if err != nil {
		return err
	}
	if ap.Status == "cancelled" {
		return app.ErrUnchanged
	}
	c, err := d.svc.store.Case(ctx, ap.CaseID)
	if err != nil {
		return err
	}
	ap.Status = "cancelled"
	now := d.svc.now().UTC()
	r := AppointmentRecord{Appointment: &ap,
		Audit: d.event(a, "appointment.cancel", "case", c.ID, fmt.Sprintf("%s: %s appointment of %s cancelled", c.Receipt, ap.Kind, ap.Local().Format("2006-01-02 15:04 MST")))}
	if msg, ok := d.inboxNote(ctx, ap.PersonID, c.ID, "Your "+string(ap.Kind)+" appointment was cancelled",
		fmt.Sprintf("Your %s appointment for case %s on %s was cancelled. The clinic will tell you when a new one is scheduled.", ap.Kind, c.Receipt, ap.When()), now); ok {
		r.Message = msg
	}
	return d.svc.store.SaveAppointment(ctx, r)
}

// ProcessingTimes lists the processing times the clinic keeps.
func (d *Desk) ProcessingTimes(ctx context.Context) ([]app.ProcessingTime, error) {
	if _, err := d.check(ctx, false); err != nil {
		return nil, err
	}
	return d.svc.store.ProcessingTimes(ctx)
}

// ProcessingForm is one row of the processing-times table as typed.
type ProcessingForm struct {
	FormType, Office string
	Min, Max         string // months
	AsOf             string
	Source           string
}

// SetProcessingTime sets how long a form takes at an office.
func (d *Desk) SetProcessingTime(ctx context.Context, f ProcessingForm) (app.ProcessingTime, error) {
	a, err := d.check(ctx, false)
	if err != nil {
		return app.ProcessingTime{}, err
	}
	var errs []error
	form, ok := app.FormByType(strings.TrimSpace(f.FormType))
	if !ok {
		errs = append(errs, app.Invalid(app.FieldForm, "%q is not a form CaseDesk knows, like I-485", f.FormType))
	}
	office := strings.ToUpper(strings.TrimSpace(f.Office))
	if office == "" {
		errs = append(errs, app.Invalid(app.FieldOffice, "is empty; type the office, like NBC or National Benefits Center"))
	}
	months := func(v string) float64 {
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || x < 0 || x > 240 {
			errs = append(errs, app.Invalid(app.FieldMonths, "%q is not a number of months from 0 to 240, like 8.5", v))
		}
		return x
	}
	lo, hi := months(f.Min), months(f.Max)
	if hi < lo {
		errs = append(errs, app.Invalid(app.FieldMonths, "run from %g to %g; the first must not be more than the second", lo, hi))
	}
	asOf := d.today()
	if strings.TrimSpace(f.AsOf) != "" {
		var err error
		if asOf, err = app.ParseDate(f.AsOf); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return app.ProcessingTime{}, err
	}
	t := app.ProcessingTime{FormType: form.Type, Office: office, MinMonths: lo, MaxMonths: hi, AsOf: asOf, Source: strings.TrimSpace(f.Source)}
	err = d.svc.store.SetProcessingTime(ctx, t, d.event(a, "processing.set", "processing_time", form.Type+" "+office,
		fmt.Sprintf("%s at %s: %g to %g months as of %s", form.Type, office, lo, hi, asOf.ISO())))
	return t, err
}
