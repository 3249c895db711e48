package home

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/portal"
)

// ownerStore answers the checks of signedIn and the pin; any other call
// panics (the embedded Store is nil).
type ownerStore struct {
	Store
	kind  string
	owner string // the owner's account id
	pins  int
}

func (s *ownerStore) Setting(_ context.Context, key string) (string, error) {
	if key != app.SettingInstallKind || s.kind == "" {
		return "", app.ErrNotFound
	}
	return s.kind, nil
}
func (s *ownerStore) IsOwner(_ context.Context, accountID, _ string) (bool, error) {
	return accountID == s.owner, nil
}
func (s *ownerStore) ClinicPin(context.Context) (Pin, error) {
	s.pins++
	return Pin{Clinic: "clinic-1", Name: "Prairie Legal Aid"}, nil
}

// Only the household owner's live session reaches the packets: another
// account on the same computer (a family member's) is refused with
// ErrNotOwner, an ErrNotHousehold, before the pin is read or the session
// counted as active.
func TestPacketsAreTheOwnersOnly(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	st := &ownerStore{kind: app.InstallHousehold, owner: "acct-owner"}
	p := New(st, auth.NewKeysForTest(bytes.Repeat([]byte{5}, 32)), func() time.Time { return now }, auth.Argon2Params{})
	session := func(id string) *portal.Session {
		return portal.NewSession(app.Account{ID: id, PersonID: "p-" + id, Role: app.RoleApplicant}, now.Add(-time.Minute), 0)
	}

	member := session("acct-member")
	if _, _, err := p.Clinic(ctx, member); !errors.Is(err, ErrNotOwner) || !errors.Is(err, ErrNotHousehold) {
		t.Fatalf("a family member reads the pin: %v", err)
	}
	if _, err := p.Update(ctx, member, []byte("not read"), "K7P3-D9QX-M2HT"); !errors.Is(err, ErrNotOwner) {
		t.Fatalf("a family member applies a packet: %v", err)
	}
	if st.pins != 0 || !member.LastActive().Equal(now.Add(-time.Minute)) {
		t.Fatalf("a refused call read the pin (%d) or kept the session alive", st.pins)
	}

	if pin, ok, err := p.Clinic(ctx, session("acct-owner")); err != nil || !ok || pin.Clinic != "clinic-1" {
		t.Fatalf("the owner reads the pin: %+v %v %v", pin, ok, err)
	}
	st.kind = app.InstallClinic
	if _, _, err := p.Clinic(ctx, session("acct-owner")); !errors.Is(err, ErrNotHousehold) || errors.Is(err, ErrNotOwner) {
		t.Fatalf("a clinic's store: %v", err)
	}
	ended := session("acct-owner")
	ended.End()
	if _, _, err := p.Clinic(ctx, ended); !errors.Is(err, portal.ErrSignedOut) {
		t.Fatalf("an ended session: %v", err)
	}
}
