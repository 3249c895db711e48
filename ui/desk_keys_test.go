package ui

import (
	"testing"

	"casedesk/app"

	"fyne.io/fyne/v2"
)

// keyedDesk opens the desk with a canvas that takes shortcuts as a
// desktop window's does.
func (r *deskRig) keyedDesk(t *testing.T, accountID string, role app.Role) (*Desk, *keyCanvas, *string) {
	t.Helper()
	d, left := r.open(t, accountID, role)
	d.removeKeys()
	c := &keyCanvas{Canvas: r.win.Canvas()}
	d.canvas = c
	d.addKeys()
	return d, c, left
}

// TestDeskKeys: Alt+number and Ctrl+Tab reach every tab with the focus on
// its first control, Ctrl+N opens "Add a client" with the cursor in its
// first field, Alt+Left leaves it, Ctrl+F goes back to the search from
// anywhere, and the keys go with the sign-out.
func TestDeskKeys(t *testing.T) {
	r := newDeskRig(t)
	d, c, left := r.keyedDesk(t, rosa, app.RoleAdmin)
	alt, ctrl := fyne.KeyModifierAlt, fyne.KeyModifierControl
	for i, key := range []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8} {
		c.Unfocus()
		c.press(key, alt)
		if d.tabs.SelectedIndex() != i {
			t.Fatalf("Alt+%s shows tab %d", key, d.tabs.SelectedIndex())
		}
		if first := firstFocusable(d.tabs.Items[i].Content); first == nil || c.Focused() != first {
			t.Errorf("Alt+%s: the focus is on %T, not the first control of %s", key, c.Focused(), d.tabs.Items[i].Text)
		}
	}
	c.press(fyne.KeyTab, ctrl) // round, from the last
	if d.tabs.SelectedIndex() != 0 {
		t.Fatalf("Ctrl+Tab on the last tab went to tab %d", d.tabs.SelectedIndex())
	}
	c.press(fyne.KeyPageUp, ctrl)
	if d.tabs.SelectedIndex() != 7 {
		t.Fatalf("Ctrl+Page Up on the first tab went to tab %d", d.tabs.SelectedIndex())
	}

	c.press(fyne.KeyN, ctrl)
	if d.form == nil || d.shown() != d.form.scroll {
		t.Fatal("Ctrl+N did not open “Add a client”")
	}
	if c.Focused() != d.form.given {
		t.Fatalf("Ctrl+N: the focus is on %T, not the given name", c.Focused())
	}
	d.form.given.SetText("Ana")
	c.press(fyne.KeyLeft, alt)
	if d.form != nil || d.shown() != d.tabs {
		t.Fatal("Alt+Left did not leave the form")
	}

	d.clients.query.SetText("garcia")
	d.pickTab(3)
	c.press(fyne.KeyF, ctrl)
	if d.tabs.SelectedIndex() != 0 || c.Focused() != d.clients.query {
		t.Fatalf("Ctrl+F: tab %d, focus on %T", d.tabs.SelectedIndex(), c.Focused())
	}
	if d.clients.query.SelectedText() != "garcia" {
		t.Fatalf("Ctrl+F did not select what the search held (%q selected)", d.clients.query.SelectedText())
	}

	// A field has the focus: it hands the shortcut on to the window.
	c.press(fyne.Key2, alt)
	if d.tabs.SelectedIndex() != 1 {
		t.Fatalf("Alt+2 typed in the search box showed tab %d", d.tabs.SelectedIndex())
	}

	d.end("")
	if *left == "" {
		t.Fatal("the desk did not end")
	}
	c.Unfocus()
	c.press(fyne.Key3, alt)
	c.press(fyne.KeyN, ctrl)
	if d.tabs.SelectedIndex() != 1 || d.form != nil {
		t.Fatal("a shortcut still worked after the sign-out")
	}
}

// Staff have no administrators' tabs: Alt+7 and Alt+8 do nothing.
func TestDeskKeysStaff(t *testing.T) {
	r := newDeskRig(t)
	d, c, _ := r.keyedDesk(t, tomas, app.RoleStaff)
	c.press(fyne.Key3, fyne.KeyModifierAlt)
	c.press(fyne.Key8, fyne.KeyModifierAlt)
	if d.tabs.SelectedIndex() != 2 || len(d.tabs.Items) != 6 {
		t.Fatalf("Alt+8 as staff: tab %d of %d", d.tabs.SelectedIndex(), len(d.tabs.Items))
	}
}
