package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"runtime/debug"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"

	"casedesk/app"
	"casedesk/app/i18n"
)

// Argon2Params are Argon2id's cost parameters.
type Argon2Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// DefaultArgon2 is m=19456 KiB, t=2, p=1: the OWASP Password Storage Cheat
// Sheet's minimum for Argon2id.
var DefaultArgon2 = Argon2Params{MemoryKiB: 19456, Time: 2, Threads: 1}

// Password lengths (NIST SP 800-63B-4 with a second factor always on).
const (
	MinPasswordLen = 8
	MaxPasswordLen = 128
)

// idKey derives an Argon2id key of n bytes from the NFC form of password.
// Its working memory (19 MiB with the default parameters) is garbage once
// it returns. Left to the collector, that block would set the heap's next
// growth target to twice its size and keep the memory mapped while the
// screens after a sign-in are built; so a large block is collected and
// handed back to the system at once (a few milliseconds).
func idKey(password string, salt []byte, p Argon2Params, n uint32) []byte {
	large := p.MemoryKiB >= 4096
	if large {
		debug.FreeOSMemory()
	}
	key := argon2.IDKey([]byte(norm.NFC.String(password)), salt, p.Time, p.MemoryKiB, p.Threads, n)
	if large {
		debug.FreeOSMemory()
	}
	return key
}

// HashPassword returns the PHC string of Argon2id over the password:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>. The password is normalised
// to NFC first, so the same characters typed differently still match.
func HashPassword(password string, p Argon2Params) string {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		panic(err)
	}
	sum := idKey(password, salt, p, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(sum))
}

// ErrBadHash means a stored password hash is not a PHC string CaseDesk reads.
var ErrBadHash = errors.New("not an argon2id PHC string")

// VerifyPassword reports whether password matches the PHC string, in time
// that does not depend on where they differ.
func VerifyPassword(password, phc string) (bool, error) {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrBadHash
	}
	var v int
	var p Argon2Params
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false, ErrBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil || p.Time == 0 || p.Threads == 0 {
		return false, ErrBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, ErrBadHash
	}
	got := idKey(password, salt, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// CheckPassword applies the password rules (NIST SP 800-63B-4 §3.1.1.2):
// 8 to 128 characters of any kind and no composition rules; refused when
// it is a common password (the list), a common password with letters
// swapped or digits and symbols added, the person's names (given, family
// and middle names, each as written on the case), or when it contains the
// username or "casedesk". The error says which rule, in words for the
// person typing. The rules other than length compare forms derived from
// the password's NFKC form only; see passwordrules.go.
func CheckPassword(password, username string, names ...string) error {
	const field = app.FieldPassword
	// The length is the number of code points of the NFC form, the form
	// that is hashed: a letter and its combining accent ("e\u0301")
	// compose to one character, as typed on most keyboards. Counting
	// user-perceived characters (grapheme clusters) would need a
	// segmentation table for little gain. Not the NFKC form, although the
	// other rules read it: NFKC spells out compatibility characters, so
	// "㍿㍿" would count 8 characters and "\uFDFA" 18 while the hash
	// protects two and one.
	n := utf8.RuneCountInString(norm.NFC.String(password))
	switch {
	case n == 0:
		return app.Invalid(field, "is empty; choose one of at least %d characters", MinPasswordLen)
	case n < MinPasswordLen:
		return app.InvalidN(field, n, "has %d character; use at least %d. A few unrelated words make a long password that is easy to remember",
			"has %d characters; use at least %d. A few unrelated words make a long password that is easy to remember", n, MinPasswordLen)
	case n > MaxPasswordLen:
		return app.Invalid(field, "has %d characters; use at most %d", n, MaxPasswordLen)
	}
	key := foldKey(password)
	f := formsOf(key)
	list := commonList()
	switch {
	case list.keys[key]:
		return app.Invalid(field, "is one of the most common passwords, which are tried first; choose another")
	case isCommonMutation(f, list):
		return app.Invalid(field, "is a common password with letters swapped or numbers or symbols added, which is tried early; choose another")
	case containsUsername(key, f, username):
		return app.Invalid(field, "contains your username; choose one that does not")
	case isMadeOfNames(f, namesOf(names)):
		return app.Invalid(field, "is made of your name; choose one that is not")
	case strings.Contains(f.sk, "casedesk"):
		return app.Invalid(field, "contains “casedesk”; choose one that does not")
	}
	return nil
}

// Strength rates a password from 0 (refused or trivial) to 4 (strong) with a
// word for the meter. It estimates how many guesses an attacker would need:
// length and the kinds of characters used, less what repeats, runs (abc,
// 123), keyboard rows and common passwords inside it give away.
// The person's names count as in CheckPassword.
func Strength(password, username string, names ...string) (score int, label string) {
	if CheckPassword(password, username, names...) != nil {
		return 0, i18n.T("Not accepted")
	}
	bits := guessBits(foldKey(password))
	switch {
	case bits < 30:
		return 1, i18n.T("Weak")
	case bits < 45:
		return 2, i18n.T("Fair")
	case bits < 65:
		return 3, i18n.T("Good")
	}
	return 4, i18n.T("Strong")
}

// guessBits estimates log2 of the guesses needed for s (a key: NFKC and
// case folded).
func guessBits(s string) float64 {
	rs := []rune(s)
	// off[i] is where rs[i] starts in s, so that a run is looked up
	// without copying it; runs longer than the longest listed password
	// are not looked up at all. The meter runs on every keystroke.
	off := make([]int, 0, len(rs)+1)
	for i := range s {
		off = append(off, i)
	}
	off = append(off, len(s))
	// Characters a common password inside s accounts for count little.
	weak := make([]bool, len(rs))
	list := commonList()
	top := 0 // the last j with a run s[off[i]:off[j]] short enough
	for i := range rs {
		for top < len(rs) && off[top+1]-off[i] <= list.longestKey {
			top++
		}
		for j := top; j >= i+4; j-- {
			if list.keys[s[off[i]:off[j]]] {
				for k := i; k < j; k++ {
					weak[k] = true
				}
				break
			}
		}
	}
	var pool float64
	var lower, digit, other, nonASCII bool
	for _, r := range rs {
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= '0' && r <= '9':
			digit = true
		case r > unicode.MaxASCII:
			nonASCII = true
		default:
			other = true
		}
	}
	for _, c := range []struct {
		on   bool
		size float64
	}{{lower, 26}, {digit, 10}, {other, 33}, {nonASCII, 100}} {
		if c.on {
			pool += c.size
		}
	}
	perChar := math.Log2(max(pool, 2))
	bits := 0.0
	for i, r := range rs {
		switch {
		case weak[i]:
			bits += 0.5
		case i > 0 && (r == rs[i-1] || r == rs[i-1]+1 || r == rs[i-1]-1 || keyboardNeighbours(rs[i-1], r)):
			bits += 1 // a repeat, a run or the next key along
		default:
			bits += perChar
		}
	}
	return bits
}

var keyboardRows = []string{"qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890"}

func keyboardNeighbours(a, b rune) bool {
	for _, row := range keyboardRows {
		i := strings.IndexRune(row, a)
		j := strings.IndexRune(row, b)
		if i >= 0 && j >= 0 && (i-j == 1 || j-i == 1) {
			return true
		}
	}
	return false
}
