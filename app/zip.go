package app

import "strings"

// ZIP is a US ZIP code: five digits, or ZIP+4 as 12345-6789.
type ZIP string

// ParseZIP accepts 5 digits or 9 digits (with or without the dash or a space).
func ParseZIP(s string) (ZIP, error) {
	const field = FieldZIP
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '-' || r == '\t' || r == '\u00a0':
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			return "", Invalid(field, "contains %q; use 5 digits, like 20001, or ZIP+4, like 20001-1234", string(r))
		}
	}
	c := b.String()
	switch len(c) {
	case 5:
		return ZIP(c), nil
	case 9:
		return ZIP(c[:5] + "-" + c[5:]), nil
	case 0:
		return "", Invalid(field, "is empty; use 5 digits, like 20001, or ZIP+4, like 20001-1234")
	}
	return "", InvalidN(field, len(c), "has %d digit; use 5 digits, like 20001, or ZIP+4, like 20001-1234", "has %d digits; use 5 digits, like 20001, or ZIP+4, like 20001-1234")
}

// Five returns the 5-digit ZIP, the part identity checks compare.
func (z ZIP) Five() string {
	if len(z) < 5 {
		return string(z)
	}
	return string(z[:5])
}
