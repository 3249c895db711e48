package auth

import (
	"errors"
	"strings"
	"testing"

	"casedesk/app"
)

// refusal returns the message of a refused password, or "" when it is
// accepted.
func refusal(t *testing.T, pw, user string, names ...string) string {
	t.Helper()
	err := CheckPassword(pw, user, names...)
	if err == nil {
		return ""
	}
	var in *app.InputError
	if !errors.As(err, &in) {
		t.Fatalf("%q: refusal %v is not an InputError", pw, err)
	}
	return in.Msg
}

// Length is counted on the composed form that is hashed (NFC): a combining
// accent is not a character of its own, and a compatibility character is
// one character, not the several NFKC spells it as.
func TestPasswordLengthCountsComposedCharacters(t *testing.T) {
	for pw, phrase := range map[string]string{
		strings.Repeat("e\u0301", 4):   "has 4 characters",
		strings.Repeat("n\u0303", 7):   "has 7 characters",
		"ka\u0301fe\u0301 1":           "has 6 characters",
		strings.Repeat("e\u0301", 129): "at most 128",
		strings.Repeat("ｘ", 7):         "has 7 characters",
		"\uFB01\uFB01\uFB01\uFB01":     "has 4 characters", // the hash protects four ligatures, not "fifififi"
		"\u337F\u337F":                 "has 2 characters", // NFKC would make it 8
		"\uFDFA":                       "has 1 character;", // NFKC would make it 18
	} {
		if got := refusal(t, pw, "ana.lopez"); !strings.Contains(got, phrase) || phrase == "" && got != "" {
			t.Errorf("%q: got %q, want %q", pw, got, phrase)
		}
	}
	// Eight accented letters are eight characters ("éééééééé" itself is
	// refused: it is the listed "eeeeeeee" with accents).
	for _, pw := range []string{"cafe\u0301 au lait", "n\u0303andu\u0301 rojo", "ñandú rojo", strings.Repeat("e\u0301x", 64)} {
		if got := refusal(t, pw, "ana.lopez"); got != "" {
			t.Errorf("%q refused: %s", pw, got)
		}
	}
}

// The list is compared after compatibility normalisation and case folding:
// fullwidth letters, capitals and accents do not hide a listed password.
func TestPasswordListIgnoresWidthCaseAndAccents(t *testing.T) {
	for _, pw := range []string{"ｐａｓｓｗｏｒｄ", "ＰＡＳＳＷＯＲＤ", "PASSWORD", "PaSsWoRd", "pässwörd", "pa\u0301ssword", strings.Repeat("e\u0301", 8), "ＩＬＯＶＥＹＯＵ", "ILoveYou"} {
		if got := refusal(t, pw, ""); !strings.Contains(got, "common password") {
			t.Errorf("%q: got %q, want a common-password refusal", pw, got)
		}
	}
}

// Common mutations of listed passwords are refused; a password that only
// contains a common word, or whose letters are few and whose digits are not
// common, is not.
func TestPasswordRefusesCommonMutations(t *testing.T) {
	refused := []string{
		"Password1!",
		"P@ssw0rd",
		"P@ssw0rd1!",
		"p4$$w0rd",
		"!!password2024",
		"1password",
		"Password 2024",
		"pass word 123",
		"pass_word!",
		"PASSW0RD#1",
		"Pa\u00ADssword9", // a soft hyphen is invisible
		"4dmin2024!",
		"@dmin123",
		"$hadow99",
		"5h4d0w!!",
		"Tru5tN0!",
		"trustno1!",
		"1LoveYou!!",
		"!loveyou2",
		"|l0v3y0u",
		"m0nk3y123",
		"Dr4g0n2024",
		"Abc123!!",
		"abcdefgh1",
		"12345678!",
		"!!123456789",
		"kp12345678",  // few letters around a listed number
		"qwe12345678", // likewise
	}
	for _, pw := range refused {
		if got := refusal(t, pw, ""); !strings.Contains(got, "common password") {
			t.Errorf("%q: got %q, want a common-password refusal", pw, got)
		}
	}
	accepted := []string{
		"correct horse battery staple",
		"Tr0ub4dor&3", // its word is "troubadour" misspelt, not a listed password; the meter rates it
		"my password is long and mine",
		"password manager and 3 keys",
		"dragonfly-orchard-7",
		"xy93847261",    // two letters and digits that are not a common number
		"dog 2718 2818", // likewise
		"yf%S1205",      // a listed 4-digit number is too short to count
		"12345678901234567890x",
		"Ñandú-2026!",
		"пароль-для-меня",
		"shadowy hills 1999",
		"12 monkeys in a row",
	}
	for _, pw := range accepted {
		if got := refusal(t, pw, "ana.lopez"); got != "" {
			t.Errorf("%q refused: %s", pw, got)
		}
	}
}

// The person's own names, alone, combined or with digits and symbols added,
// are refused; accents and case do not matter. A name that is a small part
// of a longer password is fine.
func TestPasswordRefusesOwnNames(t *testing.T) {
	names := []string{"Ana María", "López García", "Josefina"}
	refused := []string{
		"AnaLopez1990",
		"lopez.ana!",
		"López2024!!",
		"LOPEZGARCIA",
		"ana maria lopez",
		"garcia-lopez-88",
		"Josefina1985",
		"josefina!",
		"MaríaJosefina",
		"4n4L0p3z!",
		"alopez1990",  // an initial and a family name
		"mylopez2024", // a name of 4 letters or more as the main part
		"Garcia4ever",
		"anaana1990",
	}
	for _, pw := range refused {
		if got := refusal(t, pw, "", names...); !strings.Contains(got, "your name") {
			t.Errorf("%q: got %q, want a refusal for the person's name", pw, got)
		}
	}
	accepted := []string{
		"the lopez family bakery on fifth street",
		"analytical engine 1843",
		"Ana's garden has 12 lemon trees",
		"marigold lanterns 42",
		"a1b2c3d4e5",
	}
	for _, pw := range accepted {
		if got := refusal(t, pw, "", names...); got != "" {
			t.Errorf("%q refused: %s", pw, got)
		}
	}
	// A name that is only half of the letters is not the main part.
	if got := refusal(t, "primrose77", "", "Rose"); got != "" {
		t.Errorf("primrose77 refused for Rose: %s", got)
	}
	// Without names nothing of this is refused for being a name.
	if got := refusal(t, "AnaLopez1990", ""); got != "" {
		t.Errorf("AnaLopez1990 refused without names: %s", got)
	}
	// An accented password matches a plain name and the other way round.
	if got := refusal(t, "jose luis 1990", "", "José Luis", "Núñez"); !strings.Contains(got, "your name") {
		t.Errorf("José: got %q", got)
	}
	if got := refusal(t, "Núñez-2024", "", "Jose", "Nunez"); !strings.Contains(got, "your name") {
		t.Errorf("Nunez: got %q", got)
	}
}

// The username is found through case, separators and swapped letters.
func TestPasswordRefusesUsername(t *testing.T) {
	for _, pw := range []string{"my ana.lopez pass", "ANA.LOPEZ rocks", "xx4n4.l0p3z!", "analopez2024", "Ana Lopez and me"} {
		if got := refusal(t, pw, "ana.lopez"); !strings.Contains(got, "your username") {
			t.Errorf("%q: got %q, want a refusal for the username", pw, got)
		}
	}
	// A short username is not looked for with separators dropped and letters de-swapped.
	if got := refusal(t, "big blue bird", "b.b"); got != "" {
		t.Errorf("short username: %s", got)
	}
	for _, pw := range []string{"CaseDesk-2026", "my c4s3d3sk pass", "case desk rules"} {
		if got := refusal(t, pw, "ana.lopez"); !strings.Contains(got, "casedesk") {
			t.Errorf("%q: got %q, want a refusal for casedesk", pw, got)
		}
	}
}

// Each rule says which rule in words for the person typing.
func TestPasswordRefusalSaysWhichRule(t *testing.T) {
	for pw, want := range map[string]string{
		"password":     "is one of the most common passwords, which are tried first; choose another",
		"P@ssw0rd1!":   "is a common password with letters swapped or numbers or symbols added, which is tried early; choose another",
		"LopezAna1990": "is made of your name; choose one that is not",
		"ana.lopez99":  "contains your username; choose one that does not",
	} {
		if got := refusal(t, pw, "ana.lopez", "Ana", "López"); got != want {
			t.Errorf("%q: got %q, want %q", pw, got, want)
		}
	}
}

// A refused password scores 0 on the meter, names included.
func TestStrengthRefusesNames(t *testing.T) {
	if s, label := Strength("AnaLopez1990", "", "Ana", "López"); s != 0 || label != "Not accepted" {
		t.Errorf("name: %d %s", s, label)
	}
	if s, label := Strength("P@ssw0rd1!", ""); s != 0 || label != "Not accepted" {
		t.Errorf("mutation: %d %s", s, label)
	}
	if s, _ := Strength("AnaLopez1990", ""); s == 0 {
		t.Error("without names the same password is accepted")
	}
}

// The checks run on every keystroke: a 64-character password must take well
// under a millisecond.
func BenchmarkCheckPassword(b *testing.B) {
	commonSkeletons() // built once, on first use
	pws := []string{
		"correct horse battery staple and a long tail of words 2026, yes!",
		"!!!!!!!!!!!!!!!!!!!!!!!!!!!!P@ssw0rd1!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
		strings.Repeat("1a", 32),
		strings.Repeat("ana lopez ", 6) + "1990",
	}
	for _, pw := range pws {
		if n := len([]rune(pw)); n < 64 {
			b.Fatalf("%q has %d characters", pw, n)
		}
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		pw := pws[i%len(pws)]
		_ = CheckPassword(pw, "ana.lopez", "Ana María", "López García")
	}
}

// BenchmarkStrength is what the meter does per keystroke.
func BenchmarkStrength(b *testing.B) {
	pw := "correct horse battery staple and a long tail of words 2026, yes!"
	b.ReportAllocs()
	for b.Loop() {
		Strength(pw, "ana.lopez", "Ana María", "López García")
	}
}
