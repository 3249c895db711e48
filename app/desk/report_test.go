package desk

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"casedesk/app"
)

func TestOutcomeOf(t *testing.T) {
	for code, want := range map[string]Outcome{
		"approved": Approved, "approved_consulate_notified": Approved, "approval_certified": Approved,
		"card_mailed": Approved, "card_delivered": Approved, "document_mailed": Approved,
		"denied": Denied, "denied_notice_mailed": Denied, "approval_revoked": Denied, "revocation_notice_sent": Denied,
		"automatically_revoked": Denied, "status_termination_mailed": Denied, "rejected_incorrect_fee": Denied,
		"withdrawal_acknowledged": Withdrawn, "received": Pending, "intent_to_revoke": Pending, "expedite_approved": Pending, "expedite_denied": Pending,
		"evidence_requested": Pending, "interview_scheduled": Pending, "not_a_status": Pending,
	} {
		if got := OutcomeOf(code); got != want {
			t.Errorf("OutcomeOf(%s) = %s; want %s", code, got, want)
		}
	}
	// Every decision of the catalog is an approval, a denial or a
	// withdrawal, but for a case closed because the benefit came another
	// way, which is none of them: a decision added to the catalog is
	// classified here too.
	for _, st := range app.Statuses() {
		if st.Group == app.GroupDecision && st.Code != "closed_benefit_other_means" && OutcomeOf(st.Code) == Pending {
			t.Errorf("the decision %s counts as pending", st.Code)
		}
	}
}

func TestMonthsOfAPeriod(t *testing.T) {
	p := Period{From: app.NewDate(2026, 1, 15), To: app.NewDate(2026, 4, 11)}
	var labels []string
	for _, m := range months(p) {
		labels = append(labels, monthLabel(m))
	}
	if got := strings.Join(labels, "|"); got != "Jan 15–31, 2026|Feb 2026|Mar 2026|Apr 1–10, 2026" {
		t.Errorf("months %s", got)
	}
	if got := YearPeriod(2028); len(months(got)) != 12 || got.Last() != app.NewDate(2028, 12, 31) {
		t.Errorf("2028: %d months, last %s", len(months(got)), got.Last())
	}
	if feb := MonthPeriod(2028, time.February); feb.Last() != app.NewDate(2028, 2, 29) {
		t.Errorf("February 2028 ends %s", feb.Last())
	}
	if p, err := ParsePeriod("2026-01-01", "2028-12-31"); err != nil || len(months(p)) != MaxReportMonths {
		t.Errorf("three years: %v", err)
	}
	if _, err := ParseYear("26"); !app.IsInput(err, app.FieldDate) {
		t.Errorf("year 26: %v", err)
	}
}

// A span's instants are the midnights of its days in the zone, through a
// change of the clocks.
func TestSpanInTheZone(t *testing.T) {
	chicago, _ := time.LoadLocation("America/Chicago")
	s := span(MonthPeriod(2026, time.March), chicago)
	if got := s.FromAt.UTC().Format(time.DateTime); got != "2026-03-01 06:00:00" {
		t.Errorf("from %s", got)
	}
	if got := s.ToAt.UTC().Format(time.DateTime); got != "2026-04-01 05:00:00" {
		t.Errorf("to %s (daylight saving time began on March 8)", got)
	}
}

func TestCSVOut(t *testing.T) {
	var b bytes.Buffer
	c, err := newCSVOut(&b, "Name", "Note")
	if err != nil {
		t.Fatal(err)
	}
	c.row("=1+1", "a \"quoted\", line\nbreak")
	c.row("Zoë", "-")
	if err := c.flush(); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFName,Note\r\n'=1+1,\"a \"\"quoted\"\", line\r\nbreak\"\r\nZoë,'-\r\n"
	if b.String() != want || c.rows != 2 {
		t.Errorf("%q (%d rows); want %q", b.String(), c.rows, want)
	}
}
