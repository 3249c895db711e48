package notice

import (
	"fmt"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"

	"casedesk/app"
	"casedesk/app/i18n"
	"casedesk/assets"
)

// coverEnd bounds the characters the fonts are checked for: none of the
// scripts they cover lies beyond it.
const coverEnd = 0x3000

// glyphSet holds one bit for each character below coverEnd.
type glyphSet [coverEnd / 64]uint64

// coverage is the set of characters all three embedded fonts can draw:
// every character of every notice is looked up, so bits rather than a map.
var coverage = sync.OnceValue(func() *glyphSet {
	var set glyphSet
	fonts := make([]*sfnt.Font, 0, 3)
	for _, b := range [][]byte{assets.FontRegular, assets.FontBold, assets.FontMono} {
		f, err := sfnt.Parse(b)
		if err != nil {
			panic(fmt.Sprintf("notice: embedded font: %v", err)) // the build embeds a broken file
		}
		fonts = append(fonts, f)
	}
	var buf sfnt.Buffer
	for r := rune(0x20); r < coverEnd; r++ {
		ok := true
		for _, f := range fonts[:2] { // the monospaced face prints only codes and numbers
			if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
				ok = false
				break
			}
		}
		if ok {
			set[r/64] |= 1 << (r % 64)
		}
	}
	return &set
})

// printable reports whether r prints with the embedded fonts. Line breaks,
// tabs and other control characters are layout, not glyphs.
func printable(r rune) bool { return coverage().printable(r) }

func (s *glyphSet) printable(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f:
		return true
	case r >= coverEnd:
		return false
	}
	return s[r/64]&(1<<(r%64)) != 0
}

// Unprintable returns, in order and without repeats, the characters of s that
// the notice fonts cannot draw. s is compared in its composed form (NFC), the
// form notices print.
func Unprintable(s string) []rune {
	var out []rune
	seen := map[rune]bool{}
	for _, r := range norm.NFC.String(strings.ToValidUTF8(s, "\uFFFD")) {
		if !printable(r) && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

// CheckPrintable refuses a value that notices could not print: a name or an
// address in a script the fonts lack would come out as empty boxes. Call it
// where such a value is entered.
func CheckPrintable(field app.Field, value string) error {
	bad := Unprintable(value)
	if len(bad) == 0 {
		return nil
	}
	return app.Invalid(field,
		"CaseDesk cannot print %s on notices. Type it in Latin, Greek or Cyrillic letters, as it is written on your USCIS documents.",
		quoteRunes(bad))
}

func quoteRunes(rs []rune) string {
	if len(rs) > 5 {
		rs = rs[:5]
	}
	parts := make([]string, len(rs))
	for i, r := range rs {
		if unicode.IsPrint(r) {
			parts[i] = fmt.Sprintf("“%c” (U+%04X)", r, r)
		} else {
			parts[i] = fmt.Sprintf("U+%04X", r)
		}
	}
	return strings.Join(parts, ", ")
}

// UnprintableError is returned when a stored value holds a character the
// fonts lack; the notice is not made rather than printed with empty boxes.
type UnprintableError struct {
	Doc   string // which document
	Runes []rune
}

func (e *UnprintableError) Error() string {
	return i18n.T("%s cannot be printed: it contains %s, which the notice fonts lack. Correct the record in Latin, Greek or Cyrillic letters.",
		e.Doc, quoteRunes(e.Runes))
}
