package ui

import (
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// TestCustomWidgetsAreAccessible walks every applicant screen: each widget
// of CaseDesk's own (a type of this package) says what it is to a screen
// reader, with a label that is not empty and one of Fyne's roles; a field
// is named by its form line or the label before it; and no password is
// ever in what is read out.
func TestCustomWidgetsAreAccessible(t *testing.T) {
	roles := map[fyne.AccessibleRole]bool{fyne.AccessibleRoleButton: true, fyne.AccessibleRoleContainer: true,
		fyne.AccessibleRoleLink: true, fyne.AccessibleRoleText: true}
	ours := reflect.TypeOf(applicantScreen{}).PkgPath()
	kinds := map[string]int{}
	eachApplicantScreen(t, false, func(s applicantScreen) {
		walkShown(s.win.Canvas().Content(), func(o fyne.CanvasObject) bool {
			typ := reflect.TypeOf(o)
			if typ.Kind() != reflect.Pointer || typ.Elem().PkgPath() != ours {
				return true
			}
			kinds[typ.String()]++
			a, ok := o.(fyne.Accessible)
			if !ok {
				t.Errorf("%s: a %s is not fyne.Accessible", s.name, typ)
				return true
			}
			label, role := a.AccessibilityLabel(), a.AccessibilityRole()
			if strings.TrimSpace(label) == "" || !roles[role] {
				t.Errorf("%s: a %s says %q, role %q", s.name, typ, label, role)
			}
			if e := entryIn(o); e != nil && e.Password && e.Text != "" && strings.Contains(label, e.Text) {
				t.Errorf("%s: a password field reads out its password: %q", s.name, label)
			}
			return true
		})
	})
	for _, k := range []string{"*ui.field", "*ui.wheelPass", "*ui.choice"} {
		if kinds[k] == 0 {
			t.Errorf("no %s on any screen: the walk missed it", k)
		}
	}
	t.Logf("custom widgets seen: %v", kinds)
}

// entryIn is the Entry a custom field is built on; nil for others.
func entryIn(o fyne.CanvasObject) *widget.Entry {
	switch w := o.(type) {
	case *field:
		return &w.Entry
	case *dateEntry:
		return &w.Entry
	}
	return nil
}

// TestFieldsSayTheirNames: what a screen reader reads of fields: the form
// line's name and what is typed, of a password only how long it is; of a
// choice, its name and the option chosen; without a name on the screen,
// the placeholder.
func TestFieldsSayTheirNames(t *testing.T) {
	h, _, _ := newHomeRig(t).home(t)
	h.tabs.Select(h.account.item)
	typeIn(h.account.current, "river lamp orange 42")
	if got := h.account.current.AccessibilityLabel(); got != "Current password, hidden, 20 characters" {
		t.Errorf("a password field reads %q", got)
	}
	h.tabs.Select(h.profile.item)
	typeIn(h.profile.phone, "(217) 555-0199")
	alone := newField()
	alone.SetPlaceHolder("IOE0912345678")
	date := newDateEntry()
	roles := newChoice([]string{"Applicant", "Petitioner"}, nil)
	h.profile.box.Add(widget.NewForm(widget.NewFormItem("Received", date)))
	h.profile.box.Add(container.NewVBox(widget.NewLabel("Role"), roles))
	h.profile.box.Add(alone)
	h.profile.box.Refresh()
	typeIn(date, "03/01/2026")
	for _, c := range []struct {
		o    fyne.Accessible
		want string
	}{
		{h.profile.phone, "Phone, (217) 555-0199"},
		{h.profile.email, "E-mail, empty"},
		{date, "Received, 03/01/2026"},
		{roles, "Role, nothing chosen"},
		{alone, "IOE0912345678, empty"},
	} {
		if got := c.o.AccessibilityLabel(); got != c.want {
			t.Errorf("read %q, want %q", got, c.want)
		}
	}
	roles.SetSelectedIndex(1)
	if got := roles.AccessibilityLabel(); got != "Role, Petitioner" {
		t.Errorf("a choice made reads %q", got)
	}
	if h.account.current.AccessibilityRole() != fyne.AccessibleRoleText || roles.AccessibilityRole() != fyne.AccessibleRoleButton {
		t.Error("a field is not text, or a choice not a button")
	}
}
