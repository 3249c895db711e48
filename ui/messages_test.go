package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestMessagesTab: reading the message clears the unread count; a reply
// goes to the clinic.
func TestMessagesTab(t *testing.T) {
	h, _, _ := newHomeRig(t).home(t)
	m := h.messages
	c := m.cards[0]
	if c.body.Visible() || m.item.Text != "Messages (1)" {
		t.Fatalf("before reading: body shown %v, tab %q", c.body.Visible(), m.item.Text)
	}
	test.Tap(c.read)
	if m.item.Text != "Messages" || !c.body.Visible() || c.read.Visible() || c.subject.TextStyle.Bold {
		t.Fatalf("after reading: %q", m.item.Text)
	}
	test.Tap(c.send)
	if !strings.Contains(c.sent.Text, "is empty") {
		t.Fatalf("empty reply: %q", c.sent.Text)
	}
	typeIn(c.reply, "I will bring it on Monday.")
	test.Tap(c.send)
	if !strings.Contains(c.sent.Text, "Sent") || c.reply.Text != "" || !strings.Contains(labels(c.thread), "I will bring it on Monday.") {
		t.Fatalf("reply: %q, conversation %q", c.sent.Text, labels(c.thread))
	}
	// Loaded again, the reply is in the conversation, not a message of its own.
	h.load()
	if len(m.cards) != 1 || !strings.Contains(labels(m.cards[0].thread), "You wrote") || !strings.Contains(labels(m.cards[0].thread), "I will bring it on Monday.") {
		t.Fatalf("after loading again: %d conversations, %q", len(m.cards), labels(m.cards[0].thread))
	}
}
