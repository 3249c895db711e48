package ui

import (
	"context"
	"errors"
	"image/color"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/i18n"
	"casedesk/app/notice"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// staffTab is "Staff", for administrators: every staff account with where
// it stands, Disable and "Reset password and 2-step" for each, and the
// form to add one. A new or reset account gets a one-time password, shown
// once, to hand over in person.
type staffTab struct {
	d      *Desk
	item   *container.TabItem
	scroll *container.Scroll
	rows   *fyne.Container
	staff  []desk.StaffMember
	resets []*widget.Button // "Reset password and 2-step" of each row, in order (nil for oneself and the disabled)

	given, family, username *field
	role                    *choice
	wf                      *widget.Form
	items                   map[app.Field]*widget.FormItem
	add                     *widget.Button
	msg                     *widget.Label
	shownPassword           *canvas.Text // the one-time password in the dialog shown, if any
}

func newStaffTab(d *Desk) *staffTab {
	t := &staffTab{d: d, rows: container.NewVBox()}
	t.given, t.family, t.username = newField(), newField(), newField()
	t.username.SetPlaceHolder(i18n.T("Like maria.gomez"))
	d.touchOnTyping(entryOf(t.given, t.family, t.username)...)
	t.role = newChoice([]string{i18n.T("Staff"), i18n.T("Administrator")}, func(string) { d.touch() })
	t.role.SetSelectedIndex(0)
	t.items = map[app.Field]*widget.FormItem{
		app.FieldGivenName:  widget.NewFormItem(i18n.T("Given name"), t.given),
		app.FieldFamilyName: widget.NewFormItem(i18n.T("Family name"), t.family),
		app.FieldUsername:   widget.NewFormItem(i18n.T("Username"), t.username),
		app.FieldRole:       widget.NewFormItem(i18n.T("Role"), t.role),
	}
	t.wf = widget.NewForm(t.items[app.FieldGivenName], t.items[app.FieldFamilyName], t.items[app.FieldUsername], t.items[app.FieldRole])
	t.add = widget.NewButtonWithIcon(i18n.T("Add staff member"), theme.ContentAddIcon(), t.addStaff)
	t.add.Importance = widget.HighImportance
	t.msg = note()
	box := container.NewVBox(t.rows,
		section(i18n.T("Add a staff member"), container.NewVBox(
			hint(i18n.T("They get a one-time password to sign in with once; then they choose their own and set up 2-step verification.")),
			t.wf, t.msg, container.NewHBox(t.add))))
	t.scroll = page(box)
	t.item = container.NewTabItem(i18n.T("Staff"), t.scroll)
	return t
}

// reset forgets the staff, what was typed and any password shown.
func (t *staffTab) reset() {
	t.rows.Objects, t.staff, t.resets = nil, nil, nil
	for _, e := range []*field{t.given, t.family, t.username} {
		e.SetText("")
	}
	t.msg.Hide()
	if t.shownPassword != nil {
		t.shownPassword.Text = ""
		t.shownPassword = nil
	}
	markItems(t.wf, t.items, nil)
}

func (t *staffTab) load() {
	d := t.d
	d.run(func(ctx context.Context) func() {
		staff, err := d.desk.Staff(ctx)
		return func() {
			if err != nil {
				d.fail(err)
				return
			}
			t.show(staff)
		}
	})
}

// stateOf says where a staff account stands.
func (t *staffTab) stateOf(m desk.StaffMember) string {
	switch {
	case m.Disabled:
		return i18n.T("Disabled")
	case m.LockedUntil.After(t.d.now()):
		return i18n.T("Locked until %s", when(m.LockedUntil))
	case m.MustChange:
		return i18n.T("Has a one-time password; not signed in yet")
	case !m.HasTwoStep:
		return i18n.T("No 2-step verification yet")
	}
	return i18n.T("Active")
}

func (t *staffTab) show(staff []desk.StaffMember) {
	t.staff = staff
	t.rows.Objects, t.resets = nil, nil
	for _, m := range staff {
		var actions fyne.CanvasObject = container.NewHBox()
		var reset *widget.Button
		if m.AccountID != t.d.me.AccountID && !m.Disabled {
			disable := widget.NewButton(i18n.T("Disable"), func() { t.askDisable(m) })
			reset = widget.NewButton(i18n.T("Reset password and 2-step"), func() { t.askReset(m) })
			actions = container.NewHBox(disable, reset)
		}
		t.resets = append(t.resets, reset)
		t.rows.Add(container.NewBorder(nil, nil, nil, actions, container.NewVBox(
			bold(m.Name+" · "+m.Username),
			wrapped(i18n.T("%s · %s · last signed in %s", roleName(m.Role), t.stateOf(m), when(m.LastSignInAt))))))
		t.rows.Add(widget.NewSeparator())
	}
	t.rows.Refresh()
	t.scroll.Refresh()
}

func (t *staffTab) askDisable(m desk.StaffMember) {
	d := t.d
	d.touch()
	d.confirm(i18n.T("Disable %s?", m.Name),
		i18n.T("%s can no longer sign in. The account is kept, and their name stays in the audit log.", m.Username),
		i18n.T("Disable"), func() {
			d.run(func(ctx context.Context) func() {
				err := d.desk.DisableStaff(ctx, m.AccountID)
				return func() {
					if err != nil {
						t.failed(err)
						return
					}
					d.tellDone(i18n.T("%s is disabled.", m.Username))
					t.load()
				}
			})
		})
}

func (t *staffTab) askReset(m desk.StaffMember) {
	d := t.d
	d.touch()
	d.confirm(i18n.T("Reset %s's password and 2-step?", m.Name),
		i18n.T("Their password, authenticator app and backup codes stop working now. You get a one-time password to hand them in person; with it they choose a new password and set up 2-step verification again."),
		i18n.T("Reset password and 2-step"), func() {
			d.run(func(ctx context.Context) func() {
				password, err := d.desk.ResetStaff(ctx, m.AccountID)
				return func() {
					if err != nil {
						t.failed(err)
						return
					}
					t.load()
					t.showPassword(m.Name, m.Username, password, true)
				}
			})
		})
}

// failed says why an action on a staff member was refused.
func (t *staffTab) failed(err error) {
	switch {
	case errors.Is(err, desk.ErrLastAdmin):
		tell(t.d.status, i18n.T("This is the clinic's last administrator: make another staff member an administrator first."), true)
	case errors.Is(err, desk.ErrSelf):
		tell(t.d.status, i18n.T("You cannot disable or reset your own account; another administrator can."), true)
	case errors.Is(err, app.ErrUnchanged):
		tell(t.d.status, i18n.T("That account was disabled already."), false)
		t.load()
	default:
		t.d.fail(err)
	}
}

func (t *staffTab) addStaff() {
	d := t.d
	d.touch()
	f := desk.StaffForm{GivenName: t.given.Text, FamilyName: t.family.Text, Username: t.username.Text, Role: app.RoleStaff}
	if t.role.SelectedIndex() == 1 {
		f.Role = app.RoleAdmin
	}
	t.add.Disable()
	d.run(func(ctx context.Context) func() {
		m, password, err := d.desk.AddStaff(ctx, f)
		return func() {
			t.add.Enable()
			if d.refused(t.wf, t.items, t.msg, err) {
				return
			}
			for _, e := range []*field{t.given, t.family, t.username} {
				e.SetText("")
			}
			t.role.SetSelectedIndex(0)
			tell(t.msg, i18n.T("%s was added as %s.", m.Username, roleName(m.Role)), false)
			t.load()
			t.showPassword(m.Name, m.Username, password, false)
		}
	})
}

// showPassword shows a one-time password once, large, to read out or copy
// by hand: it cannot be selected and copied, so it lands in no clipboard.
// "Print…" previews the sheet to hand over instead (notice.StaffPassword),
// which prints from a private file and carries no username.
func (t *staffTab) showPassword(name, username, password string, reset bool) {
	d := t.d
	text := canvas.NewText(password, theme.Color(theme.ColorNameForeground))
	text.TextSize = 32
	text.TextStyle = fyne.TextStyle{Monospace: true}
	text.Alignment = fyne.TextAlignCenter
	t.shownPassword = text
	frame := canvas.NewRectangle(color.Transparent)
	frame.StrokeColor = theme.Color(theme.ColorNamePrimary)
	frame.StrokeWidth = 2
	frame.CornerRadius = theme.InputRadiusSize()
	say := wrapped(i18n.T("Hand this password to %s in person, read out or printed; never send it by e-mail or message. It works for one sign-in as %s: then they choose their own password and set up 2-step verification. It is not shown again.", name, username))
	content := container.NewVBox(container.NewStack(frame, container.NewPadded(text)), say)
	var dlg *dialog.CustomDialog
	printBtn := widget.NewButtonWithIcon(i18n.T("Print…"), theme.DocumentPrintIcon(), func() {
		doc := notice.StaffPassword{Password: password, Issued: d.svc.Notices.Today(), Reset: reset}
		dlg.Hide()
		d.previewDoc(doc, true, "one-time-password.pdf", nil)
	})
	done := widget.NewButton(i18n.T("I have handed it over"), func() { dlg.Hide() })
	done.Importance = widget.HighImportance
	dlg = dialog.NewCustomWithoutButtons(i18n.T("One-time password for %s", username), content, d.win)
	dlg.SetButtons([]fyne.CanvasObject{printBtn, done})
	dlg.SetOnClosed(func() {
		text.Text = ""
		if t.shownPassword == text {
			t.shownPassword = nil
		}
	})
	dlg.Resize(fyne.NewSize(560, 300))
	d.show(dlg)
}
