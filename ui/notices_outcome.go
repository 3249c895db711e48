package ui

import (
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// outcome is where one action of the printing screen (a day's notices, a
// case's) says how it went, under that action's buttons: one message, the
// newest, and a button to open the PDF when one was saved. It is cleared
// when the action's input changes or another action starts, so no message
// outlives what it was about.
type outcome struct {
	msg  *widget.Label
	open *widget.Button
	file string // the PDF the message is about, if any
	box  *fyne.Container
}

// newOutcome makes an empty outcome; its button calls open with its file.
func newOutcome(open func(o *outcome)) *outcome {
	o := &outcome{msg: widget.NewLabel("")}
	o.msg.Wrapping = fyne.TextWrapWord
	o.open = widget.NewButtonWithIcon(i18n.T("Open the PDF"), theme.FileIcon(), func() { open(o) })
	o.box = container.NewBorder(nil, nil, nil, container.NewVBox(o.open), o.msg)
	o.box.Hide()
	return o
}

// show replaces the message; file, when not empty, is the PDF it is about.
func (o *outcome) show(msg string, bad bool, file string) {
	o.msg.Importance = widget.MediumImportance
	if bad {
		o.msg.Importance = widget.DangerImportance
	}
	o.msg.SetText(msg)
	o.file = file
	if file != "" {
		o.open.Show()
	} else {
		o.open.Hide()
	}
	o.box.Show()
}

// clear takes the message away.
func (o *outcome) clear() {
	o.msg.SetText("")
	o.file = ""
	o.box.Hide()
}
