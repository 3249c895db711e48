package household

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"casedesk/app"
	"casedesk/app/portal"
)

// Self is the owner's relationship to themselves.
const Self = "self"

// MemberForm is a family member as typed at home.
type MemberForm struct {
	GivenName, MiddleName, FamilyName string
	DateOfBirth                       string
	ANumber                           string // optional
	Relationship                      string // optional: "daughter", "spouse" …
}

// maxRelationship is the longest relationship, in characters.
const maxRelationship = 40

// Members lists the owner first, then the family members they added.
func (s *Service) Members(ctx context.Context, sess *portal.Session) ([]Member, error) {
	o, err := s.check(ctx, sess)
	if err != nil {
		return nil, err
	}
	return s.store.Members(ctx, o.personID)
}

// AddMember adds a family member whose cases the household follows.
func (s *Service) AddMember(ctx context.Context, sess *portal.Session, f MemberForm) (app.Person, error) {
	o, err := s.check(ctx, sess)
	if err != nil {
		return app.Person{}, err
	}
	errs := checkNames(f.GivenName, f.FamilyName)
	dob, err := s.birthDate(f.DateOfBirth)
	if err != nil {
		errs = append(errs, err)
	}
	rel := strings.Join(strings.Fields(f.Relationship), " ")
	if utf8.RuneCountInString(rel) > maxRelationship {
		errs = append(errs, app.Invalid(app.FieldRole, "is longer than %d characters; type a word like daughter or spouse", maxRelationship))
	}
	a, err := optionalANumber(f.ANumber)
	if err != nil {
		errs = append(errs, err)
	}
	if strings.EqualFold(rel, Self) {
		rel = ""
	}
	if err := errors.Join(errs...); err != nil {
		return app.Person{}, err
	}
	me, err := s.store.Person(ctx, o.personID)
	if err != nil {
		return app.Person{}, err
	}
	p := app.Person{GivenName: strings.TrimSpace(f.GivenName), MiddleName: strings.TrimSpace(f.MiddleName),
		FamilyName: strings.TrimSpace(f.FamilyName), DateOfBirth: dob, ANumber: a, Address: me.Address, Language: me.Language,
		CreatedAt: s.now().UTC()}
	err = s.store.AddMember(ctx, o.personID, &p, rel, s.event(o, "household.member.add", "person", "", "family member added"))
	return p, err
}

// member returns a person of the household, or app.ErrNotFound.
func (s *Service) member(ctx context.Context, o owner, personID string) (app.Person, error) {
	ms, err := s.store.Members(ctx, o.personID)
	if err != nil {
		return app.Person{}, err
	}
	for _, m := range ms {
		if m.Person.ID == personID {
			return m.Person, nil
		}
	}
	return app.Person{}, app.ErrNotFound
}
