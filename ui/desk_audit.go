package ui

import (
	"context"
	"errors"
	"strings"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// auditKinds are the kinds of audit rows to filter by, as the prefixes of
// their actions.
var auditKinds = []struct{ name, prefix string }{
	{"Any kind", ""},
	{"Sign-ins", "signin."},
	{"Clients", "client."},
	{"Cases", "case."},
	{"Appointments", "appointment."},
	{"Messages", "message."},
	{"Access codes", "access_code."},
	{"Accounts", "account."},
	{"Recovery", "recovery."},
	{"Staff", "staff."},
	{"Settings", "setting."},
	{"Processing times", "processing."},
	{"Clinic", "clinic."},
	{"Notices printed", "notice.printed"},
	{"Imports", "import."},
	{"Exports", "export."},
	{"Reports", "report."},
	{"Backups", "backup."},
	{"Recovery key", "recovery_key."},
}

// auditWidths are the shares of the width of when, who, action and detail.
var auditWidths = []float32{2.6, 1.5, 2, 5.5}

// auditTab is "Audit", the audit log, read-only: who did what and when,
// newest first, narrowed by client, staff member, kind and dates.
type auditTab struct {
	d    *Desk
	item *container.TabItem

	clientQuery *field
	client      *choice
	clients     []app.Person // the choices of client, after "Any client"
	staff       *choice
	staffList   []desk.StaffMember
	kind        *choice
	from, to    *field
	form        *widget.Form
	items       map[string]*widget.FormItem
	show        *widget.Button
	info        *widget.Label
	list        *widget.List
	rows        []app.AuditEvent
	names       map[string]string // usernames by account id: sign-ins are audited under the account
	detail      *widget.Label     // the whole of the row chosen
	loaded      bool
	asked       int
	stopWait    func()
	export      *widget.Button // Export CSV…, for administrators
}

func newAuditTab(d *Desk) *auditTab {
	t := &auditTab{d: d, stopWait: func() {}, names: map[string]string{}}
	t.clientQuery = newField()
	t.clientQuery.SetPlaceHolder(i18n.T("Type a client's name"))
	t.clientQuery.OnChanged = func(string) {
		d.touch()
		t.stopWait()
		t.stopWait = d.after(searchDelay, t.findClient)
	}
	t.client = newChoice([]string{i18n.T("Any client")}, func(string) { d.touch() })
	t.client.SetSelectedIndex(0)
	t.staff = newChoice([]string{i18n.T("Anyone")}, func(string) { d.touch() })
	t.staff.SetSelectedIndex(0)
	kinds := make([]string, len(auditKinds))
	for i, k := range auditKinds {
		kinds[i] = i18n.T(k.name)
	}
	t.kind = newChoice(kinds, func(string) { d.touch() })
	t.kind.SetSelectedIndex(0)
	t.from, t.to = newField(), newField()
	t.from.SetPlaceHolder("MM/DD/YYYY")
	t.to.SetPlaceHolder("MM/DD/YYYY")
	d.touchOnTyping(&t.from.Entry, &t.to.Entry)
	t.show = widget.NewButtonWithIcon(i18n.T("Show"), theme.SearchIcon(), func() { d.touch(); t.load() })
	t.show.Importance = widget.HighImportance
	t.export = d.auditExport()
	t.from.OnSubmitted = func(string) { t.load() }
	t.to.OnSubmitted = func(string) { t.load() }
	t.items = map[string]*widget.FormItem{
		"from": widget.NewFormItem(i18n.T("From"), t.from),
		"to":   widget.NewFormItem(i18n.T("To"), t.to),
	}
	who := widget.NewForm(
		widget.NewFormItem(i18n.T("Client"), t.clientQuery),
		widget.NewFormItem("", t.client),
		widget.NewFormItem(i18n.T("Staff member"), t.staff),
	)
	t.form = widget.NewForm(widget.NewFormItem(i18n.T("Kind"), t.kind), t.items["from"], t.items["to"])
	t.info = wrapped("")
	t.detail = wrapped("")
	t.detail.Hide()
	t.list = widget.NewList(func() int { return len(t.rows) }, newAuditRow, func(i widget.ListItemID, o fyne.CanvasObject) {
		if i < len(t.rows) {
			t.showRow(o, t.rows[i])
		}
	})
	t.list.OnSelected = func(i widget.ListItemID) {
		if i < len(t.rows) {
			e := t.rows[i]
			t.detail.SetText(when(e.At) + " · " + t.who(e.ActorID) + " · " + e.Action + "\n" + e.Detail)
			t.detail.Show()
		}
	}
	header := newColumns(auditWidths, bold(i18n.T("When")), bold(i18n.T("Who")), bold(i18n.T("Action")), bold(i18n.T("Detail")))
	top := container.NewVBox(container.NewGridWithColumns(2, who, t.form),
		container.NewBorder(nil, nil, nil, container.NewHBox(t.export, t.show), t.info), widget.NewSeparator(), header)
	t.item = container.NewTabItem(i18n.T("Audit"), container.NewBorder(top, t.detail, nil, nil, t.list))
	return t
}

func newAuditRow() fyne.CanvasObject {
	cells := make([]fyne.CanvasObject, len(auditWidths))
	for i := range cells {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		cells[i] = l
	}
	return newColumns(auditWidths, cells...)
}

func (t *auditTab) showRow(o fyne.CanvasObject, e app.AuditEvent) {
	cells := o.(*fyne.Container).Objects
	for i, text := range []string{when(e.At), t.who(e.ActorID), e.Action, e.Detail} {
		cells[i].(*widget.Label).SetText(text)
	}
}

// who is the username of an actor audited by account id, or the actor.
func (t *auditTab) who(actor string) string {
	if n, ok := t.names[actor]; ok {
		return n
	}
	return actor
}

// reset forgets the rows and the filters.
func (t *auditTab) reset() {
	t.stopWait()
	t.asked++
	t.rows, t.clients, t.staffList = nil, nil, nil
	t.names = map[string]string{}
	t.list.UnselectAll()
	t.list.Refresh()
	t.clientQuery.OnChanged = nil
	t.clientQuery.SetText("")
	t.client.SetOptions([]string{i18n.T("Any client")})
	t.client.SetSelectedIndex(0)
	t.staff.SetOptions([]string{i18n.T("Anyone")})
	t.staff.SetSelectedIndex(0)
	t.kind.SetSelectedIndex(0)
	t.from.SetText("")
	t.to.SetText("")
	t.info.SetText("")
	t.detail.SetText("")
	t.detail.Hide()
	t.loaded = false
}

// open lists the staff and shows the latest rows, the first time.
func (t *auditTab) open() {
	if t.loaded {
		return
	}
	t.loaded = true
	d := t.d
	t.export.Hidden = !d.admin
	d.run(func(ctx context.Context) func() {
		staff, err := d.desk.StaffNames(ctx)
		return func() {
			if err != nil {
				d.fail(err)
				return
			}
			t.staffList = staff
			opts := []string{i18n.T("Anyone")}
			for _, m := range staff {
				opts = append(opts, m.Name+" ("+m.Username+")")
				t.names[m.AccountID] = m.Username
			}
			t.staff.SetOptions(opts)
			t.staff.SetSelectedIndex(0)
		}
	})
	t.load()
}

// findClient searches the clients to narrow the log to one.
func (t *auditTab) findClient() {
	d := t.d
	t.asked++
	asked, query := t.asked, t.clientQuery.Text
	d.run(func(ctx context.Context) func() {
		var found []app.Person
		var err error
		if strings.TrimSpace(query) != "" {
			found, err = d.desk.Search(ctx, query, false)
		}
		return func() {
			if asked != t.asked {
				return
			}
			if err != nil {
				d.fail(err)
				return
			}
			t.clients = found
			opts := []string{i18n.T("Any client")}
			for _, p := range found {
				opts = append(opts, p.FullName())
			}
			t.client.SetOptions(opts)
			t.client.SetSelectedIndex(min(1, len(found)))
		}
	})
}

// filter is the filter as chosen, or the dates' problems.
func (t *auditTab) filter() (desk.AuditFilter, error) {
	var f desk.AuditFilter
	if i := t.client.SelectedIndex(); i > 0 && i <= len(t.clients) {
		f.PersonID = t.clients[i-1].ID
	}
	if i := t.staff.SelectedIndex(); i > 0 && i <= len(t.staffList) {
		f.Actor = t.staffList[i-1].Username
	}
	if i := t.kind.SelectedIndex(); i > 0 {
		f.Action = auditKinds[i].prefix
	}
	var errs []error
	t.items["from"].HintText, t.items["to"].HintText = "", ""
	if s := strings.TrimSpace(t.from.Text); s != "" {
		day, err := app.ParseDate(s)
		if err != nil {
			t.items["from"].HintText = errText(err)
			errs = append(errs, err)
		}
		f.From = desk.Day(day)
	}
	if s := strings.TrimSpace(t.to.Text); s != "" {
		day, err := app.ParseDate(s)
		if err != nil {
			t.items["to"].HintText = errText(err)
			errs = append(errs, err)
		}
		f.To = desk.Day(day).AddDate(0, 0, 1) // the whole of the last day
	}
	return f, errors.Join(errs...)
}

// load reads the rows the filter keeps, newest first.
func (t *auditTab) load() {
	d := t.d
	f, err := t.filter()
	t.form.Refresh()
	if err != nil {
		t.info.Importance = widget.DangerImportance
		t.info.SetText(i18n.T("Fix the dates: %s", desk.Message(err)))
		return
	}
	t.show.Disable()
	d.run(func(ctx context.Context) func() {
		rows, err := d.desk.AuditLog(ctx, f)
		return func() {
			t.show.Enable()
			if err != nil {
				d.fail(err)
				return
			}
			t.rows = rows
			t.list.UnselectAll()
			t.list.ScrollToTop()
			t.list.Refresh()
			t.detail.Hide()
			t.info.Importance = widget.MediumImportance
			switch {
			case len(rows) == 0:
				t.info.SetText(i18n.T("Nothing in the audit log matches. Widen the dates, or choose “Anyone” and “Any kind”."))
			case len(rows) >= 500:
				t.info.SetText(i18n.T("The newest %d entries that match. Narrow the dates to see earlier ones. Choose a row to read all of it.", len(rows)))
			case len(rows) == 1:
				t.info.SetText(i18n.T("1 entry. Choose it to read all of it."))
			default:
				t.info.SetText(i18n.T("%d entries, newest first. Choose a row to read all of it.", len(rows)))
			}
		}
	})
}
