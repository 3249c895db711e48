package app

import "strings"

// Receipt is a USCIS receipt number in canonical form: three capital letters
// and ten digits, e.g. EAC2190012345. It is text, never a number: IOE receipts
// may start with a zero after the prefix.
type Receipt string

// receiptOffices maps each receipt prefix to the office that issues it.
var receiptOffices = map[string]string{
	"EAC": "Vermont Service Center",
	"WAC": "California Service Center",
	"LIN": "Nebraska Service Center",
	"SRC": "Texas Service Center",
	"NBC": "National Benefits Center",
	"MSC": "National Benefits Center",
	"IOE": "USCIS Electronic Immigration System (ELIS)",
	"YSC": "Potomac Service Center",
}

// ReceiptPrefixes lists the accepted prefixes in a stable order.
var ReceiptPrefixes = []string{"EAC", "WAC", "LIN", "SRC", "NBC", "MSC", "IOE", "YSC"}

const receiptExample = "EAC2190012345"

// ParseReceipt normalises what a person typed — any case, with spaces, dashes
// or asterisks as printed on notices — into a canonical Receipt.
func ParseReceipt(s string) (Receipt, error) {
	const field = FieldReceipt
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '-' || r == '*' || r == '\t' || r == '\u00a0':
			continue
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case r <= 0x7f:
			b.WriteRune(r)
		default:
			return "", Invalid(field, "contains %q; use only letters and digits, like %s", string(r), receiptExample)
		}
	}
	c := b.String()
	if c == "" {
		return "", Invalid(field, "is empty; type the 13 characters from your notice, like %s", receiptExample)
	}
	if len(c) < 3 || !isLetters(c[:3]) {
		return "", Invalid(field, "must start with 3 letters, like %s", receiptExample)
	}
	if _, ok := receiptOffices[c[:3]]; !ok {
		return "", Invalid(field, "starts with %s, which is not a USCIS receipt prefix; it starts with one of %s", c[:3], strings.Join(ReceiptPrefixes, ", "))
	}
	digits := c[3:]
	if !isDigits(digits) {
		return "", Invalid(field, "must have only digits after %s, like %s", c[:3], receiptExample)
	}
	if len(digits) != 10 {
		return "", InvalidN(field, len(digits), "has %d digit after %s; it needs exactly 10, like %s", "has %d digits after %s; it needs exactly 10, like %s", len(digits), c[:3], receiptExample)
	}
	return Receipt(c), nil
}

// Prefix is the three-letter office prefix.
func (r Receipt) Prefix() string {
	if len(r) < 3 {
		return ""
	}
	return string(r[:3])
}

// Office is the USCIS office that issued the receipt, derived from its prefix.
func (r Receipt) Office() string { return receiptOffices[r.Prefix()] }

// String returns the canonical form, which is also how USCIS shows it.
func (r Receipt) String() string { return string(r) }

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
