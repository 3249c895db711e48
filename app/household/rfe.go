package household

import (
	"context"
	"strings"
	"unicode/utf8"

	"casedesk/app"
	"casedesk/app/portal"
)

// DueSoonDays is how near a response's due date is when the home screen
// starts to show it.
const DueSoonDays = 30

// maxItem is the longest checklist item, in characters.
const maxItem = 200

// IsRFE reports whether a status asks for evidence: its response has a
// due date and a checklist.
func IsRFE(code string) bool { return strings.HasSuffix(code, "evidence_requested") }

// RFE returns a case's request for evidence: its due date (zero until the
// person types it) and checklist.
func (s *Service) RFE(ctx context.Context, sess *portal.Session, caseID string) (RFE, error) {
	o, err := s.check(ctx, sess)
	if err != nil {
		return RFE{}, err
	}
	if _, err := s.caseOf(ctx, o, caseID); err != nil {
		return RFE{}, err
	}
	return s.store.RFE(ctx, caseID)
}

// rfeCase returns a case of the owner's that has, or had, a request for
// evidence; ErrNoRFE for another.
func (s *Service) rfeCase(ctx context.Context, sess *portal.Session, caseID string) (owner, app.Case, error) {
	o, err := s.check(ctx, sess)
	if err != nil {
		return owner{}, app.Case{}, err
	}
	c, err := s.caseOf(ctx, o, caseID)
	if err != nil {
		return owner{}, app.Case{}, err
	}
	if IsRFE(c.StatusCode) {
		return o, c, nil
	}
	r, err := s.store.RFE(ctx, caseID)
	if err != nil {
		return owner{}, app.Case{}, err
	}
	if r.Due.IsZero() && len(r.Items) == 0 {
		return owner{}, app.Case{}, ErrNoRFE
	}
	return o, c, nil
}

// SetRFEDue records the date the response to a request for evidence is due.
func (s *Service) SetRFEDue(ctx context.Context, sess *portal.Session, caseID, typed string) (app.Date, error) {
	o, c, err := s.rfeCase(ctx, sess, caseID)
	if err != nil {
		return app.Date{}, err
	}
	if strings.TrimSpace(typed) == "" {
		return app.Date{}, app.Invalid(app.FieldDueDate, "is empty; type the date printed on the request for evidence, like 03/14/2026")
	}
	due, err := app.ParseDate(typed)
	if err != nil {
		return app.Date{}, app.Invalid(app.FieldDueDate, "%q is not a date; type it like 03/14/2026", strings.TrimSpace(typed))
	}
	if due.Before(c.ReceivedDate) {
		return app.Date{}, app.Invalid(app.FieldDueDate, "%s is before the case was received (%s)", due, c.ReceivedDate)
	}
	err = s.store.SetRFEDue(ctx, c.ID, due, s.now().UTC(), s.event(o, "household.rfe.due", "case", c.ID, "response due date set"))
	return due, err
}

// AddRFEItem adds a piece of evidence to send to a request's checklist.
func (s *Service) AddRFEItem(ctx context.Context, sess *portal.Session, caseID, text string) (RFEItem, error) {
	o, c, err := s.rfeCase(ctx, sess, caseID)
	if err != nil {
		return RFEItem{}, err
	}
	text = strings.Join(strings.Fields(text), " ")
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		return RFEItem{}, app.Invalid(app.FieldNote, "is empty; type what to send, like “Birth certificate with translation”")
	case n > maxItem:
		return RFEItem{}, app.Invalid(app.FieldNote, "has %d characters; keep it under %d", n, maxItem)
	}
	it := RFEItem{Text: text, AddedAt: s.now().UTC()}
	err = s.store.AddRFEItem(ctx, c.ID, it, s.event(o, "household.rfe.item.add", "case", c.ID, "checklist item added"))
	return it, err
}

// TickRFEItem marks an item ready (done) or not.
func (s *Service) TickRFEItem(ctx context.Context, sess *portal.Session, caseID, itemID string, done bool) error {
	o, c, err := s.rfeCase(ctx, sess, caseID)
	if err != nil {
		return err
	}
	what := "checklist item unticked"
	if done {
		what = "checklist item ticked"
	}
	return s.store.TickRFEItem(ctx, c.ID, itemID, done, s.event(o, "household.rfe.item.tick", "case", c.ID, what))
}

// RemoveRFEItem takes an item off the checklist.
func (s *Service) RemoveRFEItem(ctx context.Context, sess *portal.Session, caseID, itemID string) error {
	o, c, err := s.rfeCase(ctx, sess, caseID)
	if err != nil {
		return err
	}
	return s.store.RemoveRFEItem(ctx, c.ID, itemID, s.event(o, "household.rfe.item.remove", "case", c.ID, "checklist item removed"))
}

// DueSoon lists the requests for evidence still waiting for their
// response (the case's status still asks for evidence) whose due date is
// within DueSoonDays or past, soonest first.
func (s *Service) DueSoon(ctx context.Context, sess *portal.Session) ([]RFE, error) {
	o, err := s.check(ctx, sess)
	if err != nil {
		return nil, err
	}
	all, err := s.store.RFEsOfPerson(ctx, o.personID)
	if err != nil {
		return nil, err
	}
	limit := s.today().AddDays(DueSoonDays)
	var out []RFE
	for _, r := range all {
		if !r.Due.IsZero() && IsRFE(r.Status) && !limit.Before(r.Due) {
			out = append(out, r)
		}
	}
	return out, nil
}

// DaysLeft is how many days are left until due from today (negative once past).
func DaysLeft(today, due app.Date) int {
	return int(due.Time().Sub(today.Time()).Hours() / 24)
}
