// Copyright ©2026 CaseDesk. Use of this source code is governed by a
// MIT-style license that can be found in the LICENSE file.

package fpdf

// CaseDesk: the CIDToGIDMap of a cut font, compressed without compress/zlib.
// See CASEDESK.md.

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"strconv"
	"sync"
)

// cidToGIDMapSize is the length of a CIDToGIDMap: two bytes for each of the
// 65,536 CIDs.
const cidToGIDMapSize = 256 * 256 * 2

// compressCIDToGIDMap returns, as a zlib stream, the CIDToGIDMap of a cut
// whose runes map to the glyphs in codeSymbols: glyph numbers at the runes
// used, zeros everywhere else. Upstream built the 128 KiB map and had
// compress/zlib find the runs of zeros again. Here the map up to its last
// glyph is encoded straight from codeSymbols as a block of deflate's fixed
// codes (RFC 1951 §3.2.6), each byte of a glyph number a literal and each
// run of zeros a zero and copies of it; the zeros after it, usually most of
// the map, are runs compressed once per process. It inflates to the same
// map.
func compressCIDToGIDMap(codeSymbols map[int]int) []byte {
	ccs := make([]int, 0, len(codeSymbols))
	for cc := range codeSymbols {
		if cc != 0 { // upstream deletes rune 0 from the map first
			ccs = append(ccs, cc)
		}
	}
	slices.Sort(ccs)
	e := mapEncoder{out: make([]byte, 0, 512+3*len(ccs)), a: 1}
	e.out = append(e.out, 0x78, 0x01) // zlib: deflate, 32 KiB window, fastest
	e.bits(0, 1)                      // a block, not the last,
	e.bits(1, 2)                      // of fixed codes
	at := 0
	for _, cc := range ccs {
		e.zeros(cc*2 - at)
		glyph := codeSymbols[cc]
		e.byte(byte(glyph >> 8))
		e.byte(byte(glyph & 0xFF))
		at = cc*2 + 2
	}
	end := min(cidToGIDMapSize, (at+zeroRun-1)/zeroRun*zeroRun)
	e.zeros(end - at)
	e.code(256) // end of block
	// An empty stored block brings the stream to a byte boundary, where
	// the runs of zeros, compressed apart, can follow.
	e.bits(0, 3)
	if e.n > 0 {
		e.bits(0, 8-e.n)
	}
	e.out = append(e.out, 0x00, 0x00, 0xFF, 0xFF)
	runs := zeroRuns()
	for rest := cidToGIDMapSize - end; rest > 0; {
		r := runs[min(len(runs)-1, bits.Len(uint(rest/zeroRun))-1)]
		e.out = append(e.out, r.z...)
		e.b = uint32((uint64(e.b) + uint64(r.n%adlerMod)*uint64(e.a)) % adlerMod)
		rest -= r.n
	}
	e.out = append(e.out, 0x03, 0x00) // an empty last block
	return binary.BigEndian.AppendUint32(e.out, e.b<<16|e.a)
}

// zeroRun is the shortest run of zeros compressCIDToGIDMap lays down
// compressed; zeroRuns holds runs of 1, 2, 4, 8 and 16 times that.
const zeroRun = 4096

var zeroRuns = sync.OnceValue(func() []flateSection {
	var runs []flateSection
	for n := zeroRun; n <= 16*zeroRun; n *= 2 {
		runs = append(runs, newFlateSection(make([]byte, n)))
	}
	return runs
})

// mapEncoder writes deflate's fixed codes and keeps the Adler-32 of what
// they inflate to.
type mapEncoder struct {
	out    []byte
	acc    uint64 // bits not yet in out, the first in the lowest bit
	n      uint   // how many
	a, b   uint32 // Adler-32 sums
	zeroed bool   // whether the last byte was a zero
}

const adlerMod = 65521

// bits writes the n low bits of v, lowest first.
func (e *mapEncoder) bits(v uint64, n uint) {
	e.acc |= v << e.n
	e.n += n
	for e.n >= 8 {
		e.out = append(e.out, byte(e.acc))
		e.acc >>= 8
		e.n -= 8
	}
}

// code writes the fixed Huffman code of a literal/length symbol. Huffman
// codes go most significant bit first.
func (e *mapEncoder) code(sym int) {
	var c, n int
	switch {
	case sym < 144:
		c, n = 0x30+sym, 8
	case sym < 256:
		c, n = 0x190+sym-144, 9
	case sym < 280:
		c, n = sym-256, 7
	default:
		c, n = 0xC0+sym-280, 8
	}
	e.bits(uint64(bits.Reverse16(uint16(c))>>(16-n)), uint(n))
}

// byte writes one byte as a literal.
func (e *mapEncoder) byte(v byte) {
	e.code(int(v))
	e.a = (e.a + uint32(v)) % adlerMod
	e.b = (e.b + e.a) % adlerMod
	e.zeroed = v == 0
}

// zeros writes n zero bytes.
func (e *mapEncoder) zeros(n int) {
	if n <= 0 {
		return
	}
	e.b = uint32((uint64(e.b) + uint64(n%adlerMod)*uint64(e.a)) % adlerMod)
	if !e.zeroed {
		e.code(0)
		n--
		e.zeroed = true
	}
	for n >= 3 {
		l := min(n, 258)
		e.copyLast(l)
		n -= l
	}
	for ; n > 0; n-- {
		e.code(0)
	}
}

// Deflate's lengths 3…258: the first length of each length code from 257,
// and how many extra bits follow the code.
var (
	lengthBase  = [...]int{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [...]uint{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
)

// copyLast writes a copy of length l (3…258) from one byte back: l more
// of the last byte.
func (e *mapEncoder) copyLast(l int) {
	i := len(lengthBase) - 1 // 258 has a code of its own
	if l < 258 {
		i = 0
		for i+1 < len(lengthBase)-1 && lengthBase[i+1] <= l {
			i++
		}
	}
	e.code(257 + i)
	e.bits(uint64(l-lengthBase[i]), lengthExtra[i])
	e.bits(0, 5) // distance code 0: one byte back, no extra bits
}

// cidWidths returns the contents of a cut font's /W array: the widths cw
// of the runes up to lastRune, all of them up to 255 and above that those
// usedRunes marks used, as runs of one width ("first last width") or lists
// ("first [ w w … ]").
//
// Upstream's generateCIDFontMap, which wrote the array itself, is a port
// of tFPDF's PHP: it went through every cid up to lastRune, looking each
// one above 255 up in usedRunes, and kept each run in an imitation PHP
// array whose append searched the keys for a free one, so filling a run
// was cubic in its length. This gives the same text (cidfont_test.go
// compares it with upstream's code) from the used cids, sorted, and plain
// slices.
func cidWidths(cw []int, usedRunes map[int]int, lastRune int) string {
	cids := make([]int, 0, 256+len(usedRunes))
	for cid := 1; cid <= min(lastRune, 255); cid++ {
		cids = append(cids, cid)
	}
	low := len(cids)
	for cid, used := range usedRunes {
		if cid > 255 && cid <= lastRune && used != 0 {
			cids = append(cids, cid)
		}
	}
	slices.Sort(cids[low:])

	// A run starts where the cids stop being consecutive, and where
	// widths start or stop repeating. interval marks a run that grew by a
	// repeated width.
	type run struct {
		start    int
		widths   []int
		interval bool
	}
	var runs []*run
	var cur *run
	prevCid, prevWidth, interval := -2, -1, false
	for _, cid := range cids {
		width := cw[cid]
		if width == 0 {
			continue
		}
		if width == 65535 {
			width = 0
		}
		switch {
		case cid != prevCid+1:
			cur = &run{start: cid, widths: []int{width}}
			runs = append(runs, cur)
			interval = false
		case width == prevWidth:
			if width == cur.widths[0] {
				cur.widths = append(cur.widths, width)
			} else {
				// The previous cid starts a run of this width.
				cur.widths = cur.widths[:len(cur.widths)-1]
				cur = &run{start: prevCid, widths: []int{prevWidth, width}}
				runs = append(runs, cur)
			}
			interval = true
			cur.interval = true
		case interval:
			cur = &run{start: cid, widths: []int{width}}
			runs = append(runs, cur)
			interval = false
		default:
			cur.widths = append(cur.widths, width)
		}
		prevCid, prevWidth = cid, width
	}

	// Join a run to the one before when it follows on and neither is an
	// interval of more than two widths. An interval counts one more than
	// its widths, as upstream's array counted its "interval" key.
	var kept []*run
	var prev *run
	nextCid, prevInterval := -1, false
	for _, r := range runs {
		n := len(r.widths)
		if r.interval {
			n++
		}
		if r.start == nextCid && !prevInterval && (!r.interval || n < 4) {
			prev.widths = append(prev.widths, r.widths...)
		} else {
			kept = append(kept, r)
			prev = r
		}
		nextCid = r.start + n
		if r.interval {
			prevInterval = n > 3
			nextCid--
		} else {
			prevInterval = false
		}
	}

	var w []byte
	for _, r := range kept {
		w = append(w, ' ')
		w = strconv.AppendInt(w, int64(r.start), 10)
		if len(r.widths) > 0 && allEqual(r.widths) {
			w = append(w, ' ')
			w = strconv.AppendInt(w, int64(r.start+len(r.widths)-1), 10)
			w = append(w, ' ')
			w = strconv.AppendInt(w, int64(r.widths[0]), 10)
			continue
		}
		w = append(w, " [ "...)
		for i, v := range r.widths {
			if i > 0 {
				w = append(w, ' ')
			}
			w = strconv.AppendInt(w, int64(v), 10)
		}
		w = append(w, " ]\n"...)
	}
	return string(w)
}

// allEqual reports whether every value of vs is the same.
func allEqual(vs []int) bool {
	for _, v := range vs {
		if v != vs[0] {
			return false
		}
	}
	return true
}
