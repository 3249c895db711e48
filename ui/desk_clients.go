package ui

import (
	"context"
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// searchDelay is how long the search waits for a pause in the typing: a
// name typed at speed is searched once, not once a letter.
const searchDelay = 150 * time.Millisecond

// clientsTab is "Clients": one field that finds a client by name (any
// case, with or without accents), receipt number, A-number or online
// account number as it is typed, "My clients", the list of what it found,
// and "Add client".
type clientsTab struct {
	d    *Desk
	item *container.TabItem

	query   *field
	mine    *widget.Check
	add     *widget.Button
	imp     *widget.Button
	info    *widget.Label // how many were found, or what to do when none
	list    *widget.List
	results []app.Person

	asked    int    // the latest search asked; answers to older ones are dropped
	stopWait func() // stops the wait for a pause in the typing
}

func newClientsTab(d *Desk) *clientsTab {
	t := &clientsTab{d: d, stopWait: func() {}}
	t.query = newField()
	t.query.SetPlaceHolder(i18n.T("Search by name, receipt number, A-number or account number"))
	t.query.OnChanged = func(string) { d.touch(); t.typed() }
	t.query.OnSubmitted = func(string) { t.stopWait(); t.search() }
	t.mine = widget.NewCheck(i18n.T("My clients"), func(bool) { d.touch(); t.search() })
	t.add = widget.NewButtonWithIcon(i18n.T("Add client"), theme.ContentAddIcon(), func() { d.touch(); d.openClientForm(nil, func(c desk.Client) { d.openClient(c.ID) }) })
	t.add.Importance = widget.HighImportance
	t.imp = newImportButton(d)
	t.info = wrapped("")
	t.list = widget.NewList(func() int { return len(t.results) }, newClientRow, func(i widget.ListItemID, o fyne.CanvasObject) {
		if i < len(t.results) {
			showClientRow(o, t.results[i])
		}
	})
	t.list.OnSelected = func(i widget.ListItemID) {
		t.list.UnselectAll()
		if i < len(t.results) {
			d.touch()
			d.openClient(t.results[i].ID)
		}
	}
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(t.mine, t.imp, t.add), t.query),
		t.info, widget.NewSeparator())
	t.item = container.NewTabItem(i18n.T("Clients"), container.NewBorder(top, nil, nil, nil, t.list))
	return t
}

// newClientRow is a row of the list: the name, then the date of birth, the
// A-number (masked) and the city.
func newClientRow() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	born, anum, place := widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel("")
	place.Truncation = fyne.TextTruncateEllipsis
	return newColumns([]float32{4, 2.5, 2, 3}, name, born, anum, place)
}

func showClientRow(o fyne.CanvasObject, p app.Person) {
	cells := o.(*fyne.Container).Objects
	cells[0].(*widget.Label).SetText(p.FullName())
	born := ""
	if !p.DateOfBirth.IsZero() {
		born = i18n.T("born %s", p.DateOfBirth.String())
	}
	cells[1].(*widget.Label).SetText(born)
	cells[2].(*widget.Label).SetText(p.ANumber.Masked())
	place := p.Address.City
	if p.Address.State != "" {
		place = strings.TrimSpace(place + ", " + p.Address.State)
	}
	cells[3].(*widget.Label).SetText(strings.Trim(place, ", "))
}

// reset forgets the search, what it found and what was typed.
func (t *clientsTab) reset() {
	t.stopWait()
	t.asked++ // an answer on its way is not shown
	t.query.OnChanged = nil
	t.query.SetText("")
	t.query.OnChanged = func(string) { t.d.touch(); t.typed() }
	t.mine.OnChanged = nil
	t.mine.SetChecked(false)
	t.mine.OnChanged = func(bool) { t.d.touch(); t.search() }
	t.results = nil
	t.list.UnselectAll()
	t.list.Refresh()
	t.info.SetText("")
}

// typed searches once the typing pauses.
func (t *clientsTab) typed() {
	t.stopWait()
	t.stopWait = t.d.after(searchDelay, t.search)
}

// search finds the clients for what is typed now, in the background; an
// answer that comes after a later search was asked is dropped.
func (t *clientsTab) search() {
	t.asked++
	asked, query, mine := t.asked, t.query.Text, t.mine.Checked
	t.d.run(func(ctx context.Context) func() {
		found, err := t.d.desk.Search(ctx, query, mine)
		return func() {
			if asked != t.asked {
				return
			}
			if err != nil {
				t.results = nil
				t.list.Refresh()
				t.info.SetText("")
				t.d.fail(err)
				return
			}
			t.show(strings.TrimSpace(query), mine, found)
		}
	})
}

// show lists what a search found and says what it is, or what to do.
func (t *clientsTab) show(query string, mine bool, found []app.Person) {
	t.results = found
	t.list.UnselectAll()
	t.list.ScrollToTop()
	t.list.Refresh()
	n := len(found)
	var msg string
	switch {
	case n == 0 && query == "" && mine:
		msg = i18n.T("No clients are assigned to you. Clear “My clients” to see everyone's, or assign a client to yourself on their page.")
	case n == 0 && query == "":
		msg = i18n.T("No clients yet. Choose “Add client” to enter the first one.")
	case n == 0 && mine:
		msg = i18n.T("None of your clients matches “%s”. Clear “My clients” to search everyone's.", query)
	case n == 0:
		msg = i18n.T("No client matches “%s”. Check the spelling, or search by receipt number or A-number; someone new is added with “Add client”.", query)
	case query == "" && mine:
		msg = i18n.T("Your clients (%d). Type to search.", n)
	case query == "":
		msg = i18n.T("Clients added or changed lately. Type a name, receipt number, A-number or account number to search.")
	case n >= desk.SearchLimit:
		msg = i18n.T("The first %d clients that match. Type more of the name to narrow the list.", n)
	case n == 1:
		msg = i18n.T("1 client matches. Choose it to open the client's page.")
	default:
		msg = i18n.T("%d clients match. Choose one to open the client's page.", n)
	}
	t.info.SetText(msg)
}
