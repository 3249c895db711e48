package notice

import (
	"strings"

	"golang.org/x/text/unicode/norm"

	"casedesk/assets"
)

// pdfState is what the runs that lay documents out in one PDF share: the
// state of its fonts, and text already cleaned and wrapped. Each document
// is laid out twice (the dry run counts its pages), and a batch of notices
// repeats most of its text from one notice to the next, so a string is
// worked out once.
type pdfState struct {
	mono          bool    // whether the mono face was added
	family, style string  // the face set last, and
	size          float64 // its size; 0 before the first

	cleaned map[string]cleanText
	wrapped map[wrapKey][]string
}

// cleanText is a string as clean returns it, and the characters in it the
// fonts lack.
type cleanText struct {
	s   string
	bad []rune
}

// wrapKey is what wrap's lines depend on.
type wrapKey struct {
	family, style string
	size, w       float64
	s             string
}

// clean normalises text to its composed form and notes characters the fonts lack.
func (p *page) clean(s string) string {
	if c, ok := p.state.cleaned[s]; ok {
		p.bad = append(p.bad, c.bad...)
		return c.s
	}
	c := cleanText{s: strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case r == '\n':
			return r
		case r < 0x20 || r == 0x7f:
			return -1 // control characters print nothing
		}
		return r
	}, norm.NFC.String(strings.ToValidUTF8(s, "\uFFFD")))}
	cov := coverage()
	for _, r := range c.s {
		if !cov.printable(r) {
			c.bad = append(c.bad, r)
		}
	}
	p.bad = append(p.bad, c.bad...)
	p.state.keepClean(s, c)
	return c.s
}

// font sets the face for what follows. fpdf writes a font change into the
// page each time it is asked, so a face that is already set is not set
// again: notices change face often, and most changes are back to the same.
func (p *page) font(family, style string, size float64) {
	st := p.state
	if family == st.family && style == st.style && size == st.size {
		return
	}
	if family == mono && !st.mono {
		p.f.AddUTF8FontFromBytes(mono, "", assets.FontMono)
		st.mono = true
	}
	p.f.SetFont(family, style, size)
	st.family, st.style, st.size = family, style, size
}

// maxKept bounds each of pdfState's maps; when one is full it starts again
// empty. A notice brings about twenty strings of its own.
const maxKept = 4096

func (st *pdfState) keepClean(s string, c cleanText) {
	if st.cleaned == nil || len(st.cleaned) == maxKept {
		st.cleaned = make(map[string]cleanText)
	}
	st.cleaned[s] = c
}

func (st *pdfState) keepWrap(k wrapKey, lines []string) {
	if st.wrapped == nil || len(st.wrapped) == maxKept {
		st.wrapped = make(map[wrapKey][]string)
	}
	st.wrapped[k] = lines
}
