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

// clientMessages is the messages with a client on their page: each
// conversation with its replies, oldest first, newest conversation first,
// a Reply under each, and the form to write to the client.
type clientMessages struct {
	p       *clientPage
	threads *fyne.Container
	replies []*widget.Button // "Reply" of each conversation, in order

	cases     []app.Case
	about     *choice // the case the message is about, if any
	subject   *field
	body      *field
	replyTo   string // the message answered; "" for a new conversation
	replyNote *widget.Label
	noReply   *widget.Button
	send      *widget.Button
	msg       *widget.Label
	form      *widget.Form
	items     map[app.Field]*widget.FormItem
	box       *fyne.Container
}

func newClientMessages(p *clientPage) *clientMessages {
	m := &clientMessages{p: p, threads: container.NewVBox()}
	m.subject, m.body = newField(), newTextField(4)
	m.subject.SetPlaceHolder(i18n.T("In a few words, what it is about"))
	m.body.SetPlaceHolder(i18n.T("What you want to tell the client…"))
	p.d.touchOnTyping(&m.subject.Entry, &m.body.Entry)
	m.about = newChoice(nil, func(string) { p.d.touch() })
	m.replyNote = wrapped("")
	m.noReply = widget.NewButton(i18n.T("Write a new message instead"), func() { m.replyTo = ""; m.showReply("") })
	m.send = widget.NewButtonWithIcon(i18n.T("Send"), theme.MailSendIcon(), m.sendMessage)
	m.send.Importance = widget.HighImportance
	m.msg = note()
	m.items = map[app.Field]*widget.FormItem{
		app.FieldSubject: widget.NewFormItem(i18n.T("Subject"), m.subject),
		app.FieldMessage: widget.NewFormItem(i18n.T("Message"), m.body),
	}
	m.form = widget.NewForm(widget.NewFormItem(i18n.T("About"), m.about), m.items[app.FieldSubject], m.items[app.FieldMessage])
	replyBar := container.NewBorder(nil, nil, nil, m.noReply, m.replyNote)
	m.box = container.NewVBox(m.threads, widget.NewSeparator(), bold(i18n.T("Write to the client")), replyBar, m.form, m.msg, container.NewHBox(m.send))
	m.showReply("")
	return m
}

// reset forgets the messages and what was typed.
func (m *clientMessages) reset() {
	m.threads.Objects, m.replies, m.cases = nil, nil, nil
	m.subject.SetText("")
	m.body.SetText("")
	m.replyTo = ""
	m.about.SetOptions(nil)
	m.msg.Hide()
}

// show lists the conversations; what is typed stays.
func (m *clientMessages) show(ms []app.Message, cases []app.Case) {
	m.cases = cases
	opts := []string{i18n.T("No case in particular")}
	for _, c := range cases {
		opts = append(opts, string(c.Receipt)+" · "+c.FormType)
	}
	keep := m.about.SelectedIndex()
	m.about.SetOptions(opts)
	if keep < 0 || keep >= len(opts) {
		keep = 0
	}
	m.about.SetSelectedIndex(keep)

	m.threads.Objects, m.replies = nil, nil
	if len(ms) == 0 {
		m.threads.Add(empty(i18n.T("No messages with this client yet. Write one below; the client reads it when they sign in.")))
	}
	// ms is oldest first: the conversations start in that order, and the
	// newest is shown first.
	known := map[string]bool{}
	replies := map[string][]app.Message{}
	var starts []app.Message
	for _, x := range ms {
		known[x.ID] = true
	}
	for _, x := range ms {
		if x.ReplyTo != "" && known[x.ReplyTo] {
			replies[x.ReplyTo] = append(replies[x.ReplyTo], x)
			continue
		}
		starts = append(starts, x)
	}
	for i := len(starts) - 1; i >= 0; i-- {
		start := starts[i]
		thread := container.NewVBox(bold(start.Subject), messageLine(start))
		for _, r := range replies[start.ID] {
			thread.Add(messageLine(r))
		}
		reply := widget.NewButtonWithIcon(i18n.T("Reply"), theme.MailReplyIcon(), func() {
			m.p.d.touch()
			m.replyTo = start.ID
			m.showReply(start.Subject)
		})
		m.replies = append(m.replies, reply)
		thread.Add(container.NewHBox(reply))
		m.threads.Add(widget.NewCard("", "", thread))
	}
	m.threads.Refresh()
}

// messageLine is one message: who wrote it and when, and what it says.
func messageLine(x app.Message) fyne.CanvasObject {
	who := i18n.T("The client wrote")
	if x.FromStaff {
		who = i18n.T("The clinic wrote")
	}
	line := wrapped(who + " · " + when(x.SentAt))
	line.TextStyle = fyne.TextStyle{Italic: true}
	return container.NewVBox(line, wrapped(x.Body))
}

// showReply says which conversation the form answers, if any.
func (m *clientMessages) showReply(subject string) {
	if m.replyTo == "" {
		m.replyNote.SetText(i18n.T("A new conversation."))
		m.noReply.Hide()
		m.about.Enable()
		return
	}
	m.replyNote.SetText(i18n.T("Replying to “%s”. Leave the subject empty to keep it.", subject))
	m.noReply.Show()
	m.about.Disable() // a reply is about what the conversation is about
}

// sendMessage sends what is typed, as a new message or as a reply.
func (m *clientMessages) sendMessage() {
	p := m.p
	d := p.d
	d.touch()
	f := desk.MessageForm{PersonID: p.id, ReplyTo: m.replyTo, Subject: m.subject.Text, Body: m.body.Text}
	if i := m.about.SelectedIndex(); i > 0 && i <= len(m.cases) && m.replyTo == "" {
		f.CaseID = m.cases[i-1].ID
	}
	m.send.Disable()
	d.run(func(ctx context.Context) func() {
		_, err := d.desk.Send(ctx, f)
		return func() {
			m.send.Enable()
			markItems(m.form, m.items, err)
			if t := formMessage(err); t != "" {
				tell(m.msg, i18n.T("Nothing was sent. Fix what is marked:")+"\n"+desk.Message(err), true)
				return
			}
			if err != nil {
				m.msg.Hide()
				d.fail(err)
				return
			}
			m.subject.SetText("")
			m.body.SetText("")
			m.replyTo = ""
			m.showReply("")
			tell(m.msg, i18n.T("Sent. The client reads it in their messages when they sign in."), false)
			p.reload()
		}
	})
}
