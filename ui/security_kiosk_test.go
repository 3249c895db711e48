package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// An administrator signs in at the kiosk and signs out (or their session
// times out): the close that was theirs is a visitor's again.
func TestSecurityKioskCloseAfterAdminLeft(t *testing.T) {
	sh, _ := kioskShell(t)
	closed := false
	sh.w = test.NewWindow(nil)
	t.Cleanup(func() { sh.w.SetOnClosed(nil); sh.w.Close() })
	sh.w.SetOnClosed(func() { closed = true })
	sh.admin = true
	sh.leave("")
	sh.closeAtKiosk()
	if closed {
		t.Fatal("the window closed for a visitor after an administrator signed out")
	}
}
