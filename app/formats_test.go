package app

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"casedesk/assets"
)

func TestParseReceipt(t *testing.T) {
	tests := []struct {
		in, want, office, errHas string
	}{
		{"EAC2190012345", "EAC2190012345", "Vermont Service Center", ""},
		{"eac-21-900-12345", "EAC2190012345", "Vermont Service Center", ""},
		{"EAC*2190012345", "EAC2190012345", "Vermont Service Center", ""},
		{" ioe 0906929443 ", "IOE0906929443", "USCIS Electronic Immigration System (ELIS)", ""},
		{"MSC1234567890", "MSC1234567890", "National Benefits Center", ""},
		{"", "", "", "is empty"},
		{"XYZ2190012345", "", "", "not a USCIS receipt prefix"},
		{"EAC219001234", "", "", "has 9 digits"},
		{"EAC21900123456", "", "", "has 11 digits"},
		{"EAC21900I2345", "", "", "only digits"},
		{"E4C2190012345", "", "", "start with 3 letters"},
		{"EAC2190012345é", "", "", "contains"},
	}
	for _, tt := range tests {
		got, err := ParseReceipt(tt.in)
		if tt.errHas != "" {
			var ie *InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.errHas) {
				t.Errorf("ParseReceipt(%q) error = %v, want one containing %q", tt.in, err, tt.errHas)
			}
			continue
		}
		if err != nil || string(got) != tt.want || got.Office() != tt.office {
			t.Errorf("ParseReceipt(%q) = %q (%q), %v; want %q (%q)", tt.in, got, got.Office(), err, tt.want, tt.office)
		}
	}
}

func TestParseANumber(t *testing.T) {
	tests := []struct{ in, want, masked, errHas string }{
		{"A012345678", "A012345678", "A•••••5678", ""},
		{"a-12-345-678", "A012345678", "A•••••5678", ""},
		{"1234567", "A001234567", "A•••••4567", ""},
		{"A 123 456 789", "A123456789", "A•••••6789", ""},
		{"A123456", "", "", "has 6 digits"},
		{"A1234567890", "", "", "has 10 digits"},
		{"12A3456789", "", "", "A in the middle"},
		{"A12345678X", "", "", "contains"},
		{"", "", "", "is empty"},
	}
	for _, tt := range tests {
		got, err := ParseANumber(tt.in)
		if tt.errHas != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errHas) {
				t.Errorf("ParseANumber(%q) error = %v, want %q", tt.in, err, tt.errHas)
			}
			continue
		}
		if err != nil || string(got) != tt.want || got.Masked() != tt.masked {
			t.Errorf("ParseANumber(%q) = %q masked %q, %v", tt.in, got, got.Masked(), err)
		}
	}
}

func TestAccessCode(t *testing.T) {
	tests := []struct{ in, want, errHas string }{
		{"7K3D-9QXM-2HTB", "7K3D9QXM2HTB", ""},
		{"7k3d 9qxm 2htb", "7K3D9QXM2HTB", ""},
		{"OIL0-0000-0000", "011000000000", ""},
		{"7K3D-9QXM-2HT", "", "has 11 characters"},
		{"7K3D-9QXM-2HTU", "", "contains U"},
		{"7K3D-9QXM-2HT!", "", "contains"},
		{"", "", "is empty"},
	}
	for _, tt := range tests {
		got, err := ParseAccessCode(tt.in)
		if tt.errHas != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errHas) {
				t.Errorf("ParseAccessCode(%q) error = %v, want %q", tt.in, err, tt.errHas)
			}
			continue
		}
		if err != nil || string(got) != tt.want {
			t.Errorf("ParseAccessCode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	// 60 bits of all-ones come out as twelve Zs; all-zero as twelve zeros.
	c, err := NewAccessCode(bytes.NewReader(bytes.Repeat([]byte{0xff}, 8)))
	if err != nil || c != "ZZZZZZZZZZZZ" || c.String() != "ZZZZ-ZZZZ-ZZZZ" {
		t.Errorf("NewAccessCode(ones) = %q, %v", c, err)
	}
	seen := map[AccessCode]bool{}
	for range 1000 {
		c, err := NewAccessCode(nil)
		if err != nil {
			t.Fatal(err)
		}
		if p, err := ParseAccessCode(c.String()); err != nil || p != c {
			t.Fatalf("round trip of %s gave %q, %v", c, p, err)
		}
		if seen[c] {
			t.Fatalf("code %s drawn twice in 1000", c)
		}
		seen[c] = true
	}
}

func TestAccountNumber(t *testing.T) {
	n, err := ParseAccountNumber("1234 5678-9012")
	if err != nil || n != "123456789012" || n.String() != "1234 5678 9012" {
		t.Errorf("ParseAccountNumber = %q, %v", n, err)
	}
	for _, bad := range []string{"", "12345678901", "1234567890123", "1234x5678901"} {
		if _, err := ParseAccountNumber(bad); err == nil {
			t.Errorf("ParseAccountNumber(%q) accepted", bad)
		}
	}
	for range 200 {
		n, err := NewAccountNumber(nil)
		if err != nil || len(n) != 12 || n[0] == '0' {
			t.Fatalf("NewAccountNumber = %q, %v", n, err)
		}
		if p, err := ParseAccountNumber(n.String()); err != nil || p != n {
			t.Fatalf("round trip %q → %q, %v", n, p, err)
		}
	}
}

func TestParseZIP(t *testing.T) {
	tests := []struct{ in, want string }{
		{"20001", "20001"}, {"20001-1234", "20001-1234"}, {"200011234", "20001-1234"}, {" 20001 1234 ", "20001-1234"},
		{"2000", ""}, {"2000112", ""}, {"2000A", ""}, {"", ""},
	}
	for _, tt := range tests {
		got, err := ParseZIP(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("ParseZIP(%q) accepted as %q", tt.in, got)
			}
			continue
		}
		if err != nil || string(got) != tt.want {
			t.Errorf("ParseZIP(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct{ in, want, errHas string }{
		{"1985-03-14", "1985-03-14", ""},
		{"3/14/1985", "1985-03-14", ""},
		{"03-14-1985", "1985-03-14", ""},
		{"2024-02-29", "2024-02-29", ""},
		{"2023-02-29", "", "has no day 29"},
		{"13/01/1985", "", "months are 1 to 12"},
		{"3/14/85", "", "4-digit year"},
		{"1850-01-01", "", "1900 to 2100"},
		{"yesterday", "", "is not a date"},
		{"", "", "is empty"},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if tt.errHas != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errHas) {
				t.Errorf("ParseDate(%q) error = %v, want %q", tt.in, err, tt.errHas)
			}
			continue
		}
		if err != nil || got.ISO() != tt.want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", tt.in, got.ISO(), err, tt.want)
		}
	}
	if d, _ := ParseDate("1985-03-14"); d.String() != "March 14, 1985" || d.Short() != "03/14/1985" {
		t.Errorf("formatted as %q / %q", d.String(), d.Short())
	}
}

func TestNames(t *testing.T) {
	tests := []struct{ a, b string }{
		{"José Muñoz", "JOSE MUNOZ"},
		{"Nguyễn Thị Ánh", "nguyen thi anh"},
		{"Łukasz Żółć", "Lukasz Zolc"},
		{"De la Cruz", "DELACRUZ"},
		{"O'Brien", "obrien"},
		{"  Müller  ", "muller"},
		{"Søren Ærø", "soren aero"},
		{"Straße", "strasse"},
	}
	for _, tt := range tests {
		if !SameName(tt.a, tt.b) {
			t.Errorf("SameName(%q, %q) = false (%q vs %q)", tt.a, tt.b, NameKey(tt.a), NameKey(tt.b))
		}
	}
	for _, tt := range [][2]string{{"Ana", "Anna"}, {"", ""}, {"Muñoz", "Munos"}} {
		if SameName(tt[0], tt[1]) {
			t.Errorf("SameName(%q, %q) = true", tt[0], tt[1])
		}
	}
	if got := FoldName("  José   MUÑOZ-Pérez "); got != "jose munoz perez" {
		t.Errorf("FoldName = %q", got)
	}
	if got := FoldName("Thị Hương Đặng Łódź"); got != "thi huong dang lodz" {
		t.Errorf("FoldName(Vietnamese, Polish) = %q", got)
	}
	if got := FoldName("Ольга Петрова"); got != "ольга петрова" {
		t.Errorf("FoldName(Cyrillic) = %q", got)
	}
	if got := FoldName("Ολυμπία"); got != "ολυμπια" {
		t.Errorf("FoldName(Greek) = %q", got)
	}
}

func TestStatusCatalog(t *testing.T) {
	all := Statuses()
	if len(all) < 94 {
		t.Fatalf("catalog has %d titles; USCIS shows 94", len(all))
	}
	titles := map[string]bool{}
	for _, s := range all {
		if s.Code == "" || s.Title == "" || s.TitleES == "" || s.Explain == "" || s.Group == "" {
			t.Errorf("incomplete entry %+v", s)
		}
		if titles[s.Title] {
			t.Errorf("title %q twice", s.Title)
		}
		titles[s.Title] = true
	}
	for _, want := range []string{"Case Was Received", "Request for Evidence Was Sent", "Case Was Approved", "Card Was Mailed To Me", "Case Was Denied", "Litigation Notice Was Mailed"} {
		if !titles[want] {
			t.Errorf("catalog lacks %q", want)
		}
	}
	if s, ok := StatusByCode("approved"); !ok || !s.Final || s.Group != GroupDecision {
		t.Errorf("approved = %+v, %v", s, ok)
	}
}

func TestInputErrorsAreValidUTF8(t *testing.T) {
	_, err := ParseReceipt("EAC\xff")
	if err == nil || !utf8.ValidString(err.Error()) {
		t.Errorf("error %q", err)
	}
}

func TestAddressEmailPhone(t *testing.T) {
	a, err := ParseAddress("  1200  Oak Ave ", "Apt 3B", "Springfield", "il", "62704-1234")
	if err != nil || a.Line1 != "1200 Oak Ave" || a.State != "IL" || a.ZIP != "62704-1234" {
		t.Fatalf("%+v %v", a, err)
	}
	for _, bad := range [][5]string{{"", "", "X", "IL", "62704"}, {"1 A St", "", "", "IL", "62704"}, {"1 A St", "", "X", "ZZ", "62704"}, {"1 A St", "", "X", "IL", "627"}} {
		var in *InputError
		if _, err := ParseAddress(bad[0], bad[1], bad[2], bad[3], bad[4]); !errors.As(err, &in) {
			t.Errorf("%v: %v", bad, err)
		}
	}
	for s, ok := range map[string]bool{"": true, "ana@example.org": true, "ana@localhost": false, "ana": false, "Ana <ana@example.org>": false} {
		if _, err := ParseEmail(s); (err == nil) != ok {
			t.Errorf("email %q: %v", s, err)
		}
	}
	for s, ok := range map[string]bool{"": true, "(217) 555-0100": true, "1-217-555-0100": true, "+52 55 1234 5678": true, "555-0100": false, "217-555-O100": false} {
		if _, err := ParsePhone(s); (err == nil) != ok {
			t.Errorf("phone %q: %v", s, err)
		}
	}
}

// A ZIP code must be one the state has, and every field's problem is told
// at once, each with its field's key.
func TestAddressZIPBelongsToTheState(t *testing.T) {
	_, err := ParseAddress("1 Elm St", "", "Dallas", "TX", "90210")
	if !IsInput(err, FieldZIP) || !strings.Contains(err.Error(), "90210 is a ZIP code in CA, not TX") {
		t.Errorf("Dallas TX 90210: %v", err)
	}
	for _, ok := range [][3]string{{"Dallas", "TX", "75201"}, {"El Paso", "TX", "88510"}, {"Washington", "DC", "20001"}, {"San Juan", "PR", "00901"},
		{"Holtsville", "NY", "00501"}, {"Andover", "MA", "05501"}, {"Pago Pago", "AS", "96799"}, {"Hagåtña", "GU", "96910"}} {
		if _, err := ParseAddress("1 Elm St", "", ok[0], ok[1], ok[2]); err != nil {
			t.Errorf("%v: %v", ok, err)
		}
	}
	all := InputErrors(func() error { _, err := ParseAddress("", "", " ", "ZZ", "12"); return err }())
	var codes []Field
	for _, in := range all {
		codes = append(codes, in.Code)
	}
	if fmt.Sprint(codes) != fmt.Sprint([]Field{FieldStreet, FieldCity, FieldState, FieldZIP}) {
		t.Errorf("all at once: %v", codes)
	}
}

// Every demo address is one the check accepts.
func TestDemoPlacesHaveTheirStatesZIPs(t *testing.T) {
	for _, line := range strings.Split(assets.DemoPlaces, "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 || strings.HasPrefix(line, "#") {
			continue
		}
		if _, err := ParseAddress("1 Elm St", "", f[0], f[1], f[2]); err != nil {
			t.Errorf("%q: %v", line, err)
		}
	}
}
