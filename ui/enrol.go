package ui

import (
	"casedesk/app/auth"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// enrolForm shows a new authenticator key to scan, as a QR code beside the
// key typed out, and takes the 6 digits the app then shows. The set-up
// wizard and My account both enrol an app with it.
type enrolForm struct {
	enrolment *auth.Enrolment // the key shown; nil until start
	qr        *canvas.Image
	key       *widget.Label
	code      *widget.Entry
	box       *fyne.Container
	pixels    int // the QR code's size in pixels: twice its size on screen, for sharp edges
}

// newEnrolForm builds the form with a QR code side units wide: intro goes
// above the key, below after the code's field.
func newEnrolForm(side float32, intro fyne.CanvasObject, below ...fyne.CanvasObject) *enrolForm {
	f := &enrolForm{pixels: int(2 * side)}
	f.qr = canvas.NewImageFromResource(nil)
	f.qr.FillMode = canvas.ImageFillContain
	f.qr.SetMinSize(fyne.NewSquareSize(side))
	f.key = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	f.code = widget.NewEntry()
	f.code.SetPlaceHolder("123456")
	rows := append([]fyne.CanvasObject{intro, f.key, widget.NewForm(widget.NewFormItem(i18n.T("6-digit code"), f.code))}, below...)
	f.box = container.NewBorder(nil, nil, f.qr, nil, container.NewVBox(rows...))
	return f
}

// start makes a new key for username and shows it, with the code's field
// empty. Nothing is stored until the key is confirmed by a code.
func (f *enrolForm) start(username string) error {
	e, err := auth.NewEnrolment(username)
	if err != nil {
		return err
	}
	f.enrolment = &e
	f.qr.Resource = nil
	if png, err := e.QR(f.pixels); err == nil {
		f.qr.Resource = fyne.NewStaticResource("enrol.png", png)
	}
	f.qr.Refresh()
	f.key.SetText(e.GroupedSecret())
	f.code.SetText("")
	return nil
}

// clear forgets the key, its QR code and the code typed.
func (f *enrolForm) clear() {
	f.enrolment = nil
	f.qr.Resource = nil
	f.qr.Refresh()
	f.key.SetText("")
	f.code.SetText("")
}
