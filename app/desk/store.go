package desk

import (
	"context"
	"time"

	"casedesk/app"
)

// Store is what the clinic's desk needs from the case store. Every write
// that changes a record also appends its audit row, in the same
// transaction: a write is never kept without its audit row.
type Store interface {
	ReportStore // exports and funders' reports (reportstore.go)

	// Staff.

	// StaffAccount returns a staff member by account id; app.ErrNotFound
	// for an account that is not staff (an applicant's) or does not exist.
	StaffAccount(ctx context.Context, accountID string) (StaffMember, error)
	// ListStaff lists every staff member, disabled ones included, by name.
	ListStaff(ctx context.Context) ([]StaffMember, error)
	// CreateStaff writes the staff member's own person row (never a client:
	// it has no search entry) and an account with the role, the one-time
	// password's hash, must-change set and no 2-step yet.
	// app.ErrAlreadyExists when the username is taken.
	CreateStaff(ctx context.Context, r NewStaff) (StaffMember, error)
	// DisableStaff marks the account disabled (it is never deleted).
	DisableStaff(ctx context.Context, accountID string, e app.AuditEvent) error
	// ResetStaff gives the account a new one-time password (must-change
	// set), removes its authenticator and backup codes, and unlocks it.
	ResetStaff(ctx context.Context, accountID, passwordHash string, e app.AuditEvent) error
	// SetUpClinic writes the clinic's settings (install.kind "clinic"
	// included) and the first administrator, all at once, only on a store
	// that has no install kind and no staff account yet: app.ErrConflict
	// otherwise, writing nothing.
	SetUpClinic(ctx context.Context, r ClinicSetUp) (app.Account, error)
	// StaffCount says how many staff accounts exist, disabled ones included.
	StaffCount(ctx context.Context) (int, error)

	// Clients. None of these ever returns a staff member's own person row:
	// for those they answer app.ErrNotFound or leave them out.

	// SearchPeople finds clients whose names start with every word of
	// query, ignoring case and accents.
	SearchPeople(ctx context.Context, query string, limit int) ([]app.Person, error)
	// ClientByANumber finds the client with the A-number.
	ClientByANumber(ctx context.Context, a app.ANumber) (app.Person, error)
	// AccountByNumber finds an account by its online account number.
	AccountByNumber(ctx context.Context, n app.AccountNumber) (app.Account, error)
	CaseByReceipt(ctx context.Context, r app.Receipt) (app.Case, error)
	// ClientsAssignedTo lists the clients assigned to a staff member, by name.
	ClientsAssignedTo(ctx context.Context, accountID string, limit int) ([]app.Person, error)
	// RecentClients lists the clients most recently added or changed.
	RecentClients(ctx context.Context, limit int) ([]app.Person, error)
	// LikelyDuplicates finds clients other than p.ID with the same folded
	// full name and date of birth, or the same A-number.
	LikelyDuplicates(ctx context.Context, p app.Person) ([]app.Person, error)
	// Client returns a client and whom they are assigned to.
	Client(ctx context.Context, personID string) (Client, error)
	// CreateClient stores a new client (assigning p.ID), indexes the name
	// for search and audits it. app.ErrAlreadyExists when the A-number is
	// another client's.
	CreateClient(ctx context.Context, c *Client, e app.AuditEvent) error
	// UpdateClient replaces a client's details, keeping the earlier ones
	// in the person's history, and re-indexes the name.
	UpdateClient(ctx context.Context, c Client, e app.AuditEvent) error
	// ClientHistory lists a client's earlier details, newest first.
	ClientHistory(ctx context.Context, personID string) ([]ClientVersion, error)
	CasesOfPerson(ctx context.Context, personID string) ([]app.Case, error)
	// AccountOfPerson returns the person's account; app.ErrNotFound when none.
	AccountOfPerson(ctx context.Context, personID string) (app.Account, error)
	// LiveAccessCode returns the expiry of the person's live (unused,
	// unrevoked, unexpired at now) access code; app.ErrNotFound when none.
	LiveAccessCode(ctx context.Context, personID string, now time.Time) (time.Time, error)
	// Unlock clears an account's lock and failure count.
	Unlock(ctx context.Context, accountID, by string, at time.Time) error

	// Cases.

	Case(ctx context.Context, id string) (app.Case, error)
	Events(ctx context.Context, caseID string) ([]app.CaseEvent, error)
	NoticesOfCase(ctx context.Context, caseID string) ([]app.Notice, error)
	// AddCase stores a case with its first status event.
	// app.ErrAlreadyExists when the receipt number is taken.
	AddCase(ctx context.Context, c *app.Case, first *app.CaseEvent, e app.AuditEvent) error
	// RecordStatus writes, at once: the event (the case's status becomes
	// the latest event's), the notice and the message when given.
	RecordStatus(ctx context.Context, r StatusRecord) error
	AppointmentsOfPerson(ctx context.Context, personID string) ([]app.Appointment, error)
	Appointment(ctx context.Context, id string) (app.Appointment, error)
	// SaveAppointment writes an appointment (a new one when its ID is
	// empty, assigning it; else replacing the one with that ID), with its
	// notice and message when given.
	SaveAppointment(ctx context.Context, r AppointmentRecord) error
	ProcessingTimes(ctx context.Context) ([]app.ProcessingTime, error)
	SetProcessingTime(ctx context.Context, t app.ProcessingTime, e app.AuditEvent) error

	// Messages.

	// ClinicInbox lists the messages clients sent the clinic, newest
	// first, with whose they are; only unread ones when unread is set.
	ClinicInbox(ctx context.Context, unread bool, limit int) ([]InboxItem, error)
	// ClinicUnread counts the clients' messages the clinic has not read.
	ClinicUnread(ctx context.Context) (int, error)
	// MessagesOfPerson lists every message with a person, oldest first.
	MessagesOfPerson(ctx context.Context, personID string) ([]app.Message, error)
	Message(ctx context.Context, id string) (app.Message, error)
	// MarkClinicRead marks a client's message read by the clinic.
	MarkClinicRead(ctx context.Context, id string, at time.Time) error
	// SendMessage stores a message from the clinic (assigning m.ID).
	SendMessage(ctx context.Context, m *app.Message, e app.AuditEvent) error

	// Audit and settings.

	AuditLog(ctx context.Context, f AuditFilter) ([]app.AuditEvent, error)
	Audit(ctx context.Context, e *app.AuditEvent) error
	Setting(ctx context.Context, key string) (string, error)

	ImportStore // bringing clients and cases in from CSV files (import.go)
}

// StaffMember is a staff account.
type StaffMember struct {
	AccountID    string
	PersonID     string
	Name         string
	Username     string
	Role         app.Role
	Disabled     bool
	MustChange   bool // signs in with a one-time password that must be changed
	HasTwoStep   bool // has an authenticator or unused backup codes
	LockedUntil  time.Time
	LastSignInAt time.Time
	CreatedAt    time.Time
}

// NewStaff is a staff account to create.
type NewStaff struct {
	GivenName, FamilyName string
	Username              string
	Role                  app.Role
	PasswordHash          string // of the one-time password
	At                    time.Time
	Audit                 app.AuditEvent
}

// ClinicSetUp is what setting up a clinic writes at once.
type ClinicSetUp struct {
	Settings     map[string]string // install.kind and the clinic's details
	Admin        NewStaff          // MustChange is not set: the admin chose the password
	TOTPSecret   []byte            // sealed; nil for backup codes only
	TOTPStep     int64
	BackupHashes []string
	// PacketKey is the clinic's case-packet signing key as kept
	// (SettingPacketKey), made with the clinic; "" for none.
	PacketKey string
	Audit     app.AuditEvent
}

// Client is a client and the staff member they are assigned to.
type Client struct {
	app.Person
	AssignedTo string // account id of a staff member; "" for nobody
}

// ClientVersion is a client's details as they were before a change.
type ClientVersion struct {
	Client
	ChangedBy string
	ChangedAt time.Time
}

// StatusRecord is a status change to write at once.
type StatusRecord struct {
	Event   app.CaseEvent
	Notice  *app.Notice  // the notice USCIS mailed for it, when recorded
	Message *app.Message // the client's inbox note, when they have an account
	Audit   app.AuditEvent
}

// AppointmentRecord is an appointment to write at once with what goes with it.
type AppointmentRecord struct {
	Appointment *app.Appointment
	Notice      *app.Notice
	Message     *app.Message
	Audit       app.AuditEvent
}

// InboxItem is a client's message in the clinic's inbox.
type InboxItem struct {
	app.Message
	PersonName   string
	ClinicReadAt time.Time // zero while the clinic has not read it
}

// AuditFilter narrows the audit log. Empty fields do not narrow.
type AuditFilter struct {
	// PersonID: rows about the client, their account and their cases.
	PersonID string
	// Actor: rows written by this staff member (their username or account id).
	Actor, ActorAccountID string
	// Action: rows whose action starts with it ("case." for every case row).
	Action string
	// From and To: rows at or after From and before To.
	From, To time.Time
	Limit    int
}
