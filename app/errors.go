package app

import (
	"errors"

	"casedesk/app/i18n"
)

// Sentinel errors the store maps its failures to. Callers test with errors.Is.
var (
	// ErrNotFound means the record asked for does not exist (or the caller may not see it).
	ErrNotFound = errors.New("not found")
	// ErrAlreadyExists means a unique value (receipt number, username …) is taken.
	ErrAlreadyExists = errors.New("already exists")
	// ErrConflict means the change contradicts the stored state (a foreign key,
	// a check, an immutable record).
	ErrConflict = errors.New("conflict")
	// ErrUnchanged means a change would change nothing, so none was made
	// (or recorded).
	ErrUnchanged = errors.New("nothing to change")
	// ErrStoreFull means the disk (or the store's size limit) is full; nothing was written.
	ErrStoreFull = errors.New("store full")
)

// Field names an input field for programs: a stable key that is never
// translated, so code can tell which field an InputError is about.
type Field string

// The fields whose values CaseDesk checks.
const (
	FieldAccessCode     Field = "access_code"
	FieldAccountNumber  Field = "account_number"
	FieldANumber        Field = "a_number"
	FieldReceipt        Field = "receipt"
	FieldDate           Field = "date"
	FieldDateOfBirth    Field = "date_of_birth"
	FieldZIP            Field = "zip"
	FieldStreet         Field = "street"
	FieldCity           Field = "city"
	FieldState          Field = "state"
	FieldEmail          Field = "email"
	FieldPhone          Field = "phone"
	FieldPassword       Field = "password"
	FieldUsername       Field = "username"
	FieldCode           Field = "code"
	FieldCountryOfBirth Field = "country_of_birth"
	FieldFamilyName     Field = "family_name"
	FieldGivenName      Field = "given_name"
	FieldTimeZone       Field = "time_zone"
	FieldReply          Field = "reply"
	FieldRole           Field = "role"
	FieldSetting        Field = "setting"
	FieldValue          Field = "value"
	FieldClinicName     Field = "clinic_name"
	FieldClinicAddress  Field = "clinic_address"
	FieldMiddleName     Field = "middle_name"
	FieldOtherNames     Field = "other_names"
	FieldLanguage       Field = "language"
	FieldForm           Field = "form"
	FieldOffice         Field = "office"
	FieldCaseRole       Field = "case_role"
	FieldOtherPerson    Field = "other_person"
	FieldStatus         Field = "status"
	FieldNote           Field = "note"
	FieldNoticeKind     Field = "notice_kind"
	FieldDueDate        Field = "due_date"
	FieldAppointment    Field = "appointment_kind"
	FieldTime           Field = "time"
	FieldPlace          Field = "place"
	FieldSubject        Field = "subject"
	FieldMessage        Field = "message"
	FieldMonths         Field = "months"
	FieldIDCheck        Field = "identity_check"
	FieldAssignedTo     Field = "assigned_to"
	FieldRecoveryKey    Field = "recovery_key"
)

// labels are the fields' names in words, in English; Label translates them.
var labels = map[Field]string{
	FieldAccessCode:     "Access code",
	FieldAccountNumber:  "Online account number",
	FieldANumber:        "A-number",
	FieldReceipt:        "Receipt number",
	FieldDate:           "Date",
	FieldDateOfBirth:    "Date of birth",
	FieldZIP:            "ZIP code",
	FieldStreet:         "Street address",
	FieldCity:           "City",
	FieldState:          "State",
	FieldEmail:          "E-mail",
	FieldPhone:          "Phone",
	FieldPassword:       "Password",
	FieldUsername:       "Username",
	FieldCode:           "Code",
	FieldCountryOfBirth: "Country of birth",
	FieldFamilyName:     "Family name",
	FieldGivenName:      "Given name",
	FieldTimeZone:       "Time zone",
	FieldReply:          "Reply",
	FieldRole:           "Your role",
	FieldSetting:        "Setting",
	FieldValue:          "Value",
	FieldClinicName:     "Clinic name",
	FieldClinicAddress:  "Clinic address",
	FieldMiddleName:     "Middle name",
	FieldOtherNames:     "Other names used",
	FieldLanguage:       "Preferred language",
	FieldForm:           "Form",
	FieldOffice:         "Office",
	FieldCaseRole:       "Client's role",
	FieldOtherPerson:    "Other person on the case",
	FieldStatus:         "Status",
	FieldNote:           "Note",
	FieldNoticeKind:     "Notice",
	FieldDueDate:        "Response due",
	FieldAppointment:    "Appointment",
	FieldTime:           "Time",
	FieldPlace:          "Place",
	FieldSubject:        "Subject",
	FieldMessage:        "Message",
	FieldMonths:         "Months",
	FieldIDCheck:        "Identity check",
	FieldAssignedTo:     "Assigned to",
	FieldRecoveryKey:    "Recovery key",
}

// Label is the field's name in words, translated.
func (f Field) Label() string {
	if l, ok := labels[f]; ok {
		return i18n.T(l)
	}
	return string(f)
}

// InputError is a problem with something a person typed. Code says which
// field for programs; Field and Msg say it for people, already translated:
// which field, what is wrong and what a valid value looks like.
type InputError struct {
	Code  Field  // which field, for programs; never translated
	Field string // which field, in words ("Receipt number")
	Msg   string // what is wrong and what is expected
}

// Error is one sentence: the field's name, then what is wrong with it
// ("Password is one of the most common passwords, …").
func (e *InputError) Error() string { return e.Field + " " + e.Msg }

// Invalid builds the InputError for field f, translating the message.
func Invalid(f Field, msg string, args ...any) error {
	return &InputError{Code: f, Field: f.Label(), Msg: i18n.T(msg, args...)}
}

// InvalidN is Invalid for a message that counts n of something: one and
// other are its English singular and plural (i18n.N).
func InvalidN(f Field, n int, one, other string, args ...any) error {
	return &InputError{Code: f, Field: f.Label(), Msg: i18n.N(n, one, other, args...)}
}

// InputErrors lists the InputErrors in err, which may join several (one
// for each field of a form), in order.
func InputErrors(err error) []*InputError {
	var out []*InputError
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
		case *InputError:
			out = append(out, e)
		case interface{ Unwrap() []error }:
			for _, e := range e.Unwrap() {
				walk(e)
			}
		case interface{ Unwrap() error }:
			walk(e.Unwrap())
		}
	}
	walk(err)
	return out
}

// IsInput reports whether err is an InputError about field f.
func IsInput(err error, f Field) bool {
	var in *InputError
	return errors.As(err, &in) && in.Code == f
}

// Errors from opening a store file. The file is left as it was.
var (
	// ErrStoreNotSQLite means the file is not a CaseDesk store (not SQLite at all).
	ErrStoreNotSQLite = errors.New("not a CaseDesk store")
	// ErrStoreTooNew means a newer CaseDesk wrote the store.
	ErrStoreTooNew = errors.New("store made by a newer CaseDesk")
	// ErrStoreDamaged means the store failed SQLite's integrity check.
	ErrStoreDamaged = errors.New("store is damaged")
)

// Errors from a store on a database server (PostgreSQL). Whatever was being
// saved was not saved, and nothing typed is lost: the screen keeps it.
var (
	// ErrServerUnreachable means the server did not answer, or the
	// connection to it broke: try again when it is back.
	ErrServerUnreachable = errors.New("the database server did not answer")
	// ErrServerSignIn means the server refused the role or its password.
	ErrServerSignIn = errors.New("the database server refused the user name or password")
	// ErrServerSetUp means the database is missing or not made as CaseDesk
	// needs it (see the README).
	ErrServerSetUp = errors.New("the database is not set up for CaseDesk")
	// ErrServerAddress means the server's address cannot be read.
	ErrServerAddress = errors.New("the database server's address is not valid")
	// ErrServerBackup means CaseDesk makes no backup of a store on a
	// server itself: the server's own tools do (pg_dump; see the README).
	ErrServerBackup = errors.New("a store on a database server is backed up on the server with pg_dump, not by CaseDesk")
)

// Errors from finding the install's data key. CaseDesk made no new key and
// changed nothing.
var (
	// ErrKeyring means the system keyring did not answer in time, or
	// answered with an error: it may hold the key, so none is made.
	ErrKeyring = errors.New("the keyring did not answer")
	// ErrKeyFile means the key file cannot be used as it is: others can
	// read it, it is damaged, or there is no configuration folder for it.
	ErrKeyFile = errors.New("the key file cannot be used")
	// ErrWrongKey means the store was sealed with a different data key.
	ErrWrongKey = errors.New("the store was sealed with a different data key")
	// ErrNewSeat means this computer holds no data key for a clinic's
	// database that already has one: it is a new seat, to be enrolled with
	// the printed recovery key. No key was made.
	ErrNewSeat = errors.New("this computer is a new seat of the clinic's database")
	// ErrSeatKeyWrong means a recovery key typed to enrol a seat is not
	// the one the clinic's database is sealed with. Nothing was saved.
	ErrSeatKeyWrong = errors.New("the recovery key does not open the clinic's database")
)

// Errors from moving a clinic's store file to a database server. The store
// file is untouched and the server's database holds no rows.
var (
	// ErrServerNotEmpty means the database on the server already holds
	// rows: a clinic is moved only into an empty one.
	ErrServerNotEmpty = errors.New("the database on the server is not empty")
	// ErrMigrateMismatch means the copy on the server did not match the
	// store file, by row count or checksum; it was rolled back.
	ErrMigrateMismatch = errors.New("the copy on the server does not match the store file")
	// ErrStoreInUse means a CaseDesk has the store file open.
	ErrStoreInUse = errors.New("the store is open in CaseDesk")
)

// KeyError is a problem with the install's data key: Err (ErrKeyring or
// ErrKeyFile) says which, for programs; Msg says what to do, for people,
// already translated; Cause is what the keyring or the file system said.
type KeyError struct {
	Err   error
	Msg   string
	Cause error
}

func (e *KeyError) Error() string {
	if e.Cause == nil {
		return e.Msg
	}
	return e.Msg + " (" + e.Cause.Error() + ")"
}

// Unwrap gives errors.Is both the kind and the cause.
func (e *KeyError) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}

// StoreMessage turns an error from opening a store, or from finding the data
// key it is sealed with, into a message for people: what happened and what
// to do, never blaming them.
func StoreMessage(path string, err error) string {
	var ke *KeyError
	if errors.As(err, &ke) {
		return ke.Msg
	}
	switch {
	case errors.Is(err, ErrWrongKey):
		return i18n.T("The store %s was sealed with a different data key, so CaseDesk left it as it is. Use the computer where it was set up, or copy that computer's data key (its keyring entry, or its file casedesk.key) into this computer's configuration folder.", path)
	case errors.Is(err, ErrNewSeat):
		return i18n.T("This computer is a new seat of the clinic's database %s: it does not hold the clinic's data key yet, so CaseDesk changed nothing. Enrol it with the clinic's printed Recovery Key sheet: run  casedesk seat enrol --db %s  and type the key.", path, path)
	case errors.Is(err, ErrStoreNotSQLite):
		return i18n.T("The file %s is not a CaseDesk store. It was left as it is. Choose another file with --db, or move this one away to start a new store.", path)
	case errors.Is(err, ErrStoreTooNew):
		return i18n.T("The store %s was written by a newer version of CaseDesk. It was left as it is. Install the newer CaseDesk to open it.", path)
	case errors.Is(err, ErrStoreDamaged):
		return i18n.T("The store %s is damaged (the integrity check failed). It was left as it is. Restore your latest backup with \"casedesk restore\".", path)
	case errors.Is(err, ErrStoreFull):
		return i18n.T("The disk holding %s is full. Nothing was saved. Free some space and try again.", path)
	case errors.Is(err, ErrServerUnreachable):
		return i18n.T("The database server at %s did not answer. Check that the server is running and this computer is on the clinic's network, then try again.", path)
	case errors.Is(err, ErrServerSignIn):
		return i18n.T("The database server at %s refused CaseDesk's user name or password. Check the password in this computer's keyring or .pgpass file.", path)
	case errors.Is(err, ErrServerSetUp):
		return i18n.T("The database at %s is not ready for CaseDesk: %v. Set it up as the README shows.", path, err)
	case errors.Is(err, ErrServerAddress):
		return i18n.T("The database server's address %s cannot be read: %v. It looks like postgres://casedesk@server/casedesk?sslmode=verify-full.", path, err)
	}
	return i18n.T("CaseDesk could not open the store %s: %v", path, err)
}

// BackupMessage explains why a backup file cannot be restored; the store it
// would have replaced is untouched.
func BackupMessage(path string, err error) string {
	switch {
	case errors.Is(err, ErrStoreNotSQLite):
		return i18n.T("The file %s is not a CaseDesk backup. Your store was not changed. Check that you named the backup file.", path)
	case errors.Is(err, ErrStoreTooNew):
		return i18n.T("The backup %s was made by a newer version of CaseDesk. Your store was not changed. Install the newer CaseDesk to restore it.", path)
	case errors.Is(err, ErrStoreDamaged):
		return i18n.T("The backup %s is damaged (the integrity check failed). Your store was not changed. Try an older backup.", path)
	}
	return i18n.T("The backup %s could not be restored: %v", path, err)
}
