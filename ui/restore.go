package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"

	"casedesk/app/auth"
	"casedesk/app/backup"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ErrStoreInUse refuses to restore over a store that was set up: the window
// restores only onto a computer where CaseDesk was never set up (a new desk,
// a replaced laptop). Over a store in use, restore is the command line's.
var ErrStoreInUse = errors.New("the store on this computer is in use; restore over it from the command line")

// Restore is the first-run screen that brings a clinic's store to a new
// computer from one of its backups: the backup file, then, when the backup
// was sealed on another computer, the clinic's recovery key, typed or read
// from a photo or scan of its sheet. Nothing is changed until every check
// passes; the key becomes this computer's only once the store is in place.
type Restore struct {
	svc      Services
	canvas   fyne.Canvas
	done     func(svc Services, closer func(), msg string)
	leave    func(reason string)
	file     string // the backup chosen
	fromQR   []byte // the key read from a picture, when one was
	fileText *widget.Label
	choose   *widget.Button
	keyBox   *fyne.Container
	key      *widget.Entry
	keyNote  *widget.Label
	photo    *widget.Button
	message  *widget.Label
	working  *widget.ProgressBarInfinite
	restore  *widget.Button
	cancel   *widget.Button
	busy     bool
	content  fyne.CanvasObject

	// pick asks for a file (the backup, or a picture of the sheet) and
	// calls back with its path; tests set it.
	pick func(title string, exts []string, picked func(path string))
}

// NewRestore builds the restore screen. done is called with the services
// of the restored store; leave goes back to the welcome screen.
func NewRestore(svc Services, c fyne.Canvas, done func(svc Services, closer func(), msg string), leave func(reason string)) *Restore {
	r := &Restore{svc: svc, canvas: c, done: done, leave: leave}
	r.pick = r.dialogPick
	title := widget.NewLabelWithStyle(i18n.T("Restore the clinic from a backup"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	intro := wrapped(i18n.T("For a new or replaced computer: choose one of the clinic's backup files (their names end in .cdbackup, in the clinic's backup folder or on its backup drive). CaseDesk checks all of it before it puts it in place."))
	r.fileText = wrapped(i18n.T("No backup chosen yet."))
	r.choose = widget.NewButtonWithIcon(i18n.T("Choose the backup…"), theme.FolderOpenIcon(), func() {
		r.pick(i18n.T("The clinic's backup"), []string{backup.Ext, ".db"}, r.chose)
	})
	r.key = widget.NewMultiLineEntry()
	r.key.SetMinRowsVisible(3)
	r.key.Wrapping = fyne.TextWrapWord
	r.key.SetPlaceHolder("4TCPY CYV2K MB2XH YQGY9 …")
	r.key.OnChanged = func(string) { r.fromQR = nil; r.keyNote.Hide() }
	r.keyNote = note()
	r.photo = widget.NewButtonWithIcon(i18n.T("Read it from a photo or scan…"), theme.FileImageIcon(), func() {
		r.pick(i18n.T("A photo or scan of the Recovery Key sheet"), []string{".png", ".jpg", ".jpeg", ".gif"}, r.readPhoto)
	})
	r.keyBox = container.NewVBox(widget.NewSeparator(),
		widget.NewLabelWithStyle(i18n.T("The clinic's recovery key"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		wrapped(i18n.T("This backup was sealed on another computer. Type the 13 groups from the clinic's Recovery Key sheet (spaces, dashes and case do not matter), or read its QR code from a photo or scan of the sheet.")),
		r.key, container.NewHBox(r.photo), r.keyNote)
	r.keyBox.Hide()
	r.message = problem()
	r.working = widget.NewProgressBarInfinite()
	r.working.Stop()
	r.working.Hide()
	r.restore = widget.NewButtonWithIcon(i18n.T("Restore"), theme.HistoryIcon(), r.start)
	r.restore.Importance = widget.HighImportance
	r.restore.Disable()
	r.cancel = widget.NewButton(i18n.T("Cancel"), func() { r.close("") })
	body := container.NewVBox(title, intro, container.NewBorder(nil, nil, nil, r.choose, r.fileText), r.keyBox)
	footer := container.NewVBox(r.message, r.working, container.NewHBox(r.cancel, layout.NewSpacer(), r.restore))
	r.content = column(container.NewPadded(container.NewBorder(nil, footer, nil, nil, page(body))))
	return r
}

// Content is the screen's root object.
func (r *Restore) Content() fyne.CanvasObject { return r.content }

// Start puts the focus on choosing the backup.
func (r *Restore) Start() {
	if r.canvas != nil {
		r.canvas.Focus(r.choose)
	}
}

func (r *Restore) chose(path string) {
	r.file = path
	r.fileText.SetText(i18n.T("Backup: %s", path))
	r.message.Hide()
	r.restore.Enable()
	if r.canvas != nil {
		r.canvas.Focus(r.restore)
	}
}

// readPhoto reads the key from a picture of the sheet, off the UI goroutine.
func (r *Restore) readPhoto(path string) {
	r.svc.Runner.run(context.Background(), func(context.Context) func() {
		key, err := auth.ReadRecoveryQR(path)
		return func() {
			if err != nil {
				tell(r.keyNote, errText(err), true)
				return
			}
			r.key.SetText("") // its OnChanged forgets a key read before
			r.fromQR = key
			tell(r.keyNote, i18n.T("The recovery key was read from %s. Press Restore.", filepath.Base(path)), false)
		}
	})
}

// start checks what was typed and restores in the background.
func (r *Restore) start() {
	if r.busy || r.file == "" {
		return
	}
	r.message.Hide()
	var key []byte
	switch {
	case r.fromQR != nil:
		key = r.fromQR
	case strings.TrimSpace(r.key.Text) != "":
		k, err := auth.ParseRecoveryKey(r.key.Text)
		if err != nil {
			r.fail(err.Error())
			return
		}
		key = k
	}
	from := r.file
	r.busy = true
	r.restore.Disable()
	r.choose.Disable()
	r.cancel.Disable()
	r.working.Show()
	r.working.Start()
	r.svc.Runner.run(context.Background(), func(ctx context.Context) func() {
		svc, closer, msg, err := r.svc.RestoreBackup(ctx, from, key)
		return func() {
			r.busy = false
			r.working.Stop()
			r.working.Hide()
			r.restore.Enable()
			r.choose.Enable()
			r.cancel.Enable()
			switch {
			case closer != nil && err != nil:
				// It failed once the store was closed (the backup was
				// damaged past its header): the store that was there is
				// open again, and the welcome screen says why.
				r.wipe()
				r.done(svc, closer, backup.Message(from, err))
			case err != nil:
				r.refused(err)
			default:
				r.wipe()
				r.done(svc, closer, msg)
			}
		}
	})
}

// refused says why the restore did not happen (nothing was changed), and
// asks for the recovery key when that is what it needs.
func (r *Restore) refused(err error) {
	switch {
	case errors.Is(err, ErrStoreInUse):
		r.fail(i18n.T("CaseDesk is already set up on this computer, so the window does not restore over its store. Restore from the command line (casedesk restore FILE), which keeps the store it replaces."))
	case errors.Is(err, backup.ErrNeedRecoveryKey):
		first := !r.keyBox.Visible()
		r.keyBox.Show()
		r.fail(i18n.T("This backup was sealed on another computer. Type the clinic's recovery key below, or read it from a photo or scan of its sheet, then press Restore."))
		if first && r.canvas != nil {
			r.canvas.Focus(r.key)
		}
	default:
		r.fail(backup.Message(r.file, err))
	}
}

func (r *Restore) fail(msg string) {
	r.message.SetText(msg)
	r.message.Show()
}

// close forgets what was typed and leaves.
func (r *Restore) close(reason string) {
	r.wipe()
	r.leave(reason)
}

// wipe forgets the key, typed or read.
func (r *Restore) wipe() {
	r.key.SetText("")
	r.fromQR = nil
}

// dialogPick asks for a file with Fyne's open dialog.
func (r *Restore) dialogPick(title string, exts []string, picked func(path string)) {
	win := windowOf(r.canvas)
	if win == nil {
		r.fail(i18n.T("There is no window to choose a file in."))
		return
	}
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			r.fail(err.Error())
			return
		}
		if rc == nil {
			return // cancelled
		}
		path := rc.URI().Path()
		rc.Close()
		picked(path)
	}, win)
	d.SetTitleText(title)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	go fyne.Do(d.Show)
}
