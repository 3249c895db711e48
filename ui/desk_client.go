package ui

import (
	"context"
	"strings"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// clientPage is a client's page: their details (the A-number masked until
// asked), their online account and what staff can do about it, their cases,
// appointments and messages, and their earlier details. Its widgets stay
// while it is shown; a reload refills them, keeping what is typed.
type clientPage struct {
	d       *Desk
	id      string
	pg      desk.Page
	backBtn *widget.Button

	title    *widget.Label
	edit     *widget.Button
	details  *fyne.Container
	aNumber  *widget.Label
	showA    *widget.Button
	aShown   bool
	account  *accountPanel
	cases    *fyne.Container
	addCase  *widget.Button
	packet   *widget.Button   // desk_packet.go
	openCase []*widget.Button // "Open" of each case, in order
	openByID map[string]*widget.Button
	appts    *apptList
	messages *clientMessages
	history  *fyne.Container
	box      *fyne.Container
	scroll   *container.Scroll
}

// openClient shows a client's page over what is shown.
func (d *Desk) openClient(id string) {
	d.run(func(ctx context.Context) func() {
		pg, err := d.desk.Client(ctx, id)
		return func() {
			if err != nil {
				d.fail(err)
				return
			}
			if p := d.client; p != nil && p.id == id && d.shown() == p.scroll {
				p.show(pg)
				return
			}
			prev := d.client
			p := newClientPage(d, id)
			d.client = p
			p.show(pg)
			p.backBtn.OnTapped = d.open(p.scroll, func() {
				p.reset()
				d.client = prev
				if prev != nil {
					prev.reload() // what was done on this page may show on that one
				}
			})
		}
	})
}

func newClientPage(d *Desk, id string) *clientPage {
	p := &clientPage{d: d, id: id}
	p.backBtn = backButton(i18n.T("Back"))
	p.title = heading("")
	p.edit = widget.NewButtonWithIcon(i18n.T("Edit details"), theme.DocumentCreateIcon(), func() {
		d.touch()
		c := p.pg.Client
		d.openClientForm(&c, func(desk.Client) { p.reload() })
	})
	p.details = container.NewGridWithColumns(2)
	p.aNumber = widget.NewLabel("")
	p.showA = widget.NewButton(i18n.T("Show"), func() {
		d.touch()
		p.aShown = !p.aShown
		p.showANumber()
	})
	p.account = newAccountPanel(p)
	p.cases = container.NewVBox()
	p.addCase = widget.NewButtonWithIcon(i18n.T("Add a case"), theme.ContentAddIcon(), func() { d.touch(); p.openCaseForm() })
	p.packet = p.packetButton()
	p.appts = newApptList(d, p.reload)
	p.messages = newClientMessages(p)
	p.history = container.NewVBox()
	p.box = container.NewVBox(
		container.NewBorder(nil, nil, p.backBtn, p.edit), p.title,
		section(i18n.T("Details"), p.details),
		section(i18n.T("Online account"), p.account.box),
		section(i18n.T("Cases"), container.NewVBox(p.cases, container.NewHBox(p.addCase, p.packet))),
		section(i18n.T("Appointments"), p.appts.box),
		section(i18n.T("Messages"), p.messages.box),
		section(i18n.T("Earlier details"), p.history),
	)
	p.scroll = page(p.box)
	return p
}

// reload reads the client's page again and shows it.
func (p *clientPage) reload() {
	d, id := p.d, p.id
	d.run(func(ctx context.Context) func() {
		pg, err := d.desk.Client(ctx, id)
		return func() {
			if err != nil {
				d.fail(err)
				return
			}
			if p.box.Objects != nil { // not closed meanwhile
				p.show(pg)
			}
		}
	})
}

// reset forgets the client and what was typed.
func (p *clientPage) reset() {
	p.pg = desk.Page{}
	p.account.reset()
	p.messages.reset()
	p.appts.reset()
	p.box.Objects = nil
	p.openCase, p.openByID = nil, nil
}

// show fills the page from pg.
func (p *clientPage) show(pg desk.Page) {
	p.pg = pg
	c := pg.Client
	p.title.SetText(c.FullName())
	p.showDetails()
	p.account.show(pg.Account)
	p.showCases()
	p.appts.show(pg.Appointments)
	p.messages.show(pg.Messages, pg.Cases)
	p.showHistory()
	p.scroll.Refresh() // the page's height changes with what it lists
}

// showDetails shows the details in two columns: who the client is, and
// how to reach them.
func (p *clientPage) showDetails() {
	c := p.pg.Client
	who, reach := container.New(layout.NewFormLayout()), container.New(layout.NewFormLayout())
	row := func(in *fyne.Container, label string, value fyne.CanvasObject) {
		in.Add(widget.NewLabelWithStyle(label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
		in.Add(value)
	}
	text := func(v string) fyne.CanvasObject { return wrapped(orText(v, "—")) }
	if c.OtherNames != "" {
		row(who, i18n.T("Other names used"), text(c.OtherNames))
	}
	row(who, i18n.T("Date of birth"), text(c.DateOfBirth.String()))
	row(who, i18n.T("Country of birth"), text(c.CountryOfBirth))
	row(who, i18n.T("A-number"), container.NewHBox(p.aNumber, p.showA))
	row(who, i18n.T("Preferred language"), text(languageName(c.Language)))
	row(reach, i18n.T("Mailing address"), text(addressLine(c.Address)))
	row(reach, i18n.T("Phone"), text(c.Phone))
	row(reach, i18n.T("E-mail"), text(c.Email))
	row(reach, i18n.T("Assigned to"), text(orText(p.pg.AssignedName, i18n.T("nobody"))))
	p.showANumber()
	p.details.Objects = []fyne.CanvasObject{who, reach}
	p.details.Refresh()
}

// orText is s, or def when s is empty.
func orText(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// showANumber shows the A-number masked, or whole when asked; "Show" only
// when there is one.
func (p *clientPage) showANumber() {
	a := p.pg.Client.ANumber
	switch {
	case a == "":
		p.aNumber.SetText(i18n.T("none"))
		p.showA.Hide()
	case p.aShown:
		p.aNumber.SetText(string(a))
		p.showA.SetText(i18n.T("Hide"))
		p.showA.Show()
	default:
		p.aNumber.SetText(a.Masked())
		p.showA.SetText(i18n.T("Show"))
		p.showA.Show()
	}
}

// addressLine is an address on one line.
func addressLine(a app.Address) string {
	return strings.Join(nonEmpty(a.Line1, a.Line2, strings.TrimSpace(a.City+" "+a.State+" "+string(a.ZIP))), ", ")
}

func languageName(code string) string {
	for _, l := range languages {
		if l.code == code {
			return i18n.T(l.name)
		}
	}
	return code
}

func (p *clientPage) showCases() {
	p.cases.Objects, p.openCase = nil, nil
	if len(p.pg.Cases) == 0 {
		p.cases.Add(empty(i18n.T("No cases yet. Choose “Add a case” to enter one by its receipt number.")))
	}
	// A case keeps its Open button across reloads: back from the case's
	// page, the focus returns to the button that opened it.
	kept := p.openByID
	p.openByID = map[string]*widget.Button{}
	for _, c := range p.pg.Cases {
		id := c.ID
		open := kept[id]
		if open == nil {
			open = widget.NewButtonWithIcon(i18n.T("Open"), theme.NavigateNextIcon(), func() { p.d.touch(); p.d.openCase(id) })
		}
		p.openByID[id] = open
		p.openCase = append(p.openCase, open)
		p.cases.Add(container.NewBorder(nil, nil, nil, container.NewVBox(open), container.NewVBox(
			bold(c.FormType+" — "+c.FormTitle),
			wrapped(i18n.T("Receipt number %s · %s since %s", string(c.Receipt), statusTitle(c.StatusCode), c.StatusDate.String())))))
	}
	p.cases.Refresh()
}

// statusTitle is a status code's title, or the code when the catalog lacks it.
func statusTitle(code string) string {
	if st, ok := app.StatusByCode(code); ok {
		return st.Title
	}
	return code
}

func (p *clientPage) showHistory() {
	p.history.Objects = nil
	if len(p.pg.History) == 0 {
		p.history.Add(empty(i18n.T("No earlier details: they have not been changed since the client was added.")))
	}
	for _, v := range p.pg.History {
		c := v.Client
		parts := nonEmpty(c.FullName(), i18n.T("born %s", c.DateOfBirth.String()), c.ANumber.Masked(), addressLine(c.Address), c.Phone, c.Email)
		p.history.Add(container.NewVBox(
			bold(i18n.T("Until %s, changed by %s", when(v.ChangedAt), orText(v.ChangedBy, i18n.T("someone")))),
			wrapped(strings.Join(parts, " · "))))
	}
	p.history.Refresh()
}
