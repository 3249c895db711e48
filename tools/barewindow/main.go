// Command barewindow opens the smallest Fyne window: one label. make bench
// times it beside CaseDesk's start, in the same run, as the anchor of the
// "GUI start" bar.
package main

import (
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := fyneapp.NewWithID("org.casedesk.barewindow")
	w := a.NewWindow("Bare")
	w.SetContent(widget.NewLabel("A bare Fyne window"))
	w.ShowAndRun()
}
