package ui

import (
	"context"

	"casedesk/app"

	"fyne.io/fyne/v2"
)

// Another seat's change reaches an open screen by a refresh on focus: when
// the window comes back to the foreground (Fyne's EnteredForeground, which
// the desktop fires as the window gains the focus), the desk reads its
// client list or the open client's page again, and an applicant's home its
// cases and messages; an applicant's home also reads them as its Cases or
// Messages tab is chosen. A refresh never takes away what was typed: the
// search box keeps its text, a client's page its message being written, and
// an applicant's messages are not rebuilt while a reply is being written
// (nor their cases and messages when nothing changed).
// (A store file has one seat; the refresh then just reads what is there.)

// refreshOnFocus has the window refresh the screen it shows whenever it
// comes back to the foreground.
func (sh *shell) refreshOnFocus(a fyne.App) {
	a.Lifecycle().SetOnEnteredForeground(func() {
		if sh.refresh != nil {
			sh.refresh()
		}
	})
}

// refreshFromStore reads again what the desk shows: the client list, or
// the client's page open over it, and the count of unread messages.
func (d *Desk) refreshFromStore() {
	d.mu.Lock()
	stopped := d.stopped
	d.mu.Unlock()
	if stopped || d.me.AccountID == "" {
		return // ended, or not loaded yet
	}
	switch {
	case d.back == nil && d.tabs.Selected() == d.clients.item:
		d.clients.search()
	case d.client != nil && d.shown() == d.client.scroll:
		d.client.reload()
	}
	d.inbox.count()
}

// refreshFromStore reads the applicant's cases and messages again, while
// the tabs are shown (a case page keeps what it shows until Back).
func (h *Home) refreshFromStore() {
	h.mu.Lock()
	stopped := h.stopped
	h.mu.Unlock()
	if stopped || h.back != nil || h.person.ID == "" {
		return
	}
	s := h.session
	h.run(func(ctx context.Context) func() {
		d, err := h.svc.Portal.Dashboard(ctx, s)
		var ms []app.Message
		if err == nil {
			ms, err = h.svc.Portal.Messages(ctx, s)
		}
		return func() {
			if err != nil {
				h.fail(err)
				return
			}
			if h.back != nil {
				return // a case page opened meanwhile
			}
			// Rebuilt only when something changed: a rebuild would take
			// the focus from the button it is on.
			if !sameCases(h.cases.shownCases, d.Cases) {
				h.cases.show(d)
			}
			h.messages.count(d.Unread)
			if len(ms) != h.messages.shown() && !h.messages.writing() {
				h.messages.show(ms, d.Unread)
			}
		}
	})
}

// sameCases reports whether two lists of cases show the same.
func sameCases(a, b []app.Case) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].StatusCode != b[i].StatusCode || !a[i].UpdatedAt.Equal(b[i].UpdatedAt) ||
			a[i].StatusDate != b[i].StatusDate {
			return false
		}
	}
	return true
}

// shown is how many messages the tab shows: each conversation's first and
// its replies.
func (t *messagesTab) shown() int {
	n := 0
	for _, c := range t.cards {
		n += 1 + len(c.thread.Objects)
	}
	return n
}

// writing reports whether a reply is being written under a message.
func (t *messagesTab) writing() bool {
	for _, c := range t.cards {
		if c.reply.Text != "" {
			return true
		}
	}
	return false
}
