package backup

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"testing"
	"time"

	"casedesk/app/auth"
)

func testKeys(b byte) *auth.Keys { return auth.NewKeysForTest(bytes.Repeat([]byte{b}, 32)) }

func sealed(t *testing.T, plain []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := Seal(&out, bytes.NewReader(plain), testKeys(1), 9, time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// Every size around the chunk boundaries comes back whole, and the store's
// text is nowhere in the sealed file.
func TestSealOpenRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, chunkSize - 1, chunkSize, chunkSize + 1, 3 * chunkSize, 3*chunkSize + 17} {
		plain := make([]byte, n)
		rand.Read(plain)
		copy(plain, "SQLite format 3\x00 Maria Garcia")
		s := sealed(t, plain)
		if n > 30 && bytes.Contains(s, []byte("Maria Garcia")) {
			t.Errorf("%d bytes: the sealed file shows the store's text", n)
		}
		var got bytes.Buffer
		h, err := Open(bytes.NewReader(s), &got, testKeys(1))
		if err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		if !bytes.Equal(got.Bytes(), plain) {
			t.Fatalf("%d bytes: came back different", n)
		}
		if h.Schema != 9 || h.KeyCheck != testKeys(1).KeyCheck() || !h.Created.Equal(time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)) {
			t.Errorf("header: %+v", h)
		}
	}
}

// One flipped byte anywhere, a cut or an addition is refused; so is a
// chunk moved, and another computer's key.
func TestTamperedRefused(t *testing.T) {
	plain := make([]byte, 3*chunkSize+100)
	rand.Read(plain)
	s := sealed(t, plain)
	hdr := len(Magic) + 2 + 4 + 8 + 32 + 2 + len(testKeys(1).KeyCheck())
	frame := chunkSize + 16
	open := func(b []byte) error {
		_, err := Open(bytes.NewReader(b), io.Discard, testKeys(1))
		return err
	}
	flip := func(i int) []byte {
		b := bytes.Clone(s)
		b[i] ^= 0x01
		return b
	}
	cases := map[string][]byte{
		"version":          flip(len(Magic) + 1),
		"schema":           flip(len(Magic) + 5),
		"created":          flip(len(Magic) + 13),
		"salt":             flip(len(Magic) + 20),
		"first chunk":      flip(hdr + 5),
		"middle":           flip(hdr + frame + frame/2),
		"last chunk":       flip(len(s) - 40),
		"last tag byte":    flip(len(s) - 1),
		"cut at a chunk":   s[:hdr+2*frame],
		"cut mid-chunk":    s[:len(s)-10],
		"cut to header":    s[:hdr],
		"cut in header":    s[:len(Magic)+10],
		"appended":         append(bytes.Clone(s), 0),
		"appended a chunk": append(bytes.Clone(s), s[hdr:hdr+frame]...),
		"chunks swapped":   append(append(append(bytes.Clone(s[:hdr]), s[hdr+frame:hdr+2*frame]...), s[hdr:hdr+frame]...), s[hdr+2*frame:]...),
	}
	for name, b := range cases {
		err := open(b)
		if err == nil {
			t.Errorf("%s: opened", name)
			continue
		}
		if !errors.Is(err, ErrTampered) && !errors.Is(err, ErrOtherKey) && !errors.Is(err, ErrTooNew) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// The key check in the header is part of it too.
	if err := open(flip(hdr - 3)); !errors.Is(err, ErrOtherKey) {
		t.Errorf("changed key check: %v", err)
	}
	if err := open(flip(3)); !errors.Is(err, ErrNotSealed) {
		t.Errorf("changed magic: %v", err)
	}
	if _, err := Open(bytes.NewReader(s), io.Discard, testKeys(2)); !errors.Is(err, ErrOtherKey) {
		t.Errorf("another key: %v", err)
	}
	// A file made to look as if another key sealed it still fails.
	other := sealed(t, plain)
	forged := append(bytes.Clone(other[:hdr]), s[hdr:]...)
	if err := open(forged); !errors.Is(err, ErrTampered) {
		t.Errorf("another file's header: %v", err)
	}
}
