package backup

import (
	"bufio"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// Magic opens every sealed backup file.
const Magic = "CASEDESK BACKUP\x00"

// FormatVersion is the version of the sealed format this CaseDesk writes.
const FormatVersion = 1

// chunkSize is how much of the store one sealed chunk holds: small enough
// that sealing never holds much in memory, large enough that the 16-byte
// tag of each chunk costs nothing.
const chunkSize = 64 << 10

// kdfInfo keeps the file key apart from every other key derived from the
// backup key.
const kdfInfo = "casedesk backup file v1"

// maxKeyCheck bounds the key check a header may carry.
const maxKeyCheck = 256

// Errors of a backup file.
var (
	// ErrNotSealed: the file does not start like a sealed backup.
	ErrNotSealed = errors.New("backup: not a sealed CaseDesk backup")
	// ErrTampered: the file was changed, cut short or added to after it was
	// sealed, or it is damaged. Nothing of it may be used.
	ErrTampered = errors.New("backup: the file was changed or damaged after it was made")
	// ErrTooNew: the file was sealed in a format this CaseDesk does not know.
	ErrTooNew = errors.New("backup: sealed by a newer CaseDesk")
	// ErrOtherKey: the file was sealed under another data key than the one given.
	ErrOtherKey = errors.New("backup: sealed with another data key")
)

// Key is what sealing and opening need of the install's keys
// (*auth.Keys): the backup key, and the key check naming the data key.
type Key interface {
	BackupKey() []byte
	KeyCheck() string
}

// Header is what a sealed backup says about itself, in the clear but
// authenticated: every chunk's tag covers it, so a changed header fails
// the first chunk.
type Header struct {
	Version  int       // the sealed format's version
	KeyCheck string    // the key check of the data key it was sealed under
	Salt     [32]byte  // random per file: every file has its own key
	Created  time.Time // when it was sealed (second precision)
	Schema   int       // the store's schema version
	raw      []byte    // the header as written, the chunks' associated data
}

func (h *Header) encode() []byte {
	var b bytes.Buffer
	b.WriteString(Magic)
	binary.Write(&b, binary.BigEndian, uint16(h.Version))
	binary.Write(&b, binary.BigEndian, uint32(h.Schema))
	binary.Write(&b, binary.BigEndian, h.Created.Unix())
	b.Write(h.Salt[:])
	binary.Write(&b, binary.BigEndian, uint16(len(h.KeyCheck)))
	b.WriteString(h.KeyCheck)
	return b.Bytes()
}

// ReadHeader reads the header at the start of r: ErrNotSealed when r is not
// a sealed backup, ErrTooNew when its format is newer than this CaseDesk's.
// The header is not authenticated until the chunks are opened.
func ReadHeader(r io.Reader) (Header, error) {
	fixed := make([]byte, len(Magic)+2+4+8+32+2)
	if _, err := io.ReadFull(r, fixed[:len(Magic)]); err != nil || string(fixed[:len(Magic)]) != Magic {
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return Header{}, err
		}
		return Header{}, ErrNotSealed
	}
	if _, err := io.ReadFull(r, fixed[len(Magic):]); err != nil {
		return Header{}, ErrTampered // a sealed backup cut short in its header
	}
	p := fixed[len(Magic):]
	h := Header{Version: int(binary.BigEndian.Uint16(p)), Schema: int(binary.BigEndian.Uint32(p[2:])),
		Created: time.Unix(int64(binary.BigEndian.Uint64(p[6:])), 0).UTC()}
	if h.Version > FormatVersion {
		return Header{}, ErrTooNew
	}
	if h.Version < 1 {
		return Header{}, ErrTampered
	}
	copy(h.Salt[:], p[14:46])
	n := int(binary.BigEndian.Uint16(p[46:]))
	if n > maxKeyCheck {
		return Header{}, ErrTampered
	}
	check := make([]byte, n)
	if _, err := io.ReadFull(r, check); err != nil {
		return Header{}, ErrTampered
	}
	h.KeyCheck = string(check)
	h.raw = append(fixed, check...)
	return h, nil
}

// ReadHeaderFile reads the header of the file at path.
func ReadHeaderFile(path string) (Header, error) {
	f, err := os.Open(path)
	if err != nil {
		return Header{}, err
	}
	defer f.Close()
	return ReadHeader(f)
}

// fileAEAD is the AEAD of one file: AES-256-GCM under
// HKDF-SHA256(backup key, the file's salt, kdfInfo).
func fileAEAD(k Key, salt []byte) (cipher.AEAD, error) {
	fk, err := hkdf.Key(sha256.New, k.BackupKey(), salt, kdfInfo, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(fk)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// nonce is chunk i's nonce: its number, and in the last byte whether it is
// the last chunk. A chunk moved, dropped or taken for the last one then
// fails its tag (the STREAM construction).
func nonce(buf []byte, i uint64, last bool) []byte {
	clear(buf)
	binary.BigEndian.PutUint64(buf, i)
	if last {
		buf[len(buf)-1] = 1
	}
	return buf
}

// Seal writes plain to w as a sealed backup under k: the header, then the
// store in chunks, each sealed with the header as associated data. It
// holds one chunk in memory at a time.
func Seal(w io.Writer, plain io.Reader, k Key, schema int, created time.Time) error {
	h := Header{Version: FormatVersion, KeyCheck: k.KeyCheck(), Created: created.UTC().Truncate(time.Second), Schema: schema}
	if len(h.KeyCheck) > maxKeyCheck {
		return errors.New("backup: key check too long")
	}
	if _, err := rand.Read(h.Salt[:]); err != nil {
		return err
	}
	aead, err := fileAEAD(k, h.Salt[:])
	if err != nil {
		return err
	}
	ad := h.encode()
	if _, err := w.Write(ad); err != nil {
		return err
	}
	in := make([]byte, chunkSize)
	out := make([]byte, 0, chunkSize+aead.Overhead())
	nb := make([]byte, aead.NonceSize())
	r := bufio.NewReaderSize(plain, chunkSize+1)
	for i := uint64(0); ; i++ {
		n, err := io.ReadFull(r, in)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return err
		}
		last := n < chunkSize
		if !last {
			if _, perr := r.Peek(1); errors.Is(perr, io.EOF) {
				last = true
			} else if perr != nil {
				return perr
			}
		}
		out = aead.Seal(out[:0], nonce(nb, i, last), in[:n], ad)
		if _, err := w.Write(out); err != nil {
			return err
		}
		if last {
			return nil
		}
	}
}

// Open reads a sealed backup from r, checks every chunk under k and writes
// the store to plain as it goes. Only when it returns nil is what it wrote
// the whole store, unchanged: the caller writes into a file of its own and
// throws it away otherwise. ErrOtherKey when k is not the key the backup
// was sealed under; ErrTampered when anything was changed.
func Open(r io.Reader, plain io.Writer, k Key) (Header, error) {
	h, err := ReadHeader(r)
	if err != nil {
		return h, err
	}
	if h.KeyCheck != k.KeyCheck() {
		return h, ErrOtherKey
	}
	aead, err := fileAEAD(k, h.Salt[:])
	if err != nil {
		return h, err
	}
	frame := make([]byte, chunkSize+aead.Overhead())
	out := make([]byte, 0, chunkSize)
	nb := make([]byte, aead.NonceSize())
	br := bufio.NewReaderSize(r, len(frame)+1)
	for i := uint64(0); ; i++ {
		n, err := io.ReadFull(br, frame)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return h, err
		}
		if n < aead.Overhead() {
			return h, ErrTampered // cut short: no last chunk
		}
		last := n < len(frame)
		if !last {
			if _, perr := br.Peek(1); errors.Is(perr, io.EOF) {
				last = true
			} else if perr != nil {
				return h, perr
			}
		}
		out, err = aead.Open(out[:0], nonce(nb, i, last), frame[:n], h.raw)
		if err != nil {
			return h, ErrTampered
		}
		if _, err := plain.Write(out); err != nil {
			return h, fmt.Errorf("backup: %w", err)
		}
		if last {
			return h, nil
		}
	}
}
