package ui

import (
	"strings"
	"testing"
	"time"

	"casedesk/app"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// A client's message is unread, in bold and counted in the tab's title;
// reading it clears the count, and the reply goes into the conversation.
func TestDeskInbox(t *testing.T) {
	r := newDeskRig(t)
	c := r.addClient(t, joseForm)
	id := r.store.clientWrites(c.ID, "Question about my RFE", "Do I need the medical exam?", time.Now().Add(-time.Hour))
	d, _ := r.open(t, tomas, app.RoleStaff)
	if d.inbox.item.Text != "Messages (1)" {
		t.Fatalf("tab %q", d.inbox.item.Text)
	}
	d.tabs.Select(d.inbox.item)
	if len(d.inbox.items) != 1 || !strings.Contains(d.inbox.info.Text, "1 unread message") {
		t.Fatalf("inbox %d, %q", len(d.inbox.items), d.inbox.info.Text)
	}
	row := d.inbox.list.CreateItem()
	d.inbox.list.UpdateItem(0, row)
	if l := row.(*fyne.Container).Objects[1].(*widget.Label); l.Text != "Question about my RFE" || !l.TextStyle.Bold {
		t.Fatalf("row %q bold %v", l.Text, l.TextStyle.Bold)
	}
	d.inbox.list.Select(0)
	th := d.inbox.thread
	if th == nil || !strings.Contains(deskText(th.box), "Do I need the medical exam?") || !strings.Contains(deskText(th.box), "From José Muñoz") {
		t.Fatal("the conversation is not shown")
	}
	if d.inbox.item.Text != "Messages" || r.store.readBy[id].IsZero() {
		t.Fatalf("after reading: tab %q", d.inbox.item.Text)
	}
	d.inbox.list.UpdateItem(0, row)
	if row.(*fyne.Container).Objects[1].(*widget.Label).TextStyle.Bold {
		t.Fatal("a read message is still bold")
	}
	test.Tap(th.send)
	if !th.msg.Visible() || !strings.Contains(th.msg.Text, "Message is empty") {
		t.Fatalf("empty reply: %q", th.msg.Text)
	}
	typeIn(th.reply, "Yes, bring it on Monday.")
	test.Tap(th.send)
	last := r.store.messages[len(r.store.messages)-1]
	if !last.FromStaff || last.ReplyTo != id || last.Subject != "Re: Question about my RFE" || th.reply.Text != "" {
		t.Fatalf("reply %+v", last)
	}
	if !strings.Contains(deskText(th.lines), "Yes, bring it on Monday.") {
		t.Fatal("the reply is not in the conversation")
	}
	d.back()
	if d.shown() != d.tabs || !strings.Contains(d.inbox.info.Text, "Every message is read") {
		t.Fatalf("back: %q", d.inbox.info.Text)
	}
}

// An empty inbox says what comes there.
func TestDeskEmptyInbox(t *testing.T) {
	r := newDeskRig(t)
	d, _ := r.open(t, tomas, app.RoleStaff)
	d.tabs.Select(d.inbox.item)
	if !strings.Contains(d.inbox.info.Text, "No messages from clients yet") {
		t.Fatalf("%q", d.inbox.info.Text)
	}
}

// On the client's page staff write to the client and reply to them.
func TestDeskWritesToAClient(t *testing.T) {
	r := newDeskRig(t)
	c := r.addClient(t, joseForm)
	k := r.addCase(t, c.ID, "IOE0912345678")
	id := r.store.clientWrites(c.ID, "New address", "I moved.", time.Now().Add(-time.Hour))
	d, _ := r.open(t, tomas, app.RoleStaff)
	d.openClient(c.ID)
	m := d.client.messages
	test.Tap(m.send)
	if m.items[app.FieldSubject].HintText == "" || m.items[app.FieldMessage].HintText == "" {
		t.Fatal("the empty fields are not marked")
	}
	m.about.SetSelectedIndex(1)
	typeIn(m.subject, "Your interview")
	typeIn(m.body, "Please call us.")
	test.Tap(m.send)
	last := r.store.messages[len(r.store.messages)-1]
	if last.Subject != "Your interview" || last.CaseID != k.ID || m.body.Text != "" || len(m.replies) != 2 {
		t.Fatalf("sent %+v; %d conversations", last, len(m.replies))
	}
	test.Tap(m.replies[1]) // the older conversation: the client's
	if !strings.Contains(m.replyNote.Text, "Replying to “New address”") || !m.about.Disabled() {
		t.Fatalf("reply note %q", m.replyNote.Text)
	}
	typeIn(m.body, "Thank you, noted.")
	test.Tap(m.send)
	last = r.store.messages[len(r.store.messages)-1]
	if last.ReplyTo != id || m.replyTo != "" {
		t.Fatalf("reply %+v", last)
	}
}
