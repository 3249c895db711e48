package backup

import (
	"errors"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/i18n"
)

// Message explains why restoring the backup at path failed, and what to
// do; the store was not changed in any of these cases.
func Message(path string, err error) string {
	var typed *auth.RecoveryKeyError
	switch {
	case errors.As(err, &typed):
		return i18n.T("%s Nothing was changed; type the recovery key again.", typed.Msg)
	case errors.Is(err, ErrTampered):
		return i18n.T("The backup %s was changed or damaged after it was made (it may have been cut short while it was copied), so CaseDesk did not use any of it. Your store was not changed. Try an older backup.", path)
	case errors.Is(err, ErrRecoveryOtherClinic):
		return i18n.T("This recovery key is for another clinic's data: it does not open the backup %s. Nothing was changed. Find the recovery key sheet of the clinic the backup belongs to.", path)
	case errors.Is(err, ErrNeedRecoveryKey), errors.Is(err, ErrOtherKey):
		return i18n.T("The backup %s was sealed with another computer's data key, and this computer does not have it. Nothing was changed. Restore it with the clinic's recovery key: type it when asked (run restore in a terminal), or give --recovery-key-file FILE or --recovery-qr IMAGE.", path)
	case errors.Is(err, ErrNotSealed):
		return i18n.T("%s is not a sealed CaseDesk backup, so CaseDesk cannot tell whether anyone made or changed it, and did not use it. Your store was not changed. If it is a plain backup an earlier CaseDesk made, and it has never left your hands, restore it on the command line with --plain-backup.", path)
	case errors.Is(err, ErrKeyInUse):
		return i18n.T("This computer already has a CaseDesk data key of its own, which a store other than the one you are restoring may be sealed with; putting the clinic's recovery key in its place would leave that store unreadable. Nothing was changed. If no other CaseDesk store is in use on this computer account, run restore again with --replace-key: the old key is kept aside, never deleted.")
	case errors.Is(err, ErrTooNew):
		return i18n.T("The backup %s was made by a newer version of CaseDesk. Your store was not changed. Install the newer CaseDesk to restore it.", path)
	}
	return app.BackupMessage(path, err)
}
