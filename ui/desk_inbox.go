package ui

import (
	"context"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// inboxTab is "Messages", the clinic's inbox: what clients wrote, newest
// first, the unread in bold and counted in the tab's title. Opening one
// marks it read by the clinic and shows its conversation with Reply.
type inboxTab struct {
	d       *Desk
	item    *container.TabItem
	items   []desk.InboxItem
	list    *widget.List
	info    *widget.Label
	refresh *widget.Button
	unread  int
	thread  *inboxThread // the conversation shown, if any
}

func newInboxTab(d *Desk) *inboxTab {
	t := &inboxTab{d: d}
	t.info = wrapped("")
	t.refresh = widget.NewButtonWithIcon(i18n.T("Refresh"), theme.ViewRefreshIcon(), func() { d.touch(); t.load() })
	t.list = widget.NewList(func() int { return len(t.items) }, newInboxRow, func(i widget.ListItemID, o fyne.CanvasObject) {
		if i < len(t.items) {
			showInboxRow(o, t.items[i])
		}
	})
	t.list.OnSelected = func(i widget.ListItemID) {
		t.list.UnselectAll()
		if i < len(t.items) {
			d.touch()
			t.openItem(i)
		}
	}
	top := container.NewVBox(container.NewBorder(nil, nil, nil, t.refresh, t.info), widget.NewSeparator())
	t.item = container.NewTabItem(i18n.T("Messages"), container.NewBorder(top, nil, nil, nil, t.list))
	return t
}

func newInboxRow() fyne.CanvasObject {
	name, subject, at := widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel("")
	name.Truncation, subject.Truncation = fyne.TextTruncateEllipsis, fyne.TextTruncateEllipsis
	return newColumns([]float32{3, 6, 2.5}, name, subject, at)
}

func showInboxRow(o fyne.CanvasObject, it desk.InboxItem) {
	cells := o.(*fyne.Container).Objects
	style := fyne.TextStyle{Bold: it.ClinicReadAt.IsZero()}
	for i, text := range []string{it.PersonName, it.Subject, when(it.SentAt)} {
		l := cells[i].(*widget.Label)
		l.TextStyle = style
		l.SetText(text)
	}
}

// reset forgets the messages.
func (t *inboxTab) reset() {
	t.items = nil
	t.list.Refresh()
	t.info.SetText("")
	t.unread = 0
	t.setTitle()
	if t.thread != nil {
		t.thread.reset()
		t.thread = nil
	}
}

// setTitle counts the unread messages in the tab's title.
func (t *inboxTab) setTitle() {
	t.item.Text = i18n.T("Messages")
	if t.unread > 0 {
		t.item.Text = i18n.T("Messages (%d)", t.unread)
	}
	t.d.tabs.Refresh()
}

// count reads how many messages are unread, for the tab's title.
func (t *inboxTab) count() {
	d := t.d
	d.run(func(ctx context.Context) func() {
		n, err := d.desk.Unread(ctx)
		return func() {
			if err == nil {
				t.unread = n
				t.setTitle()
			}
		}
	})
}

// load reads the inbox.
func (t *inboxTab) load() {
	d := t.d
	t.refresh.Disable()
	d.run(func(ctx context.Context) func() {
		items, n, err := d.desk.Inbox(ctx, false)
		return func() {
			t.refresh.Enable()
			if err != nil {
				d.fail(err)
				return
			}
			t.show(items, n)
		}
	})
}

func (t *inboxTab) show(items []desk.InboxItem, unread int) {
	t.items, t.unread = items, unread
	t.setTitle()
	t.list.Refresh()
	switch {
	case len(items) == 0:
		t.info.SetText(i18n.T("No messages from clients yet. What clients write in their account shows here."))
	case unread == 0:
		t.info.SetText(i18n.T("Every message is read. Newest first; choose one to read it and reply."))
	case unread == 1:
		t.info.SetText(i18n.T("1 unread message, in bold. Newest first; choose one to read it and reply."))
	default:
		t.info.SetText(i18n.T("%d unread messages, in bold. Newest first; choose one to read it and reply.", unread))
	}
}

// openItem marks a message read and shows its conversation.
func (t *inboxTab) openItem(i int) {
	d, it := t.d, t.items[i]
	d.run(func(ctx context.Context) func() {
		_, err := d.desk.Read(ctx, it.ID)
		var pg desk.Page
		var n int
		if err == nil {
			pg, err = d.desk.Client(ctx, it.PersonID)
		}
		if err == nil {
			n, err = d.desk.Unread(ctx)
		}
		return func() {
			if err != nil {
				d.fail(err)
				return
			}
			if i < len(t.items) && t.items[i].ID == it.ID && t.items[i].ClinicReadAt.IsZero() {
				t.items[i].ClinicReadAt = d.now()
				t.list.RefreshItem(i)
			}
			t.unread = n
			t.setTitle()
			t.thread = newInboxThread(t, it, pg)
		}
	})
}

// inboxThread is one conversation of the inbox, with a reply box and the
// way to the client's page.
type inboxThread struct {
	t        *inboxTab
	it       desk.InboxItem
	personID string
	rootID   string
	lines    *fyne.Container
	reply    *field
	send     *widget.Button
	msg      *widget.Label
	box      *fyne.Container
}

func newInboxThread(t *inboxTab, it desk.InboxItem, pg desk.Page) *inboxThread {
	d := t.d
	th := &inboxThread{t: t, it: it, personID: it.PersonID, rootID: it.ID, lines: container.NewVBox()}
	if it.ReplyTo != "" {
		th.rootID = it.ReplyTo
	}
	th.reply = newTextField(4)
	th.reply.SetPlaceHolder(i18n.T("Write a reply…"))
	d.touchOnTyping(&th.reply.Entry)
	th.send = widget.NewButtonWithIcon(i18n.T("Send reply"), theme.MailReplyIcon(), th.sendReply)
	th.send.Importance = widget.HighImportance
	th.msg = note()
	back := backButton(i18n.T("Back to messages"))
	client := widget.NewButtonWithIcon(i18n.T("Open client's page"), theme.AccountIcon(), func() { d.touch(); d.openClient(th.personID) })
	th.showThread(pg.Messages)
	th.box = container.NewVBox(container.NewBorder(nil, nil, back, client), heading(it.Subject),
		wrapped(i18n.T("From %s", pg.Client.FullName())), th.lines, widget.NewSeparator(),
		th.reply, th.msg, container.NewHBox(th.send))
	back.OnTapped = d.open(page(th.box), func() {
		th.reset()
		if t.thread == th {
			t.thread = nil
		}
		t.load()
	})
	return th
}

// showThread shows the messages of the conversation, oldest first.
func (th *inboxThread) showThread(ms []app.Message) {
	th.lines.Objects = nil
	for _, m := range ms {
		if m.ID == th.rootID || m.ReplyTo == th.rootID {
			th.lines.Add(widget.NewCard("", "", messageLine(m)))
		}
	}
	th.lines.Refresh()
}

func (th *inboxThread) reset() {
	th.reply.SetText("")
	th.lines.Objects = nil
	th.box.Objects = nil
}

func (th *inboxThread) sendReply() {
	d := th.t.d
	d.touch()
	f := desk.MessageForm{PersonID: th.personID, ReplyTo: th.it.ID, Body: th.reply.Text}
	th.send.Disable()
	d.run(func(ctx context.Context) func() {
		_, err := d.desk.Send(ctx, f)
		var pg desk.Page
		if err == nil {
			pg, err = d.desk.Client(ctx, f.PersonID)
		}
		return func() {
			th.send.Enable()
			if t := formMessage(err); t != "" {
				tell(th.msg, desk.Message(err), true)
				return
			}
			if err != nil {
				th.msg.Hide()
				d.fail(err)
				return
			}
			th.reply.SetText("")
			th.showThread(pg.Messages)
			tell(th.msg, i18n.T("Sent. The client reads the reply in their messages when they sign in."), false)
		}
	})
}
