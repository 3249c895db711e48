package ui

import (
	"context"

	"casedesk/app"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// messagesTab is "Messages": conversations with the clinic, each a message
// read by a tap with the replies to it below, oldest first, and a box to
// answer a message from the clinic. The tab's title counts the unread ones.
type messagesTab struct {
	h     *Home
	item  *container.TabItem
	list  *fyne.Container
	cards []*messageCard // in order
}

// messageCard is one message: its subject, and once read its body and,
// under a message from the clinic, the reply box.
type messageCard struct {
	subject, body *widget.Label
	thread        *fyne.Container // the replies, shown with the body
	read          *widget.Button
	reply         *field
	send          *widget.Button
	sent          *widget.Label // how the reply went
	replyBox      *fyne.Container
}

func newMessagesTab(h *Home) *messagesTab {
	t := &messagesTab{h: h, list: container.NewVBox()}
	t.item = container.NewTabItem(i18n.T("Messages"), page(t.list))
	return t
}

// reset forgets the messages and any reply typed.
func (t *messagesTab) reset() {
	for _, c := range t.cards {
		c.reply.SetText("")
	}
	t.list.Objects, t.cards = nil, nil
}

// count shows how many messages are unread in the tab's title.
func (t *messagesTab) count(unread int) {
	t.item.Text = i18n.T("Messages")
	if unread > 0 {
		t.item.Text = i18n.T("Messages (%d)", unread)
	}
	t.h.tabs.Refresh()
}

// show lists the conversations, newest first (ms is newest first).
func (t *messagesTab) show(ms []app.Message, unread int) {
	t.count(unread)
	t.list.Objects, t.cards = nil, nil
	if len(ms) == 0 {
		t.list.Add(empty(i18n.T("No messages. Messages from the clinic show here.")))
	}
	known := map[string]bool{}
	for _, m := range ms {
		known[m.ID] = true
	}
	replies := map[string][]app.Message{}
	var starts []app.Message
	for _, m := range ms {
		if m.ReplyTo != "" && known[m.ReplyTo] {
			replies[m.ReplyTo] = append([]app.Message{m}, replies[m.ReplyTo]...) // oldest first
			continue
		}
		starts = append(starts, m)
	}
	for _, m := range starts {
		c := t.newCard(m)
		for _, r := range replies[m.ID] {
			c.addReply(r)
		}
		t.cards = append(t.cards, c)
		t.list.Add(widget.NewCard("", "", container.NewVBox(
			container.NewBorder(nil, nil, nil, container.NewVBox(c.read), container.NewVBox(c.subject, from(m))),
			c.body, c.thread, c.replyBox)))
	}
	t.list.Refresh()
}

// from says who wrote a message, and when.
func from(m app.Message) *widget.Label {
	who := i18n.T("From the clinic")
	if !m.FromStaff {
		who = i18n.T("You wrote")
	}
	return wrapped(who + " · " + app.DateOf(m.SentAt.Local()).String())
}

// addReply puts a reply at the end of the conversation.
func (c *messageCard) addReply(r app.Message) {
	c.thread.Add(container.NewVBox(widget.NewSeparator(), from(r), wrapped(r.Body)))
}

// newCard builds the widgets of one message: its body hidden until Read,
// and the reply box, which only a message from the clinic shows.
func (t *messagesTab) newCard(m app.Message) *messageCard {
	h := t.h
	c := &messageCard{}
	c.subject = widget.NewLabelWithStyle(m.Subject, fyne.TextAlignLeading, fyne.TextStyle{Bold: m.ReadAt.IsZero()})
	c.subject.Wrapping = fyne.TextWrapWord
	c.body = wrapped(m.Body)
	c.body.Hide()
	c.thread = container.NewVBox()
	c.thread.Hide()
	c.reply = h.keyed(newTextField(3))
	c.reply.SetPlaceHolder(i18n.T("Write to the clinic…"))
	c.sent = note()
	c.send = widget.NewButtonWithIcon(i18n.T("Send reply"), theme.MailSendIcon(), func() { t.sendReply(m.ID, c) })
	c.replyBox = container.NewVBox(c.reply, container.NewHBox(c.send), c.sent)
	c.replyBox.Hide()
	c.read = widget.NewButton(i18n.T("Read"), func() {
		h.touch()
		c.thread.Show()
		if m.FromStaff {
			c.replyBox.Show()
		}
		h.passFocus(c.read, true) // to the reply box, or the next message
		c.read.Hide()
		t.markRead(m.ID, c)
	})
	return c
}

// sendReply sends what is typed under the message with id.
func (t *messagesTab) sendReply(id string, c *messageCard) {
	h, s, body := t.h, t.h.session, c.reply.Text
	h.touch()
	c.send.Disable()
	h.run(func(ctx context.Context) func() {
		r, err := h.svc.Portal.Reply(ctx, s, id, body)
		return func() {
			c.send.Enable()
			if err == nil {
				c.reply.SetText("")
				c.addReply(r) // the conversation shows it at once
				c.thread.Show()
			}
			h.say(c.sent, err, i18n.T("Sent. The clinic answers here, in your messages."))
		}
	})
}

// markRead shows a message and marks it read.
func (t *messagesTab) markRead(id string, c *messageCard) {
	h, s := t.h, t.h.session
	h.run(func(ctx context.Context) func() {
		m, err := h.svc.Portal.Read(ctx, s, id)
		var d app.Dashboard
		if err == nil {
			d, err = h.svc.Portal.Dashboard(ctx, s)
		}
		return func() {
			if err != nil {
				h.fail(err)
				return
			}
			c.body.SetText(m.Body)
			c.body.Show()
			c.subject.TextStyle = fyne.TextStyle{}
			c.subject.Refresh()
			t.count(d.Unread)
		}
	})
}
