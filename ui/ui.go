// Package ui holds CaseDesk's Fyne screens. Screens talk to the app services
// handed to them in Services and never to the store; slow work runs off the
// UI goroutine and comes back through fyne.Do.
package ui

import (
	"context"

	"casedesk/app"
	"casedesk/app/demo"
	"casedesk/app/i18n"
	"casedesk/assets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// Services is what the screens may ask of the rest of CaseDesk.
type Services struct {
	StorePath string
	Summary   func(ctx context.Context) (app.Summary, error)
	// LoadDemo builds the demo clinic with the given number of people into
	// an empty store, all or nothing, reporting progress from its goroutine.
	LoadDemo func(ctx context.Context, people int, progress func(done, total int)) (demo.Counts, error)
}

// Icon is CaseDesk's application icon.
var Icon = fyne.NewStaticResource("icon.png", assets.Icon)

// Run shows the main window and blocks until it is closed.
func Run(a fyne.App, svc Services) {
	a.SetIcon(Icon)
	w := a.NewWindow("CaseDesk")
	welcome := NewWelcome(svc, w)
	w.SetContent(welcome.Content())
	w.Resize(fyne.NewSize(880, 620))
	w.SetMaster()
	welcome.Refresh()
	w.ShowAndRun()
}

// ShowStoreError shows why the store could not be opened, and a way out.
func ShowStoreError(a fyne.App, message string) {
	a.SetIcon(Icon)
	w := a.NewWindow("CaseDesk")
	title := widget.NewLabelWithStyle(i18n.T("CaseDesk cannot open its store"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	msg := widget.NewLabel(message)
	msg.Wrapping = fyne.TextWrapWord
	quit := widget.NewButton(i18n.T("Close CaseDesk"), a.Quit)
	quit.Importance = widget.HighImportance
	w.SetContent(container.NewPadded(container.NewVBox(title, msg, layout.NewSpacer(), container.NewHBox(layout.NewSpacer(), quit))))
	w.Resize(fyne.NewSize(620, 260))
	w.SetMaster()
	w.ShowAndRun()
}
