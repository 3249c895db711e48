package app

// Setting keys.
const (
	// SettingClinicName is the clinic's name for letterheads and the window.
	SettingClinicName = "clinic.name"
	// SettingClinicAddress is the clinic's address for letterheads, one line per line.
	SettingClinicAddress = "clinic.address"
	// SettingSessionIdleMinutes is how long an applicant may be idle before
	// being signed out: 15 on a desktop, 2 at a kiosk; 1 to 60.
	SettingSessionIdleMinutes = "session.idle_minutes"
	// SettingInstallKind says what this install is for: clinic, household or demo.
	SettingInstallKind = "install.kind"
)
