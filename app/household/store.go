package household

import (
	"context"
	"time"

	"casedesk/app"
)

// Store is what the household reads from and writes to the case store.
// Every write is one transaction with its audit row.
type Store interface {
	Setting(ctx context.Context, key string) (string, error)
	// SetUpHousehold writes the set-up at once, only on a store never set
	// up (app.ErrConflict otherwise, writing nothing).
	SetUpHousehold(ctx context.Context, r SetUpRecord) (app.Account, error)
	// IsOwner says whether the account is an applicant account of the
	// person, and the person the owner of a household.
	IsOwner(ctx context.Context, accountID, personID string) (bool, error)
	Person(ctx context.Context, id string) (app.Person, error)
	Members(ctx context.Context, ownerID string) ([]Member, error)
	AddMember(ctx context.Context, ownerID string, p *app.Person, relationship string, e app.AuditEvent) error

	Case(ctx context.Context, id string) (app.Case, error)
	CaseByReceipt(ctx context.Context, r app.Receipt) (app.Case, error)
	CaseLinked(ctx context.Context, personID, caseID string) (bool, error)
	CasesOfPerson(ctx context.Context, personID string) ([]app.Case, error)
	// AddFollowedCase writes a case, its first event and the owner's link
	// to it, with the audit row.
	AddFollowedCase(ctx context.Context, ownerID string, c *app.Case, first *app.CaseEvent, e app.AuditEvent) error
	// AddStatus writes a status event (the case's status follows it) with
	// the audit row.
	AddStatus(ctx context.Context, ev *app.CaseEvent, e app.AuditEvent) error

	// AddAttachment stores a sealed letter, giving a.ID.
	AddAttachment(ctx context.Context, a *Attachment, sealed []byte, e app.AuditEvent) error
	Attachments(ctx context.Context, caseID string) ([]Attachment, error)
	// Attachment returns an attachment without its bytes.
	Attachment(ctx context.Context, id string) (Attachment, error)
	// UseSealed calls use with an attachment's sealed bytes, which are the
	// store's only until use returns: a 20 MB letter is not copied again.
	UseSealed(ctx context.Context, id string, use func(sealed []byte) error) error
	RemoveAttachment(ctx context.Context, id string, e app.AuditEvent) error

	RFE(ctx context.Context, caseID string) (RFE, error)
	SetRFEDue(ctx context.Context, caseID string, due app.Date, at time.Time, e app.AuditEvent) error
	AddRFEItem(ctx context.Context, caseID string, item RFEItem, e app.AuditEvent) error
	TickRFEItem(ctx context.Context, caseID, itemID string, done bool, e app.AuditEvent) error
	RemoveRFEItem(ctx context.Context, caseID, itemID string, e app.AuditEvent) error
	// RFEsOfPerson lists the requests for evidence on the cases the person
	// follows, with their counts of items.
	RFEsOfPerson(ctx context.Context, personID string) ([]RFE, error)

	SaveOwnAppointment(ctx context.Context, a *app.Appointment, e app.AuditEvent) error
}

// SetUpRecord is what setting up a household writes at once.
type SetUpRecord struct {
	Settings     map[string]string // install.kind
	Owner        app.Person        // the owner's own details; DOB sealed by the store
	Username     string
	PasswordHash string
	TOTPSecret   []byte // sealed; nil for backup codes only
	TOTPStep     int64
	BackupHashes []string
	At           time.Time
	Audit        app.AuditEvent
}

// Member is a person whose cases the household follows: the owner
// ("self") or a family member they added.
type Member struct {
	Person       app.Person
	Relationship string // "self" for the owner; else as typed, may be empty
}

// Attachment is a letter kept with a case: its name, kind and size. Its
// bytes are read on their own, by Service.AttachmentData.
type Attachment struct {
	ID      string
	CaseID  string
	Name    string
	Kind    FileKind
	Size    int64
	AddedAt time.Time
}

// RFE is a request for evidence: when the response is due, and the
// evidence to send.
type RFE struct {
	CaseID  string
	Receipt app.Receipt // filled by RFEsOfPerson
	Status  string      // the case's current status code, filled by RFEsOfPerson
	Due     app.Date
	Items   []RFEItem
}

// Ready counts the items ticked as ready.
func (r RFE) Ready() int {
	n := 0
	for _, it := range r.Items {
		if it.Done {
			n++
		}
	}
	return n
}

// RFEItem is one piece of evidence to send.
type RFEItem struct {
	ID      string
	Text    string
	Done    bool
	AddedAt time.Time
}
