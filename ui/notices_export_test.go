package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// shownText is the text of every label and button under o that is shown,
// one a line, cards' contents included.
func shownText(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.Button:
			b.WriteString(w.Text + "\n")
		case *widget.Card:
			walk(w.Content)
		case *container.Scroll:
			walk(w.Content)
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}

// card finds the card titled title under o.
func card(t *testing.T, o fyne.CanvasObject, title string) *widget.Card {
	t.Helper()
	var found *widget.Card
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Card:
			if w.Title == title {
				found = w
			}
		case *container.Scroll:
			walk(w.Content)
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	if found == nil {
		t.Fatalf("no card %q", title)
	}
	return found
}

// An outcome is shown in the card of the action that caused it, and goes
// when that action's input changes or another action starts; a newer
// message replaces an older one.
func TestNoticesScreenShowsEachOutcomeWhereItsActionIs(t *testing.T) {
	n := newTestNotices(t, newNoticeStore(), &spooler{})
	dayCard := card(t, n.Content(), "Every notice of one day")
	caseCard := card(t, n.Content(), "Every notice of one case")

	test.Tap(n.saveDay)
	if !strings.Contains(shownText(dayCard), "Saved 3 documents") || strings.Contains(shownText(caseCard), "Saved") {
		t.Fatalf("the day's outcome is not in the day's card:\nday:\n%s\ncase:\n%s", shownText(dayCard), shownText(caseCard))
	}
	// Starting another action takes the day's outcome away.
	test.Type(n.receipt, "EAC2190000001")
	test.Tap(n.saveCase)
	screen := shownText(n.Content())
	if strings.Contains(screen, "Saved 3 documents") || !strings.Contains(shownText(caseCard), "no case with receipt number EAC2190000001") {
		t.Fatalf("after saving a case:\n%s", screen)
	}
	// A new error replaces the old one: one message for the case, the newest.
	n.receipt.SetText("")
	test.Type(n.receipt, "XYZ123")
	test.Tap(n.saveCase)
	screen = shownText(n.Content())
	if strings.Contains(screen, "no case with") || !strings.Contains(shownText(caseCard), "EAC") || n.receipt.Text != "XYZ123" {
		t.Fatalf("after a receipt that is no receipt number:\n%s", screen)
	}
	// Changing the input takes its action's outcome away.
	test.Type(n.receipt, "4")
	if screen := shownText(n.Content()); strings.Contains(screen, "XYZ123") {
		t.Fatalf("the outcome stays after the receipt changed:\n%s", screen)
	}
	n.receipt.SetText("IOE0912345678")
	test.Tap(n.saveCase)
	if !strings.Contains(shownText(caseCard), "Saved 4 documents") {
		t.Fatalf("case card:\n%s", shownText(caseCard))
	}
	n.date.SetText("11/21/2026")
	n.date.SetText("11/20/2026")
	test.Tap(n.saveDay)
	test.Tap(n.asked.replace) // the PDF saved before has that name
	if screen := shownText(n.Content()); strings.Contains(screen, "Saved 4 documents") || !strings.Contains(shownText(dayCard), "Saved 3 documents") {
		t.Fatalf("after saving the day again:\n%s", screen)
	}
	n.date.SetText("11/21/2026")
	if screen := shownText(n.Content()); strings.Contains(screen, "Saved 3 documents") {
		t.Fatalf("the day's outcome stays after the date changed:\n%s", screen)
	}
}

// A date being typed is not marked wrong: it is checked once it is whole,
// on Enter, or when the person leaves the field, and then the words next
// to it say what is wrong.
func TestNoticesScreenChecksTheDateOnceItIsWhole(t *testing.T) {
	n := newTestNotices(t, newNoticeStore(), &spooler{})
	wrong := func() bool { return n.dayInfo.Visible() && n.dayInfo.Importance == widget.DangerImportance }
	n.date.SetText("")
	for _, r := range "11/20/202" {
		test.Type(n.date, string(r))
		if wrong() || !n.saveDay.Disabled() {
			t.Fatalf("%q marked wrong (%q) or savable while being typed", n.date.Text, n.dayInfo.Text)
		}
	}
	test.Type(n.date, "6")
	if n.dayInfo.Text != "3 notices are dated November 20, 2026." || n.saveDay.Disabled() {
		t.Fatalf("whole date: %q", n.dayInfo.Text)
	}
	// A short date is whole too once its year is.
	n.date.SetText("3/1")
	if wrong() {
		t.Fatalf("%q marked wrong: %q", n.date.Text, n.dayInfo.Text)
	}
	n.date.SetText("3/1/2026")
	if wrong() || !strings.Contains(n.dayInfo.Text, "March 1, 2026") {
		t.Fatalf("%q: %q", n.date.Text, n.dayInfo.Text)
	}
	// Enter checks what is there.
	n.date.SetText("3/1/20")
	n.date.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !wrong() || !strings.Contains(n.dayInfo.Text, "4-digit year") || n.date.Text != "3/1/20" {
		t.Fatalf("Enter on %q: %q", n.date.Text, n.dayInfo.Text)
	}
	// So does leaving the field.
	c := n.win.Canvas()
	c.Focus(n.date)
	n.date.SetText("13/1")
	if wrong() {
		t.Fatalf("%q marked wrong while typed: %q", n.date.Text, n.dayInfo.Text)
	}
	c.Focus(n.receipt)
	if !wrong() || n.date.Text != "13/1" {
		t.Fatalf("after leaving %q: %q", n.date.Text, n.dayInfo.Text)
	}
}

// A day of many notices, cancelled from the progress early on and once
// every notice is laid out: the screen says it was cancelled, nothing is
// saved, and an earlier PDF of that name is kept as it was.
func TestNoticesScreenCancelsWhileWriting(t *testing.T) {
	for _, at := range []int{10, 150} {
		t.Run(fmt.Sprint("at ", at), func(t *testing.T) {
			store := newNoticeStore()
			for len(store.notices) < 150 {
				m := store.notices[len(store.notices)%3]
				m.ID = fmt.Sprintf("n%d", len(store.notices)+1)
				store.notices = append(store.notices, m)
			}
			n := newTestNotices(t, store, &spooler{})
			path := filepath.Join(n.folder, "notices-2026-11-20.pdf")
			os.MkdirAll(n.folder, 0o700)
			if err := os.WriteFile(path, []byte("earlier"), 0o600); err != nil {
				t.Fatal(err)
			}
			var busy sync.WaitGroup
			n.svc.Runner.Go = func(work func()) { busy.Add(1); go func() { defer busy.Done(); work() }() }
			last := 0
			n.afterStep = func(done, total int) {
				last = done
				if done == at {
					test.Tap(n.cancel)
				}
			}
			test.Tap(n.printDay)
			busy.Wait()
			if n.asked == nil {
				t.Fatal("no question about the earlier PDF")
			}
			test.Tap(n.asked.replace)
			busy.Wait()
			if !strings.Contains(n.dayOut.msg.Text, "cancelled") || n.working.Visible() || n.dayOut.open.Visible() {
				t.Fatalf("result %q", n.dayOut.msg.Text)
			}
			if last > at {
				t.Errorf("the progress went on to %d after Cancel at %d", last, at)
			}
			if b, _ := os.ReadFile(path); string(b) != "earlier" {
				t.Errorf("the earlier PDF changed: %.20q", b)
			}
			if entries, _ := os.ReadDir(n.folder); len(entries) != 1 {
				t.Errorf("files left: %v", entries)
			}
			if n.saveDay.Disabled() || n.saveCase.Disabled() {
				t.Error("the buttons stay disabled after the cancel")
			}
		})
	}
}

// On a computer without a PDF viewer, "Open the PDF" says so in words, with
// where the file is, in place of the saved message.
func TestNoticesScreenExplainsThatNoViewerOpensThePDF(t *testing.T) {
	sp := &spooler{openErr: &exec.Error{Name: "xdg-open", Err: exec.ErrNotFound}}
	n := newTestNotices(t, newNoticeStore(), sp)
	test.Tap(n.saveDay)
	path := filepath.Join(n.folder, "notices-2026-11-20.pdf")
	test.Tap(n.dayOut.open)
	msg := n.dayOut.msg.Text
	if !strings.Contains(msg, "No PDF viewer could be started") || !strings.Contains(msg, path) || !strings.Contains(msg, "file manager") {
		t.Fatalf("message %q", msg)
	}
	if strings.Contains(msg, "exec:") || strings.Contains(msg, "executable file not found") {
		t.Fatalf("the system's words are shown: %q", msg)
	}
	if strings.Contains(shownText(n.Content()), "Saved 3 documents") {
		t.Fatal("the older message stays beside the newer one")
	}
}

// Saving where a PDF of that name is asks first: keep both (the new one as
// "name (2).pdf"), cancel (nothing changes), or replace it.
func TestNoticesScreenAsksBeforeReplacingAPDF(t *testing.T) {
	sp := &spooler{}
	n := newTestNotices(t, newNoticeStore(), sp)
	path := filepath.Join(n.folder, "notices-2026-11-20.pdf")
	os.MkdirAll(n.folder, 0o700)
	os.WriteFile(path, []byte("earlier"), 0o600)
	earlier := func() bool { b, _ := os.ReadFile(path); return string(b) == "earlier" }

	test.Tap(n.printDay)
	if n.asked == nil || !earlier() || len(sp.ran) > 2 {
		t.Fatalf("no question before replacing (asked %v, ran %v)", n.asked != nil, sp.ran)
	}
	if q := n.asked.text.Text; !strings.Contains(q, "notices-2026-11-20.pdf") || !strings.Contains(q, "notices-2026-11-20 (2).pdf") {
		t.Fatalf("question %q", q)
	}
	test.Tap(n.asked.keepBoth)
	second := filepath.Join(n.folder, "notices-2026-11-20 (2).pdf")
	if n.asked != nil || !earlier() || !strings.Contains(n.dayOut.msg.Text, second) || !strings.Contains(sp.ran[len(sp.ran)-1], second) {
		t.Fatalf("keep both: %q, ran %q", n.dayOut.msg.Text, sp.ran[len(sp.ran)-1])
	}
	if b, err := os.ReadFile(second); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("no PDF at %s: %v", second, err)
	}

	test.Tap(n.saveDay)
	if n.asked == nil || !strings.Contains(n.asked.text.Text, "notices-2026-11-20 (3).pdf") {
		t.Fatal("no question the second time, or not about the next free name")
	}
	test.Tap(n.asked.cancel)
	if n.asked != nil || !earlier() || n.saveDay.Disabled() || n.working.Visible() {
		t.Fatalf("after cancel: %q", n.dayOut.msg.Text)
	}
	if entries, _ := os.ReadDir(n.folder); len(entries) != 2 {
		t.Fatalf("files after cancel: %v", entries)
	}

	test.Tap(n.saveDay)
	test.Tap(n.asked.replace)
	if earlier() || !strings.Contains(n.dayOut.msg.Text, "Saved 3 documents in "+path) {
		t.Fatalf("replace: %q", n.dayOut.msg.Text)
	}
	if entries, _ := os.ReadDir(n.folder); len(entries) != 2 {
		t.Fatalf("files after replace: %v", entries)
	}
}
