package packet

// Attacks on the packet's format itself: every byte of a packet is bound,
// by the clinic's signature and by the seal, and no file makes the reader
// panic or spend more than the bounded costs.

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"testing"
)

// Changing any one byte of a packet, anywhere, is found without the code
// (the signature covers every byte before it, and the signature itself is
// checked strictly); no change ever opens.
func TestSecurityEveryByteIsBound(t *testing.T) {
	b := write(t, signer(t), 1, sample(1, 2))
	for i := range b {
		for _, flip := range []byte{0x01, 0x80} {
			c := bytes.Clone(b)
			c[i] ^= flip
			_, err := ReadHeader(c)
			if err == nil {
				t.Fatalf("byte %d changed (^%#x) and the packet still reads", i, flip)
			}
			if !errors.Is(err, ErrAltered) && !errors.Is(err, ErrNotPacket) && !errors.Is(err, ErrNewerFormat) {
				t.Fatalf("byte %d: %v", i, err)
			}
		}
	}
}

// A header re-signed with another key (the one way to change it and keep
// a good signature) never opens with the right code: the header is the
// seal's additional data.
func TestSecurityReSignedHeaderNeverOpens(t *testing.T) {
	b := write(t, signer(t), 1, sample(1, 2))
	n := binary.BigEndian.Uint32(b[len(Magic):])
	rest := b[len(Magic)+4+int(n) : len(b)-ed25519.SignatureSize]
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	h, err := ReadHeader(b)
	if err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(*Header){
		"new packet id":        func(h *Header) { h.Packet = "another" },
		"larger number":        func(h *Header) { h.Seq = 99 },
		"other clinic":         func(h *Header) { h.Clinic = "clinic-2" },
		"same all but the key": func(*Header) {},
	} {
		nh := h
		nh.Key = pub
		edit(&nh)
		var buf bytes.Buffer
		buf.WriteString(Magic)
		js, err := json.Marshal(nh)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(binary.BigEndian.AppendUint32(nil, uint32(len(js))))
		buf.Write(js)
		buf.Write(rest)
		buf.Write(ed25519.Sign(priv, buf.Bytes()))
		if _, err := ReadHeader(buf.Bytes()); err != nil {
			t.Fatalf("%s: the re-signed header does not read: %v", name, err)
		}
		if _, _, err := Open(buf.Bytes(), code); !errors.Is(err, ErrWrongCode) {
			t.Fatalf("%s: the right code on a re-signed header: %v", name, err)
		}
	}
}

// Random files, random files that start as a packet does, and packets cut
// at every length are refused without a panic.
func TestSecurityNoPanicOnHostileFiles(t *testing.T) {
	good := write(t, signer(t), 1, sample(1, 2))
	for i := range len(good) {
		if _, _, err := Open(good[:i], code); err == nil {
			t.Fatalf("a packet cut at %d bytes opens", i)
		}
	}
	for range 200 {
		r := make([]byte, 64+len(good)%512)
		_, _ = rand.Read(r)
		if _, err := ReadHeader(r); err == nil {
			t.Fatal("random bytes read as a packet")
		}
		copy(r, Magic)
		if _, err := ReadHeader(r); err == nil {
			t.Fatal("random bytes after the magic read as a packet")
		}
	}
}
