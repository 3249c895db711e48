package ui

import (
	"context"
	"errors"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/i18n"
	"casedesk/app/notice"
	"casedesk/app/portal"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// printAtKiosk prints one of the person's notices at a kiosk from its
// private folder, and records the printing. Saving and opening in a viewer
// are not offered at a kiosk, and are refused here too.
func (t *noticesTab) printAtKiosk(id string, then exportThen) {
	h, s := t.h, t.h.session
	if then != exportPrint {
		tell(h.status, i18n.T("This computer keeps no files: print the notice, or see it in the preview."), true)
		return
	}
	h.run(func(ctx context.Context) func() {
		mine, err := h.svc.Portal.Notice(ctx, s, id) // only the person's own
		var msg string
		if err == nil {
			d := notice.Notice(mine)
			msg, err = printAtKiosk(ctx, h.svc, "notice.pdf", d)
			if err == nil {
				if rerr := h.svc.Portal.Printed(ctx, s, d); rerr != nil {
					msg += " " + i18n.T("CaseDesk could not record the printing: %v", rerr)
				}
			}
		}
		return func() {
			switch {
			case errors.Is(err, portal.ErrSignedOut), errors.Is(err, app.ErrNotFound):
				h.fail(err)
			case err != nil:
				tell(h.status, err.Error(), true) // the printer's trouble, in words
			default:
				tell(h.status, msg, false)
			}
		}
	})
}

// qrSide is the size of an appointment's QR code on the screen: large
// enough for a phone held at arm's length.
const qrSide = 220

// phoneButton is, at a kiosk, the button that shows an appointment as a
// QR code for the visitor's phone instead of saving a calendar file: the
// code holds the calendar event, which a phone's camera offers to add.
func (t *appointmentsTab) phoneButton(a app.Appointment, box *fyne.Container) *pageButton {
	qr := canvas.NewImageFromResource(nil)
	qr.FillMode = canvas.ImageFillContain
	qr.SetMinSize(fyne.NewSquareSize(qrSide))
	text := wrapped(i18n.T("Point your phone's camera at the code and choose to add the event to your calendar."))
	shown := container.NewVBox(text, container.NewHBox(qr))
	shown.Hide()
	box.Add(shown)
	var b *pageButton
	b = t.h.button(i18n.T("Add to your phone's calendar (QR code)"), theme.ContentAddIcon(), func() {
		t.h.touch()
		if shown.Visible() {
			return
		}
		b.Disable()
		// Drawing the code takes about 10 ms: off the UI goroutine.
		t.h.run(func(context.Context) func() {
			png, err := auth.EventQR(app.EventText(a), 2*qrSide)
			return func() {
				b.Enable()
				if err != nil {
					t.h.fail(err)
					return
				}
				qr.Resource = fyne.NewStaticResource("appointment.png", png)
				qr.Refresh()
				shown.Show()
				b.Hide()
				box.Refresh()
				// The card grew: the page that scrolls it lays out again.
				if s := firstScroll(t.h.body); s != nil {
					s.Refresh()
				}
			}
		})
	})
	return b
}

// printSummaryAtKiosk prints the new account's summary at a kiosk from its
// private folder, as notices are, instead of saving it in the PDF folder.
func printSummaryAtKiosk(ctx context.Context, svc Services, doc func(context.Context) (notice.Doc, error)) (string, error) {
	d, err := doc(ctx)
	if err != nil {
		return "", err
	}
	return printAtKiosk(ctx, svc, "account-summary.pdf", d)
}
