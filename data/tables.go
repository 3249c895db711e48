package data

import (
	"context"
	"encoding/json"
	"strings"

	"casedesk/app"
)

// table describes how rows of one table are inserted, so single inserts and
// the bulk writer's many-row inserts share one column list.
type table struct {
	name string
	cols []string
	one  string // INSERT of one row
	many string // INSERT of bulkRows rows
}

func newTable(name string, cols ...string) table {
	t := table{name: name, cols: cols}
	t.one, t.many = t.insert(1), t.insert(bulkRows)
	return t
}

// insert returns an INSERT statement of n rows.
func (t table) insert(n int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ") + ")"
	return "INSERT INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

func (t table) exec(ctx context.Context, x execer, args []any) error {
	_, err := x.ExecContext(ctx, t.one, args...)
	return err
}

var (
	casesTable = newTable("cases", "id", "receipt_number", "form_type", "form_title", "applicant_id",
		"petitioner_id", "beneficiary_id", "received_date", "priority_date", "office", "status_code",
		"status_date", "updated_at", "source", "source_name", "source_date")
	eventsTable = newTable("case_events", "id", "case_id", "status_code", "event_date", "note",
		"recorded_by", "created_at")
	noticesTable = newTable("notices", "id", "case_id", "person_id", "kind", "notice_date", "due_date",
		"fields", "created_at")
	appointmentsTable = newTable("appointments", "id", "person_id", "case_id", "kind", "starts_at",
		"place_name", "place_address", "status", "time_zone")
	messagesTable = newTable("messages", "id", "person_id", "case_id", "from_staff", "subject", "body",
		"sent_at", "read_at", "reply_to", "clinic_read_at")
)

func caseArgs(c *app.Case) []any {
	return []any{c.ID, string(c.Receipt), c.FormType, c.FormTitle, c.ApplicantID, nullable(c.PetitionerID),
		nullable(c.BeneficiaryID), c.ReceivedDate.ISO(), c.PriorityDate.ISO(), c.Office,
		c.StatusCode, c.StatusDate.ISO(), formatTime(c.UpdatedAt), c.Source.Kind, c.Source.Clinic, c.Source.On.ISO()}
}

func eventArgs(e *app.CaseEvent) []any {
	return []any{e.ID, e.CaseID, e.StatusCode, e.Date.ISO(), e.Note, e.RecordedBy, formatTime(e.CreatedAt)}
}

func noticeArgs(n *app.Notice) ([]any, error) {
	fields := []byte("{}")
	if n.Fields != nil {
		var err error
		if fields, err = json.Marshal(n.Fields); err != nil {
			return nil, err
		}
	}
	return []any{n.ID, nullable(n.CaseID), n.PersonID, string(n.Kind), n.NoticeDate.ISO(), n.DueDate.ISO(),
		string(fields), formatTime(n.CreatedAt)}, nil
}

func appointmentArgs(a *app.Appointment) []any {
	return []any{a.ID, a.PersonID, nullable(a.CaseID), string(a.Kind), formatTime(a.StartsAt),
		a.PlaceName, a.PlaceAddress, a.Status, a.TimeZone}
}

// messageArgs are a message's columns. The clinic has read its own
// messages from the moment it sent them; a client's wait in its inbox.
func messageArgs(m *app.Message) []any {
	fromStaff, clinicRead := 0, ""
	if m.FromStaff {
		fromStaff, clinicRead = 1, formatTime(m.SentAt)
	}
	return []any{m.ID, m.PersonID, nullable(m.CaseID), fromStaff, m.Subject, m.Body,
		formatTime(m.SentAt), formatTime(m.ReadAt), nullable(m.ReplyTo), clinicRead}
}
