// Package packet is the clinic's case packet: one file that carries a
// client's cases, status history, notices and appointments from the
// clinic's store to the client's own computer, for a USB stick or an
// e-mail. It is sealed (AES-256-GCM) under a key derived with Argon2id from
// a one-time access code that is printed only on the client's Account
// Access Notice, and signed with the clinic's Ed25519 key, which the first
// packet a home applies pins.
//
// The file is
//
//	magic "CASEDESK PACKET\n"
//	uint32 n, then n bytes of header (JSON, readable without the code)
//	uint32 m, then m bytes of sealed contents (JSON; the additional data
//	          is everything before it)
//	64 bytes of Ed25519 signature over everything before it
//
// with lengths big-endian. The header says which clinic and packet it is,
// and its place in the clinic's count of packets for the client; who the
// client is and what their cases are is only in the sealed part.
package packet

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ed25519"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"casedesk/app"

	"golang.org/x/crypto/argon2"
)

// Magic starts every packet file.
const Magic = "CASEDESK PACKET\n"

// Version is the format this package writes; it reads only this one.
const Version = 1

// Ext is the file name extension of a packet.
const Ext = ".cdpacket"

// MaxSize is the largest packet read: a client's whole record is far
// smaller, and a bigger file is not one of ours.
const MaxSize = 64 << 20

// maxHeader bounds the header, read before anything is checked.
const maxHeader = 16 << 10

// Errors of reading a packet. Each says what to do in the messages of
// the home's service; none says anything about the person.
var (
	// ErrNotPacket: the file is not a case packet (or is cut short).
	ErrNotPacket = errors.New("not a CaseDesk case packet")
	// ErrNewerFormat: a packet from a newer CaseDesk.
	ErrNewerFormat = errors.New("case packet from a newer CaseDesk")
	// ErrAltered: the signature does not match what the file holds, so
	// it was changed after the clinic signed it.
	ErrAltered = errors.New("case packet altered after it was signed")
	// ErrWrongCode: the access code does not open the packet.
	ErrWrongCode = errors.New("the access code does not open this case packet")
)

// KDF is how the key is derived from the access code: Argon2id with these
// costs and salt.
type KDF struct {
	Alg     string `json:"alg"` // "argon2id"
	Salt    []byte `json:"salt"`
	Memory  uint32 `json:"m"` // KiB
	Time    uint32 `json:"t"`
	Threads uint8  `json:"p"`
}

// Costs of the key derivation. Default is what a clinic writes: with a
// 60-bit code, each guess costs a guesser 64 MiB and a few hundred
// milliseconds. A packet asking for more than the Max costs is refused
// unread, so a made-up file cannot make a home computer run out of memory.
var (
	Default = KDF{Alg: "argon2id", Memory: 64 << 10, Time: 4, Threads: 2}
	// Cheap is for tests only.
	Cheap = KDF{Alg: "argon2id", Memory: 64, Time: 1, Threads: 1}
)

// The ceilings are four times a clinic's memory and twice its passes: room
// for a clinic that raises its costs, while a made-up packet can make a
// home computer spend no more than 256 MiB and a few seconds a try.
const (
	maxMemory  = 256 << 10
	maxTime    = 8
	maxThreads = 8
)

// within says whether the costs are ones this package derives a key with.
func (k KDF) within() bool {
	return k.Alg == "argon2id" && k.Memory >= 8 && k.Memory <= maxMemory && k.Time >= 1 && k.Time <= maxTime &&
		k.Threads >= 1 && k.Threads <= maxThreads
}

// Header is the readable part of a packet.
type Header struct {
	Version int `json:"version"`
	// Packet is this packet's own id: tries of a code are counted by it.
	Packet string `json:"packet"`
	// Clinic is the clinic's id, made at its set-up; Key its public key.
	Clinic string            `json:"clinic"`
	Key    ed25519.PublicKey `json:"key"`
	// Seq is the clinic's count of packets written for this client: a
	// later packet has a larger one, and an older one is refused.
	Seq   int64     `json:"seq"`
	Made  time.Time `json:"made"`
	KDF   KDF       `json:"kdf"`
	Nonce []byte    `json:"nonce"`
}

// Signer is the clinic's side of a packet: its id and signing key.
type Signer struct {
	Clinic string
	Key    ed25519.PrivateKey
}

// Write seals and signs records for the person who holds code. h gives
// Packet, Seq and Made; the rest of the header is filled in here, with
// salt and nonce from random.
func Write(s Signer, h Header, code app.AccessCode, kdf KDF, records Records, random io.Reader) ([]byte, error) {
	if len(s.Key) != ed25519.PrivateKeySize || s.Clinic == "" {
		return nil, errors.New("packet: no clinic signing key")
	}
	if h.Packet == "" || h.Seq < 1 {
		return nil, errors.New("packet: a packet needs its id and its place in the count")
	}
	if !kdf.within() {
		return nil, errors.New("packet: key derivation costs out of bounds")
	}
	if err := records.check(); err != nil {
		return nil, fmt.Errorf("packet: %w", err)
	}
	body, err := json.Marshal(fromRecords(records))
	if err != nil {
		return nil, err
	}
	h.Version, h.Clinic, h.Key = Version, s.Clinic, s.Key.Public().(ed25519.PublicKey)
	h.Made = h.Made.UTC()
	h.KDF = kdf
	h.KDF.Salt = make([]byte, 16)
	h.Nonce = make([]byte, 12)
	if _, err := io.ReadFull(random, h.KDF.Salt); err != nil {
		return nil, err
	}
	if _, err := io.ReadFull(random, h.Nonce); err != nil {
		return nil, err
	}
	head, err := json.Marshal(h)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(len(Magic) + 8 + len(head) + len(body) + 16 + ed25519.SignatureSize)
	buf.WriteString(Magic)
	buf.Write(binary.BigEndian.AppendUint32(nil, uint32(len(head))))
	buf.Write(head)
	aead, err := h.aead(code)
	if err != nil {
		return nil, err
	}
	sealed := aead.Seal(nil, h.Nonce, body, buf.Bytes())
	if buf.Len()+4+len(sealed)+ed25519.SignatureSize > MaxSize {
		return nil, errors.New("packet: the client's record is too large for one packet")
	}
	buf.Write(binary.BigEndian.AppendUint32(nil, uint32(len(sealed))))
	buf.Write(sealed)
	buf.Write(ed25519.Sign(s.Key, buf.Bytes()))
	return buf.Bytes(), nil
}

// parts splits a packet file and checks its form, its version, its costs
// and its signature by the key its header names. It needs no code.
func parts(b []byte) (h Header, signed, sealed []byte, err error) {
	if len(b) > MaxSize {
		return Header{}, nil, nil, ErrNotPacket
	}
	if !bytes.HasPrefix(b, []byte(Magic)) {
		return Header{}, nil, nil, ErrNotPacket
	}
	rest := b[len(Magic):]
	head, rest, ok := chunk(rest, maxHeader)
	if !ok {
		return Header{}, nil, nil, ErrNotPacket
	}
	aad := b[:len(b)-len(rest)]
	sealed, rest, ok = chunk(rest, MaxSize)
	if !ok || len(rest) != ed25519.SignatureSize {
		return Header{}, nil, nil, ErrNotPacket
	}
	dec := json.NewDecoder(bytes.NewReader(head))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		return Header{}, nil, nil, ErrNotPacket
	}
	switch {
	case h.Version > Version:
		return Header{}, nil, nil, ErrNewerFormat
	case h.Version != Version:
		return Header{}, nil, nil, ErrNotPacket
	case len(h.Key) != ed25519.PublicKeySize, h.Packet == "", h.Clinic == "", h.Seq < 1,
		len(h.Nonce) != 12, len(h.KDF.Salt) < 16, !h.KDF.within():
		return Header{}, nil, nil, ErrNotPacket
	}
	signedLen := len(b) - ed25519.SignatureSize
	if !ed25519.Verify(h.Key, b[:signedLen], b[signedLen:]) {
		return Header{}, nil, nil, ErrAltered
	}
	return h, aad, sealed, nil
}

// chunk reads a length-prefixed part of at most max bytes.
func chunk(b []byte, max int) (part, rest []byte, ok bool) {
	if len(b) < 4 {
		return nil, nil, false
	}
	n := binary.BigEndian.Uint32(b)
	if int64(n) > int64(max) || int64(n) > int64(len(b)-4) {
		return nil, nil, false
	}
	return b[4 : 4+n], b[4+n:], true
}

// ReadHeader checks a packet's form and signature and returns its header,
// without the code: which clinic signed it, and which of its packets it is.
func ReadHeader(b []byte) (Header, error) {
	h, _, _, err := parts(b)
	return h, err
}

// Open checks a packet as ReadHeader does, then derives the key from code
// (the whole Argon2id cost, whatever the code) and opens it. A wrong code
// is ErrWrongCode; records that do not hold together are ErrNotPacket.
func Open(b []byte, code app.AccessCode) (Header, Records, error) {
	h, aad, sealed, err := parts(b)
	if err != nil {
		return Header{}, Records{}, err
	}
	aead, err := h.aead(code)
	if err != nil {
		return Header{}, Records{}, err
	}
	body, err := aead.Open(nil, h.Nonce, sealed, aad)
	if err != nil {
		return Header{}, Records{}, ErrWrongCode
	}
	var c contents
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Header{}, Records{}, fmt.Errorf("%w: %v", ErrNotPacket, err)
	}
	r, err := c.records()
	if err != nil {
		return Header{}, Records{}, fmt.Errorf("%w: %v", ErrNotPacket, err)
	}
	return h, r, nil
}

// aead is the cipher for code under the header's costs and salt.
func (h Header) aead(code app.AccessCode) (cipher.AEAD, error) {
	key := argon2.IDKey([]byte(code), h.KDF.Salt, h.KDF.Time, h.KDF.Memory, h.KDF.Threads, 32)
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
