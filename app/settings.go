package app

// Setting keys.
const (
	// SettingClinicName is the clinic's name for letterheads and the window.
	SettingClinicName = "clinic.name"
	// SettingClinicAddress is the clinic's address for letterheads, one line per line.
	SettingClinicAddress = "clinic.address"
	// SettingClinicPhone is the clinic's phone number for letterheads.
	SettingClinicPhone = "clinic.phone"
	// SettingSessionIdleMinutes is how long an applicant may be idle before
	// being signed out: 15 on a desktop, 2 at a kiosk; 1 to 60.
	SettingSessionIdleMinutes = "session.idle_minutes"
	// SettingInstallKind says what this install is for: clinic, household or demo.
	SettingInstallKind = "install.kind"
	// SettingBackupFolder is the folder automatic backups go to (a "CaseDesk
	// Backups" folder beside the store when unset).
	SettingBackupFolder = "backup.folder"
	// SettingKiosk is "on" when this computer is the clinic's shared kiosk
	// (full screen, a short idle limit, nothing kept after a visit); "off"
	// or unset otherwise. Only an administrator changes it.
	SettingKiosk = "kiosk"
	// SettingClinicLanguage is the language a kiosk returns to after each
	// visit ("en" when unset).
	SettingClinicLanguage = "clinic.language"
)

// Settings the store keeps about its backups, for the desk to show.
const (
	// SettingBackupLast is when the last backup was made (UTC, RFC 3339).
	SettingBackupLast = InternalSettingPrefix + "backup.last"
	// SettingBackupFailed is why the last backup that failed failed, and
	// when; empty once a backup succeeds again.
	SettingBackupFailed = InternalSettingPrefix + "backup.failed"
)

// InstallDemo is the install.kind of the demo clinic's own store.
const InstallDemo = "demo"

// InstallHousehold is the install.kind of a person's own computer: one
// household that follows its own cases, entered by hand or carried home in
// a clinic's case packet. It never shows the clinic's screens.
const InstallHousehold = "household"

// InstallClinic is the install.kind of a clinic's own store, once set up.
const InstallClinic = "clinic"

// InternalSettingPrefix starts the keys the store keeps for itself (such as
// its key check); they say nothing about whether anyone set the store up.
const InternalSettingPrefix = "store."
