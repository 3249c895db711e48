package main

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"
)

// The administrators' new buttons (import, exports, back up now, the
// recovery key) are not shown to a plain staff member on any tab; an
// administrator sees them, so the check looks in the right places.
func TestSecurityStaffDeskShowsNoAdminActions(t *testing.T) {
	w := newDeskWindow(t)
	admin := w.setUp(t)
	staff := w.staffMember(t, admin, "tomas.h")
	adminOnly := []string{"Import…", "Export clients…", "Export cases…", "Export CSV…", "Back up now", "Print the recovery key…"}
	all := func(isAdmin bool) string {
		s := staff
		if isAdmin {
			s = admin
		}
		d, _ := w.show(s)
		text := ""
		for _, title := range strings.Split(tabTitles(t, d), ", ") {
			openTab(t, d, title)
			text += words(d.Content())
			for _, b := range adminOnly {
				if first(d.Content(), func(x *widget.Button) bool { return x.Text == b }) != nil {
					text += b + "\n"
				}
			}
		}
		return text
	}
	adminText := all(true)
	staffText := all(false)
	for _, b := range adminOnly {
		if !strings.Contains(adminText, b) {
			t.Logf("the administrator's desk shows no %q (not checked for staff)", b)
			continue
		}
		if strings.Contains(staffText, b) {
			t.Errorf("a plain staff member's desk shows %q", b)
		}
	}
}
