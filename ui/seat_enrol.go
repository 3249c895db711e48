package ui

import (
	"context"
	"errors"
	"strings"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// EnrolSeat asks, in a small window of its own, for the clinic's recovery
// key when this computer is a new seat of the clinic's database (why says
// so), and hands what is typed to enrol, which checks it against the
// database and keeps it (auth.EnrolSeat). It reports whether the computer
// was enrolled; closing the window, or ctx ending, gives up, and the main
// window then says why the store could not be opened. It blocks: call it
// off the UI goroutine, as the window's Opener runs.
func EnrolSeat(ctx context.Context, a fyne.App, storePath string, why error, enrol func(ctx context.Context, typed string) error) bool {
	result := make(chan bool, 1)
	answer := func(ok bool) {
		select {
		case result <- ok:
		default:
		}
	}
	var w fyne.Window
	fyne.Do(func() {
		w = a.NewWindow(i18n.T("CaseDesk — a new seat"))
		s := newSeatEnrol(storePath, why, enrol, Runner{}, func() { answer(true); w.Close() }, func() { answer(false); w.Close() })
		w.SetContent(s.content)
		w.SetOnClosed(func() { answer(false) })
		w.Resize(fyne.NewSize(640, 460))
		w.Show()
		w.Canvas().Focus(s.key)
	})
	select {
	case ok := <-result:
		return ok
	case <-ctx.Done():
		fyne.Do(func() { w.Close() })
		return false
	}
}

// seatEnrol is the window's one screen: why the store cannot be opened
// yet, the recovery key's 13 groups, and Enrol or Cancel.
type seatEnrol struct {
	key     *widget.Entry
	message *widget.Label
	working *widget.ProgressBarInfinite
	enrol   *widget.Button
	cancel  *widget.Button
	busy    bool
	content fyne.CanvasObject
}

func newSeatEnrol(storePath string, why error, enrol func(ctx context.Context, typed string) error, run Runner, enrolled, closed func()) *seatEnrol {
	s := &seatEnrol{}
	title := widget.NewLabelWithStyle(i18n.T("Enrol this computer as a seat of the clinic"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	reason := wrapped(i18n.T("This computer does not hold the clinic's data key for the database %s yet, so CaseDesk changed nothing.", storePath))
	if errors.Is(why, app.ErrWrongKey) {
		reason.SetText(i18n.T("This computer's data key for the database %s is not the clinic's key, so CaseDesk changed nothing.", storePath))
	}
	intro := wrapped(i18n.T("Type the 13 groups from the clinic's Recovery Key sheet (spaces, dashes and case do not matter). This computer then keeps the clinic's data key in its keyring and opens the clinic's database. A wrong key saves nothing."))
	s.key = widget.NewMultiLineEntry()
	s.key.SetMinRowsVisible(3)
	s.key.Wrapping = fyne.TextWrapWord
	s.key.SetPlaceHolder("4TCPY CYV2K MB2XH YQGY9 …")
	s.message = problem()
	s.working = widget.NewProgressBarInfinite()
	s.working.Stop()
	s.working.Hide()
	s.cancel = widget.NewButton(i18n.T("Cancel"), closed)
	s.enrol = widget.NewButtonWithIcon(i18n.T("Enrol this computer"), theme.ConfirmIcon(), func() {
		if s.busy {
			return
		}
		typed := s.key.Text
		if strings.TrimSpace(typed) == "" {
			tell(s.message, i18n.T("Type the recovery key: the 13 groups of 5 letters and digits on the clinic's Recovery Key sheet."), true)
			return
		}
		s.busy = true
		s.enrol.Disable()
		s.cancel.Disable()
		s.message.Hide()
		s.working.Show()
		s.working.Start()
		run.run(context.Background(), func(ctx context.Context) func() {
			err := enrol(ctx, typed)
			return func() {
				s.busy = false
				s.working.Stop()
				s.working.Hide()
				s.enrol.Enable()
				s.cancel.Enable()
				if err != nil {
					tell(s.message, seatEnrolText(storePath, err), true)
					return
				}
				s.key.SetText("")
				enrolled()
			}
		})
	})
	s.enrol.Importance = widget.HighImportance
	body := container.NewVBox(title, reason, widget.NewSeparator(), intro, s.key)
	footer := container.NewVBox(s.message, s.working, container.NewHBox(s.cancel, layout.NewSpacer(), s.enrol))
	s.content = container.NewPadded(container.NewBorder(nil, footer, nil, nil, container.NewVScroll(body)))
	return s
}

// seatEnrolText is why an enrolment failed, in words: the recovery key's
// own answers, or what opening the store said.
func seatEnrolText(storePath string, err error) string {
	var re *auth.RecoveryKeyError
	var le *auth.SeatLimitError
	if errors.As(err, &re) || errors.As(err, &le) || errors.Is(err, app.ErrSeatKeyWrong) || errors.Is(err, auth.ErrNothingToEnrol) {
		return auth.SeatEnrolMessage(err)
	}
	return app.StoreMessage(storePath, err)
}
