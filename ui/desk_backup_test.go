package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"casedesk/app"

	"fyne.io/fyne/v2/test"
)

// withBackups gives the rig's desk backups whose last one ran at last.
func (r *deskRig) withBackups(last time.Time) *fakeBackups {
	b := &fakeBackups{now: time.Now}
	b.st.Folder, b.st.Last = "/media/usb/CaseDesk", last
	r.svc.Desk.WithBackups(b)
	return b
}

// Everyone is warned when the last backup is 3 days old or more, and told
// what to do; a recent backup warns no one.
func TestDeskWarnsOfAnOldBackup(t *testing.T) {
	r := newDeskRig(t)
	r.withBackups(time.Now().Add(-4*24*time.Hour - time.Hour))
	d, _ := r.open(t, tomas, app.RoleStaff)
	w := d.backupWarn
	if !w.box.Visible() || !strings.Contains(w.text.Text, "The last backup was 4 days ago.") || !strings.Contains(w.text.Text, "Tell a clinic administrator") {
		t.Errorf("staff see: %v %q", w.box.Visible(), w.text.Text)
	}
	d.end("")
	if w.box.Visible() {
		t.Error("the warning stayed after sign-out")
	}
	d, _ = r.open(t, rosa, app.RoleAdmin)
	if !strings.Contains(d.backupWarn.text.Text, "Back up now") {
		t.Errorf("administrator sees: %q", d.backupWarn.text.Text)
	}

	r2 := newDeskRig(t)
	r2.withBackups(time.Now().Add(-47 * time.Hour))
	d2, _ := r2.open(t, tomas, app.RoleStaff)
	if d2.backupWarn.box.Visible() {
		t.Errorf("warned of a backup 2 days old: %q", d2.backupWarn.text.Text)
	}

	// The demo clinic is not backed up by itself: no warning there.
	r3 := newDeskRig(t)
	r3.svc.Demo = true
	r3.withBackups(time.Time{})
	d3, _ := r3.open(t, tomas, app.RoleStaff)
	if d3.backupWarn.box.Visible() {
		t.Errorf("the demo warned: %q", d3.backupWarn.text.Text)
	}
}

// An administrator sees when the last backup ran and where, and Back up
// now makes one (audited), clearing the warning.
func TestDeskBackUpNow(t *testing.T) {
	r := newDeskRig(t)
	b := r.withBackups(time.Time{})
	d, _ := r.open(t, rosa, app.RoleAdmin)
	if !d.backupWarn.box.Visible() || !strings.Contains(d.backupWarn.text.Text, "No backup of this store has been made yet") {
		t.Errorf("never backed up: %q", d.backupWarn.text.Text)
	}
	d.tabs.Select(d.settings.item)
	p := d.settings.backup
	if !strings.Contains(p.status.Text, "No backup has been made yet") || !strings.Contains(p.folder.Text, "/media/usb/CaseDesk") {
		t.Errorf("panel: %q %q", p.status.Text, p.folder.Text)
	}
	test.Tap(p.now)
	if b.made != 1 || !strings.Contains(p.msg.Text, "Backed up to casedesk-") || !strings.Contains(p.status.Text, "The last backup was made") {
		t.Errorf("after Back up now: %d %q %q", b.made, p.msg.Text, p.status.Text)
	}
	if d.backupWarn.box.Visible() {
		t.Error("the warning stayed after a backup")
	}
	if n := countAudit(r.store, "backup.made"); n != 1 {
		t.Errorf("%d backup.made rows", n)
	}
	b.err = errors.New("the drive is full")
	test.Tap(p.now)
	if !strings.Contains(p.msg.Text, "The backup was not made: the drive is full") || !strings.Contains(p.status.Text, "failed") {
		t.Errorf("a failed backup: %q %q", p.msg.Text, p.status.Text)
	}
	// A folder that is not there is refused, saying so.
	p.useFolder("/nowhere/at/all")
	if !strings.Contains(p.msg.Text, "there is no folder") {
		t.Errorf("a folder that is not there: %q", p.msg.Text)
	}
	dir := t.TempDir()
	p.useFolder(dir)
	if r.store.settings[app.SettingBackupFolder] != dir || !strings.Contains(p.msg.Text, "Backups now go to") {
		t.Errorf("folder chosen: %q %q", r.store.settings[app.SettingBackupFolder], p.msg.Text)
	}
}

// Staff have no Settings tab and so no Back up now; the desk refuses them
// even so (TestDeskBackupsWhoMay in the main package checks the service).
func TestDeskStaffCannotBackUp(t *testing.T) {
	r := newDeskRig(t)
	b := r.withBackups(time.Now())
	d, _ := r.open(t, tomas, app.RoleStaff)
	for _, it := range d.tabs.Items {
		if it == d.settings.item {
			t.Fatal("staff have the Settings tab")
		}
	}
	d.settings.backup.backUp()
	if b.made != 0 || !strings.Contains(d.settings.backup.msg.Text, "Only a clinic administrator") {
		t.Errorf("staff backed up: %d %q", b.made, d.settings.backup.msg.Text)
	}
}

func countAudit(s *deskStore, action string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, e := range s.audit {
		if e.Action == action {
			n++
		}
	}
	return n
}
