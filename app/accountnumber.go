package app

import (
	"crypto/rand"
	"io"
	"strings"
)

// AccountNumber is a 12-digit online account number, shown 1234 5678 9012.
// It is not an A-number and not a receipt number.
type AccountNumber string

const accountNumberExample = "1234 5678 9012"

// NewAccountNumber draws 12 random digits from r (crypto/rand when nil). The
// first digit is never 0, so the number never looks shorter than it is.
func NewAccountNumber(r io.Reader) (AccountNumber, error) {
	if r == nil {
		r = rand.Reader
	}
	out := make([]byte, 0, 12)
	var buf [1]byte
	for len(out) < 12 {
		if _, err := io.ReadFull(r, buf[:]); err != nil {
			return "", err
		}
		if buf[0] >= 250 { // reject to keep the digits uniform
			continue
		}
		d := buf[0] % 10
		if len(out) == 0 && d == 0 {
			continue
		}
		out = append(out, '0'+d)
	}
	return AccountNumber(out), nil
}

// ParseAccountNumber reads 12 digits, ignoring spaces and dashes.
func ParseAccountNumber(s string) (AccountNumber, error) {
	const field = FieldAccountNumber
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '-' || r == '\t' || r == '\u00a0':
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			return "", Invalid(field, "contains %q; it is 12 digits, like %s", string(r), accountNumberExample)
		}
	}
	c := b.String()
	if c == "" {
		return "", Invalid(field, "is empty; type the 12 digits from your Account Access Notice, like %s", accountNumberExample)
	}
	if len(c) != 12 {
		return "", InvalidN(field, len(c), "has %d digit; it needs 12, like %s", "has %d digits; it needs 12, like %s", len(c), accountNumberExample)
	}
	return AccountNumber(c), nil
}

// String returns the number in groups of four: 1234 5678 9012.
func (n AccountNumber) String() string {
	if len(n) != 12 {
		return string(n)
	}
	return string(n[:4]) + " " + string(n[4:8]) + " " + string(n[8:])
}
