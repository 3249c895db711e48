package ui

import (
	"context"
	"path/filepath"
	"time"

	"casedesk/app/backup"
	"casedesk/app/desk"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// backupWarning is the line every staff member sees above the desk when
// the store has not been backed up for backup.StaleAfter: a lost store is
// everyone's problem, so everyone is told, with what to do.
type backupWarning struct {
	d    *Desk
	text *widget.Label
	box  *fyne.Container
}

func newBackupWarning(d *Desk) *backupWarning {
	w := &backupWarning{d: d, text: widget.NewLabel("")}
	w.text.Wrapping = fyne.TextWrapWord
	w.text.Importance = widget.WarningImportance
	w.box = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, w.text)
	w.box.Hide()
	return w
}

// load reads how the backups stand and shows the line when they are overdue.
func (w *backupWarning) load() {
	d := w.d
	if d.svc.Demo {
		return // the demo clinic is not backed up by itself: no warning
	}
	d.run(func(ctx context.Context) func() {
		st, err := d.desk.BackupStatus(ctx)
		return func() {
			if err != nil { // a desk without backups (the demo) has nothing to warn of
				w.box.Hide()
				return
			}
			w.show(st, d.admin)
		}
	})
}

func (w *backupWarning) show(st backup.Status, admin bool) {
	now := w.d.now()
	if !st.Stale(now) {
		w.box.Hide()
		return
	}
	w.text.SetText(staleText(st, now, admin))
	w.box.Show()
}

// staleText says how long it has been since the last backup, and what to do.
func staleText(st backup.Status, now time.Time, admin bool) string {
	var since string
	if st.Last.IsZero() {
		since = i18n.T("No backup of this store has been made yet.")
	} else {
		since = i18n.T("The last backup was %d days ago.", int(now.Sub(st.Last).Hours()/24))
	}
	if st.Failed != "" {
		since += " " + i18n.T("The last try failed: %s.", st.Failed)
	}
	if admin {
		return since + " " + i18n.T("Plug in the backup drive if it is on one, then open Settings and choose Back up now; or choose another backup folder there.")
	}
	return since + " " + i18n.T("Tell a clinic administrator: they can make one from Settings with Back up now.")
}

// backupPanel is the administrators' part of Settings about backups:
// when the last one ran, the folder they go to, Choose folder… and
// Back up now.
type backupPanel struct {
	d      *Desk
	status *widget.Label
	folder *widget.Label
	choose *widget.Button
	now    *widget.Button
	msg    *widget.Label
	card   *widget.Card
}

func newBackupPanel(d *Desk) *backupPanel {
	p := &backupPanel{d: d, status: widget.NewLabel(""), folder: hint(""), msg: note()}
	p.status.Wrapping = fyne.TextWrapWord
	p.choose = widget.NewButtonWithIcon(i18n.T("Choose folder…"), theme.FolderOpenIcon(), p.ask)
	p.now = widget.NewButtonWithIcon(i18n.T("Back up now"), theme.DocumentSaveIcon(), p.backUp)
	about := hint(i18n.T("CaseDesk seals a backup of the store on the first start of each day and before it updates the store, and keeps the last %d daily and %d weekly backups in the folder. A sealed backup opens only with this computer's data key or the clinic's recovery key.", backup.KeepDays, backup.KeepWeeks))
	p.card = widget.NewCard("", "", container.NewVBox(bold(i18n.T("Backups")), about, p.status, p.folder,
		container.NewHBox(p.choose, p.now), p.msg))
	return p
}

// reset forgets what the panel showed.
func (p *backupPanel) reset() {
	p.status.SetText("")
	p.folder.SetText("")
	p.msg.Hide()
}

func (p *backupPanel) load() {
	d := p.d
	d.run(func(ctx context.Context) func() {
		st, err := d.desk.BackupStatus(ctx)
		return func() {
			if err != nil {
				p.card.Hide()
				return
			}
			p.card.Show()
			p.show(st)
		}
	})
}

func (p *backupPanel) show(st backup.Status) {
	if st.Last.IsZero() {
		p.status.SetText(i18n.T("No backup has been made yet."))
	} else {
		p.status.SetText(i18n.T("The last backup was made %s.", st.Last.In(time.Local).Format("Mon 2 Jan 2006 at 15:04")))
	}
	if st.Failed != "" {
		p.status.SetText(p.status.Text + " " + i18n.T("The last try, %s, failed: %s", st.FailAt.In(time.Local).Format("Mon 2 Jan 15:04"), st.Failed))
	}
	p.folder.SetText(i18n.T("Backup folder: %s", st.Folder))
	p.d.backupWarn.show(st, p.d.admin)
}

// ask opens the folder dialog.
func (p *backupPanel) ask() {
	d := p.d
	d.touch()
	if d.win == nil {
		tell(p.msg, i18n.T("There is no window to choose a folder in. Use: casedesk settings set backup.folder PATH"), true)
		return
	}
	d.show(dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			tell(p.msg, err.Error(), true)
			return
		}
		if dir != nil {
			p.useFolder(dir.Path())
		}
	}, d.win))
}

// useFolder makes dir the backup folder.
func (p *backupPanel) useFolder(dir string) {
	d := p.d
	p.choose.Disable()
	d.run(func(ctx context.Context) func() {
		err := d.desk.SetBackupFolder(ctx, dir)
		st, serr := d.desk.BackupStatus(ctx)
		return func() {
			p.choose.Enable()
			if err != nil {
				tell(p.msg, desk.Message(err), true)
				return
			}
			if serr == nil {
				p.show(st)
			}
			d.settings.load() // the backup.folder row below shows the new folder too
			tell(p.msg, i18n.T("Backups now go to %s. Choose Back up now to make the first one there.", dir), false)
		}
	})
}

// backUp makes a backup now, off the UI goroutine.
func (p *backupPanel) backUp() {
	d := p.d
	d.touch()
	p.now.Disable()
	tell(p.msg, i18n.T("Making the backup…"), false)
	d.run(func(ctx context.Context) func() {
		made, err := d.desk.BackUpNow(ctx)
		st, serr := d.desk.BackupStatus(ctx)
		return func() {
			p.now.Enable()
			if serr == nil {
				p.show(st)
			}
			if err != nil {
				tell(p.msg, i18n.T("The backup was not made: %s", desk.Message(err)), true)
				return
			}
			tell(p.msg, i18n.T("Backed up to %s, checked and sealed.", filepath.Base(made)), false)
		}
	})
}
