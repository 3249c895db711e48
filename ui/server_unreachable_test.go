package ui

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/app/desk"
	"casedesk/app/notice"
	"casedesk/app/portal"
	"casedesk/app/settings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// errUnreachable is the error a store on a server gives while it is down.
var errUnreachable = fmt.Errorf("%w: dial tcp 127.0.0.1:5432: connect: connection refused", app.ErrServerUnreachable)

// downDesk is the desk's store with a server that can go down.
type downDesk struct {
	*deskStore
	down bool
}

func (s *downDesk) CreateClient(ctx context.Context, c *desk.Client, e app.AuditEvent) error {
	if s.down {
		return errUnreachable
	}
	return s.deskStore.CreateClient(ctx, c, e)
}

// The server goes down under the client form: the desk says the server
// did not answer and nothing was saved, the form keeps what was typed, and
// the same Save works once the server is back.
func TestDeskKeepsTheFormWhileTheServerIsDown(t *testing.T) {
	r := newDeskRig(t)
	st := &downDesk{deskStore: r.store}
	keys := auth.NewKeysForTest(bytes.Repeat([]byte{5}, 32))
	cheap := auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}
	r.svc.Desk = desk.New(st, deskCodes{r.store}, keys, r.svc.Notices, settings.New(r.store), nil, cheap)
	d, left := r.open(t, tomas, app.RoleStaff)
	f := addForm(t, d)
	fillClient(f, "Marisol", "Quispe", "03/04/1985")
	st.down = true
	test.Tap(f.save)
	if !d.status.Visible() || !strings.Contains(d.status.Text, "database server did not answer") || !strings.Contains(d.status.Text, "nothing was saved") ||
		!strings.Contains(d.status.Text, "What you typed is kept") {
		t.Fatalf("the desk says %q", d.status.Text)
	}
	if d.form != f || f.given.Text != "Marisol" || f.family.Text != "Quispe" || len(r.store.clients) != 0 || *left != "" {
		t.Fatalf("the form went, lost what was typed, or saved: %q %q, %d clients, %s", f.given.Text, f.family.Text, len(r.store.clients), *left)
	}
	if f.save.Disabled() {
		t.Fatal("Save stays disabled: it cannot be tried again")
	}
	st.down = false
	test.Tap(f.save)
	if len(r.store.clients) != 1 || d.status.Text != "Marisol Quispe was added as a client." {
		t.Fatalf("after the server came back: %d clients, %q", len(r.store.clients), d.status.Text)
	}
}

// downPortal is the applicant's store with a server that can go down, and
// messages another seat writes.
type downPortal struct {
	*portalStore
	down  bool
	extra []app.Message // written at another seat
}

func (s *downPortal) AddMessage(ctx context.Context, m *app.Message) error {
	if s.down {
		return errUnreachable
	}
	return s.portalStore.AddMessage(ctx, m)
}

func (s *downPortal) MessagesOfPerson(ctx context.Context, id string) ([]app.Message, error) {
	ms, err := s.portalStore.MessagesOfPerson(ctx, id)
	return append(append([]app.Message{}, s.extra...), ms...), err
}

func (s *downPortal) Dashboard(ctx context.Context, id string, at time.Time) (app.Dashboard, error) {
	if s.down {
		return app.Dashboard{}, errUnreachable
	}
	return s.portalStore.Dashboard(ctx, id, at)
}

func homeOnServer(t *testing.T) (*homeRig, *downPortal) {
	t.Helper()
	r := newHomeRig(t)
	st := &downPortal{portalStore: &portalStore{}}
	r.svc.Portal = portal.New(st, r.svc.SignIn, nil)
	r.svc.Notices = notice.NewService(newNoticeStore(), nil)
	return r, st
}

// An applicant's reply while the server is down: said in their words,
// the reply kept, and sent once the server is back.
func TestHomeKeepsTheReplyWhileTheServerIsDown(t *testing.T) {
	r, st := homeOnServer(t)
	h, _, ended := r.home(t)
	c := h.messages.cards[0]
	test.Tap(c.read)
	typeIn(c.reply, "I will bring it on Monday.")
	st.down = true
	test.Tap(c.send)
	if !h.status.Visible() || !strings.Contains(h.status.Text, "database server did not answer") || c.reply.Text != "I will bring it on Monday." || *ended != "" {
		t.Fatalf("says %q, reply %q, ended %q", h.status.Text, c.reply.Text, *ended)
	}
	st.down = false
	test.Tap(c.send)
	if len(st.replies) != 1 || c.reply.Text != "" || !strings.Contains(c.sent.Text, "Sent") {
		t.Fatalf("after the server came back: %d replies, reply %q, %q", len(st.replies), c.reply.Text, c.sent.Text)
	}
}

// Another seat's change shows when the window comes back to the
// foreground: the desk's client list, and an applicant's messages (but not
// over a reply being written).
func TestAnotherSeatsChangeShowsOnFocus(t *testing.T) {
	r := newDeskRig(t)
	d, _ := r.open(t, tomas, app.RoleStaff)
	sh := &shell{w: r.win, closeStore: func() {}}
	sh.refreshOnFocus(fyne.CurrentApp())
	sh.refresh = d.refreshFromStore
	typeSearch(d, "Quispe")
	r.addClient(t, desk.ClientForm{GivenName: "Marisol", FamilyName: "Quispe", DateOfBirth: "03/04/1985"}) // at another seat
	if len(d.clients.results) != 0 {
		t.Fatal("the list knew before the refresh")
	}
	foreground(t)
	if len(d.clients.results) != 1 || d.clients.query.Text != "Quispe" {
		t.Fatalf("after coming to the foreground: %d found, query %q", len(d.clients.results), d.clients.query.Text)
	}

	hr, st := homeOnServer(t)
	h, _, _ := hr.home(t)
	sh.refreshOnFocus(fyne.CurrentApp())
	sh.refresh = h.refreshFromStore
	st.extra = []app.Message{{ID: "m9", PersonID: "p1", FromStaff: true, Subject: "Your interview", Body: "It moved to Friday.", SentAt: time.Now()}}
	foreground(t)
	if len(h.messages.cards) != 2 || h.messages.cards[0].subject.Text != "Your interview" {
		t.Fatalf("the new message does not show: %d cards", len(h.messages.cards))
	}
	// Choosing the Messages tab reads them too; a reply being written stays.
	test.Tap(h.messages.cards[1].read)
	typeIn(h.messages.cards[1].reply, "Half written")
	st.extra = append(st.extra, app.Message{ID: "m10", PersonID: "p1", FromStaff: true, Subject: "One more", SentAt: time.Now()})
	h.tabs.Select(h.cases.item)
	h.tabs.Select(h.messages.item)
	if len(h.messages.cards) != 2 || h.messages.cards[1].reply.Text != "Half written" {
		t.Fatalf("a reply being written was lost: %d cards", len(h.messages.cards))
	}
	h.messages.cards[1].reply.SetText("")
	foreground(t)
	if len(h.messages.cards) != 3 {
		t.Fatalf("after the reply was emptied: %d cards", len(h.messages.cards))
	}
}

// foreground does what the desktop does as the window gains the focus.
func foreground(t *testing.T) {
	t.Helper()
	l, ok := fyne.CurrentApp().Lifecycle().(interface{ OnEnteredForeground() func() })
	if !ok || l.OnEnteredForeground() == nil {
		t.Fatal("nothing listens for the window coming to the foreground")
	}
	l.OnEnteredForeground()()
}
