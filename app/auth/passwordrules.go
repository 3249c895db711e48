package auth

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"casedesk/assets"
)

// The password rules compare a password with the list of common passwords,
// the username and the person's names in three forms, all derived from its
// NFKC form only, so that text that looks the same gets the same verdict.
// Hashing is not affected: it keeps using the NFC form (idKey), since
// changing it would break every stored hash.
//
//   - key: NFKC, then full Unicode case folding (golang.org/x/text/cases
//     Fold, CaseFolding.txt: "ß" is "ss"), then NFKC again because folding
//     does not keep a normal form. Fullwidth "ｐａｓｓｗｏｒｄ" and
//     "PASSWORD" have the key "password".
//   - plain: the key without accents and other combining marks, without
//     invisible format characters (a soft hyphen, a zero-width joiner), and
//     with the few Latin letters that have no decomposition spelled as
//     their base letters (plainLetters). "José" and "jose" are alike.
//   - skeleton: plain with spaces and the separators - _ . dropped and each
//     character mapped by leetTable, so that "P@ss w0rd" reads "password".
//
// The list is read into the same forms once (commonList), so a check is a
// bounded number of map lookups and no variant is ever enumerated.

// folder is full case folding; a Fold caser is stateless and safe to share.
var folder = cases.Fold()

// leetTable maps the digits and symbols people put for letters to the
// letter. A character with two meanings cannot map to both without trying
// every combination, which grows exponentially with the length; instead
// the letters it stands for share one class: 1, ! and | stand for i or l,
// so i and l are both mapped to i, in the password and in the list alike.
// "6" stands for b or g; it is read as g only. Letters not listed map to
// themselves.
var leetTable = map[rune]rune{
	'@': 'a', '4': 'a', '^': 'a',
	'8': 'b',
	'(': 'c', '<': 'c', '{': 'c', '¢': 'c',
	'3': 'e', '€': 'e',
	'6': 'g', '9': 'g',
	'#': 'h',
	'1': 'i', '!': 'i', '|': 'i', '¡': 'i', 'l': 'i',
	'0': 'o',
	'$': 's', '5': 's', '§': 's',
	'7': 't', '+': 't',
	'2': 'z',
}

// plainLetters spells Latin letters that NFD does not split into a base and
// an accent as the letters they are compared with.
var plainLetters = map[rune]string{
	'ł': "l", 'ø': "o", 'đ': "d", 'ð': "d", 'ħ': "h", 'ı': "i", 'ŧ': "t",
	'æ': "ae", 'œ': "oe", 'þ': "th",
}

// foldKey is the key form of s.
func foldKey(s string) string {
	return norm.NFKC.String(folder.String(norm.NFKC.String(s)))
}

// isSeparator reports whether r only separates words: it is left out of
// the skeleton, so "pass word" and "pass_word" read "password".
func isSeparator(r rune) bool {
	return unicode.IsSpace(r) || r == '_' || r == '.' || unicode.Is(unicode.Pd, r)
}

// pwForms are the forms of one text the rules compare.
type pwForms struct {
	plain []rune
	sk    string // the skeleton
	// off[i] is where plain[i]'s skeleton starts in sk; off[len(plain)]
	// is len(sk). A separator's skeleton is empty.
	off []int
	// first and last are the indexes in plain of the first and the last
	// letter, -1 without letters; letters counts them.
	first, last, letters int
}

// formsOf returns the plain and skeleton forms of a key.
func formsOf(key string) pwForms {
	var b strings.Builder
	for _, r := range norm.NFD.String(key) {
		switch {
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r):
		case plainLetters[r] != "":
			b.WriteString(plainLetters[r])
		default:
			b.WriteRune(r)
		}
	}
	// NFC again puts Hangul syllables, which NFD splits, back together.
	f := pwForms{plain: []rune(norm.NFC.String(b.String())), first: -1, last: -1}
	sk := make([]byte, 0, len(f.plain))
	f.off = make([]int, 0, len(f.plain)+1)
	for i, r := range f.plain {
		f.off = append(f.off, len(sk))
		if unicode.IsLetter(r) {
			if f.first < 0 {
				f.first = i
			}
			f.last = i
			f.letters++
		}
		switch m, ok := leetTable[r]; {
		case isSeparator(r):
		case ok:
			sk = utf8.AppendRune(sk, m)
		default:
			sk = utf8.AppendRune(sk, r)
		}
	}
	f.off = append(f.off, len(sk))
	f.sk = string(sk)
	return f
}

// core is the skeleton of the letters' span: from the first letter to the
// last, without the digits and symbols around them.
func (f pwForms) core() string {
	if f.first < 0 {
		return ""
	}
	return f.sk[f.off[f.first]:f.off[f.last+1]]
}

// blocklist is the list of common passwords in the forms the rules compare.
type blocklist struct {
	keys       map[string]bool // key forms, for an exact match
	skeletons  map[string]bool // skeletons of the entries that have a letter
	longest    int             // bytes of the longest skeleton
	longestKey int             // bytes of the longest key
}

// commonList is built once, on first use (some milliseconds).
var commonList = sync.OnceValue(func() *blocklist {
	l := &blocklist{keys: make(map[string]bool, 7200), skeletons: make(map[string]bool, 7200)}
	for line := range strings.SplitSeq(assets.CommonPasswords, "\n") {
		key := foldKey(strings.TrimSpace(line))
		if key == "" {
			continue
		}
		l.keys[key] = true
		l.longestKey = max(l.longestKey, len(key))
		if f := formsOf(key); f.letters > 0 && f.sk != "" {
			l.skeletons[f.sk] = true
			l.longest = max(l.longest, len(f.sk))
		}
	}
	return l
})

// commonSkeletons returns the skeletons of the listed passwords.
func commonSkeletons() map[string]bool { return commonList().skeletons }

// isCommonMutation reports whether the password is a listed password with
// letters swapped for look-alikes (leetTable), case or accents changed,
// separators put in, or digits and symbols added at the start or the end:
// "P@ssw0rd1!", "!!password2024", "1password", "pass word 123".
//
// Only the whole password counts: some run of its skeleton that holds all
// its letters, and nothing but digits and symbols around it, must be a
// listed skeleton. The run may reach into the digits and symbols around
// the letters, since they can be swapped letters themselves ("4dmin",
// "trustn0!"). A listed skeleton is at most l.longest bytes long, so at
// most l.longest² runs are looked up, whatever the password's length.
// A long passphrase that merely contains a listed word is fine.
//
// A password with fewer than 4 letters is mostly digits and symbols; it is
// also judged without its letters, separators and the symbols at its ends,
// so "kp12345678" is "12345678" with letters added, while "xy93847261" is
// fine. Only listed numbers of 6 digits or more count here: the listed 4-
// and 5-digit numbers are mostly years and dates, which a password of a few
// letters, symbols and digits holds by chance ("yf%S1205").
func isCommonMutation(f pwForms, l *blocklist) bool {
	if f.first >= 0 {
		end := f.off[f.last+1]
		for i := f.first; i >= 0; i-- {
			a := f.off[i]
			if end-a > l.longest {
				break
			}
			if i < f.first && a == f.off[i+1] {
				continue // a separator: the same runs as from i+1
			}
			for j := f.last + 1; j <= len(f.plain); j++ {
				b := f.off[j]
				if b-a > l.longest {
					break
				}
				if j > f.last+1 && b == f.off[j-1] {
					continue
				}
				if l.skeletons[f.sk[a:b]] {
					return true
				}
			}
		}
	}
	if f.letters >= 4 {
		return false
	}
	rest := make([]rune, 0, len(f.plain))
	for _, r := range f.plain {
		if !unicode.IsLetter(r) && !isSeparator(r) {
			rest = append(rest, r)
		}
	}
	digits := strings.TrimFunc(string(rest), func(r rune) bool { return !unicode.IsDigit(r) })
	return utf8.RuneCountInString(digits) >= 6 && l.keys[digits]
}

// personNames are the skeletons of the words of a person's names.
type personNames struct {
	words    []string // of 2 letters or more
	initials []string
}

// namesOf splits names ("Ana María", "López García") into words.
func namesOf(names []string) personNames {
	var p personNames
	for _, n := range names {
		f := formsOf(foldKey(n))
		start := -1
		for i := 0; i <= len(f.plain); i++ {
			if i < len(f.plain) && unicode.IsLetter(f.plain[i]) {
				if start < 0 {
					start = i
				}
				continue
			}
			if start < 0 {
				continue
			}
			word := f.sk[f.off[start]:f.off[i]]
			p.initials = append(p.initials, f.sk[f.off[start]:f.off[start+1]])
			if i-start >= 2 {
				p.words = append(p.words, word)
			}
			start = -1
		}
	}
	return p
}

// isMadeOfNames reports whether the password is the person's names: after
// the digits and symbols at its ends, it is one or more of their names in
// any order ("AnaLopez1990", "lopez.ana!"), initials allowed beside a whole
// name ("alopez1990"); or a name of 4 letters or more is more than half of
// its letters' span ("mylopez2024", "Garcia4ever", not "primrose77" for
// Rose). Like the list, the names may reach into digits read as letters
// ("4n4L0p3z"). A name inside a longer passphrase is fine.
func isMadeOfNames(f pwForms, p personNames) bool {
	if f.first < 0 || len(p.words) == 0 {
		return false
	}
	core := f.core()
	n := utf8.RuneCountInString(core)
	for _, w := range p.words {
		if m := utf8.RuneCountInString(w); m >= 4 && 2*m > n && strings.Contains(core, w) {
			return true
		}
	}
	// reach[b]: the skeleton up to byte b can be read as names, bit 1
	// with initials only, bit 2 with a whole name among them.
	reach := make([]uint8, len(f.sk)+1)
	for i := 0; i <= f.first; i++ {
		reach[f.off[i]] |= 1
	}
	end := f.off[f.last+1]
	for b := 0; b < len(f.sk); b++ {
		if reach[b] == 0 {
			continue
		}
		rest := f.sk[b:]
		for _, w := range p.words {
			if strings.HasPrefix(rest, w) {
				reach[b+len(w)] |= 2
			}
		}
		for _, c := range p.initials {
			if strings.HasPrefix(rest, c) {
				reach[b+len(c)] |= reach[b]
			}
		}
	}
	for b := end; b <= len(f.sk); b++ {
		if reach[b]&2 != 0 {
			return true
		}
	}
	return false
}

// containsUsername reports whether the password contains the username,
// as typed or in skeleton ("4n4.l0p3z", "Ana Lopez"). A username shorter
// than 3 characters, in either form, is not looked for: it would be found
// in too many passwords.
func containsUsername(key string, f pwForms, username string) bool {
	user := foldKey(strings.TrimSpace(username))
	if utf8.RuneCountInString(user) >= 3 && strings.Contains(key, user) {
		return true
	}
	u := formsOf(user)
	return utf8.RuneCountInString(u.sk) >= 3 && strings.Contains(f.sk, u.sk)
}
