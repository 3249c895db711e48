package app

import "time"

// Address is a US mailing address.
type Address struct {
	Line1 string
	Line2 string
	City  string
	State string // two-letter USPS code
	ZIP   ZIP
}

// AddressChange is one entry of a person's address history: an earlier
// address, and when a change replaced it.
type AddressChange struct {
	Address Address // the address that was replaced
	At      time.Time
}

// Person is someone a clinic serves: an applicant, petitioner or beneficiary.
type Person struct {
	ID             string
	GivenName      string
	MiddleName     string
	FamilyName     string
	OtherNames     string // other names used, comma-separated
	DateOfBirth    Date
	CountryOfBirth string
	ANumber        ANumber // empty when none has been assigned
	Address        Address
	Phone          string
	Email          string
	Language       string // preferred language tag ("en", "es" …)
	CreatedAt      time.Time
}

// FullName is "Given Middle Family".
func (p Person) FullName() string {
	n := p.GivenName
	if p.MiddleName != "" {
		n += " " + p.MiddleName
	}
	if p.FamilyName != "" {
		n += " " + p.FamilyName
	}
	return n
}

// Role is what an account may do.
type Role string

// The account roles.
const (
	RoleApplicant Role = "applicant"
	RoleStaff     Role = "staff"
	RoleAdmin     Role = "admin"
)

// Account is a person's sign-in. Its online account number is assigned when
// the first access code is issued; the username and password when the code is redeemed.
type Account struct {
	ID             string
	PersonID       string
	Username       string // empty until the code is redeemed
	Number         AccountNumber
	Role           Role
	FailedAttempts int
	LockedUntil    time.Time
	CreatedAt      time.Time
	LastSignInAt   time.Time
}

// Case is one filing with USCIS, known by its receipt number.
type Case struct {
	ID            string
	Receipt       Receipt
	FormType      string // "I-485"
	FormTitle     string
	ApplicantID   string
	PetitionerID  string // empty when the form has none
	BeneficiaryID string // empty when the form has none
	ReceivedDate  Date
	PriorityDate  Date
	Office        string
	StatusCode    string // the latest event's status
	StatusDate    Date
	UpdatedAt     time.Time
	Source        CaseSource
}

// CaseSource says where a case's record came from, so that a person
// always knows whose word a status is.
type CaseSource struct {
	Kind   string // "" (the clinic that keeps this store), SourceYou or SourceClinic
	Clinic string // the clinic's name, for SourceClinic
	On     Date   // the day the clinic's packet was made, for SourceClinic
}

// Where a case's record came from (CaseSource.Kind).
const (
	// SourceYou is a case a person entered themselves, from their letters.
	SourceYou = "you"
	// SourceClinic is a case carried home in a clinic's case packet.
	SourceClinic = "clinic"
)

// Status returns the catalog entry of the case's current status.
func (c Case) Status() (Status, bool) { return StatusByCode(c.StatusCode) }

// CaseEvent is one change in a case's status history.
type CaseEvent struct {
	ID         string
	CaseID     string
	StatusCode string
	Date       Date
	Note       string
	RecordedBy string // account id of the staff member, or "" for imports
	CreatedAt  time.Time
}

// NoticeKind is the kind of notice.
type NoticeKind string

// The notice kinds.
const (
	NoticeReceipt       NoticeKind = "receipt"
	NoticeAppointment   NoticeKind = "appointment"
	NoticeRFE           NoticeKind = "rfe"
	NoticeApproval      NoticeKind = "approval"
	NoticeDenial        NoticeKind = "denial"
	NoticeTransfer      NoticeKind = "transfer"
	NoticeCard          NoticeKind = "card"
	NoticeRejection     NoticeKind = "rejection"
	NoticeAccountAccess NoticeKind = "account_access"
)

// Notice is an issued notice. It never changes once stored; a correction is a new notice.
type Notice struct {
	ID         string
	CaseID     string // empty for notices about the person, e.g. account access
	PersonID   string
	Kind       NoticeKind
	NoticeDate Date
	DueDate    Date              // the response deadline of a request for evidence
	Fields     map[string]string // what the notice prints
	CreatedAt  time.Time
}

// AppointmentKind is the kind of appointment.
type AppointmentKind string

// The appointment kinds.
const (
	AppointmentBiometrics AppointmentKind = "biometrics"
	AppointmentInterview  AppointmentKind = "interview"
	AppointmentOath       AppointmentKind = "oath"
)

// Appointment is a biometrics, interview or oath appointment.
type Appointment struct {
	ID       string
	PersonID string
	CaseID   string
	Kind     AppointmentKind
	StartsAt time.Time
	// TimeZone is the place's time zone, such as America/Chicago: an
	// appointment is a time on the clock where it is held (see Local).
	TimeZone     string
	PlaceName    string
	PlaceAddress string
	Status       string // scheduled, rescheduled, attended, missed, cancelled
}

// Message is an inbox item for a person, optionally about a case.
type Message struct {
	ID        string
	PersonID  string
	CaseID    string
	FromStaff bool
	Subject   string
	Body      string
	SentAt    time.Time
	ReadAt    time.Time // zero while unread
	ReplyTo   string    // the message this one answers; "" for one that starts a conversation
}

// ProcessingTime is how long a form takes at an office, as a clinic last saw it.
type ProcessingTime struct {
	FormType  string
	Office    string
	MinMonths float64
	MaxMonths float64
	AsOf      Date
	Source    string
}

// Summary is what the store holds, for the welcome screen.
type Summary struct {
	ClinicName   string
	InstallKind  string // the install.kind setting: "demo" for the demo clinic
	People       int
	Cases        int
	Events       int
	Notices      int
	Appointments int
	Messages     int
	Accounts     int
	Settings     int // settings people set (not the store's own bookkeeping)
}

// Empty reports whether the store holds no people and no cases.
func (s Summary) Empty() bool { return s.People == 0 && s.Cases == 0 }

// NeverSetUp reports whether nothing at all was ever put in the store: no
// people, cases, accounts or settings. Only such a store offers the demo.
func (s Summary) NeverSetUp() bool {
	return s.Empty() && s.Accounts == 0 && s.Settings == 0 && s.InstallKind == ""
}

// Demo reports whether the store is the demo clinic.
func (s Summary) Demo() bool { return s.InstallKind == InstallDemo }

// Dashboard is what an applicant sees first: their cases with the latest
// status, upcoming appointments and how many messages are unread.
type Dashboard struct {
	Cases    []Case
	Upcoming []Appointment
	Unread   int
}

// AuditEvent is one line of the append-only audit log. Detail never holds a
// password, code, TOTP secret, A-number or date of birth.
type AuditEvent struct {
	ID         string
	At         time.Time
	ActorID    string
	Action     string
	RecordType string
	RecordID   string
	Detail     string
}
