package ui

import (
	"context"

	"casedesk/app"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// appointmentsTab is "Appointments": when and where, what to bring, and a
// calendar file for each appointment still to come.
type appointmentsTab struct {
	h          *Home
	item       *container.TabItem
	list       *fyne.Container
	toCalendar []*pageButton   // "Add to calendar (.ics)" of the upcoming ones, in order
	top        *fyne.Container // a household's "Add an appointment" (household_home.go)
}

func newAppointmentsTab(h *Home) *appointmentsTab {
	t := &appointmentsTab{h: h, list: container.NewVBox(), top: container.NewVBox()}
	t.item = container.NewTabItem(i18n.T("Appointments"), page(container.NewVBox(t.top, t.list)))
	return t
}

// ownTop puts a household's "Add an appointment" above the appointments.
func (t *appointmentsTab) ownTop(o fyne.CanvasObject) {
	t.top.Objects = []fyne.CanvasObject{o}
}

// reset forgets the appointments.
func (t *appointmentsTab) reset() {
	t.list.Objects = nil
	t.toCalendar = nil
}

func (t *appointmentsTab) show(as []app.Appointment) {
	t.list.Objects, t.toCalendar = nil, nil
	if len(as) == 0 {
		t.list.Add(empty(i18n.T("You have no appointments. When USCIS schedules fingerprints or an interview, it shows here.")))
	}
	for _, a := range as {
		card, cal := t.card(a)
		if cal != nil {
			t.toCalendar = append(t.toCalendar, cal)
		}
		t.list.Add(card)
	}
	t.list.Refresh()
}

var appointmentNames = map[app.AppointmentKind]string{
	app.AppointmentBiometrics: "Biometrics (fingerprints and photo)",
	app.AppointmentInterview:  "Interview",
	app.AppointmentOath:       "Oath ceremony",
}

// card shows one appointment; case pages show the same cards. An upcoming
// one also says what to bring and has a button to save it to a calendar,
// which card returns (nil for one that is past).
func (t *appointmentsTab) card(a app.Appointment) (fyne.CanvasObject, *pageButton) {
	kind := i18n.T(appointmentNames[a.Kind])
	past := a.StartsAt.Before(t.h.now())
	if past {
		kind = i18n.T("%s (past)", kind)
	}
	box := container.NewVBox(
		bold(kind),
		wrapped(a.When()), // the clock time where it is held, as on the notice
		wrapped(a.PlaceName+", "+a.PlaceAddress),
	)
	var cal *pageButton
	if !past {
		bring := i18n.T("Bring:")
		for _, b := range app.WhatToBring(a.Kind) {
			bring += "\n• " + b
		}
		box.Add(wrapped(bring))
		cal = t.h.button(i18n.T("Add to calendar (.ics)"), theme.ContentAddIcon(), func() { t.saveICS(a) })
		if t.h.svc.Kiosk {
			cal = t.phoneButton(a, box) // a kiosk keeps no file: the event goes to the phone
		}
		box.Add(container.NewHBox(cal))
	}
	return widget.NewCard("", "", box), cal
}

// saveICS has the appointment saved as a calendar file in the PDF folder.
func (t *appointmentsTab) saveICS(a app.Appointment) {
	h := t.h
	h.touch()
	if h.svc.Kiosk {
		return // a kiosk keeps no file (see phoneButton)
	}
	h.run(func(context.Context) func() {
		path, err := h.svc.Notices.SaveCalendar(h.svc.PDFFolder, a)
		return func() {
			if err != nil {
				h.fail(err)
				return
			}
			tell(h.status, i18n.T("Saved %s. Open it to add the appointment to your calendar.", path), false)
		}
	})
}
