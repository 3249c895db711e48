package portal

import (
	"context"
	"errors"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
)

// accountsFake records which account each change was for.
type accountsFake struct{ calls []string }

func (f *accountsFake) ChangePassword(_ context.Context, id, _, _ string) error {
	f.calls = append(f.calls, "password "+id)
	return nil
}
func (f *accountsFake) NewBackupCodes(_ context.Context, id, _ string) ([]string, error) {
	f.calls = append(f.calls, "codes "+id)
	return []string{"x"}, nil
}
func (f *accountsFake) SetAuthenticator(_ context.Context, id, _ string, _ auth.Enrolment, _ string) error {
	f.calls = append(f.calls, "app "+id)
	return nil
}
func (f *accountsFake) RemoveAuthenticator(_ context.Context, id, _ string) error {
	f.calls = append(f.calls, "no app "+id)
	return nil
}
func (f *accountsFake) HasAuthenticator(context.Context, string) (bool, error)     { return false, nil }
func (f *accountsFake) BackupCodesLeft(context.Context, string) (int, error)       { return 10, nil }
func (f *accountsFake) Activity(context.Context, string) ([]app.AuditEvent, error) { return nil, nil }

// TestAccountChangesNeedALiveSession: changing the password, the backup
// codes or the authenticator goes through the session, for the session's
// own account; an ended or timed-out session changes nothing, and ending it
// cancels its background work.
func TestAccountChangesNeedALiveSession(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	f := &accountsFake{}
	p := New(nil, f, func() time.Time { return now })
	s := NewSession(app.Account{ID: "acct-a", PersonID: "p1"}, now, 0)
	ctx := context.Background()
	if err := p.ChangePassword(ctx, s, "old", "new"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.NewBackupCodes(ctx, s, "pw"); err != nil {
		t.Fatal(err)
	}
	if len(f.calls) != 2 || f.calls[0] != "password acct-a" || f.calls[1] != "codes acct-a" {
		t.Fatalf("calls %q", f.calls)
	}
	s.End()
	if s.Context().Err() == nil {
		t.Fatal("ending the session did not cancel its work")
	}
	changes := []func(*Session) error{
		func(s *Session) error { return p.ChangePassword(ctx, s, "old", "new") },
		func(s *Session) error { _, err := p.NewBackupCodes(ctx, s, "pw"); return err },
		func(s *Session) error { return p.SetAuthenticator(ctx, s, "pw", auth.Enrolment{}, "123456") },
		func(s *Session) error { return p.RemoveAuthenticator(ctx, s, "pw") },
		func(s *Session) error { _, err := p.Security(ctx, s); return err },
	}
	stale := NewSession(app.Account{ID: "acct-b", PersonID: "p2"}, now.Add(-time.Hour), 0)
	for i, change := range changes {
		for _, sess := range []*Session{s, stale, nil, {AccountID: "acct-c"}} {
			if err := change(sess); !errors.Is(err, ErrSignedOut) {
				t.Errorf("change %d with an ended, timed-out or empty session: %v", i, err)
			}
		}
	}
	if len(f.calls) != 2 {
		t.Fatalf("changes reached the account service without a live session: %q", f.calls)
	}
}
