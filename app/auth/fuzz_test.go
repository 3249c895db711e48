package auth

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"casedesk/app"
)

// FuzzPassword: the rules and the meter take any text without panicking;
// they give the same verdict twice, for canonically equivalent inputs, and
// for inputs with the same NFKC form (names and username included) when
// both have an accepted length; a refused password always scores 0, and an
// accepted one verifies against its own hash and not against a changed one.
func FuzzPassword(f *testing.F) {
	for _, s := range []string{"", "password", "correct horse battery", "Ñandú-2026!", "\x00\xff", strings.Repeat("ab", 80),
		"P@ssw0rd1!", "ｐａｓｓｗｏｒｄ", strings.Repeat("e\u0301", 8), "AnaLopez1990", "\uFB01\uFB01\uFB01\uFB01", "Pa\u00ADssword9"} {
		f.Add(s, "ana.lopez", "Ana María López")
	}
	f.Fuzz(func(t *testing.T, pw, user, name string) {
		err := CheckPassword(pw, user, name)
		if again := CheckPassword(pw, user, name); !sameVerdict(err, again) {
			t.Fatalf("%q: %v, then %v", pw, err, again)
		}
		for _, form := range []norm.Form{norm.NFD, norm.NFC} {
			if other := CheckPassword(form.String(pw), form.String(user), form.String(name)); !sameVerdict(err, other) {
				t.Fatalf("%q: %v, but in another normal form %v", pw, err, other)
			}
		}
		// Length counts the NFC form, which is hashed; every other rule
		// reads the NFKC form only.
		if k := norm.NFKC.String(pw); lengthAccepted(pw) && lengthAccepted(k) {
			if other := CheckPassword(k, norm.NFKC.String(user), norm.NFKC.String(name)); !sameVerdict(err, other) {
				t.Fatalf("%q: %v, but in NFKC %v", pw, err, other)
			}
		}
		score, label := Strength(pw, user, name)
		if label == "" || score < 0 || score > 4 {
			t.Fatalf("strength %d %q", score, label)
		}
		if err != nil {
			var in *app.InputError
			if !errors.As(err, &in) || score != 0 {
				t.Fatalf("refusal %v scored %d", err, score)
			}
			return
		}
		phc := HashPassword(pw, Argon2Params{MemoryKiB: 8, Time: 1, Threads: 1})
		if ok, err := VerifyPassword(pw, phc); !ok || err != nil {
			t.Fatalf("own hash: %v %v", ok, err)
		}
		if ok, _ := VerifyPassword(pw+"x", phc); ok {
			t.Fatal("a longer password verified")
		}
	})
}

// lengthAccepted reports whether pw has an accepted number of characters.
func lengthAccepted(pw string) bool {
	n := utf8.RuneCountInString(norm.NFC.String(pw))
	return n >= MinPasswordLen && n <= MaxPasswordLen
}

// sameVerdict reports whether two results of CheckPassword say the same.
func sameVerdict(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Error() == b.Error()
}

// FuzzCodes: typed authenticator and backup codes of any shape are read
// without panicking; a backup code that reads is ten Crockford characters.
func FuzzCodes(f *testing.F) {
	f.Add("123456", "0NA60-VAP5S")
	f.Add("12 34 56", "o1l1i 00000")
	f.Add("", "\xff")
	f.Fuzz(func(t *testing.T, totpCode, backup string) {
		_, _ = CheckTOTP("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", totpCode, time.Unix(1111111111, 0), 0)
		if n := NormalBackupCode(backup); n != "" && (len(n) != 10 || strings.Trim(n, "0123456789ABCDEFGHJKMNPQRSTVWXYZ") != "") {
			t.Fatalf("%q read as %q", backup, n)
		}
	})
}
