package ui

import (
	"context"
	"strings"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// apptKinds are the appointments the desk schedules, in the order offered.
var apptKinds = []app.AppointmentKind{app.AppointmentBiometrics, app.AppointmentInterview, app.AppointmentOath}

// apptList is a client's appointments, each with Reschedule and Cancel
// while it is still to come.
type apptList struct {
	d       *Desk
	changed func() // called once an appointment was changed
	box     *fyne.Container
	moves   []*widget.Button // "Reschedule" of each appointment to come, in order
	cancels []*widget.Button
}

func newApptList(d *Desk, changed func()) *apptList {
	return &apptList{d: d, changed: changed, box: container.NewVBox()}
}

func (l *apptList) reset() {
	l.box.Objects, l.moves, l.cancels = nil, nil, nil
}

func (l *apptList) show(as []app.Appointment) {
	l.reset()
	if len(as) == 0 {
		l.box.Add(empty(i18n.T("No appointments. Schedule one from the page of the case it is for.")))
	}
	for _, a := range as {
		kind := i18n.T(appointmentNames[a.Kind])
		status := a.Status
		past := a.StartsAt.Before(l.d.now())
		if past && status != "cancelled" {
			status = i18n.T("past")
		}
		lines := container.NewVBox(bold(kind+" · "+status), wrapped(a.When()), wrapped(a.PlaceName+", "+a.PlaceAddress))
		var buttons fyne.CanvasObject = container.NewVBox()
		if !past && a.Status != "cancelled" {
			move := widget.NewButtonWithIcon(i18n.T("Reschedule"), theme.HistoryIcon(), func() { l.d.touch(); l.d.openApptForm("", &a, l.changed) })
			cancel := widget.NewButtonWithIcon(i18n.T("Cancel"), theme.CancelIcon(), func() { l.askCancel(a) })
			l.moves, l.cancels = append(l.moves, move), append(l.cancels, cancel)
			buttons = container.NewVBox(move, cancel)
		}
		l.box.Add(container.NewBorder(nil, nil, nil, buttons, lines))
	}
	l.box.Refresh()
}

func (l *apptList) askCancel(a app.Appointment) {
	d := l.d
	d.touch()
	d.confirm(i18n.T("Cancel the appointment?"),
		i18n.T("The %s appointment on %s is cancelled, and the client is told in their messages.", strings.ToLower(i18n.T(appointmentNames[a.Kind])), a.When()),
		i18n.T("Cancel appointment"), func() {
			d.run(func(ctx context.Context) func() {
				err := d.desk.CancelAppointment(ctx, a.ID)
				return func() {
					if err != nil {
						d.fail(err)
						return
					}
					d.tellDone(i18n.T("The appointment is cancelled, and the client is told."))
					l.changed()
				}
			})
		})
}

// apptForm is an appointment as staff type it: to schedule on a case, or
// to move an appointment.
type apptForm struct {
	d                     *Desk
	caseID, apptID        string
	kind                  *choice
	date, clock, zone     *field
	place, address, bring *field
	form                  *widget.Form
	items                 map[app.Field]*widget.FormItem
	save                  *widget.Button
	msg                   *widget.Label
	box                   *fyne.Container
	saved                 func()
}

// newApptForm is the form to schedule an appointment on caseID, or (with
// moving set) to move it; saved is called once it is written.
func newApptForm(d *Desk, caseID string, moving *app.Appointment, saved func()) *apptForm {
	f := &apptForm{d: d, caseID: caseID, saved: saved}
	names := make([]string, len(apptKinds))
	for i, k := range apptKinds {
		names[i] = i18n.T(appointmentNames[k])
	}
	f.kind = newChoice(names, func(string) { d.touch() })
	f.kind.PlaceHolder = i18n.T("Which appointment?")
	f.date, f.clock, f.zone = newField(), newField(), newField()
	f.place, f.address, f.bring = newField(), newField(), newTextField(2)
	f.date.SetPlaceHolder("MM/DD/YYYY")
	f.clock.SetPlaceHolder("9:30 AM")
	f.zone.SetPlaceHolder(i18n.T("Empty: from the client's state; or like America/Chicago"))
	f.place.SetPlaceHolder(i18n.T("USCIS Application Support Center"))
	f.address.SetPlaceHolder(i18n.T("Street, city, state"))
	f.bring.SetPlaceHolder(i18n.T("Optional: what to bring besides the usual"))
	d.touchOnTyping(entryOf(f.date, f.clock, f.zone, f.place, f.address, f.bring)...)
	f.items = map[app.Field]*widget.FormItem{
		app.FieldAppointment: widget.NewFormItem(i18n.T("Appointment"), f.kind),
		app.FieldDate:        widget.NewFormItem(i18n.T("Date"), f.date),
		app.FieldTime:        widget.NewFormItem(i18n.T("Time"), f.clock),
		app.FieldTimeZone:    widget.NewFormItem(i18n.T("Time zone"), f.zone),
		app.FieldPlace:       widget.NewFormItem(i18n.T("Place"), f.place),
		app.FieldStreet:      widget.NewFormItem(i18n.T("Address"), f.address),
		app.FieldNote:        widget.NewFormItem(i18n.T("What to bring"), f.bring),
	}
	f.form = widget.NewForm()
	for _, k := range []app.Field{app.FieldAppointment, app.FieldDate, app.FieldTime, app.FieldTimeZone, app.FieldPlace, app.FieldStreet, app.FieldNote} {
		f.form.AppendItem(f.items[k])
	}
	text := i18n.T("Schedule appointment")
	if moving != nil {
		f.apptID = moving.ID
		text = i18n.T("Reschedule")
		for i, k := range apptKinds {
			if k == moving.Kind {
				f.kind.SetSelectedIndex(i)
			}
		}
		f.kind.Disable()
		local := moving.Local()
		f.date.SetText(app.DateOf(local).Short())
		f.clock.SetText(local.Format("3:04 PM"))
		f.zone.SetText(moving.TimeZone)
		f.place.SetText(moving.PlaceName)
		f.address.SetText(moving.PlaceAddress)
	}
	f.save = widget.NewButtonWithIcon(text, theme.ConfirmIcon(), f.submit)
	f.save.Importance = widget.HighImportance
	f.msg = note()
	f.box = container.NewVBox(
		hint(i18n.T("The appointment notice is recorded with it, and the client is told in their messages when they have an account.")),
		f.form, f.msg, container.NewHBox(f.save))
	return f
}

// openApptForm shows the form to move an appointment over what is shown.
func (d *Desk) openApptForm(caseID string, moving *app.Appointment, saved func()) {
	back := backButton(i18n.T("Back"))
	f := newApptForm(d, caseID, moving, func() {
		back.OnTapped()
		saved()
	})
	title := i18n.T("Reschedule the %s appointment", strings.ToLower(i18n.T(appointmentNames[moving.Kind])))
	box := container.NewVBox(container.NewHBox(back), heading(title), f.box)
	back.OnTapped = d.open(page(box), func() { f.reset(); box.Objects = nil })
}

// reset forgets what was typed.
func (f *apptForm) reset() {
	for _, e := range []*field{f.date, f.clock, f.zone, f.place, f.address, f.bring} {
		e.SetText("")
	}
	if f.apptID == "" {
		f.kind.ClearSelected()
	}
	f.msg.Hide()
	markItems(f.form, f.items, nil)
}

func (f *apptForm) read() desk.AppointmentForm {
	a := desk.AppointmentForm{CaseID: f.caseID, Date: f.date.Text, Time: f.clock.Text, TimeZone: f.zone.Text,
		Place: f.place.Text, Address: f.address.Text, Bring: f.bring.Text}
	if i := f.kind.SelectedIndex(); i >= 0 {
		a.Kind = apptKinds[i]
	}
	return a
}

func (f *apptForm) submit() {
	d := f.d
	d.touch()
	form, id := f.read(), f.apptID
	f.save.Disable()
	d.run(func(ctx context.Context) func() {
		var a app.Appointment
		var err error
		if id == "" {
			a, err = d.desk.ScheduleAppointment(ctx, form)
		} else {
			a, err = d.desk.RescheduleAppointment(ctx, id, form)
		}
		return func() {
			f.save.Enable()
			if d.refused(f.form, f.items, f.msg, err) {
				return
			}
			verb := i18n.T("scheduled")
			if id != "" {
				verb = i18n.T("rescheduled")
			}
			f.reset()
			d.tellDone(i18n.T("The %s appointment is %s for %s, with its appointment notice.", strings.ToLower(i18n.T(appointmentNames[a.Kind])), verb, a.When()))
			f.saved()
		}
	})
}
