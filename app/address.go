package app

import (
	"errors"
	"net/mail"
	"strings"
	"unicode"
)

// usps are the two-letter codes a US mailing address may use: the states,
// DC, the territories and the military "states".
var usps = map[string]bool{}

func init() {
	for _, c := range strings.Fields(`AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY
		NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP AA AE AP`) {
		usps[c] = true
	}
}

// ParseAddress checks a typed US mailing address and returns it tidied:
// spaces trimmed, the state in capitals, the ZIP in its canonical form.
// Every field's problem is reported at once: the error joins one
// *InputError per field (see InputErrors), and the ZIP code must be one
// the Postal Service gives the state.
func ParseAddress(line1, line2, city, state, zip string) (Address, error) {
	a := Address{Line1: collapse(line1), Line2: collapse(line2), City: collapse(city), State: strings.ToUpper(strings.TrimSpace(state))}
	var errs []error
	switch {
	case a.Line1 == "":
		errs = append(errs, Invalid(FieldStreet, "is empty; type the number and street, like 1200 Oak Ave"))
	case len([]rune(a.Line1)) > 64 || len([]rune(a.Line2)) > 64:
		errs = append(errs, Invalid(FieldStreet, "is longer than 64 characters; put an apartment or suite on the second line"))
	}
	if a.City == "" {
		errs = append(errs, Invalid(FieldCity, "is empty; type the city or town"))
	}
	stateOK := usps[a.State]
	if !stateOK {
		errs = append(errs, Invalid(FieldState, "%q is not a US state code; use the two letters the Postal Service uses, like IL or TX", a.State))
	}
	z, err := ParseZIP(zip)
	switch {
	case err != nil:
		errs = append(errs, err)
	case stateOK && !ZIPInState(z, a.State):
		if in := ZIPStates(z); len(in) > 0 {
			errs = append(errs, Invalid(FieldZIP, "%s is a ZIP code in %s, not %s; check the ZIP code and the state", z.Five(), strings.Join(in, " or "), a.State))
		} else {
			errs = append(errs, Invalid(FieldZIP, "%s is not a ZIP code the Postal Service uses in %s; check it", z.Five(), a.State))
		}
	}
	if len(errs) > 0 {
		return Address{}, errors.Join(errs...)
	}
	a.ZIP = z
	return a, nil
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// ParseEmail checks an e-mail address; empty means none.
func ParseEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") {
		return "", Invalid(FieldEmail, "%q is not an e-mail address; type it like ana@example.org", s)
	}
	return s, nil
}

// ParsePhone checks a phone number: 10 digits for the US (dashes, spaces,
// dots and brackets allowed), or + and 8 to 15 digits for another country.
// Empty means none. It returns the number as typed, tidied.
func ParsePhone(s string) (string, error) {
	s = collapse(s)
	if s == "" {
		return "", nil
	}
	digits := 0
	for i, r := range s {
		switch {
		case unicode.IsDigit(r) && r < 0x80:
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '.', r == '(', r == ')':
		default:
			return "", Invalid(FieldPhone, "%q has %q in it; use digits, like (217) 555-0100", s, string(r))
		}
	}
	us := !strings.HasPrefix(s, "+")
	if us && digits == 11 && strings.HasPrefix(strings.TrimLeft(s, "( "), "1") {
		digits-- // a leading 1 for the US
	}
	if (us && digits != 10) || (!us && (digits < 8 || digits > 15)) {
		return "", InvalidN(FieldPhone, digits, "has %d digit; a US number has 10, like (217) 555-0100, and another country's starts with +", "has %d digits; a US number has 10, like (217) 555-0100, and another country's starts with +")
	}
	return s, nil
}
