package desk

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"casedesk/app"
)

// MaxSubject and MaxBody are the longest subject and message, in characters.
const (
	MaxSubject = 120
	MaxBody    = 4000
)

// Inbox lists the messages clients sent the clinic, newest first (only
// unread ones when asked), and how many are unread. It is the clinic's
// inbox: what the clinic read is apart from what the client read.
func (d *Desk) Inbox(ctx context.Context, unread bool) ([]InboxItem, int, error) {
	if _, err := d.check(ctx, false); err != nil {
		return nil, 0, err
	}
	items, err := d.svc.store.ClinicInbox(ctx, unread, 500)
	if err != nil {
		return nil, 0, err
	}
	n, err := d.svc.store.ClinicUnread(ctx)
	return items, n, err
}

// Unread counts the clients' messages the clinic has not read.
func (d *Desk) Unread(ctx context.Context) (int, error) {
	if _, err := d.check(ctx, false); err != nil {
		return 0, err
	}
	return d.svc.store.ClinicUnread(ctx)
}

// Read opens a client's message: it is marked read by the clinic.
func (d *Desk) Read(ctx context.Context, id string) (app.Message, error) {
	if _, err := d.check(ctx, false); err != nil {
		return app.Message{}, err
	}
	m, err := d.svc.store.Message(ctx, id)
	if err != nil {
		return app.Message{}, err
	}
	if !m.FromStaff {
		if err := d.svc.store.MarkClinicRead(ctx, id, d.svc.now().UTC()); err != nil && err != app.ErrNotFound {
			return app.Message{}, err
		}
	}
	return m, nil
}

// MessageForm is a message from the clinic to a client.
type MessageForm struct {
	PersonID string
	CaseID   string // optional: the case it is about
	ReplyTo  string // optional: the message it answers
	Subject  string
	Body     string
}

// Send writes to a client, or answers one of their messages (ReplyTo).
// The client reads it in their inbox when they have an account.
func (d *Desk) Send(ctx context.Context, f MessageForm) (app.Message, error) {
	a, err := d.check(ctx, false)
	if err != nil {
		return app.Message{}, err
	}
	m := app.Message{PersonID: f.PersonID, CaseID: f.CaseID, FromStaff: true,
		Subject: strings.Join(strings.Fields(f.Subject), " "), Body: strings.TrimSpace(f.Body)}
	if f.ReplyTo != "" {
		orig, err := d.svc.store.Message(ctx, f.ReplyTo)
		if err != nil {
			return app.Message{}, err
		}
		if f.PersonID != "" && orig.PersonID != f.PersonID {
			return app.Message{}, app.ErrNotFound
		}
		m.PersonID, m.CaseID = orig.PersonID, orig.CaseID
		m.ReplyTo = orig.ID
		if orig.ReplyTo != "" {
			m.ReplyTo = orig.ReplyTo
		}
		if m.Subject == "" {
			m.Subject = orig.Subject
			if !strings.HasPrefix(m.Subject, "Re: ") {
				m.Subject = "Re: " + m.Subject
			}
		}
	}
	if _, err := d.svc.store.Client(ctx, m.PersonID); err != nil {
		return app.Message{}, err
	}
	if m.CaseID != "" {
		c, err := d.svc.store.Case(ctx, m.CaseID)
		if err != nil {
			return app.Message{}, err
		}
		if c.ApplicantID != m.PersonID && c.PetitionerID != m.PersonID && c.BeneficiaryID != m.PersonID {
			return app.Message{}, app.ErrNotFound
		}
	}
	var errs []error
	switch n := utf8.RuneCountInString(m.Subject); {
	case n == 0:
		errs = append(errs, app.Invalid(app.FieldSubject, "is empty; say in a few words what the message is about"))
	case n > MaxSubject:
		errs = append(errs, app.Invalid(app.FieldSubject, "has %d characters; keep it under %d", n, MaxSubject))
	}
	switch n := utf8.RuneCountInString(m.Body); {
	case n == 0:
		errs = append(errs, app.Invalid(app.FieldMessage, "is empty; type what you want to tell the client"))
	case n > MaxBody:
		errs = append(errs, app.Invalid(app.FieldMessage, "has %d characters; keep it under %d", n, MaxBody))
	}
	if len(errs) > 0 {
		return app.Message{}, joinErrs(errs)
	}
	m.SentAt = d.svc.now().UTC()
	e := d.event(a, "message.send", "person", m.PersonID, "message sent")
	if m.ReplyTo != "" {
		e.Detail = "reply sent"
	}
	if err := d.svc.store.SendMessage(ctx, &m, e); err != nil {
		return app.Message{}, err
	}
	return m, nil
}

// AuditLog reads the audit log, newest first (read-only, for any staff member).
func (d *Desk) AuditLog(ctx context.Context, f AuditFilter) ([]app.AuditEvent, error) {
	if _, err := d.check(ctx, false); err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 2000 {
		f.Limit = 500
	}
	if f.Actor != "" {
		// A staff member's own sign-ins are audited under their account id.
		all, err := d.svc.store.ListStaff(ctx)
		if err != nil {
			return nil, err
		}
		for _, m := range all {
			if strings.EqualFold(m.Username, f.Actor) {
				f.Actor, f.ActorAccountID = m.Username, m.AccountID
			}
		}
	}
	return d.svc.store.AuditLog(ctx, f)
}

// Day bounds: the audit filter's From and To for whole days in the computer's zone.
func Day(d app.Date) time.Time {
	y, m, dd := d.Time().Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.Local)
}
