package app

// Setting keys.
const (
	// SettingClinicName is the clinic's name for letterheads and the window.
	SettingClinicName = "clinic.name"
	// SettingClinicAddress is the clinic's address for letterheads, one line per line.
	SettingClinicAddress = "clinic.address"
	// SettingInstallKind says what this install is for: clinic, household or demo.
	SettingInstallKind = "install.kind"
)
