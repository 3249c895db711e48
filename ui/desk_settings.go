package ui

import (
	"context"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/i18n"
	"casedesk/app/settings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// settingsTab is "Settings", for administrators: each setting the clinic
// may change, what it does, its value and Save, with what is wrong with a
// value said under it.
type settingsTab struct {
	d      *Desk
	item   *container.TabItem
	scroll *container.Scroll
	list   *fyne.Container
	rows   []*settingRow
	backup *backupPanel
	key    *recoveryCard
	kiosk  *kioskCard
}

// settingRow is one setting.
type settingRow struct {
	key   string
	value *field
	save  *widget.Button
	msg   *widget.Label
}

func newSettingsTab(d *Desk) *settingsTab {
	t := &settingsTab{d: d, list: container.NewVBox(), backup: newBackupPanel(d), key: newRecoveryCard(d), kiosk: newKioskCard(d)}
	box := container.NewVBox(t.backup.card, t.key.card, t.kiosk.card, hint(i18n.T("Changes apply at once, and each is written in the audit log with its new value. An empty value is refused; a setting never set uses its default.")), t.list)
	box.Add(d.exportCard())
	t.scroll = page(box)
	t.item = container.NewTabItem(i18n.T("Settings"), t.scroll)
	return t
}

// reset forgets the settings and what was typed.
func (t *settingsTab) reset() {
	t.key.reset()
	t.kiosk.reset()
	for _, r := range t.rows {
		r.value.SetText("")
	}
	t.list.Objects, t.rows = nil, nil
	t.backup.reset()
}

func (t *settingsTab) load() {
	d := t.d
	t.backup.load()
	t.kiosk.load()
	d.run(func(ctx context.Context) func() {
		vs, err := d.desk.Settings(ctx)
		return func() {
			if err != nil {
				d.fail(err)
				return
			}
			t.show(vs)
		}
	})
}

func (t *settingsTab) show(vs []settings.Value) {
	t.list.Objects, t.rows = nil, nil
	for _, v := range vs {
		if v.Key == app.SettingKiosk {
			continue // the Kiosk card's (kiosk_card.go)
		}
		r := &settingRow{key: v.Key, msg: note()}
		if v.Key == app.SettingClinicAddress {
			r.value = newTextField(3) // one line of the letterhead a line
		} else {
			r.value = newField()
		}
		r.value.SetText(v.Value)
		r.value.SetPlaceHolder(i18n.T("Not set: the default applies"))
		t.d.touchOnTyping(&r.value.Entry)
		r.save = widget.NewButtonWithIcon(i18n.T("Save"), theme.DocumentSaveIcon(), func() { t.store(r) })
		if !r.value.MultiLine {
			r.value.OnSubmitted = func(string) { t.store(r) }
		}
		t.rows = append(t.rows, r)
		about := i18n.T(v.About)
		if v.Key == app.SettingClinicAddress {
			about = i18n.T("the clinic's address on letterheads, as many lines as it takes")
		}
		t.list.Add(widget.NewCard("", "", container.NewVBox(
			bold(v.Key), hint(about),
			container.NewBorder(nil, nil, nil, container.NewVBox(r.save), r.value), r.msg)))
	}
	t.list.Refresh()
	t.scroll.Refresh()
}

// store saves one setting, saying under it how it went.
func (t *settingsTab) store(r *settingRow) {
	d := t.d
	d.touch()
	key, value := r.key, r.value.Text
	r.save.Disable()
	d.run(func(ctx context.Context) func() {
		err := d.desk.SetSetting(ctx, key, value)
		return func() {
			r.save.Enable()
			if formMessage(err) != "" {
				tell(r.msg, desk.Message(err), true)
				return
			}
			if err != nil {
				r.msg.Hide()
				d.fail(err)
				return
			}
			tell(r.msg, i18n.T("Saved."), false)
		}
	})
}
