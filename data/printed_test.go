package data

import (
	"context"
	"errors"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/notice"
	"casedesk/app/portal"
)

// A notice printed at the desk or by its client at home is one audit row
// naming the notice and nothing else, and the funders' report counts it;
// a document that is not a stored notice is not counted; a signed-out
// session, and a client printing another's notice, record nothing.
func TestPrintedNoticesAreRecordedAndCounted(t *testing.T) {
	s := reportStore(t)
	_, staff, out := reportDesks(t, s)
	ctx := context.Background()
	ana := reportClient(t, s, "Ana", "Ruiz", "2025-01-01 12:00:00")
	other := reportClient(t, s, "Bea", "Soto", "2025-01-01 12:00:00")
	mine := app.Notice{PersonID: ana, Kind: app.NoticeApproval, NoticeDate: app.NewDate(2026, 4, 10)}
	theirs := app.Notice{PersonID: other, Kind: app.NoticeApproval, NoticeDate: app.NewDate(2026, 4, 10)}
	for _, n := range []*app.Notice{&mine, &theirs} {
		if err := s.AddNotice(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	april := desk.MonthPeriod(2026, time.April)
	printed := func() int {
		r, err := staff.Report(ctx, april)
		if err != nil {
			t.Fatal(err)
		}
		return r.Total.NoticesPrinted
	}
	before := printed() // the two rows of the store: March 31 at 23:30 and April 1 at midnight, in Chicago
	if before != 1 {
		t.Fatalf("April starts with %d printed", before)
	}
	if err := staff.Printed(ctx, notice.Notice(mine), notice.CaseHistory{Printed: app.NewDate(2026, 4, 10)}); err != nil {
		t.Fatal(err)
	}
	if err := out.Printed(ctx, notice.Notice(mine)); !errors.Is(err, portal.ErrSignedOut) {
		t.Errorf("signed out: %v", err)
	}
	p := portal.New(s, nil, func() time.Time { return reportNow })
	home := portal.NewSession(app.Account{ID: "acct-ana", PersonID: ana}, reportNow, 0)
	if err := p.Printed(ctx, home, notice.Notice(mine)); err != nil {
		t.Fatal(err)
	}
	if err := p.Printed(ctx, home, notice.Notice(theirs)); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("another's notice: %v", err)
	}
	home.End()
	if err := p.Printed(ctx, home, notice.Notice(mine)); !errors.Is(err, portal.ErrSignedOut) {
		t.Errorf("signed out at home: %v", err)
	}
	if got := printed(); got != before+2 {
		t.Errorf("%d printed; want %d", got, before+2)
	}
	if n := count(t, s, `SELECT count(*) FROM audit_events WHERE action = 'notice.printed' AND record_type = 'notice' AND record_id = ? AND detail = ''`, mine.ID); n != 2 {
		t.Errorf("%d rows for the notice", n)
	}
	if n := count(t, s, `SELECT count(*) FROM audit_events WHERE action = 'notice.printed' AND record_id = ?`, theirs.ID); n != 0 {
		t.Errorf("another's notice recorded %d times", n)
	}
	// The day's notices printed from the mailing screen are each recorded.
	if err := staff.PrintedSelection(ctx, notice.Selection{Date: app.NewDate(2026, 4, 10)}); err != nil {
		t.Fatal(err)
	}
	if got := printed(); got != before+4 {
		t.Errorf("%d printed after the day's; want %d", got, before+4)
	}
}
