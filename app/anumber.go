package app

import "strings"

// ANumber is an Alien Registration Number in canonical form: "A" and nine
// digits, zero-padded after the A (A012345678).
type ANumber string

const aNumberExample = "A012345678"

// ParseANumber accepts "A" plus 7 to 9 digits, in any case, with spaces or
// dashes ("a-123-456-78"), or the digits alone, and pads to nine digits.
func ParseANumber(s string) (ANumber, error) {
	const field = FieldANumber
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '-' || r == '\t' || r == '\u00a0':
		case r == 'a' || r == 'A':
			if b.Len() > 0 {
				return "", Invalid(field, "has an A in the middle; type A then 7 to 9 digits, like %s", aNumberExample)
			}
			b.WriteByte('A')
		case r >= '0' && r <= '9':
			if b.Len() == 0 {
				b.WriteByte('A')
			}
			b.WriteRune(r)
		default:
			return "", Invalid(field, "contains %q; type A then 7 to 9 digits, like %s", string(r), aNumberExample)
		}
	}
	c := b.String()
	if c == "" || c == "A" {
		return "", Invalid(field, "is empty; type A then 7 to 9 digits, like %s", aNumberExample)
	}
	digits := c[1:]
	if len(digits) < 7 || len(digits) > 9 {
		return "", InvalidN(field, len(digits), "has %d digit; it needs 7 to 9, like %s", "has %d digits; it needs 7 to 9, like %s", len(digits), aNumberExample)
	}
	return ANumber("A" + strings.Repeat("0", 9-len(digits)) + digits), nil
}

// String returns the canonical form.
func (a ANumber) String() string { return string(a) }

// Masked hides all but the last four digits (A•••••5678), the default way an
// A-number is shown.
func (a ANumber) Masked() string {
	if len(a) != 10 {
		return ""
	}
	return "A" + strings.Repeat("•", 5) + string(a[6:])
}
