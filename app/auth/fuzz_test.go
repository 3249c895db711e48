package auth

import (
	"errors"
	"strings"
	"testing"
	"time"

	"casedesk/app"
)

// FuzzPassword: the rules and the meter take any text without panicking, a
// refused password always scores 0, and an accepted one verifies against
// its own hash and not against a changed one.
func FuzzPassword(f *testing.F) {
	for _, s := range []string{"", "password", "correct horse battery", "Ñandú-2026!", "\x00\xff", strings.Repeat("ab", 80)} {
		f.Add(s, "ana.lopez")
	}
	f.Fuzz(func(t *testing.T, pw, user string) {
		err := CheckPassword(pw, user)
		score, label := Strength(pw, user)
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
