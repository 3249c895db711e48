package household

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"casedesk/app"
	"casedesk/app/i18n"
	"casedesk/app/portal"
)

// Role is a family member's part in a case.
type Role string

// The parts a person may have in a case.
const (
	AsApplicant   Role = "applicant"
	AsPetitioner  Role = "petitioner"
	AsBeneficiary Role = "beneficiary"
)

// CaseForm is a case as typed at home, from its receipt notice.
type CaseForm struct {
	Receipt  string
	FormType string // from app.Forms
	Office   string // empty: derived from the receipt number
	PersonID string // the family member (the owner too)
	Role     Role
	Received string // the date USCIS received it
	Status   string // the current status's code, from the catalog
	StatusOn string // its date; empty: the received date
}

// MaxNote is the longest note on a status change, in characters.
const MaxNote = 1000

// AddCase adds a case the household follows, entered by hand (source
// "you"), with its current status as its first event; the owner follows it.
func (s *Service) AddCase(ctx context.Context, sess *portal.Session, f CaseForm) (app.Case, error) {
	o, err := s.check(ctx, sess)
	if err != nil {
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
		errs = append(errs, app.Invalid(app.FieldForm, "is not chosen; choose the form's number from the list (%s)", strings.Join(names, ", ")))
	}
	if _, err := s.member(ctx, o, f.PersonID); errors.Is(err, app.ErrNotFound) {
		errs = append(errs, app.Invalid(app.FieldOtherPerson, "is not chosen; choose whose case it is"))
	} else if err != nil {
		return app.Case{}, err
	}
	received, err := s.pastDate(f.Received, i18n.T("the date USCIS received the case"))
	if err != nil {
		errs = append(errs, err)
	}
	st, known := app.StatusByCode(f.Status)
	if !known {
		errs = append(errs, app.Invalid(app.FieldStatus, "is not chosen; pick the status on the latest letter"))
	}
	on := received
	if strings.TrimSpace(f.StatusOn) != "" {
		if on, err = s.pastDate(f.StatusOn, i18n.T("the date of the latest letter")); err != nil {
			errs = append(errs, err)
		} else if !received.IsZero() && on.Before(received) {
			errs = append(errs, app.Invalid(app.FieldDate, "%s is before the case was received (%s)", on, received))
		}
	}
	c := app.Case{Receipt: r, FormType: form.Type, FormTitle: form.Title, ReceivedDate: received,
		Office: strings.TrimSpace(f.Office), Source: app.CaseSource{Kind: app.SourceYou}}
	if c.Office == "" {
		c.Office = r.Office()
	}
	switch f.Role {
	case AsApplicant:
		c.ApplicantID = f.PersonID
		if ok && form.Petition {
			errs = append(errs, app.Invalid(app.FieldCaseRole, "is applicant, but %s is a petition; choose petitioner or beneficiary", form.Type))
		}
	case AsPetitioner, AsBeneficiary:
		// A petition at home names the one family member the household
		// knows; the other person may be someone it does not follow.
		c.ApplicantID = f.PersonID
		if f.Role == AsPetitioner {
			c.PetitionerID = f.PersonID
		} else {
			c.BeneficiaryID = f.PersonID
		}
		if ok && !form.Petition {
			errs = append(errs, app.Invalid(app.FieldCaseRole, "is %s, but %s has an applicant; choose applicant", f.Role, form.Type))
		}
	default:
		errs = append(errs, app.Invalid(app.FieldCaseRole, "is not chosen; choose applicant, petitioner or beneficiary"))
	}
	if err := errors.Join(errs...); err != nil {
		return app.Case{}, err
	}
	if _, err := s.store.CaseByReceipt(ctx, r); err == nil {
		return app.Case{}, app.Invalid(app.FieldReceipt, "%s is already in CaseDesk", r)
	} else if !errors.Is(err, app.ErrNotFound) {
		return app.Case{}, err
	}
	now := s.now().UTC()
	first := app.CaseEvent{StatusCode: st.Code, Date: on, RecordedBy: o.accountID, CreatedAt: now}
	err = s.store.AddFollowedCase(ctx, o.personID, &c, &first, s.event(o, "household.case.add", "case", "", form.Type))
	if errors.Is(err, app.ErrAlreadyExists) {
		return app.Case{}, app.Invalid(app.FieldReceipt, "%s is already in CaseDesk", r)
	}
	return c, err
}

// pastDate reads a date that is not empty and not in the future; what
// names it, translated.
func (s *Service) pastDate(typed, what string) (app.Date, error) {
	if strings.TrimSpace(typed) == "" {
		return app.Date{}, app.Invalid(app.FieldDate, "is empty; type %s, like 03/14/2025", what)
	}
	d, err := app.ParseDate(typed)
	if err != nil {
		return app.Date{}, err
	}
	if s.today().Before(d) {
		return app.Date{}, app.Invalid(app.FieldDate, "%s is in the future; type %s", d, what)
	}
	return d, nil
}

// StatusForm is a status change typed from a letter.
type StatusForm struct {
	CaseID string
	Status string // a status code from the catalog
	Date   string
	Note   string
}

// RecordStatus records a status change from a letter on a case the owner
// entered themselves. A clinic's case is refused with ErrClinicCase: its
// statuses come from the clinic's packets.
func (s *Service) RecordStatus(ctx context.Context, sess *portal.Session, f StatusForm) (app.CaseEvent, error) {
	o, err := s.check(ctx, sess)
	if err != nil {
		return app.CaseEvent{}, err
	}
	c, err := s.caseOf(ctx, o, f.CaseID)
	if err != nil {
		return app.CaseEvent{}, err
	}
	if c.Source.Kind != app.SourceYou {
		return app.CaseEvent{}, ErrClinicCase
	}
	var errs []error
	st, ok := app.StatusByCode(f.Status)
	if !ok {
		errs = append(errs, app.Invalid(app.FieldStatus, "is not chosen; pick the status on the letter"))
	}
	on, err := s.pastDate(f.Date, i18n.T("the date on the letter"))
	if err != nil {
		errs = append(errs, err)
	} else if on.Before(c.ReceivedDate) {
		errs = append(errs, app.Invalid(app.FieldDate, "%s is before the case was received (%s)", on, c.ReceivedDate))
	}
	note := strings.TrimSpace(f.Note)
	if n := utf8.RuneCountInString(note); n > MaxNote {
		errs = append(errs, app.Invalid(app.FieldNote, "has %d characters; keep it under %d", n, MaxNote))
	}
	if err := errors.Join(errs...); err != nil {
		return app.CaseEvent{}, err
	}
	ev := app.CaseEvent{CaseID: c.ID, StatusCode: st.Code, Date: on, Note: note, RecordedBy: o.accountID, CreatedAt: s.now().UTC()}
	err = s.store.AddStatus(ctx, &ev, s.event(o, "household.case.status", "case", c.ID, fmt.Sprintf("%s on %s", st.Code, on.ISO())))
	return ev, err
}

// People returns the household's people by id, for naming them on a case.
func (s *Service) People(ctx context.Context, sess *portal.Session) (map[string]Member, error) {
	ms, err := s.Members(ctx, sess)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Member, len(ms))
	for _, m := range ms {
		out[m.Person.ID] = m
	}
	return out, nil
}
