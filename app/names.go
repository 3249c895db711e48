package app

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldSpecial maps letters that carry no combining mark in Unicode (so NFD
// cannot strip them) to the plain letters people type instead.
var foldSpecial = map[rune]string{
	'ł': "l", 'đ': "d", 'ð': "d", 'ø': "o", 'ß': "ss", 'æ': "ae", 'œ': "oe",
	'ı': "i", 'þ': "th", 'ħ': "h", 'ŀ': "l", 'ŧ': "t",
}

// FoldName lowers case, strips accents and collapses runs of spaces,
// hyphens and similar separators into one space: "  José   MUÑOZ-Pérez" →
// "jose munoz perez". It is the form names are searched in. Folding twice
// changes nothing.
func FoldName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	// Invalid UTF-8 would stop NFD from decomposing the letters after it.
	for _, r := range norm.NFD.String(strings.ToValidUTF8(s, " ")) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if m, ok := foldSpecial[r]; ok {
				b.WriteString(m)
			} else {
				b.WriteRune(r)
			}
		case r == '\'' || r == '’' || r == '.':
			// O'Brien, St. John: punctuation inside a name is not a word break.
		default:
			space = true
		}
	}
	// NFD of the folded text can differ only for letters Unicode composes
	// back; a final NFC keeps the output stable.
	return norm.NFC.String(b.String())
}

// NameKey is the form two names are compared in for identity checks: folded
// and with every space dropped, so "De la Cruz" matches "DELACRUZ".
func NameKey(s string) string {
	return strings.ReplaceAll(FoldName(s), " ", "")
}

// SameName reports whether two names match ignoring case, accents, spaces and
// punctuation. An empty name matches nothing.
func SameName(a, b string) bool {
	ka, kb := NameKey(a), NameKey(b)
	return ka != "" && ka == kb
}
