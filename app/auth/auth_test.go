package auth

import (
	"bytes"
	"errors"
	"image/png"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"casedesk/app"
)

// cheap are Argon2id costs for tests; production uses DefaultArgon2.
var cheap = Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}

func TestPasswordHashRoundTrip(t *testing.T) {
	phc := HashPassword("Ñandú correcto 2026", cheap)
	if !strings.HasPrefix(phc, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("PHC string %q", phc)
	}
	for pw, want := range map[string]bool{"Ñandú correcto 2026": true, "N\u0303andu\u0301 correcto 2026": true, "ñandú correcto 2026": false, "": false} {
		ok, err := VerifyPassword(pw, phc)
		if err != nil || ok != want {
			t.Errorf("%q: got %v %v, want %v", pw, ok, err, want)
		}
	}
	if a, b := HashPassword("same", cheap), HashPassword("same", cheap); a == b {
		t.Error("two hashes of one password share a salt")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=64,t=0,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$x$y$z"} {
		if _, err := VerifyPassword("x", bad); !errors.Is(err, ErrBadHash) {
			t.Errorf("%q: want ErrBadHash, got %v", bad, err)
		}
	}
	if testing.Short() {
		return
	}
	// The production cost verifies too.
	phc = HashPassword("long enough pass", DefaultArgon2)
	if ok, _ := VerifyPassword("long enough pass", phc); !ok || !strings.Contains(phc, "m=19456,t=2,p=1") {
		t.Fatalf("default parameters: %q", phc)
	}
}

func TestPasswordRules(t *testing.T) {
	ok := []string{"correct horse battery", "Ñandú-2026!", "пароль-для-меня", "12345678901234567890x", strings.Repeat("a", 128)}
	for _, pw := range ok {
		if err := CheckPassword(pw, "ana.lopez"); err != nil {
			t.Errorf("%q refused: %v", pw, err)
		}
	}
	bad := map[string]string{
		"":                       "empty",
		"short":                  "at least 8",
		strings.Repeat("a", 129): "at most 128",
		"password":               "most common",
		"iloveyou":               "most common",
		"my ana.lopez pass":      "username",
		"CaseDesk-2026":          "casedesk",
	}
	for pw, phrase := range bad {
		err := CheckPassword(pw, "Ana.Lopez")
		var in *app.InputError
		if !errors.As(err, &in) || !strings.Contains(in.Msg, phrase) {
			t.Errorf("%q: want a refusal mentioning %q, got %v", pw, phrase, err)
		}
	}
}

func TestStrengthOrdersPasswords(t *testing.T) {
	order := []string{"password", "aaaaaaaaaa", "abcdefghij1", "Tr0ub4dor&3", "correct horse battery staple"}
	prev, prevPW := -1, ""
	for _, pw := range order {
		s, label := Strength(pw, "")
		if s < prev || label == "" {
			t.Errorf("%q scored %d (%s), below the weaker %q", pw, s, label, prevPW)
		}
		prev, prevPW = s, pw
	}
	if s, _ := Strength("password", ""); s != 0 {
		t.Errorf("a blocked password scores %d", s)
	}
	if s, _ := Strength("correct horse battery staple", ""); s < 3 {
		t.Errorf("a long passphrase scores %d", s)
	}
	if s, _ := Strength("qwertyuiop", ""); s > 1 {
		t.Errorf("a keyboard row scores %d", s)
	}
}

// RFC 6238 appendix B, SHA-1, the last six digits of its eight.
func TestTOTPVectors(t *testing.T) {
	const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" // "12345678901234567890"
	for _, v := range []struct {
		unix int64
		code string
	}{{59, "287082"}, {1111111109, "081804"}, {1111111111, "050471"}, {1234567890, "005924"}, {2000000000, "279037"}, {20000000000, "353130"}} {
		step, err := CheckTOTP(secret, v.code, time.Unix(v.unix, 0), 0)
		if err != nil || step != v.unix/30 {
			t.Errorf("T=%d code %s: step %d, %v", v.unix, v.code, step, err)
		}
	}
}

func TestTOTPDriftAndReplay(t *testing.T) {
	const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	at := time.Unix(1111111111, 0) // code 050471 belongs to this step
	for _, drift := range []time.Duration{-30 * time.Second, 0, 30 * time.Second} {
		if _, err := CheckTOTP(secret, "050471", at.Add(drift), 0); err != nil {
			t.Errorf("drift %v: %v", drift, err)
		}
	}
	for _, drift := range []time.Duration{-90 * time.Second, 90 * time.Second} {
		if _, err := CheckTOTP(secret, "050471", at.Add(drift), 0); !errors.Is(err, ErrWrongCode) {
			t.Errorf("drift %v: want ErrWrongCode, got %v", drift, err)
		}
	}
	step, err := CheckTOTP(secret, "050 471", at, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := CheckTOTP(secret, "050471", at, step); !errors.Is(err, ErrCodeReplayed) {
		t.Fatalf("a code used twice: %v", err)
	}
	var in *app.InputError
	if _, err := CheckTOTP(secret, "12ab56", at, 0); !errors.As(err, &in) {
		t.Fatalf("letters: %v", err)
	}
}

func TestEnrolmentQRHasAQuietZone(t *testing.T) {
	e, err := NewEnrolment("ana.lopez")
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Secret) != 32 || !strings.Contains(e.URL, "issuer=CaseDesk") || strings.Count(e.GroupedSecret(), " ") != 7 {
		t.Fatalf("enrolment %+v", e)
	}
	b, err := e.QR(240)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	bounds := img.Bounds()
	for x := bounds.Min.X; x < bounds.Max.X; x++ {
		for _, y := range []int{0, 1, 2, bounds.Max.Y - 1} {
			if r, _, _, _ := img.At(x, y).RGBA(); r != 0xffff {
				t.Fatalf("dark pixel at (%d,%d): no quiet zone", x, y)
			}
		}
	}
	step, err := CheckTOTP(e.Secret, mustCode(t, e.Secret, time.Now()), time.Now(), 0)
	if err != nil || step == 0 {
		t.Fatalf("a fresh secret does not verify its own code: %v", err)
	}
}

func TestBackupCodes(t *testing.T) {
	codes, err := NewBackupCodes()
	if err != nil || len(codes) != 10 {
		t.Fatal(codes, err)
	}
	seen := map[string]bool{}
	k := NewKeysForTest(bytes.Repeat([]byte{7}, 32))
	for _, c := range codes {
		if len(c) != 11 || c[5] != '-' || seen[c] {
			t.Fatalf("code %q", c)
		}
		seen[c] = true
		typed := strings.ToLower(strings.ReplaceAll(c, "-", " "))
		if k.BackupHash(typed) != k.BackupHash(c) {
			t.Errorf("%q typed as %q hashes differently", c, typed)
		}
		if strings.Contains(k.BackupHash(c), c) {
			t.Error("the hash holds the code")
		}
	}
	if NormalBackupCode("O1L1I-00000") != "0111100000" || NormalBackupCode("12345") != "" || NormalBackupCode("UUUUU-UUUUU") != "" {
		t.Error("backup code reading")
	}
}

func mustCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totpCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A hash with the real parameters leaves no 19 MiB of garbage behind to
// double the heap's next growth target.
func TestHashingLeavesTheHeapSmall(t *testing.T) {
	sample := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}}
	hash := HashPassword("river lamp orange 42", DefaultArgon2)
	metrics.Read(sample)
	if goal := sample[0].Value.Uint64(); goal > 16<<20 {
		t.Errorf("after hashing, the heap may grow to %d MiB before the next collection", goal>>20)
	}
	if ok, err := VerifyPassword("river lamp orange 42", hash); !ok || err != nil {
		t.Fatalf("check: %v %v", ok, err)
	}
	metrics.Read(sample)
	if goal := sample[0].Value.Uint64(); goal > 16<<20 {
		t.Errorf("after checking, the heap may grow to %d MiB before the next collection", goal>>20)
	}
}
