package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/auth"

	"fyne.io/fyne/v2/test"
)

// TestSeatEnrolScreen: the window says why the store cannot be opened yet,
// asks for the recovery key, names a mistyped group, says a wrong key saved
// nothing, and hands the right one on; Cancel gives up.
func TestSeatEnrolScreen(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	right := auth.NewKeysForTest(bytes.Repeat([]byte{7}, 32))
	var tries []string
	enrol := func(_ context.Context, typed string) error {
		tries = append(tries, typed)
		key, err := auth.ParseRecoveryKey(typed)
		if err != nil {
			return err
		}
		if !bytes.Equal(key, bytes.Repeat([]byte{7}, 32)) {
			return app.ErrSeatKeyWrong
		}
		return nil
	}
	var enrolled, closed int
	s := newSeatEnrol("postgres://casedesk@server/casedesk", app.ErrNewSeat, enrol, inline, func() { enrolled++ }, func() { closed++ })
	w.SetContent(s.content)
	if shown := labels(s.content); !strings.Contains(shown, "does not hold the clinic") || !strings.Contains(shown, "Recovery Key sheet") {
		t.Fatal("the screen does not say why, or what to type")
	}

	test.Tap(s.enrol)
	if !s.message.Visible() || !strings.Contains(s.message.Text, "13 groups") || len(tries) != 0 {
		t.Fatalf("nothing typed: %q, %d tries", s.message.Text, len(tries))
	}
	groups := right.RecoveryGroups()
	typo := append([]string(nil), groups...)
	typo[4] = typo[4][:1] + swapChar(typo[4][1]) + typo[4][2:]
	test.Type(s.key, strings.Join(typo, " "))
	test.Tap(s.enrol)
	if !strings.Contains(s.message.Text, "Group 5") || enrolled != 0 {
		t.Fatalf("a mistyped group: %q", s.message.Text)
	}
	s.key.SetText(strings.Join(auth.NewKeysForTest(bytes.Repeat([]byte{8}, 32)).RecoveryGroups(), "-"))
	test.Tap(s.enrol)
	if !strings.Contains(s.message.Text, "nothing was saved") || enrolled != 0 {
		t.Fatalf("a wrong key: %q", s.message.Text)
	}
	s.key.SetText(strings.Join(groups, " "))
	test.Tap(s.enrol)
	if enrolled != 1 || s.key.Text != "" {
		t.Fatalf("the right key: enrolled %d, the entry still holds %q", enrolled, s.key.Text)
	}
	test.Tap(s.cancel)
	if closed != 1 {
		t.Error("Cancel did not give up")
	}
}
