package data

import (
	"context"
	"errors"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/desk"
)

func TestRecordStatusIsAllOrNothing(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	p := newClient("Ana", "López", app.NewDate(1990, 1, 2), "")
	mustClient(t, s, p)
	c := mustCase(t, s, "EAC2190012345", p.ID)
	notice := &app.Notice{PersonID: p.ID, CaseID: c.ID, Kind: app.NoticeRFE, NoticeDate: app.NewDate(2025, 3, 1), Fields: map[string]string{"a": "b"}}
	msg := &app.Message{PersonID: p.ID, CaseID: c.ID, Subject: "Your case", Body: "We sent you a notice."}
	r := desk.StatusRecord{Event: app.CaseEvent{CaseID: c.ID, StatusCode: "rfe_sent", Date: app.NewDate(2025, 3, 1), RecordedBy: "bo"},
		Notice: notice, Message: msg, Audit: ev("case.status")}
	if err := s.RecordStatus(ctx, r); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Case(ctx, c.ID)
	if got.StatusCode != "rfe_sent" || got.StatusDate != app.NewDate(2025, 3, 1) {
		t.Errorf("case after = %+v", got)
	}
	if notice.ID == "" || msg.ID == "" || !msg.FromStaff {
		t.Errorf("notice %+v message %+v", notice, msg)
	}
	if n := count(t, s, `SELECT count(*) FROM messages WHERE id = ? AND from_staff = 1 AND clinic_read_at = sent_at AND read_at = ''`, msg.ID); n != 1 {
		t.Error("the clinic's message is not read by the clinic and unread by the client")
	}
	if n := count(t, s, `SELECT count(*) FROM audit_events WHERE action = 'case.status' AND record_id = ?`, c.ID); n != 1 {
		t.Errorf("%d audit rows", n)
	}
	// An earlier event joins the history but does not change the status.
	if err := s.RecordStatus(ctx, desk.StatusRecord{Event: app.CaseEvent{CaseID: c.ID, StatusCode: "fingerprints_taken", Date: app.NewDate(2025, 2, 1)},
		Audit: ev("case.status")}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Case(ctx, c.ID); got.StatusCode != "rfe_sent" {
		t.Errorf("status went back to %s", got.StatusCode)
	}

	total := `SELECT (SELECT count(*) FROM case_events) + (SELECT count(*) FROM notices) + (SELECT count(*) FROM messages) + (SELECT count(*) FROM audit_events)`
	before := count(t, s, total)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	for name, r := range map[string]desk.StatusRecord{
		"a notice for nobody": {Event: app.CaseEvent{CaseID: c.ID, StatusCode: "approved", Date: app.NewDate(2025, 6, 1)},
			Notice: &app.Notice{PersonID: "nobody", Kind: app.NoticeApproval, NoticeDate: app.NewDate(2025, 6, 1)}, Audit: ev("case.status")},
		"a message for nobody": {Event: app.CaseEvent{CaseID: c.ID, StatusCode: "approved", Date: app.NewDate(2025, 6, 1)},
			Message: &app.Message{PersonID: "nobody", Subject: "x", Body: "y"}, Audit: ev("case.status")},
		"no audit row": {Event: app.CaseEvent{CaseID: c.ID, StatusCode: "approved", Date: app.NewDate(2025, 6, 1)}},
		"no such case": {Event: app.CaseEvent{CaseID: "nope", StatusCode: "approved", Date: app.NewDate(2025, 6, 1)}, Audit: ev("case.status")},
	} {
		if err := s.RecordStatus(ctx, r); err == nil {
			t.Errorf("%s: recorded", name)
		}
	}
	if err := s.RecordStatus(cancelled, desk.StatusRecord{Event: app.CaseEvent{CaseID: c.ID, StatusCode: "approved", Date: app.NewDate(2025, 6, 1)},
		Audit: ev("case.status")}); err == nil {
		t.Error("recorded with a cancelled context")
	}
	if after := count(t, s, total); after != before {
		t.Errorf("rows %d → %d", before, after)
	}
	if got, _ := s.Case(ctx, c.ID); got.StatusCode != "rfe_sent" {
		t.Errorf("status %s kept from a failed record", got.StatusCode)
	}
}

func TestCasesAppointmentsAndProcessingTimes(t *testing.T) {
	s := openTest(t)
	d := s.Desk()
	ctx := context.Background()
	p := newClient("Ana", "López", app.NewDate(1990, 1, 2), "")
	mustClient(t, s, p)
	r, _ := app.ParseReceipt("IOE0906929443")
	c := app.Case{Receipt: r, FormType: "I-130", ApplicantID: p.ID, ReceivedDate: app.NewDate(2025, 1, 10)}
	first := app.CaseEvent{StatusCode: "received", Date: c.ReceivedDate}
	if err := d.AddCase(ctx, &c, &first, ev("case.added")); err != nil {
		t.Fatal(err)
	}
	if got, err := d.CaseByReceipt(ctx, r); err != nil || got.StatusCode != "received" || got.Office == "" {
		t.Errorf("CaseByReceipt = %+v, %v", got, err)
	}
	again := app.Case{Receipt: r, FormType: "I-130", ApplicantID: p.ID, ReceivedDate: app.NewDate(2025, 1, 10)}
	if err := d.AddCase(ctx, &again, &app.CaseEvent{StatusCode: "received", Date: c.ReceivedDate}, ev("case.added")); !errors.Is(err, app.ErrAlreadyExists) {
		t.Errorf("taken receipt: %v", err)
	}
	if n := count(t, s, `SELECT count(*) FROM audit_events WHERE action = 'case.added'`); n != 1 {
		t.Errorf("%d audit rows", n)
	}

	a := &app.Appointment{PersonID: p.ID, CaseID: c.ID, Kind: app.AppointmentBiometrics, StartsAt: deskAt.Add(48 * time.Hour),
		TimeZone: "America/Chicago", PlaceName: "ASC Chicago"}
	msg := &app.Message{PersonID: p.ID, Subject: "Appointment", Body: "See your notice."}
	if err := d.SaveAppointment(ctx, desk.AppointmentRecord{Appointment: a, Message: msg, Audit: ev("appointment.scheduled")}); err != nil {
		t.Fatal(err)
	}
	a.Status, a.StartsAt = "rescheduled", deskAt.Add(72*time.Hour)
	if err := d.SaveAppointment(ctx, desk.AppointmentRecord{Appointment: a, Audit: ev("appointment.rescheduled")}); err != nil {
		t.Fatal(err)
	}
	list, err := d.AppointmentsOfPerson(ctx, p.ID)
	if err != nil || len(list) != 1 || list[0].Status != "rescheduled" || !list[0].StartsAt.Equal(deskAt.Add(72*time.Hour)) || list[0].TimeZone != "America/Chicago" {
		t.Errorf("AppointmentsOfPerson = %+v, %v", list, err)
	}
	if n := count(t, s, `SELECT count(*) FROM audit_events WHERE record_id = ? AND action LIKE 'appointment.%'`, a.ID); n != 2 {
		t.Errorf("%d appointment audit rows", n)
	}
	gone := &app.Appointment{ID: "nope", PersonID: p.ID, Kind: app.AppointmentOath, StartsAt: deskAt}
	if err := d.SaveAppointment(ctx, desk.AppointmentRecord{Appointment: gone, Audit: ev("appointment.rescheduled")}); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("unknown appointment: %v", err)
	}

	for _, pt := range []app.ProcessingTime{
		{FormType: "I-485", Office: "NBC", MinMonths: 8, MaxMonths: 14, AsOf: app.NewDate(2026, 10, 1)},
		{FormType: "I-130", Office: "NBC", MinMonths: 10, MaxMonths: 20, AsOf: app.NewDate(2026, 10, 1)},
		{FormType: "I-485", Office: "NBC", MinMonths: 9, MaxMonths: 15, AsOf: app.NewDate(2026, 11, 1)},
	} {
		if err := d.SetProcessingTime(ctx, pt, ev("processing_time.set")); err != nil {
			t.Fatal(err)
		}
	}
	pts, err := d.ProcessingTimes(ctx)
	if err != nil || len(pts) != 2 || pts[0].FormType != "I-130" || pts[1].MinMonths != 9 {
		t.Errorf("ProcessingTimes = %+v, %v", pts, err)
	}
	if n := count(t, s, `SELECT count(*) FROM audit_events WHERE action = 'processing_time.set'`); n != 3 {
		t.Errorf("%d processing time audit rows", n)
	}
}
