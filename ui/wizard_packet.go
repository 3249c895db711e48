package ui

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"

	"casedesk/app"
	"casedesk/app/home"
	"casedesk/app/i18n"
	"casedesk/app/packet"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// NewPacketWizard is the wizard with a clinic's case packet: step 1 asks
// for the access code and the packet file, and the account is set up on
// this computer with the clinic's record of the person's cases.
func NewPacketWizard(svc Services, canvas fyne.Canvas, finish func(reason string)) *Wizard {
	return newWizard(svc, canvas, finish, true)
}

// packetStep is the packet's part of step 1: the file chosen, read and
// checked off the UI goroutine, and what was wrong with it.
type packetStep struct {
	choose *widget.Button
	name   *widget.Label // the chosen file's name
	msg    *widget.Label
	file   []byte // the packet's bytes; nil until a good one is chosen
	// pick asks for a file; tests replace it.
	pick func(title string, exts []string, picked func(path string))
	// ticket is the packet opened with its code, for the person at the
	// screen; applied what setting up wrote.
	ticket  home.Ticket
	applied home.Applied
}

// packetRow is step 1's packet file: a button to choose it and its name.
func (w *Wizard) packetRow() fyne.CanvasObject {
	p := w.pk
	p.name, p.msg = widget.NewLabel(""), problem()
	p.name.Truncation = fyne.TextTruncateEllipsis
	p.pick = func(title string, exts []string, picked func(string)) {
		pickFile(w.canvas, title, exts, picked, w.fail)
	}
	p.choose = widget.NewButtonWithIcon(i18n.T("Choose the packet file…"), theme.FolderOpenIcon(), func() {
		w.idle.touch()
		p.pick(i18n.T("The case packet from your clinic"), []string{packet.Ext}, w.choosePacket)
	})
	return container.NewVBox(
		widget.NewForm(widget.NewFormItem(i18n.T("Case packet"), container.NewBorder(nil, nil, p.choose, nil, p.name))),
		p.msg,
		hint(i18n.T("The clinic gives it on a USB stick or by e-mail, with the access code on your Account Access Notice. Its name ends in .cdpacket.")),
	)
}

// choosePacket reads the file at path in the background and says at once
// when it is not a good packet.
func (w *Wizard) choosePacket(path string) {
	p := w.pk
	p.msg.Hide()
	p.choose.Disable()
	w.svc.Runner.run(context.Background(), func(context.Context) func() {
		b, err := readPacket(path)
		return func() {
			p.choose.Enable()
			p.name.SetText(filepath.Base(path))
			if err != nil {
				p.file = nil
				p.msg.SetText(packetMessage(err))
				p.msg.Show()
				return
			}
			p.file = b
			w.idle.touch()
		}
	})
}

// readPacket reads a packet file, no bigger than a packet can be, and
// checks its form and signature (no code needed). Only a regular file is
// read: a named pipe or a device given a packet's name is refused as no
// packet before it is opened (open(2) would wait for a writer for good),
// and again after, in case another file was put in its place meanwhile.
func readPacket(path string) ([]byte, error) {
	before, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !before.Mode().IsRegular() {
		return nil, packet.ErrNotPacket
	}
	f, err := openNoWait(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	after, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !after.Mode().IsRegular() || !os.SameFile(before, after) {
		return nil, packet.ErrNotPacket
	}
	b, err := io.ReadAll(io.LimitReader(f, packet.MaxSize+1))
	if err != nil {
		return nil, err
	}
	if _, err := home.ReadHeader(b); err != nil {
		return nil, err
	}
	return b, nil
}

// pickFile asks for a file to open with Fyne's dialog, filtered to exts,
// in the window of canvas; fail says what went wrong.
func pickFile(canvas fyne.Canvas, title string, exts []string, picked func(path string), fail func(string)) {
	win := windowOf(canvas)
	if win == nil {
		fail(i18n.T("There is no window to choose a file in."))
		return
	}
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			fail(err.Error())
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
	if home, err := os.UserHomeDir(); err == nil {
		if l, err := storage.ListerForURI(storage.NewFileURI(home)); err == nil {
			d.SetLocation(l)
		}
	}
	go fyne.Do(d.Show)
}

// checkPacket opens the packet with the code and checks the identity
// against its person, in the background; nothing is written.
func (w *Wizard) checkPacket(key string) {
	code, id, file := w.code.Text, w.ident.identity(), w.pk.file
	w.background(func(ctx context.Context) func() {
		t, err := w.svc.Packets.Check(ctx, file, code, id)
		return func() {
			if err != nil {
				w.packetRefused(err)
				return
			}
			w.pk.ticket, w.checked = t, key
			w.show(3)
		}
	})
}

// packetRefused says why the packet, its code or the identity did not
// match; a mistyped date or ZIP says which field, as with a code alone.
func (w *Wizard) packetRefused(err error) {
	if t, ok := inputText(err); ok && !app.IsInput(err, app.FieldAccessCode) {
		if e := w.ident.entryFor(err); e != nil {
			w.failWhile(whileUnchanged(t, e))
		} else {
			w.fail(t)
		}
		return
	}
	w.fail(packetMessage(err))
}

// doneFromPacket adds to the last step how many cases came from which clinic.
func (w *Wizard) doneFromPacket() string {
	a := w.pk.applied
	return i18n.N(a.NewCases, "%[1]d case came from %[2]s, as the clinic's packet made on %[3]s has it.",
		"%[1]d cases came from %[2]s, as the clinic's packet made on %[3]s has it.", a.NewCases, a.Clinic, app.DateOf(a.Made.Local()).String())
}

// errNoPacket is step 1 without a good packet file.
var errNoPacket = errors.New("no packet chosen")

// packetMissing says what step 1 still needs on the packet's side.
func (w *Wizard) packetMissing() error {
	if w.pk.file == nil {
		if w.pk.msg.Visible() {
			return errNoPacket // it says what is wrong with the file chosen
		}
		w.pk.msg.SetText(i18n.T("Choose the case packet file the clinic gave you."))
		w.pk.msg.Show()
		return errNoPacket
	}
	return nil
}
