package data

import (
	"context"
	"slices"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/desk"
)

func TestAuditLogFilters(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	p := newClient("Ana", "López", app.NewDate(1990, 1, 2), "")
	mustClient(t, s, p)
	c := mustCase(t, s, "EAC2190012345", p.ID)
	acct := issued(t, s, p.ID, deskAt.Add(24*time.Hour))
	other := newClient("Ben", "Adams", app.Date{}, "")
	mustClient(t, s, other)
	write := func(at time.Duration, actor, action, recordID string) {
		t.Helper()
		if err := s.Audit(ctx, &app.AuditEvent{At: deskAt.Add(at), ActorID: actor, Action: action, RecordID: recordID}); err != nil {
			t.Fatal(err)
		}
	}
	write(time.Hour, "bo", "case.status", c.ID)
	write(2*time.Hour, acct.ID, "case.viewed", string(c.Receipt))
	write(3*time.Hour, acct.ID, "signin.ok", acct.ID)
	write(4*time.Hour, "bo", "client.updated", other.ID)
	write(5*time.Hour, "zoe", "case_x.odd", other.ID)

	actions := func(f desk.AuditFilter) []string {
		t.Helper()
		rows, err := s.AuditLog(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range rows {
			if e.At.After(deskAt) { // rows the fixtures wrote themselves are at deskAt or earlier
				out = append(out, e.Action)
			}
		}
		return out
	}
	if got := actions(desk.AuditFilter{PersonID: p.ID}); !slices.Equal(got, []string{"signin.ok", "case.viewed", "case.status"}) {
		t.Errorf("by person: %v", got)
	}
	all, _ := s.AuditLog(ctx, desk.AuditFilter{PersonID: p.ID})
	if !slices.ContainsFunc(all, func(e app.AuditEvent) bool { return e.Action == "client.created" }) ||
		!slices.ContainsFunc(all, func(e app.AuditEvent) bool { return e.Action == "access_code.issued" }) {
		t.Errorf("by person misses the client's own rows: %+v", all)
	}
	if got := actions(desk.AuditFilter{Actor: "bo", ActorAccountID: acct.ID}); len(got) != 4 {
		t.Errorf("by actors: %v", got)
	}
	if got := actions(desk.AuditFilter{Action: "case."}); !slices.Equal(got, []string{"case.viewed", "case.status"}) {
		t.Errorf("by action case.: %v", got)
	}
	if got := actions(desk.AuditFilter{Action: "case_"}); !slices.Equal(got, []string{"case_x.odd"}) {
		t.Errorf("by action case_ (the _ taken literally): %v", got)
	}
	if got := actions(desk.AuditFilter{From: deskAt.Add(2 * time.Hour), To: deskAt.Add(4 * time.Hour)}); !slices.Equal(got, []string{"signin.ok", "case.viewed"}) {
		t.Errorf("by time: %v", got)
	}
	if got, _ := s.AuditLog(ctx, desk.AuditFilter{Limit: 2}); len(got) != 2 || got[0].Action != "case_x.odd" {
		t.Errorf("limit: %+v", got)
	}
	if got := actions(desk.AuditFilter{PersonID: p.ID, Actor: "bo", Action: "case"}); !slices.Equal(got, []string{"case.status"}) {
		t.Errorf("combined: %v", got)
	}
}
