// Copyright ©2026 CaseDesk. Use of this source code is governed by a
// MIT-style license that can be found in the LICENSE file.

package fpdf

// CaseDesk: a process-wide cache of UTF-8 fonts. Upstream parses a TrueType
// file each time a document adds it, and parses it again, cuts it to the
// runes the document used and compresses the cut when the document is
// written. Here a font's bytes are parsed once per process, what a cut
// copies unchanged from the file is compressed once, and the output for a
// set of used runes is kept for the next document that uses the same set.
// See CASEDESK.md.

import (
	"bytes"
	"encoding/binary"
	"slices"
	"sync"
)

// utf8Fonts holds every UTF-8 font parsed in this process, by the length
// of its file: a lookup compares the bytes of the fonts of that length,
// which costs less than hashing them.
var utf8Fonts = struct {
	sync.Mutex
	m map[int][]*utf8Font
}{}

// utf8Font is one font file, parsed. Nothing in it changes after
// sharedUTF8Font returns it except, under mu, the caches of ids and cuts.
type utf8Font struct {
	data    []byte        // a private copy of the file, never written
	metrics *utf8FontFile // parseFile's result: never written after parsing
	cutOnce sync.Once
	cutSrc  *cutSource // nil when the font cannot be cut

	mu   sync.Mutex
	ids  map[string]string // font id by font key
	cuts map[string]*utf8Cut
	fifo []string // keys of cuts, oldest first
	// tables holds runs of tables that cuts copy from the file, compressed,
	// by their names.
	tables map[string]keptTable
}

// maxCuts bounds the cuts kept per font. What a notice writes for one
// DejaVu face comes to about 8 kB.
const maxCuts = 32

// utf8Cut is what a document writes for a UTF-8 font that depends on the
// runes it used: the compressed cut font, its length before compression,
// the compressed CIDToGIDMap and the /W array's contents.
type utf8Cut struct {
	font     []byte
	length1  int
	cidToGID []byte
	widths   string
}

// sharedUTF8Font returns the parsed font whose file is b, parsing it the
// first time. The caller may change b afterwards: the font keeps a copy.
func sharedUTF8Font(b []byte) (*utf8Font, error) {
	utf8Fonts.Lock()
	for _, u := range utf8Fonts.m[len(b)] {
		if bytes.Equal(u.data, b) {
			utf8Fonts.Unlock()
			return u, nil
		}
	}
	utf8Fonts.Unlock()

	// Parse outside the lock; if another document parsed the same font
	// meanwhile, the first one kept wins and this one is dropped.
	u := &utf8Font{data: bytes.Clone(b)}
	u.metrics = newUTF8Font(&fileReader{array: u.data})
	if err := u.metrics.parseFile(); err != nil {
		return nil, err
	}
	u.metrics.fileReader = nil // parsing is done; nothing reads through it again
	utf8Fonts.Lock()
	defer utf8Fonts.Unlock()
	for _, v := range utf8Fonts.m[len(b)] {
		if bytes.Equal(v.data, b) {
			return v, nil
		}
	}
	if utf8Fonts.m == nil {
		utf8Fonts.m = map[int][]*utf8Font{}
	}
	utf8Fonts.m[len(b)] = append(utf8Fonts.m[len(b)], u)
	return u, nil
}

// resetUTF8Fonts forgets every parsed font and cut, for tests that compare
// a cold start with a warm one.
func resetUTF8Fonts() {
	utf8Fonts.Lock()
	utf8Fonts.m = nil
	utf8Fonts.Unlock()
}

// id returns generateFontID(def) for a definition made from u. The id
// hashes the 65,536 widths, which are the same for every document, so it
// is worked out once per font key.
func (u *utf8Font) id(def fontDefType) string {
	u.mu.Lock()
	id, ok := u.ids[def.Name]
	u.mu.Unlock()
	if ok {
		return id
	}
	id, _ = generateFontID(def)
	u.mu.Lock()
	if u.ids == nil {
		u.ids = map[string]string{}
	}
	u.ids[def.Name] = id
	u.mu.Unlock()
	return id
}

// cut returns what a document that used usedRunes writes for u, from the
// cache or made and kept. It gives the same bytes either way.
func (u *utf8Font) cut(usedRunes map[int]int, cw []int) *utf8Cut {
	u.cutOnce.Do(func() {
		scratch := newUTF8Font(&fileReader{array: u.data})
		if src, ok := scratch.prepareCut(); ok {
			u.cutSrc = src
		}
	})
	key := runeSetKey(usedRunes)
	if key != "" {
		u.mu.Lock()
		c, ok := u.cuts[key]
		u.mu.Unlock()
		if ok {
			return c
		}
	}

	utf := newUTF8Font(&fileReader{array: u.data})
	var stream []byte
	if u.cutSrc != nil { // else, as upstream, an empty font
		stream = utf.cut(u.cutSrc, usedRunes)
	}
	return u.keep(key, &utf8Cut{
		font:     u.compressFont(stream, utf.outTablesData),
		length1:  len(stream),
		cidToGID: compressCIDToGIDMap(utf.CodeSymbolDictionary),
		widths:   cidWidths(cw, usedRunes, utf.LastRune),
	})
}

// keep adds c to u's cuts under key, unless key is "" or a cut is there
// already, and returns the cut kept.
func (u *utf8Font) keep(key string, c *utf8Cut) *utf8Cut {
	if key == "" {
		return c
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if old, ok := u.cuts[key]; ok {
		return old
	}
	if u.cuts == nil {
		u.cuts = map[string]*utf8Cut{}
	}
	if len(u.fifo) == maxCuts {
		delete(u.cuts, u.fifo[0])
		u.fifo = slices.Delete(u.fifo, 0, 1)
	}
	u.cuts[key] = c
	u.fifo = append(u.fifo, key)
	return c
}

// runeSetKey names what a cut depends on in usedRunes: the runes used, and
// whether the map holds a rune marked unused (value 0), as
// makeSubsetRange's entries are. fpdf marks a used rune r as r → r; for a
// map with any other entry runeSetKey returns "" and the cut is not kept.
func runeSetKey(usedRunes map[int]int) string {
	used := make([]int, 0, len(usedRunes))
	zero := false
	for k, v := range usedRunes {
		switch {
		case v == 0:
			zero = true
		case k == v && k > 0:
			used = append(used, k)
		default:
			return ""
		}
	}
	slices.Sort(used)
	b := make([]byte, 1, 1+4*len(used))
	if zero {
		b[0] = 1
	}
	for _, r := range used {
		b = binary.LittleEndian.AppendUint32(b, uint32(r))
	}
	return string(b)
}

// keptTable is a run of a font's tables as cuts hold them, padded, and
// its compressed form.
type keptTable struct {
	data []byte
	z    flateSection
}

// fileTables are the tables a cut takes from the font file whatever runes
// it holds. compressFont compresses a run of them once per font when the run
// is long enough to be worth a section of its own.
var fileTables = []string{"OS/2", "cvt ", "fpgm", "gasp", "name", "post", "prep"}

// minKept is the shortest run of fileTables compressFont keeps compressed.
const minKept = 1024

// compressFont returns the zlib stream of a cut font, whose tables (in
// assembleTables' order) are tables. Runs of tables that come from the font
// file unchanged (DejaVu's name table, 10 kB of text) are compressed once
// and kept. The rest, mostly the glyph outlines the document uses, changes
// with each set of runes and shrinks by only about a fifth at BestSpeed
// (about 5 kB to 4 kB per face of a notice), for about a fifth of the time
// the whole notice takes: it is stored as it is.
func (u *utf8Font) compressFont(stream []byte, tables map[string][]byte) []byte {
	var sections []flateSection
	from := 0 // the start of what is not yet in sections
	at := 12 + 16*len(tables)
	run, runAt := "", at // the names of the fileTables just passed, and where they start
	flush := func() {
		if at-runAt >= minKept {
			sections = append(sections, storedSection(stream[from:runAt]), u.kept(run, stream[runAt:at]))
			from = at
		}
		run, runAt = "", at
	}
	for _, name := range keySortStrings(tables) {
		if !slices.Contains(fileTables, name) {
			flush()
			at += (len(tables[name]) + 3) &^ 3
			runAt = at
			continue
		}
		run += name
		at += (len(tables[name]) + 3) &^ 3
	}
	flush()
	return zlibJoin(append(sections, storedSection(stream[from:]))...)
}

// kept returns data, the tables named run, compressed: kept from an earlier
// cut when that had the same bytes, else compressed now and kept.
func (u *utf8Font) kept(run string, data []byte) flateSection {
	u.mu.Lock()
	t, ok := u.tables[run]
	u.mu.Unlock()
	if ok && bytes.Equal(t.data, data) {
		return t.z
	}
	t = keptTable{data: bytes.Clone(data), z: newFlateSection(data)}
	u.mu.Lock()
	if u.tables == nil {
		u.tables = map[string]keptTable{}
	}
	u.tables[run] = t
	u.mu.Unlock()
	return t.z
}
