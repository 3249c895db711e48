package app

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Each fuzz target checks that a parser never panics, that normalising twice
// changes nothing, and that parse → format → parse round-trips.

func FuzzParseReceipt(f *testing.F) {
	for _, s := range []string{"EAC2190012345", "eac-21-900-12345", "IOE*0906929443", "", "XYZ1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseReceipt(s)
		if err != nil {
			return
		}
		if len(r) != 13 || r.Office() == "" {
			t.Fatalf("accepted %q as %q", s, r)
		}
		again, err := ParseReceipt(r.String())
		if err != nil || again != r {
			t.Fatalf("round trip %q → %q, %v", r, again, err)
		}
	})
}

func FuzzParseANumber(f *testing.F) {
	for _, s := range []string{"A012345678", "a-12-345-678", "1234567", "A"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseANumber(s)
		if err != nil {
			return
		}
		if len(a) != 10 || a[0] != 'A' || !isDigits(string(a[1:])) {
			t.Fatalf("accepted %q as %q", s, a)
		}
		if again, err := ParseANumber(a.String()); err != nil || again != a {
			t.Fatalf("round trip %q → %q, %v", a, again, err)
		}
	})
}

func FuzzParseAccessCode(f *testing.F) {
	for _, s := range []string{"7K3D-9QXM-2HTB", "oil0 0000 0000", "", "UUUU"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseAccessCode(s)
		if err != nil {
			return
		}
		if len(c) != 12 {
			t.Fatalf("accepted %q as %q", s, c)
		}
		if again, err := ParseAccessCode(c.String()); err != nil || again != c {
			t.Fatalf("round trip %q → %q, %v", c, again, err)
		}
	})
}

func FuzzParseAccountNumber(f *testing.F) {
	f.Add("1234 5678 9012")
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseAccountNumber(s)
		if err != nil {
			return
		}
		if again, err := ParseAccountNumber(n.String()); err != nil || again != n {
			t.Fatalf("round trip %q → %q, %v", n, again, err)
		}
	})
}

func FuzzParseZIP(f *testing.F) {
	for _, s := range []string{"20001", "20001-1234", "200011234", "2000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		z, err := ParseZIP(s)
		if err != nil {
			return
		}
		if again, err := ParseZIP(string(z)); err != nil || again != z {
			t.Fatalf("round trip %q → %q, %v", z, again, err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"1985-03-14", "3/14/1985", "2024-02-29", "0/0/0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		for _, form := range []string{d.ISO(), d.Short()} {
			if again, err := ParseDate(form); err != nil || again != d {
				t.Fatalf("round trip %q via %q → %q, %v", d.ISO(), form, again.ISO(), err)
			}
		}
	})
}

func FuzzFoldName(f *testing.F) {
	for _, s := range []string{"José Muñoz", "Nguyễn Thị Ánh", "Łukasz Żółć", "Ολυμπία", "Ольга Петрова", "  a--b  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := FoldName(s)
		if twice := FoldName(once); twice != once {
			t.Fatalf("FoldName not idempotent: %q → %q → %q", s, once, twice)
		}
		if utf8.ValidString(s) && !utf8.ValidString(once) {
			t.Fatalf("FoldName(%q) made invalid UTF-8", s)
		}
		if strings.HasPrefix(once, " ") || strings.HasSuffix(once, " ") || strings.Contains(once, "  ") {
			t.Fatalf("FoldName(%q) = %q has stray spaces", s, once)
		}
		if !SameName(s, s) && NameKey(s) != "" {
			t.Fatalf("SameName(%q, itself) = false", s)
		}
	})
}
