package app

import (
	"crypto/rand"
	"io"
	"strings"
)

// AccessCode is a one-time online access code in canonical form: 12
// characters of Crockford Base32 (60 random bits), shown XXXX-XXXX-XXXX.
type AccessCode string

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

const accessCodeExample = "7K3D-9QXM-2HTB"

// NewAccessCode draws a code from r (crypto/rand.Reader when r is nil).
func NewAccessCode(r io.Reader) (AccessCode, error) {
	if r == nil {
		r = rand.Reader
	}
	var buf [8]byte
	if _, err := io.ReadFull(r, buf[:]); err != nil {
		return "", err
	}
	var v uint64
	for _, x := range buf {
		v = v<<8 | uint64(x)
	}
	out := make([]byte, 12)
	for i := 11; i >= 0; i-- { // 12 × 5 bits = the low 60 bits
		out[i] = crockford[v&31]
		v >>= 5
	}
	return AccessCode(out), nil
}

// ParseAccessCode reads a typed code: case, spaces and dashes are ignored and
// the letters people confuse are mapped as Crockford specifies (O→0, I/L→1).
func ParseAccessCode(s string) (AccessCode, error) {
	const field = FieldAccessCode
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '-' || r == '\t' || r == '\u00a0':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		switch r {
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		case 'U':
			return "", Invalid(field, "contains U, which access codes never use; check the letter on your notice, like %s", accessCodeExample)
		}
		if r > 0x7f || !strings.ContainsRune(crockford, r) {
			return "", Invalid(field, "contains %q; codes use only letters and digits, like %s", string(r), accessCodeExample)
		}
		b.WriteRune(r)
	}
	c := b.String()
	if c == "" {
		return "", Invalid(field, "is empty; type the 12 characters from your Account Access Notice, like %s", accessCodeExample)
	}
	if len(c) != 12 {
		return "", InvalidN(field, len(c), "has %d character; it needs 12, like %s", "has %d characters; it needs 12, like %s", len(c), accessCodeExample)
	}
	return AccessCode(c), nil
}

// String returns the code as printed: XXXX-XXXX-XXXX.
func (c AccessCode) String() string {
	if len(c) != 12 {
		return string(c)
	}
	return string(c[:4]) + "-" + string(c[4:8]) + "-" + string(c[8:])
}
